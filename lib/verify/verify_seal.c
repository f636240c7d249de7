/* verify_seal.c: store-verify's replay of the archive numbers (档号) of
 * the seals (seal_number.c).  The seal table is compared with its
 * entries as every derived table is (verify_tables.c); here each entry's
 * number is held to how the writer makes one: FONDS-YEAR-CODE-NNNN, its
 * year the one the case closed in, its code its retention's (Y, D30,
 * D10), and its item the next of its fonds, year and retention in the
 * order of the seals, so that no two seals share a number and none is
 * skipped.  Run after the cases are checked: their closing is trusted. */
#include "verify.h"

/* The first seal entry whose number is not the one its place gives,
 * with why; a number on an entry with no retention is one too. */
static const char numbers_sql[] =
    "WITH s AS (SELECT j.seq, j.line->>'$.body.archive_no' AS no, "
    "  CASE j.line->>'$.body.retention' WHEN 'permanent' THEN 'Y' "
    "  WHEN '30y' THEN 'D30' WHEN '10y' THEN 'D10' END AS code, "
    "  substr(ct_local(c.closed_at), 1, 4) AS year "
    "  FROM journal j JOIN cases c ON c.id = j.case_id "
    "  WHERE j.action = 'archive-seal' AND "
    "  j.line->>'$.body.archive_no' IS NOT NULL), "
    "p AS (SELECT *, substr(no, 1, length(no) - 5) AS prefix, "
    "  row_number() OVER (PARTITION BY substr(no, 1, length(no) - 5) "
    "  ORDER BY seq) AS item FROM s) "
    "SELECT 'entry ' || seq || ': archive number ' || no || CASE "
    "  WHEN no NOT GLOB '[A-Za-z0-9]*-[0-9][0-9][0-9][0-9]-*-"
    "[0-9][0-9][0-9][0-9]' THEN ' is not FONDS-YEAR-CODE-NNNN' "
    "  WHEN code IS NULL THEN ' is given to a seal with no retention' "
    "  WHEN prefix NOT GLOB '*-' || year || '-' || code THEN "
    "    ' does not end in the case''s closing year ' || year || "
    "    ' and its retention''s code ' || code "
    "  ELSE ' is not item ' || printf('%04d', item) || ', the next of ' "
    "    || prefix END, seq FROM p WHERE "
    "  no NOT GLOB '[A-Za-z0-9]*-[0-9][0-9][0-9][0-9]-*-[0-9][0-9][0-9][0-9]' "
    "  OR code IS NULL OR prefix NOT GLOB '*-' || year || '-' || code "
    "  OR CAST(substr(no, -4) AS INTEGER) != item "
    "ORDER BY seq LIMIT 1";

int
verify_seals(struct ct_store *st, struct verify_report *r)
{
	char what[512];
	int64_t seq;
	int found = verify_first_row(st, numbers_sql, what, sizeof what, &seq);

	if (found < 0)
		return CT_SYSTEM;
	return found ? verify_found(r, "%s", what) : CT_OK;
}
