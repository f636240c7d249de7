/* verify_conf.c: store-verify's replay of the conf entries.  Each must be
 * what a writer records (conf_record.c): by an officer not revoked then,
 * a casetrail.conf this casetrail reads, named by its text's SHA-256, and
 * a change (rule_conf) of the text in force, which the replay follows
 * from entry to entry as the conf table must. */
#include <string.h>

#include "verify.h"

/* The body's text and hash: the text checked and hashed again. */
static int
conf_body(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, char sha256[65], int *keys_set)
{
	sqlite3_stmt *s;
	struct ct_conf c;
	char want[65];
	int rc = CT_OK, parsed;

	/* Conf entries are few: a statement each is cheap. */
	if (sqlite3_prepare_v2(v->st->db, "SELECT json_type(?1, '$.body.text'),"
	    " ?1->>'$.body.text', ?1->>'$.body.sha256'", -1, &s, NULL) !=
	    SQLITE_OK)
		return ct_fail_sqlite(v->st->db, "cannot read the journal");
	sqlite3_bind_text(s, 1, line, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ct_fail_sqlite(v->st->db, "cannot read the journal");
	}
	if (strcmp(sql_text(s, 0), "text") != 0) {
		sqlite3_finalize(s);
		return verify_found(r, "entry %lld records no casetrail.conf "
		    "text", (long long)seq);
	}
	conf_sha256(sql_text(s, 1), (size_t)sqlite3_column_bytes(s, 1), want);
	snprintf(sha256, 65, "%s", sql_text(s, 2));
	conf_defaults(&c);
	parsed = conf_parse(&c, sql_text(s, 1),
	    (size_t)sqlite3_column_bytes(s, 1), "its text");
	*keys_set = c.keys_set;
	conf_free(&c);
	if (strcmp(want, sha256) != 0)
		rc = verify_found(r, "entry %lld: its sha256 is not its "
		    "casetrail.conf text's (%.16s)", (long long)seq, want);
	else if (parsed != CT_OK)
		rc = verify_found(r, "entry %lld records no casetrail.conf "
		    "this casetrail reads: %s", (long long)seq, ct_errmsg());
	sqlite3_finalize(s);
	return rc;
}

int
vconf_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, const struct vofficer *actor)
{
	char sha256[65];
	int rc, keys_set = 0;

	if (actor == NULL)
		return verify_found(r, "entry %lld is by unknown officer '%s'",
		    (long long)seq, v->actor);
	if (rule_revoked(&actor->c, v->at) != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	if ((rc = conf_body(v, r, seq, line, sha256, &keys_set)) ||
	    r->status != CT_OK)
		return rc;
	if (rule_conf(v->conf_sha256[0] ? v->conf_sha256 : NULL, sha256,
	    keys_set) != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	memcpy(v->conf_sha256, sha256, sizeof v->conf_sha256);
	return CT_OK;
}
