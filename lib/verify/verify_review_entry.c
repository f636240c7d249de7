/* verify_review_entry.c: store-verify's replay of the legal review
 * (review.h).  A review-submit entry's draft hash, major rule and due
 * day are made again from its fields and the casetrail.conf in force
 * when it was recorded, and its materials must be evidence of its case;
 * a review-decide entry is held to the rules its writer applied
 * (rule_review_points, rule_review_decide) on what the journal says
 * before it, and names its review's draft.  The gate itself is replayed
 * with the other rules of a decision (verify_decide.c). */
#include <stdlib.h>
#include <string.h>

#include "review.h"
#include "verify.h"

#define SUBMIT_SQL "SELECT j.case_id, j.line->>'$.body.at', " \
	"j.line->>'$.body.draft', j.line->>'$.body.due', " \
	"j.line->>'$.body.major', (SELECT count(*) FROM json_each(j.line, " \
	"'$.body.evidence') x WHERE NOT EXISTS (SELECT 1 FROM journal e " \
	"WHERE e.case_id = j.case_id AND e.seq < j.seq AND e.action = " \
	"'evidence-add' AND e.line->>'$.body.id' = x.value)) FROM journal j " \
	"WHERE j.seq = ?1"
#define DECIDE_SQL "SELECT j.case_id, j.line->>'$.officer', " \
	"j.line->>'$.body.review', j.line->>'$.body.verdict', " \
	"j.line->>'$.body.draft', j.line->'$.body.points', " \
	"json_array_length(j.line, '$.body.points') FROM journal j WHERE " \
	"j.seq = ?1"

/* What a review-submit entry says against what its fields make. */
static int
submitted(struct vrules *v, struct verify_report *r, int64_t seq,
    sqlite3_stmt *s)
{
	struct review_draft d;
	struct decide_facts f;
	struct ct_conf c;
	const char *rule = NULL, *major = sqlite3_column_type(s, 4) ==
	    SQLITE_NULL ? NULL : sql_text(s, 4);
	char draft[65], due[11] = "", date[16];
	time_t at;
	long day;
	int rc;

	if (sqlite3_column_int(s, 5) > 0)
		return verify_found(r, "entry %lld: a review's materials that "
		    "are no evidence of its case", (long long)seq);
	if ((rc = review_draft_of(v->st, seq, &d)))
		return rc;
	if (!ct_penalty_given(&d.p) || ct_penalty_check(&d.p) != CT_OK ||
	    time_from_utc(sql_text(s, 1), &at) != CT_OK) {
		review_draft_free(&d);
		return verify_found(r, "entry %lld: a review's draft whose "
		    "fields do not hold", (long long)seq);
	}
	if ((rc = conf_then(v->st, at, &c)) == CT_OK &&
	    (rc = decide_facts(v->st, sql_text(s, 0), seq, NULL, &f)) ==
	    CT_OK && (rc = ct_penalty_draft_hash(&d.p, d.text, draft)) ==
	    CT_OK && (rc = penalty_major(&c, f.party_kind, &d.p,
	    f.hearings > 0, &rule)) == CT_OK &&
	    calendar_parse_date(time_local_date(at, date), &day) == CT_OK)
		rc = review_due(&c, day, due);
	review_draft_free(&d);
	conf_free(&c);
	if (rc != CT_OK)
		return rc;
	if (strcmp(draft, sql_text(s, 2)) != 0)
		return verify_found(r, "entry %lld: the review's draft hash is "
		    "not its draft's", (long long)seq);
	if ((rule == NULL) != (major == NULL) ||
	    (rule != NULL && strcmp(rule, major) != 0))
		return verify_found(r, "entry %lld: it says major by %s, the "
		    "catalogue by %s", (long long)seq, major ? major : "none",
		    rule ? rule : "none");
	if (strcmp(due, sql_text(s, 3)) != 0)
		return verify_found(r, "entry %lld: the review is due %s, not "
		    "%s (deadline.review)", (long long)seq, sql_text(s, 3), due);
	return CT_OK;
}

/* A review-decide entry by the rules its writer applied. */
static int
decided(struct vrules *v, struct verify_report *r, int64_t seq,
    sqlite3_stmt *s)
{
	struct ct_review_verdict k = { .id = sqlite3_column_int64(s, 2),
	    .verdict = sql_text(s, 3) };
	struct review_facts f;
	sqlite3_stmt *p;
	int rc;

	if (sqlite3_column_int(s, 6) != REVIEW_POINTS)
		return verify_found(r, "entry %lld: a review's verdict without "
		    "its ten points", (long long)seq);
	if (sqlite3_prepare_v2(v->st->db, "SELECT value FROM json_each(?1) "
	    "ORDER BY key", -1, &p, NULL) != SQLITE_OK)
		return ct_fail_sqlite(v->st->db, "cannot read the journal");
	sqlite3_bind_text(p, 1, sql_text(s, 5), -1, SQLITE_STATIC);
	for (int i = 0; i < REVIEW_POINTS && sqlite3_step(p) == SQLITE_ROW; i++)
		k.points[i] = sqlite3_column_type(p, 0) == SQLITE_NULL ? NULL :
		    (const char *)sqlite3_column_text(p, 0);
	if (rule_review_points(&k) != CT_OK) {
		sqlite3_finalize(p);
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	}
	rc = review_facts(v->st, k.id, sql_text(s, 1), seq, &f);
	sqlite3_finalize(p);
	if (rc != CT_OK)
		return rc;
	if (rule_review_decide(sql_text(s, 1), &k, &f) != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	if (strcmp(f.case_id, sql_text(s, 0)) != 0 ||
	    strcmp(f.draft, sql_text(s, 4)) != 0)
		return verify_found(r, "entry %lld: the verdict is not on the "
		    "case and draft of review %lld", (long long)seq,
		    (long long)k.id);
	return CT_OK;
}

int
vreview_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const struct action *a)
{
	int submit = strcmp(a->name, "review-submit") == 0;
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(v->st->db, submit ? SUBMIT_SQL : DECIDE_SQL, -1,
	    &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(v->st->db, "cannot read the journal");
	sqlite3_bind_int64(s, 1, seq);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = ct_fail_sqlite(v->st->db, "cannot read the journal");
	else
		rc = submit ? submitted(v, r, seq, s) : decided(v, r, seq, s);
	sqlite3_finalize(s);
	return rc;
}
