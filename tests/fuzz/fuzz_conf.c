/* fuzz_conf: conf_parse over casetrail.conf text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_text(const char *s)
{
	if (s != NULL && utf8_check_field("value", s, strlen(s), 1024, 0) !=
	    CT_OK)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_conf c;
	char *copy;

	/* An exact-size copy, so that ASan sees any read past the end. */
	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	conf_defaults(&c);
	if (conf_parse(&c, copy, size, "fuzz.conf") == CT_OK) {
		const int days[] = { c.decide_days, c.serve_days,
		    c.publish_days, c.publish_penalty_days, c.withdraw_days,
		    c.review_days, c.statement_days, c.hearing_days };

		for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
			if (days[i] < 0 || days[i] > 3660)
				abort();
		if (c.major_fine_person < 0 || c.major_fine_org < 0 ||
		    c.major_confiscation_person < 0 ||
		    c.major_confiscation_org < 0 || c.hearing_fine_person < 0 ||
		    c.hearing_fine_org < 0 || c.hearing_confiscation_person < 0 ||
		    c.hearing_confiscation_org < 0)
			abort();
		check_text(c.major_types);
		check_text(c.hearing_types);
		check_text(c.number_penalty);
		check_text(c.agency);
		check_text(c.timezone);
		check_text(c.holidays);
	} else if (ct_errmsg()[0] == '\0' || strchr(ct_errmsg(), '\n')) {
		abort();        /* a refusal says why, on one line */
	}
	conf_free(&c);
	free(copy);
	return 0;
}
