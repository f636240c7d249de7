/*
 * internal.h: what lib's files share and the programs must not use: the
 * store's insides, SQLite, keys, the journal's statements, the rules.
 * tests/unit and tests/fuzz include it to test internals, and so does
 * bench/src/import-unsigned, which signs nothing on purpose.
 */
#ifndef CASETRAIL_INTERNAL_H
#define CASETRAIL_INTERNAL_H

#include <sys/types.h>

#include <sqlite3.h>

#include "casetrail.h"
#include "vocab.h"
#include "rules.h"

/* A text column, or "" for NULL. */
static inline const char *
sql_text(sqlite3_stmt *s, int col)
{
	const char *v = (const char *)sqlite3_column_text(s, col);

	return v ? v : "";
}

/* rules.c: the rules for one entry on a case by the actor at time at:
 * the actor is qualified; an on-site action names at least two officers;
 * each named officer is qualified.  Returns CT_OK, CT_REFUSED or
 * CT_NOTFOUND. */
int rules_entry(struct ct_store *st, const struct action *a, time_t at,
    const char *const *officers, int n);
/* Whether the actor may record a about officer target now. */
int rules_may_manage(struct ct_store *st, const char *action,
    const char *target);

struct case_log_batch;

/* case.c: applies an entry that another module wrote (evidence-add) to
 * its case's state in batch b, as case_log does for its own.  stage NULL:
 * the case's current stage. */
int case_touch_entry(struct ct_store *st, struct case_log_batch *b,
    const char *case_id, const struct action *a, const char *stage,
    const char *at, int flagged, int64_t seq);

/* env.c: every environment variable lib reads, and nothing else reads
 * one (casetrail(7), ENVIRONMENT). */
enum env_var { ENV_STORE, ENV_OFFICER, ENV_NOW, ENV_BUSY_TIMEOUT,
    ENV_DATA_HOME, ENV_CONFIG_HOME, ENV_HOME };
/* The variable's value, or NULL when it is unset or empty. */
const char *env_get(enum env_var v);

/* error.c */

/* Maps an SQLite result code to a casetrail status and records a message
 * naming what was being done.  Busy and locked become CT_SYSTEM with a hint. */
int ct_fail_sqlite(sqlite3 *db, const char *doing);

/* utf8.c */

/* Returns 1 if the n bytes at s are valid UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF) and contain no NUL, else 0. */
int utf8_valid(const char *s, size_t n);

/* timefmt.c */

/* Sets the time zone in which times are read and shown (an IANA name such
 * as Asia/Shanghai).  Returns CT_USAGE if the zone is not installed. */
int time_set_zone(const char *zone);
/* Returns CT_OK, or CT_USAGE if CASETRAIL_NOW is set and unreadable. */
int time_now_check(void);
/* Parses YYYY-MM-DD only, as the start of that day in the agency's zone. */
int time_parse_date(const char *s, time_t *t);
/* Formats t as stored: UTC, "2026-11-25T01:30:00Z".  buf has >= 21 bytes. */
char *time_utc(time_t t, char *buf);
/* Days from local midnight of a to local midnight of b (negative if b is
 * earlier), counted on the calendar, so DST cannot shift it. */
long time_days_between(time_t a, time_t b);

/* conf.c: casetrail.conf, documented in casetrail.conf(5) */

struct ct_conf {
	char *agency;           /* agency name, for checkpoints and documents */
	char *timezone;         /* IANA zone, default Asia/Shanghai */
	char *holidays;         /* holiday calendar file, or NULL */
	char *holidays_text;    /* its text as it was read (conf_load) or
				 * recorded (the conf entry in force) */
	size_t holidays_len;
	int decide_days;        /* days from filing to decision (art. 60) */
	int serve_days;         /* days from decision to service (art. 61) */
	int publish_days;       /* working days to publish a decision */
	int publish_penalty_days; /* the same for penalties and licences */
	int withdraw_days;      /* days to withdraw a revoked publication */
	int review_days;        /* working days for a legal review */
	int64_t major_fine_person; /* fen: fines from here up are major */
	int64_t major_fine_org;
	/* The structured decision (decide.c, casetrail.conf(5)): the rest
	 * of the catalogue of major decisions, the hearing thresholds
	 * (较大数额, art. 63), penalty types as space-separated words of
	 * vocab_penalties (checked where they are used, in domain), the
	 * periods after a notice in working days, document numbers. */
	int64_t major_confiscation_person, major_confiscation_org;
	char *major_types;
	int64_t hearing_fine_person, hearing_fine_org;
	int64_t hearing_confiscation_person, hearing_confiscation_org;
	char *hearing_types;
	int statement_days;     /* working days to state and defend */
	int hearing_days;       /* working days to ask for a hearing */
	char *number_penalty;   /* pattern of a penalty decision's number */
	int keep_penalty_months; /* how long a publication stays: */
	int keep_months;        /* penalties, others (publish.keep*) */
	int clock_tolerance_min; /* minutes an entry may fall behind the last */
	int keys_set;           /* the settings its lines make: 0 for a text
				 * of comments, as a new store's is */
	char *text;             /* the file's text as read (conf_load), for
				 * its conf entry; NULL when there is none */
	size_t text_len;
	char *archive_gm;       /* "yes": archive-seal --gm always */
	/* Archiving (archive-seal(1), archive-list(1)): the fonds code
	 * (全宗号) of the archive numbers, or NULL: no numbers; the years
	 * after closing at which sealed cases go to the archives (移交). */
	char *archive_fonds;
	int transfer_years;
};

