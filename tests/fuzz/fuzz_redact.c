/* fuzz_redact: redact_text, the text a publication shows.  Whatever
 * the input, the output is valid UTF-8 when the input was, and holds no
 * mobile number (11 digits from 13) or resident identity number (18
 * characters with a valid check character) as a run of digits of its
 * own: what the redaction must never let through.  The first byte of
 * the input says whether the party is an organisation. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The digit at s, ASCII or full-width, into *d; its bytes, or 0. */
static size_t
digit(const char *s, char *d)
{
	if (*s >= '0' && *s <= '9')
		return *d = *s, 1;
	if ((unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbc &&
	    (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x99)
		return *d = (char)('0' + (unsigned char)s[2] - 0x90), 3;
	return 0;
}

static void
check_runs(const char *s)
{
	char run[32], d;
	size_t n, k;

	while (*s != '\0') {
		if (digit(s, &d) == 0) {
			s++;
			continue;
		}
		for (n = 0; (k = digit(s, &d)) > 0; s += k)
			if (n < sizeof run - 1)
				run[n++] = d;
		if (n == 17 && (*s == 'X' || *s == 'x'))
			run[n++] = 'X';
		run[n] = '\0';
		if ((n == 11 && run[0] == '1' && run[1] >= '3') ||
		    (n == 18 && cnid_resident(run, n)))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "张三", "欧阳娜娜", "李四" };
	struct redact r = { names, 3, 0 };
	char *text, *out;

	if (size == 0 || memchr(data + 1, '\0', size - 1) != NULL ||
	    (text = malloc(size)) == NULL)
		return 0;
	r.org_premises = data[0] & 1;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if ((out = redact_text(text, &r)) == NULL)
		abort();
	if (utf8_valid(text, size - 1) && !utf8_valid(out, strlen(out)))
		abort();
	check_runs(out);
	free(out);
	free(text);
	return 0;
}
