/* calendar.c: working days by the holiday calendar, lib/base/calendar.c,
 * and the calendar shipped in data/holidays-cn.tsv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "unit.h"

static long
day(const char *s)
{
	long d = -1;

	CHECK(calendar_parse_date(s, &d) == CT_OK);
	return d;
}

static int
parses(const char *text)
{
	struct calendar c;
	int rc = calendar_parse(&c, text, strlen(text), "cal");

	calendar_free(&c);
	return rc;
}

static void
test_dates(void)
{
	int y, m, d;
	long x;

	CHECK(day("1970-01-01") == 0);
	CHECK(day("2026-11-25") == calendar_day(2026, 11, 25));
	calendar_date(day("2028-02-29"), &y, &m, &d);
	CHECK(y == 2028 && m == 2 && d == 29);
	CHECK(calendar_parse_date("2026-02-29", &x) == CT_USAGE);
	CHECK(calendar_parse_date("2026-13-01", &x) == CT_USAGE);
	CHECK(calendar_parse_date("2026-1-01x", &x) == CT_USAGE);
	CHECK(calendar_parse_date("２０２６-01-01", &x) == CT_USAGE);
}

static void
test_parse(void)
{
	CHECK(parses("# only a comment\n\n") == CT_OK);
	CHECK(parses("2026-10-01\toff\t国庆节\n2026-10-10\twork\t调休\n") ==
	    CT_OK);
	CHECK(parses("2026-10-01\toff") == CT_OK);
	CHECK(parses("2026-10-01 off 国庆节\n") == CT_USAGE);
	CHECK(parses("2026-10-01\tholiday\t国庆节\n") == CT_USAGE);
	CHECK(parses("2026-10-02\toff\tx\n2026-10-01\toff\tx\n") == CT_USAGE);
	CHECK(strstr(ct_errmsg(), "cal:2:") == ct_errmsg());
	CHECK(parses("2026-10-01\toff\tx\n2026-10-01\twork\tx\n") == CT_USAGE);
	CHECK(parses("2026-10-32\toff\tx\n") == CT_USAGE);
	CHECK(parses("2026-10-01\toff\t\xff\n") == CT_USAGE);
}

/* The national calendar: the 2026 National Day week, and past its last
 * year, Monday to Friday. */
static void
test_shipped(const char *top)
{
	struct calendar c;
	char path[4200];
	int ends = -1;

	snprintf(path, sizeof path, "%s/data/holidays-cn.tsv", top);
	CHECK(calendar_load(&c, path) == CT_OK);
	CHECK(c.first_year == 2025 && c.last_year == 2026);
	CHECK(!calendar_workday(&c, day("2026-10-01")));     /* Thursday */
	CHECK(!calendar_workday(&c, day("2026-10-07")));     /* Wednesday */
	CHECK(calendar_workday(&c, day("2026-10-10")));      /* Saturday, 调休 */
	CHECK(calendar_workday(&c, day("2026-11-25")));
	CHECK(!calendar_workday(&c, day("2026-11-28")));     /* Saturday */
	/* Five working days after the notice of Tuesday 2026-09-29:
	 * 09-30, then 10-08, 10-09, 10-10 (Saturday, worked), 10-12. */
	CHECK(calendar_after(&c, day("2026-09-29"), 5, &ends) ==
	    day("2026-10-12"));
	CHECK(ends == 0);
	/* 2027 is not in it: 2027-01-01, a Friday, is counted as worked,
	 * and the count says it ran past the calendar (calendar-ends). */
	CHECK(calendar_workday(&c, day("2027-01-01")));
	CHECK(calendar_after(&c, day("2026-12-31"), 1, &ends) ==
	    day("2027-01-01"));
	CHECK(ends == 1);
	CHECK(calendar_after(&c, day("2026-12-30"), 1, &ends) ==
	    day("2026-12-31") && ends == 0);
	CHECK(!calendar_ends(&c, day("2026-12-31")));
	CHECK(calendar_ends(&c, day("2027-01-01")));
	CHECK(!calendar_ends(&c, day("2024-12-31")));  /* before: not past */
	calendar_free(&c);
	/* No calendar: Monday to Friday, and no end to run past. */
	CHECK(calendar_load(&c, NULL) == CT_OK);
	CHECK(calendar_workday(&c, day("2026-10-01")));
	CHECK(calendar_after(&c, day("2026-11-27"), 1, &ends) ==
	    day("2026-11-30"));
	CHECK(calendar_after(&c, day("2026-12-31"), 1, &ends) ==
	    day("2027-01-01") && ends == 0);
	calendar_free(&c);
}

int
main(void)
{
	const char *top = getenv("CASETRAIL_TOP");
	char exe[4000];
	ssize_t n;

	/* The tree: CASETRAIL_TOP, or three levels above this program
	 * (TOP/BUILD/unit/calendar), wherever it is run from. */
	if (top == NULL && (n = readlink("/proc/self/exe", exe,
	    sizeof exe - 1)) > 0) {
		exe[n] = '\0';
		for (int i = 0; i < 3; i++)
			if (strrchr(exe, '/') != NULL)
				*strrchr(exe, '/') = '\0';
		top = exe;
	}
	test_dates();
	test_parse();
	test_shipped(top ? top : ".");
	UNIT_END();
}
