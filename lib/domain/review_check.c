/* review_check.c: the pre-check of a draft submitted for legal review
 * (review-submit(1)): of the ten points a reviewer judges (casetrail(7),
 * REVIEW), those the record can answer, each judged by the rules the
 * writers and the gate apply, so that the pre-check and the gate agree:
 * (2) the officers qualified on every step (rule_qualified, rule_role,
 * rule_present); (4) evidence for the facts; (5) the two-year limitation
 * (行政处罚法 art. 36); (7) the procedure: the notice, the statement
 * period, the hearing window, nothing heavier than the notice
 * (rules_decide.c), two officers on site, audio or video where the
 * vocabulary asks for it, the 90-day limit (deadline.decide); (9) the
 * documents.  A finding is no refusal: the reviewer decides. */
#include <stdlib.h>
#include <string.h>

#include "review.h"

/* The case's steps: each with its officer, those named, its flags. */
#define STEPS_SQL "SELECT j.action, coalesce(j.line->>'$.body.at', " \
	"j.line->>'$.body.filed_at', j.line->>'$.at'), j.line->>'$.officer', " \
	"j.line->>'$.body.officers', instr(j.line->>'$.body.flags', 'no-av') " \
	"> 0 FROM journal j WHERE j.case_id = ?1 ORDER BY j.seq"
#define CASE_SQL "SELECT c.filed_at, (SELECT count(*) FROM evidence e " \
	"WHERE e.case_id = c.id), (SELECT count(*) FROM evidence e WHERE " \
	"e.case_id = c.id AND e.kind = 'document') FROM cases c WHERE c.id = ?1"

struct check {
	struct ct_store *st;
	const char *case_id;
	int (*fn)(const struct ct_finding *, void *);
	void *ctx;
	int rc;
	char seen[8][65];       /* officers found unqualified, reported once */
	int nseen;
	/* The judgements that held, by officer, time and role: a case's
	 * steps repeat them (the same officers, day after day). */
	char held[256][112];
};

/* The slot of judgement key in c->held, and whether it is there. */
static int
held(struct check *c, const char *key, size_t *slot)
{
	uint32_t h = 2166136261u;

	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	*slot = h % 256;
	return strcmp(c->held[*slot], key) == 0;
}

static void
found(struct check *c, int point, const char *fmt, const char *a,
    const char *b)
{
	char text[1024];
	struct ct_finding f = { point, text };

	if (c->rc != CT_OK)
		return;
	snprintf(text, sizeof text, fmt, a, b);
	c->rc = c->fn(&f, c->ctx);
}

/* Officer id at the step of action at time at: qualified then, in the
 * role the action needs (actor) or the officer's (named). */
static int
officer_step(struct check *c, const char *action, const char *at,
    const char *id, int actor)
{
	const struct action *a = action_find(action);
	const struct cred *cr = NULL;
	char key[112];
	size_t slot;
	time_t t;
	int rc;

	snprintf(key, sizeof key, "%s %s %s", id, at, actor ? a->role : "-");
	if (held(c, key, &slot))
		return CT_OK;
	for (int i = 0; i < c->nseen; i++)
		if (strcmp(c->seen[i], id) == 0)
			return CT_OK;
	if ((rc = rules_cred(c->st, id, &cr)) == CT_NOTFOUND || cr == NULL)
		rc = ct_fail(CT_NOTFOUND, "no officer '%s'", id);
	else if (rc == CT_OK && time_from_utc(at, &t) == CT_OK)
		rc = actor ? rule_role(a, cr) : rule_present(cr);
	if (rc == CT_OK && time_from_utc(at, &t) == CT_OK)
		rc = rule_qualified(cr, t);
	if (rc == CT_SYSTEM)
		return rc;
	if (rc == CT_OK && strlen(key) < sizeof key - 1)
		memcpy(c->held[slot], key, strlen(key) + 1);
	if (rc != CT_OK) {
		found(c, 2, "%s (the %s)", ct_errmsg(), action);
		if (c->nseen < 8)
			snprintf(c->seen[c->nseen++], 65, "%s", id);
	}
	return CT_OK;
}

/* The officers named in a step, a JSON array of IDs (no quote or
 * backslash in one: officer_id_check). */
static int
named(struct check *c, const char *action, const char *at, const char *list,
    int *n)
{
	char id[65];
	int rc;

	*n = 0;
	for (const char *p = list; p != NULL && (p = strchr(p, '"')) != NULL;) {
		const char *end = strchr(++p, '"');
		size_t len;

		if (end == NULL)
			break;
		if ((len = (size_t)(end - p)) < sizeof id) {
			memcpy(id, p, len);
			id[len] = '\0';
			(*n)++;
			if ((rc = officer_step(c, action, at, id, 0)))
				return rc;
		}
		p = end + 1;
	}
	return CT_OK;
}

