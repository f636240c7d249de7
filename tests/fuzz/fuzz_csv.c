/* fuzz_csv: the CSV import parser (import_csv.c): a header, then records.
 * The input's first line (up to its first LF) is read as a header, the
 * rest as one record; a record that splits is quoted again field by
 * field, as a spreadsheet would, and must split back into the same
 * fields. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each field quoted, its quotes doubled, joined by commas. */
static char *
quoted(char **field, int n, size_t *len)
{
	char *out = NULL;
	FILE *fp = open_memstream(&out, len);

	if (fp == NULL)
		abort();
	for (int i = 0; i < n; i++) {
		fputs(i ? ",\"" : "\"", fp);
		for (const char *p = field[i]; *p != '\0'; p++)
			fputs(*p == '"' ? "\"\"" : (char[]){ *p, '\0' }, fp);
		fputc('"', fp);
	}
	fclose(fp);
	return out;
}

/* A record splits into fields that lie inside it, and its fields quoted
 * again split into the same. */
static void
record(const char *s, size_t n)
{
	char *rec = malloc(n + 1), *field[NFIELDS + 1], *again, *f2[NFIELDS + 1];
	int nf, n2;
	size_t len;

	if (rec == NULL)
		return;
	memcpy(rec, s, n);
	rec[n] = '\0';
	if (csv_split(rec, n, field, NFIELDS + 1, &nf) == CT_OK) {
		if (nf < 1 || nf > NFIELDS + 1)
			abort();
		for (int i = 0; i < nf; i++)
			if (field[i] < rec || field[i] > rec + n ||
			    field[i] + strlen(field[i]) > rec + n)
				abort();
		/* Fields with a NUL in them end there: the import refuses
		 * such a record before it splits it. */
		if (memchr(s, 0, n) == NULL) {
			again = quoted(field, nf, &len);
			if (csv_split(again, len, f2, NFIELDS + 1, &n2) != CT_OK ||
			    n2 != nf)
				abort();
			for (int i = 0; i < nf; i++)
				if (strcmp(field[i], f2[i]) != 0)
					abort();
			free(again);
		}
	} else if (nf < 0 || nf > NFIELDS + 2) {
		abort();
	}
	free(rec);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nl = memchr(s, '\n', size);
	size_t hn = nl ? (size_t)(nl - s) : size;
	char *head = malloc(hn + 1);
	struct csv_header h;

	if (head == NULL)
		return 0;
	memcpy(head, s, hn);
	head[hn] = '\0';
	if (csv_header(head, hn, &h) == CT_OK) {
		char *field[NFIELDS];
		char *rest;
		size_t rn = nl ? size - hn - 1 : 0;
		int seen[NFIELDS] = { 0 };

		/* Each column a field, none twice, case and action there. */
		if (h.ncols < 2 || h.ncols > NFIELDS)
			abort();
		for (int i = 0; i < h.ncols; i++)
			if (h.field[i] < 0 || h.field[i] >= NFIELDS ||
			    seen[h.field[i]]++)
				abort();
		if (!seen[F_CASE] || !seen[F_ACTION])
			abort();
		if ((rest = malloc(rn + 1)) != NULL) {
			memcpy(rest, nl ? nl + 1 : "", rn);
			rest[rn] = '\0';
			if (csv_fields(rest, rn, &h, field) == CT_OK)
				for (int i = 0; i < NFIELDS; i++)
					if (field[i] != NULL && (field[i] < rest ||
					    field[i] >= rest + rn ||
					    *field[i] == '\0'))
						abort();
			free(rest);
		}
	}
	free(head);
	record(s, size);
	return 0;
}
