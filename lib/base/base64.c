/* base64.c: the encodings of checkpoints and proofs (RFC 4648). */
#include <string.h>

#include "internal.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
base64_encode(const unsigned char *in, size_t n, char *out)
{
	char *o = out;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		*o++ = alphabet[in[i] >> 2];
		*o++ = alphabet[(in[i] & 3) << 4 | in[i + 1] >> 4];
		*o++ = alphabet[(in[i + 1] & 15) << 2 | in[i + 2] >> 6];
		*o++ = alphabet[in[i + 2] & 63];
	}
	if (i < n) {
		*o++ = alphabet[in[i] >> 2];
		if (i + 1 < n) {
			*o++ = alphabet[(in[i] & 3) << 4 | in[i + 1] >> 4];
			*o++ = alphabet[(in[i + 1] & 15) << 2];
		} else {
			*o++ = alphabet[(in[i] & 3) << 4];
			*o++ = '=';
		}
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

static int
value(char c)
{
	const char *p = c ? strchr(alphabet, c) : NULL;

	return p ? (int)(p - alphabet) : -1;
}

long
base64_decode(const char *in, unsigned char *out, size_t cap)
{
	size_t n = strlen(in), o = 0;

	if (n % 4 != 0)
		return -1;
	for (size_t i = 0; i < n; i += 4) {
		int v[4], pad = 0;

		for (int k = 0; k < 4; k++) {
			if (in[i + k] == '=' && i + 4 == n && k >= 2) {
				v[k] = 0;
				pad++;
			} else if (pad || (v[k] = value(in[i + k])) < 0) {
				return -1;
			}
		}
		if (o + 3 - pad > cap)
			return -1;
		/* Non-canonical padding bits would give two texts one value. */
		if ((pad == 1 && (v[2] & 3)) || (pad == 2 && (v[1] & 15)))
			return -1;
		out[o++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		if (pad < 2)
			out[o++] = (unsigned char)(v[1] << 4 | v[2] >> 2);
		if (pad < 1)
			out[o++] = (unsigned char)(v[2] << 6 | v[3]);
	}
	return (long)o;
}

char *
hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
	return out;
}
