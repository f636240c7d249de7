/* review_list.c: the reviews as review-list(1) and case-show(1) show
 * them, from the review table and the verdict entries it names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A review, its verdict's opinion and points ("-" for none: a list
 * joined in tsv keeps each point in its place), and its issues. */
#define LIST_SQL "SELECT r.id, r.case_id, r.state, r.draft, " \
	"r.submitted_at, r.due, r.reviewer, d.line->>'$.body.text', " \
	"(SELECT json_group_array(coalesce(p.value, '-')) FROM " \
	"json_each(d.line, '$.body.points') p WHERE d.seq IS NOT NULL), " \
	"(SELECT group_concat((p.key + 1) || ': ' || substr(p.value, 7), " \
	"'; ') FROM json_each(d.line, '$.body.points') p WHERE p.value LIKE " \
	"'issue:%') FROM review r LEFT JOIN journal d ON d.seq = " \
	"r.decided_seq WHERE (?1 = 0 OR r.state = 'pending') AND (?2 = 0 OR " \
	"(r.state = 'pending' AND r.due < ?3)) AND (?4 IS NULL OR " \
	"r.reviewer = ?4) AND (?5 IS NULL OR r.case_id = ?5) ORDER BY r.id"

static const char *
text_or_null(sqlite3_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s, col);
}

/* Calls fn for each review row of s; its due day flagged calendar-ends
 * when it lies past the last year of cal.  The day was counted when the
 * review was submitted; a year the calendar lists since would have
 * counted it otherwise, so the flag is judged on the calendar now. */
static int
each_review(sqlite3_stmt *s, const struct calendar *cal, const char *today,
    int (*fn)(const struct review_row *, void *), void *ctx)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct review_row r = {
			.id = sqlite3_column_int64(s, 0),
			.case_id = sql_text(s, 1), .state = sql_text(s, 2),
			.draft = sql_text(s, 3), .submitted_at = sql_text(s, 4),
			.due = sql_text(s, 5), .reviewer = text_or_null(s, 6),
			.opinion = text_or_null(s, 7),
			.points = text_or_null(s, 8),
			.issues = text_or_null(s, 9),
		};
		long due;

		r.overdue = strcmp(r.state, "pending") == 0 &&
		    strcmp(r.due, today) < 0;
		r.calendar_ends = calendar_parse_date(r.due, &due) == CT_OK &&
		    calendar_ends(cal, due);
		if ((rc = fn(&r, ctx)) != CT_OK)
			return rc;
	}
	return rc == SQLITE_DONE ? CT_OK :
	    ct_fail_sqlite(sqlite3_db_handle(s), "cannot list the reviews");
}

int
review_list(struct ct_store *st, const struct review_filter *f,
    int (*fn)(const struct review_row *, void *), void *ctx)
{
	struct calendar cal;
	char today[16];
	sqlite3_stmt *s;
	int rc;

	if (f->case_id != NULL && (rc = case_id_check(f->case_id)))
		return rc;
	time_local_date(time_now(), today);
	if ((rc = calendar_of(&cal, &st->conf)))
		return rc;
	if (sqlite3_prepare_v2(st->db, LIST_SQL, -1, &s, NULL) != SQLITE_OK) {
		calendar_free(&cal);
		return ct_fail_sqlite(st->db, "cannot list the reviews");
	}
	sqlite3_bind_int(s, 1, f->pending);
	sqlite3_bind_int(s, 2, f->overdue);
	sqlite3_bind_text(s, 3, today, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, f->reviewer, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, f->case_id, -1, SQLITE_STATIC);
	rc = each_review(s, &cal, today, fn, ctx);
	sqlite3_finalize(s);
	calendar_free(&cal);
	return rc;
}

int
review_history_json(struct ct_store *st, const char *case_id, char **json)
{
	struct calendar cal;
	sqlite3_stmt *s;
	char last[16];
	int rc = CT_OK;

	/* calendar-ends, as review_list judges it: a due day past the
	 * last day of the calendar's last year. */
	*json = NULL;
	if ((rc = calendar_of(&cal, &st->conf)))
		return rc;
	snprintf(last, sizeof last, "%04d-12-31", cal.last_year % 10000);
	if (sqlite3_prepare_v2(st->db, "SELECT json_group_array(json_object("
	    "'id', r.id, 'state', r.state, 'submitted', r.submitted_at, 'due', "
	    "r.due, 'reviewer', r.reviewer, 'opinion', d.line->>'$.body.text', "
	    "'points', d.line->'$.body.points', 'calendar_ends', CASE WHEN ?2 "
	    "IS NOT NULL AND r.due > ?2 THEN 'yes' ELSE 'no' END)) FROM (SELECT "
	    "* FROM review WHERE case_id = ?1 ORDER BY id) r LEFT JOIN journal "
	    "d ON d.seq = r.decided_seq", -1, &s, NULL) != SQLITE_OK) {
		calendar_free(&cal);
		return ct_fail_sqlite(st->db, "cannot read the reviews");
	}
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	if (cal.last_year != 0)
		sqlite3_bind_text(s, 2, last, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = ct_fail_sqlite(st->db, "cannot read the reviews");
	else if ((*json = strdup(sql_text(s, 0))) == NULL)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	sqlite3_finalize(s);
	calendar_free(&cal);
	return rc;
}
