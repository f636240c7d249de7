/* apply.c: how a journal entry changes the derived tables (apply.h).
 *
 * Each table whose rows entries add is one row of `derived` below: the
 * action that adds them and, for each column, its value as SQL over the
 * entry's journal row j (and x, an element of the array the entry's rows
 * come from).  The same definition makes the insert a writer runs for the
 * entry it has just appended, the inserts of store-rebuild over the whole
 * journal, and the comparison store-verify makes: so a table can only say
 * what its entries say. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"

void
case_apply(struct case_state *c, const struct action *a, const char *stage,
    const char *at, int flagged, int64_t seq)
{
	size_t n;

	if (strcmp(a->name, "case-new") == 0)
		c->seq = seq;
	if (a->status != NULL) {
		snprintf(c->status, sizeof c->status, "%s", a->status);
		c->status_seq = seq;
		if (strcmp(a->status, "decided") == 0 && c->decided_at[0] == '\0')
			snprintf(c->decided_at, sizeof c->decided_at, "%s", at);
		else if (strcmp(a->status, "closed") == 0)
			snprintf(c->closed_at, sizeof c->closed_at, "%s", at);
	}
	/* A copy per entry of a bulk import: no snprintf. */
	if (stage != c->stage) {
		if ((n = strlen(stage)) >= sizeof c->stage)
			n = sizeof c->stage - 1;
		memcpy(c->stage, stage, n);
		c->stage[n] = '\0';
	}
	c->flags += flagged != 0;
	c->last_seq = seq;
}

struct derived {
	const char *action;     /* the entries that add the rows */
	const char *table;
	const char *what;       /* the row, for messages, as SQL over t */
	const char *what_j;     /* the same, as SQL over j and x */
	const char *seq_of;     /* the entry that added row t, as SQL */
	const char *from;       /* more of FROM after "journal j", or "" */
	const char *parent;     /* a child table's parent table, or NULL */
	const char *cols[12];   /* NULL-terminated */
	const char *vals[12];   /* each column's value, SQL over j and x */
	const char *init;       /* columns set on insert, checked elsewhere */
	const char *init_vals;
};

/* A body field; in parentheses, for -> ranks with || in SQL. */
#define B(key) "(j.line->>'$.body." key "')"

/* Parents before their children, for the counts of apply_verify. */
static const struct derived derived[] = {
	{ "case-new", "cases", "'case ' || t.id", "'case ' || j.case_id", "t.seq", "", NULL,
	  { "id", "type", "title", "party", "party_kind", "party_id", "basis",
	    "filed_at", "seq" },
	  { "j.case_id", B("type"), B("title"), B("party"), B("party_kind"),
	    B("party_id"), B("basis"), B("filed_at"), "j.seq" },
	  ", last_seq", ", j.seq" },
	{ "case-new", "case_handler", "'case ' || t.case_id || ': handler ' || "
	  "t.officer", "'case ' || j.case_id || ': handler ' || x.value",
	  "(SELECT c.seq FROM cases c WHERE c.id = t.case_id)",
	  ", json_each(j.line, '$.body.handlers') x", "cases",
	  { "case_id", "officer" }, { "j.case_id", "x.value" }, "", "" },
	{ "officer-add", "officer", "'officer ' || t.id",
	  "'officer ' || " B("id"), "t.seq", "", NULL,
	  { "id", "name", "credential", "valid_from", "valid_until",
	    "unix_user", "seq" },
	  { B("id"), B("name"), B("credential"), B("valid_from"),
	    B("valid_until"), B("unix_user"), "j.seq" }, "", "" },
	{ "officer-add", "officer_role", "'officer ' || t.officer || ': role '"
	  " || t.role", "'officer ' || " B("id") " || ': role ' || x.value",
	  "(SELECT o.seq FROM officer o WHERE o.id = t.officer)",
	  ", json_each(j.line, '$.body.roles') x", "officer",
	  { "officer", "role" }, { B("id"), "x.value" }, "", "" },
	{ "officer-key", "officer_key", "'key ' || t.key_id",
	  "'key ' || " B("key_id"), "t.seq", "", NULL,
	  { "key_id", "officer", "public_key", "seq" },
	  { B("key_id"), B("officer"), "ct_unbase64(" B("public_key") ")",
	    "j.seq" }, "", "" },
	{ "evidence-add", "evidence", "'evidence ' || t.id || ' of case ' || "
	  "t.case_id", "'evidence ' || " B("id") " || ' of case ' || j.case_id",
	  "t.seq", "", NULL,
	  { "id", "case_id", "kind", "name", "size", "stage", "collected_at",
	    "location", "officers", "note", "seq" },
	  { B("id"), "j.case_id", B("kind"), B("name"), B("size"),
	    "coalesce(" B("stage") ", j.stage)", B("collected_at"),
	    B("location"), "j.line->'$.body.officers'", B("note"), "j.seq" },
	  "", "" },
};

