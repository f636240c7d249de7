/* publish_withdraw.c: a publication withdrawn (publish-withdraw(1)).
 * The withdraw entry names the case, why (changed, revoked, unlawful,
 * void: 变更、撤销、确认违法、确认无效) and the public reason; the next
 * export takes the record down and lists the withdrawal.  How late it
 * comes is judged from the record: the decision was changed by its
 * case's newest decision-change entry, and the withdrawal is late past
 * deadline.withdraw working days after that entry's day. */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "publish.h"

const char publish_because[] = "changed revoked unlawful void";

/* Whether case_id is published now (today): a publication row that no
 * withdrawal followed and whose last day has not passed. */
static int
published_now(struct ct_store *st, const char *case_id, const char *today,
    int *yes)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT (SELECT count(*) FROM cases "
	    "WHERE id = ?1), EXISTS (SELECT 1 FROM publication p WHERE "
	    "p.case_id = ?1 AND p.ends >= ?2 AND NOT EXISTS (SELECT 1 FROM "
	    "withdrawal w WHERE w.case_id = p.case_id AND w.seq > p.seq))",
	    -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the publications");
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, today, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = ct_fail_sqlite(st->db, "cannot read the publications");
	else if (sqlite3_column_int(s, 0) == 0)
		rc = ct_fail(CT_NOTFOUND, "cannot find case '%s'", case_id);
	else
		rc = (*yes = sqlite3_column_int(s, 1), CT_OK);
	sqlite3_finalize(s);
	return rc;
}

/* The local day of case_id's newest decision-change entry, or "". */
static int
changed_day(struct ct_store *st, const char *case_id, char day[11])
{
	sqlite3_stmt *s;
	time_t t;
	int rc = CT_OK;

	day[0] = '\0';
	if (sqlite3_prepare_v2(st->db, "SELECT coalesce(line->>'$.body.at', "
	    "line->>'$.at') FROM journal WHERE case_id = ?1 AND action = "
	    "'decision-change' ORDER BY seq DESC LIMIT 1", -1, &s, NULL) !=
	    SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the case");
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		if ((rc = time_from_utc(sql_text(s, 0), &t)) == CT_OK)
			time_local_date(t, day);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Whether a withdrawal on today is late: past deadline.withdraw working
 * days after changed (a day, or "": not known to be changed); *ends if
 * that count ran past the holiday calendar's last year (calendar-ends):
 * then *ends is the first year the calendar lacks. */
static int
withdraw_late(struct ct_store *st, const char *changed, const char *today,
    int *late, int *ends)
{
	struct calendar cal;
	long from, now;
	int rc;

	*late = *ends = 0;
	if (changed[0] == '\0')
		return CT_OK;
	if ((rc = calendar_of(&cal, &st->conf)) == CT_OK &&
	    calendar_parse_date(changed, &from) == CT_OK &&
	    calendar_parse_date(today, &now) == CT_OK)
		*late = now > calendar_after(&cal, from, st->conf.withdraw_days,
		    ends);
	if (*ends)
		*ends = cal.last_year + 1;
	calendar_free(&cal);
	return rc;
}

static int
withdraw_append(struct ct_store *st, const char *case_id, const char *because,
    const char *reason, const char *today, const char *changed, int late)
{
	sqlite3_stmt *s;
	int64_t seq;
	int rc;

	/* Only what is known goes in: no "changed" for a decision never
	 * changed, no "late" for one on time. */
	if (sqlite3_prepare_v2(st->db, "SELECT json_patch('{}', json_object("
	    "'case_id',?1,'because',?2,'reason',?3,'day',?4,'changed',?5,"
	    "'late',CASE WHEN ?6 THEN json('true') END))", -1, &s, NULL) !=
	    SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot make the withdraw entry");
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, because, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, today, -1, SQLITE_STATIC);
	if (changed[0] != '\0')
		sqlite3_bind_text(s, 5, changed, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, late);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = ct_fail_sqlite(st->db, "cannot make the withdraw entry");
	else if ((rc = journal_append(st, NULL, "withdraw", NULL,
	    sql_text(s, 0), &seq)) == CT_OK)
		rc = apply_entry(st, action_find("withdraw"), seq);
	sqlite3_finalize(s);
	return rc;
}

static int
withdraw(struct ct_store *st, const char *case_id, const char *because,
    const char *reason, int *late, char changed[11], int *needs_year)
{
	char today[11];
	int yes = 0, rc;

	if (!word_in(because, publish_because))
		return ct_fail(CT_USAGE, "unknown reason '%s' (--because: %s)",
		    because, publish_because);
	if (reason == NULL || reason[0] == '\0')
		return ct_fail(CT_USAGE, "a withdrawal needs its public reason "
		    "(--reason)");
	if ((rc = utf8_check_field("reason", reason, strlen(reason), 2000, 1)))
		return rc;
	time_local_date(time_now(), today);
	if ((rc = case_id_check(case_id)) ||
	    (rc = rules_entry(st, action_find("withdraw"), time_now(), NULL,
	    0)) || (rc = published_now(st, case_id, today, &yes)))
		return rc;
	if (!yes)
		return ct_fail(CT_REFUSED, "case '%s' is not published: there "
		    "is nothing to withdraw", case_id);
	if ((rc = changed_day(st, case_id, changed)) ||
	    (rc = withdraw_late(st, changed, today, late, needs_year)))
		return rc;
	return withdraw_append(st, case_id, because, reason, today, changed,
	    *late);
}

int
ct_publish_withdraw(struct ct_store *st, const char *case_id,
    const char *because, const char *reason, int *late, char changed[11],
    int *needs_year)
{
	int rc;

	*late = *needs_year = 0;
	changed[0] = '\0';
	if ((rc = write_begin(st)))
		return rc;
	return store_end(st, withdraw(st, case_id, because, reason, late,
	    changed, needs_year));
}
