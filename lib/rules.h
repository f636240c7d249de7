/* rules.h: the rules of law an entry is held to, as pure functions of
 * the state they judge, so that the writer (before it appends) and
 * store-verify (as it replays the journal) apply the very same ones.
 * Each returns CT_OK or CT_REFUSED with the reason as its message; the
 * legal sources are in casetrail(7), RULES. */
#ifndef CASETRAIL_RULES_H
#define CASETRAIL_RULES_H

#include <time.h>

#include "vocab.h"

struct cred;

/* The officer holds a credential valid on the local date of at, and is
 * not revoked at at (持证上岗). */
int rule_qualified(const struct cred *c, time_t at);
/* The officer is not revoked at at. */
int rule_revoked(const struct cred *c, time_t at);
/* An on-site action has at least two officers present, n named. */
int rule_onsite(const struct action *a, int n);
/* A new case's type is one of vocab_types, and its party kind, if any,
 * person or org: CT_OK or CT_USAGE. */
int rule_case_fields(const char *type, const char *party_kind);
/* An evidence kind is one of vocab_kinds: CT_OK or CT_USAGE. */
int rule_evidence_kind(const char *kind);
/* A case of this status takes an entry of action a: nothing once it is
 * sealed, and only what may follow a closing once it is closed. */
int rule_case_accepts(const char *case_id, const char *status,
    const struct action *a);
/* The actor may record a about officer target (an officer entry): an
 * admin not revoked at at, or for ACT_SELF actions the officer himself;
 * and no admin revokes himself. */
int rule_may_manage(const struct action *a, const struct cred *actor,
    const char *target, time_t at);

#endif
