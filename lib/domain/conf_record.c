/* conf_record.c: the settings on the record.  casetrail.conf holds the
 * deadlines and thresholds the reports judge by; a change of it is a
 * change of what the store's reports say, so the first write to find
 * the file changed records its text as a conf entry, signed with the
 * write's own entries, before them (casetrail.conf(5)).  The holiday
 * calendar it names goes with it: a due day counted by one calendar is
 * checked again by that calendar, not by the file as it is later, when
 * next year's lines have been added.  The text in
 * force is then the last conf entry's: ct_conf_at finds it for any
 * time. */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "apply.h"

void
conf_sha256(const char *text, size_t n, char hex[65])
{
	unsigned char md[CT_HASH];

	EVP_Digest(text, n, md, NULL, EVP_sha256(), NULL);
	hex_encode(md, sizeof md, hex);
}

/* What names the settings in force: the SHA-256 of casetrail.conf's
 * text and, if a holiday calendar's text is recorded with it, ':' and
 * the calendar's; "" if nothing is recorded. */
static int
in_force(struct ct_store *st, char id[131])
{
	sqlite3_stmt *s = store_stmt(st, SLOT_CONF_IN_FORCE,
	    "SELECT c.sha256 || ifnull(':' || (j.line->>'$.body.holidays_"
	    "sha256'), '') FROM conf c JOIN journal j ON j.seq = c.seq "
	    "ORDER BY c.seq DESC LIMIT 1");
	int rc;

	id[0] = '\0';
	if (s == NULL)
		return CT_SYSTEM;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		snprintf(id, 131, "%s", sql_text(s, 0));
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CT_OK :
	    ct_fail_sqlite(st->db, "cannot read the recorded settings");
}

/* Appends the conf entry of the text st read, and the holiday
 * calendar's text with it, and applies it. */
static int
record(struct ct_store *st)
{
	sqlite3_stmt *ins = journal_prepare(st, SLOT_JOURNAL_CONF,
	    "json_object('sha256',?7,'text',?8,'holidays_sha256',?9,"
	    "'holidays',?10)");
	const char *cal = st->conf.holidays_text;
	int64_t seq;
	int rc;

	if (ins == NULL)
		return CT_SYSTEM;
	sqlite3_bind_null(ins, 4);
	sqlite3_bind_text(ins, 5, "conf", -1, SQLITE_STATIC);
	sqlite3_bind_null(ins, 6);
	sqlite3_bind_text(ins, 7, st->conf_sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 8, st->conf.text, (int)st->conf.text_len,
	    SQLITE_STATIC);
	sqlite3_bind_text(ins, 9, cal ? st->holidays_sha256 : NULL, -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(ins, 10, cal, cal ? (int)st->conf.holidays_len : 0,
	    SQLITE_STATIC);
	if ((rc = journal_step(st, ins, &seq)))
		return rc;
	return apply_entry(st, action_find("conf"), seq);
}

/* Records casetrail.conf if it is not the text in force.  Not in the
 * founding write, which has no officer yet to sign it: the first signed
 * write records it.  Nor when there is no file (a writer makes one from
 * the template as it opens the store: only a file removed since is
 * missing). */
static int
conf_record(struct ct_store *st)
{
	char recorded[131], now[131];
	int rc;

	if (st->actor[0] == '\0' || st->conf.text == NULL)
		return CT_OK;
	if ((rc = in_force(st, recorded)))
		return rc;
	/* Hashed once per process, and not at all while a file that sets
	 * nothing has nothing recorded to differ from: the common case,
	 * which every write passes through. */
	if (st->conf_sha256[0] == '\0' && (recorded[0] != '\0' ||
	    st->conf.keys_set > 0)) {
		conf_sha256(st->conf.text, st->conf.text_len, st->conf_sha256);
		if (st->conf.holidays_text != NULL)
			conf_sha256(st->conf.holidays_text,
			    st->conf.holidays_len, st->holidays_sha256);
	}
	snprintf(now, sizeof now, "%s%s%s", st->conf_sha256,
	    st->conf.holidays_text ? ":" : "", st->conf.holidays_text ?
	    st->holidays_sha256 : "");
	if (rule_conf(recorded[0] ? recorded : NULL, now,
	    st->conf.keys_set) != CT_OK)
		return CT_OK;           /* nothing new to record */
	return record(st);
}

int
write_begin(struct ct_store *st)
{
	int rc;

	if ((rc = store_begin(st)))
		return rc;
	if ((rc = conf_record(st))) {
		store_rollback(st);
		return rc;
	}
	return CT_OK;
}

int
ct_conf_at(struct ct_store *st, time_t at, char **text, int64_t *seq)
{
	sqlite3_stmt *s;
	char utc[21], local[32];
	int rc;

	*text = NULL;
	*seq = 0;
	/* The conf table is one row per change: a scan of it is short. */
	if (sqlite3_prepare_v2(st->db, "SELECT j.seq, j.line->>'$.body.text' "
	    "FROM conf c JOIN journal j ON j.seq = c.seq WHERE "
	    "j.line->>'$.at' <= ?1 ORDER BY c.seq DESC LIMIT 1", -1, &s,
	    NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the recorded settings");
	sqlite3_bind_text(s, 1, time_utc(at, utc), -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		rc = (*text = strdup(sql_text(s, 1))) != NULL ? CT_OK :
		    ct_fail(CT_SYSTEM, "out of memory");
	} else if (rc == SQLITE_DONE) {
		rc = ct_fail(CT_NOTFOUND, "no settings were recorded by %s",
		    time_local(at, local));
	} else {
		rc = ct_fail_sqlite(st->db, "cannot read the recorded settings");
	}
	sqlite3_finalize(s);
	return rc;
}

int
conf_calendar_at(struct ct_store *st, int64_t seq, struct ct_conf *c)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT line->>'$.body.holidays' FROM "
	    "journal WHERE seq = ?1", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the recorded settings");
	sqlite3_bind_int64(s, 1, seq);
	rc = sqlite3_step(s);
	free(c->holidays_text);
	c->holidays_text = NULL;
	c->holidays_len = 0;
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		c->holidays_len = (size_t)sqlite3_column_bytes(s, 0);
		if ((c->holidays_text = malloc(c->holidays_len + 1)) != NULL)
			memcpy(c->holidays_text, sql_text(s, 0),
			    c->holidays_len + 1);
		else
			rc = SQLITE_NOMEM;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_NOMEM)
		return ct_fail(CT_SYSTEM, "out of memory");
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CT_OK :
	    ct_fail_sqlite(st->db, "cannot read the recorded settings");
}
