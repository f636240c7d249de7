/* utf8_ref.h: a second, independent UTF-8 validator for the tests that
 * check lib/utf8.c against it (tests/unit/text.c, tests/fuzz/fuzz_utf8.c).
 * Written from the table, not from utf8.c, so the two cannot share a bug. */
#include <stddef.h>

/* The well-formed byte sequences of Unicode 15, Table 3-7, as ranges:
 * the reference utf8_valid is checked against. */
static int
reference_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		unsigned lo = 0x80, hi = 0xbf;
		int len;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4;
		else
			return 0;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
		else if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
		if (n - i < (size_t)len || s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (int k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xbf)
				return 0;
		i += (size_t)len;
	}
	return 1;
}
