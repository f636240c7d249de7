/*
 * libcasetrail: what the casetrail programs call.
 *
 * This header is the library's boundary: no SQLite type, no structure
 * the programs could reach into (struct ct_store is opaque), and only
 * what cmd/ and the benchmarks call.  What lib's files share among
 * themselves is in internal.h.
 *
 * Every function that can fail returns a status that is also the exit
 * code of casetrail(7) (CT_OK, CT_NO, CT_USAGE, CT_REFUSED, CT_NOTFOUND,
 * CT_SYSTEM) and leaves a one-line message for ct_errmsg().  lib never
 * prints to stdout or stderr of its own choosing (only to a FILE * it is
 * handed), never exits, and reads the environment in one place (env.c).
 * A function whose name starts with ct_ and that writes is one whole
 * write: it begins the transaction, checks, appends, signs and commits,
 * or changes nothing.  A row handed to a callback (fn) and its strings
 * are the library's, valid only during that call; what a function says
 * is malloc'd is the caller's to free.
 */
#ifndef CASETRAIL_H
#define CASETRAIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define CT_VERSION "0.1.0"

/* Exit statuses, shared by every program (casetrail(7)). */
enum {
	CT_OK = 0,
	CT_NO = 1,        /* a check said no */
	CT_USAGE = 2,     /* bad option, argument or input */
	CT_REFUSED = 3,   /* refused by a rule of law or of the store */
	CT_NOTFOUND = 4,  /* no such case, officer, entry */
	CT_SYSTEM = 5     /* I/O, busy past the timeout, corrupt store */
};

/* error.c */

/* Records a message for the caller and returns code, so that lib code can
 * say `return ct_fail(CT_NOTFOUND, "cannot find case '%s'", id);`.  The
 * message is kept, per thread, until the next ct_fail. */
