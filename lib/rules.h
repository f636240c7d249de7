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
/* A case of this status takes an entry of action a: its row of the
 * moves (vocab.h, move_table) does not refuse it.  A sealed case takes
 * nothing, a closed one what may follow a closing, a decided one no
 * second decision, an open one no decision-change. */
int rule_case_accepts(const char *case_id, const char *status,
    const struct action *a);
/* The whole move of a case by an entry of action a that puts it in stage
 * (casetrail(7), Cases): rule_case_accepts; the reason an action needs
 * (has_text); and no stage the row bars (only a closing, or an entry of
 * a closed case, puts a case in the closing stage). */
int rule_case_move(const char *case_id, const char *status,
    const struct action *a, const char *stage, int has_text);
/* The actor may record a about officer target (an officer entry): an
 * admin not revoked at at, or for ACT_SELF actions the officer himself;
 * and no admin revokes himself. */
int rule_may_manage(const struct action *a, const struct cred *actor,
    const char *target, time_t at);

/* A step of case case_id, filed at filed, dated at: not before the
 * filing, unless a is a step that may have led to the case (an
 * inspection, evidence collected). */
int rule_case_order(const char *case_id, time_t filed,
    const struct action *a, time_t at);
/* The actor holds the role action a needs (casetrail(7), ACTIONS): an
 * admin manages officers and records no enforcement, a reviewer reviews. */
int rule_role(const struct action *a, const struct cred *actor);
/* An officer named present at an action (on site, a handler, a
 * collector) holds the officer role: he enforces. */
int rule_present(const struct cred *c);

/* What an officer-key entry claims, for rule_key. */
struct key_claim {
	const char *target;     /* the officer whose key it registers */
	int target_has_key;     /* a key is registered for him already */
	int store_has_keys;     /* any officer has a key: not founding */
	const char *unix_user;  /* the Unix user who ran officer-key */
	int rotation_signed;    /* signed with target's current key too */
	const char *reason;     /* an admin's reason to reset it, or "" */
};
/* Who may register a key (rule_may_manage having held): the officer's
 * first key, the officer himself only from his own Unix user (or as the
 * store's founder, before any key); a new key for an officer who has one,
 * the officer only with his current key's signature, an admin only as a
 * reset with a reason. */
int rule_key(const struct cred *actor, const struct cred *target,
    const struct key_claim *k);

/* A conf entry records a change of casetrail.conf: its text (SHA-256
 * sha256, in hex) is not the one in force (in_force, the last recorded
 * one's, or NULL while none is) and, before any is, sets something
 * (keys_set > 0): a file that sets nothing, as a new store's commented
 * one, leaves the defaults in force, which need no record. */
int rule_conf(const char *in_force, const char *sha256, int keys_set);
/* What an officer-update or officer-restore entry claims, for
 * rule_officer_change; a field left NULL is not changed. */
struct officer_claim {
	int restore;            /* officer-restore */
	const char *name;       /* a corrected name */
	const char *credential; /* a new credential, with its days: */
	const char *valid_from, *valid_until;
	const char *reason;     /* why he is restored */
	const char *holder;     /* another officer who holds or held the
				 * credential number, or NULL */
	const char *qualification;  /* a 法律职业资格 number recorded */
};
/* An officer's data may change so (rule_may_manage having held): an
 * update, of an officer not revoked, changes his name or gives him a new
 * credential, with well-formed days; a restore, of a revoked officer,
 * has a reason and a new credential, none he held before, since the
 * revocation withdrew those.  No credential number is another officer's.
 * CT_USAGE for a claim malformed, CT_REFUSED for one the state refuses. */
int rule_officer_change(const struct cred *target,
    const struct officer_claim *k);

/* An officer with the reviewer role records the number of his legal
 * professional qualification (法律职业资格): officer-add's entry that
 * gives the role has it (reviewer nonzero, qualification its number or
 * NULL), and a number recorded is a field of 1 to 64 bytes of text.
 * CT_USAGE otherwise: the entry alone is incomplete. */
int rule_reviewer_qualified(int reviewer, const char *qualification);

#endif
