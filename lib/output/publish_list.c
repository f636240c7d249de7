/* publish_list.c: a list published on the record (publish_list.h).  The
 * publish-list entry's body holds the kind, the day and every item
 * exactly as published; apply.c makes a publicity row of it.  What is new
 * is judged against the entries themselves: a whole list by the text of
 * its last entry's items, an inspection item by the items of every
 * earlier entry of its kind, so that nothing but the journal says what
 * was published. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "publish.h"
#include "publish_list.h"

/* Keeps the items i for which keep[i], in their order. */
static void
keep_only(struct publist *l, const unsigned char *keep)
{
	size_t w = 0;

	for (size_t i = 0; i < l->n; i++) {
		char **from = &l->v[i * l->nfields];

		if (!keep[i]) {
			for (size_t f = 0; f < l->nfields; f++)
				free(from[f]);
			continue;
		}
		memmove(&l->v[w * l->nfields], from, l->nfields * sizeof *from);
		l->entry[w++] = l->entry[i];
	}
	l->n = w;
}

/* "SELECT json_object('f1',?1,...)" for k's fields. */
static int
object_sql(const struct publist *l, char *buf, size_t cap)
{
	size_t len = 0;

	buf_put(buf, cap, &len, "SELECT json_object(");
	for (size_t i = 0; i < l->nfields; i++)
		buf_put(buf, cap, &len, "%s'%s',?%zu", i ? "," : "",
		    l->kind->fields[i], i + 1);
	buf_put(buf, cap, &len, ")");
	return len < cap ? CT_OK : ct_fail(CT_SYSTEM, "too many fields");
}

