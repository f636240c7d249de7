/* forge: appends one journal entry to a store as a forger who holds a
 * registered key would, for the tests of store-verify's replay
 * (tests/forgery.bats).  No rule of the writing programs is checked: the
 * entry is whatever the arguments say, with its leaf and subtree hashes
 * right and a checkpoint signed, so that only the replay of the rules
 * can find what is wrong with it.
 *
 *   forge [-S dir] [-t at] [-s signer] [-x sql]... officer case action
 *       stage body
 *
 * officer is the entry's officer and the checkpoint's; case and stage
 * are "-" for none; body is a JSON object.  at is the entry's time (UTC,
 * as stored; 2026-11-25T02:00:00Z, 10:00 Beijing time, by default).  The
 * checkpoint is signed with the key file of signer (officer by default),
 * found as the programs find it.  Each sql runs after the insert, in the
 * same transaction: what the programs would have written to the tables
 * with the entry, for a forgery that no table check can tell.  Prints
 * the entry's number.
 *
 * The store is written with SQLite directly.  What forge takes from
 * libcasetrail is the tree and the signature, all in forge_* below, so
 * that a change of the library changes this file in one place. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* --- what forge takes from libcasetrail -------------------------------- */

/* The leaf hash of line, appended to the frontier f; done gets the
 * subtrees it completes, and the count is returned. */
static int
forge_append(struct merkle_frontier *f, const char *line,
    unsigned char done[64][CT_HASH], unsigned char leaf[CT_HASH])
{
	merkle_leaf(line, strlen(line), leaf);
	return merkle_append(f, leaf, done);
}

/* Signs the checkpoint of the tree f under origin with signer's key
 * file; key_id gets the key's ID.  Returns 0 or prints why not. */
static int
forge_sign(const struct merkle_frontier *f, const char *origin,
    const char *at, const char *signer, unsigned char root[CT_HASH],
    unsigned char sig[KEY_SIG], char key_id[KEY_ID_LEN + 1])
{
	struct checkpoint c;
	struct ct_key k;
	char note[512];
	int rc;

	memset(&c, 0, sizeof c);
	snprintf(c.origin, sizeof c.origin, "%s", origin);
	c.size = f->size;
	merkle_root(f, root);
	memcpy(c.root, root, CT_HASH);
	snprintf(c.at, sizeof c.at, "%s", at);
	checkpoint_format(&c, note, sizeof note);
	if ((rc = key_load(&k, signer)) == CT_OK)
		rc = key_sign(&k, note, strlen(note), sig);
	if (rc == CT_OK)
		snprintf(key_id, KEY_ID_LEN + 1, "%s", k.id);
	else
		fprintf(stderr, "forge: %s\n", ct_errmsg());
	key_free(&k);
	return rc;
}

/* --- the store ---------------------------------------------------------- */

static sqlite3 *db;

static void __attribute__((noreturn))
die(const char *doing)
{
	fprintf(stderr, "forge: %s: %s\n", doing, db ? sqlite3_errmsg(db) :
	    "out of memory");
	exit(5);
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: forge [-S dir] [-t at] [-s signer] [-x sql]... "
	    "officer case action stage body\n");
	exit(2);
}

