/* fuzz_time: time_parse and time_parse_date.  Whatever they accept must
 * format and read back to the same instant. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (time_set_zone("Asia/Shanghai") != CT_OK)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, buf[32];
	time_t t, back;
	struct tm tm;

	if (size > 256)
		return 0;
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (time_parse(s, &t) == CT_OK) {
		/* Stored form: exactly 20 bytes, read back exactly. */
		if (strlen(time_utc(t, buf)) != 20 ||
		    time_from_utc(buf, &back) != CT_OK || back != t)
			abort();
		/* Shown form: 25 bytes, read back; exactly so unless the
		 * zone's offset then had seconds (local mean time before
		 * 1901), which RFC 3339 cannot write. */
		if (strlen(time_local(t, buf)) != 25 ||
		    time_parse(buf, &back) != CT_OK)
			abort();
		localtime_r(&t, &tm);
		if (tm.tm_gmtoff % 60 == 0 && back != t)
			abort();
		/* The start of its local day, when that is itself a time
		 * the store can hold, is that day. */
		if (strlen(time_local_date(t, buf)) != 10)
			abort();
		if (time_parse_date(buf, &back) == CT_OK && (back > t ||
		    time_days_between(back, t) != 0))
			abort();
	}
	if (time_parse_date(s, &t) == CT_OK) {
		/* A date is a time at the start of its day. */
		if (time_parse(s, &back) != CT_OK || back != t)
			abort();
	}
	free(s);
	return 0;
}
