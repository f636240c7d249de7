/* apply.h: how a journal entry changes the derived tables.
 *
 * The journal is the store's truth; the tables cases, case_handler,
 * officer, officer_role, officer_key and evidence are derived from it.
 * They are changed only here: the writers apply the entry they have just
 * appended, store-rebuild applies the whole journal, and store-verify
 * replays the journal through the same definitions and compares. */
#ifndef CASETRAIL_APPLY_H
#define CASETRAIL_APPLY_H

#include "internal.h"

/* The case after an entry of action a, logged in stage at time at (UTC
 * text), flagged if it lacked the audio or video it needed, numbered
 * seq.  Pure: the writer, the replay and store-rebuild all call it. */
void case_apply(struct case_state *c, const struct action *a,
    const char *stage, const char *at, int flagged, int64_t seq);

/* Adds the rows that entry seq of action a makes (none for most case
 * entries) or, for an officer-revoke, records the revocation.  The entry
 * must be in the journal already.  Needs store_begin. */
int apply_entry(struct ct_store *st, const struct action *a, int64_t seq);
/* store-rebuild: empties the derived tables and adds every entry's rows
 * again, from the whole journal in a few statements.  The cases' state
 * is the caller's to write (apply_case_states).  Needs store_begin. */
int apply_journal(struct ct_store *st);
/* Writes the state of one case into its row. */
int apply_case_state(struct ct_store *st, const char *id,
    const struct case_state *c, int new_status);

/* store-verify: every derived row is its entry's (each column equals the
 * definition's value for that entry), and every entry has its rows.
 * counts[i] is the number of entries of action_at(i) in the journal.
 * The first difference goes to r, naming the entry. */
int apply_verify(struct ct_store *st, struct verify_report *r,
    const uint64_t *counts);

#endif
