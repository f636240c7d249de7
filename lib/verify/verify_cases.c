/* verify_cases.c: the cases as their entries make them, replayed through
 * the rules and the transition the writers use (rules.c, case_apply),
 * and compared with the cases table. */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "verify.h"

static uint64_t
hash_id(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static struct replay *
replay_get(struct replay_map *m, const char *id)
{
	size_t i;

	if (m->n * 2 >= m->cap) {
		struct replay_map bigger = { 0 };

		bigger.cap = m->cap ? m->cap * 2 : 1024;
		if ((bigger.slot = calloc(bigger.cap, sizeof *bigger.slot)) == NULL)
			return NULL;
		for (i = 0; i < m->cap; i++)
			if (m->slot[i].id[0])
				*replay_get(&bigger, m->slot[i].id) = m->slot[i];
		free(m->slot);
		*m = bigger;
		m->n = 0;
		for (i = 0; i < m->cap; i++)
			m->n += m->slot[i].id[0] != '\0';
	}
	for (i = hash_id(id) & (m->cap - 1); m->slot[i].id[0];
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->slot[i].id, id) == 0)
			return &m->slot[i];
	snprintf(m->slot[i].id, sizeof m->slot[i].id, "%s", id);
	m->n++;
	return &m->slot[i];
}

static struct replay *
replay_find(struct replay_map *m, const char *id)
{
	if (m->cap == 0)
		return NULL;
	for (size_t i = hash_id(id) & (m->cap - 1); m->slot[i].id[0];
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->slot[i].id, id) == 0)
			return &m->slot[i];
	return NULL;
}

/* Whether the canonical line of an entry of a, which must give a reason,
 * has a text that is not empty: SQLite's json_object writes the body's
 * "text" key so, and no other key of a case entry is named so.  Looked
 * for only where a reason is required: the replay reads a million
 * entries a second. */
static int
has_text(const struct action *a, const char *line)
{
	const char *p;

	if (!(a->flags & ACT_REASON))
		return 1;
	p = strstr(line, "\"text\":\"");
	return p != NULL && p[8] != '"';
}

/* Applies one case entry to the replayed state through the rules and
 * the transition case_log uses. */
int
replay_case_entry(struct replay_map *m, sqlite3_stmt *s, int64_t seq,
    const struct action *a, struct verify_report *r, struct replay **out)
{
	const char *case_id = sql_text(s, 4), *stage = sql_text(s, 6);
	struct replay *c;
	int flagged = 0;

	/* What the writer checks of its input, the replay checks too: the
	 * case ID when the case is opened (later entries must name one
	 * already opened, and every slot holds a whole ID), a stage when
	 * it is not the case's own. */
	if (strlen(case_id) + 1 != sizeof c->id || (strcmp(a->name,
	    "case-new") == 0 && case_id_check(case_id) != CT_OK))
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    case_id_check(case_id) != CT_OK ? ct_errmsg() :
		    "bad case ID");
	if ((c = replay_get(m, case_id)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	if (strcmp(stage, c->s.stage) != 0 && !word_in(stage, vocab_stages))
		return verify_found(r, "entry %lld: unknown stage",
		    (long long)seq);
	if (strcmp(a->name, "case-new") == 0) {
		if (c->s.seq != 0)
			return verify_found(r, "entry %lld: case %s is opened twice",
			    (long long)seq, case_id);
	} else if (c->s.seq == 0) {
		return verify_found(r, "entry %lld: case %s has an entry before it is "
		    "opened", (long long)seq, case_id);
	} else if (rule_case_accepts(case_id, c->s.status, a) != CT_OK ||
	    rule_case_move(case_id, c->s.status, a, stage, has_text(a,
	    sql_text(s, 1))) != CT_OK) {
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	}
	/* The flag is in the canonical line: "flags":["no-av"]. */
	if (a->flags & ACT_AV)
		flagged = strstr(sql_text(s, 1), "\"flags\":[\"no-av\"]") != NULL;
	case_apply(&c->s, a, stage, sql_text(s, 7), flagged, seq);
	*out = c;
	return CT_OK;
}

/* Compares the cases table with the replayed journal. */
int
verify_cases(struct ct_store *st, struct replay_map *m,
    struct verify_report *r)
{
	sqlite3_stmt *s;
	size_t rows = 0;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT id, seq, stage, status, "
	    "ifnull(decided_at, ''), ifnull(closed_at, ''), flags, last_seq "
	    "FROM cases ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read cases");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && r->status == CT_OK) {
		const char *id = sql_text(s, 0);
		struct replay *c = replay_find(m, id);

		rows++;
		const struct case_state *k = c ? &c->s : NULL;

		if (k == NULL || k->seq == 0) {
			verify_found(r, "case %s has no case-new entry in the journal",
			    id);
		} else if (k->seq != sqlite3_column_int64(s, 1)) {
			verify_found(r, "case %s: opened by entry %lld in the table, "
			    "by entry %lld in the journal", id,
			    (long long)sqlite3_column_int64(s, 1), (long long)k->seq);
		} else if (k->last_seq != sqlite3_column_int64(s, 7)) {
			verify_found(r, "case %s: its newest entry is %lld in the "
			    "table, entry %lld in the journal", id,
			    (long long)sqlite3_column_int64(s, 7),
			    (long long)k->last_seq);
		} else if (strcmp(k->stage, sql_text(s, 2)) != 0) {
			verify_found(r, "case %s: stage is '%s' but entry %lld made "
			    "it '%s'", id, sql_text(s, 2), (long long)k->last_seq,
			    k->stage);
		} else if (strcmp(k->status, sql_text(s, 3)) != 0) {
			verify_found(r, "case %s: status is '%s' but entry %lld made "
			    "it '%s'", id, sql_text(s, 3), (long long)k->status_seq,
			    k->status);
		} else if (strcmp(k->decided_at, sql_text(s, 4)) != 0 ||
		    strcmp(k->closed_at, sql_text(s, 5)) != 0) {
			verify_found(r, "case %s: decision or closing time is not "
			    "entry %lld's", id, (long long)k->status_seq);
		} else if (k->flags != sqlite3_column_int(s, 6)) {
			verify_found(r, "case %s: %d flagged entries, the journal has "
			    "%d up to entry %lld", id, sqlite3_column_int(s, 6),
			    k->flags, (long long)k->last_seq);
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ct_fail_sqlite(st->db, "cannot read cases");
	if (r->status == CT_OK && rows != m->n)
		for (size_t i = 0; i < m->cap; i++)
			if (m->slot[i].id[0]) {
				sqlite3_stmt *q;
				int there;

				if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM cases "
				    "WHERE id = ?", -1, &q, NULL) != SQLITE_OK)
					return ct_fail_sqlite(st->db, "cannot read cases");
				sqlite3_bind_text(q, 1, m->slot[i].id, -1,
				    SQLITE_STATIC);
				there = sqlite3_step(q) == SQLITE_ROW;
				sqlite3_finalize(q);
				if (!there)
					return verify_found(r, "case %s is in the journal "
					    "but not in the cases table", m->slot[i].id);
			}
	return CT_OK;
}

