/* cnid.c: the check characters of China's identity numbers, for
 * case-new(1) --party-id and for finding them in free text
 * (redact.c).  casetrail(7), Parties, gives the sources:
 * - a resident identity number (居民身份证号码, GB 11643): 6 digits of
 *   the place of registration, the date of birth as YYYYMMDD, 3 digits
 *   of sequence, and a check character by ISO 7064 MOD 11-2, 0 to 9 or
 *   X; the first generation's 15 digits have the date as YYMMDD (19YY)
 *   and no check character;
 * - a unified social credit code (统一社会信用代码, GB 32100): 18
 *   characters of 0-9 and the capitals without I, O, Z, S, V; the last
 *   is a check character, modulo 31. */
#include <string.h>

#include "internal.h"

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

static int
number(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* A date of the Gregorian calendar, from 1900 to 2099. */
static int
real_date(int y, int m, int d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

char
cnid_resident_check_char(const char *s17)
{
	/* The weights are 2^(17-i) mod 11, for i from 0. */
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10,
	    5, 8, 4, 2 };
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (s17[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

int
cnid_resident(const char *s, size_t n)
{
	if (n == 18 && digits(s, 17) && (is_digit(s[17]) || s[17] == 'X' ||
	    s[17] == 'x'))
		return real_date(number(s + 6, 4), number(s + 10, 2),
		    number(s + 12, 2)) &&
		    cnid_resident_check_char(s) == (s[17] == 'x' ? 'X' : s[17]);
	if (n == 15 && digits(s, 15))
		return real_date(1900 + number(s + 6, 2), number(s + 8, 2),
		    number(s + 10, 2));
	return 0;
}

/* The 31 characters of a credit code, each worth its index. */
static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

char
cnid_uscc_check_char(const char *s17)
{
	/* The weights are 3^i mod 31, for i from 0. */
	static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25,
	    13, 8, 24, 10, 30, 28 };
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		const char *p = strchr(uscc_chars, s17[i]);

		if (s17[i] == '\0' || p == NULL)
			return '\0';
		sum += (int)(p - uscc_chars) * w[i];
	}
	return uscc_chars[(31 - sum % 31) % 31];
}

int
cnid_uscc(const char *s, size_t n)
{
	char c;

	/* The third to eighth are the place of registration, a number. */
	if (n != 18 || !digits(s + 2, 6) || s[17] == '\0' ||
	    strchr(uscc_chars, s[17]) == NULL)
		return 0;
	c = cnid_uscc_check_char(s);
	return c != '\0' && c == s[17];
}
