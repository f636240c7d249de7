/* draw_record.c: a draw on the record (random-draw(1), ENTRIES).  A
 * commitment, a draw and a refused attempt are each one entry, in one
 * transaction signed by the actor: draw-commit, draw (with the cases it
 * opens, in the same transaction) and draw-attempt.  A refusal by a rule
 * is rolled back and then recorded as an attempt, so that no seed can be
 * tried unseen; a draw that cannot be made records nothing. */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "apply.h"
#include "draw.h"

/* A growing text for the result's JSON. */
struct text {
	char *s;
	size_t len, cap;
};

static int
put(struct text *t, const char *s, size_t n)
{
	char *p = grow(t->s, &t->cap, t->len + n + 1, 4096);

	if (p == NULL)
		return CT_SYSTEM;
	t->s = p;
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
	return CT_OK;
}

/* s as a JSON string: the lists hold no control character, so only '"'
 * and '\' need escapes. */
static int
put_str(struct text *t, const char *s)
{
	int rc = put(t, "\"", 1);

	for (size_t n; rc == CT_OK && *s != '\0'; s += n) {
		n = strcspn(s, "\"\\");
		if ((rc = put(t, s, n)) == CT_OK && s[n] != '\0') {
			char esc[2] = { '\\', s[n] };

			rc = put(t, esc, 2);
			n++;
		}
	}
	return rc ? rc : put(t, "\"", 1);
}

/* A comma-separated list of officer IDs as a JSON array. */
static int
put_ids(struct text *t, const char *list)
{
	int rc = put(t, "[", 1);

	for (const char *p = list; rc == CT_OK && *p != '\0'; ) {
		size_t w = strcspn(p, ",");

		if ((p != list && (rc = put(t, ",", 1))) ||
		    (rc = put(t, "\"", 1)) || (rc = put(t, p, w)) ||
		    (rc = put(t, "\"", 1)))
			break;
		p += w + (p[w] == ',');
	}
	return rc ? rc : put(t, "]", 1);
}

int
draw_result_json(const struct draw_lists *l, const struct draw_result *r,
    char **json)
{
	struct text t = { 0 };
	int rc = put(&t, "[", 1);

	for (size_t k = 0; k < r->npick && rc == CT_OK; k++) {
		const struct draw_target *x = &l->t[r->pick[k]];
		char cls[8];

		snprintf(cls, sizeof cls, "\"%c\"", 'A' + x->cls);
		if ((k && (rc = put(&t, ",", 1))) ||
		    (rc = put(&t, "{\"target\":", 10)) ||
		    (rc = put_str(&t, x->id)) ||
		    (rc = put(&t, ",\"name\":", 8)) ||
		    (rc = put_str(&t, x->name)) ||
		    (rc = put(&t, ",\"class\":", 9)) ||
		    (rc = put(&t, l->classed ? cls : "null", strlen(l->classed ?
		    cls : "null"))) ||
		    (rc = put(&t, ",\"recused\":", 11)) ||
		    (rc = put_ids(&t, x->recused)) ||
		    (rc = put(&t, ",\"inspectors\":[", 15)))
			break;
		for (int i = 0; i < r->per_target && rc == CT_OK; i++) {
			const char *id = l->insp[r->who[k * (size_t)r->per_target +
			    (size_t)i]];

			if ((i && (rc = put(&t, ",", 1))) ||
			    (rc = put(&t, "\"", 1)) ||
			    (rc = put(&t, id, strlen(id))))
				break;
			rc = put(&t, "\"", 1);
		}
		if (rc == CT_OK)
			rc = put(&t, "]}", 2);
	}
	if (rc == CT_OK)
		rc = put(&t, "]", 1);
	if (rc != CT_OK) {
		free(t.s);
		return rc;
	}
	*json = t.s;
	return CT_OK;
}

/* Makes the body with SQLite's json_object (sql, over the parameters
 * bound by bind) and appends it as an entry of action, applied. */
static int
append(struct ct_store *st, const char *action, const char *sql,
    const char *const *v, int nv, int64_t *seq)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot make the entry");
	for (int i = 0; i < nv; i++)
		sqlite3_bind_text(s, i + 1, v[i], -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = ct_fail_sqlite(st->db, "cannot make the entry");
		sqlite3_finalize(s);
		return rc;
	}
	rc = journal_append(st, NULL, action, NULL, sql_text(s, 0), seq);
	sqlite3_finalize(s);
	return rc ? rc : apply_entry(st, action_find(action), *seq);
}

