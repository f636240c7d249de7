/* store.c: opening a store, lib/store.c and lib/pagecache.c. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

static int
pragma(struct ct_store *st, const char *sql)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

int
main(void)
{
	char dir[] = "/tmp/casetrail-unit-store.XXXXXX", cmd[64];
	struct ct_store *st;

	if (mkdtemp(dir) == NULL)
		return 2;
	/* Twice in one process: the second time SQLite has started, and the
	 * page cache is SQLite's own (nothing to see but no fault). */
	for (int i = 0; i < 2; i++) {
		CHECK(store_open(&st, dir, STORE_WRITE) == CT_OK);
		if (st == NULL)
			break;
		/* Every connection enforces the schema's references. */
		CHECK(pragma(st, "PRAGMA foreign_keys") == 1);
		CHECK(pragma(st, "PRAGMA page_size") == 16384);
		CHECK(pragma(st, "PRAGMA user_version") ==
		    store_schema_version());
		CHECK(sqlite3_exec(st->db, "INSERT INTO case_handler VALUES "
		    "('2026-000001', 'nobody')", NULL, NULL, NULL) ==
		    SQLITE_CONSTRAINT);
		store_close(st);
	}
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 2;
	UNIT_END();
}
