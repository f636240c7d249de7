/* calendar.c: working days, by the holiday calendar casetrail.conf(5)
 * names (holidays): lines "date<TAB>off|work<TAB>name", where off is a
 * holiday and work a weekend day worked instead (调休).  Pure: days are
 * counted as civil dates, never as times, so no zone or DST can move
 * them.  Outside the years the calendar lists, every Monday to Friday
 * is a working day; a count that runs past its last year says so
 * (calendar-ends), since that year's holidays and make-up working days
 * are not known yet, not absent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

long
calendar_day(int y, int m, int d)
{
	/* Days from 1970-01-01 (H. Hinnant's days_from_civil). */
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
calendar_date(long day, int *y, int *m, int *d)
{
	long z = day + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp;

	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
calendar_parse_date(const char *s, long *day)
{
	int y, m, d, n = 0;
	int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (strlen(s) < 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || s[4] != '-' || s[7] != '-' || y < 1900 || m < 1 ||
	    m > 12 || d < 1)
		return CT_USAGE;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return CT_USAGE;
	if (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		mdays[1] = 29;
	if (d > mdays[m - 1])
		return CT_USAGE;
	*day = calendar_day(y, m, d);
	return CT_OK;
}

static int
weekend(long day)
{
	long w = ((day % 7) + 7 + 4) % 7;       /* 1970-01-01: a Thursday */

	return w == 0 || w == 6;
}

int
calendar_parse(struct calendar *c, const char *text, size_t n,
    const char *name)
{
	const char *p = text, *end = text + n;
	int lineno = 0;

	memset(c, 0, sizeof *c);
	if (memchr(text, 0, n) != NULL || !utf8_valid(text, n))
		return ct_fail(CT_USAGE, "%s: not UTF-8 text", name);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		char line[256], *tab;
		long day;
		int y, m, d, off;
		void *q;

		lineno++;
		if (len >= sizeof line)
			return ct_fail(CT_USAGE, "%s:%d: line too long", name,
			    lineno);
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : end;
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if ((tab = strchr(line, '\t')) == NULL || tab - line != 10)
			return ct_fail(CT_USAGE, "%s:%d: expected "
			    "'date<TAB>off|work<TAB>name'", name, lineno);
		*tab++ = '\0';
		if (calendar_parse_date(line, &day) != CT_OK)
			return ct_fail(CT_USAGE, "%s:%d: bad date '%s'", name,
			    lineno, line);
		if (strncmp(tab, "off", 3) == 0 && (tab[3] == '\t' ||
		    tab[3] == '\0'))
			off = 1;
		else if (strncmp(tab, "work", 4) == 0 && (tab[4] == '\t' ||
		    tab[4] == '\0'))
			off = 0;
		else
			return ct_fail(CT_USAGE, "%s:%d: the kind is off or "
			    "work", name, lineno);
		if (c->n > 0 && day <= c->days[c->n - 1].day)
			return ct_fail(CT_USAGE, "%s:%d: dates are in order, "
			    "each once", name, lineno);
		if ((q = grow(c->days, &c->cap, (c->n + 1) * sizeof *c->days,
		    64 * sizeof *c->days)) == NULL)
			return CT_SYSTEM;
		c->days = q;
		c->days[c->n].day = day;
		c->days[c->n++].off = off;
		calendar_date(day, &y, &m, &d);
		if (c->n == 1)
			c->first_year = y;
		c->last_year = y;
	}
	return CT_OK;
}

int
calendar_read(const char *path, char **text, size_t *n)
{
	FILE *fp;
	int rc;

	*text = NULL;
	*n = 0;
	if ((fp = fopen(path, "r")) == NULL)
		return ct_fail(CT_SYSTEM, "cannot open the holiday calendar "
		    "%s", path);
	if ((*text = malloc(1 << 20)) == NULL) {
		fclose(fp);
		return ct_fail(CT_SYSTEM, "out of memory");
	}
	*n = fread(*text, 1, 1 << 20, fp);
	rc = ferror(fp) ? ct_fail(CT_SYSTEM, "cannot read %s", path) :
	    *n == 1 << 20 ? ct_fail(CT_USAGE, "%s: too large", path) : CT_OK;
	fclose(fp);
	if (rc) {
		free(*text);
		*text = NULL;
	}
	return rc;
}

int
calendar_load(struct calendar *c, const char *path)
{
	char *text;
	size_t n;
	int rc;

	memset(c, 0, sizeof *c);
	if (path == NULL)
		return CT_OK;
	if ((rc = calendar_read(path, &text, &n)) == CT_OK && text != NULL)
		rc = calendar_parse(c, text, n, path);
	free(text);
	return rc;
}

int
calendar_of(struct calendar *cal, const struct ct_conf *c)
{
	memset(cal, 0, sizeof *cal);
	if (c->holidays_text != NULL)
		return calendar_parse(cal, c->holidays_text, c->holidays_len,
		    c->holidays != NULL ? c->holidays : "the holiday calendar");
	return calendar_load(cal, c->holidays);
}

void
calendar_free(struct calendar *c)
{
	free(c->days);
	memset(c, 0, sizeof *c);
}

int
calendar_workday(const struct calendar *c, long day)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (c->days[mid].day == day)
			return !c->days[mid].off;
		if (c->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return !weekend(day);
}

int
calendar_ends(const struct calendar *c, long day)
{
	int y, m, d;

	if (c->last_year == 0)
		return 0;
	calendar_date(day, &y, &m, &d);
	return y > c->last_year;
}

long
calendar_after(const struct calendar *c, long day, int n, int *ends)
{
	while (n > 0)
		n -= calendar_workday(c, ++day);
	/* The count only moves forward: it ran past the last listed year
	 * exactly when the day it ends on lies past it. */
	*ends = calendar_ends(c, day);
	return day;
}
