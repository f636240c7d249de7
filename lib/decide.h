/* decide.h: the structured decision (issue 15): what penalty.c,
 * decide.c, rules_decide.c and store-verify's replay of them share.
 * The review workflow builds on it: penalty_major says whether a draft
 * is major and by which rule, ct_penalty_draft_hash (casetrail.h) names
 * a draft, decide_facts reads what a case's record says before an
 * entry. */
#ifndef CASETRAIL_DECIDE_H
#define CASETRAIL_DECIDE_H

#include "internal.h"

/* The defaults of major.types and hearing.types (casetrail.conf(5)). */
#define PENALTY_MAJOR_TYPES "revoke-licence lower-grade stop-business " \
	"restrict-trade"
#define PENALTY_HEARING_TYPES PENALTY_MAJOR_TYPES
/* The default of number.penalty. */
#define NUMBER_PENALTY "罚〔{year}〕{seq}号"

/* Words of vocab_penalties, separated by spaces or commas, as bits:
 * CT_OK, or CT_USAGE for an unknown one. */
int penalty_types_parse(const char *list, unsigned *bits);
/* The rule of the catalogue that makes draft p major, for a party of
 * party_kind (person, org, or NULL: not known, judged as a person), into
 * *rule: "manual" (--major), "type" (a type of major.types), "fine",
 * "confiscation" (at or above major.*), "hearing" (one was held), or
 * NULL: not major.  Pure; CT_USAGE only for a bad major.types. */
int penalty_major(const struct ct_conf *c, const char *party_kind,
    const struct ct_penalty *p, int hearing_held, const char **rule);
/* Whether draft p gives the party a right to a hearing (art. 63): a type
 * of hearing.types, or an amount at or above hearing.*.  Pure. */
int penalty_hearing_right(const struct ct_conf *c, const char *party_kind,
    const struct ct_penalty *p, int *right);

/* What a case's record says, before an entry, that a penalty entry is
 * judged by (decide.c reads it from the journal, for the writer and for
 * the replay alike). */
struct decide_facts {
	char party_kind[8];     /* of the case-new entry, or "" */
	int notices;            /* notice entries with a penalty */
	struct ct_penalty notice;  /* the last one's (amounts, types) */
	long notice_day;        /* its local date, as a calendar day */
	int waived;             /* a waiver since the last notice, or with
				 * no notice at all */
	int hearing_held;       /* a hearing since the last notice */
	int hearings;           /* hearings in the case */
	int approved;           /* a head's approval of the draft given */
	/* The legal review (review.h): an approved review of the draft
	 * that none later rejected, returned or transferred; a transfer
	 * to the judicial authorities; the last disagreement with a
	 * review and the last collective discussion (entry numbers, 0:
	 * none). */
	int reviewed;
	int transferred;
	int64_t disagreement, discussion;
};
/* Reads the facts of case_id before entry before (the next entry's
 * number for the writer), the approvals matched against draft (hex). */
int decide_facts(struct ct_store *st, const char *case_id, int64_t before,
    const char *draft, struct decide_facts *f);

/* A penalty entry to judge (rules_decide.c, pure). */
struct decide_claim {
	const char *case_id;
	const char *action;     /* notice, decision or approval */
	const struct ct_penalty *p;
	long day;               /* its local date, as a calendar day */
	int actor_head;         /* its actor holds the head role */
	const struct decide_facts *f;
	const struct ct_conf *conf;
	const struct calendar *cal;
};
/* A penalty decision follows a notice, or a recorded waiver (art. 44). */
int rule_decision_notice(const struct decide_claim *k);
/* Not before the statement period after the notice ends
 * (deadline.statement working days), unless waived (art. 45). */
int rule_decision_statement(const struct decide_claim *k);
/* Where the notice gave a right to a hearing, not before its window
 * closed (deadline.hearing working days, art. 64), unless a hearing was
 * held or it was waived. */
int rule_decision_hearing(const struct decide_claim *k);
/* Not heavier than the last notice in any field (art. 45): no higher
 * fine or confiscation, no type it did not name. */
int rule_decision_heavier(const struct decide_claim *k);
/* Recorded by a head, or after a head's approval of this very draft
 * (art. 57). */
int rule_decision_head(const struct decide_claim *k);
/* Every rule above, for a decision; CT_OK for another action. */
int rule_decision(const struct decide_claim *k);
/* A decision without penalty fields is not judged by the rules above:
 * after a notice of penalty, or a transfer to the judicial authorities,
 * it would pass them by saying less.  Refused there. */
int rule_decision_fielded(const struct decide_claim *k);
/* The writer's rule_decision_fielded for entry e, numbered next. */
int decide_fielded(struct ct_store *st, const struct case_entry *e,
    int64_t next);

/* The document number of kind (penalty) serial of year, by pattern
 * (NULL: the default), into buf: {year} and {seq} replaced.  CT_USAGE
 * if it does not fit. */
int decide_number_format(const char *pattern, int year, int64_t serial,
    char *buf, size_t cap);
/* The next serial of kind in year, inside the write transaction. */
int decide_number_next(struct ct_store *st, const char *kind, int year,
    int64_t *serial);

/* The writer's work on a penalty entry e (its penalty checked), to be
 * entry next: judges it by the rules above on the case's record and the
 * conf in force, and makes the JSON object its body is patched with
 * (after the case-log fields): "penalty", "major" (the rule, if any),
 * "draft" (an approval's hash), "document" (a decision's number, the
 * next of its year); malloc'd into *json.  CT_REFUSED for a rule
 * broken.  Needs store_begin. */
int decide_body(struct ct_store *st, const struct case_entry *e,
    int64_t next_seq, char **json);

#endif
