/* time.c: lib/timefmt.c.  Times are read in the agency's zone (here
 * Asia/Shanghai, UTC+8 without DST since 1991), stored in UTC, shown in
 * the zone. */
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "unit.h"

/* Parses s and says whether it gave the UTC time want. */
static int
reads_as(const char *s, const char *want)
{
	time_t t = 0;
	char buf[32];

	if (time_parse(s, &t) != CT_OK) {
		fprintf(stderr, "time_parse refused '%s': %s\n", s, ct_errmsg());
		return 0;
	}
	time_utc(t, buf);
	if (strcmp(buf, want) != 0) {
		fprintf(stderr, "time_parse('%s') = %s, not %s\n", s, buf, want);
		return 0;
	}
	return 1;
}

static int
refused(const char *s)
{
	time_t t = 12345;

	if (time_parse(s, &t) == CT_OK) {
		fprintf(stderr, "time_parse accepted '%s'\n", s);
		return 0;
	}
	return strstr(ct_errmsg(), "bad time") != NULL;
}

static void
test_parse(void)
{
	/* The agency's zone. */
	CHECK(reads_as("2026-11-25 09:30", "2026-11-25T01:30:00Z"));
	CHECK(reads_as("2026-11-25T09:30", "2026-11-25T01:30:00Z"));
	CHECK(reads_as("2026-11-25t09:30", "2026-11-25T01:30:00Z"));
	CHECK(reads_as("2026-11-25 09:30:15", "2026-11-25T01:30:15Z"));
	CHECK(reads_as("2026-11-25 00:00", "2026-11-24T16:00:00Z"));
	CHECK(reads_as("2026-11-25 23:59:59", "2026-11-25T15:59:59Z"));
	CHECK(reads_as("2026-01-01 07:59", "2025-12-31T23:59:00Z"));
	/* Date only: the start of the local day. */
	CHECK(reads_as("2026-11-25", "2026-11-24T16:00:00Z"));
	CHECK(reads_as("2024-02-29", "2024-02-28T16:00:00Z"));
	CHECK(reads_as("2000-02-29", "2000-02-28T16:00:00Z"));
	/* RFC 3339: Z, offsets, fractions (dropped), leap seconds. */
	CHECK(reads_as("2026-11-25T09:30:00Z", "2026-11-25T09:30:00Z"));
	CHECK(reads_as("2026-11-25T09:30:00z", "2026-11-25T09:30:00Z"));
	CHECK(reads_as("2026-11-25 09:30:00Z", "2026-11-25T09:30:00Z"));
	CHECK(reads_as("2026-11-25T09:30:00+08:00", "2026-11-25T01:30:00Z"));
	CHECK(reads_as("2026-11-25T09:30:00+00:00", "2026-11-25T09:30:00Z"));
	CHECK(reads_as("2026-11-25T09:30:00-00:00", "2026-11-25T09:30:00Z"));
	CHECK(reads_as("2026-11-25T09:30:00-05:30", "2026-11-25T15:00:00Z"));
	CHECK(reads_as("2026-11-25T09:30:00+14:00", "2026-11-24T19:30:00Z"));
	CHECK(reads_as("2026-11-25T09:30:00.5Z", "2026-11-25T09:30:00Z"));
	CHECK(reads_as("2026-11-25T09:30:00.999999999+08:00",
	    "2026-11-25T01:30:00Z"));
	CHECK(reads_as("2026-12-31T23:59:60Z", "2026-12-31T23:59:59Z"));
	CHECK(reads_as("2026-11-25T01:30:00Z", "2026-11-25T01:30:00Z"));

	/* Impossible dates and times. */
	CHECK(refused("2026-02-30"));
	CHECK(refused("2025-02-29"));
	CHECK(refused("1900-02-29"));
	CHECK(refused("2100-02-29 12:00"));
	CHECK(refused("2026-04-31"));
	CHECK(refused("2026-11-31"));
	CHECK(refused("2026-13-01"));
	CHECK(refused("2026-00-10"));
	CHECK(refused("2026-11-00"));
	CHECK(refused("2026-11-25 24:00"));
	CHECK(refused("2026-11-25 09:60"));
	CHECK(refused("2026-11-25 09:30:61"));
	CHECK(refused("2026-11-25T09:30:00+24:00"));
	CHECK(refused("2026-11-25T09:30:00+08:60"));
	CHECK(refused("1899-12-31"));
	/* Trailing junk and missing parts. */
	CHECK(refused(""));
	CHECK(refused("2026"));
	CHECK(refused("2026-11"));
	CHECK(refused("2026-11-"));
	CHECK(refused("2026-1-5"));
	CHECK(refused("26-11-25"));
	CHECK(refused("20261125"));
	CHECK(refused("2026/11/25"));
	CHECK(refused("2026-11-25 "));
	CHECK(refused(" 2026-11-25"));
	CHECK(refused("2026-11-25T"));
	CHECK(refused("2026-11-25 9:30"));
	CHECK(refused("2026-11-25 09"));
	CHECK(refused("2026-11-25 09:"));
	CHECK(refused("2026-11-25 09:3"));
	CHECK(refused("2026-11-25 0930"));
	CHECK(refused("2026-11-25 09:30:"));
	CHECK(refused("2026-11-25 09:30:0"));
	CHECK(refused("2026-11-25 09:30x"));
	CHECK(refused("2026-11-25 09:30 "));
	CHECK(refused("2026-11-25x"));
	CHECK(refused("2026-11-25Z"));
	CHECK(refused("2026-11-25T09:30:00.Z"));
	CHECK(refused("2026-11-25T09:30:00,5Z"));
	CHECK(refused("2026-11-25T09:30:00ZZ"));
	CHECK(refused("2026-11-25T09:30:00Z "));
	CHECK(refused("2026-11-25T09:30:00+0800"));
	CHECK(refused("2026-11-25T09:30:00+08"));
	CHECK(refused("2026-11-25T09:30:00+8:00"));
	CHECK(refused("2026-11-25T09:30:00 +08:00"));
	CHECK(refused("2026-11-25T09:30:00UTC"));
	CHECK(refused("２０２６-11-25"));
	CHECK(refused("2026年11月25日"));
	CHECK(refused("2026-11-25\n"));
	CHECK(refused("-026-11-25"));
	CHECK(refused("+2026-11-25"));
	/* Years that the formatters could not write back in four digits. */
	CHECK(refused("9999-12-31T23:59:59-10:00"));
	CHECK(refused("9999-12-31T20:00:00Z"));
	CHECK(reads_as("9999-12-31 07:59:59", "9999-12-30T23:59:59Z"));
	/* Nor stored times that time_from_utc would call corrupt. */
	CHECK(refused("1900-01-01 00:00"));         /* 1899-12-31T15:54:17Z */
	CHECK(refused("1900-01-01T00:00:00+00:01"));
	CHECK(reads_as("1900-01-01T00:00:00Z", "1900-01-01T00:00:00Z"));
	CHECK(reads_as("1900-01-01 08:05:43", "1900-01-01T00:00:00Z"));
	{
		time_t t;

		CHECK(time_parse_date("1900-01-01", &t) == CT_USAGE);
		CHECK(time_parse_date("1900-01-02", &t) == CT_OK);
		CHECK(time_parse_date("9999-12-31", &t) == CT_OK);
	}

	/* The message names the text. */
	CHECK(time_parse("2026-02-30", &(time_t){ 0 }) == CT_USAGE);
	CHECK(strstr(ct_errmsg(), "'2026-02-30'") != NULL);
}

