/* review.c: the legal review's writers (review.h): a handler's draft
 * submitted (review-submit), a reviewer's verdict (review-decide), what
 * the journal says of a review before an entry, and the draft a review
 * approved, which case-log --action decision records when given
 * nothing else. */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "review.h"

#define STATE_SQL "SELECT j.case_id, j.line->>'$.body.draft', coalesce(" \
	"(SELECT d.line->>'$.body.verdict' FROM journal d WHERE d.case_id = " \
	"j.case_id AND d.seq > j.seq AND d.seq < ?2 AND d.action = " \
	"'review-decide' AND d.line->>'$.body.review' = j.seq ORDER BY d.seq " \
	"DESC LIMIT 1), CASE WHEN EXISTS (SELECT 1 FROM journal s WHERE " \
	"s.case_id = j.case_id AND s.seq > j.seq AND s.seq < ?2 AND s.action " \
	"= 'review-submit') THEN 'superseded' ELSE 'pending' END), EXISTS (" \
	"SELECT 1 FROM journal c WHERE c.case_id = j.case_id AND c.seq < ?2 " \
	"AND c.action <> 'review-decide' AND (c.line->>'$.officer' = ?3 OR " \
	"EXISTS (SELECT 1 FROM json_each(c.line, '$.body.officers') x WHERE " \
	"x.value = ?3) OR EXISTS (SELECT 1 FROM json_each(c.line, " \
	"'$.body.handlers') x WHERE x.value = ?3))), EXISTS (SELECT 1 FROM " \
	"journal q WHERE q.seq < ?2 AND q.action IN ('officer-add', " \
	"'officer-update') AND q.line->>'$.body.id' = ?3 AND " \
	"q.line->>'$.body.qualification' IS NOT NULL) FROM journal j WHERE " \
	"j.seq = ?1 AND j.seq < ?2 AND j.action = 'review-submit'"