/* Binds text, or NULL for "-". */
static void
bind_word(sqlite3_stmt *s, int i, const char *v)
{
	if (strcmp(v, "-") == 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

/* The frontier of the journal as it is: every line hashed again. */
static void
load_tree(struct merkle_frontier *f)
{
	unsigned char done[64][CT_HASH], leaf[CT_HASH];
	sqlite3_stmt *s;

	memset(f, 0, sizeof *f);
	if (sqlite3_prepare_v2(db, "SELECT seq, line FROM journal ORDER BY seq",
	    -1, &s, NULL) != SQLITE_OK)
		die("cannot read the journal");
	while (sqlite3_step(s) == SQLITE_ROW) {
		if ((uint64_t)sqlite3_column_int64(s, 0) != f->size + 1) {
			fprintf(stderr, "forge: the journal has a gap before "
			    "entry %lld\n", (long long)sqlite3_column_int64(s, 0));
			exit(5);
		}
		forge_append(f, (const char *)sqlite3_column_text(s, 1), done,
		    leaf);
	}
	sqlite3_finalize(s);
}

int
main(int argc, char *argv[])
{
	const char *dir = getenv("CASETRAIL_STORE"), *at = "2026-11-25T02:00:00Z";
	const char *signer = NULL, *sql[16];
	unsigned char done[64][CT_HASH], leaf[CT_HASH], root[CT_HASH];
	unsigned char sig[KEY_SIG];
	char path[4096], origin[256], key_id[KEY_ID_LEN + 1], *line;
	struct merkle_frontier f;
	sqlite3_stmt *s;
	int ch, nsql = 0, ndone;
	int64_t seq;

	while ((ch = getopt(argc, argv, "S:t:s:x:")) != -1) {
		switch (ch) {
		case 'S': dir = optarg; break;
		case 't': at = optarg; break;
		case 's': signer = optarg; break;
		case 'x':
			if (nsql == (int)(sizeof sql / sizeof sql[0]))
				usage();
			sql[nsql++] = optarg;
			break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 5 || dir == NULL)
		usage();
	if (signer == NULL)
		signer = argv[0];

	snprintf(path, sizeof path, "%s/store.db", dir);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die(path);
	sqlite3_busy_timeout(db, 30000);
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		die("cannot start a change");
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'origin'",
	    -1, &s, NULL) != SQLITE_OK || sqlite3_step(s) != SQLITE_ROW)
		die("no origin");
	snprintf(origin, sizeof origin, "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	load_tree(&f);
	seq = (int64_t)f.size + 1;

	/* The canonical line, made by json_object as the programs make it. */
	if (sqlite3_prepare_v2(db, "SELECT json_object('seq',?1,'at',?2,"
	    "'officer',?3,'case',?4,'action',?5,'stage',?6,'body',json(?7))",
	    -1, &s, NULL) != SQLITE_OK)
		die("cannot make the line");
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, argv[0], -1, SQLITE_STATIC);
	bind_word(s, 4, argv[1]);
	sqlite3_bind_text(s, 5, argv[2], -1, SQLITE_STATIC);
	bind_word(s, 6, argv[3]);
	sqlite3_bind_text(s, 7, argv[4], -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW ||
	    (line = strdup((const char *)sqlite3_column_text(s, 0))) == NULL)
		die("the body is not JSON");
	sqlite3_finalize(s);
	ndone = forge_append(&f, line, done, leaf);

	if (sqlite3_prepare_v2(db, "INSERT INTO journal(seq, case_id, action, "
	    "stage, line, leaf, nodes) VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &s,
	    NULL) != SQLITE_OK)
		die("cannot append");
	sqlite3_bind_int64(s, 1, seq);
	bind_word(s, 2, argv[1]);
	sqlite3_bind_text(s, 3, argv[2], -1, SQLITE_STATIC);
	bind_word(s, 4, argv[3]);
	sqlite3_bind_text(s, 5, line, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 6, leaf, CT_HASH, SQLITE_STATIC);
	if (ndone > 0)
		sqlite3_bind_blob(s, 7, done, ndone * CT_HASH, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		die("cannot append");
	sqlite3_finalize(s);
	free(line);
	for (int i = 0; i < nsql; i++)
		if (sqlite3_exec(db, sql[i], NULL, NULL, NULL) != SQLITE_OK)
			die(sql[i]);

	if (forge_sign(&f, origin, at, signer, root, sig, key_id) != CT_OK)
		exit(5);
	if (sqlite3_prepare_v2(db, "INSERT INTO checkpoint(size, root, at, "
	    "officer, key_id, signature) VALUES (?, ?, ?, ?, ?, ?)", -1, &s,
	    NULL) != SQLITE_OK)
		die("cannot record the checkpoint");
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_blob(s, 2, root, CT_HASH, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, argv[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, key_id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 6, sig, KEY_SIG, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		die("cannot record the checkpoint");
	sqlite3_finalize(s);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		die("cannot commit");
	sqlite3_close(db);
	printf("%lld\n", (long long)seq);
	return 0;
}
