/* apply.c: how a journal entry changes the derived tables (apply.h).
 *
 * Each table whose rows entries add is one row of `derived` below: the
 * action that adds them and, for each column, its value as SQL over the
 * entry's journal row j (and x, an element of the array the entry's rows
 * come from).  The same definition makes the insert a writer runs for the
 * entry it has just appended, the inserts of store-rebuild over the whole
 * journal, and the comparison store-verify makes: so a table can only say
 * what its entries say. */
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
	/* His name and credential are his data now, which officer-update
	 * and officer-restore change: the replay checks them (verify_rules). */
	{ "officer-add", "officer", "'officer ' || t.id",
	  "'officer ' || " B("id"), "t.seq", "", NULL,
	  { "id", "unix_user", "seq" }, { B("id"), B("unix_user"), "j.seq" },
	  ", name, credential, valid_from, valid_until", ", " B("name") ", "
	  B("credential") ", " B("valid_from") ", " B("valid_until") },
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
	/* The settings recorded, each version named by its text's hash:
	 * the last row is the text in force (conf_record.c). */
	{ "conf", "conf", "'casetrail.conf of entry ' || t.seq",
	  "'casetrail.conf of entry ' || j.seq", "t.seq", "", NULL,
	  { "seq", "sha256" }, { "j.seq", B("sha256") }, "", "" },
	/* random-draw (draw.h): each commitment, draw and refused attempt
	 * of a task, as its entry says it. */
	{ "draw-commit", "draw_commit", "'commitment of entry ' || t.seq",
	  "'commitment of entry ' || j.seq", "t.seq", "", NULL,
	  { "seq", "task", "seed_sha256", "public_value", "targets_sha256",
	    "inspectors_sha256" },
	  { "j.seq", B("task"), B("seed_sha256"), B("public_value"),
	    B("targets_sha256"), B("inspectors_sha256") }, "", "" },
	{ "draw", "draw", "'draw of entry ' || t.seq", "'draw of entry ' || "
	  "j.seq", "t.seq", "", NULL,
	  { "seq", "task", "seed", "commit_seq", "targets_sha256",
	    "inspectors_sha256", "params", "redraw_reason", "result" },
	  { "j.seq", B("task"), B("seed"), B("commit"), B("targets_sha256"),
	    B("inspectors_sha256"), B("params"), B("redraw_reason"),
	    "j.line->'$.body.result'" }, "", "" },
	{ "draw-attempt", "draw_attempt", "'attempt of entry ' || t.seq",
	  "'attempt of entry ' || j.seq", "t.seq", "", NULL,
	  { "seq", "task", "reason" }, { "j.seq", B("task"), B("reason") },
	  "", "" },
	/* The document numbers of decisions (decide.c): a row for each
	 * entry whose body has one; the replay checks the sequence
	 * (verify_decide.c). */
	{ "decision", "doc_number", "'document ' || t.number",
	  "'document ' || x.value", "t.seq",
	  ", json_each(j.line, '$.body.document.number') x", NULL,
	  { "number", "kind", "year", "serial", "case_id", "seq" },
	  { "x.value", B("document.kind"), B("document.year"),
	    B("document.serial"), "j.case_id", "j.seq" }, "", "" },
	/* The legal reviews (review.h): a row for each review-submit
	 * entry; its state, reviewer and deciding entry change later
	 * (REVIEW_SQL below) and verify_review.c checks them. */
	{ "review-submit", "review", "'review ' || t.id", "'review ' || j.seq",
	  "t.id", "", NULL,
	  { "id", "case_id", "draft", "submitted_at", "due" },
	  { "j.seq", "j.case_id", B("draft"), B("at"), B("due") },
	  ", state", ", 'pending'" },
	/* Publicity (publish.c): a row for each withdrawal; the rows of
	 * publication, one per record, are a change below. */
	{ "withdraw", "withdrawal", "'withdrawal of entry ' || t.seq",
	  "'withdrawal of entry ' || j.seq", "t.seq", "", NULL,
	  { "seq", "case_id", "because", "reason", "day" },
	  { "j.seq", B("case_id"), B("because"), B("reason"), B("day") },
	  "", "" },
	/* The lists published (publish_list.c): a row for each entry. */
	{ "publish-list", "publicity", "'publication of entry ' || t.seq",
	  "'publication of entry ' || j.seq", "t.seq", "", NULL,
	  { "seq", "kind", "published", "items" },
	  { "j.seq", B("kind"), B("published"),
	    "json_array_length(j.line, '$.body.items')" }, "", "" },
	/* Archiving (seal.h): a row for each archive-seal entry, its
	 * retention and archive number as the entry says them; the replay
	 * checks the numbers (verify_seal.c). */
	{ "archive-seal", "seal", "'seal of case ' || t.case_id",
	  "'seal of case ' || j.case_id", "t.seq", "", NULL,
	  { "case_id", "seq", "sealed_at", "sha256", "bytes", "format",
	    "retention", "archive_no" },
	  { "j.case_id", "j.seq", B("at"), B("sha256"), B("bytes"),
	    B("format"), "ifnull(" B("retention") ", 'unset')",
	    B("archive_no") }, "", "" },
};

