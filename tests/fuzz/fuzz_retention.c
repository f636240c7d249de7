/* fuzz_retention: retention_parse over the text of a retention table
 * (retention.tsv, casetrail-formats(5)).  Whatever it accepts has only
 * known case types, outcomes and retentions, each (type, outcome) once,
 * and the table's answers are among its rows'. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "seal.h"
#include "vocab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct retention_table t;
	char *copy;

	/* An exact-size copy, so that ASan sees any read past the end. */
	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if (retention_parse(copy, size, "fuzz.tsv", &t) == CT_OK) {
		for (int i = 0; i < t.n; i++) {
			const struct retention_row *r = &t.row[i];
			const char *got;

			if ((strcmp(r->type, "*") != 0 &&
			    !word_in(r->type, vocab_types)) ||
			    retention_code(r->retention) == NULL)
				abort();
			for (int j = 0; j < i; j++)
				if (strcmp(t.row[j].type, r->type) == 0 &&
				    strcmp(t.row[j].outcome, r->outcome) == 0)
					abort();
			got = retention_match(&t, strcmp(r->type, "*") ?
			    r->type : "other", strcmp(r->outcome, "*") ?
			    r->outcome : "none");
			if (got == NULL || retention_code(got) == NULL)
				abort();
		}
	}
	free(copy);
	return 0;
}
