/* verify_publish.c: store-verify's replay of publicity (publish-export(1),
 * publish-withdraw(1)).  Neither entry is on a case, so the replay of
 * case entries passes them over: here each is held to the rules the
 * writer holds it to, its actor a publisher not revoked when he recorded
 * it, and a withdrawal to a case an earlier publish entry published.  The
 * withdrawal table is compared with its entries as every derived table
 * is (verify_tables.c); the publication table, one row per record of an
 * export that may hold a hundred thousand, as a whole, each entry's line
 * parsed once (verify_publication). */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "verify.h"

/* Whether an entry before seq published case_id. */
static int
published_before(struct ct_store *st, int64_t seq, const char *line,
    int *yes)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT EXISTS (SELECT 1 FROM journal "
	    "j, json_each(j.line, '$.body.records') x WHERE j.action = "
	    "'publish' AND j.seq < ?1 AND x.value->>'case_id' = "
	    "(?2->>'$.body.case_id'))", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the journal");
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_text(s, 2, line, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*yes = sqlite3_column_int(s, 0);
		rc = CT_OK;
	} else {
		rc = ct_fail_sqlite(st->db, "cannot read the journal");
	}
	sqlite3_finalize(s);
	return rc;
}

/* Record row s of a publish entry seq (records_sql) against the case
 * it names, as publish_records.c makes one: a case decided before the
 * entry, not a minor's, and every text as redaction leaves it (the
 * names the writer knew besides the party's, --redact-also, are not on
 * the record: a text they would change more is not found here). */
static int
record_check(struct verify_report *r, int64_t seq, sqlite3_stmt *s)
{
	static const char *const fields[] = { "party", "facts", "basis",
	    "penalty", "doc_number" };
	const char *id = sql_text(s, 0), *party = sql_text(s, 6);
	int org = strcmp(sql_text(s, 7), "org") == 0, rc = CT_OK;
	const char *names[1] = { party };
	struct redact red = { names, !org && party[0] != '\0', org };

	if (sqlite3_column_int(s, 9) == 0)
		return verify_found(r, "entry %lld publishes case %s, which no "
		    "decision before it decided", (long long)seq, id);
	if (sqlite3_column_int(s, 8))
		return verify_found(r, "entry %lld publishes case %s, a minor's "
		    "decision", (long long)seq, id);
	if (!org && sqlite3_column_type(s, 2) != SQLITE_NULL)
		return verify_found(r, "entry %lld publishes case %s with a "
		    "person's identity number", (long long)seq, id);
	for (int i = 0; i < 5 && rc == CT_OK; i++) {
		const char *text = (const char *)sqlite3_column_text(s,
		    i == 4 ? 10 : i == 0 ? 1 : i + 2);
		char *again;

		if (text == NULL)
			continue;
		if ((again = redact_text(text, &red)) == NULL)
			return CT_SYSTEM;
		if (strcmp(again, text) != 0)
			rc = verify_found(r, "entry %lld publishes case %s with "
			    "its %s not redacted", (long long)seq, id, fields[i]);
		free(again);
	}
	return rc;
}

/* Each record of publish entry seq, against its case. */
static int
records_check(struct ct_store *st, struct verify_report *r, int64_t seq,
    const char *line)
{
	sqlite3_stmt *s;
	int rc = CT_OK, step = SQLITE_DONE;

	if (sqlite3_prepare_v2(st->db, "SELECT x.value->>'case_id', "
	    "x.value->>'party', x.value->>'party_code', x.value->>'facts', "
	    "x.value->>'basis', x.value->>'penalty', c.party, "
	    "ifnull(c.party_kind, ''), ifnull(n.line->>'$.body.party_minor', "
	    "0), (SELECT count(*) FROM journal d WHERE d.case_id = c.id AND "
	    "d.action = 'decision' AND d.seq < ?2), x.value->>'doc_number' "
	    "FROM json_each(?1, '$.body.records') x LEFT JOIN cases c ON c.id "
	    "= x.value->>'case_id' LEFT JOIN journal n ON n.seq = c.seq", -1,
	    &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the journal");
	sqlite3_bind_text(s, 1, line, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, seq);
	while (rc == CT_OK && r->status == CT_OK &&
	    (step = sqlite3_step(s)) == SQLITE_ROW)
		rc = record_check(r, seq, s);
	if (rc == CT_OK && r->status == CT_OK && step != SQLITE_DONE)
		rc = ct_fail_sqlite(st->db, "cannot read the journal");
	sqlite3_finalize(s);
	return rc;
}

int
vpublish_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, const struct action *a, const struct vofficer *actor)
{
	int yes = 0, rc;

	if (actor == NULL)
		return verify_found(r, "entry %lld is by unknown officer '%s'",
		    (long long)seq, v->actor);
	if (rule_role(a, &actor->c) != CT_OK ||
	    rule_revoked(&actor->c, v->at) != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	if (strcmp(a->name, "publish-list") == 0)
		return vpublish_list_entry(v->st, r, seq, line);
	if (strcmp(a->name, "publish") == 0)
		return records_check(v->st, r, seq, line);
	if (strcmp(a->name, "withdraw") != 0)
		return CT_OK;
	if ((rc = published_before(v->st, seq, line, &yes)))
		return rc;
	if (!yes)
		return verify_found(r, "entry %lld withdraws a publication of a "
		    "case that no earlier entry published", (long long)seq);
	return CT_OK;
}

int
verify_publication(struct ct_store *st, struct verify_report *r)
{
	char what[512];
	int64_t seq = 0;
	int found;

	found = verify_first_row(st, "SELECT 'publication of case ' || "
	    "column1 || ' in entry ' || column2, column2 FROM (SELECT case_id "
	    "AS column1, seq AS column2, doc_number, published, ends FROM "
	    "publication EXCEPT " PUBLICATION_ROWS ") ORDER BY 2 LIMIT 1",
	    what, sizeof what, &seq);
	if (found < 0)
		return CT_SYSTEM;
	if (found)
		return verify_found(r, "%s is not what entry %lld published",
		    what, (long long)seq);
	found = verify_first_row(st, "SELECT 'case ' || c, s FROM (SELECT "
	    "x.value->>'case_id' AS c, j.seq AS s, x.value->>'doc_number', "
	    "x.value->>'published', x.value->>'ends' FROM journal j, "
	    "json_each(j.line, '$.body.records') x WHERE j.action = 'publish' "
	    "EXCEPT SELECT case_id, seq, doc_number, published, ends FROM "
	    "publication) ORDER BY 2 LIMIT 1", what, sizeof what, &seq);
	if (found < 0)
		return CT_SYSTEM;
	if (found)
		return verify_found(r, "entry %lld publishes %s, which is not in "
		    "the publication table", (long long)seq, what);
	return CT_OK;
}