static void
test_parse_date(void)
{
	time_t t = 0;
	char buf[32];

	CHECK(time_parse_date("2026-11-25", &t) == CT_OK);
	CHECK(strcmp(time_utc(t, buf), "2026-11-24T16:00:00Z") == 0);
	CHECK(strcmp(time_local_date(t, buf), "2026-11-25") == 0);
	CHECK(time_parse_date("2028-02-29", &t) == CT_OK);
	CHECK(time_parse_date("2026-11-25 09:30", &t) == CT_USAGE);
	CHECK(strstr(ct_errmsg(), "bad date '2026-11-25 09:30'") != NULL);
	CHECK(time_parse_date("2026-11-25T00:00:00Z", &t) == CT_USAGE);
	CHECK(time_parse_date("2027-02-29", &t) == CT_USAGE);
	CHECK(time_parse_date("2026-11-25 ", &t) == CT_USAGE);
	CHECK(time_parse_date("", &t) == CT_USAGE);
	CHECK(time_parse_date("2026-11", &t) == CT_USAGE);
}

static void
test_format(void)
{
	time_t t;
	char buf[32];

	CHECK(time_parse("2026-11-25 09:30", &t) == CT_OK);
	CHECK(strcmp(time_utc(t, buf), "2026-11-25T01:30:00Z") == 0);
	CHECK(strcmp(time_local(t, buf), "2026-11-25T09:30:00+08:00") == 0);
	CHECK(strcmp(time_local_date(t, buf), "2026-11-25") == 0);
	CHECK(strcmp(time_utc(0, buf), "1970-01-01T00:00:00Z") == 0);
	CHECK(strcmp(time_local(0, buf), "1970-01-01T08:00:00+08:00") == 0);

	/* Stored times read back, and only the stored form. */
	CHECK(time_from_utc("2026-11-25T01:30:00Z", &t) == CT_OK);
	CHECK(strcmp(time_local(t, buf), "2026-11-25T09:30:00+08:00") == 0);
	CHECK(time_from_utc("2026-11-25T01:30:00+00:00", &t) == CT_SYSTEM);
	CHECK(strstr(ct_errmsg(), "corrupt store") != NULL);
	CHECK(time_from_utc("2026-11-25T09:30", &t) == CT_SYSTEM);
	CHECK(time_from_utc("2026-02-30T01:30:00Z", &t) == CT_SYSTEM);
	CHECK(time_from_utc("", &t) == CT_SYSTEM);

	/* Round trips over sixty years in odd steps (about 100 000 s, so
	 * that every hour and minute comes round, and 1986-1991, when China
	 * kept summer time): stored UTC back to the same instant, shown
	 * local time with its offset back to the same instant. */
	for (time_t u = 0; u < (time_t)60 * 366 * 86400; u += 7919 * 13) {
		time_t back = -1;

		time_utc(u, buf);
		CHECK(strlen(buf) == 20);
		CHECK(time_from_utc(buf, &back) == CT_OK && back == u);
		time_local(u, buf);
		CHECK(strlen(buf) == 25);
		back = -1;
		CHECK(time_parse(buf, &back) == CT_OK && back == u);
	}
}

