/* fuzz_calendar: calendar_parse over holiday calendar text
 * (casetrail.conf(5), holidays). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct calendar c;
	char *copy;

	/* An exact-size copy, so that ASan sees any read past the end. */
	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if (calendar_parse(&c, copy, size, "fuzz.tsv") == CT_OK) {
		for (size_t i = 1; i < c.n; i++)
			if (c.days[i].day <= c.days[i - 1].day)
				abort();        /* in order, each once */
		if (c.n > 0 && calendar_after(&c, c.days[0].day, 3) <=
		    c.days[0].day)
			abort();
	} else if (ct_errmsg()[0] == '\0' || strchr(ct_errmsg(), '\n')) {
		abort();        /* a refusal says why, on one line */
	}
	calendar_free(&c);
	free(copy);
	return 0;
}
