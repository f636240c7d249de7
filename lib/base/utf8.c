/* utf8.c: every text that enters the store is checked here first. */
#include <stdint.h>
#include <string.h>

#include "internal.h"

int
utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		int len;
		unsigned cp, min;

		/* Runs of ASCII without NUL, eight bytes at a time. */
		if (c != 0 && c < 0x80) {
			uint64_t w;

			i++;
			while (n - i >= 8) {
				memcpy(&w, s + i, 8);
				if ((w & UINT64_C(0x8080808080808080)) != 0 ||
				    ((w - UINT64_C(0x0101010101010101)) & ~w &
				    UINT64_C(0x8080808080808080)) != 0)
					break;
				i += 8;
			}
			continue;
		}
		if (c == 0)
			return 0;
		/* Three bytes, as Chinese is written: checked in one go. */
		if ((c & 0xf0) == 0xe0 && n - i >= 3) {
			unsigned c1 = s[i + 1], c2 = s[i + 2];

			cp = (c & 0x0f) << 12 | (c1 & 0x3f) << 6 | (c2 & 0x3f);
			if ((c1 & 0xc0) != 0x80 || (c2 & 0xc0) != 0x80 ||
			    cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))
				return 0;
			i += 3;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			len = 2; cp = c & 0x1f; min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3; cp = c & 0x0f; min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4; cp = c & 0x07; min = 0x10000;
		} else {
			return 0;
		}
		if (n - i < (size_t)len)
			return 0;
		for (int k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

int
utf8_check_field(const char *what, const char *s, size_t n, size_t max,
    int multiline)
{
	int control = 0;

	if (memchr(s, 0, n) != NULL)
		return ct_fail(CT_USAGE, "%s contains a NUL byte", what);
	if (!utf8_valid(s, n))
		return ct_fail(CT_USAGE, "%s is not valid UTF-8", what);
	if (n > max)
		return ct_fail(CT_USAGE, "%s is too long (%zu bytes, at most %zu)",
		    what, n, max);
	/* Without a branch a byte: texts are long, control characters rare. */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		control |= c == 0x7f || (c < 0x20 && !(multiline &&
		    (c == '\n' || c == '\t' || c == '\r')));
	}
	if (control)
		return ct_fail(CT_USAGE, "%s contains a control character",
		    what);
	return CT_OK;
}
