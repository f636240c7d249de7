/* fuzz_powers: the powers files of publish-export --what powers
 * (powers.c).  The first byte chooses the file (even: powers.tsv, odd:
 * inspection-items.tsv), the rest is its text.  A file that parses has
 * rows whose fields lie in the text, each given, of the list's types, no
 * tab or control character in one, no code twice, and lines in order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "publish_list.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static void
check(const struct powers_file *pf, const char *text, size_t n)
{
	for (size_t i = 0; i < pf->n; i++) {
		const struct powers_row *r = &pf->rows[i];

		if (i > 0 && r->line <= pf->rows[i - 1].line)
			abort();
		for (size_t k = 0; k < pf->ncols; k++) {
			const char *f = r->f[k];

			if (f < text || f >= text + n || *f == '\0' ||
			    strlen(f) > POWERS_FIELD_MAX)
				abort();
			for (const unsigned char *p = (const unsigned char *)f;
			    *p; p++)
				if (*p < 0x20 || *p == 0x7f)
					abort();
		}
		if (!in_list(pf->items ? items_types : powers_types, r->f[1]))
			abort();
		for (size_t j = 0; j < i; j++)
			if (strcmp(pf->rows[j].f[0], r->f[0]) == 0)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct powers_file pf;
	char *text;
	int items;

	if (size == 0 || size > 65536)
		return 0;
	items = data[0] & 1;
	if ((text = malloc(size)) == NULL)
		abort();
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (powers_parse(&pf, items, text, size - 1, "fuzz") == CT_OK)
		check(&pf, text, size - 1);
	powers_free(&pf);
	free(text);
	return 0;
}
