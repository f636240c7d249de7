/* verify_draw.c: store-verify's replay of random-draw's entries.  The
 * lists are not in the store, only their hashes, so the draw itself
 * cannot be made again here (random-draw --check does that, with the
 * lists); what the journal alone shows is checked: each draw matched the
 * commitment its task had before it (the seed hashes to it, the lists are
 * the ones committed), a second draw has its reason, each target drawn
 * has its number of distinct inspectors, none of them recused from it,
 * each an officer qualified at the draw, the classes in their order and
 * each drawn as its parameters say (random-draw(1), VERIFYING). */
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "verify.h"

/* The tasks as the replay has seen them. */
struct vdraw {
	struct vtask {
		char *name;
		struct draw_task_state s;
	} *t;
	size_t n, cap;
};

static struct vtask *
task_find(struct vrules *v, const char *name, int add)
{
	struct vdraw *d = v->draw;
	void *p;

	if (d == NULL && (d = v->draw = calloc(1, sizeof *d)) == NULL)
		return NULL;
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->t[i].name, name) == 0)
			return &d->t[i];
	if (!add || (p = grow(d->t, &d->cap, (d->n + 1) * sizeof *d->t,
	    8 * sizeof *d->t)) == NULL)
		return NULL;
	d->t = p;
	memset(&d->t[d->n], 0, sizeof *d->t);
	if ((d->t[d->n].name = strdup(name)) == NULL)
		return NULL;
	return &d->t[d->n++];
}

void
vdraw_free(struct vrules *v)
{
	struct vdraw *d = v->draw;

	for (size_t i = 0; d != NULL && i < d->n; i++)
		free(d->t[i].name);
	if (d != NULL)
		free(d->t);
	free(d);
	v->draw = NULL;
}

