/* case_publish.c: a decided case's publication due day, as case-list(1)
 * --unpublished and --publish-overdue show it: deadline.publish-penalty
 * working days after the decision's day for a penalty or licensing case
 * (行政处罚、行政许可: the two published within 7 working days, 双公示),
 * deadline.publish for any other, counted on the holiday calendar of
 * casetrail.conf(5).  A due day counted past the calendar's last year
 * (Monday to Friday, its holidays and make-up working days not known
 * yet) is flagged calendar-ends, and the clock remembers the year the
 * calendar lacks, so that a missing year is never silent. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

int
publish_clock_open(struct ct_store *st, struct publish_clock *k)
{
	char today[16];
	int rc;

	memset(k, 0, sizeof *k);
	k->penalty_days = st->conf.publish_penalty_days;
	k->other_days = st->conf.publish_days;
	if ((rc = calendar_of(&k->cal, &st->conf)))
		return rc;
	if (calendar_parse_date(time_local_date(time_now(), today),
	    &k->today) != CT_OK)
		return ct_fail(CT_SYSTEM, "no date for today");
	return CT_OK;
}

void
publish_clock_close(struct publish_clock *k)
{
	calendar_free(&k->cal);
}

int
publish_due(struct publish_clock *k, const char *type, time_t decided_at,
    struct publish_due *d)
{
	char date[16];
	long day;
	int y, m, dd;

	memset(d, 0, sizeof *d);
	if (calendar_parse_date(time_local_date(decided_at, date), &day) !=
	    CT_OK)
		return ct_fail(CT_SYSTEM, "no date for the decision");
	day = calendar_after(&k->cal, day, strcmp(type, "penalty") == 0 ||
	    strcmp(type, "license") == 0 ? k->penalty_days : k->other_days,
	    &d->calendar_ends);
	calendar_date(day, &y, &m, &dd);
	snprintf(d->day, sizeof d->day, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)dd % 100u);
	/* The due day itself is still on time. */
	d->overdue = k->today > day;
	if (d->calendar_ends)
		k->needs_year = k->cal.last_year + 1;
	return CT_OK;
}
