/* rules_review.c: the rules of the legal review (review.h), pure
 * functions of what the journal says before an entry, which the writers
 * (review.c, decide.c) and store-verify's replay call alike.  The legal
 * sources are in casetrail(7), REVIEW. */
#include <string.h>

#include "review.h"

static const char *const verdicts[] = { "approved", "rejected", "returned",
    "transferred" };

int
rule_review_points(const struct review_verdict *v)
{
	int known = 0, given = 0;

	for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++)
		known |= v->verdict != NULL && strcmp(v->verdict, verdicts[i]) == 0;
	if (!known)
		return ct_fail(CT_USAGE, "a review's verdict is --approve, "
		    "--reject, --return or --transfer");
	for (int i = 0; i < REVIEW_POINTS; i++) {
		const char *p = v->points[i];

		if (p == NULL)
			continue;
		given++;
		if (strcmp(p, "ok") != 0 && (strncmp(p, "issue:", 6) != 0 ||
		    p[6] == '\0'))
			return ct_fail(CT_USAGE, "point %d: the verdict is ok or "
			    "issue:TEXT, not '%s'", i + 1, p);
		if (utf8_check_field("point", p, strlen(p), 4096, 1) != CT_OK)
			return CT_USAGE;
	}
	if (strcmp(v->verdict, "approved") == 0 && given < REVIEW_POINTS)
		return ct_fail(CT_USAGE, "an approval gives a verdict on each of "
		    "the %d points (--point N=ok|issue:TEXT): %d given",
		    REVIEW_POINTS, given);
	if (strcmp(v->verdict, "transferred") == 0 &&
	    (v->points[REVIEW_POINTS - 1] == NULL ||
	    strcmp(v->points[REVIEW_POINTS - 1], "ok") == 0))
		return ct_fail(CT_USAGE, "a transfer names the suspected crime: "
		    "--point 10=issue:TEXT");
	return CT_OK;
}

int
rule_review_decide(const char *reviewer, const struct review_verdict *v,
    const struct review_facts *f)
{
	if (!f->found)
		return ct_fail(CT_NOTFOUND, "cannot find review %lld",
		    (long long)v->id);
	if (!f->qualified)
		return ct_fail(CT_REFUSED, "officer '%s' has no legal "
		    "professional qualification (法律职业资格) recorded: he "
		    "cannot review (officer-update --qualification)", reviewer);
	if (f->involved)
		return ct_fail(CT_REFUSED, "officer '%s' handles case '%s', "
		    "logged a step in it or is named in it: he cannot review it "
		    "(回避)", reviewer, f->case_id);
	if (strcmp(f->state, "pending") != 0)
		return ct_fail(CT_REFUSED, "review %lld is %s: only a pending "
		    "review is decided", (long long)v->id, f->state);
	return CT_OK;
}

int
rule_decision_review(const struct decide_claim *k)
{
	const char *rule = NULL;
	int rc;

	if (k->f->transferred)
		return ct_fail(CT_REFUSED, "case '%s' was transferred to the "
		    "judicial authorities (review-decide --transfer): no penalty "
		    "decision follows", k->case_id);
	if ((rc = penalty_major(k->conf, k->f->party_kind, k->p,
	    k->f->hearings > 0, &rule)))
		return rc;
	if (rule == NULL || k->f->reviewed)
		return CT_OK;
	return ct_fail(CT_REFUSED, "case '%s': a major decision (by %s) needs "
	    "a legal review that approved this very draft (review-submit, "
	    "review-decide --approve), none later undoing it", k->case_id,
	    rule);
}

int
rule_decision_collective(const struct decide_claim *k)
{
	int64_t last = k->f->disagreement;

	if (last == 0 && !k->p->major)
		return CT_OK;
	if (k->f->discussion > last)
		return CT_OK;
	return ct_fail(CT_REFUSED, "case '%s': %s needs a collective "
	    "discussion (case-log --action collective-discussion, by a head) "
	    "after it", k->case_id, last ? "a disagreement with the review" :
	    "a case marked major (--major)");
}
