/* verify_review.c: store-verify's check of the review's tables against
 * the journal.  officer_qualification: each row is the legal
 * professional qualification number (法律职业资格) of the officer-add or
 * officer-update entry it names, and each such entry with a number has
 * its row (apply.c makes them); one query each way.  review: each
 * review's state, reviewer and deciding entry are what the journal says
 * (its other columns are checked as every derived table's are). */
#include <string.h>

#include "apply.h"
#include "verify.h"

/* The entries that record a number, as SQL over j. */
#define HAS_NUMBER "j.action IN ('officer-add', 'officer-update') AND " \
	"j.line->>'$.body.qualification' IS NOT NULL"

/* A review's state as the journal says it: its last verdict, else
 * superseded by a later submission of its case, else pending; and the
 * entry of that verdict, which names the reviewer. */
#define VERDICT "(SELECT d.seq FROM journal d WHERE d.case_id = t.case_id " \
	"AND d.action = 'review-decide' AND d.line->>'$.body.review' = t.id " \
	"ORDER BY d.seq DESC LIMIT 1)"
#define REVIEW_STATE "coalesce((SELECT d.line->>'$.body.verdict' FROM " \
	"journal d WHERE d.seq = " VERDICT "), CASE WHEN EXISTS (SELECT 1 " \
	"FROM journal s WHERE s.case_id = t.case_id AND s.seq > t.id AND " \
	"s.action = 'review-submit') THEN 'superseded' ELSE 'pending' END)"

/* Each review's state, reviewer and deciding entry are what the
 * journal says (its rows, verify_tables.c). */
static int
review_states(struct ct_store *st, struct verify_report *r)
{
	char what[512];
	int64_t id = 0;
	int found = verify_first_row(st, "SELECT 'review ' || t.id || ' is ' "
	    "|| t.state || ifnull(' by ' || t.reviewer, ''), t.id FROM review "
	    "t WHERE t.state IS NOT " REVIEW_STATE " OR t.decided_seq IS NOT "
	    VERDICT " OR t.reviewer IS NOT (SELECT d.line->>'$.officer' FROM "
	    "journal d WHERE d.seq = t.decided_seq) ORDER BY t.id LIMIT 1",
	    what, sizeof what, &id);

	if (found < 0)
		return CT_SYSTEM;
	if (found)
		return verify_found(r, "%s, which is not what the journal says "
		    "of it (entry %lld on)", what, (long long)id);
	return CT_OK;
}

int
verify_review(struct ct_store *st, struct verify_report *r)
{
	char what[512];
	int64_t seq = 0;
	int found;

	found = verify_first_row(st, "SELECT 'officer ' || t.officer || ': "
	    "qualification ' || t.number, t.seq FROM officer_qualification t "
	    "WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.seq = t.seq AND "
	    HAS_NUMBER " AND j.line->>'$.body.id' IS t.officer AND "
	    "j.line->>'$.body.qualification' IS t.number) ORDER BY t.seq "
	    "LIMIT 1", what, sizeof what, &seq);
	if (found < 0)
		return CT_SYSTEM;
	if (found)
		return verify_found(r, "%s names entry %lld, which does not "
		    "record it", what, (long long)seq);
	found = verify_first_row(st, "SELECT 'officer ' || "
	    "(j.line->>'$.body.id') || ': qualification ' || "
	    "(j.line->>'$.body.qualification'), j.seq FROM journal j WHERE " HAS_NUMBER " AND NOT EXISTS (SELECT 1 FROM "
	    "officer_qualification t WHERE t.seq = j.seq) ORDER BY j.seq "
	    "LIMIT 1", what, sizeof what, &seq);
	if (found < 0)
		return CT_SYSTEM;
	if (found)
		return verify_found(r, "entry %lld records %s, which is not in "
		    "the officer_qualification table", (long long)seq, what);
	return review_states(st, r);
}
