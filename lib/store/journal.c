/* journal.c: the append-only journal, a Merkle tree log (RFC 9162).
 *
 * Each row keeps its canonical line, the line's leaf hash and, in
 * `nodes`, the hashes of the complete subtrees that its leaf completes
 * (levels 1 and up, 32 bytes each): one hash per entry on average, written
 * with the entry itself, so appending touches one row and every subtree
 * hash is one primary-key lookup. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The journal insert, with the SQL of its values named: seq, at,
 * officer, case, action, stage, then the rows' source, if any. */
static void
insert_sql(char *sql, size_t cap, const char *const v[6], const char *body,
    const char *from)
{
	/* The line is made by json_object (the body nested in it, so never
	 * rendered and parsed twice), hashed by ct_line and stored with its
	 * leaf and nodes in the same step. */
	snprintf(sql, cap, "INSERT INTO journal(seq, case_id, action, stage, "
	    "line, leaf, nodes) %s %s, %s, %s, %s, ct_line(%s, json_object("
	    "'seq',%s,'at',%s,'officer',%s,'case',%s,'action',%s,'stage',%s,"
	    "'body',%s)), ct_leaf(%s), ct_nodes(%s)%s", from ? "SELECT" :
	    "VALUES (", v[0], v[3], v[4], v[5], v[0], v[0], v[1], v[2], v[3],
	    v[4], v[5], body, v[0], v[0], from ? from : ")");
}

sqlite3_stmt *
journal_prepare(struct ct_store *st, int slot, const char *body_sql)
{
	static const char *const v[6] = { "?1", "?2", "?3", "?4", "?5", "?6" };
	char sql[2048];

	/* Prepared once per slot: a bulk import comes here for every line. */
	if (st->stmt_cache[slot] != NULL)
		return store_stmt(st, slot, NULL);
	insert_sql(sql, sizeof sql, v, body_sql, NULL);
	return store_stmt(st, slot, sql);
}

sqlite3_stmt *
journal_prepare_rows(struct ct_store *st, int slot, const char *body_sql,
    int width)
{
	static const char *const v[6] = { "column1", "?1", "?2", "column2",
	    "column3", "column4" };
	char *sql, *from;
	size_t cap = 4096 + (size_t)JOURNAL_ROWS * ((size_t)width * 8 + 4), off;
	int p = 3;
	sqlite3_stmt *s;

	if (st->stmt_cache[slot] != NULL)
		return store_stmt(st, slot, NULL);
	if ((sql = malloc(cap)) == NULL || (from = malloc(cap)) == NULL) {
		free(sql);
		ct_fail(CT_SYSTEM, "out of memory");
		return NULL;
	}
	/* Rows not bound this time are NULL, and left out. */
	off = (size_t)snprintf(from, cap, " FROM (VALUES ");
	for (int r = 0; r < JOURNAL_ROWS; r++)
		for (int c = 0; c < width; c++)
			off += (size_t)snprintf(from + off, cap - off, "%s?%d%s",
			    c ? "," : r ? ",(" : "(", p++, c + 1 == width ? ")" :
			    "");
	snprintf(from + off, cap - off, ") WHERE column1 IS NOT NULL");
	insert_sql(sql, cap, v, body_sql, from);
	s = store_stmt(st, slot, sql);
	free(sql);
	free(from);
	return s;
}

/* Runs a journal insert of n entries, binding time and officer at
 * parameters at and at + 1, and resets it. */
