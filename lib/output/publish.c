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

/* A publish entry's body: the day, its record (or none), and what was
 * held back and taken down. */
#define PUBLISH_BODY(records) "json_object('published',?7,'records'," \
	records ",'held_back',?8,'removed',json(?9))"

/* Appends and applies a publish entry holding record p (none if NULL)
 * and, if first, what the export held back and took down; *seq gets
 * it. */
static int
append_one(struct ct_store *st, const struct publish_set *set,
    const struct publish_record *p, int first, int64_t *seq)
{
	struct body gone = { 0 };
	const char *v[11];
	int64_t entry = 0;
	sqlite3_stmt *ins;
	int rc;

	if (p == NULL)
		ins = journal_prepare(st, SLOT_JOURNAL_PUBLISH_NONE,
		    PUBLISH_BODY("json_array()"));
	else
		ins = journal_prepare(st, SLOT_JOURNAL_PUBLISH, PUBLISH_BODY(
		    "json_array(json_object('case_id',?10,'doc_number',?11,"
		    "'party',?12,'party_code',?13,'facts',?14,'basis',?15,"
		    "'penalty',?16,'agency',?17,'decided',?18,'published',?19,"
		    "'ends',?20))"));
	if (ins == NULL)
		return CT_SYSTEM;
	if (first && (rc = put_removals(st, set, &gone)))
		return rc;
	sqlite3_bind_text(ins, 4, NULL, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, "publish", -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, NULL, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, set->today, -1, SQLITE_STATIC);
	sqlite3_bind_int(ins, 8, first ? set->held_back : 0);
	sqlite3_bind_text(ins, 9, first ? gone.s : "[]", -1, SQLITE_STATIC);
	if (p != NULL) {
		v[0] = p->case_id, v[1] = p->doc_number, v[2] = p->party;
		v[3] = p->party_code, v[4] = p->facts, v[5] = p->basis;
		v[6] = p->penalty, v[7] = p->agency, v[8] = p->decided;
		v[9] = p->published, v[10] = p->ends;
		for (int k = 0; k < 11; k++)
			sqlite3_bind_text(ins, 10 + k, v[k], -1, SQLITE_STATIC);
	}
	if ((rc = journal_step(st, ins, &entry)) == CT_OK)
		rc = apply_entry(st, action_find("publish"), entry);
	*seq = entry;
	free(gone.s);
	return rc;
}

/* Appends the export: an entry for each record, so that anyone checks
 * a published record against a line of its own, short whatever the
 * size of the export; the first also holds what was held back and
 * taken down (alone, if nothing is new).  set->entry gets the first. */
static int
publish_append(struct ct_store *st, struct publish_set *set)
{
	int64_t entry = 0;
	int rc = CT_OK;

	if (set->n == 0)
		return append_one(st, set, NULL, 1, &set->entry);
	for (size_t i = 0; i < set->n && rc == CT_OK; i++) {
		rc = append_one(st, set, &set->r[i], i == 0, &entry);
		set->r[i].entry = entry;
		if (i == 0)
			set->entry = entry;
	}
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