enum { NDERIVED = sizeof derived / sizeof derived[0] };

/* The entries that change an officer's row, or add to his history,
 * each statement in turn over entry ?1 (j): a revocation records itself
 * on his row; a credential issued (officer-add, officer-update with one,
 * officer-restore) joins officer_credential; an update or a restore
 * changes his row; a restore ends the revocation, kept in
 * officer_restore.  The replay checks all of them (verify_rules.c). */
#define CREDENTIAL_SQL "INSERT INTO officer_credential(officer, " \
	"credential, valid_from, valid_until, seq) SELECT " B("id") ", " \
	B("credential") ", " B("valid_from") ", " B("valid_until") ", j.seq " \
	"FROM journal j WHERE j.seq = ?1 AND " B("credential") " IS NOT NULL"
#define OFFICER_SET "UPDATE officer SET name = coalesce(" B("name") \
	", name), credential = coalesce(" B("credential") ", credential), " \
	"valid_from = coalesce(" B("valid_from") ", valid_from), " \
	"valid_until = coalesce(" B("valid_until") ", valid_until)"

/* A legal professional qualification number (法律职业资格) recorded by
 * officer-add or officer-update: a row of officer_qualification each;
 * verify_review.c checks the table against the entries. */
#define QUALIFICATION_SQL "INSERT INTO officer_qualification(seq, " \
	"officer, number) SELECT j.seq, " B("id") ", " B("qualification") \
	" FROM journal j WHERE j.seq = ?1 AND " B("qualification") \
	" IS NOT NULL"

/* A review still pending is superseded by the case's next submission;
 * a reviewer's verdict is the review's state. */
#define REVIEW_SUPERSEDED "UPDATE review SET state = 'superseded' FROM " \
	"journal j WHERE j.seq = ?1 AND review.case_id = j.case_id AND " \
	"review.state = 'pending' AND review.id < j.seq"
#define REVIEW_DECIDED "UPDATE review SET state = " B("verdict") ", " \
	"reviewer = j.line->>'$.officer', decided_seq = j.seq FROM journal j " \
	"WHERE j.seq = ?1 AND review.id = " B("review")
/* The records of a publish entry (publish.c), one publication row each,
 * every value from the record itself.  Not a row of derived[], whose
 * check goes row by row to the entry: an export's line is long, and is
 * parsed here once for all its rows; verify_publish.c compares the
 * table with the entries as a whole. */
#define PUBLICATION_SQL "INSERT INTO publication(case_id, seq, " \
	"doc_number, published, ends) " PUBLICATION_ROWS " AND j.seq = ?1"

static const struct officer_change {
	const char *action;
	const char *sql;
} changes[] = {
	{ "officer-add", CREDENTIAL_SQL },
	{ "officer-add", QUALIFICATION_SQL },
	{ "officer-revoke", "UPDATE officer SET revoked_at = j.line->>'$.at', "
	  "revoked_reason = " B("reason") " FROM journal j WHERE officer.id = "
	  B("id") " AND j.seq = ?1" },
	{ "officer-update", OFFICER_SET " FROM journal j WHERE officer.id = "
	  B("id") " AND j.seq = ?1" },
	{ "officer-update", CREDENTIAL_SQL },
	{ "officer-update", QUALIFICATION_SQL },
	{ "officer-restore", "INSERT INTO officer_restore(officer, revoked_at, "
	  "restored_at, seq) SELECT o.id, o.revoked_at, j.line->>'$.at', j.seq "
	  "FROM journal j JOIN officer o ON o.id = " B("id") " WHERE j.seq = ?1" },
	{ "officer-restore", OFFICER_SET ", revoked_at = NULL, revoked_reason = "
	  "NULL FROM journal j WHERE officer.id = " B("id") " AND j.seq = ?1" },
	{ "officer-restore", CREDENTIAL_SQL },
	{ "review-submit", REVIEW_SUPERSEDED },
	{ "review-decide", REVIEW_DECIDED },
	{ "publish", PUBLICATION_SQL },
};

enum { NCHANGES = sizeof changes / sizeof changes[0] };
_Static_assert((int)(NDERIVED + NCHANGES) <= 32,
    "a statement slot for each derived table and change: raise SLOT_APPLY's");

/* "INSERT INTO table(cols) SELECT vals FROM journal j... WHERE where". */
int
derived_insert(const struct derived *d, const char *where, char *buf, size_t cap)
{
	size_t len = 0;

	buf_put(buf, cap, &len, "INSERT INTO %s(", d->table);
	for (int i = 0; d->cols[i] != NULL; i++)
		buf_put(buf, cap, &len, "%s%s", i ? ", " : "", d->cols[i]);
	buf_put(buf, cap, &len, "%s) SELECT ", d->init);
	for (int i = 0; d->vals[i] != NULL; i++)
		buf_put(buf, cap, &len, "%s%s", i ? ", " : "", d->vals[i]);
	buf_put(buf, cap, &len, "%s FROM journal j%s WHERE %s", d->init_vals,
	    d->from, where);
	return len < cap ? CT_OK : ct_fail(CT_SYSTEM, "the insert into %s "
	    "does not fit in %zu bytes", d->table, cap);
}

