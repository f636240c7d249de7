/* verify_publish.c: store-verify's replay of publicity (publish-export(1),
 * publish-withdraw(1)).  Neither entry is on a case, so the replay of
 * case entries passes them over: here each is held to the rules the
 * writer holds it to, its actor a publisher not revoked when he recorded
 * it, and a withdrawal to a case an earlier publish entry published.  The
 * withdrawal table is compared with its entries as every derived table
 * is (verify_tables.c); the publication table, one row per record of an
 * export that may hold a hundred thousand, as a whole, each entry's line
 * parsed once (verify_publication). */
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
