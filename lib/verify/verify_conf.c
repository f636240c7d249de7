/* verify_conf.c: store-verify's replay of the conf entries.  Each must be
 * what a writer records (conf_record.c): by an officer not revoked then,
 * a casetrail.conf this casetrail reads, named by its text's SHA-256, and
 * a change (rule_conf) of the text in force, which the replay follows
 * from entry to entry as the conf table must. */
#include <string.h>

#include "verify.h"

/* The body's texts and hashes, the texts checked and hashed again;
 * id gets what names them as the text in force (conf_record.c). */
static int
conf_body(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, char id[131], int *keys_set)
{
	sqlite3_stmt *s;
	struct ct_conf c;
	struct calendar cal;
	char want[65], cal_want[65] = "";
	int rc = CT_OK, parsed, cal_ok = CT_OK;

	/* Conf entries are few: a statement each is cheap. */
	if (sqlite3_prepare_v2(v->st->db, "SELECT json_type(?1, '$.body.text'),"
	    " ?1->>'$.body.text', ?1->>'$.body.sha256', ?1->>'$.body.holidays',"
	    " ?1->>'$.body.holidays_sha256'", -1, &s, NULL) != SQLITE_OK)
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
	if (sqlite3_column_type(s, 3) != SQLITE_NULL) {
		conf_sha256(sql_text(s, 3), (size_t)sqlite3_column_bytes(s, 3),
		    cal_want);
		cal_ok = calendar_parse(&cal, sql_text(s, 3),
		    (size_t)sqlite3_column_bytes(s, 3), "its calendar");
		calendar_free(&cal);
	}
	snprintf(id, 131, "%s%s%s", sql_text(s, 2), cal_want[0] ? ":" : "",
	    sql_text(s, 4));
	conf_defaults(&c);
	parsed = conf_parse(&c, sql_text(s, 1),
	    (size_t)sqlite3_column_bytes(s, 1), "its text");
	*keys_set = c.keys_set;
	conf_free(&c);
	if (strcmp(want, sql_text(s, 2)) != 0)
		rc = verify_found(r, "entry %lld: its sha256 is not its "
		    "casetrail.conf text's (%.16s)", (long long)seq, want);
	else if (strcmp(cal_want, sql_text(s, 4)) != 0)
		rc = verify_found(r, "entry %lld: its holidays_sha256 is not "
		    "its holiday calendar's (%.16s)", (long long)seq,
		    cal_want[0] ? cal_want : "none");
	else if (parsed != CT_OK)
		rc = verify_found(r, "entry %lld records no casetrail.conf "
		    "this casetrail reads: %s", (long long)seq, ct_errmsg());
	else if (cal_ok != CT_OK)
		rc = verify_found(r, "entry %lld records no holiday calendar "
		    "this casetrail reads: %s", (long long)seq, ct_errmsg());
	sqlite3_finalize(s);
	return rc;
}

int
vconf_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, const struct vofficer *actor)
{
	char sha256[131];
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