int
review_facts(struct ct_store *st, int64_t id, const char *officer,
    int64_t before, struct review_facts *f)
{
	sqlite3_stmt *s;
	int rc;

	memset(f, 0, sizeof *f);
	if (sqlite3_prepare_v2(st->db, STATE_SQL, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the review");
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, before);
	sqlite3_bind_text(s, 3, officer, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		f->found = 1;
		snprintf(f->case_id, sizeof f->case_id, "%s", sql_text(s, 0));
		snprintf(f->draft, sizeof f->draft, "%s", sql_text(s, 1));
		snprintf(f->state, sizeof f->state, "%s", sql_text(s, 2));
		f->involved = sqlite3_column_int(s, 3);
		f->qualified = sqlite3_column_int(s, 4);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? CT_OK :
	    ct_fail_sqlite(st->db, "cannot read the review");
}

int
review_due(const struct ct_conf *c, long day, char *buf)
{
	struct calendar cal;
	int y, m, d, ends, rc;

	/* Past the calendar's last year the day is counted Monday to
	 * Friday; review-list flags it (calendar-ends) from the day. */
	if ((rc = calendar_of(&cal, c)))
		return rc;
	calendar_date(calendar_after(&cal, day, c->review_days, &ends), &y, &m,
	    &d);
	calendar_free(&cal);
	snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
	    (unsigned)d % 100u);
	return CT_OK;
}

/* The case's stage, checked to take an entry of action a by the actor
 * now. */
static int
case_takes(struct ct_store *st, const char *case_id, const struct action *a,
    char stage[16])
{
	sqlite3_stmt *s;
	char status[16];
	int rc;

	if ((rc = case_id_check(case_id)))
		return rc;
	if ((s = store_stmt(st, SLOT_CASE_STATE, CASE_STATE_SQL)) == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return ct_fail(CT_NOTFOUND, "cannot find case '%s'", case_id);
	}
	snprintf(stage, 16, "%s", sql_text(s, 0));
	snprintf(status, sizeof status, "%s", sql_text(s, 1));
	sqlite3_reset(s);
	if ((rc = rule_case_accepts(case_id, status, a)))
		return rc;
	return rules_entry(st, a, time_now(), NULL, 0);
}

/* Appends entry body (JSON text) of action a to case_id in stage, and
 * applies it: its rows, and the case's stage. */
static int
append(struct ct_store *st, const char *case_id, const struct action *a,
    const char *stage, const char *body, int64_t *seq)
{
	struct case_log_batch b = { 0 };
	int rc;

	if ((rc = journal_append(st, case_id, a->name, stage, body, seq)) ||
	    (rc = apply_entry(st, a, *seq)) ||
	    (rc = case_touch_entry(st, &b, case_id, a, stage, st->now, 0,
	    *seq))) {
		case_log_batch_free(&b);
		return rc;
	}
	return case_log_flush(st, &b);
}

/* Runs sql, a SELECT of one text, into *out (malloc'd). */
static int
select_text(struct ct_store *st, sqlite3_stmt *s, char **out)
{
	int rc = sqlite3_step(s);

	*out = NULL;
	if (rc == SQLITE_ROW && (*out = strdup(sql_text(s, 0))) == NULL)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	else if (rc == SQLITE_ROW)
		rc = CT_OK;
	else
		rc = ct_fail_sqlite(st->db, "cannot make the entry");
	sqlite3_finalize(s);
	return rc;
}

/* The body of a review-submit entry, into *body (malloc'd). */
static int
submit_body(struct ct_store *st, const struct ct_review_new *r,
    const char *evidence, char **body)
{
	struct decide_facts f;
	const char *rule = NULL;
	char draft[65], due[11], date[16], *pj = NULL;
	sqlite3_stmt *s;
	time_t now;
	long day;
	int rc;

	if ((rc = decide_facts(st, r->case_id, (int64_t)st->tree.size + 1,
	    NULL, &f)) ||
	    (rc = penalty_major(&st->conf, f.party_kind, r->penalty,
	    f.hearings > 0, &rule)) ||
	    (rc = ct_penalty_draft_hash(r->penalty, r->text, draft)) ||
	    (rc = ct_penalty_json(r->penalty, &pj)))
		return rc;
	if (time_from_utc(st->now, &now) != CT_OK ||
	    calendar_parse_date(time_local_date(now, date), &day) != CT_OK ||
	    (rc = review_due(&st->conf, day, due))) {
		free(pj);
		return rc ? rc : ct_fail(CT_SYSTEM, "no time for the entry");
	}
	if (sqlite3_prepare_v2(st->db, "SELECT json_patch(json_object('at',?1,"
	    "'text',?2,'penalty',json(?3),'draft',?4,'due',?5), json_object("
	    "'major',?6,'evidence',json(?7)))", -1, &s, NULL) != SQLITE_OK) {
		free(pj);
		return ct_fail_sqlite(st->db, "cannot make the entry");
	}
	sqlite3_bind_text(s, 1, st->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, r->text ? r->text : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, pj, -1, free);
	sqlite3_bind_text(s, 4, draft, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, due, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, r->nevidence ? evidence : NULL, -1,
	    SQLITE_STATIC);
	return select_text(st, s, body);
}

int
review_submit(struct ct_store *st, const struct ct_review_new *r,
    int64_t *id)
{
	const struct action *a = action_find("review-submit");
	char stage[16], ids[64][65], evidence[64 * 67 + 3], *body = NULL;
	const char *list[64];
	int rc;

	if (!ct_penalty_given(r->penalty))
		return ct_fail(CT_USAGE, "a review is of an intended decision: "
		    "give its penalty options (--penalty, --fine, ...)");
	if ((rc = ct_penalty_check(r->penalty)) ||
	    (rc = utf8_check_field("text", r->text ? r->text : "",
	    r->text ? strlen(r->text) : 0, 256 * 1024, 1)) ||
	    (rc = case_takes(st, r->case_id, a, stage)))
		return rc;
	for (int i = 0; i < r->nevidence; i++) {
		if ((rc = evidence_resolve(st, r->evidence[i], r->case_id, ids[i],
		    NULL)))
			return rc;
		list[i] = ids[i];
	}
	if ((rc = json_words(list, r->nevidence, evidence, sizeof evidence)) ||
	    (rc = submit_body(st, r, evidence, &body)))
		return rc;
	rc = append(st, r->case_id, a, a->stage, body, id);
	free(body);
	return rc;
}

int
review_decide(struct ct_store *st, const struct ct_review_verdict *v)
{
	const struct action *a = action_find("review-decide");
	struct review_facts f;
	char stage[16], *body = NULL;
	sqlite3_stmt *s;
	int64_t seq;
	int rc;

	if ((rc = rule_review_points(v)) ||
	    (rc = utf8_check_field("opinion", v->opinion ? v->opinion : "",
	    v->opinion ? strlen(v->opinion) : 0, 256 * 1024, 1)) ||
	    (rc = review_facts(st, v->id, st->actor, (int64_t)st->tree.size + 1,
	    &f)))
		return rc;
	if (!f.found)
		return ct_fail(CT_NOTFOUND, "cannot find review %lld",
		    (long long)v->id);
	if ((rc = case_takes(st, f.case_id, a, stage)) ||
	    (rc = rule_review_decide(st->actor, v, &f)))
		return rc;
	if (sqlite3_prepare_v2(st->db, "SELECT json_object('at',?1,'text',?2,"
	    "'review',?3,'verdict',?4,'draft',?5,'points',json_array(?6,?7,?8,"
	    "?9,?10,?11,?12,?13,?14,?15))", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot make the entry");
	sqlite3_bind_text(s, 1, st->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, v->opinion ? v->opinion : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, v->id);
	sqlite3_bind_text(s, 4, v->verdict, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, f.draft, -1, SQLITE_STATIC);
	for (int i = 0; i < REVIEW_POINTS; i++)
		sqlite3_bind_text(s, 6 + i, v->points[i], -1, SQLITE_STATIC);
	if ((rc = select_text(st, s, &body)))
		return rc;
	rc = append(st, f.case_id, a, stage, body, &seq);
	free(body);
	return rc;
}

int
ct_review_submit(struct ct_store *st, const struct ct_review_new *r,
    int64_t *id)
{
	int rc;

	if ((rc = write_begin(st)))
		return rc;
	return store_end(st, review_submit(st, r, id));
}

int
ct_review_decide(struct ct_store *st, const struct ct_review_verdict *v)
{
	int rc;

	if ((rc = write_begin(st)))
		return rc;
	return store_end(st, review_decide(st, v));
}