/* Fills c with the defaults. */
void conf_defaults(struct ct_conf *c);
/* Reads the configuration text of n bytes (name is for messages).  Unknown
 * keys, bad values and bad lines are CT_USAGE naming the line.  On error c
 * keeps what was read so far; conf_free() it either way. */
int conf_parse(struct ct_conf *c, const char *text, size_t n, const char *name);
/* Reads the file at path into c, keeping its text; a missing file leaves
 * the defaults and no text. */
int conf_load(struct ct_conf *c, const char *path);
/* The text of a new store's casetrail.conf: every key, commented. */
const char *conf_template(void);
void conf_free(struct ct_conf *c);

/* calendar.c: working days (casetrail.conf(5), holidays) */

struct calendar {
	struct { long day; int off; } *days;    /* by day, ascending */
	size_t n, cap;
	int first_year, last_year;  /* the years listed; 0: none */
};

/* Days from 1970-01-01 of a civil date, and back. */
long calendar_day(int y, int m, int d);
void calendar_date(long day, int *y, int *m, int *d);
/* A YYYY-MM-DD date (what follows it is not read) as a day: CT_OK or
 * CT_USAGE. */
int calendar_parse_date(const char *s, long *day);
/* Reads a calendar of n bytes (name for messages): '#' comments, lines
 * "YYYY-MM-DD<TAB>off|work[<TAB>name]" in date order.  CT_USAGE naming
 * the line; calendar_free it either way. */
int calendar_parse(struct calendar *c, const char *text, size_t n,
    const char *name);
/* The file at path (NULL: an empty calendar, Monday to Friday). */
int calendar_load(struct calendar *c, const char *path);
/* The text of the calendar file at path, malloc'd, into *text and *n. */
int calendar_read(const char *path, char **text, size_t *n);
/* The calendar of settings c: the text they hold (holidays_text), else
 * the file they name, else an empty one. */
int calendar_of(struct calendar *cal, const struct ct_conf *c);
void calendar_free(struct calendar *c);
/* 1 if day is a working day: listed as work, or a weekday not listed as
 * off; past the calendar's years, Monday to Friday. */
int calendar_workday(const struct calendar *c, long day);
/* 1 if day lies past the last year the calendar lists, where it counts
 * Monday to Friday without knowing that year's holidays (calendar-ends);
 * 0 for a calendar with no lines (no holidays configured). */
int calendar_ends(const struct calendar *c, long day);
/* The n-th working day after day (n >= 1); *ends is calendar_ends of
 * it: the count ran past the calendar's last year. */
long calendar_after(const struct calendar *c, long day, int n, int *ends);

/* case_publish.c: publication due days (case-list(1) --unpublished,
 * --publish-overdue) */

struct publish_clock {
	struct calendar cal;
	long today;                 /* local, as a calendar day */
	int penalty_days, other_days;
	int needs_year;             /* a due day was counted in this year,
				     * past the calendar's last: 0 if none */
};

struct publish_due {
	char day[11];               /* YYYY-MM-DD, the last day on time */
	int overdue;                /* today is past it */
	int calendar_ends;          /* counted past the calendar's last year */
};

/* The holiday calendar and today, for publish_due; CT_USAGE naming the
 * calendar's bad line.  publish_clock_close it either way. */
int publish_clock_open(struct ct_store *st, struct publish_clock *k);
void publish_clock_close(struct publish_clock *k);
/* The publication due day of a case of type decided at decided_at. */
int publish_due(struct publish_clock *k, const char *type, time_t decided_at,
    struct publish_due *d);

/* money.c */

/* Parses yuan ("5000", "5000.5", "5000.50") into fen.  CT_USAGE if bad. */
int money_parse(const char *s, int64_t *fen);
/* Formats fen as yuan with two decimals. */
char *money_format(int64_t fen, char *buf, size_t cap);

/* merkle.c: RFC 9162 section 2.1 over SHA-256 */


/* leaf = SHA-256(0x00 || data). */
void merkle_leaf(const void *data, size_t n, unsigned char leaf[CT_HASH]);
/* node = SHA-256(0x01 || left || right). */
void merkle_node(const unsigned char left[CT_HASH],
    const unsigned char right[CT_HASH], unsigned char out[CT_HASH]);

/* The hashes of the complete subtrees of a tree of `size` leaves, largest
 * first: the right edge on which the next leaf is appended.  A tree of
 * 2^64 leaves is out of reach, so 64 slots suffice. */
struct merkle_frontier {
	uint64_t size;
	int count;
	unsigned char hash[64][CT_HASH];
};

/* Appends a leaf hash.  Writes to done[] the subtrees that this leaf
 * completes, from level 1 upward (the leaf itself, level 0, is not
 * included), and returns how many. */
int merkle_append(struct merkle_frontier *f, const unsigned char leaf[CT_HASH],
    unsigned char done[][CT_HASH]);
/* The root of the tree the frontier describes; the empty tree's root is
 * SHA-256 of nothing. */
void merkle_root(const struct merkle_frontier *f, unsigned char root[CT_HASH]);
/* Frees the calling thread's digest context: a thread that hashed calls
 * it before it ends (the main thread's lasts as long as the process). */
void merkle_thread_end(void);

/* Where proofs get the hash of a complete subtree: level l (0 = a leaf),
 * index i (the subtree covers leaves i*2^l .. (i+1)*2^l - 1).  Returns
 * CT_OK or an error status with its message recorded. */
typedef int (*merkle_node_fn)(void *ctx, int level, uint64_t index,
    unsigned char out[CT_HASH]);

/* The root hash of leaves [begin, end), from complete subtrees only:
 * O(log n) calls of get. */
int merkle_range(merkle_node_fn get, void *ctx, uint64_t begin, uint64_t end,
    unsigned char out[CT_HASH]);
