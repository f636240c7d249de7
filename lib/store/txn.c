/* txn.c: a store's write transactions: begun with the journal's
 * frontier loaded, committed with a checkpoint of the tree they made,
 * signed with the actor's key. */
#include <string.h>

#include "internal.h"

/* Loads the frontier: one lookup per complete subtree of the tree. */
static int
load_frontier(struct ct_store *st)
{
	uint64_t size, start = 0;
	int rc;

	memset(&st->tree, 0, sizeof st->tree);
	if ((rc = journal_size(st, &size)))
		return rc;
	for (int level = 63; level >= 0; level--) {
		uint64_t width = UINT64_C(1) << level;

		if (!(size & width))
			continue;
		if ((rc = journal_node(st, level, start >> level,
		    st->tree.hash[st->tree.count])))
			return rc;
		st->tree.count++;
		start += width;
	}
	st->tree.size = size;
	st->tree_start = size;
	st->tree_broken = 0;
	return CT_OK;
}

int
store_begin(struct ct_store *st)
{
	int rc;

	/* The busy handler waits inside BEGIN IMMEDIATE; past the timeout
	 * the store is busy and we say so. */
	if ((rc = store_exec(st, "BEGIN IMMEDIATE", "cannot start a change")))
		return rc;
	st->writing = 1;
	time_utc(time_now(), st->now);
	if ((rc = load_frontier(st))) {
		store_rollback(st);
		return rc;
	}
	return CT_OK;
}

void
store_rollback(struct ct_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->writing = 0;
}

/* The checkpoint row of the tree this invocation made, signed. */
static int
record_checkpoint(struct ct_store *st)
{
	struct checkpoint c;
	unsigned char sig[KEY_SIG];
	char note[512];
	sqlite3_stmt *s;
	int rc;

	if (st->key.pkey == NULL && !st->founding)
		return ct_fail(CT_REFUSED, "officer '%s' has no key to sign "
		    "with (officer-key makes one)", st->actor);
	memset(&c, 0, sizeof c);
	snprintf(c.origin, sizeof c.origin, "%s", st->origin);
	c.size = st->tree.size;
	merkle_root(&st->tree, c.root);
	checkpoint_set_time(st, &c, st->now);
	checkpoint_format(&c, note, sizeof note);
	if (st->key.pkey != NULL &&
	    (rc = key_sign(&st->key, note, strlen(note), sig)))
		return rc;
	s = store_stmt(st, SLOT_CHECKPOINT, "INSERT INTO checkpoint"
	    "(size, root, at, officer, key_id, signature) VALUES "
	    "(?, ?, ?, ?, ?, ?)");
	if (s == NULL)
		return CT_SYSTEM;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)c.size);
	sqlite3_bind_blob(s, 2, c.root, CT_HASH, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, st->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, st->actor, -1, SQLITE_STATIC);
	if (st->key.pkey != NULL) {
		sqlite3_bind_text(s, 5, st->key.id, -1, SQLITE_STATIC);
		sqlite3_bind_blob(s, 6, sig, KEY_SIG, SQLITE_STATIC);
	}
	rc = sqlite3_step(s) == SQLITE_DONE ? CT_OK :
	    ct_fail_sqlite(st->db, "cannot record the checkpoint");
	sqlite3_reset(s);
	return rc;
}

int
store_commit(struct ct_store *st)
{
	int rc;

	if (st->tree_broken) {
		store_rollback(st);
		return ct_fail(CT_SYSTEM, "journal append failed");
	}
	if (st->tree.size > st->tree_start && (rc = record_checkpoint(st))) {
		store_rollback(st);
		return rc;
	}
	if ((rc = store_exec(st, "COMMIT", "cannot commit"))) {
		store_rollback(st);
		return rc;
	}
	st->writing = 0;
	return CT_OK;
}