int ct_fail(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The message of the last ct_fail; never NULL. */
const char *ct_errmsg(void);

/* utf8.c */

/* Checks a text field given by the user: valid UTF-8, at most max bytes,
 * and, unless multiline, no control characters.  what names the field in
 * the message.  Returns CT_OK or CT_USAGE. */
int utf8_check_field(const char *what, const char *s, size_t n, size_t max,
    int multiline);

/* timefmt.c */

/* The current time: CASETRAIL_NOW if set (any form time_parse reads),
 * else the clock.  Never fails: ct_open refuses a bad CASETRAIL_NOW. */
time_t time_now(void);
/* Parses RFC 3339 (with Z or an offset) or YYYY-MM-DD[ HH:MM[:SS]] (also
 * with T) in the agency's zone.  Rejects impossible dates.  Returns CT_OK
 * or CT_USAGE. */
int time_parse(const char *s, time_t *t);
/* Formats t for people and machines alike: local RFC 3339 with offset,
 * "2026-11-25T09:30:00+08:00".  buf has >= 26 bytes. */
char *time_local(time_t t, char *buf);
/* Formats the local date of t, "2026-11-25".  buf has >= 11 bytes. */
char *time_local_date(time_t t, char *buf);
/* Parses a stored UTC time back.  Returns CT_OK or CT_SYSTEM (corrupt). */
int time_from_utc(const char *s, time_t *t);

/* merkle.c */

#define CT_HASH 32          /* bytes of a SHA-256 hash */

/* open.c: a program's store */

/* The store and everything one program's run keeps about it: opaque. */
struct ct_store;

/* How a program opens its store (ct_open):
 * STORE_READ: an existing store, to read; CT_NOTFOUND if there is none.
 * STORE_WRITE: an existing store, to write: resolves the acting officer
 *   and loads its signing key.
 * STORE_WRITE_NOKEY: the same, but no key (officer-key, which may make it).
 * STORE_CREATE: creates a missing store (officer-add, the only program
 *   that does); resolves the actor and loads its key only when the store
 *   has officers, as its first officer founds it unsigned. */
enum { STORE_READ = 0, STORE_WRITE = 1, STORE_WRITE_NOKEY = 2,
    STORE_CREATE = 3 };

/* Opens the store at dir (NULL: $CASETRAIL_STORE, else
 * ${XDG_DATA_HOME:-$HOME/.local/share}/casetrail) in mode for the acting
 * officer actor (NULL: $CASETRAIL_OFFICER, else the officer mapped to the
 * caller's Unix user; ignored by STORE_READ).  Checks CASETRAIL_NOW first.
 * A store shared with a group (store-init) is used with no group bit in
 * the process's umask, so that what SQLite makes in it is the group's.
 * Migrates an older schema forward; refuses a newer one.  On success *st
 * is the caller's, to store_close; on failure *st is NULL. */
int ct_open(struct ct_store **st, const char *dir, const char *actor,
    int mode);
/* Closes the store (store.c), rolling back a transaction left open;
 * NULL is harmless. */
void store_close(struct ct_store *st);
/* store_init.c: store-init makes an empty store in dir (missing, or an empty
 * directory), private to the caller (0700, files 0600), or, if group is
 * not NULL, shared with that Unix group (setgid 02770, files 0660),
 * which the store records.  CT_USAGE for an unknown group, CT_REFUSED if
 * dir holds a store or anything else, CT_SYSTEM for a caller who is not
 * in the group or a system error; a failure leaves nothing made. */
int ct_store_init(const char *dir, const char *group);

/* checkpoint.c: C2SP tlog-checkpoint text */

struct checkpoint {
	char origin[256];
	uint64_t size;
	unsigned char root[CT_HASH];
	char at[21];    /* when it was signed, UTC; "" in a store's oldest */
};

/* Writes the note text "origin\nsize\nroot\n", and "time AT\n" when the
 * checkpoint has a time, into buf (>= 400 bytes). */
char *checkpoint_format(const struct checkpoint *c, char *buf, size_t cap);
/* Parses a checkpoint note body (signature lines after a blank line are
 * skipped).  Returns CT_OK or CT_USAGE naming the fault. */
int checkpoint_parse(struct checkpoint *c, const char *text, size_t n);
/* The store's current checkpoint. */
int checkpoint_current(struct ct_store *st, struct checkpoint *c);
/* The newest stored checkpoint (signed_only: the newest signed one) as a
 * C2SP signed note into buf (>= 1024 bytes): the checkpoint text, and for
 * a signed one a blank line and "— ORIGIN/OFFICER BASE64\n".  CT_NOTFOUND
 * if there is none. */
int checkpoint_note(struct ct_store *st, int signed_only, char *buf,
    size_t cap);

/* proof.c: the proof texts of casetrail-formats(5): an entry's inclusion
 * in a tree, and a tree's consistency with an older one */

enum proof_kind { PROOF_INCLUSION, PROOF_CONSISTENCY };

struct proof {
	enum proof_kind kind;
	struct checkpoint head;   /* the tree the proof is against; of a
				   * consistency proof, the newer tree */
	uint64_t index;           /* inclusion: leaf index, seq - 1 */
	char *line;               /* inclusion: the entry's canonical line */
	struct checkpoint old;    /* consistency: the older tree */
	char *note;               /* consistency: head as a signed note */
	int len;
	unsigned char path[128][CT_HASH];
};

/* Builds the inclusion proof of entry seq against the tree of the first
 * size entries (0: all of them).  CT_NOTFOUND beyond the journal, CT_USAGE
 * for an entry beyond size. */
int proof_make(struct ct_store *st, int64_t seq, uint64_t size,
    struct proof *p);
/* Builds the consistency proof from old, a checkpoint of this store, to
 * the tree of the first size entries, or with size 0 to the newest signed
 * checkpoint, whose note it carries.  CT_NO if the journal does not
 * extend old. */
int proof_consistency(struct ct_store *st, const struct checkpoint *old,
    uint64_t size, struct proof *p);
/* Writes p as text to fp. */
int proof_write(const struct proof *p, FILE *fp);
/* Parses proof text of either kind.  Returns CT_OK or CT_USAGE naming the
 * line. */
int proof_parse(struct proof *p, const char *text, size_t n);
/* Returns CT_OK if the proof holds: the line is in the proof's tree, or
 * the newer tree extends the older one; else CT_NO. */
int proof_check(const struct proof *p);
void proof_free(struct proof *p);

/* officer.c */

struct officer_new {
	const char *id, *name, *credential, *unix_user;
	const char *valid_from;     /* YYYY-MM-DD, or NULL for today */
	const char *valid_until;    /* YYYY-MM-DD, the last valid day */
	const char *roles[8];
	int nroles;
	const char *qualification;  /* 法律职业资格 number: a reviewer's, or
				     * NULL */
};

/* Returns CT_OK if id is a well-formed officer ID ([a-z0-9._-], starting
 * with a letter or digit, at most 64 bytes), else CT_USAGE. */
int officer_id_check(const char *id);
/* Checks a new officer's fields without a store, so that a refusal can
 * come before a store is created.  Returns CT_OK or CT_USAGE. */
int officer_check(const struct officer_new *o);
/* Registers officer o, in one transaction.  In a store with no officer,
 * o is its first officer: it registers itself, as admin, unsigned (no key
 * exists yet); otherwise the actor (ct_open) must be an admin and signs. */
int ct_officer_add(struct ct_store *st, const struct officer_new *o);
/* Revokes officer id's credential from now on, for reason, in one
 * transaction.  The actor must be an admin and not id. */
int ct_officer_revoke(struct ct_store *st, const char *id,
    const char *reason);

/* An officer's data to change (officer-update): a field left NULL stays
 * as it is. */
struct officer_update {
	const char *id;
	const char *name;           /* a corrected name */
	const char *credential;     /* a new credential number, with: */
	const char *valid_from;     /* YYYY-MM-DD, or NULL for today */
	const char *valid_until;    /* YYYY-MM-DD, the last valid day */
	int restore;                /* restore a revoked officer: with a new
				     * credential and a reason */
	const char *reason;
	const char *qualification;  /* a legal professional qualification
				     * number (法律职业资格), or NULL */
};

/* Checks an update's fields without a store: CT_OK or CT_USAGE. */
int officer_update_check(const struct officer_update *u);
/* Changes officer u->id's data, in one transaction: an officer-update
 * entry (a new credential, a name), or with u->restore an
 * officer-restore entry, which ends his revocation.  The actor must be
 * an admin, and not u->id for a restore.  CT_REFUSED for an officer
 * revoked (without restore) or not revoked (with it), a credential number
 * another officer holds or held, or for a restore one that the officer
 * held; CT_NOTFOUND for no such officer. */
int ct_officer_update(struct ct_store *st, const struct officer_update *u);

/* What ct_officer_key did: the key's ID and its private key file. */
struct officer_key_made {
	char id[17];            /* hex of the first 8 bytes of SHA-256(pub) */
	char path[4096];
};

/* Gives officer id (NULL: the actor) a registered Ed25519 key, in one
 * transaction.  His first key: by an admin (who signs with his own key),
 * or by the officer from his own Unix user (officer-add --unix-user).  A
 * new key for an officer who has one: by the officer, signed with his
 * current key too (rotate), or by an admin with a reset_reason (a reset,
 * recorded).  A revoked officer gets none.  A key file the officer has
 * is registered (nothing to do if it is registered already); without
 * one, or with rotate or a reset, a new key pair is made and its file
 * written (mode 0600), the old file kept as PATH.KEYID.  The officer's
 * own change is signed with the new key.  On failure no file is left
 * changed. */
int ct_officer_key(struct ct_store *st, const char *id, int rotate,
    const char *reset_reason, struct officer_key_made *out);

struct officer_row {
	const char *id, *name, *credential, *valid_from, *valid_until;
	const char *unix_user;  /* or NULL */
	const char *roles;      /* comma-separated: officer reviewer publisher
				 * archivist admin head, in that order */
	const char *status;     /* valid expiring expired revoked pending */
	const char *revoked_at, *revoked_reason;  /* or NULL */
	/* An admin's last reset of the officer's key (officer-key --reset):
	 * when (UTC), by whom and why; NULL if there was none. */
	const char *key_reset_at, *key_reset_by, *key_reset_reason;
	/* His last restore (officer-update --restore): when (UTC), by whom
	 * and why; NULL if there was none. */
	const char *restored_at, *restored_by, *restore_reason;
	const char *qualification;  /* his newest 法律职业资格 number, or
				     * NULL */
};

/* Calls fn for each officer, by ID; stops at the first status fn returns
 * that is not CT_OK and returns it. */
int officer_list(struct ct_store *st,
    int (*fn)(const struct officer_row *, void *), void *ctx);

/* conf_record.c: the settings on the record (casetrail.conf(5)) */

/* The text of casetrail.conf in force at time at: that of the last conf
 * entry recorded by then, malloc'd into *text, and its entry into *seq.
 * CT_NOTFOUND if none was recorded by then. */
int ct_conf_at(struct ct_store *st, time_t at, char **text, int64_t *seq);

/* case.c */

struct case_new {
	const char *type, *title, *party, *party_kind, *party_id, *basis;
	int party_id_unchecked;     /* party_id is foreign or of another
				     * kind: not checked */
	int party_minor;            /* the party is a minor: never published */
	const char *handlers[16];
	int nhandlers;
	time_t filed_at;
};

/* Opens a case in one transaction; id gets its ID (>= 16 bytes). */
int ct_case_new(struct ct_store *st, const struct case_new *c, char *id);

/* penalty.c: the structured decision of a notice, an approval or a
 * decision (case-log(1), casetrail-formats(5) "penalty"). */
struct ct_penalty {
	unsigned types;         /* bit i: the i-th word of the penalties
				 * case-log --penalty names (casetrail(7)) */
	int64_t fine, confiscation;  /* fen; 0: none */
	const char *basis, *facts, *comply;  /* text, or NULL */
	const char *comply_by;  /* YYYY-MM-DD, or NULL */
	int major;              /* --major: major public interest or
				 * complexity */
};

/* money.c: yuan ("5000", "5000.50") into fen, CT_OK or CT_USAGE; fen
 * as yuan with two decimals into buf. */
int money_parse(const char *s, int64_t *fen);
char *money_format(int64_t fen, char *buf, size_t cap);

/* The bit of penalty word: CT_OK, or CT_USAGE naming the words. */
int ct_penalty_type(const char *word, unsigned *bit);
/* Whether any field of p is given (p may be NULL). */
int ct_penalty_given(const struct ct_penalty *p);
/* Checks p, completing its types from its amounts (--fine a fine,
 * --confiscation a confiscation of gains unless of property): CT_OK or
 * CT_USAGE (a fine without an amount or of 0, a bad date or text). */
int ct_penalty_check(struct ct_penalty *p);
/* p's canonical JSON object, keys in this order, those absent left out:
 * types (in the order of the words), fine, confiscation (fen), basis,
 * facts, comply, comply_by, major (true); malloc'd into *json. */
int ct_penalty_json(const struct ct_penalty *p, char **json);
/* The SHA-256, in hex, of the draft: {"penalty":P,"text":T} with P the
 * canonical JSON of p and T the text ("" for NULL).  An approval binds
 * to it. */
int ct_penalty_draft_hash(const struct ct_penalty *p, const char *text,
    char hex[65]);

struct case_entry {
	const char *case_id, *action, *stage, *text;  /* stage, text: or NULL */
	const struct ct_penalty *penalty;  /* notice, approval, decision: the
				 * structured decision, or NULL */
	const char *officers[16];   /* officers present, besides the actor */
	int nofficers;
	const char *evidence[64];   /* evidence IDs of this case */
	int nevidence;
	time_t at;                  /* when it happened */
	const char *ref;            /* the source system's ID of it, or NULL */
	int flagged;                /* out: needed audio/video, had none */
};

/* Checks and appends one entry to a case, in one transaction signed by
 * the actor: all of it or, refused, nothing.  *seq gets the entry's
 * number; e->flagged says whether it lacked an audio/video record. */
int ct_case_log(struct ct_store *st, struct case_entry *e, int64_t *seq);

struct case_row {
	const char *id, *type, *title, *party, *party_kind, *party_id, *basis;
	const char *status, *stage;
	time_t filed_at, decided_at, closed_at;  /* 0: not yet */
	const char *handlers;       /* comma-separated officer IDs */
	char deadline[11];          /* local date by which to decide */
	long days_open;             /* days from filing to decision, or to now */
	int overdue;                /* open past the deadline */
	int review_overdue;         /* case_list: a legal review pending
				     * past its due day (review-list(1)) */
	int flags;                  /* entries that lacked audio/video */
	int64_t entries;            /* journal entries (case_get only) */
	const char *number;         /* its decision's document number (文号),
				 * or NULL */
	/* case_list with unpublished or publish_overdue: the last day to
	 * publish its decision (casetrail.conf(5), deadline.publish-penalty
	 * or deadline.publish working days after the decision's day), and
	 * whether that count ran past the holiday calendar's last year,
	 * Monday to Friday (calendar-ends).  "" otherwise. */
	char publish_due[11];
	int publish_overdue;        /* past publish_due, still unpublished */
	int calendar_ends;
};

struct case_filter {
	const char *type, *stage, *status, *handler;
	int overdue, flagged;
	time_t since;               /* 0: any */
	/* Decided cases not published yet, never a minor's, never one
	 * published and withdrawn; publish_overdue: of those, the ones past
	 * their publication due day. */
	int unpublished, publish_overdue;
	/* If not NULL, set to the year past the holiday calendar's last in
	 * which any such case's due day was counted (listed or not), or
	 * 0: the calendar needs that year's lines. */
	int *needs_year;
};

/* Calls fn for each case matching f, by ID. */
int case_list(struct ct_store *st, const struct case_filter *f,
    int (*fn)(const struct case_row *, void *), void *ctx);
/* Calls fn for the one case id; CT_NOTFOUND if there is none. */
int case_get(struct ct_store *st, const char *id,
    int (*fn)(const struct case_row *, void *), void *ctx);

struct evidence_row;

struct entry_row {
	int64_t seq;
	const char *at, *recorded_at, *officer, *case_id, *action, *stage;
	const char *text, *officers, *evidence, *flags;  /* JSON arrays */
	const char *body;
	const char *credentials;    /* JSON array: the officers' credentials */
	/* The entry was signed with a key that an admin's reset registered
	 * (officer-key --reset): when (UTC), by whom and why; NULL if not. */
	const char *key_reset_at, *key_reset_by, *key_reset_reason;
	const char *ref;            /* the source system's ID, or NULL */
	/* The item an evidence-add entry added, as the entry records it;
	 * NULL for any other entry. */
	const struct evidence_row *item;
	/* A notice's, an approval's or a decision's structured decision:
	 * its penalty object (JSON), the catalogue's rule that makes it
	 * major, a decision's document number; NULL when it has none. */
	const char *penalty, *major, *number;
};

/* The timeline of case id as a JSON array of entries, oldest first, made
 * by SQLite (keys as in case-show(1)); malloc'd into *json. */
int case_timeline_json(struct ct_store *st, const char *id, char **json);
/* Calls fn for each journal entry of case id, oldest first. */
int case_timeline(struct ct_store *st, const char *id,
    int (*fn)(const struct entry_row *, void *), void *ctx);

/* import.c: case-log --import, JSON Lines or TSV (casetrail-formats(5)) */

struct import_stats {
	uint64_t lines, entries, flagged;
	uint64_t skipped;           /* lines whose ref the case already had */
};

/* The import formats: JSON Lines or TSV, told apart line by line; or CSV
 * with a header line (casetrail-formats(5)). */
enum import_format { IMPORT_LINES, IMPORT_CSV };

/* Reads entries from fp (name for messages) and appends them all in one
 * transaction and one signed checkpoint, or on the first bad line
 * nothing.  A line with a ref that its case already has is skipped and
 * counted.  Messages name the line. */
int ct_case_import(struct ct_store *st, FILE *fp, const char *name,
    enum import_format format, struct import_stats *stats);

/* evidence.c */

struct evidence_new {
	const char *case_id;
	const char *name;           /* the original name (evidence_name_check) */
	const char *kind;           /* NULL: guessed from the content */
	const char *stage;          /* NULL: the case's current stage */
	const char *note, *location;  /* or NULL */
	time_t collected_at;        /* 0: not known */
	const char *officers[16];   /* collecting officers */
	int nofficers;
	int name_is_path;           /* name is a path under a folder given
				     * (evidence_path_check) */
	int collected_mtime;        /* each file's modification time is its
				     * collection time (collected_at unused) */
};

/* One file for ct_evidence_add_files. */
struct evidence_input {
	const char *path;           /* a file, or "-" for standard input */
	const char *name;           /* its original name (evidence_name_check) */
	int walked;                 /* found by ct_evidence_walk: name is a
				     * relative path, path is not followed if
				     * a link, and content the case has is
				     * skipped (dup), not refused */
	char id[2 * CT_HASH + 1];   /* out: its evidence ID */
	int dup;                    /* out: walked, and already evidence of
				     * the case: not added */
};

/* Stores the n files of in as evidence e of a case (e->name is ignored:
 * each input has its own), all or none, in one transaction and one signed
 * checkpoint.  What the store can refuse is refused before a byte is
 * read; each input is then copied into the store, hashed on the way, and
 * recorded.  A path must name a regular file (a device, FIFO or socket
 * is read only as standard input), and a regular file that changes while
 * it is read is CT_REFUSED.  On failure no entry and no new object is
 * left.  progress, if not NULL, is called every few MiB of an input with
 * its name, the bytes done and its size (-1 when not known), and once
 * with done equal to the size when the input is stored.  Many inputs are
 * copied several at once: progress is called from one thread at a time,
 * not always the caller's. */
int ct_evidence_add_files(struct ct_store *st, const struct evidence_new *e,
    struct evidence_input *in, int n,
    void (*progress)(const char *name, uint64_t done, int64_t total));
/* evidence_walk.c: the regular files under directories, for
 * ct_evidence_add_files. */
struct evidence_walk {
	struct evidence_input *in;  /* the files found, in order */
	int n, cap;
	uint64_t bytes;             /* their total size */
	int skipped;                /* hidden and system names skipped */
	int not_regular;            /* links, FIFOs, devices, sockets, empty
				     * files: reported, not added */
	/* Called for each name not regular, with what it is. */
	void (*report)(const char *path, const char *what, void *ctx);
	void *ctx;
};

/* Adds to w every regular file under dir, by its path relative to dir,
 * in the byte order of those paths, without following symbolic links;
 * hidden names (a leading '.') and the system files and folders of
 * cameras and of other systems are skipped, each counted once.  CT_USAGE
 * if dir is not a directory or a name is not valid UTF-8, CT_NOTFOUND if
 * there is no dir, CT_SYSTEM on a read error. */
int ct_evidence_walk(struct evidence_walk *w, const char *dir);
void ct_evidence_walk_free(struct evidence_walk *w);

/* Returns CT_OK if id is 64 lowercase hex digits, else CT_USAGE. */
int evidence_id_check(const char *id);
/* The evidence ID that typed names, into id: its 64 hex digits, or a
 * prefix of at least 8 that only one item has, in either case, as git
 * takes object names; of case_id's evidence unless case_id is NULL.  Its
 * kind into kind, unless kind is NULL.  CT_USAGE for a bad or an
 * ambiguous ID (the message lists the candidates), CT_NOTFOUND for none. */
int evidence_resolve(struct ct_store *st, const char *typed,
    const char *case_id, char id[65], char kind[16]);

struct evidence_row {
	const char *id, *case_id, *name, *kind, *stage;
	int64_t size, seq;
	const char *collected_at;   /* local RFC 3339, or NULL */
	const char *officer;        /* who recorded it */
	const char *officers;       /* JSON array: who collected it */
	const char *location, *note;  /* or NULL */
};

/* Calls fn for each evidence item of case id, in the order added;
 * CT_NOTFOUND if there is no such case. */
int evidence_list(struct ct_store *st, const char *case_id,
    int (*fn)(const struct evidence_row *, void *), void *ctx);
/* Opens the object of evidence id for reading: CT_USAGE for a bad ID,
 * CT_NOTFOUND if no case has it, CT_NO if its object is missing or its
 * size is not the recorded one.  *fd and *size on success. */
int evidence_open(struct ct_store *st, const char *id, int *fd,
    uint64_t *size);
/* Copies an object from fd to out (a file descriptor), hashing it on the
 * way: CT_NO if the bytes do not hash to id (they were written all the
 * same: the message says so), CT_SYSTEM on an I/O error. */
int evidence_copy(int fd, const char *id, int out);

/* review.c: the legal review of a penalty decision (法制审核;
 * review-submit(1), review-decide(1), review-list(1)) */

enum { CT_REVIEW_POINTS = 10 };

/* A draft decision submitted for review by a handler. */
struct ct_review_new {
	const char *case_id;
	struct ct_penalty *penalty; /* the intended decision (checked) */
	const char *text;           /* its text, or NULL */
	const char *evidence[64];   /* the materials: evidence of the case */
	int nevidence;
};
/* Submits r, in one transaction signed by the actor (an officer): a
 * review-submit entry, whose number *id is the review's ID; a review of
 * the case still pending is superseded.  CT_REFUSED by a rule,
 * CT_NOTFOUND for no such case or evidence. */
int ct_review_submit(struct ct_store *st, const struct ct_review_new *r,
    int64_t *id);

/* A reviewer's verdict on review id: verdict one of approved, rejected,
 * returned, transferred; points[i] the verdict on point i + 1, "ok" or
 * "issue:TEXT", or NULL; opinion the reviewer's text. */
struct ct_review_verdict {
	int64_t id;
	const char *verdict;
	const char *points[CT_REVIEW_POINTS];
	const char *opinion;
};
/* The verdict is a known one; an approval gives a verdict on each of
 * the ten points, a transfer an issue on point 10 (the suspected
 * crime); each point given is ok or an issue with its text.  Pure: the
 * programs, the writer and the replay call it.  CT_OK or CT_USAGE. */
int rule_review_points(const struct ct_review_verdict *v);
/* Records v, in one transaction signed by the actor, a reviewer with a
 * qualification number who is not involved in the case (回避).
 * CT_USAGE for points missing or malformed, CT_REFUSED by a rule,
 * CT_NOTFOUND for no such review. */
int ct_review_decide(struct ct_store *st, const struct ct_review_verdict *v);

/* One finding of the pre-check (review_check.c): the point of the ten
 * it bears on, and what the record shows. */
struct ct_finding {
	int point;
	const char *text;
};
/* The pre-check of a draft p of case case_id on the record as it is:
 * fn is called for each finding; none is a refusal.  CT_NOTFOUND for no
 * such case. */
int ct_review_check(struct ct_store *st, const char *case_id,
    const struct ct_penalty *p,
    int (*fn)(const struct ct_finding *, void *), void *ctx);

struct review_row {
	int64_t id;
	const char *case_id, *state, *draft, *submitted_at, *due;
	const char *reviewer;       /* or NULL */
	const char *opinion;        /* the reviewer's, or NULL */
	const char *points;         /* JSON array of the ten verdicts, or
				     * NULL */
	const char *issues;         /* "N: TEXT; ..." of the points with an
				     * issue, or NULL */
	int overdue;                /* pending past its due day */
	int calendar_ends;          /* due past the holiday calendar's last
				     * year: counted Monday to Friday */
};
struct review_filter {
	int pending, overdue;
	const char *reviewer, *case_id;
};
/* Calls fn for each review matching f, by ID. */
int review_list(struct ct_store *st, const struct review_filter *f,
    int (*fn)(const struct review_row *, void *), void *ctx);
/* The reviews of case_id as a JSON array (keys as in case-show(1)),
 * malloc'd into *json. */
int review_history_json(struct ct_store *st, const char *case_id,
    char **json);

/* seal_list.c: the sealed cases as archive-list(1) lists them, from
 * the seal table (years as local calendar years, 0 for none). */
struct seal_row {
	const char *case_id;
	const char *archive_no;     /* 档号, or NULL */
	const char *sha256;         /* of the archive file */
	int64_t bytes;
	const char *retention;      /* permanent 30y 10y unset */
	const char *filed, *closed, *sealed;    /* local dates */
	int transfer_year;          /* closing year + archive.transfer-after */
	int appraisal_year;         /* closing year + 10 or 30; 0: none */
};
struct seal_filter {
	int transfer_due;           /* only those whose transfer year is
				     * this (0: any) */
	int appraisal_due;          /* the same for the appraisal year */
	int retention_unset;        /* only those sealed with none */
};
/* Calls fn for each seal matching f, by case ID. */
int seal_list(struct ct_store *st, const struct seal_filter *f,
    int (*fn)(const struct seal_row *, void *), void *ctx);
/* The retention the seal of case_id recorded, and the one the retention
 * table gives the case now ("unset" for none), each cap bytes. */
int seal_retention(struct ct_store *st, const char *case_id,
    char *recorded, char *now, size_t cap);

/* rec.c: records (casetrail-formats(5)) */

enum rec_format { REC_TSV, REC_CSV, REC_JSON, REC_TEXT };

/* A writer of records to a FILE: opaque. */
struct rec_writer;

/* Parses a -f argument.  allowed is a space-separated list of the formats
 * the program takes.  Returns CT_OK or CT_USAGE. */
int rec_format_parse(const char *s, const char *allowed, enum rec_format *f);
/* A writer of records in format f to fp: header (tsv) writes a line of
 * keys first, as csv always does; bom (csv) starts with a UTF-8 BOM for
 * spreadsheets.  JSON objects are made by st's SQLite, like the
 * journal's, so st must stay open until rec_close.  Returns the writer,
 * the caller's to rec_close, or NULL (out of memory, message recorded). */
struct rec_writer *rec_open(FILE *fp, enum rec_format f, int header,
    int bom, struct ct_store *st);
/* Fields of the current record, in order; the first is the ID.  keys
 * must stay the same from record to record. */
void rec_str(struct rec_writer *w, const char *key, const char *value);
void rec_int(struct rec_writer *w, const char *key, int64_t value);
/* A JSON array or object text: raw in JSON, its elements joined by commas
 * in tsv and csv. */
void rec_list(struct rec_writer *w, const char *key, const char *json);
/* Writes the record.  Returns CT_OK or CT_SYSTEM if writing failed. */
int rec_end(struct rec_writer *w);
/* Frees w; NULL is harmless. */
void rec_close(struct rec_writer *w);

/* ids.c: the pipe contract */

/* Calls fn for each ID: the arguments, or with none (or for an argument
 * "-") the first field (up to a tab) of each non-empty line of in, the
 * program's standard input.  Processing goes on after an error; returns
 * the highest status seen (mblaze's blaze822_loop). */
int ids_each(int argc, char **argv, FILE *in,
    int (*fn)(const char *id, void *ctx), void *ctx);

/* vocab.c: the actions case-log records, as casetrail(7) tabulates them */

struct ct_action_row {
	const char *name;
	const char *stage;      /* the stage it is logged in; NULL: unchanged */
	int on_site;            /* at least two officers present */
	int audio_video;        /* needs an audio or video record */
	const char *status;     /* the status it gives the case, or NULL */
	const char *role;       /* the role its actor needs */
	int before_filing;      /* may be dated before its case was filed */
};

/* The i-th action case-log records, from 0, into *a: 1, or 0 past the
 * last.  Never fails. */
int ct_action_row(size_t i, struct ct_action_row *a);

/* vocab.c: the moves of a case, as casetrail(7) tabulates them.  The
 * first row of a case's status that names an entry's action, or names
 * none, says what the entry does. */
struct ct_move_row {
	const char *status;     /* the case's status */
	const char *action;     /* the action, or NULL: any other */
	const char *becomes;    /* the status after it, or NULL: refused */
	const char *barred;     /* the stages, space-separated, it may not
				 * move the case to, or NULL */
};

/* The i-th move, from 0, into *r: 1, or 0 past the last.  Never fails. */
int ct_move_row(size_t i, struct ct_move_row *r);

/* verify.c */

struct verify_report {
	uint64_t entries, checkpoints, signed_checkpoints;
	int status;             /* CT_OK or CT_NO */
	char first[512];        /* the first fault, when status is CT_NO */
};

/* Recomputes every leaf and the tree, checks the stored nodes and
 * checkpoints, and that the tables agree with the journal.  Returns CT_OK
 * when it could look (r->status says what it found) or an error status. */
int verify_store(struct ct_store *st, struct verify_report *r,
    void (*progress)(uint64_t done, uint64_t total));
/* store-rebuild: inside one write transaction, replays the journal as
 * verify_store does and, only if it holds (r->status CT_OK), recomputes
 * every derived table from it.  A journal that does not verify changes
 * nothing. */
int verify_rebuild(struct ct_store *st, struct verify_report *r,
    void (*progress)(uint64_t done, uint64_t total));
/* Checks the store against a checkpoint kept elsewhere: the tree of the
 * checkpoint's size must have its root, and the origin must match.  The
 * note text (n bytes) may carry signature lines: one whose key name is
 * ORIGIN/OFFICER of this store must verify with one of that officer's
 * keys. */
int verify_against(struct ct_store *st, const struct checkpoint *c,
    const char *note, size_t n, struct verify_report *r);

/* verify_modes.c */

/* Counts into *found the store's files and directories that users it is
 * not for may read, list or write: any with a bit for others, and in a
 * store not shared with a group any its group may read or write.  first
 * (cap bytes) gets a warning naming the first and the fix, or "" if
 * none.  Symbolic links are not judged.  Returns CT_OK, or CT_SYSTEM if
 * the store cannot be read. */
int verify_modes(struct ct_store *st, char *first, size_t cap, int *found);

/* store_files.c: CT_USAGE if path (a file or directory a program is to
 * write) is in the store's directory, where it would overwrite or
 * clutter what the store keeps; else CT_OK. */
int ct_output_check(struct ct_store *st, const char *path);

#endif