static void
test_zone_changes(void)
{
	time_t t;
	char buf[32];

	CHECK(time_set_zone("Mars/Olympus_Mons") == CT_USAGE);
	CHECK(strstr(ct_errmsg(), "unknown time zone 'Mars/Olympus_Mons'") !=
	    NULL);
	CHECK(time_set_zone("") == CT_USAGE);
	CHECK(time_set_zone("../../etc/passwd") == CT_USAGE);
	CHECK(time_set_zone("/usr/share/zoneinfo/UTC") == CT_USAGE);

	/* A zone with DST: the days between count calendar days, and local
	 * times carry the offset of their season. */
	CHECK(time_set_zone("America/New_York") == CT_OK);
	CHECK(reads_as("2026-07-01 12:00", "2026-07-01T16:00:00Z"));
	CHECK(reads_as("2026-12-01 12:00", "2026-12-01T17:00:00Z"));
	CHECK(time_parse("2026-07-01 12:00", &t) == CT_OK);
	CHECK(strcmp(time_local(t, buf), "2026-07-01T12:00:00-04:00") == 0);
	{
		time_t a, b;

		CHECK(time_parse("2026-03-08", &a) == CT_OK);   /* 23 hours */
		CHECK(time_parse("2026-03-09", &b) == CT_OK);
		CHECK(time_days_between(a, b) == 1);
		CHECK(time_parse("2026-11-01", &a) == CT_OK);   /* 25 hours */
		CHECK(time_parse("2026-11-02 00:30", &b) == CT_OK);
		CHECK(time_days_between(a, b) == 1);
		CHECK(time_parse("2026-03-01 23:59", &a) == CT_OK);
		CHECK(time_parse("2026-04-01 00:00", &b) == CT_OK);
		CHECK(time_days_between(a, b) == 31);
	}
	CHECK(time_set_zone("UTC") == CT_OK);
	CHECK(reads_as("2026-11-25 09:30", "2026-11-25T09:30:00Z"));
	CHECK(time_set_zone("Asia/Shanghai") == CT_OK);
	CHECK(reads_as("2026-11-25 09:30", "2026-11-25T01:30:00Z"));
}