enum { NDERIVED = sizeof derived / sizeof derived[0] };

/* A revocation changes its officer's row rather than adding one. */
static const char revoke_sql[] = "UPDATE officer SET revoked_at = "
    "j.line->>'$.at', revoked_reason = " B("reason") " FROM journal j "
    "WHERE officer.id = " B("id") " AND ";

/* Appends printf-style text to a buffer of cap bytes at *len. */
static void
put(char *buf, size_t cap, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
put(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, cap - *len, fmt, ap);
	va_end(ap);
	*len += n > 0 ? (size_t)n : 0;
}

/* "INSERT INTO table(cols) SELECT vals FROM journal j... WHERE where". */
static void
insert_sql(const struct derived *d, const char *where, char *buf, size_t cap)
{
	size_t len = 0;

	put(buf, cap, &len, "INSERT INTO %s(", d->table);
	for (int i = 0; d->cols[i] != NULL; i++)
		put(buf, cap, &len, "%s%s", i ? ", " : "", d->cols[i]);
	put(buf, cap, &len, "%s) SELECT ", d->init);
	for (int i = 0; d->vals[i] != NULL; i++)
		put(buf, cap, &len, "%s%s", i ? ", " : "", d->vals[i]);
	put(buf, cap, &len, "%s FROM journal j%s WHERE %s", d->init_vals,
	    d->from, where);
}

/* " AND t.col IS val" for every column: row t is the entry's. */
static void
same_sql(const struct derived *d, char *buf, size_t cap, size_t *len)
{
	for (int i = 0; d->cols[i] != NULL; i++)
		put(buf, cap, len, " AND t.%s IS %s", d->cols[i], d->vals[i]);
}

int
apply_entry(struct ct_store *st, const struct action *a, int64_t seq)
{
	char sql[2048];
	sqlite3_stmt *s;
	int rc;

	for (size_t i = 0; i <= NDERIVED; i++) {
		int revoke = i == NDERIVED;

		if (revoke ? strcmp(a->name, "officer-revoke") != 0 :
		    strcmp(a->name, derived[i].action) != 0)
			continue;
		if (st->stmt_cache[SLOT_APPLY + i] == NULL) {
			if (revoke)
				snprintf(sql, sizeof sql, "%sj.seq = ?1", revoke_sql);
			else
				insert_sql(&derived[i], "j.seq = ?1", sql, sizeof sql);
		}
		if ((s = store_stmt(st, SLOT_APPLY + (int)i, sql)) == NULL)
			return CT_SYSTEM;
		sqlite3_bind_int64(s, 1, seq);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return ct_fail_sqlite(st->db, "cannot apply the entry");
	}
	return CT_OK;
}

int
apply_case_state(struct ct_store *st, const char *id,
    const struct case_state *c, int new_status)
{
	/* Status is set only when it changed: setting it at all rewrites
	 * the case's entry in the status index, one more page for every
	 * entry of a case-log. */
	sqlite3_stmt *s = new_status ?
	    store_stmt(st, SLOT_CASE_UPDATE_STATUS, "UPDATE cases SET "
	    "stage = ?1, decided_at = nullif(?3, ''), closed_at = "
	    "nullif(?4, ''), flags = ?5, last_seq = ?6, status = ?2 "
	    "WHERE id = ?7") :
	    store_stmt(st, SLOT_CASE_UPDATE, "UPDATE cases SET "
	    "stage = ?1, decided_at = nullif(?3, ''), closed_at = "
	    "nullif(?4, ''), flags = ?5, last_seq = ?6 WHERE id = ?7");
	int rc;

	if (s == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, c->stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->decided_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->closed_at, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, c->flags);
	sqlite3_bind_int64(s, 6, c->last_seq);
	sqlite3_bind_text(s, 7, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? CT_OK :
	    ct_fail_sqlite(st->db, "cannot update the case");
}

int
apply_journal(struct ct_store *st)
{
	char sql[2048], where[64];
	int rc;

	/* The references are checked at the commit, when every table is
	 * whole again; the keys' guard against deletion is lifted for this
	 * transaction only. */
	if ((rc = store_exec(st, "PRAGMA defer_foreign_keys = ON; DROP "
	    "TRIGGER officer_key_no_delete", "cannot rebuild the keys")))
		return rc;
	for (size_t i = NDERIVED; i-- > 0; ) {
		snprintf(sql, sizeof sql, "DELETE FROM %s", derived[i].table);
		if ((rc = store_exec(st, sql, "cannot empty a table")))
			return rc;
	}
	if ((rc = store_exec(st, schema_key_no_delete,
	    "cannot rebuild the keys")))
		return rc;
	for (size_t i = 0; i < NDERIVED; i++) {
		snprintf(where, sizeof where, "j.action = '%s' ORDER BY j.seq",
		    derived[i].action);
		insert_sql(&derived[i], where, sql, sizeof sql);
		if ((rc = store_exec(st, sql, "cannot rebuild a table")))
			return rc;
	}
	snprintf(sql, sizeof sql, "%sj.action = 'officer-revoke'", revoke_sql);
	return store_exec(st, sql, "cannot rebuild the revocations");
}

/* The first row of a query of two columns, text and integer, if any:
 * 1 and the text (malloc'd) into *what, 0 for none, or an error < 0. */
static int
first_row(struct ct_store *st, const char *sql, char **what, int64_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*what = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		ct_fail_sqlite(st->db, "cannot check the tables");
		return -1;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		*n = sqlite3_column_int64(s, 1);
		if ((*what = strdup(t ? t : "")) == NULL) {
			ct_fail(CT_SYSTEM, "out of memory");
			rc = -1;
		} else {
			rc = 1;
		}
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		ct_fail_sqlite(st->db, "cannot check the tables");
		rc = -1;
	}
	sqlite3_finalize(s);
	return rc;
}

