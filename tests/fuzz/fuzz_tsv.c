/* fuzz_tsv: the TSV field escapes (tsv_escape, tsv_unescape) and
 * the import line splitter (import_tsv_split). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
escaped(const char *s)
{
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);

	if (fp == NULL)
		abort();
	tsv_escape(fp, s);
	fclose(fp);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *u, *e, *line, *field[8];

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	/* unescape(escape(s)) is s, and escape writes no raw separator. */
	e = escaped(s);
	if (strpbrk(e, "\t\n\r") != NULL || tsv_unescape(e) != CT_OK ||
	    strcmp(e, s) != 0)
		abort();
	free(e);

	/* A text without raw separators that unescapes is the escape of
	 * what it unescapes to. */
	u = strdup(s);
	if (tsv_unescape(u) == CT_OK && strpbrk(s, "\t\n\r") == NULL) {
		e = escaped(u);
		if (strcmp(e, s) != 0)
			abort();
		free(e);
	}
	free(u);

	/* The splitter: at most 8 fields, case and action first; fields it
	 * returns lie inside the line. */
	line = strdup(s);
	if (import_tsv_split(line, field) == CT_OK) {
		for (int i = 0; i < 8; i++)
			if (field[i] != NULL && (field[i] < line ||
			    field[i] >= line + strlen(s) || *field[i] == '\0'))
				abort();
	}
	free(line);
	free(s);
	return 0;
}