/* The inclusion proof (RFC 9162 2.1.3.1) of leaf index in a tree of size
 * leaves.  path must hold 64 hashes; *len gets their number. */
int merkle_inclusion(merkle_node_fn get, void *ctx, uint64_t index,
    uint64_t size, unsigned char path[][CT_HASH], int *len);
/* The consistency proof (RFC 9162 2.1.4.1) from old to size leaves,
 * 0 < old <= size.  proof must hold 128 hashes. */
int merkle_consistency(merkle_node_fn get, void *ctx, uint64_t old,
    uint64_t size, unsigned char proof[][CT_HASH], int *len);
/* Verifies an inclusion proof (RFC 9162 2.1.3.2).  Returns 1 if leaf is
 * at index in the tree of size leaves whose root is root, else 0. */
int merkle_inclusion_ok(uint64_t index, uint64_t size,
    const unsigned char leaf[CT_HASH], const unsigned char path[][CT_HASH],
    int len, const unsigned char root[CT_HASH]);
/* Verifies a consistency proof (RFC 9162 2.1.4.2).  Returns 1 or 0. */
int merkle_consistency_ok(uint64_t old, uint64_t size,
    const unsigned char old_root[CT_HASH], const unsigned char root[CT_HASH],
    const unsigned char proof[][CT_HASH], int len);

/* base64.c */

/* Standard base64 with padding.  out has room for 4*((n+2)/3)+1 bytes;
 * returns out. */
char *base64_encode(const unsigned char *in, size_t n, char *out);
/* Decodes exactly: returns the number of bytes, or -1 on any bad
 * character, padding or length.  out has room for 3*(strlen(in)/4). */
long base64_decode(const char *in, unsigned char *out, size_t cap);
/* Lowercase hex of n bytes; out has 2n+1 bytes. */
char *hex_encode(const unsigned char *in, size_t n, char *out);

/* sign.c: officers' Ed25519 keys, signatures on checkpoints */

#define KEY_PUB 32          /* raw Ed25519 public key */
#define KEY_SIG 64          /* Ed25519 signature */
#define KEY_ID_LEN 16       /* hex of the first 8 bytes of SHA-256(pub) */

struct ct_key {
	struct evp_pkey_st *pkey;   /* the private key; NULL when none */
	unsigned char pub[KEY_PUB];
	char id[KEY_ID_LEN + 1];
	char path[4096];            /* its file */
};

/* The private key file of officer:
 * ${XDG_CONFIG_HOME:-$HOME/.config}/casetrail/keys/OFFICER.key. */
int key_path(const char *officer, char *buf, size_t cap);
/* The private key of a key file in the layout officer-key and openssl
 * genpkey write (PEM of RFC 8410 PKCS#8, one base64 line), read without
 * OpenSSL's PEM reader, which first registers every cipher and digest by
 * name (a third of a short program's run).  NULL for anything else, for
 * that reader to try. */
struct evp_pkey_st *key_parse_pem(const char *text, size_t n);
/* Reads officer's private key file.  CT_NOTFOUND if there is none,
 * CT_REFUSED if group or others may access it or it is not the caller's
 * (as ssh), CT_USAGE if it is not an Ed25519 PEM key. */
int key_load(struct ct_key *k, const char *officer);
/* Reads officer's key as key_retire left it, PATH.ID: where a rotation
 * killed before its commit leaves the key the store still has. */
int key_load_retired(struct ct_key *k, const char *officer, const char *id);
/* Makes a new key pair for officer, in memory; key_save writes it. */
int key_generate(struct ct_key *k, const char *officer);
/* Writes k to k->path with mode 0600 (directories 0700), whole or not at
 * all; CT_REFUSED if a file is there. */
int key_save(struct ct_key *k);
/* Renames k's file to PATH.KEYID, keeping it when a new key replaces it. */
int key_retire(const struct ct_key *k);
void key_free(struct ct_key *k);
/* The key ID of a public key. */
void key_id_of(const unsigned char pub[KEY_PUB], char id[KEY_ID_LEN + 1]);
/* Signs n bytes of msg. */
int key_sign(const struct ct_key *k, const void *msg, size_t n,
    unsigned char sig[KEY_SIG]);
/* Returns 1 if sig is pub's signature of msg, else 0. */
int key_verify(const unsigned char pub[KEY_PUB], const void *msg, size_t n,
    const unsigned char *sig, size_t siglen);
/* The C2SP signed-note key hash of an Ed25519 key called name. */
void note_key_hash(const char *name, const unsigned char pub[KEY_PUB],
    unsigned char out[4]);
/* The note signature line "— NAME BASE64(hash || sig)\n" into buf. */
char *note_signature_line(const char *name, const unsigned char pub[KEY_PUB],
    const unsigned char sig[KEY_SIG], char *buf, size_t cap);

/* store.c */

