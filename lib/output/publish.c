/* publish.c: an export on the record (publish.h).  The publish entry's
 * body holds the day, every record exactly as published (redacted), the
 * number of minors' decisions held back and what was taken down since
 * the last export; apply.c makes a publication row of each record.  Its
 * canonical line is what a reader checks a published record against
 * (casetrail(7), Publication). */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "publish.h"

/* A growing text of JSON objects, comma-separated. */
struct list {
	char *s;
	size_t len, cap;
};

static int
list_add(struct list *l, const char *obj)
{
	size_t n = strlen(obj);
	char *p = grow(l->s, &l->cap, l->len + n + 3, 4096);

	if (p == NULL)
		return CT_SYSTEM;
	l->s = p;
	if (l->len == 0)
		l->s[l->len++] = '[';
	else
		l->s[l->len - 1] = ',';
	memcpy(l->s + l->len, obj, n);
	l->len += n;
	l->s[l->len++] = ']';
	l->s[l->len] = '\0';
	return CT_OK;
}

/* Binds the texts of v (NULL as NULL) to ?1..?n of s, steps it and adds
 * the object it makes to l. */
static int
add_object(struct ct_store *st, sqlite3_stmt *s, const char *const *v,
    int n, struct list *l)
{
	int rc;

	for (int i = 0; i < n; i++)
		sqlite3_bind_text(s, i + 1, v[i], -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = ct_fail_sqlite(st->db, "cannot make the publish entry");
	else
		rc = list_add(l, sql_text(s, 0));
	sqlite3_reset(s);
	return rc;
}

static int
records_json(struct ct_store *st, const struct publish_set *set,
    struct list *l)
{
	sqlite3_stmt *s;
	int rc = CT_OK;

	if (sqlite3_prepare_v2(st->db, "SELECT json_object('case_id',?1,"
	    "'doc_number',?2,'party',?3,'party_code',?4,'facts',?5,"
	    "'basis',?6,'penalty',?7,'agency',?8,'decided',?9,'published',?10,"
	    "'ends',?11)",
	    -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot make the publish entry");
	for (size_t i = 0; i < set->n && rc == CT_OK; i++) {
		const struct publish_record *p = &set->r[i];
		const char *v[] = { p->case_id, p->doc_number, p->party,
		    p->party_code, p->facts, p->basis, p->penalty, p->agency,
		    p->decided, p->published, p->ends };

		rc = add_object(st, s, v, 11, l);
	}
	sqlite3_finalize(s);
	return rc;
}

static int
removals_json(struct ct_store *st, const struct publish_set *set,
    struct list *l)
{
	sqlite3_stmt *s;
	int rc = CT_OK;

	if (sqlite3_prepare_v2(st->db, "SELECT json_object('case_id',?1,"
	    "'doc_number',?2,'because',?3,'reason',?4,'day',?5)", -1, &s,
	    NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot make the publish entry");
	for (size_t i = 0; i < set->ngone && rc == CT_OK; i++) {
		const struct publish_removal *g = &set->gone[i];
		const char *v[] = { g->case_id, g->doc_number, g->because,
		    g->reason, g->day };

		rc = add_object(st, s, v, 5, l);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Appends and applies the publish entry of set; set->entry gets it. */
static int
publish_append(struct ct_store *st, struct publish_set *set)
{
	struct list recs = { 0 }, gone = { 0 };
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = records_json(st, set, &recs)) ||
	    (rc = removals_json(st, set, &gone)))
		goto out;
	if (sqlite3_prepare_v2(st->db, "SELECT json_object('published',?1,"
	    "'records',json(?2),'held_back',?3,'removed',json(?4))", -1, &s,
	    NULL) != SQLITE_OK) {
		rc = ct_fail_sqlite(st->db, "cannot make the publish entry");
		goto out;
	}
	sqlite3_bind_text(s, 1, set->today, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, recs.s ? recs.s : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, set->held_back);
	sqlite3_bind_text(s, 4, gone.s ? gone.s : "[]", -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = ct_fail_sqlite(st->db, "cannot make the publish entry");
		goto out;
	}
	if ((rc = journal_append(st, NULL, "publish", NULL, sql_text(s, 0),
	    &set->entry)) == CT_OK)
		rc = apply_entry(st, action_find("publish"), set->entry);
	for (size_t i = 0; rc == CT_OK && i < set->n; i++)
		set->r[i].entry = set->entry;
out:
	sqlite3_finalize(s);
	free(recs.s);
	free(gone.s);
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
