/* seal_number.c: what a new seal records of the case as an archive: its
 * retention (保管期限), from the agency's table (retention.c), and its
 * archive number (档号) as DA/T 22 writes one: the fonds code (全宗号,
 * casetrail.conf's archive.fonds), the year the case closed, the
 * retention's code (Y, D30, D10) and the item number (件号), four digits
 * counted per fonds, year and retention in the order of the seals.  A
 * case with no retention, or a store with no fonds, gets no number: one
 * made up would be a number the archives would have to take back.
 * store-verify replays the numbers (verify_seal.c). */
#include <ctype.h>
#include <string.h>

#include "seal.h"

/* A fonds code: letters and digits, as the archives assign them. */
static int
fonds_check(const char *fonds)
{
	size_t n = strlen(fonds);

	for (size_t i = 0; i < n; i++)
		if (!isascii((unsigned char)fonds[i]) ||
		    !isalnum((unsigned char)fonds[i]))
			n = 0;
	return n > 0 && n <= 16 ? CT_OK : ct_fail(CT_USAGE, "casetrail.conf: "
	    "archive.fonds is a fonds code of 1 to 16 letters and digits, "
	    "not '%s'", fonds);
}

/* The next item number of prefix FONDS-YEAR-CODE into r->archive_no. */
static int
next_item(struct ct_store *st, const char *prefix, struct seal_record *r)
{
	sqlite3_stmt *s;
	int64_t n;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM seal WHERE "
	    "archive_no GLOB ?1 || '-[0-9][0-9][0-9][0-9]'", -1, &s,
	    NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the seals");
	sqlite3_bind_text(s, 1, prefix, -1, SQLITE_STATIC);
	n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_finalize(s);
	if (n < 0)
		return ct_fail_sqlite(st->db, "cannot read the seals");
	if (n >= 9999)
		return ct_fail(CT_REFUSED, "the item numbers of %s are all "
		    "given (9999)", prefix);
	snprintf(r->archive_no, sizeof r->archive_no, "%s-%04lld", prefix,
	    (long long)n + 1);
	return CT_OK;
}

int
seal_number(struct ct_store *st, const char *case_id, struct seal_record *r)
{
	struct retention_table t;
	char prefix[48];
	const char *fonds = st->conf.archive_fonds;
	sqlite3_stmt *s;
	int rc;

	r->archive_no[0] = '\0';
	if ((rc = retention_load(st, &t)) ||
	    (rc = retention_of_case(st, case_id, &t, r->retention,
	    sizeof r->retention)))
		return rc;
	if (fonds != NULL && (rc = fonds_check(fonds)))
		return rc;
	if (fonds == NULL || retention_code(r->retention) == NULL)
		return CT_OK;
	if (sqlite3_prepare_v2(st->db, "SELECT substr(ct_local(closed_at), 1, "
	    "4) FROM cases WHERE id = ?1 AND closed_at IS NOT NULL", -1, &s,
	    NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the case");
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(prefix, sizeof prefix, "%s-%s-%s", fonds,
		    sql_text(s, 0), retention_code(r->retention));
	else
		rc = ct_fail(CT_REFUSED, "case '%s' has no closing", case_id);
	sqlite3_finalize(s);
	return rc ? rc : next_item(st, prefix, r);
}
