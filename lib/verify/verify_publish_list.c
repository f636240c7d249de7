/* verify_publish_list.c: store-verify's look at a publish-list entry
 * (publish_list.h): besides its actor, a publisher (verify_publish.c),
 * its body is what the writer makes, so that a reader of the published
 * items can rely on their form: a kind of list, a day, and items each
 * an object of exactly its kind's fields, every one a text, none missing
 * that its kind requires. */
#include <stdio.h>
#include <string.h>

#include "publish_list.h"
#include "verify.h"

/* Item x (a JSON object text) has exactly k's fields, each a text or,
 * where k allows, null: 1, or 0 with what is wrong in why. */
static int
item_ok(struct ct_store *st, sqlite3_stmt *type, sqlite3_stmt *count,
    const struct publist_kind *k, const char *x, char *why, size_t cap)
{
	char path[64];
	int n = 0, keys;

	for (; k->fields[n] != NULL; n++) {
		const char *t;

		snprintf(path, sizeof path, "$.%s", k->fields[n]);
		sqlite3_bind_text(type, 1, x, -1, SQLITE_STATIC);
		sqlite3_bind_text(type, 2, path, -1, SQLITE_STATIC);
		t = sqlite3_step(type) == SQLITE_ROW ?
		    (const char *)sqlite3_column_text(type, 0) : NULL;
		if (t == NULL || (strcmp(t, "text") != 0 && (strcmp(t, "null") !=
		    0 || !(k->optional & 1u << n)))) {
			snprintf(why, cap, "its %s is %s", k->fields[n], t == NULL ?
			    "missing" : strcmp(t, "null") == 0 ? "null" :
			    "not a text");
			sqlite3_reset(type);
			return 0;
		}
		sqlite3_reset(type);
	}
	sqlite3_bind_text(count, 1, x, -1, SQLITE_STATIC);
	keys = sqlite3_step(count) == SQLITE_ROW ? sqlite3_column_int(count, 0) :
	    -1;
	sqlite3_reset(count);
	(void)st;
	if (keys != n) {
		snprintf(why, cap, "it has %d fields, not %d", keys, n);
		return 0;
	}
	return 1;
}

static int
items_ok(struct ct_store *st, struct verify_report *r, int64_t seq,
    const char *line, const struct publist_kind *k)
{
	sqlite3_stmt *s = NULL, *type = NULL, *count = NULL;
	char why[128];
	int rc = CT_OK, step;

	if (sqlite3_prepare_v2(st->db, "SELECT x.key, x.type = 'object', "
	    "x.value FROM json_each(?1, '$.body.items') x", -1, &s,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT json_type(?1, ?2)", -1, &type,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT count(*) FROM json_each(?1)", -1,
	    &count, NULL) != SQLITE_OK)
		rc = ct_fail_sqlite(st->db, "cannot read the journal");
	if (rc == CT_OK)
		sqlite3_bind_text(s, 1, line, -1, SQLITE_STATIC);
	while (rc == CT_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		if (!sqlite3_column_int(s, 1))
			snprintf(why, sizeof why, "it is not an object");
		else if (item_ok(st, type, count, k, sql_text(s, 2), why,
		    sizeof why))
			continue;
		rc = verify_found(r, "entry %lld: item %d of the %s published "
		    "is not well-formed: %s", (long long)seq,
		    sqlite3_column_int(s, 0) + 1, k->name, why);
		break;
	}
	if (rc == CT_OK && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = ct_fail_sqlite(st->db, "cannot read the journal");
	sqlite3_finalize(s);
	sqlite3_finalize(type);
	sqlite3_finalize(count);
	return rc;
}

int
vpublish_list_entry(struct ct_store *st, struct verify_report *r,
    int64_t seq, const char *line)
{
	const struct publist_kind *k;
	sqlite3_stmt *s;
	char kind[32] = "", day[16] = "";
	int n = -1, rc;
	long d;

	if (sqlite3_prepare_v2(st->db, "SELECT ?1->>'$.body.kind', "
	    "?1->>'$.body.published', CASE json_type(?1, '$.body.items') WHEN "
	    "'array' THEN json_array_length(?1, '$.body.items') ELSE -1 END",
	    -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the journal");
	sqlite3_bind_text(s, 1, line, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		snprintf(kind, sizeof kind, "%s", sql_text(s, 0));
		snprintf(day, sizeof day, "%s", sql_text(s, 1));
		n = sqlite3_column_int(s, 2);
	}
	sqlite3_finalize(s);
	if ((k = publist_kind_find(kind)) == NULL)
		return verify_found(r, "entry %lld publishes a list of no known "
		    "kind ('%s')", (long long)seq, kind);
	if (strlen(day) != 10 || calendar_parse_date(day, &d) != CT_OK)
		return verify_found(r, "entry %lld: its day of publication '%s' "
		    "is not YYYY-MM-DD", (long long)seq, day);
	if (n < 1)
		return verify_found(r, "entry %lld publishes no items",
		    (long long)seq);
	rc = items_ok(st, r, seq, line, k);
	return rc;
}
