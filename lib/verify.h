/* verify.h: what store-verify's modules (lib/verify/) share, and nothing
 * below them uses. */
#ifndef CASETRAIL_VERIFY_H
#define CASETRAIL_VERIFY_H

#include "internal.h"

/* verify_report.c: the first row of sql, a query of two columns, text
 * and integer: 1 with the text into what (cap bytes) and the integer
 * into *n, 0 for none, -1 on an error (its message set).  For the checks
 * of the tables against the journal (verify_tables.c, verify_refs.c,
 * verify_review.c). */
int verify_first_row(struct ct_store *st, const char *sql, char *what,
    size_t cap, int64_t *n);
/* verify_report.c: records a fault found (the first one is kept) and
 * returns CT_OK, so that the walk can go on to its end. */
int verify_found(struct verify_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* verify_cases.c: the state of each case as its entries make it, in an
 * open-addressed table by case ID. */
struct replay {
	char id[12];
	struct case_state s;
};

struct replay_map {
	struct replay *slot;    /* cap slots; an empty one has id "" */
	size_t cap, n;
};

/* Applies a case entry (row s of the replay's journal query: line in
 * column 1, case 4, stage 6, status time 7) of action a to the state in
 * m, held to the rules a closed or sealed case imposes; faults go to r.
 * *out gets the case's replayed state. */
int replay_case_entry(struct replay_map *m, struct sqlite3_stmt *s,
    int64_t seq, const struct action *a, struct verify_report *r,
    struct replay **out);
/* Compares the cases table with m, naming the entry a row should show. */
int verify_cases(struct ct_store *st, struct replay_map *m,
    struct verify_report *r);

/* verify_tables.c: every derived row is its entry's, and every entry has
 * its rows; counts[i] is the number of entries of action_at(i).  The
 * first difference goes to r, naming the entry. */
int verify_tables(struct ct_store *st, struct verify_report *r,
    const uint64_t *counts);

/* verify_refs.c: every row of case_ref is its entry's ref, and every
 * entry with a ref has its row; the first difference goes to r. */
int verify_refs(struct ct_store *st, struct verify_report *r);

/* verify_review.c: every row of officer_qualification is the number its
 * entry records, and every entry that records one has its row; the first
 * difference goes to r. */
int verify_review(struct ct_store *st, struct verify_report *r);

/* verify_hash.c: store-verify's re-hashing, on a second thread.  Rows
 * are queued in journal order; the first fault found is kept. */

/* Where a fault lies among the checks of one entry, in the order
 * store-verify makes them: the first fault is the least (seq, phase). */
enum { VHASH_ROWS, VHASH_LEAF, VHASH_NODES, VHASH_RULES, VHASH_ROOT,
    VHASH_CHECKPOINT };

struct vhash_fault {
	uint64_t seq;                 /* 0: none */
	int phase;
	char msg[512];
};

struct vhash;

int vhash_start(struct vhash **h);
/* Queues an entry: its line and stored leaf and subtree hashes (copied). */
int vhash_row(struct vhash *h, uint64_t seq, const char *line, size_t n,
    const void *leaf, size_t leaf_len, const void *nodes, size_t nodes_len);
/* The stored tree head at the entry just queued, and the checkpoint
 * before it (for the message). */
void vhash_checkpoint(struct vhash *h, const unsigned char root[CT_HASH],
    uint64_t prev);
/* The entry of the first fault found so far, or 0. */
uint64_t vhash_fault_seq(struct vhash *h);
/* Waits for every row queued, ends the thread, frees h and gives the
 * first fault. */
void vhash_finish(struct vhash *h, struct vhash_fault *f);

/* verify_rules.c: the officers as the journal says they were. */
struct vofficer {
	struct cred c;          /* his history too (cred_free) */
	char *name;             /* malloc'd */
	int64_t data_seq;       /* the last entry that set name or credential */
	char *reason;           /* of the revocation in force */
	int64_t revoke_seq;     /* the officer-revoke entry, or 0 */
	int64_t named;          /* the last entry that named him */
	char key_id[KEY_ID_LEN + 1];
	unsigned char pub[KEY_PUB];
	int has_key;
};

struct vrules {
	struct ct_store *st;
	struct vofficer *o;
	size_t n, cap, last;   /* cap: bytes (grow) */
	uint64_t keys;          /* officer-key entries so far */
	char actor[65];         /* the current entry's officer */
	sqlite3_stmt *aux, *list, *fields;
	uint64_t gen;           /* officer entries so far */
	time_t now;             /* this host's clock, at the start */
	time_t tolerance;       /* clock.tolerance, in seconds */
	char at_text[32];       /* the last entry's time, as written */
	time_t at;              /* and read */
	time_t action_t;        /* when the last case entry's step happened */
	const struct vofficer *memo_actor;  /* the last judgement that held */
	uint64_t memo_gen;
	char memo_when[32];
	time_t memo_t;
	char conf_sha256[131];  /* the settings in force (conf_record.c's
				 * in_force), or "" */
	struct vdraw *draw;     /* random-draw's tasks (verify_draw.c) */
	struct vdecide *decide; /* verify_decide.c's, or NULL */
};

int vrules_open(struct vrules *v, struct ct_store *st);
/* The credential of the current entry's actor, as replayed, or NULL. */
const struct cred *vrules_actor(struct vrules *v);
/* verify_decide.c: replays entry seq of action a by actor (as replayed,
 * or NULL), if it takes a penalty (decide.h): its rules, major rule,
 * draft and document number. */
int vdecide_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const struct action *a, const struct cred *actor);
void vdecide_free(struct vdecide *d);
/* The casetrail.conf in force at t: the one recorded by then, else the
 * defaults.  *c is the caller's to conf_free (verify_decide.c). */
