/* fuzz_utf8: utf8_valid and utf8_check_field against a reference built
 * from the table of well-formed byte sequences (Unicode, Table 3-7). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "../unit/utf8_ref.h"

static int
has_control(const unsigned char *s, size_t n, int multiline)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == 0x7f || (s[i] < 0x20 && !(multiline &&
		    (s[i] == '\n' || s[i] == '\t' || s[i] == '\r'))))
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy;
	int valid;

	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	valid = reference_valid(data, size);
	if (utf8_valid(copy, size) != valid)
		abort();
	for (int multiline = 0; multiline <= 1; multiline++) {
		int want = valid && !has_control(data, size, multiline);

		if ((utf8_check_field("text", copy, size, size, multiline) ==
		    CT_OK) != want)
			abort();
		if (size > 0 && utf8_check_field("text", copy, size, size - 1,
		    multiline) == CT_OK)
			abort();
	}
	free(copy);
	return 0;
}
