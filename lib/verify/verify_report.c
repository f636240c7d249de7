/* verify_report.c: the first fault store-verify finds, and the query
 * the checks of the tables find it with. */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"
#include "verify.h"

int
verify_found(struct verify_report *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (r->status == CT_OK)
		/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
		vsnprintf(r->first, sizeof r->first, fmt, ap);
	va_end(ap);
	r->status = CT_NO;
	return CT_OK;
}


int
verify_first_row(struct ct_store *st, const char *sql, char *what,
    size_t cap, int64_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*what = '\0';
	*n = 0;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		ct_fail_sqlite(st->db, "cannot check the tables");
		return -1;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		snprintf(what, cap, "%s", t ? t : "");
		*n = sqlite3_column_int64(s, 1);
		rc = 1;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		ct_fail_sqlite(st->db, "cannot check the tables");
		rc = -1;
	}
	sqlite3_finalize(s);
	return rc;
}
