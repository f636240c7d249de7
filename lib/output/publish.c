/* publish.c: an export on the record (publish.h).  The publish entry's
 * body holds the day, every record exactly as published (redacted), the
 * number of minors' decisions held back and what was taken down since
 * the last export; apply.c makes a publication row of each record.  Its
 * canonical line is what a reader checks a published record against
 * (casetrail(7), Publication). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "publish.h"

/* The entry's body as it grows. */
struct body {
	char *s;
	size_t len, cap;
};

static int
put(struct body *b, const char *s, size_t n)
{
	char *p = grow(b->s, &b->cap, b->len + n + 1, 1 << 20);

	if (p == NULL)
		return CT_SYSTEM;
	b->s = p;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return CT_OK;
}

/* Puts "[" and the objects that s makes of each of the n rows of texts
 * v (width values each, NULL as NULL; bound to ?1..?width), comma-
 * separated, and "]". */
static int
put_objects(struct ct_store *st, const char *sql, const char *const *v,
    int width, size_t n, struct body *b)
{
	sqlite3_stmt *s;
	int rc = put(b, "[", 1);

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot make the publish entry");
	for (size_t i = 0; i < n && rc == CT_OK; i++, v += width) {
		for (int k = 0; k < width; k++)
			sqlite3_bind_text(s, k + 1, v[k], -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_ROW)
			rc = ct_fail_sqlite(st->db, "cannot make the publish "
			    "entry");
		else if ((i == 0 || (rc = put(b, ",", 1)) == CT_OK))
			rc = put(b, sql_text(s, 0), (size_t)
			    sqlite3_column_bytes(s, 0));
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc ? rc : put(b, "]", 1);
}

static int
put_records(struct ct_store *st, const struct publish_set *set,
    struct body *b)
{
	const char **v = calloc(set->n * 11 + 1, sizeof *v);
	size_t need = b->len;
	char *room;
	int rc;

	if (v == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	for (size_t i = 0; i < set->n; i++) {
		const struct publish_record *p = &set->r[i];
		const char **r = v + i * 11;

		r[0] = p->case_id, r[1] = p->doc_number, r[2] = p->party;
		r[3] = p->party_code, r[4] = p->facts, r[5] = p->basis;
		r[6] = p->penalty, r[7] = p->agency, r[8] = p->decided;
		r[9] = p->published, r[10] = p->ends;
		/* The keys, quotes and commas, and the texts. */
		need += 160;
		for (int k = 0; k < 11; k++)
			need += r[k] != NULL ? strlen(r[k]) : 0;
	}
	/* Room for them all at once: a large export is not copied as
	 * it grows. */
	if ((room = grow(b->s, &b->cap, need + 1024, 1 << 20)) == NULL) {
		free(v);
		return CT_SYSTEM;
	}
	b->s = room;
	rc = put_objects(st, "SELECT json_object('case_id',?1,'doc_number',"
	    "?2,'party',?3,'party_code',?4,'facts',?5,'basis',?6,'penalty',?7,"
	    "'agency',?8,'decided',?9,'published',?10,'ends',?11)", v, 11,
	    set->n, b);
	free(v);
	return rc;
}

static int
put_removals(struct ct_store *st, const struct publish_set *set,
    struct body *b)
{
	const char **v = calloc(set->ngone * 5 + 1, sizeof *v);
	int rc;

	if (v == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	for (size_t i = 0; i < set->ngone; i++) {
		const struct publish_removal *g = &set->gone[i];
		const char **r = v + i * 5;

		r[0] = g->case_id, r[1] = g->doc_number, r[2] = g->because;
		r[3] = g->reason, r[4] = g->day;
	}
	rc = put_objects(st, "SELECT json_object('case_id',?1,'doc_number',"
	    "?2,'because',?3,'reason',?4,'day',?5)", v, 5, set->ngone, b);
	free(v);
	return rc;
}

/* Appends and applies the publish entry of set; set->entry gets it.
 * The body is put together here, not by one more json_object: its
 * values are json_object's own (the records, the removals), a date and
 * a count, and the journal's insert renders it once more as JSON; one
 * more statement would parse and copy the whole export twice. */
static int
publish_append(struct ct_store *st, struct publish_set *set)
{
	struct body b = { 0 };
	char held[48];
	int rc;

	/* today is YYYY-MM-DD: nothing in it to escape. */
	snprintf(held, sizeof held, ",\"held_back\":%d,\"removed\":",
	    set->held_back);
	if ((rc = put(&b, "{\"published\":\"", 14)) ||
	    (rc = put(&b, set->today, strlen(set->today))) ||
	    (rc = put(&b, "\",\"records\":", 12)) ||
	    (rc = put_records(st, set, &b)) ||
	    (rc = put(&b, held, strlen(held))) ||
	    (rc = put_removals(st, set, &b)) ||
	    (rc = put(&b, "}", 1)))
		goto out;
	if ((rc = journal_append(st, NULL, "publish", NULL, b.s,
	    &set->entry)) == CT_OK)
		rc = apply_entry(st, action_find("publish"), set->entry);
	for (size_t i = 0; rc == CT_OK && i < set->n; i++)
		set->r[i].entry = set->entry;
out:
	free(b.s);
	return rc;
}

int
ct_publish_decisions(struct ct_store *st, const struct publish_opts *o,
    struct publish_set *s)
{
	const struct action *a = action_find("publish");
	int rc;

	if (o->all || o->dry_run) {
		if ((rc = rules_entry(st, a, time_now(), NULL, 0)))
			return rc;
		return publish_collect(st, o, s);
	}
	if ((rc = write_begin(st)))
		return rc;
	if ((rc = rules_entry(st, a, time_now(), NULL, 0)) ||
	    (rc = publish_collect(st, o, s)))
		return store_end(st, rc);
	/* Nothing new, nothing taken down: nothing to record. */
	if (s->n == 0 && s->ngone == 0) {
		store_rollback(st);
		return CT_OK;
	}
	return store_end(st, publish_append(st, s));
}
