/* rules_decide.c: the rules of a penalty decision (decide.h), pure
 * functions of the case's record before it, which the writer
 * (decide.c) and store-verify's replay (verify_decide.c) both call.
 * The legal sources are in casetrail(7), RULES. */
#include <string.h>

#include "review.h"

static int
is_decision(const struct decide_claim *k)
{
	return strcmp(k->action, "decision") == 0 && ct_penalty_given(k->p);
}

int
rule_decision_notice(const struct decide_claim *k)
{
	if (k->f->notices > 0 || k->f->waived)
		return CT_OK;
	return ct_fail(CT_REFUSED, "case '%s': a penalty decision needs a "
	    "notice first (case-log --action notice), or the party's waiver "
	    "(--action waiver)", k->case_id);
}

/* The day a decision may first be made: after n working days from the
 * notice's day.  A period counted past the holiday calendar's last year
 * says so (calendar-ends): that year was counted Monday to Friday. */
static int
after_period(const struct decide_claim *k, int n, const char *what)
{
	int y, m, d, ends;
	long last = calendar_after(k->cal, k->f->notice_day, n, &ends);

	if (n == 0 || k->day > last)
		return CT_OK;
	calendar_date(last, &y, &m, &d);
	return ct_fail(CT_REFUSED, "case '%s': %s runs until %04d-%02d-%02d "
	    "(%d working days after the notice%s): no decision before",
	    k->case_id, what, y, m, d, n, ends ? "; calendar-ends: counted "
	    "Monday to Friday past the holiday calendar's last year" : "");
}

int
rule_decision_statement(const struct decide_claim *k)
{
	if (k->f->notices == 0 || k->f->waived)
		return CT_OK;
	return after_period(k, k->conf->statement_days,
	    "the party's statement period");
}

int
rule_decision_hearing(const struct decide_claim *k)
{
	int right = 0, rc;

	if (k->f->notices == 0 || k->f->waived || k->f->hearing_held)
		return CT_OK;
	if ((rc = penalty_hearing_right(k->conf, k->f->party_kind,
	    &k->f->notice, &right)) || !right)
		return rc;
	return after_period(k, k->conf->hearing_days,
	    "the window to ask for a hearing");
}

int
rule_decision_heavier(const struct decide_claim *k)
{
	const struct ct_penalty *n = &k->f->notice, *p = k->p;
	char a[32], b[32];

	if (k->f->notices == 0)
		return CT_OK;
	if (p->fine > n->fine)
		return ct_fail(CT_REFUSED, "case '%s': the fine (%s) is higher "
		    "than the notice's (%s): give a new notice first",
		    k->case_id, money_format(p->fine, a, sizeof a),
		    money_format(n->fine, b, sizeof b));
	if (p->confiscation > n->confiscation)
		return ct_fail(CT_REFUSED, "case '%s': the confiscation (%s) is "
		    "higher than the notice's (%s): give a new notice first",
		    k->case_id, money_format(p->confiscation, a, sizeof a),
		    money_format(n->confiscation, b, sizeof b));
	if (p->types & ~n->types)
		return ct_fail(CT_REFUSED, "case '%s': the decision imposes a "
		    "penalty the notice did not name: give a new notice first",
		    k->case_id);
	return CT_OK;
}

int
rule_decision_head(const struct decide_claim *k)
{
	if (k->actor_head || k->f->approved)
		return CT_OK;
	return ct_fail(CT_REFUSED, "case '%s': a penalty decision is recorded "
	    "by a head, or after a head's approval of this draft "
	    "(case-log --action approval with the same fields and text)",
	    k->case_id);
}

int
rule_decision(const struct decide_claim *k)
{
	int rc;

	if (!is_decision(k))
		return CT_OK;
	if ((rc = rule_decision_notice(k)) ||
	    (rc = rule_decision_heavier(k)) ||
	    (rc = rule_decision_statement(k)) ||
	    (rc = rule_decision_hearing(k)) ||
	    (rc = rule_decision_head(k)) ||
	    (rc = rule_decision_collective(k)) ||
	    (rc = rule_decision_review(k)))
		return rc;
	return CT_OK;
}

int
rule_decision_fielded(const struct decide_claim *k)
{
	if (strcmp(k->action, "decision") != 0 || ct_penalty_given(k->p))
		return CT_OK;
	if (k->f->transferred)          /* its refusal says why */
		return rule_decision_review(k);
	if (k->f->notice.types == 0)    /* no notice, or one of text only */
		return CT_OK;
	return ct_fail(CT_REFUSED, "case '%s': after a notice of penalty, "
	    "the decision carries its penalty fields (--penalty, --fine, "
	    "--confiscation, ...), or no text at all to record the draft a "
	    "review approved", k->case_id);
}