/* Item i of l as a JSON object, malloc'd into *json. */
static int
item_json(struct ct_store *st, sqlite3_stmt *s, const struct publist *l,
    size_t i, char **json)
{
	int rc = CT_OK;

	*json = NULL;
	for (size_t f = 0; f < l->nfields; f++)
		sqlite3_bind_text(s, (int)f + 1, l->v[i * l->nfields + f], -1,
		    SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = ct_fail_sqlite(st->db, "cannot make the publish-list entry");
	else if ((*json = strdup(sql_text(s, 0))) == NULL)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	sqlite3_reset(s);
	return rc;
}

/* The items of l as a JSON array, malloc'd into *json. */
static int
items_json(struct ct_store *st, const struct publist *l, char **json)
{
	char sql[1024], *one = NULL, *p;
	size_t len = 1, cap = 0;
	sqlite3_stmt *s;
	int rc;

	*json = NULL;
	if ((rc = object_sql(l, sql, sizeof sql)))
		return rc;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot make the publish-list entry");
	if ((*json = grow(NULL, &cap, 3, 4096)) == NULL)
		rc = CT_SYSTEM;
	else
		strcpy(*json, "[");
	for (size_t i = 0; i < l->n && rc == CT_OK; i++) {
		size_t n;

		if ((rc = item_json(st, s, l, i, &one)) != CT_OK ||
		    one == NULL) {
			rc = rc != CT_OK ? rc : CT_SYSTEM;
			break;
		}
		n = strlen(one);
		if ((p = grow(*json, &cap, len + n + 3, 4096)) == NULL) {
			rc = CT_SYSTEM;
		} else {
			*json = p;
			if (i > 0)
				(*json)[len++] = ',';
			memcpy(*json + len, one, n + 1);
			len += n;
		}
		free(one);
	}
	sqlite3_finalize(s);
	if (rc == CT_OK)
		strcpy(*json + len, "]");
	return rc;
}

/* Runs sql over ?1 text a, ?2 text b: its one integer into *yes. */
static int
ask(struct ct_store *st, const char *sql, const char *a, const char *b,
    int *yes)
{
	sqlite3_stmt *s;
	int rc = CT_OK;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the publications");
	sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		*yes = sqlite3_column_int(s, 0);
	else
		rc = ct_fail_sqlite(st->db, "cannot read the publications");
	sqlite3_finalize(s);
	return rc;
}

/* Drops from l what its kind's entries published already: a whole list
 * the same as its last entry's, or each item some entry holds. */
static int
only_new(struct ct_store *st, struct publist *l)
{
	unsigned char *keep = calloc(l->n + 1, 1);
	sqlite3_stmt *s = NULL;
	char sql[1024], *json = NULL;
	int rc, same = 0;

	if (keep == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	if (!l->kind->itemwise) {
		if ((rc = items_json(st, l, &json)) == CT_OK)
			rc = ask(st, "SELECT json(?1) IS (SELECT "
			    "j.line->'$.body.items' FROM journal j WHERE j.seq = "
			    "(SELECT max(seq) FROM publicity WHERE kind = ?2))",
			    json, l->kind->name, &same);
		memset(keep, !same, l->n);
		free(json);
		json = NULL;
	} else if ((rc = object_sql(l, sql, sizeof sql)) == CT_OK &&
	    sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		rc = ct_fail_sqlite(st->db, "cannot read the publications");
	}
	for (size_t i = 0; s != NULL && rc == CT_OK && i < l->n; i++) {
		if ((rc = item_json(st, s, l, i, &json)) == CT_OK)
			rc = ask(st, "SELECT EXISTS (SELECT 1 FROM publicity p "
			    "JOIN journal j ON j.seq = p.seq, json_each(j.line, "
			    "'$.body.items') x WHERE p.kind = ?2 AND x.value = "
			    "json(?1))", json, l->kind->name, &same);
		keep[i] = !same;
		free(json);
		json = NULL;
	}
	sqlite3_finalize(s);
	if (rc == CT_OK)
		keep_only(l, keep);
	free(keep);
	return rc;
}

/* Appends and applies the publish-list entry of l; l->seq gets it. */
static int
list_append(struct ct_store *st, struct publist *l)
{
	sqlite3_stmt *s = NULL;
	char *items = NULL;
	int rc;

	if ((rc = items_json(st, l, &items)))
		return rc;
	if (sqlite3_prepare_v2(st->db, "SELECT json_object('kind',?1,"
	    "'published',?2,'items',json(?3))", -1, &s, NULL) != SQLITE_OK) {
		free(items);
		return ct_fail_sqlite(st->db, "cannot make the publish-list entry");
	}
	sqlite3_bind_text(s, 1, l->kind->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, l->today, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, items, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = ct_fail_sqlite(st->db, "cannot make the publish-list entry");
	else if ((rc = journal_append(st, NULL, "publish-list", NULL,
	    sql_text(s, 0), &l->seq)) == CT_OK)
		rc = apply_entry(st, action_find("publish-list"), l->seq);
	for (size_t i = 0; rc == CT_OK && i < l->n; i++)
		l->entry[i] = l->seq;
	sqlite3_finalize(s);
	free(items);
	return rc;
}

/* The items of l's kind published now, as their entries hold them: a
 * whole list's last entry; the last version of each inspection item
 * (by its draw and target). */
static int
published_now(struct ct_store *st, struct publist *l)
{
	const char *v[PUBLIST_FIELDS_MAX];
	char sql[2048];
	size_t len = 0;
	sqlite3_stmt *s;
	int rc = CT_OK, step;

	buf_put(sql, sizeof sql, &len, "SELECT * FROM (SELECT j.seq");
	for (size_t i = 0; i < l->nfields; i++)
		buf_put(sql, sizeof sql, &len, ", x.value->>'%s' AS f%zu",
		    l->kind->fields[i], i);
	buf_put(sql, sizeof sql, &len, ", row_number() OVER (PARTITION BY %s "
	    "ORDER BY j.seq DESC) AS n, x.key AS k, p.published AS d FROM "
	    "publicity p JOIN "
	    "journal j ON j.seq = p.seq, json_each(j.line, '$.body.items') x "
	    "WHERE p.kind = ?1 AND %s) WHERE n = 1 ORDER BY %s", l->kind->itemwise ?
	    "x.value->>'draw', x.value->>'target'" : "x.key", l->kind->itemwise ?
	    "1" : "p.seq = (SELECT max(seq) FROM publicity WHERE kind = ?1)",
	    l->kind->itemwise ? "CAST(f1 AS INTEGER), k" : "k");
	if (len >= sizeof sql)
		return ct_fail(CT_SYSTEM, "too many fields");
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the publications");
	sqlite3_bind_text(s, 1, l->kind->name, -1, SQLITE_STATIC);
	l->today[0] = '\0';
	while (rc == CT_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *d = sql_text(s, (int)l->nfields + 3);

		if (strcmp(d, l->today) > 0)
			snprintf(l->today, sizeof l->today, "%s", d);
		for (size_t i = 0; i < l->nfields; i++)
			v[i] = (const char *)sqlite3_column_text(s, (int)i + 1);
		rc = publist_add(l, v, sqlite3_column_int64(s, 0));
	}
	if (rc == CT_OK && step != SQLITE_DONE)
		rc = ct_fail_sqlite(st->db, "cannot read the publications");
	sqlite3_finalize(s);
	return rc;
}

int
ct_publish_list(struct ct_store *st, const struct publist_kind *k,
    const struct publish_opts *o, struct publist *l)
{
	const struct action *a = action_find("publish-list");
	int rc;

	memset(l, 0, sizeof *l);
	l->kind = k;
	while (k->fields[l->nfields] != NULL)
		l->nfields++;
	time_local_date(time_now(), l->today);
	if (o->all || o->dry_run) {
		if ((rc = rules_entry(st, a, time_now(), NULL, 0)))
			return rc;
		if (o->all)
			return published_now(st, l);
		if ((rc = publist_current(st, o, l)))
			return rc;
		return only_new(st, l);
	}
	if ((rc = write_begin(st)))
		return rc;
	if ((rc = rules_entry(st, a, time_now(), NULL, 0)) ||
	    (rc = publist_current(st, o, l)) || (rc = only_new(st, l)))
		return store_end(st, rc);
	/* Nothing new: nothing to record. */
	if (l->n == 0) {
		store_rollback(st);
		return CT_OK;
	}
	return store_end(st, list_append(st, l));
}