/* Statement cache slots (store_stmt). */
enum {
	SLOT_OFFICER_EXISTS, SLOT_CASE_STATE, SLOT_EVIDENCE_KIND,
	SLOT_CASE_UPDATE, SLOT_CASE_UPDATE_STATUS, SLOT_IMPORT_JSON, SLOT_NODE,
	SLOT_CHECKPOINT,
	SLOT_JOURNAL_GENERIC, SLOT_JOURNAL_SIZE, SLOT_LINE,
	SLOT_JOURNAL_OFFICER, SLOT_JOURNAL_CASE_NEW, SLOT_JOURNAL_INSERT,
	SLOT_JOURNAL_CASE_LOG,  /* and the 15 after it: one per body shape */
	SLOT_JOURNAL_EVIDENCE = SLOT_JOURNAL_CASE_LOG + 16,  /* and the 3 after */
	SLOT_EVIDENCE_ROW = SLOT_JOURNAL_EVIDENCE + 4, SLOT_EVIDENCE_HAS,
	SLOT_EVIDENCE_CASE_SEQ, SLOT_CRED, SLOT_JOURNAL_KEY, SLOT_JOURNAL_REVOKE,
	SLOT_JOURNAL_CASE_ROWS,  /* and the 15 after it: one per body shape */
	SLOT_APPLY = SLOT_JOURNAL_CASE_ROWS + 16,  /* and the 31 after it */
	SLOT_JOURNAL_UPDATE = SLOT_APPLY + 32, SLOT_CRED_PAST, SLOT_CRED_GAPS,
	SLOT_CONF_IN_FORCE, SLOT_JOURNAL_CONF, SLOT_CASE_REF, SLOT_APPLY_REFS,
	/* The structured decision (decide.c): a penalty entry's insert, one
	 * per body shape, and its reads. */
	SLOT_JOURNAL_PENALTY, SLOT_DECIDE_FACTS = SLOT_JOURNAL_PENALTY + 16,
	SLOT_DOC_NEXT, SLOT_DECIDE_ENTRY,
	SLOT_JOURNAL_SEAL,      /* seal.c */
	SLOT_JOURNAL_PUBLISH, SLOT_JOURNAL_PUBLISH_NONE,      /* publish.c */
	SLOT_COUNT
};

/* Subtree hashes a store keeps at hand: the proofs of many neighbouring
 * entries (an export's) share most of theirs. */
enum { NODE_CACHE = 1024 };

struct ct_store {
	sqlite3 *db;
	char *dir;
	struct ct_conf conf;
	char origin[256];       /* the checkpoint origin line */
	uint64_t cp_time_since; /* checkpoints beyond this size sign a time */
	int64_t qualification_since;  /* officer-add entries beyond this one
				       * give a reviewer his qualification */
	char actor[65];         /* acting officer, once resolved */
	int writing;            /* inside store_begin .. store_commit */
	char now[21];           /* the transaction's time, UTC */
	struct merkle_frontier tree;  /* valid while writing */
	uint64_t tree_start;    /* size when the transaction began */
	int tree_broken;        /* an append failed: the transaction must roll back */
	uint64_t root_size;     /* proof.c: a tree's root, read outside a */
	unsigned char root[CT_HASH];    /* change, of root_size entries */
	struct node_cached {    /* journal.c: subtree hashes read outside */
		uint64_t key;   /* a change; 0 for none */
		unsigned char hash[CT_HASH];
	} nodes[NODE_CACHE];
	unsigned char leaf[CT_HASH];     /* the last appended leaf ... */
	unsigned char done[64][CT_HASH]; /* ... and the subtrees it completed */
	int ndone;
	struct ct_key key;      /* the actor's, to sign the checkpoint */
	int founding;           /* the one unsigned write: the first officer */
	struct cred *creds;     /* officers' credentials, read once (rules.c) */
	size_t ncreds;
	sqlite3_stmt *stmt_cache[SLOT_COUNT];
	int shared;             /* shared with a group (store-init --shared) */
	char conf_sha256[65];   /* conf.text's, once a write has asked */
	char holidays_sha256[65];       /* conf.holidays_text's, likewise */
};


/* The store directory: dir if given, else $CASETRAIL_STORE, else
 * ${XDG_DATA_HOME:-$HOME/.local/share}/casetrail.  Returns a malloc'd
 * string or NULL with a message. */
char *store_path(const char *dir);
/* Opens the store at dir (see store_path), without the checks of ct_open
 * (mode STORE_READ or STORE_WRITE).  STORE_WRITE creates a missing
 * store and refuses a read-only one; STORE_READ refuses a missing one with
 * CT_NOTFOUND.  Migrates an older schema forward; refuses a newer one.  On
 * success *st is ready; on failure *st is NULL. */
int store_open(struct ct_store **st, const char *dir, int mode);
/* Starts a write transaction (BEGIN IMMEDIATE, retried while busy) and
 * loads the journal's frontier. */
int store_begin(struct ct_store *st);
/* Records the tree head of what this invocation appended as a checkpoint,
 * signed with st->key, and commits.  Refuses to commit an unsigned one
 * unless st->founding.  On failure the transaction is rolled back. */
int store_commit(struct ct_store *st);
/* Rolls back; safe to call when no transaction is open. */
void store_rollback(struct ct_store *st);
/* conf_record.c: begins a program's write: store_begin, then, inside the
 * transaction (so that two writers record it once), a conf entry with the
 * text of casetrail.conf when it is not the text recorded last. */
int write_begin(struct ct_store *st);
/* The SHA-256 of n bytes of text in lowercase hex: a conf entry's name
 * for its text. */
void conf_sha256(const char *text, size_t n, char hex[65]);
/* The holiday calendar recorded in conf entry seq into c->holidays_text
 * (NULL if it recorded none: c's file is read as it is now). */
int conf_calendar_at(struct ct_store *st, int64_t seq, struct ct_conf *c);

/* Ends the transaction store_begin began with the status rc of its work:
 * commits (and signs) if rc is CT_OK, else rolls back; returns the
 * outcome (write.c). */
int store_end(struct ct_store *st, int rc);
/* A prepared statement from a small per-store cache, keyed by slot; reset
 * and unbound.  The SQL for one slot must never change; once the slot is
 * filled, sql may be NULL. */
