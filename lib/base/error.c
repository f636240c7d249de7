/* error.c: the one-line message behind a failing status. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Each thread its own: an import's reader thread fails its own way. */
static _Thread_local char message[1024];

int
ct_fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is above */
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	return code;
}

const char *
ct_errmsg(void)
{
	return message;
}

int
ct_fail_sqlite(sqlite3 *db, const char *doing)
{
	int rc = sqlite3_errcode(db);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ct_fail(CT_SYSTEM, "%s: store busy past the timeout "
		    "(set CASETRAIL_BUSY_TIMEOUT)", doing);
	case SQLITE_READONLY:
		return ct_fail(CT_SYSTEM, "%s: store is read-only", doing);
	case SQLITE_FULL:
		return ct_fail(CT_SYSTEM, "%s: disk full", doing);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return ct_fail(CT_SYSTEM, "%s: store is corrupt: %s", doing,
		    sqlite3_errmsg(db));
	default:
		return ct_fail(CT_SYSTEM, "%s: %s", doing, sqlite3_errmsg(db));
	}
}
