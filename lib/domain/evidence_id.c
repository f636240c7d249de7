/* evidence_id.c: evidence IDs as the journal holds them (64 lowercase
 * hex digits) and as people type them (either case, or a unique prefix
 * of 8 or more digits).  Apart from the rest of evidence.c, which the
 * case entries' checks (case.c) call into and which calls into them. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

int
evidence_id_check(const char *id)
{
	if (strlen(id) != 2 * CT_HASH ||
	    strspn(id, "0123456789abcdef") != 2 * CT_HASH)
		return ct_fail(CT_USAGE, "bad evidence ID '%s' (64 lowercase hex "
		    "digits)", id);
	return CT_OK;
}

int
evidence_resolve(struct ct_store *st, const char *typed, const char *case_id,
    char id[65], char kind[16])
{
	char prefix[65], found[6][65], list[6 * 66];
	size_t n = strlen(typed), len = 0;
	sqlite3_stmt *s;
	int rows = 0, step;

	if (n < 8 || n > 64 || strspn(typed, "0123456789abcdefABCDEF") != n)
		return ct_fail(CT_USAGE, "bad evidence ID '%s' (its 64 hex digits, "
		    "or the first 8 or more)", typed);
	for (size_t i = 0; i <= n; i++)
		prefix[i] = (char)tolower((unsigned char)typed[i]);
	/* Every ID that starts so sorts between the prefix and the prefix
	 * followed by 'g', past every hex digit: one range of the key. */
	if ((s = store_stmt(st, SLOT_EVIDENCE_KIND, "SELECT id, min(kind) FROM "
	    "evidence WHERE id BETWEEN ?1 AND ?1 || 'g' AND (?2 IS NULL OR "
	    "case_id = ?2) GROUP BY id ORDER BY id LIMIT 6")) == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, case_id, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		snprintf(found[rows], sizeof found[rows], "%s",
		    (const char *)sqlite3_column_text(s, 0));
		if (rows++ == 0 && kind != NULL)
			snprintf(kind, 16, "%s", (const char *)
			    sqlite3_column_text(s, 1));
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return ct_fail_sqlite(st->db, "cannot read evidence");
	if (rows == 0 && case_id != NULL)
		return ct_fail(CT_NOTFOUND, "case '%s' has no evidence '%s'",
		    case_id, typed);
	if (rows == 0)
		return ct_fail(CT_NOTFOUND, "cannot find evidence '%s'", typed);
	if (rows > 1) {
		for (int i = 0; i < rows && i < 5; i++)
			len += (size_t)snprintf(list + len, sizeof list - len,
			    " %s", found[i]);
		return ct_fail(CT_USAGE, "evidence ID '%s' is ambiguous:%s%s",
		    typed, list, rows > 5 ? " ..." : "");
	}
	memcpy(id, found[0], 65);
	return CT_OK;
}