sqlite3_stmt *store_stmt(struct ct_store *st, int slot, const char *sql);
/* Runs SQL without results.  Returns CT_OK or an error naming doing. */
int store_exec(struct ct_store *st, const char *sql, const char *doing);
/* The schema version this build writes. */
int store_schema_version(void);


/* journal.c */

/* Prepares (cached in slot) the insert of one entry, whose canonical line
 * is json_object over seq, at, officer, case, action, stage and a body
 * that is the SQL expression body_sql over parameters ?7 and up.  The
 * caller binds ?4 case (or NULL), ?5 action, ?6 stage (or NULL) and the
 * body's, then calls journal_step. */
sqlite3_stmt *journal_prepare(struct ct_store *st, int slot,
    const char *body_sql);
/* Binds seq, time and acting officer and runs the insert, which hashes
 * the line into the tree; resets it.  *seq (if not NULL) gets the entry's
 * number.  Needs store_begin. */
int journal_step(struct ct_store *st, sqlite3_stmt *ins, int64_t *seq);
/* Up to JOURNAL_ROWS entries in one insert, for a bulk import: one
 * statement run, where one each would cost a third more.  The row source
 * is VALUES of width parameters a row from ?3 on: seq (NULL for a row not
 * used), case, action, stage, then the body's, which body_sql names
 * column5 and up.  journal_step_rows binds time and officer (?1, ?2), runs
 * it for the n rows bound, which must be numbered from the tree's size
 * + 1 on, and resets it; the next journal_prepare_rows clears the
 * bindings. */
enum { JOURNAL_ROWS = 128 };
sqlite3_stmt *journal_prepare_rows(struct ct_store *st, int slot,
    const char *body_sql, int width);
int journal_step_rows(struct ct_store *st, sqlite3_stmt *ins, int n);
/* Appends an entry with a body already made by json_object (body must be
 * a JSON object text). */
int journal_append(struct ct_store *st, const char *case_id,
    const char *action, const char *stage, const char *body, int64_t *seq);
/* The number of entries. */
/* Gives a stored checkpoint of size c->size the time at it was signed
 * with, if it was signed with one (schema version 3 on). */
void checkpoint_set_time(const struct ct_store *st, struct checkpoint *c,
    const char *at);
int journal_size(struct ct_store *st, uint64_t *size);
/* The hash of a complete subtree, read from the store (merkle_node_fn). */
int journal_node(void *st, int level, uint64_t index,
    unsigned char out[CT_HASH]);
/* The root of the first size entries. */
int journal_root(struct ct_store *st, uint64_t size,
    unsigned char root[CT_HASH]);
/* The canonical line of entry seq, malloc'd. */
int journal_line(struct ct_store *st, int64_t seq, char **line);

/* checkpoint.c */

/* Parses one signature line of a note (n bytes, no newline): the key
 * name into name (cap bytes) and the 4-byte key hash and the signature
 * into raw.  Returns CT_OK or CT_USAGE. */
int note_signature_parse(const char *line, size_t n, char *name, size_t cap,
    unsigned char raw[4 + KEY_SIG]);

/* officer.c */


/* Resolves the acting officer: want (from -A) if not NULL, else
 * $CASETRAIL_OFFICER, else the officer mapped to the caller's Unix user.
 * Fills st->actor.  CT_NOTFOUND with a hint when there is none. */
int officer_resolve(struct ct_store *st, const char *want);
/* Registers an officer.  In an empty store the new officer is the actor and
 * becomes admin; otherwise the actor must be an admin.  Needs store_begin. */
int officer_add(struct ct_store *st, const struct officer_new *o);
/* Writes a JSON array of words that need no escaping (validated IDs, role
 * names, hex) into buf.  CT_USAGE if it does not fit in cap. */
int json_words(const char *const *words, int n, char *buf, size_t cap);
/* The number of officers; 0 for a new store. */
int officer_count(struct ct_store *st, int *n);
/* Checks a list of officers named for a step: each well formed, known,
 * and named once.  Returns CT_OK, CT_USAGE or CT_NOTFOUND. */
int officer_check_list(struct ct_store *st, const char *const *ids, int n);
/* Returns 1 if the officer exists, 0 if not, -1 on error. */
int officer_exists(struct ct_store *st, const char *id);

/* Returns CT_OK if the actor is an admin, not revoked, else CT_REFUSED
 * saying it may not do what ("add officers"). */
int officer_admin(struct ct_store *st, const char *what);
/* Revokes officer id's credential from now on, for reason.  The actor must
 * be an admin and not id.  Needs store_begin. */
int officer_revoke(struct ct_store *st, const char *id, const char *reason);
/* officer_update.c: ct_officer_update's work.  Needs store_begin. */
int officer_update(struct ct_store *st, const struct officer_update *u);
/* Whether an officer other than except (or any, for NULL) holds or held
 * credential: 1 and his ID into holder, 0, or -1 with an error. */
int officer_credential_holder(struct ct_store *st, const char *credential,
    const char *except, char holder[65]);
/* The current registered key of officer: 1 and its ID and public key, 0
 * if the officer has none, or -1 on error (message recorded). */
int officer_key_current(struct ct_store *st, const char *officer,
    char id[KEY_ID_LEN + 1], unsigned char pub[KEY_PUB]);
/* What an officer-key entry says besides the key (NULL: not said). */
struct key_entry {
	const char *unix_user;      /* who ran officer-key */
	const char *replaces;       /* the key ID it replaces */
	const char *rotation_sig;   /* base64: the replaced key's signature
				     * of key_rotation_text */
	const char *reason;         /* an admin's reset: why */
};
/* Registers k's public key as officer's current key (an officer-key
 * entry saying e).  CT_REFUSED if that key was registered before.  Needs
 * store_begin. */