/* Every row of d's table is the entry's that added it. */
static int
rows_are_entries(struct ct_store *st, const struct derived *d,
    struct verify_report *r)
{
	char sql[4096], *what;
	size_t len = 0;
	int64_t seq;
	int found;

	put(sql, sizeof sql, &len, "SELECT %s, %s FROM %s t WHERE NOT EXISTS "
	    "(SELECT 1 FROM journal j%s WHERE j.seq = %s AND j.action = '%s'",
	    d->what, d->seq_of, d->table, d->from, d->seq_of, d->action);
	same_sql(d, sql, sizeof sql, &len);
	put(sql, sizeof sql, &len, ") LIMIT 1");
	if ((found = first_row(st, sql, &what, &seq)) <= 0)
		return found < 0 ? CT_SYSTEM : CT_OK;
	if (seq > 0)
		verify_found(r, "%s differs from entry %lld, which added it", what,
		    (long long)seq);
	else
		verify_found(r, "%s was added by no entry", what);
	free(what);
	return CT_OK;
}

/* Every entry of d's action has its rows.  The rows are the entries'
 * (rows_are_entries) and distinct (their primary keys), so equal counts
 * mean no row is missing; only when they differ is the journal searched
 * for the entry whose row is. */
static int
entries_have_rows(struct ct_store *st, const struct derived *d,
    uint64_t adds, struct verify_report *r)
{
	char sql[4096], *what;
	size_t len = 0;
	int64_t rows, expect = (int64_t)adds, seq;
	int found;

	snprintf(sql, sizeof sql, "SELECT '', count(*) FROM %s", d->table);
	if (first_row(st, sql, &what, &rows) < 0)
		return CT_SYSTEM;
	free(what);
	if (d->parent != NULL) {
		/* The parents are their entries: count the children those
		 * entries name. */
		snprintf(sql, sizeof sql, "SELECT '', count(*) FROM %s p JOIN "
		    "journal j ON j.seq = p.seq%s", d->parent, d->from);
		if (first_row(st, sql, &what, &expect) < 0)
			return CT_SYSTEM;
		free(what);
	}
	if (rows == expect)
		return CT_OK;
	if (d->parent != NULL)
		put(sql, sizeof sql, &len, "SELECT %s, j.seq FROM %s p JOIN "
		    "journal j ON j.seq = p.seq%s WHERE NOT EXISTS (SELECT 1 FROM "
		    "%s t WHERE 1", d->what_j, d->parent, d->from, d->table);
	else
		put(sql, sizeof sql, &len, "SELECT %s, j.seq FROM journal j "
		    "WHERE j.action = '%s' AND NOT EXISTS (SELECT 1 FROM %s t "
		    "WHERE 1", d->what_j, d->action, d->table);
	same_sql(d, sql, sizeof sql, &len);
	put(sql, sizeof sql, &len, ") ORDER BY j.seq LIMIT 1");
	if ((found = first_row(st, sql, &what, &seq)) < 0)
		return CT_SYSTEM;
	if (found)
		verify_found(r, "entry %lld adds %s, which is not in the %s "
		    "table", (long long)seq, what, d->table);
	else
		verify_found(r, "%lld rows in the %s table, %lld added in the "
		    "journal", (long long)rows, d->table, (long long)expect);
	free(what);
	return CT_OK;
}

int
apply_verify(struct ct_store *st, struct verify_report *r,
    const uint64_t *counts)
{
	int rc;

	for (size_t i = 0; i < NDERIVED && r->status == CT_OK; i++) {
		uint64_t adds = 0;
		const struct action *a;

		for (size_t k = 0; (a = action_at(k)) != NULL; k++)
			if (strcmp(a->name, derived[i].action) == 0)
				adds = counts[k];
		if ((rc = rows_are_entries(st, &derived[i], r)) ||
		    (r->status == CT_OK &&
		    (rc = entries_have_rows(st, &derived[i], adds, r))))
			return rc;
	}
	return CT_OK;
}
