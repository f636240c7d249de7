/* fuzz_calendar: calendar_parse over holiday calendar text
 * (casetrail.conf(5), holidays). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* calendar-ends: never on a listed day; a count from the last listed
 * day flagged exactly when it ends past the last listed year, and 400
 * working days (more than a year can hold) always past it. */
static void
past_end(const struct calendar *c)
{
	long last = c->days[c->n - 1].day, end;
	int ends, y, m, d;

	if (calendar_ends(c, last) || calendar_ends(c, c->days[0].day))
		abort();
	end = calendar_after(c, last, 400, &ends);
	calendar_date(end, &y, &m, &d);
	if (!ends || y <= c->last_year)
		abort();
	end = calendar_after(c, last, 1, &ends);
	calendar_date(end, &y, &m, &d);
	if (ends != (y > c->last_year))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct calendar c;
	char *copy;
	int ends;

	/* An exact-size copy, so that ASan sees any read past the end. */
	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if (calendar_parse(&c, copy, size, "fuzz.tsv") == CT_OK) {
		for (size_t i = 1; i < c.n; i++)
			if (c.days[i].day <= c.days[i - 1].day)
				abort();        /* in order, each once */
		if (c.n > 0 && calendar_after(&c, c.days[0].day, 3, &ends) <=
		    c.days[0].day)
			abort();
		if (c.n > 0)
			past_end(&c);
	} else if (ct_errmsg()[0] == '\0' || strchr(ct_errmsg(), '\n')) {
		abort();        /* a refusal says why, on one line */
	}
	calendar_free(&c);
	free(copy);
	return 0;
}