int officer_key_register(struct ct_store *st, const char *officer,
    const struct ct_key *k, const struct key_entry *e);
/* The text an officer signs with his current key (old_id) to register
 * his next (new_pub, base64) in the store of origin: into buf. */
char *key_rotation_text(const char *origin, const char *officer,
    const char *old_id, const char *new_pub, char *buf, size_t cap);
/* Loads the actor's private key into st->key for store_commit to sign
 * with, and checks that it is the actor's registered key. */
int officer_key_load(struct ct_store *st);

/* rules.c: the rules of law checked when an entry is written, and again
 * by store-verify */


/* An officer's credential as the rules need it. */
/* A credential an officer held before his current one (officer-update,
 * officer-restore): it still qualifies him for a step of its days, unless
 * a revocation withdrew it before the step. */
struct cred_past {
	char credential[65];
	char valid_from[11], valid_until[11];  /* local dates, inclusive */
	char withdrawn_at[21];  /* UTC: the revocation after it, or "" */
	int64_t seq;            /* the entry that issued it */
};

/* A revocation that a restore ended: from revoked_at until restored_at
 * (UTC) the officer was not qualified, whatever his credentials say. */
struct cred_gap {
	char revoked_at[21], restored_at[21];
	int64_t seq;            /* the officer-restore entry */
};

struct cred {
	char id[65];
	char credential[65];
	char valid_from[11], valid_until[11];  /* local dates, inclusive */
	char revoked_at[21];    /* UTC; "" if not revoked now */
	int admin;
	unsigned roles;         /* role_bit of each role held */
	char unix_user[33];     /* the Unix user mapped to him, or "" */
	int64_t cred_seq;       /* the entry that issued the credential */
	/* His history, oldest first (malloc'd, or NULL when empty). */
	struct cred_past *past;
	size_t npast;
	struct cred_gap *gaps;
	size_t ngaps;
};

/* The credential of officer id into *c, read once per invocation.
 * CT_NOTFOUND if there is no such officer. */
int rules_cred(struct ct_store *st, const char *id, const struct cred **c);
/* Forgets the credentials read, after officers change. */
void rules_forget(struct ct_store *st);
/* c's current credential joins his past ones, withdrawn at withdrawn_at
 * (UTC, or "" if it was only renewed); the caller then gives him the new
 * one.  CT_OK or CT_SYSTEM. */
int cred_add_past(struct cred *c, const char *withdrawn_at);
/* c's revocation in force (c->revoked_at) is ended by restore entry seq
 * at restored_at (UTC); the caller then clears c->revoked_at. */
int cred_add_gap(struct cred *c, const char *restored_at, int64_t seq);
/* Frees c's history; c stays usable, with none. */
void cred_free(struct cred *c);

/* case.c */



/* Opens a case; id gets its ID (>= 16 bytes).  Needs store_begin. */
int case_create(struct ct_store *st, const struct case_new *c, char *id);

/* The state of a case that its entries change, as case_apply (apply.c)
 * computes it: kept in the cases table, replayed by store-verify. */
/* A case's state, for the one statement slot SLOT_CASE_STATE that both
 * case.c and evidence.c read it with (a slot keeps the SQL it was first
 * prepared with). */
#define CASE_STATE_SQL "SELECT stage, status, ifnull(decided_at, ''), " \
	"ifnull(closed_at, ''), flags, last_seq, filed_at FROM cases " \
	"WHERE id = ?"

struct case_state {
	char stage[16];
	char status[8];
	char decided_at[21], closed_at[21];  /* UTC, or "" */
	int64_t seq;                /* the case-new entry */
	int64_t last_seq;           /* the newest entry */
	int64_t status_seq;         /* the entry that gave it its status */
	int flags;                  /* entries that lacked audio/video */
	time_t filed;               /* when the case was filed */
};

/* Per-invocation state of case_log: the cases touched, so that a bulk
 * import updates each case once, at the end; and with defer set (a bulk
 * import), the entries not yet in the journal (case.c). */
struct case_log_batch {
	struct case_touch {
		char id[16];
		struct case_state s;
		int new_status;         /* status changed: its index too */
	} *touched;
	size_t n, cap;              /* cap: bytes (grow) */
	int defer;
	struct case_log_rows *rows;
};

/* Checks and appends one entry to a case.  A refusal leaves the batch as
 * it was; the caller rolls back the transaction.  Needs store_begin; end
 * with case_log_flush.  *seq gets the entry's number. */
int case_log(struct ct_store *st, struct case_log_batch *b,
    struct case_entry *e, int64_t *seq);
/* Writes the touched cases' new stage and status and frees the batch. */
int case_log_flush(struct ct_store *st, struct case_log_batch *b);
void case_log_batch_free(struct case_log_batch *b);
/* Whether case_id has an entry with this ref: recorded (one lookup in
 * the table case_ref) or queued in b, not yet appended. */
int case_log_has_ref(struct ct_store *st, const struct case_log_batch *b,
    const char *case_id, const char *ref, int *has);
/* Returns CT_OK if id has the form of a case ID, else CT_USAGE. */
int case_id_check(const char *id);

/* import.c */

/* Reads entries from fp (name for messages) and appends them all, or on the
 * first bad line nothing: the caller rolls back.  Messages name the line. */
int import_entries(struct ct_store *st, FILE *fp, const char *name,
    enum import_format format, struct import_stats *stats);
/* Parses one TSV import line in place into fields (8 of them); for the
 * fuzzer and import_entries.  Returns CT_OK or CT_USAGE. */
int import_tsv_split(char *line, char *field[8]);
/* Whether import_entries parses JSON lines in batches (1, the default) or
 * one statement per line (0): the fuzzer compares the two. */