/* The task's commitment and draw as the store has them. */
static int
task_state(struct ct_store *st, const char *task, struct draw_task_state *t)
{
	sqlite3_stmt *s;
	int rc = CT_OK;

	memset(t, 0, sizeof *t);
	if (sqlite3_prepare_v2(st->db, "SELECT seq, ifnull(seed_sha256, ''), "
	    "public_value IS NOT NULL, ifnull(targets_sha256, ''), "
	    "ifnull(inspectors_sha256, ''), (SELECT ifnull(max(seq), 0) FROM "
	    "draw WHERE task = ?1) FROM (SELECT 1) LEFT JOIN (SELECT * FROM "
	    "draw_commit WHERE task = ?1 ORDER BY seq DESC LIMIT 1)", -1, &s,
	    NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the task");
	sqlite3_bind_text(s, 1, task, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = ct_fail_sqlite(st->db, "cannot read the task");
	else {
		t->commit_seq = sqlite3_column_int64(s, 0);
		snprintf(t->seed_sha256, 65, "%s", sql_text(s, 1));
		t->public_value = sqlite3_column_int(s, 2);
		snprintf(t->targets_sha256, 65, "%s", sql_text(s, 3));
		snprintf(t->inspectors_sha256, 65, "%s", sql_text(s, 4));
		t->drawn_seq = sqlite3_column_int64(s, 5);
	}
	sqlite3_finalize(s);
	return rc;
}

int
ct_draw_commit(struct ct_store *st, const struct draw_request *q,
    char seed[65])
{
	const struct draw_lists *l = q->lists;
	unsigned char raw[32];
	char sha[65];
	const char *v[5];
	int64_t seq;
	int rc;

	if ((rc = draw_task_check(q->task)) || (q->public_value &&
	    (rc = draw_text_check("public value", q->public_value))))
		return rc;
	if (q->public_value != NULL && l == NULL)
		return ct_fail(CT_USAGE, "a commitment to a public value names "
		    "the lists (--targets, --inspectors): the value is not "
		    "known yet, the lists must be");
	seed[0] = '\0';
	if (q->public_value == NULL) {
		if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
			return ct_fail(CT_SYSTEM, "cannot make a seed");
		hex_encode(raw, sizeof raw, seed);
		draw_sha256(seed, 64, sha);
	}
	v[0] = q->task;
	v[1] = q->public_value ? NULL : sha;
	v[2] = q->public_value;
	v[3] = l ? l->targets_sha256 : NULL;
	v[4] = l ? l->inspectors_sha256 : NULL;
	if ((rc = write_begin(st)))
		return rc;
	if ((rc = rules_entry(st, action_find("draw-commit"), time_now(),
	    NULL, 0)) == CT_OK)
		rc = append(st, "draw-commit", "SELECT json_object('task',?1,"
		    "'seed_sha256',?2,'public_value',?3,'targets_sha256',?4,"
		    "'inspectors_sha256',?5)", v, 5, &seq);
	return store_end(st, rc);
}

/* The inspectors of the list may be drawn: officers of the store, with
 * the officer role and a credential valid now. */
static int
inspectors_qualified(struct ct_store *st, const struct draw_lists *l)
{
	time_t now = time_now();
	int rc;

	for (size_t i = 0; i < l->ni; i++) {
		const struct cred *c = NULL;

		if ((rc = rules_cred(st, l->insp[i], &c)) ||
		    (rc = rule_present(c)) || (rc = rule_qualified(c, now)))
			return rc;
	}
	return CT_OK;
}

int
ct_draw_dry(struct ct_store *st, const struct draw_request *q,
    struct draw_result *r)
{
	int rc;

	if ((rc = draw_seed_check(q->seed)) ||
	    (rc = inspectors_qualified(st, q->lists)))
		return rc;
	return draw_run(q->lists, q->seed, q->params, r);
}

/* A refused draw, on the record: its own transaction, after the
 * draw's was rolled back.  Returns CT_REFUSED with the refusal's
 * message, or the failure to record it. */
static int
record_attempt(struct ct_store *st, const struct draw_request *q,
    const char *seed_sha256)
{
	char why[512];
	const char *v[7];
	int64_t seq;
	int rc;

	snprintf(why, sizeof why, "%s", ct_errmsg());
	v[0] = q->task;
	v[1] = seed_sha256;
	v[2] = q->lists->targets_sha256;
	v[3] = q->lists->inspectors_sha256;
	v[4] = q->params->text;
	v[5] = q->redraw_reason;
	v[6] = why;
	if ((rc = write_begin(st)))
		return rc;
	rc = append(st, "draw-attempt", "SELECT json_object('task',?1,"
	    "'seed_sha256',?2,'targets_sha256',?3,'inspectors_sha256',?4,"
	    "'params',?5,'redraw_reason',?6,'reason',?7)", v, 7, &seq);
	if ((rc = store_end(st, rc)))
		return rc;
	return ct_fail(CT_REFUSED, "%s", why);
}

/* The draw entry of result r. */
static int
append_draw(struct ct_store *st, const struct draw_request *q,
    const struct draw_task_state *t, const struct draw_result *r,
    int64_t *seq)
{
	const struct draw_lists *l = q->lists;
	char commit[24], nt[24], ni[24], per[8], classes[96], *result;
	const char *v[13];
	int rc;

	if ((rc = draw_result_json(l, r, &result)))
		return rc;
	snprintf(commit, sizeof commit, "%lld", (long long)t->commit_seq);
	snprintf(nt, sizeof nt, "%zu", l->nt);
	snprintf(ni, sizeof ni, "%zu", l->ni);
	snprintf(per, sizeof per, "%d", r->per_target);
	snprintf(classes, sizeof classes, "[%ld,%ld,%ld,%ld]", r->class_size[0],
	    r->class_size[1], r->class_size[2], r->class_size[3]);
	v[0] = q->task;
	v[1] = q->seed;
	v[2] = commit;
	v[3] = l->targets_sha256;
	v[4] = l->inspectors_sha256;
	v[5] = nt;
	v[6] = ni;
	v[7] = l->classed ? classes : NULL;
	v[8] = q->params->text;
	v[9] = per;
	v[10] = q->redraw_reason;
	v[11] = q->open_cases ? "true" : "false";
	v[12] = result;
	rc = append(st, "draw", "SELECT json_object('task',?1,'seed',?2,"
	    "'commit',CAST(?3 AS INTEGER),'targets_sha256',?4,"
	    "'inspectors_sha256',?5,'targets',CAST(?6 AS INTEGER),"
	    "'inspectors',CAST(?7 AS INTEGER),'classes',json(?8),'params',?9,"
	    "'per_target',CAST(?10 AS INTEGER),'redraw_reason',?11,"
	    "'open_cases',json(?12),'result',json(?13))", v, 13, seq);
	free(result);
	return rc;
}

/* The kind of party a register's ID says: an organisation by its
 * unified social credit code, a person by a resident identity number;
 * of another ID nothing, and publication redacts the name as a
 * person's, the safe side. */
static const char *
party_kind(const char *id)
{
	if (cnid_uscc(id, strlen(id)))
		return "org";
	return cnid_resident(id, strlen(id)) ? "person" : NULL;
}

/* An inspection case for each target drawn, its inspectors its
 * handlers; ids gets their IDs, 16 bytes each. */
static int
open_cases(struct ct_store *st, const struct draw_request *q,
    const struct draw_result *r, int64_t seq, char *ids)
{
	const struct draw_lists *l = q->lists;
	char title[1024], basis[256];
	int rc = CT_OK;

	snprintf(basis, sizeof basis, "random-draw: task %s, entry %lld",
	    q->task, (long long)seq);
	for (size_t k = 0; k < r->npick && rc == CT_OK; k++) {
		const struct draw_target *x = &l->t[r->pick[k]];
		/* The party's ID is the register's, as the draw hashed it:
		 * a register may number its targets its own way. */
		struct case_new c = { .type = "inspection", .title = title,
		    .party = x->name, .party_kind = party_kind(x->id),
		    .party_id = x->id, .party_id_unchecked = 1, .basis = basis,
		    .nhandlers = r->per_target, .filed_at = time_now() };

		snprintf(title, sizeof title, "双随机抽查 %s: %s", q->task,
		    x->name);
		for (int i = 0; i < r->per_target; i++)
			c.handlers[i] = l->insp[r->who[k * (size_t)r->per_target +
			    (size_t)i]];
		rc = case_create(st, &c, ids + 16 * k);
	}
	return rc;
}

int
ct_draw_record(struct ct_store *st, const struct draw_request *q,
    struct draw_result *r, int64_t *seq, char **case_ids)
{
	struct draw_task_state t;
	char seed_sha256[65];
	int rc;

	memset(r, 0, sizeof *r);
	*case_ids = NULL;
	if ((rc = draw_task_check(q->task)) || (rc = draw_seed_check(q->seed)) ||
	    (q->redraw_reason && (rc = draw_text_check("reason",
	    q->redraw_reason))))
		return rc;
	draw_sha256(q->seed, strlen(q->seed), seed_sha256);
	if ((rc = write_begin(st)))
		return rc;
	/* The actor may draw: else there is no one to record an attempt. */
	if ((rc = rules_entry(st, action_find("draw"), time_now(), NULL, 0)) ||
	    (rc = task_state(st, q->task, &t)))
		return store_end(st, rc);
	if ((rc = inspectors_qualified(st, q->lists)) == CT_OK)
		rc = rule_draw(q->task, &t, seed_sha256, q->lists->targets_sha256,
		    q->lists->inspectors_sha256, q->redraw_reason);
	if (rc == CT_REFUSED) {
		store_rollback(st);
		return record_attempt(st, q, seed_sha256);
	}
	if (rc == CT_OK)
		rc = draw_run(q->lists, q->seed, q->params, r);
	if (rc == CT_OK)
		rc = append_draw(st, q, &t, r, seq);
	if (rc == CT_OK && q->open_cases &&
	    (*case_ids = calloc(r->npick ? r->npick : 1, 16)) == NULL)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	if (rc == CT_OK && q->open_cases)
		rc = open_cases(st, q, r, *seq, *case_ids);
	if ((rc = store_end(st, rc)) != CT_OK) {
		draw_result_free(r);
		free(*case_ids);
		*case_ids = NULL;
	}
	return rc;
}

int
ct_draw_find(struct ct_store *st, const char *task, struct draw_recorded *d)
{
	sqlite3_stmt *s;
	int rc = CT_OK;

	memset(d, 0, sizeof *d);
	if (sqlite3_prepare_v2(st->db, "SELECT seq, seed, params, "
	    "targets_sha256, inspectors_sha256, result FROM draw WHERE task = ? "
	    "ORDER BY seq DESC LIMIT 1", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the draws");
	sqlite3_bind_text(s, 1, task, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_DONE)
		rc = ct_fail(CT_NOTFOUND, "task '%s' has not been drawn", task);
	else if (rc != SQLITE_ROW)
		rc = ct_fail_sqlite(st->db, "cannot read the draws");
	else {
		d->seq = sqlite3_column_int64(s, 0);
		if ((d->seed = strdup(sql_text(s, 1))) == NULL ||
		    (d->params = strdup(sql_text(s, 2))) == NULL ||
		    (d->targets_sha256 = strdup(sql_text(s, 3))) == NULL ||
		    (d->inspectors_sha256 = strdup(sql_text(s, 4))) == NULL ||
		    (d->result = strdup(sql_text(s, 5))) == NULL)
			rc = ct_fail(CT_SYSTEM, "out of memory");
		else
			rc = CT_OK;
	}
	sqlite3_finalize(s);
	if (rc != CT_OK)
		ct_draw_recorded_free(d);
	return rc;
}

void
ct_draw_recorded_free(struct draw_recorded *d)
{
	free(d->seed);
	free(d->params);
	free(d->targets_sha256);
	free(d->inspectors_sha256);
	free(d->result);
	memset(d, 0, sizeof *d);
}

int
ct_draw_same_json(struct ct_store *st, const char *a, const char *b,
    int *same)
{
	sqlite3_stmt *s;
	int rc = CT_OK;

	if (sqlite3_prepare_v2(st->db, "SELECT json(?1) = json(?2)", -1, &s,
	    NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot compare the draws");
	sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = ct_fail_sqlite(st->db, "cannot compare the draws");
	else
		*same = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc;
}
