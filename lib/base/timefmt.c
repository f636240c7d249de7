/* timefmt.c: times are read in the agency's zone, stored in UTC, shown
 * in the agency's zone. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* time_local_date's last answer, forgotten when the zone changes. */
static struct {
	time_t t;
	char date[11];
} last_date;

int
time_set_zone(const char *zone)
{
	char path[512];

	/* glibc silently falls back to UTC for an unknown zone: look first. */
	if (zone[0] == '\0' || strstr(zone, "..") != NULL || zone[0] == '/')
		return ct_fail(CT_USAGE, "bad time zone '%s'", zone);
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone);
	if (strcmp(zone, "UTC") != 0 && access(path, R_OK) != 0)
		return ct_fail(CT_USAGE, "unknown time zone '%s' (is tzdata "
		    "installed?)", zone);
	setenv("TZ", zone, 1);
	tzset();
	last_date.date[0] = '\0';
	return CT_OK;
}

static int
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

/* Reads the date part into tm; returns 0 or -1. */
static int
parse_date(const char **p, struct tm *tm)
{
	int y, m, d;

	if (digits(p, 4, &y) || *(*p)++ != '-' || digits(p, 2, &m) ||
	    *(*p)++ != '-' || digits(p, 2, &d))
		return -1;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	return 0;
}

/* Whether t can be written by time_utc and time_local and read back
 * (time_from_utc, time_parse): a year from 1900 to 9999, in UTC and in
 * the agency's zone. */
static int
writable(time_t t)
{
	struct tm u, l;

	return gmtime_r(&t, &u) != NULL && localtime_r(&t, &l) != NULL &&
	    u.tm_year >= 0 && u.tm_year <= 9999 - 1900 &&
	    l.tm_year >= 0 && l.tm_year <= 9999 - 1900;
}

int
time_parse(const char *s, time_t *t)
{
	struct tm tm = { 0 };
	const char *p = s;
	int h = 0, min = 0, sec = 0, zone = 0, offset = 0;

	if (parse_date(&p, &tm))
		goto bad;
	if (*p == ' ' || *p == 'T' || *p == 't') {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &min))
			goto bad;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec))
				goto bad;
			if (*p == '.') {        /* fractions are dropped */
				p++;
				if (!isdigit((unsigned char)*p))
					goto bad;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (h > 23 || min > 59 || sec > 60)
			goto bad;
		if (sec == 60)
			sec = 59;       /* a leap second is kept in its minute */
		if (*p == 'Z' || *p == 'z') {
			p++;
			zone = 1;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1, oh, om;

			if (digits(&p, 2, &oh) || *p++ != ':' ||
			    digits(&p, 2, &om) || oh > 23 || om > 59)
				goto bad;
			zone = 1;
			offset = sign * (oh * 3600 + om * 60);
		}
	}
	if (*p != '\0')
		goto bad;
	tm.tm_hour = h;
	tm.tm_min = min;
	tm.tm_sec = sec;
	if (zone) {
		*t = timegm(&tm) - offset;
	} else {
		tm.tm_isdst = -1;
		*t = mktime(&tm);
		if (*t == (time_t)-1)
			goto bad;
	}
	if (!writable(*t))
		goto bad;
	return CT_OK;
bad:
	return ct_fail(CT_USAGE, "bad time '%s' (use YYYY-MM-DD[ HH:MM] or "
	    "RFC 3339)", s);
}

int
time_parse_date(const char *s, time_t *t)
{
	struct tm tm = { 0 };
	const char *p = s;

	if (parse_date(&p, &tm) || *p != '\0')
		return ct_fail(CT_USAGE, "bad date '%s' (use YYYY-MM-DD)", s);
	tm.tm_isdst = -1;
	*t = mktime(&tm);
	if (!writable(*t))
		return ct_fail(CT_USAGE, "bad date '%s' (use YYYY-MM-DD)", s);
	return CT_OK;
}

time_t
time_now(void)
{
	/* A fixed clock is read once: a bulk import asks for every line. */
	static int fixed = -1;
	static time_t at;
	const char *now;

	if (fixed < 0) {
		now = env_get(ENV_NOW);
		fixed = now != NULL && time_parse(now, &at) ==
		    CT_OK;
	}
	return fixed ? at : time(NULL);
}

int
time_now_check(void)
{
	const char *now = env_get(ENV_NOW);
	time_t t;

	if (now != NULL && time_parse(now, &t) != CT_OK)
		return ct_fail(CT_USAGE, "bad CASETRAIL_NOW '%s'", now);
	return CT_OK;
}

/* Writes two decimal digits of v (0 to 99). */
static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

char *
time_utc(time_t t, char *buf)
{
	/* The last answer is kept, as time_local_date keeps its own: an
	 * import asks for every entry, mostly with one time. */
	static _Thread_local struct {
		time_t t;
		char utc[21];
	} last;
	struct tm tm;
	unsigned year;

	if (t == last.t && last.utc[0] != '\0')
		return memcpy(buf, last.utc, sizeof last.utc);
	gmtime_r(&t, &tm);
	year = (unsigned)(tm.tm_year + 1900) % 10000;
	memcpy(buf, "0000-00-00T00:00:00Z", 21);
	buf[0] += (char)(year / 1000);
	buf[1] += (char)(year / 100 % 10);
	buf[2] += (char)(year / 10 % 10);
	buf[3] += (char)(year % 10);
	put2(buf + 5, tm.tm_mon + 1);
	put2(buf + 8, tm.tm_mday);
	put2(buf + 11, tm.tm_hour);
	put2(buf + 14, tm.tm_min);
	put2(buf + 17, tm.tm_sec);
	last.t = t;
	memcpy(last.utc, buf, sizeof last.utc);
	return buf;
}

char *
time_local(time_t t, char *buf)
{
	struct tm tm;
	long off;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff;
	strftime(buf, 20, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + 19, 7, "%c%02ld:%02ld", off < 0 ? '-' : '+',
	    labs(off) / 3600 % 100, labs(off) / 60 % 60);
	return buf;
}

char *
time_local_date(time_t t, char *buf)
{
	struct tm tm;

	/* The last answer is kept: the rules ask for every entry of an
	 * import, mostly with one time, and glibc re-reads the zone's rule
	 * on every localtime_r. */
	if (t != last_date.t || last_date.date[0] == '\0') {
		localtime_r(&t, &tm);
		strftime(last_date.date, sizeof last_date.date, "%Y-%m-%d", &tm);
		last_date.t = t;
	}
	return memcpy(buf, last_date.date, sizeof last_date.date);
}

int
time_from_utc(const char *s, time_t *t)
{
	size_t n = strlen(s);

	if (n != 20 || s[19] != 'Z' || time_parse(s, t) != CT_OK)
		return ct_fail(CT_SYSTEM, "corrupt store: bad stored time '%s'",
		    s);
	return CT_OK;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

long
time_days_between(time_t a, time_t b)
{
	struct tm ta, tb;

	localtime_r(&a, &ta);
	localtime_r(&b, &tb);
	return days_from_civil(tb.tm_year + 1900L, tb.tm_mon + 1, tb.tm_mday) -
	    days_from_civil(ta.tm_year + 1900L, ta.tm_mon + 1, ta.tm_mday);
}