extern int import_batch;

/* evidence.c: evidence objects, content-addressed by SHA-256
 *
 * An object is the bytes of one evidence item, kept read-only (0400, 0440
 * in a store shared with a group) in
 * objects/<first 2 hex>/<other 62 hex> of the store, where the hex is
 * the SHA-256 of the bytes: its evidence ID.  Identical content is kept
 * once, whatever the cases that name it.  Adding streams the input once
 * through a fixed buffer into objects/tmp/, hashing as it writes; the
 * file is flushed and only then, inside the write transaction that
 * records its journal entry, linked under its final name and the
 * directory flushed.  So an entry never names an object that is not
 * there, and no object is ever half-written under its final name.  A
 * kill leaves at most a temporary file, which the next writer or
 * store-verify removes (a live writer holds a lock on its own). */


/* One input staged in objects/tmp/ by evidence_stage. */
struct evidence_obj {
	char id[2 * CT_HASH + 1];   /* lowercase hex SHA-256 of the content */
	uint64_t size;
	const char *kind;           /* guessed from the content: a static word */
	char *tmp;                  /* the temporary file (malloc), or NULL */
	int fd;                     /* open on tmp, locked; -1 when none */
	int created;                /* evidence_add linked a new object */
	int made_fan;               /* ... and made its objects/XX/ for it */
	time_t mtime;               /* the input's modification time */
};

/* Checks an original file name: valid UTF-8, 1 to 255 bytes, no '/', no
 * control character, and not "." or "..".  Returns CT_OK or CT_USAGE. */
int evidence_name_check(const char *name);
/* Checks the name of a file found under a directory: its path relative
 * to the directory, names as evidence_name_check wants them joined by
 * single '/', at most 1,024 bytes.  Returns CT_OK or CT_USAGE. */
int evidence_path_check(const char *path);
/* Guesses the kind of content from its first n bytes (magic numbers;
 * UTF-8 text is a document).  Never NULL: "other" when nothing fits. */
const char *evidence_kind_guess(const unsigned char *head, size_t n);
/* Checks what can be checked of e before any byte is read: the case
 * exists and is not sealed, the kind, stage, officers, texts and time.
 * evidence_add checks all of it again. */
int evidence_check(struct ct_store *st, const struct evidence_new *e);
/* Streams fd (what names it in messages) to a locked temporary file in
 * objects/tmp/, hashing it, and starts its write-back (evidence_flush
 * waits for it): constant memory, whatever the size.  expect is the size fstat gave for a regular file
 * (an input that ends before or after it changed while it was read:
 * CT_REFUSED), or -1.  An empty input is CT_USAGE.  progress, if not
 * NULL, is called every few MiB with the bytes done and expect.  On success o holds the
 * temporary file; on failure nothing is left behind.  Needs no
 * transaction; release o with evidence_release. */
int evidence_stage(struct ct_store *st, int fd, const char *what,
    int64_t expect, struct evidence_obj *o,
    void (*progress)(uint64_t done, int64_t total, void *ctx), void *ctx);
/* Removes the temporary files of writers that are gone (their lock is
 * free), and an object such a writer linked but never recorded.  Needs
 * store_begin, so that no writer is between link and commit.  The
 * caller's own staged objects ours (nours of them, or NULL) are passed
 * over.  *removed (if not NULL) gets how many temporary files went. */
struct evidence_obj;
int evidence_clean(struct ct_store *st, const struct evidence_obj *ours,
    int nours, int *removed);
/* Flushes the data of the n staged objects o, before any is linked: one
 * wait for a write-back that staging started, and one file system
 * journal commit for them all (the first flush makes it). */
int evidence_flush(struct evidence_obj *o, int n);
/* Returns 1 if case_id has evidence id, 0 if not, -1 on error. */
int evidence_in_case(struct ct_store *st, const char *id,
    const char *case_id);
/* Records o as evidence e of a case: links the object under its final
 * name (or finds it there already) and appends
 * the evidence-add entry and the evidence row.  The same content twice
 * in one case is CT_REFUSED naming the evidence.  Needs store_begin; on
 * failure call evidence_abort before rolling back.  Before the commit,
 * evidence_sync_links makes the new names last. */
int evidence_add(struct ct_store *st, struct evidence_obj *o,
    const struct evidence_new *e);
/* evidence_add in two: the checks of evidence_check, giving the case's
 * stage (what the entry records without --stage), then the rest.  A run
 * of files that differ only in name and object is checked once: nothing
 * an evidence-add entry changes is what the checks judge. */
int evidence_check_stage(struct ct_store *st, const struct evidence_new *e,
    char stage[16]);
int evidence_add_checked(struct ct_store *st, struct evidence_obj *o,
    const struct evidence_new *e, const char *stage);
/* Before a rollback: unlinks the objects evidence_add created in this
 * transaction, which no entry can name once it is rolled back. */
void evidence_abort(struct ct_store *st, struct evidence_obj *o, int n);
/* Flushes the directories evidence_add made names in, each once: the
 * objects/XX/ of every object it linked, and objects/ if it made one. */
int evidence_sync_links(struct ct_store *st, const struct evidence_obj *o,
    int n);
/* Removes o's temporary file and closes it; safe on a released o. */
void evidence_release(struct evidence_obj *o);

/* store-verify's object checks: re-hashes every object, streaming, and
 * reports into r (its first fault, counting the others) a missing,
 * altered (size or hash) or unreferenced object, and anything else in
 * objects/.  Removes the temporary files of dead writers first when the
 * store is writable.  progress (bytes done, bytes total) may be NULL. */
