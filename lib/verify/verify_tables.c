/* verify_tables.c: store-verify's check of the derived tables against
 * the journal, made from the very definitions the writers apply (apply.c):
 * a row is its entry's when each column equals the definition's value
 * for that entry. */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "verify.h"

/* Every row of d's table is the entry's that added it. */
static int
rows_are_entries(struct ct_store *st, const struct derived *d,
    struct verify_report *r)
{
	char sql[4096], what[1024];
	size_t len = 0;
	int64_t seq;
	int found;

	/* The entry the row names: its number if it is of the action that
	 * makes such rows, minus it if not, 0 if there is no such entry. */
	buf_put(sql, sizeof sql, &len, "SELECT %s, (SELECT CASE j.action WHEN "
	    "'%s' THEN j.seq ELSE -j.seq END FROM journal j WHERE j.seq = %s) "
	    "FROM %s t WHERE NOT EXISTS (SELECT 1 FROM journal j%s WHERE "
	    "j.seq = %s AND j.action = '%s'", d->what, d->action, d->seq_of,
	    d->table, d->from, d->seq_of, d->action);
	derived_same(d, sql, sizeof sql, &len);
	buf_put(sql, sizeof sql, &len, ") LIMIT 1");
	if (len >= sizeof sql)
		return ct_fail(CT_SYSTEM, "the check of %s is too long", d->table);
	if ((found = verify_first_row(st, sql, what, sizeof what, &seq)) <= 0)
		return found < 0 ? CT_SYSTEM : CT_OK;
	if (seq > 0)
		verify_found(r, "%s differs from what entry %lld made", what,
		    (long long)seq);
	else if (seq < 0)
		verify_found(r, "%s names entry %lld, which did not add it",
		    what, -(long long)seq);
	else
		verify_found(r, "%s was added by no entry", what);
	return CT_OK;
}

/* Every entry of d's action has its rows.  The rows are the entries'
 * (rows_are_entries) and distinct (their primary keys), so equal counts
 * mean no row is missing; only when they differ is the journal searched
 * for the entry whose row is. */
static int
entries_have_rows(struct ct_store *st, const struct derived *d,
    uint64_t adds, struct verify_report *r)
{
	char sql[4096], what[1024];
	size_t len = 0;
	int64_t rows, expect = (int64_t)adds, seq;
	int found;

	snprintf(sql, sizeof sql, "SELECT '', count(*) FROM %s", d->table);
	if (verify_first_row(st, sql, what, sizeof what, &rows) < 0)
		return CT_SYSTEM;
	if (d->parent != NULL) {
		/* The parents are their entries: count the children those
		 * entries name. */
		snprintf(sql, sizeof sql, "SELECT '', count(*) FROM %s p JOIN "
		    "journal j ON j.seq = p.seq%s", d->parent, d->from);
		if (verify_first_row(st, sql, what, sizeof what, &expect) < 0)
			return CT_SYSTEM;
	} else if (d->from[0] != '\0') {
		/* Rows from a part of the entry that not every entry of the
		 * action has (a decision's document number): count those. */
		snprintf(sql, sizeof sql, "SELECT '', count(*) FROM journal j%s "
		    "WHERE j.action = '%s'", d->from, d->action);
		if (verify_first_row(st, sql, what, sizeof what, &expect) < 0)
			return CT_SYSTEM;
	}
	if (rows == expect)
		return CT_OK;
	if (d->parent != NULL)
		buf_put(sql, sizeof sql, &len, "SELECT %s, j.seq FROM %s p JOIN "
		    "journal j ON j.seq = p.seq%s WHERE NOT EXISTS (SELECT 1 FROM "
		    "%s t WHERE 1", d->what_j, d->parent, d->from, d->table);
	else
		buf_put(sql, sizeof sql, &len, "SELECT %s, j.seq FROM journal j%s "
		    "WHERE j.action = '%s' AND NOT EXISTS (SELECT 1 FROM %s t "
		    "WHERE 1", d->what_j, d->from, d->action, d->table);
	derived_same(d, sql, sizeof sql, &len);
	buf_put(sql, sizeof sql, &len, ") ORDER BY j.seq LIMIT 1");
	if (len >= sizeof sql)
		return ct_fail(CT_SYSTEM, "the check of %s is too long", d->table);
	if ((found = verify_first_row(st, sql, what, sizeof what, &seq)) < 0)
		return CT_SYSTEM;
	if (found)
		verify_found(r, "entry %lld adds %s, which is not in the %s "
		    "table", (long long)seq, what, d->table);
	else
		verify_found(r, "%lld rows in the %s table, %lld added in the "
		    "journal", (long long)rows, d->table, (long long)expect);
	return CT_OK;
}

int
verify_tables(struct ct_store *st, struct verify_report *r,
    const uint64_t *counts)
{
	int rc;

	const struct derived *d;

	for (size_t i = 0; (d = derived_at(i)) != NULL && r->status == CT_OK;
	    i++) {
		uint64_t adds = 0;
		const struct action *a;

		for (size_t k = 0; (a = action_at(k)) != NULL; k++)
			if (strcmp(a->name, d->action) == 0)
				adds = counts[k];
		if ((rc = rows_are_entries(st, d, r)) || (r->status == CT_OK &&
		    (rc = entries_have_rows(st, d, adds, r))))
			return rc;
	}
	return CT_OK;
}
