/* apply.h: how a journal entry changes the derived tables.
 *
 * The journal is the store's truth; the tables cases, case_handler,
 * officer, officer_role, officer_key, officer_credential,
 * officer_restore, officer_qualification, evidence, conf, case_ref,
 * draw_commit, draw, draw_attempt, doc_number, publicity and seal are
 * derived from it.
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
 * entries) and, for an officer entry, changes the officer's row and adds
 * to his history (officer_credential, officer_restore).  The entry must
 * be in the journal already.  Needs store_begin. */
int apply_entry(struct ct_store *st, const struct action *a, int64_t seq);
/* Adds the case_ref rows of the entries from first to last that have a
 * ref: the writers' call, after they appended them.  Needs store_begin. */
int apply_refs(struct ct_store *st, int64_t first, int64_t last);
/* store-rebuild: the case_ref rows of the whole journal, after
 * apply_empty. */
int apply_refs_all(struct ct_store *st);
/* Whether apply_entry changes any table for an entry of action a. */
int apply_has_rows(const struct action *a);
/* store-rebuild: empties the derived tables, for apply_entry to fill
 * again entry by entry and apply_case_state to give each case its state.
 * Needs store_begin; the references are checked at the commit. */
int apply_empty(struct ct_store *st);
/* Writes the state of one case into its row. */
int apply_case_state(struct ct_store *st, const char *id,
    const struct case_state *c, int new_status);

/* The rows of publication that the publish entries make, as a SELECT
 * of (case_id, seq, doc_number, published, ends) over journal j, to be
 * followed by more of its WHERE: the apply and verify_publish.c's
 * comparison. */
#define PUBLICATION_ROWS "SELECT x.value->>'case_id', j.seq, " \
	"x.value->>'doc_number', x.value->>'published', x.value->>'ends' " \
	"FROM journal j, json_each(j.line, '$.body.records') x WHERE " \
	"j.action = 'publish'"

/* A table whose rows entries add: the action that adds them and, for
 * each column, its value as SQL over the entry's journal row j (and x,
 * an element of the array the entry's rows come from). */
struct derived {
	const char *action;     /* the entries that add the rows */
	const char *table;
	const char *what;       /* the row, for messages, as SQL over t */
	const char *what_j;     /* the same, as SQL over j and x */
	const char *seq_of;     /* the entry that added row t, as SQL */
	const char *from;       /* more of FROM after "journal j", or "" */
	const char *parent;     /* a child table's parent table, or NULL */
	const char *cols[12];   /* NULL-terminated */
	const char *vals[12];   /* each column's value, SQL over j and x */
	const char *init;       /* columns set on insert, checked elsewhere */
	const char *init_vals;
};

/* A body field; in parentheses, for -> ranks with || in SQL. */
/* The i-th derived table, parents before their children, or NULL. */
const struct derived *derived_at(size_t i);
/* "INSERT INTO table(cols) SELECT vals FROM journal j... WHERE where"
 * into buf: CT_OK, or CT_SYSTEM if it does not fit in cap. */
int derived_insert(const struct derived *d, const char *where, char *buf,
    size_t cap);
/* Appends " AND t.col IS val" for every column (row t is the entry's)
 * to buf at *len. */
void derived_same(const struct derived *d, char *buf, size_t cap,
    size_t *len);

#endif