static int
is_hex64(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* The fields of a draw entry's body, by SQLite. */
enum { F_TASK, F_SEED_SHA, F_PUBLIC, F_TSHA, F_ISHA, F_SEED, F_COMMIT,
    F_PARAMS, F_PER, F_REDRAW, F_REASON, F_CLASSES, F_TARGETS, F_COUNT };

static const char fields_sql[] = "SELECT ?1->>'$.body.task', "
    "ifnull(?1->>'$.body.seed_sha256', ''), ?1->>'$.body.public_value', "
    "ifnull(?1->>'$.body.targets_sha256', ''), "
    "ifnull(?1->>'$.body.inspectors_sha256', ''), ?1->>'$.body.seed', "
    "?1->>'$.body.commit', ?1->>'$.body.params', ?1->>'$.body.per_target', "
    "?1->>'$.body.redraw_reason', ?1->>'$.body.reason', "
    "CASE WHEN ?1->>'$.body.classes' IS NULL THEN json_array("
    "?1->>'$.body.targets', 0, 0, 0) ELSE ?1->'$.body.classes' END, "
    "?1->>'$.body.targets'";

/* A commitment: a task, a seed's hash or a public value named with the
 * lists, and lists either both or neither. */
static int
commit_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    sqlite3_stmt *f)
{
	const char *task = sql_text(f, F_TASK), *sha = sql_text(f, F_SEED_SHA);
	const char *ts = sql_text(f, F_TSHA), *is = sql_text(f, F_ISHA);
	int pub = sqlite3_column_type(f, F_PUBLIC) != SQLITE_NULL;
	struct vtask *t;

	if (draw_task_check(task) != CT_OK ||
	    (pub ? *sha != '\0' || *ts == '\0' : !is_hex64(sha)) ||
	    (*ts == '\0') != (*is == '\0') ||
	    (*ts != '\0' && (!is_hex64(ts) || !is_hex64(is))))
		return verify_found(r, "entry %lld is no commitment random-draw "
		    "makes: a task, a seed's SHA-256 or a public value with the "
		    "lists' hashes", (long long)seq);
	if ((t = task_find(v, task, 1)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	t->s.commit_seq = seq;
	snprintf(t->s.seed_sha256, 65, "%s", sha);
	t->s.public_value = pub;
	snprintf(t->s.targets_sha256, 65, "%s", ts);
	snprintf(t->s.inspectors_sha256, 65, "%s", is);
	return CT_OK;
}

/* The targets drawn: per_target distinct inspectors each, none recused,
 * each an officer qualified then; the classes in order, each with the
 * number its parameters and size give. */
static int
result_rows(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, const struct draw_params *p, const long size[4])
{
	sqlite3_stmt *s;
	long drawn[DRAW_CLASSES] = { 0 };
	char last_key[24] = "", who[DRAW_PER_TARGET_MAX][65];
	int n = 0, cls = 0, step, rc = CT_OK;

	if (sqlite3_prepare_v2(v->st->db, "SELECT r.key, ifnull(r.value->>"
	    "'$.class', 'A'), i.value, i.type, (SELECT count(*) FROM json_each("
	    "r.value, '$.recused') x WHERE x.value = i.value) FROM json_each(?1, "
	    "'$.body.result') r LEFT JOIN json_each(r.value, '$.inspectors') i "
	    "ORDER BY r.key, i.key", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(v->st->db, "cannot read the journal");
	sqlite3_bind_text(s, 1, line, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW && r->status == CT_OK) {
		const char *id = sql_text(s, 2), *c = sql_text(s, 1);
		struct vofficer *o;

		if (strcmp(last_key, sql_text(s, 0)) != 0) {
			if (*last_key && n != p->per_target)
				break;
			snprintf(last_key, sizeof last_key, "%s", sql_text(s, 0));
			n = 0;
			if (c[0] < 'A' + cls || c[0] > 'D' || c[1] != '\0') {
				verify_found(r, "entry %lld: the classes drawn are not "
				    "in their order, A to D", (long long)seq);
				break;
			}
			drawn[cls = c[0] - 'A']++;
		}
		if (sqlite3_column_type(s, 3) == SQLITE_NULL || n == p->per_target ||
		    strcmp(sql_text(s, 3), "text") != 0)
			break;
		for (int i = 0; i < n; i++)
			if (strcmp(who[i], id) == 0)
				return verify_found(r, "entry %lld: target %s has "
				    "inspector '%s' twice", (long long)seq, last_key, id);
		snprintf(who[n++], sizeof who[0], "%s", id);
		if (sqlite3_column_int(s, 4) != 0)
			verify_found(r, "entry %lld: inspector '%s' is drawn for a "
			    "target he is recused from (row %s)", (long long)seq, id,
			    last_key);
		else if ((o = vrules_officer(v, id)) == NULL)
			verify_found(r, "entry %lld draws unknown officer '%s'",
			    (long long)seq, id);
		else if (rule_present(&o->c) != CT_OK ||
		    rule_qualified(&o->c, v->at) != CT_OK)
			verify_found(r, "entry %lld: %s", (long long)seq, ct_errmsg());
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = ct_fail_sqlite(v->st->db, "cannot read the journal");
	sqlite3_finalize(s);
	if (rc != CT_OK || r->status != CT_OK)
		return rc;
	if (step == SQLITE_ROW || (*last_key && n != p->per_target))
		return verify_found(r, "entry %lld: a target drawn has not %d "
		    "inspectors", (long long)seq, p->per_target);
	for (int c = 0; c < DRAW_CLASSES; c++)
		if (drawn[c] != draw_quota(p, c, size[c]))
			return verify_found(r, "entry %lld: %ld drawn of class %c, "
			    "where its parameters draw %ld of %ld", (long long)seq,
			    drawn[c], 'A' + c, draw_quota(p, c, size[c]), size[c]);
	return CT_OK;
}

/* A draw: the commitment its task had before it, and its rows. */
static int
draw_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, sqlite3_stmt *f)
{
	const char *task = sql_text(f, F_TASK), *seed = sql_text(f, F_SEED);
	struct vtask *t = task_find(v, task, 1);
	struct draw_params p;
	char sha[65];
	long size[DRAW_CLASSES] = { 0 };
	sqlite3_stmt *c;
	int rc;

	if (t == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	draw_sha256(seed, strlen(seed), sha);
	if (draw_seed_check(seed) != CT_OK ||
	    draw_params_parse(&p, sql_text(f, F_PARAMS)) != CT_OK ||
	    sqlite3_column_int(f, F_PER) != p.per_target ||
	    !is_hex64(sql_text(f, F_TSHA)) || !is_hex64(sql_text(f, F_ISHA)))
		return verify_found(r, "entry %lld is no draw random-draw makes",
		    (long long)seq);
	if (rule_draw(task, &t->s, sha, sql_text(f, F_TSHA),
	    sql_text(f, F_ISHA), sql_text(f, F_REDRAW)) != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	if (sqlite3_column_int64(f, F_COMMIT) != t->s.commit_seq)
		return verify_found(r, "entry %lld names commitment %lld, not its "
		    "task's, entry %lld", (long long)seq,
		    (long long)sqlite3_column_int64(f, F_COMMIT),
		    (long long)t->s.commit_seq);
	if (sqlite3_prepare_v2(v->st->db, "SELECT value FROM json_each(?1) "
	    "ORDER BY key", -1, &c, NULL) != SQLITE_OK)
		return ct_fail_sqlite(v->st->db, "cannot read the journal");
	sqlite3_bind_text(c, 1, sql_text(f, F_CLASSES), -1, SQLITE_STATIC);
	for (int i = 0; i < DRAW_CLASSES && sqlite3_step(c) == SQLITE_ROW; i++)
		size[i] = (long)sqlite3_column_int64(c, 0);
	sqlite3_finalize(c);
	if ((rc = result_rows(v, r, seq, line, &p, size)) || r->status != CT_OK)
		return rc;
	t->s.drawn_seq = seq;
	return CT_OK;
}

int
vdraw_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, const struct action *a, const struct vofficer *actor)
{
	sqlite3_stmt *f;
	int rc = CT_OK;

	/* The actor could record it, as the writer checked (rules_entry). */
	if (actor == NULL)
		return verify_found(r, "entry %lld is by unknown officer '%s'",
		    (long long)seq, v->actor);
	if (rule_role(a, &actor->c) != CT_OK ||
	    rule_revoked(&actor->c, v->at) != CT_OK ||
	    rule_qualified(&actor->c, v->at) != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	/* Draw entries are few: a statement each is cheap. */
	if (sqlite3_prepare_v2(v->st->db, fields_sql, -1, &f, NULL) !=
	    SQLITE_OK)
		return ct_fail_sqlite(v->st->db, "cannot read the journal");
	sqlite3_bind_text(f, 1, line, -1, SQLITE_STATIC);
	if (sqlite3_step(f) != SQLITE_ROW)
		rc = ct_fail_sqlite(v->st->db, "cannot read the journal");
	else if (draw_task_check(sql_text(f, F_TASK)) != CT_OK)
		rc = verify_found(r, "entry %lld names no task", (long long)seq);
	else if (strcmp(a->name, "draw-commit") == 0)
		rc = commit_entry(v, r, seq, f);
	else if (strcmp(a->name, "draw") == 0)
		rc = draw_entry(v, r, seq, line, f);
	else if (sql_text(f, F_REASON)[0] == '\0')
		rc = verify_found(r, "entry %lld: a refused draw without the "
		    "reason it was refused", (long long)seq);
	sqlite3_finalize(f);
	return rc;
}