static int
insert_run(struct ct_store *st, sqlite3_stmt *ins, int at, uint64_t n)
{
	uint64_t want = st->tree.size + n;
	int rc;

	if (!st->writing || st->tree_broken)
		return ct_fail(CT_SYSTEM, "journal append outside a change");
	sqlite3_bind_text(ins, at, st->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, at + 1, st->actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(ins);
	if (rc != SQLITE_DONE || st->tree.size != want) {
		/* The frontier may hold a leaf whose row is not there: the
		 * transaction must roll back, and store_commit refuses. */
		st->tree_broken = 1;
		rc = ct_fail_sqlite(st->db, "cannot append to the journal");
		sqlite3_reset(ins);
		return rc;
	}
	sqlite3_reset(ins);
	return CT_OK;
}

int
journal_step_rows(struct ct_store *st, sqlite3_stmt *ins, int n)
{
	return insert_run(st, ins, 1, (uint64_t)n);
}

int
journal_step(struct ct_store *st, sqlite3_stmt *ins, int64_t *seq)
{
	sqlite3_int64 next = (sqlite3_int64)st->tree.size + 1;
	int rc;

	sqlite3_bind_int64(ins, 1, next);
	if ((rc = insert_run(st, ins, 2, 1)))
		return rc;
	if (seq != NULL)
		*seq = next;
	return CT_OK;
}

int
journal_append(struct ct_store *st, const char *case_id, const char *action,
    const char *stage, const char *body, int64_t *seq)
{
	sqlite3_stmt *sel = journal_prepare(st, SLOT_JOURNAL_GENERIC,
	    "json(?7)");

	if (sel == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(sel, 4, case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(sel, 5, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(sel, 6, stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(sel, 7, body, -1, SQLITE_STATIC);
	return journal_step(st, sel, seq);
}

int
journal_size(struct ct_store *st, uint64_t *size)
{
	sqlite3_stmt *s = store_stmt(st, SLOT_JOURNAL_SIZE,
	    "SELECT ifnull(max(seq), 0) FROM journal");

	if (s == NULL)
		return CT_SYSTEM;
	if (sqlite3_step(s) != SQLITE_ROW)
		return ct_fail_sqlite(st->db, "cannot read the journal");
	*size = (uint64_t)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return CT_OK;
}

/* The cache's place for the hash of subtree (level, index), and its
 * key there.  Committed subtrees never change; one being written may
 * yet roll back, so a change neither reads nor fills the cache. */
static struct node_cached *
cached(struct ct_store *st, int level, uint64_t index, uint64_t *key)
{
	*key = (index << 6 | (uint64_t)level) + 1;
	return &st->nodes[(*key * 0x9e3779b97f4a7c15u) >> 54 &
	    (NODE_CACHE - 1)];
}

int
journal_node(void *ctx, int level, uint64_t index, unsigned char out[CT_HASH])
{
	struct ct_store *st = ctx;
	uint64_t seq = (index + 1) << level, key;
	sqlite3_stmt *s = store_stmt(st, SLOT_NODE,
	    "SELECT leaf, nodes FROM journal WHERE seq = ?");
	struct node_cached *c = cached(st, level, index, &key);
	const void *blob;
	int n, col = level == 0 ? 0 : 1;

	if (!st->writing && c->key == key) {
		memcpy(out, c->hash, CT_HASH);
		return CT_OK;
	}
	if (s == NULL)
		return CT_SYSTEM;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)seq);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return ct_fail(CT_SYSTEM, "corrupt store: journal entry %llu "
		    "is missing", (unsigned long long)seq);
	}
	blob = sqlite3_column_blob(s, col);
	n = sqlite3_column_bytes(s, col);
	if (blob == NULL || (level == 0 ? n != CT_HASH : n < level * CT_HASH ||
	    n % CT_HASH != 0)) {
		sqlite3_reset(s);
		return ct_fail(CT_SYSTEM, "corrupt store: journal entry %llu "
		    "has bad tree hashes", (unsigned long long)seq);
	}
	memcpy(out, (const unsigned char *)blob +
	    (level == 0 ? 0 : (level - 1) * CT_HASH), CT_HASH);
	sqlite3_reset(s);
	if (!st->writing) {
		c->key = key;
		memcpy(c->hash, out, CT_HASH);
	}
	return CT_OK;
}

int
journal_root(struct ct_store *st, uint64_t size, unsigned char root[CT_HASH])
{
	return merkle_range(journal_node, st, 0, size, root);
}

int
journal_line(struct ct_store *st, int64_t seq, char **line)
{
	sqlite3_stmt *s = store_stmt(st, SLOT_LINE,
	    "SELECT line FROM journal WHERE seq = ?");

	*line = NULL;
	if (s == NULL)
		return CT_SYSTEM;
	sqlite3_bind_int64(s, 1, seq);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return ct_fail(CT_NOTFOUND, "no journal entry %lld",
		    (long long)seq);
	}
	*line = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return *line ? CT_OK : ct_fail(CT_SYSTEM, "out of memory");
}
