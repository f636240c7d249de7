/* seal_list.c: the sealed cases for archive-list(1), a transfer list
 * (移交) or an appraisal list (鉴定), from the seal table and the cases.
 * The years are the case's closing year, in the agency's zone, plus
 * archive.transfer-after for the transfer and the retention's years for
 * the appraisal: a retention counts from 1 January after the closing
 * year, so a 10-year one runs out at the end of closing year + 10, the
 * year its appraisal is due.  A permanent archive, or one with no
 * retention, is never due for appraisal. */
#include <stdlib.h>
#include <string.h>

#include "seal.h"

#define LIST_SQL "SELECT * FROM (SELECT s.case_id, s.archive_no, s.sha256, " \
	"s.bytes, s.retention, substr(ct_local(c.filed_at), 1, 10), " \
	"substr(ct_local(c.closed_at), 1, 10), " \
	"substr(ct_local(s.sealed_at), 1, 10), " \
	"CAST(substr(ct_local(c.closed_at), 1, 4) AS INTEGER) + ?1 AS t, " \
	"CAST(substr(ct_local(c.closed_at), 1, 4) AS INTEGER) + CASE " \
	"s.retention WHEN '10y' THEN 10 WHEN '30y' THEN 30 ELSE NULL END " \
	"AS a FROM seal s JOIN cases c ON c.id = s.case_id) WHERE " \
	"(?2 = 0 OR t = ?2) AND (?3 = 0 OR a = ?3) AND (?4 = 0 OR " \
	"retention = 'unset') ORDER BY 1"

int
seal_list(struct ct_store *st, const struct seal_filter *f,
    int (*fn)(const struct seal_row *, void *), void *ctx)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, LIST_SQL, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot list the seals");
	sqlite3_bind_int(s, 1, st->conf.transfer_years);
	sqlite3_bind_int(s, 2, f->transfer_due);
	sqlite3_bind_int(s, 3, f->appraisal_due);
	sqlite3_bind_int(s, 4, f->retention_unset);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct seal_row r = {
			.case_id = sql_text(s, 0),
			.archive_no = (const char *)sqlite3_column_text(s, 1),
			.sha256 = sql_text(s, 2),
			.bytes = sqlite3_column_int64(s, 3),
			.retention = sql_text(s, 4), .filed = sql_text(s, 5),
			.closed = sql_text(s, 6), .sealed = sql_text(s, 7),
			.transfer_year = sqlite3_column_int(s, 8),
			.appraisal_year = sqlite3_column_int(s, 9),
		};

		if ((rc = fn(&r, ctx)) != CT_OK) {
			sqlite3_finalize(s);
			return rc;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? CT_OK :
	    ct_fail_sqlite(st->db, "cannot list the seals");
}

int
seal_retention(struct ct_store *st, const char *case_id, char *recorded,
    char *now, size_t cap)
{
	struct retention_table t;
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT retention FROM seal WHERE "
	    "case_id = ?1", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the seal");
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_ROW ? CT_OK : ct_fail(CT_NOTFOUND,
	    "case '%s' is not sealed", case_id);
	if (rc == CT_OK)
		snprintf(recorded, cap, "%s", sql_text(s, 0));
	sqlite3_finalize(s);
	if (rc || (rc = retention_load(st, &t)))
		return rc;
	return retention_of_case(st, case_id, &t, now, cap);
}
