/* money.c: amounts are integer fen (分), never floating point, so that
 * canonical journal lines stay byte-stable. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

int
money_parse(const char *s, int64_t *fen)
{
	const char *p = s;
	int64_t yuan = 0, cents = 0;
	int ndec = 0;

	if (!isdigit((unsigned char)*p))
		goto bad;
	for (; isdigit((unsigned char)*p); p++) {
		if (yuan > (INT64_MAX / 100 - 9) / 10)
			goto bad;
		yuan = yuan * 10 + (*p - '0');
	}
	if (*p == '.') {
		p++;
		for (; isdigit((unsigned char)*p) && ndec < 2; p++, ndec++)
			cents = cents * 10 + (*p - '0');
		if (ndec == 0)
			goto bad;
		if (ndec == 1)
			cents *= 10;
	}
	if (*p != '\0')
		goto bad;
	*fen = yuan * 100 + cents;
	return CT_OK;
bad:
	return ct_fail(CT_USAGE, "bad amount '%s' (use yuan, as 5000 or "
	    "5000.50)", s);
}

char *
money_format(int64_t fen, char *buf, size_t cap)
{
	/* The magnitude in unsigned arithmetic: -INT64_MIN does not fit. */
	uint64_t u = fen < 0 ? -(uint64_t)fen : (uint64_t)fen;

	snprintf(buf, cap, "%s%llu.%02llu", fen < 0 ? "-" : "",
	    (unsigned long long)(u / 100), (unsigned long long)(u % 100));
	return buf;
}