int conf_then(struct ct_store *st, time_t t, struct ct_conf *c);
/* verify_review_entry.c: replays entry seq, a review-submit or
 * review-decide by actor (v->actor), held to the rules of review.h;
 * faults go to r. */
int vreview_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const struct action *a);
void vrules_close(struct vrules *v);
/* Replays entry seq (by v->actor; body points into line) and checks its
 * rules; faults go to r. */
int vrules_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, const char *body, const struct action *a, int on_case);
/* verify_conf.c: replays conf entry seq (by actor, NULL if unknown), a
 * change of the casetrail.conf in force; faults go to r. */
int vconf_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, const struct vofficer *actor);
/* Reads entry seq's recorded time (at, UTC, as its line has it) into
 * v->at, and reports one that goes back further than clock.tolerance from
 * the entry before, or lies after this host's clock. */
int vrules_time(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *at);
/* Checks checkpoint c, covering entries from..c->size, as signed. */
int vrules_checkpoint(struct vrules *v, struct verify_report *r,
    uint64_t from, const struct checkpoint *c, const char *officer,
    const char *key_id, const void *sig, size_t siglen);
/* Checks the revocations in the officer table against the replay. */
int vrules_tables(struct vrules *v, struct verify_report *r);

/* The officer id as the replay has him, or NULL. */
struct vofficer *vrules_officer(struct vrules *v, const char *id);

/* verify_draw.c: replays entry seq of action a, a draw-commit, draw or
 * draw-attempt by actor (NULL if unknown); faults go to r.  vrules_entry
 * passes these entries over: verify.c calls this after it. */
int vdraw_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, const struct action *a, const struct vofficer *actor);
/* verify_publish.c: replays entry seq of action a, a publish or
 * withdraw entry by actor (NULL if unknown): a publisher's, and a
 * withdrawal of what was published; faults go to r. */
int vpublish_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, const struct action *a, const struct vofficer *actor);
/* verify_publish_list.c: a publish-list entry's body well-formed: a
 * kind of list, its day, and items each with exactly its kind's fields,
 * texts, those not optional given.  The first fault goes to r. */
int vpublish_list_entry(struct ct_store *st, struct verify_report *r,
    int64_t seq, const char *line);
/* Every row of publication is a record its publish entry published, and
 * every such record has its row; the first difference goes to r. */
int verify_publication(struct ct_store *st, struct verify_report *r);

/* verify_seal.c: each archive number the seal entries record is the
 * one its place in the journal gives (seal_number.c): form, closing
 * year, retention code, the next item; the first fault goes to r. */
int verify_seals(struct ct_store *st, struct verify_report *r);
/* Frees what the replay of the draws kept. */
void vdraw_free(struct vrules *v);

/* verify_officers.c: officers' data as officer-update and officer-restore
 * change it. */
/* The officer, other than except, who holds or held credential, or NULL. */
const char *vofficers_holder(const struct vrules *v, const char *credential,
    const struct vofficer *except);
/* Replays entry seq of action a (officer-update or officer-restore, its
 * fields in v->aux) on officer o (NULL if target is unknown), held to
 * rule_officer_change; faults go to r. */
int vofficers_change(struct vrules *v, struct verify_report *r, int64_t seq,
    const struct action *a, struct vofficer *o, const char *target);
/* Checks the officers' names and credentials, officer_credential and
 * officer_restore against the replay; the first difference goes to r. */
int vofficers_tables(struct vrules *v, struct verify_report *r);

#endif
