/* sqlfn.c: the SQL functions a store's connection has: ct_local for
 * reading times, ct_unbase64 for the keys of officer-key entries, and
 * ct_line, ct_leaf and ct_nodes, with which the journal insert
 * (journal.c) hashes each line into the transaction's tree as SQLite
 * makes it. */
#include <string.h>

#include "internal.h"

/* ct_local(utc): a stored UTC time in the agency's zone, RFC 3339. */
static void
sql_local(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *utc = (const char *)sqlite3_value_text(argv[0]);
	char buf[32];
	time_t t;

	(void)argc;
	if (utc == NULL || time_from_utc(utc, &t) != CT_OK)
		sqlite3_result_value(ctx, argv[0]);
	else
		sqlite3_result_text(ctx, time_local(t, buf), -1, SQLITE_TRANSIENT);
}

/* ct_line(seq, line): the journal insert's hook.  Hashes the canonical
 * line into the transaction's tree and returns the line unchanged; keeps
 * the leaf and the subtrees it completes for ct_leaf and ct_nodes, which
 * the same row calls next.  Any seq but the next one is an error, so
 * that rows could never be hashed out of order unnoticed. */
static void
sql_line(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct ct_store *st = sqlite3_user_data(ctx);
	sqlite3_int64 seq = sqlite3_value_int64(argv[0]);
	const unsigned char *line = sqlite3_value_text(argv[1]);

	(void)argc;
	if (!st->writing || st->tree_broken || line == NULL ||
	    (uint64_t)seq != st->tree.size + 1) {
		st->tree_broken = 1;
		sqlite3_result_error(ctx, "journal append out of order", -1);
		return;
	}
	merkle_leaf(line, (size_t)sqlite3_value_bytes(argv[1]), st->leaf);
	st->ndone = merkle_append(&st->tree, st->leaf, st->done);
	sqlite3_result_value(ctx, argv[1]);
}

/* ct_leaf(seq) and ct_nodes(seq): what ct_line kept for entry seq. */
static void
sql_leaf(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct ct_store *st = sqlite3_user_data(ctx);

	(void)argc;
	if ((uint64_t)sqlite3_value_int64(argv[0]) != st->tree.size) {
		st->tree_broken = 1;
		sqlite3_result_error(ctx, "journal leaf out of order", -1);
		return;
	}
	sqlite3_result_blob(ctx, st->leaf, CT_HASH, SQLITE_STATIC);
}

static void
sql_nodes(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct ct_store *st = sqlite3_user_data(ctx);

	(void)argc;
	if ((uint64_t)sqlite3_value_int64(argv[0]) != st->tree.size) {
		st->tree_broken = 1;
		sqlite3_result_error(ctx, "journal nodes out of order", -1);
	} else if (st->ndone == 0) {
		sqlite3_result_null(ctx);
	} else {
		sqlite3_result_blob(ctx, st->done, st->ndone * CT_HASH,
		    SQLITE_STATIC);
	}
}

/* ct_unbase64(text): the bytes of standard base64, or NULL if it is not
 * (the public keys of officer-key entries, for apply.c). */
static void
sql_unbase64(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	unsigned char out[96];
	long n;

	(void)argc;
	if (in == NULL || strlen(in) > 128 ||
	    (n = base64_decode(in, out, sizeof out)) < 0)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_blob(ctx, out, (int)n, SQLITE_TRANSIENT);
}

void
sqlfn_register(struct ct_store *st)
{
	sqlite3_create_function(st->db, "ct_local", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_local, NULL, NULL);
	sqlite3_create_function(st->db, "ct_unbase64", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_unbase64, NULL, NULL);
	sqlite3_create_function(st->db, "ct_line", 2, SQLITE_UTF8 |
	    SQLITE_DIRECTONLY, st, sql_line, NULL, NULL);
	sqlite3_create_function(st->db, "ct_leaf", 1, SQLITE_UTF8 |
	    SQLITE_DIRECTONLY, st, sql_leaf, NULL, NULL);
	sqlite3_create_function(st->db, "ct_nodes", 1, SQLITE_UTF8 |
	    SQLITE_DIRECTONLY, st, sql_nodes, NULL, NULL);
}
