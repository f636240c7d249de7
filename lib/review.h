/* review.h: the legal review of a penalty decision (法制审核, issue 15):
 * what review.c (the writers), review_check.c (the pre-check),
 * rules_review.c (the rules) and store-verify's replay of them share.
 *
 * A review is the review-submit entry that asks for it: its number is
 * the review's ID.  A review-decide entry names it and gives the
 * reviewer's verdict, which is the review's new state; a later
 * review-submit of the same case supersedes a review still pending.
 * Both writer and replay read what they judge from the journal before
 * the entry (review_facts), and judge it with the same pure rules. */
#ifndef CASETRAIL_REVIEW_H
#define CASETRAIL_REVIEW_H

#include "decide.h"

/* The ten points of a review (casetrail(7), REVIEW). */
enum { REVIEW_POINTS = 10 };

/* What the journal says, before an entry, of review id and of the
 * officer who would decide it. */
struct review_facts {
	int found;              /* id is a review-submit entry */
	char case_id[16];       /* its case */
	char draft[65];         /* its draft's hash */
	char state[16];         /* pending approved rejected returned
				 * transferred superseded */
	int qualified;          /* the officer has a qualification number
				 * (法律职业资格) recorded */
	int involved;           /* he handles the case, logged a step in it
				 * or is named in one (回避) */
};
/* Reads the facts of review id for officer before entry before (the
 * next entry's number for the writer).  CT_OK even if there is no such
 * review (found 0). */
int review_facts(struct ct_store *st, int64_t id, const char *officer,
    int64_t before, struct review_facts *f);

_Static_assert((int)REVIEW_POINTS == (int)CT_REVIEW_POINTS, "ten points");
#define review_verdict ct_review_verdict
/* rule_review_points (casetrail.h): the verdict and its points. */
/* The reviewer may decide review v on facts f: a qualification number
 * recorded, not involved in the case (回避), and the review pending. */
int rule_review_decide(const char *reviewer, const struct review_verdict *v,
    const struct review_facts *f);
/* The gate: a penalty decision that is major (penalty_major) is made
 * only on a draft that a review approved, none later rejected, returned
 * or transferred; and no penalty decision after a transfer to the
 * judicial authorities. */
int rule_decision_review(const struct decide_claim *k);
/* A decision in a case with a disagreement with a review, or marked
 * major by hand (--major: of public interest or complex), follows a
 * collective discussion after the last such event. */
int rule_decision_collective(const struct decide_claim *k);

/* The writers of ct_review_submit and ct_review_decide, inside their
 * write transaction (review.c). */
int review_submit(struct ct_store *st, const struct ct_review_new *r,
    int64_t *id);
int review_decide(struct ct_store *st, const struct ct_review_verdict *v);

/* The draft of the review approved last in case_id, none later undoing
 * it: its penalty and text, malloc'd (review_draft_free).  CT_NOTFOUND
 * if the case has no review at all; CT_REFUSED if none approved stands. */
struct review_draft {
	struct ct_penalty p;
	char *text;
	char *strings[4];       /* p's basis, facts, comply, comply_by */
};
int review_draft_load(struct ct_store *st, const char *case_id,
    struct review_draft *d);
/* The draft of review id (its review-submit entry), unchecked.
 * CT_NOTFOUND if there is no such entry. */
int review_draft_of(struct ct_store *st, int64_t id, struct review_draft *d);
void review_draft_free(struct review_draft *d);

/* The due day of a review submitted on local day day: deadline.review
 * working days after it, as YYYY-MM-DD into buf (>= 11 bytes). */
int review_due(const struct ct_conf *c, long day, char *buf);

#endif