const struct derived *
derived_at(size_t i)
{
	return i < NDERIVED ? &derived[i] : NULL;
}

void
derived_same(const struct derived *d, char *buf, size_t cap, size_t *len)
{
	for (int i = 0; d->cols[i] != NULL; i++)
		buf_put(buf, cap, len, " AND t.%s IS %s", d->cols[i], d->vals[i]);
}

/* Runs the statement in slot, made by sql if the slot is empty, over
 * entry seq. */
static int
apply_one(struct ct_store *st, int slot, const char *sql, int64_t seq)
{
	sqlite3_stmt *s = store_stmt(st, slot, sql);
	int rc;

	if (s == NULL)
		return CT_SYSTEM;
	sqlite3_bind_int64(s, 1, seq);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? CT_OK :
	    ct_fail_sqlite(st->db, "cannot apply the entry");
}

int
apply_entry(struct ct_store *st, const struct action *a, int64_t seq)
{
	char sql[2048] = "";
	int rc;

	for (size_t i = 0; i < NDERIVED; i++) {
		if (strcmp(a->name, derived[i].action) != 0)
			continue;
		if (st->stmt_cache[SLOT_APPLY + i] == NULL &&
		    derived_insert(&derived[i], "j.seq = ?1", sql, sizeof sql))
			return CT_SYSTEM;
		if ((rc = apply_one(st, SLOT_APPLY + (int)i, sql, seq)))
			return rc;
	}
	for (size_t i = 0; i < NCHANGES; i++)
		if (strcmp(a->name, changes[i].action) == 0 &&
		    (rc = apply_one(st, SLOT_APPLY + (int)(NDERIVED + i),
		    changes[i].sql, seq)))
			return rc;
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

/* The refs of the entries from first to last on: one row each that has
 * one.  ->> is the JSON's own value: the entry says what the row is. */
#define REF_ROWS "INSERT INTO case_ref(case_id, ref, seq) SELECT " \
	"j.case_id, j.line->>'$.body.ref', j.seq FROM journal j WHERE "

int
apply_refs(struct ct_store *st, int64_t first, int64_t last)
{
	sqlite3_stmt *s = store_stmt(st, SLOT_APPLY_REFS, REF_ROWS
	    "j.seq BETWEEN ?1 AND ?2 AND j.case_id IS NOT NULL AND "
	    "j.line->>'$.body.ref' IS NOT NULL");
	int rc;

	if (s == NULL)
		return CT_SYSTEM;
	sqlite3_bind_int64(s, 1, first);
	sqlite3_bind_int64(s, 2, last);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? CT_OK :
	    ct_fail_sqlite(st->db, "cannot apply the refs");
}

int
apply_refs_all(struct ct_store *st)
{
	/* Over the whole journal: the instr, a scan, spares most lines
	 * their parse. */
	return store_exec(st, REF_ROWS "instr(j.line, '\"ref\":') > 0 AND "
	    "j.case_id IS NOT NULL AND j.line->>'$.body.ref' IS NOT NULL",
	    "cannot rebuild the refs");
}

int
apply_has_rows(const struct action *a)
{
	for (size_t i = 0; i < NCHANGES; i++)
		if (strcmp(a->name, changes[i].action) == 0)
			return 1;
	for (size_t i = 0; i < NDERIVED; i++)
		if (strcmp(a->name, derived[i].action) == 0)
			return 1;
	return 0;
}

int
apply_empty(struct ct_store *st)
{
	char sql[128];
	int rc;

	/* The references are checked at the commit, when every table is
	 * whole again.  The keys' guard against deletion is lifted for this
	 * transaction only; then every guard is made again, any that
	 * someone had dropped too. */
	if ((rc = store_exec(st, "PRAGMA defer_foreign_keys = ON; DROP "
	    "TRIGGER IF EXISTS officer_key_no_delete", "cannot rebuild the keys")))
		return rc;
	if ((rc = store_exec(st, "DELETE FROM officer_restore; DELETE FROM "
	    "officer_credential; DELETE FROM case_ref; DELETE FROM "
	    "officer_qualification; DELETE FROM publication",
	    "cannot empty a table")))
		return rc;
	for (size_t i = NDERIVED; i-- > 0; ) {
		snprintf(sql, sizeof sql, "DELETE FROM %s", derived[i].table);
		if ((rc = store_exec(st, sql, "cannot empty a table")))
			return rc;
	}
	return store_exec(st, schema_guards, "cannot make the guards again");
}