int evidence_verify(struct ct_store *st, struct verify_report *r,
    void (*progress)(uint64_t done, uint64_t total));

/* tsv.c */

/* Writes s escaped for a TSV field (\t \n \r \\). */
void tsv_escape(FILE *fp, const char *s);
/* Reverses tsv_escape in place; returns CT_USAGE on a bad escape. */
int tsv_unescape(char *s);

/* schema.c */
extern const char *const schema_steps[];
extern const int schema_version;
/* The append-only guards (triggers), each made if it is missing. */
extern const char schema_guards[];

/* The page size of every store made: 16 KiB (see store_open). */
#define STORE_PAGE_SIZE 16384
#define CT_STR_(x) #x
#define CT_STR(x) CT_STR_(x)

/* pagecache.c: gives SQLite a huge page for its page cache, once per
 * process and before SQLite starts; does nothing where it cannot. */
void page_cache_init(void);

/* store.c: the store's WAL, open for reading (the caller closes it), or
 * -1; and a hint to the kernel to start writing out what it holds, for a
 * bulk import (fd -1: nothing). */
int store_wal_fd(struct ct_store *st);
void store_wal_writeback(int fd);

/* sqlfn.c: registers the SQL functions of a store's connection. */
void sqlfn_register(struct ct_store *st);

/* copyhash.c: copies the regular file in to out (open for reading and
 * writing) with copy_file_range on a second thread while hashing the copy
 * into h; *done gets the bytes copied and hashed, and tick (if not NULL)
 * is called as they grow.  Returns 0, -1 with errno, or 1 when the kernel
 * cannot copy between these files and nothing was done. */
struct evp_md_ctx_st;
int copyhash(int in, int out, struct evp_md_ctx_st *h, uint64_t *done,
    void (*tick)(uint64_t done, void *ctx), void *ctx);
/* copyhash.c: writehash writes a file and hashes it into h on a second
 * thread.  writehash_start, or NULL with errno; then writehash_write for
 * each piece of the file in turn, which copies it and returns at once
 * unless the thread is behind (0, or the errno of a write that failed);
 * then writehash_end, which waits for the thread to write and hash what
 * is left (or with abandon, gives it up), frees it, sets *written to the
 * bytes written and hashed, and returns 0 or -1 with errno.  The caller
 * makes the file durable. */
struct writehash;
struct writehash *writehash_start(int fd, struct evp_md_ctx_st *h);
int writehash_write(struct writehash *wh, const void *buf, size_t n);
int writehash_end(struct writehash *wh, int abandon, uint64_t *written);

/* cnid.c: China's identity numbers, by their check characters. */

/* 1 if the n bytes at s are a resident identity number: 18 characters
 * with a date of birth and a valid ISO 7064 MOD 11-2 check character (X
 * or x for 10), or 15 digits with a date of birth; else 0. */
int cnid_resident(const char *s, size_t n);
/* The check character of the 17 digits at s17. */
char cnid_resident_check_char(const char *s17);
/* 1 if the n bytes at s are a unified social credit code with a valid
 * check character (GB 32100), else 0. */
int cnid_uscc(const char *s, size_t n);
/* The check character of the 17 characters at s17, or '\0' if one is
 * not of the code's alphabet. */
char cnid_uscc_check_char(const char *s17);

/* redact.c: text fit to publish (casetrail(7), Publication). */
struct redact {
	const char *const *names;   /* natural persons' names */
	size_t nnames;
	int org_premises;           /* the party is an organisation: its
				     * 住所 is its premises, published */
};
/* The text with natural persons' identity, mobile, landline and bank
 * numbers and home addresses (past the district) replaced by ［已隐去］,
 * and each name of r as its surname and 某.  Returns a copy to free, or
 * NULL with a message if memory ran out. */
char *redact_text(const char *text, const struct redact *r);

/* put.c: appends printf-style text to buf of cap bytes at *len; past
 * cap it appends nothing more, and *len says how much was wanted. */
void buf_put(char *buf, size_t cap, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* grow.c */

/* Room for need bytes in buf, which has *cap: the capacity doubles from
 * first (or from *cap).  Returns buf, perhaps moved, or NULL with a
 * message, buf then unchanged and still the caller's to free. */
void *grow(void *buf, size_t *cap, size_t need, size_t first);

/* fsmode.c: made with exactly the mode given, whatever the umask */

/* mkdir(2), then the mode (setgid too) set on what was made.  Returns 0,
 * or -1 with errno (EEXIST: it was there), nothing left behind. */
int mkdir_mode(const char *path, mode_t mode);
/* open(2) with O_CREAT, then the mode set on the file opened.  Returns the
 * descriptor, or -1 with errno (a file made with O_EXCL removed again). */
int open_mode(const char *path, int flags, mode_t mode);

/* store_files.c: who may read a store.  A store is private to its maker
 * (directories 0700, files 0600) or, made by store-init --shared, shared
 * with a group (directories setgid 02770, files 0660); casetrail(7). */

static inline mode_t
store_dir_mode(const struct ct_store *st)
{
	return st->shared ? 02770 : 0700;
}

static inline mode_t
store_file_mode(const struct ct_store *st)
{
	return st->shared ? 0660 : 0600;
}

/* Records why path, in store dir, cannot be opened (err, an errno): for a
 * store shared with a group the message names the group, for a private
 * one its owner.  Returns CT_SYSTEM. */
int store_denied(const char *dir, const char *path, int err);
/* Opens the store at dir as store_open does; group, if not NULL, is
 * recorded in a store it creates as the group the store is shared with. */
int store_open_as(struct ct_store **st, const char *dir, int mode,
    const char *group);

#endif
