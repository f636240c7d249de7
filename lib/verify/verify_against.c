/* verify_against.c: the store checked against a checkpoint kept
 * elsewhere, and the signature lines it carries. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "verify.h"

/* Checks one signature line "— NAME BASE64" of a note whose signed text
 * is body (blen bytes).  Names of other stores or of no officer here are
 * not ours to judge. */
static int
note_signature(struct ct_store *st, const char *line, size_t n,
    const char *body, size_t blen, struct verify_report *r)
{
	char name[400], officer[65];
	unsigned char raw[4 + KEY_SIG], hash[4];
	size_t olen = strlen(st->origin);
	sqlite3_stmt *s;
	int known = 0, ok = 0;

	if (note_signature_parse(line, n, name, sizeof name, raw) != CT_OK)
		return verify_found(r, "the checkpoint has a bad signature line");
	if (strncmp(name, st->origin, olen) != 0 || name[olen] != '/' ||
	    strlen(name + olen + 1) >= sizeof officer)
		return CT_OK;
	snprintf(officer, sizeof officer, "%s", name + olen + 1);
	if (sqlite3_prepare_v2(st->db, "SELECT public_key FROM officer_key "
	    "WHERE officer = ?", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read keys");
	sqlite3_bind_text(s, 1, officer, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW)
		if (sqlite3_column_bytes(s, 0) == KEY_PUB) {
			note_key_hash(name, sqlite3_column_blob(s, 0), hash);
			if (memcmp(hash, raw, 4) != 0)
				continue;
			known = 1;
			ok |= key_verify(sqlite3_column_blob(s, 0), body, blen,
			    raw + 4, KEY_SIG);
		}
	sqlite3_finalize(s);
	if (!known)
		return verify_found(r, "the checkpoint is signed by '%s' with a "
		    "key this store does not have", officer);
	if (!ok)
		return verify_found(r, "the checkpoint's signature by '%s' does "
		    "not verify", officer);
	return CT_OK;
}

int
verify_against(struct ct_store *st, const struct checkpoint *c,
    const char *note, size_t n, struct verify_report *r)
{
	struct checkpoint now;
	unsigned char root[CT_HASH];
	const char *blank, *p, *end = note + n, *nl;
	int rc;

	memset(r, 0, sizeof *r);
	if ((rc = checkpoint_current(st, &now)))
		return rc;
	if (strcmp(now.origin, c->origin) != 0)
		return verify_found(r, "the checkpoint is for '%s', not this store "
		    "('%s')", c->origin, now.origin);
	if (c->size > now.size)
		return verify_found(r, "the checkpoint has %llu entries, the journal "
		    "only %llu: entries were removed",
		    (unsigned long long)c->size, (unsigned long long)now.size);
	if ((rc = journal_root(st, c->size, root)))
		return rc;
	if (memcmp(root, c->root, CT_HASH) != 0)
		return verify_found(r, "entries 1 to %llu do not match the checkpoint: "
		    "history was rewritten", (unsigned long long)c->size);
	/* The signatures follow the first blank line. */
	if (n > 0 && (blank = memmem(note, n, "\n\n", 2)) != NULL)
		for (p = blank + 2; p < end && r->status == CT_OK; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			if (nl > p && (rc = note_signature(st, p, (size_t)(nl - p),
			    note, (size_t)(blank + 1 - note), r)))
				return rc;
		}
	r->entries = c->size;
	return CT_OK;
}