/* Points 2 and 7 over the steps: qualified officers, two on site,
 * audio or video. */
static int
steps(struct check *c)
{
	sqlite3_stmt *s;
	int rc, err = CT_OK, n, onsite = 0, noav = 0;
	char num[32];

	if (sqlite3_prepare_v2(c->st->db, STEPS_SQL, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(c->st->db, "cannot read the case");
	sqlite3_bind_text(s, 1, c->case_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *action = sql_text(s, 0), *at = sql_text(s, 1);
		const struct action *a = action_find(action);

		if (strcmp(action, "review-decide") == 0 || a == NULL)
			continue;
		if ((err = officer_step(c, action, at, sql_text(s, 2), 1)) ||
		    (err = named(c, action, at, sql_text(s, 3), &n)))
			break;
		onsite += (a->flags & ACT_ONSITE) && n < 1;
		noav += sqlite3_column_int(s, 4);
	}
	sqlite3_finalize(s);
	if (err != CT_OK)
		return err;
	if (rc != SQLITE_DONE)
		return ct_fail_sqlite(c->st->db, "cannot read the case");
	if (onsite) {
		snprintf(num, sizeof num, "%d", onsite);
		found(c, 7, "%s on-site steps name fewer than two officers%s",
		    num, "");
	}
	if (noav) {
		snprintf(num, sizeof num, "%d", noav);
		found(c, 7, "%s steps lack the audio or video record they need "
		    "(flagged)%s", num, "");
	}
	return CT_OK;
}

/* Point 7 by the rules of a penalty decision, as the gate judges it
 * today. */
static int
procedure(struct check *c, const struct ct_penalty *p, long today)
{
	struct decide_facts f;
	struct decide_claim k = { .case_id = c->case_id, .action = "decision",
	    .p = p, .f = &f, .conf = &c->st->conf, .day = today };
	int (*const rules[])(const struct decide_claim *) = {
	    rule_decision_notice, rule_decision_heavier,
	    rule_decision_statement, rule_decision_hearing };
	struct calendar cal;
	int rc;

	if ((rc = decide_facts(c->st, c->case_id, INT64_MAX, NULL, &f)) ||
	    (rc = calendar_of(&cal, &c->st->conf)))
		return rc;
	k.cal = &cal;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if ((rc = rules[i](&k)) == CT_REFUSED)
			found(c, 7, "%s%s", ct_errmsg(), "");
		else if (rc != CT_OK)
			break;
	calendar_free(&cal);
	return rc == CT_REFUSED ? CT_OK : rc;
}

/* Points 4, 5, 7 (the 90-day limit) and 9 from the case's row. */
static int
record(struct check *c, long today)
{
	sqlite3_stmt *s;
	char date[16] = "";
	int64_t evidence = 0, documents = 0;
	time_t t = 0;
	long day = 0;
	int y, m, d;

	if (sqlite3_prepare_v2(c->st->db, CASE_SQL, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(c->st->db, "cannot read the case");
	sqlite3_bind_text(s, 1, c->case_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ct_fail(CT_NOTFOUND, "cannot find case '%s'", c->case_id);
	}
	if (time_from_utc(sql_text(s, 0), &t) == CT_OK)
		(void)calendar_parse_date(time_local_date(t, date), &day);
	evidence = sqlite3_column_int64(s, 1);
	documents = sqlite3_column_int64(s, 2);
	sqlite3_finalize(s);
	if (evidence == 0)
		found(c, 4, "the case has no evidence for the facts%s%s", "", "");
	/* The record has no date of the facts: the filing stands for it. */
	calendar_date(day, &y, &m, &d);
	if (today >= calendar_day(y + 2, m, d))
		found(c, 5, "the case was filed on %s, two years or more ago: "
		    "the limitation of art. 36%s", date, "");
	if (today > day + c->st->conf.decide_days)
		found(c, 7, "the case was filed on %s, more than the days of "
		    "deadline.decide ago%s", date, "");
	if (documents == 0)
		found(c, 9, "no document among the evidence%s%s", "", "");
	return CT_OK;
}

int
ct_review_check(struct ct_store *st, const char *case_id,
    const struct ct_penalty *p,
    int (*fn)(const struct ct_finding *, void *), void *ctx)
{
	struct check c = { .st = st, .case_id = case_id, .fn = fn, .ctx = ctx };
	char date[16];
	long today;
	int rc;

	if ((rc = case_id_check(case_id)))
		return rc;
	if (calendar_parse_date(time_local_date(time_now(), date), &today))
		return ct_fail(CT_SYSTEM, "no date for today");
	if ((rc = record(&c, today)) == CT_OK && c.rc == CT_OK &&
	    (rc = steps(&c)) == CT_OK && c.rc == CT_OK)
		rc = procedure(&c, p, today);
	return rc != CT_OK ? rc : c.rc;
}
