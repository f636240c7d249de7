/* verify_refs.c: store-verify's check of the table case_ref against the
 * journal: each row is the ref of the entry it names, and each entry with
 * a ref has its row (apply.c makes them; casetrail-formats(5)). */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "verify.h"

/* The entries that have a ref, as SQL over j; instr spares most lines
 * their parse. */
#define HAS_REF "instr(j.line, '\"ref\":') > 0 AND j.case_id IS NOT NULL " \
	"AND j.line->>'$.body.ref' IS NOT NULL"

int
verify_refs(struct ct_store *st, struct verify_report *r)
{
	char what[1024];
	int64_t rows = 0, entries = 0, seq = 0;
	int found;

	/* Each row is its entry's. */
	found = verify_first_row(st, "SELECT 'ref ' || t.ref || ' of case ' || "
	    "t.case_id, t.seq FROM case_ref t WHERE NOT EXISTS (SELECT 1 FROM "
	    "journal j WHERE j.seq = t.seq AND j.case_id IS t.case_id AND "
	    "j.line->>'$.body.ref' IS t.ref) LIMIT 1", what, sizeof what, &seq);
	if (found < 0)
		return CT_SYSTEM;
	if (found)
		return verify_found(r, "%s names entry %lld, which does not "
		    "have it", what, (long long)seq);
	/* The rows are the entries' and distinct (their key): equal counts
	 * mean none is missing. */
	if (verify_first_row(st, "SELECT '', count(*) FROM case_ref", what,
	    sizeof what, &rows) < 0 ||
	    verify_first_row(st, "SELECT '', count(*) FROM journal j WHERE "
	    HAS_REF, what, sizeof what, &entries) < 0)
		return CT_SYSTEM;
	if (rows == entries)
		return CT_OK;
	found = verify_first_row(st, "SELECT 'ref ' || "
	    "(j.line->>'$.body.ref') || ' of case ' || j.case_id, j.seq FROM "
	    "journal j WHERE " HAS_REF " AND NOT EXISTS (SELECT 1 FROM case_ref t WHERE t.seq = j.seq AND "
	    "t.case_id = j.case_id AND t.ref = j.line->>'$.body.ref') ORDER BY "
	    "j.seq LIMIT 1", what, sizeof what, &seq);
	if (found < 0)
		return CT_SYSTEM;
	if (found)
		return verify_found(r, "entry %lld has %s, which is not in the "
		    "case_ref table", (long long)seq, what);
	return verify_found(r, "%lld rows in the case_ref table, %lld entries "
	    "with a ref in the journal", (long long)rows, (long long)entries);
}