static void
test_days_between(void)
{
	time_t a, b;

	CHECK(time_parse("2026-11-25 23:59", &a) == CT_OK);
	CHECK(time_parse("2026-11-26 00:01", &b) == CT_OK);
	CHECK(time_days_between(a, b) == 1);
	CHECK(time_days_between(b, a) == -1);
	CHECK(time_days_between(a, a) == 0);
	CHECK(time_parse("2026-11-25 00:00", &b) == CT_OK);
	CHECK(time_days_between(a, b) == 0);
	/* Across a year end and a leap day. */
	CHECK(time_parse("2027-12-31", &a) == CT_OK);
	CHECK(time_parse("2028-03-01", &b) == CT_OK);
	CHECK(time_days_between(a, b) == 61);
	/* Ninety days from filing, as case deadlines count them. */
	CHECK(time_parse("2026-01-01 16:00", &a) == CT_OK);
	CHECK(time_parse("2026-04-01 08:00", &b) == CT_OK);
	CHECK(time_days_between(a, b) == 90);
	/* Local days, not UTC ones: 07:00 and 09:00 on one Shanghai day
	 * fall on two UTC days. */
	CHECK(time_parse("2026-11-25 07:00", &a) == CT_OK);
	CHECK(time_parse("2026-11-25 09:00", &b) == CT_OK);
	CHECK(time_days_between(a, b) == 0);
}

/* CASETRAIL_NOW is read once, at the first time_now() of a process. */
static void
test_now(void)
{
	time_t t;
	char buf[32];
	pid_t pid;
	int status;

	/* Without it, the clock: in a child, whose first call this is. */
	if ((pid = fork()) == 0) {
		unsetenv("CASETRAIL_NOW");
		t = time(NULL);
		_exit(time_now() >= t && time_now() <= t + 5 &&
		    time_now_check() == CT_OK ? 0 : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* A bad one is ignored by time_now (cmd/ reports it). */
	if ((pid = fork()) == 0) {
		setenv("CASETRAIL_NOW", "yesterday", 1);
		t = time(NULL);
		_exit(time_now() >= t && time_now() <= t + 5 ? 0 : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 0);

	setenv("CASETRAIL_NOW", "2026-11-25 09:30", 1);
	CHECK(time_now_check() == CT_OK);
	CHECK(strcmp(time_utc(time_now(), buf), "2026-11-25T01:30:00Z") == 0);
	setenv("CASETRAIL_NOW", "2030-01-01T00:00:00Z", 1);
	CHECK(time_now_check() == CT_OK);
	CHECK(strcmp(time_utc(time_now(), buf), "2026-11-25T01:30:00Z") == 0);
	setenv("CASETRAIL_NOW", "yesterday", 1);
	CHECK(time_now_check() == CT_USAGE);
	CHECK(strstr(ct_errmsg(), "bad CASETRAIL_NOW 'yesterday'") != NULL);
	setenv("CASETRAIL_NOW", "2026-02-30", 1);
	CHECK(time_now_check() == CT_USAGE);
	setenv("CASETRAIL_NOW", "", 1);
	CHECK(time_now_check() == CT_OK);
	unsetenv("CASETRAIL_NOW");
	CHECK(time_now_check() == CT_OK);
}

int
main(void)
{
	CHECK(time_set_zone("Asia/Shanghai") == CT_OK);
	test_now();
	test_parse();
	test_parse_date();
	test_format();
	test_days_between();
	test_zone_changes();
	UNIT_END();
}
