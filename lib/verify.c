/* verify.c: store-verify's checks.  Everything is recomputed from the
 * journal rows: the leaves from the canonical lines, the tree from the
 * leaves, the tree heads of the stored checkpoints from the tree, and the
 * state of every case from its entries. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"

/* The state of one case as its entries say it should be. */
struct replay {
	char id[12];
	struct case_state s;
};

struct replay_map {
	struct replay *slot;
	size_t cap, n;
};

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

int
verify_found(struct verify_report *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (r->status == CT_OK)
		/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
		vsnprintf(r->first, sizeof r->first, fmt, ap);
	va_end(ap);
	r->status = CT_NO;
	return CT_OK;
}

/* strlcpy: the replay copies short words for every entry. */
static void
copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Applies one case entry to the replayed state through the rules and
 * the transition case_log uses. */
static int
replay_entry(struct replay_map *m, sqlite3_stmt *s, int64_t seq,
    const struct action *a, struct verify_report *r)
{
	const char *case_id = sql_text(s, 4);
	struct replay *c;
	int flagged = 0;

	if ((c = replay_get(m, case_id)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	if (strcmp(a->name, "case-new") == 0) {
		if (c->s.seq != 0)
			return verify_found(r, "entry %lld: case %s is opened twice",
			    (long long)seq, case_id);
	} else if (c->s.seq == 0) {
		return verify_found(r, "entry %lld: case %s has an entry before it is "
		    "opened", (long long)seq, case_id);
	} else if (rule_case_accepts(case_id, c->s.status, a) != CT_OK) {
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	}
	/* The flag is in the canonical line: "flags":["no-av"]. */
	if (a->flags & ACT_AV)
		flagged = strstr(sql_text(s, 1), "\"flags\":[\"no-av\"]") != NULL;
	case_apply(&c->s, a, sql_text(s, 6), sql_text(s, 7), flagged, seq);
	return CT_OK;
}

/* Compares the cases table with the replayed journal. */
static int
check_cases(struct ct_store *st, struct replay_map *m,
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

/* Compares "null" or a quoted token at *p with value, and steps past. */
static int
token(const char **p, const char *value)
{
	size_t n;

	if (value == NULL) {
		if (strncmp(*p, "null", 4) != 0)
			return 0;
		*p += 4;
		return 1;
	}
	n = strlen(value);
	if (**p != '"' || strncmp(*p + 1, value, n) != 0 || (*p)[n + 1] != '"')
		return 0;
	*p += n + 2;
	return 1;
}

/* Checks that a row's copies of case, action and stage are its line's.
 * The line begins {"seq":N,"at":"...","officer":"...","case":...,
 * "action":"...","stage":...,"body": and none of these values ever needs
 * a JSON escape, so comparing the text is exact and needs no parser.
 * Copies the officer into actor and points *body at the body. */
static int
line_agrees(const char *line, int64_t seq, const char *case_id,
    const char *action, const char *stage, char actor[65], const char **body)
{
	const char *who;
	char digits[24], *d = digits + sizeof digits;
	const char *p = line;
	size_t n;

	*--d = '\0';
	do
		*--d = (char)('0' + seq % 10);
	while ((seq /= 10) > 0);
	n = strlen(d);
	if (strncmp(p, "{\"seq\":", 7) != 0 || strncmp(p + 7, d, n) != 0 ||
	    strncmp(p + 7 + n, ",\"at\":\"", 7) != 0)
		return 0;
	n += 14;
	if ((p = strchr(p + n, '"')) == NULL ||
	    strncmp(p, "\",\"officer\":\"", 13) != 0 ||
	    (p = strchr(who = p + 13, '"')) == NULL || p - who > 64 ||
	    strncmp(p, "\",\"case\":", 9) != 0)
		return 0;
	memcpy(actor, who, (size_t)(p - who));
	actor[p - who] = '\0';
	p += 9;
	if (!token(&p, case_id) || strncmp(p, ",\"action\":", 10) != 0)
		return 0;
	p += 10;
	if (!token(&p, action) || strncmp(p, ",\"stage\":", 9) != 0)
		return 0;
	p += 9;
	if (!token(&p, stage) || strncmp(p, ",\"body\":", 8) != 0)
		return 0;
	*body = p + 8;
	return 1;
}

/* A stored checkpoint row. */
struct stored_cp {
	uint64_t size;          /* 0: no more */
	unsigned char root[CT_HASH];
	char officer[65], key_id[KEY_ID_LEN + 1];
	unsigned char sig[KEY_SIG];
	size_t siglen;          /* 0: unsigned */
};

/* The next stored checkpoint, or size 0 at the end. */
static int
next_checkpoint(sqlite3_stmt *s, struct stored_cp *c)
{
	int n;

	memset(c, 0, sizeof *c);
	if (sqlite3_step(s) != SQLITE_ROW)
		return CT_OK;
	c->size = (uint64_t)sqlite3_column_int64(s, 0);
	if (sqlite3_column_bytes(s, 1) == CT_HASH)
		memcpy(c->root, sqlite3_column_blob(s, 1), CT_HASH);
	copy(c->officer, sizeof c->officer, sql_text(s, 2));
	copy(c->key_id, sizeof c->key_id, sql_text(s, 3));
	if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
		n = sqlite3_column_bytes(s, 4);
		c->siglen = (size_t)n;
		memcpy(c->sig, sqlite3_column_blob(s, 4), n > KEY_SIG ? KEY_SIG :
		    (size_t)n);
		if (n == 0)
			c->siglen = KEY_SIG + 1;    /* present but empty: wrong */
	}
	return CT_OK;
}

/* The checks at a checkpoint whose root matched the tree: signature,
 * and consistency with the previous one by an RFC 9162 proof made from
 * the stored subtree hashes, as an outside auditor would ask for it. */
static int
check_checkpoint(struct ct_store *st, struct vrules *v,
    struct verify_report *r, const struct stored_cp *c, uint64_t prev,
    const unsigned char prev_root[CT_HASH])
{
	struct checkpoint head;
	unsigned char proof[128][CT_HASH];
	int len, rc;

	memset(&head, 0, sizeof head);
	snprintf(head.origin, sizeof head.origin, "%s", st->origin);
	head.size = c->size;
	memcpy(head.root, c->root, CT_HASH);
	if ((rc = vrules_checkpoint(v, r, prev + 1, &head, c->officer,
	    c->key_id, c->siglen ? c->sig : NULL, c->siglen)) ||
	    r->status != CT_OK || prev == 0)
		return rc;
	if ((rc = merkle_consistency(journal_node, st, prev, c->size, proof,
	    &len)))
		return rc;
	if (!merkle_consistency_ok(prev, c->size, prev_root, c->root, proof,
	    len))
		verify_found(r, "checkpoint %llu is not consistent with "
		    "checkpoint %llu", (unsigned long long)c->size,
		    (unsigned long long)prev);
	return CT_OK;
}

/* The journal as the replay reads it.  The time of the entries that
 * change a case's status is read by SQLite, and only theirs: parsing
 * every line would cost more than the rest of the replay. */
static const char *
journal_sql(char *buf, size_t cap)
{
	const struct action *a;
	size_t len = (size_t)snprintf(buf, cap, "SELECT seq, line, leaf, "
	    "nodes, case_id, action, stage, CASE WHEN action IN (''");

	for (size_t i = 0; (a = action_at(i)) != NULL && len < cap; i++)
		if (a->status != NULL && strcmp(a->name, "case-new") != 0)
			len += (size_t)snprintf(buf + len, cap - len, ",'%s'",
			    a->name);
	if (len < cap)
		snprintf(buf + len, cap - len, ") THEN line->>'$.body.at' END "
		    "FROM journal ORDER BY seq");
	return buf;
}

/* What a replay of the journal leaves: the cases and officers as the
 * entries made them, and how many entries of each action there are. */
struct replayed {
	struct replay_map cases;
	struct vrules v;
	uint64_t counts[ACTIONS_MAX];
};

/* Replays the journal: recomputes every leaf and the tree, checks the
 * stored nodes and checkpoints, and holds every entry to the rules while
 * it applies the entry to the replayed state in *out.  The first fault
 * goes to r. */
static int
replay_journal(struct ct_store *st, struct verify_report *r,
    void (*progress)(uint64_t, uint64_t), struct replayed *out)
{
	struct replay_map *cases = &out->cases;
	struct vrules *v = &out->v;
	uint64_t *counts = out->counts;
	struct stored_cp c;
	sqlite3_stmt *s = NULL, *cp = NULL;
	unsigned char prev_root[CT_HASH];
	struct vhash *h = NULL;
	struct vhash_fault hf;
	uint64_t fault_seq = 0;
	int fault_phase = 0;
	uint64_t expect = 1, total, cp_prev = 0;
	char sql[1024];
	const struct action *a;
	const char *body;
	int rc, replayed;

	memset(r, 0, sizeof *r);
	if ((rc = journal_size(st, &total)) || (rc = vrules_open(v, st)))
		return rc;
	/* Reading through a map spares a read() and a copy per page. */
	sqlite3_exec(st->db, "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(st->db, journal_sql(sql, sizeof sql), -1,
	    &s, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT size, root, officer, key_id, "
	    "signature FROM checkpoint ORDER BY size", -1, &cp, NULL) !=
	    SQLITE_OK) {
		rc = ct_fail_sqlite(st->db, "cannot read the journal");
		goto out;
	}
	if ((rc = vhash_start(&h)))
		goto out;
	next_checkpoint(cp, &c);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(s, 0);
		const char *line = (const char *)sqlite3_column_text(s, 1);

		/* Where a fault found now lies, for the choice between it and
		 * the hashing thread's (vhash_fault). */
		fault_seq = expect;
		fault_phase = VHASH_ROWS;
		if ((uint64_t)seq != expect) {
			verify_found(r, "entry %llu is missing", (unsigned long long)expect);
			break;
		}
		if (line == NULL || !line_agrees(line, seq,
		    (const char *)sqlite3_column_text(s, 4), sql_text(s, 5),
		    (const char *)sqlite3_column_text(s, 6), v->actor, &body)) {
			verify_found(r, "entry %lld: its case, action or stage columns "
			    "are not its line's", (long long)seq);
			break;
		}
		if ((replayed = vhash_row(h, (uint64_t)seq, line,
		    (size_t)sqlite3_column_bytes(s, 1), sqlite3_column_blob(s, 2),
		    (size_t)sqlite3_column_bytes(s, 2), sqlite3_column_blob(s, 3),
		    (size_t)sqlite3_column_bytes(s, 3)))) {
			rc = replayed;
			goto out;
		}
		fault_phase = VHASH_RULES;
		/* Not into rc: it must still hold the last step's result
		 * when a fault found below ends the loop. */
		if ((a = action_find(sql_text(s, 5))) == NULL) {
			verify_found(r, "entry %lld: unknown action '%s'",
			    (long long)seq, sql_text(s, 5));
			break;
		}
		counts[a - action_at(0)]++;
		if (sqlite3_column_type(s, 4) != SQLITE_NULL &&
		    (replayed = replay_entry(cases, s, seq, a, r))) {
			rc = replayed;
			goto out;
		}
		if (r->status == CT_OK && (replayed = vrules_entry(v, r, seq,
		    line, body, a, sqlite3_column_type(s, 4) !=
		    SQLITE_NULL))) {
			rc = replayed;
			goto out;
		}
		if (r->status == CT_OK && c.size != 0 &&
		    strcmp(v->actor, c.officer) != 0)
			verify_found(r, "entry %lld is by '%s', but checkpoint %llu "
			    "that covers it is by '%s'", (long long)seq, v->actor,
			    (unsigned long long)c.size, c.officer);
		if (r->status != CT_OK)
			break;
		fault_phase = VHASH_CHECKPOINT;
		for (; c.size != 0 && c.size <= (uint64_t)seq;
		    next_checkpoint(cp, &c)) {
			if (c.size == (uint64_t)seq) {
				/* The hashing thread compares the tree head;
				 * here the rest is checked as if it matched. */
				vhash_checkpoint(h, c.root, cp_prev);
				if ((replayed = check_checkpoint(st, v, r, &c,
				    cp_prev, prev_root))) {
					rc = replayed;
					goto out;
				}
				if (r->status != CT_OK)
					break;
				r->checkpoints++;
				cp_prev = c.size;
				memcpy(prev_root, c.root, CT_HASH);
				continue;
			}
			verify_found(r, "an entry from %llu to %llu was changed "
			    "after checkpoint %llu: the tree no longer matches it",
			    (unsigned long long)cp_prev + 1,
			    (unsigned long long)c.size, (unsigned long long)c.size);
			break;
		}
		if (r->status != CT_OK)
			break;
		expect++;
		r->entries++;
		if (progress != NULL && (r->entries & 0xffff) == 0)
			progress(r->entries, total);
		/* A fault already hashed comes before any found from here. */
		if ((r->entries & 0x3ff) == 0 && vhash_fault_seq(h) != 0)
			break;
	}
	vhash_finish(h, &hf);
	h = NULL;
	if (hf.seq != 0 && (r->status == CT_OK || hf.seq < fault_seq ||
	    (hf.seq == fault_seq && hf.phase < fault_phase))) {
		r->status = CT_OK;
		verify_found(r, "%s", hf.msg);
		rc = SQLITE_DONE;
	}
	if (r->status != CT_OK)
		rc = SQLITE_DONE;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = ct_fail_sqlite(st->db, "cannot read the journal");
		goto out;
	}
	rc = CT_OK;
	if (progress != NULL)
		progress(r->entries, total);
	if (r->status == CT_OK && c.size != 0)
		verify_found(r, "entry %llu is missing: checkpoint %llu is beyond the "
		    "journal's %llu entries", (unsigned long long)r->entries + 1,
		    (unsigned long long)c.size, (unsigned long long)r->entries);
	if (r->status == CT_OK && cp_prev < r->entries)
		verify_found(r, "entries %llu to %llu are not signed: no "
		    "checkpoint covers them", (unsigned long long)cp_prev + 1,
		    (unsigned long long)r->entries);
out:
	vhash_finish(h, &hf);
	sqlite3_finalize(s);
	sqlite3_finalize(cp);
	return rc;
}

int
verify_store(struct ct_store *st, struct verify_report *r,
    void (*progress)(uint64_t, uint64_t))
{
	struct replayed *run = calloc(1, sizeof *run);
	int rc;

	if (run == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	/* The journal first; then the tables must be what it made. */
	rc = replay_journal(st, r, progress, run);
	if (rc == CT_OK && r->status == CT_OK)
		rc = check_cases(st, &run->cases, r);
	if (rc == CT_OK && r->status == CT_OK)
		rc = verify_tables(st, r, run->counts);
	if (rc == CT_OK && r->status == CT_OK)
		rc = vrules_tables(&run->v, r);
	free(run->cases.slot);
	vrules_close(&run->v);
	free(run);
	if (rc == CT_OK && r->status == CT_OK)
		rc = evidence_verify(st, r, NULL);
	return rc;
}

int
verify_rebuild(struct ct_store *st, struct verify_report *r,
    void (*progress)(uint64_t, uint64_t))
{
	struct replayed *run = calloc(1, sizeof *run);
	int rc;

	if (run == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	if ((rc = store_begin(st)) == CT_OK) {
		/* Replayed inside the write transaction: what is rebuilt is
		 * exactly what was verified, with no writer in between. */
		rc = replay_journal(st, r, progress, run);
		if (rc == CT_OK && r->status == CT_OK)
			rc = apply_journal(st);
		for (size_t i = 0; i < run->cases.cap && rc == CT_OK &&
		    r->status == CT_OK; i++)
			if (run->cases.slot[i].id[0] != '\0')
				rc = apply_case_state(st, run->cases.slot[i].id,
				    &run->cases.slot[i].s, 1);
		if (rc == CT_OK && r->status == CT_OK)
			rc = store_commit(st);
		else
			store_rollback(st);
	}
	free(run->cases.slot);
	vrules_close(&run->v);
	free(run);
	return rc;
}

/* Checks one signature line "— NAME BASE64" of a note whose signed text
 * is body (blen bytes).  Names of other stores or of no officer here are
 * not ours to judge. */
static int
note_signature(struct ct_store *st, const char *line, size_t n,
    const char *body, size_t blen, struct verify_report *r)
{
	char name[400], officer[65];
	unsigned char raw[4 + KEY_SIG], hash[4];
	size_t olen = strlen(st->origin);
	sqlite3_stmt *s;
	int known = 0, ok = 0;

	if (note_signature_parse(line, n, name, sizeof name, raw) != CT_OK)
		return verify_found(r, "the checkpoint has a bad signature line");
	if (strncmp(name, st->origin, olen) != 0 || name[olen] != '/' ||
	    strlen(name + olen + 1) >= sizeof officer)
		return CT_OK;
	snprintf(officer, sizeof officer, "%s", name + olen + 1);
	if (sqlite3_prepare_v2(st->db, "SELECT public_key FROM officer_key "
	    "WHERE officer = ?", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read keys");
	sqlite3_bind_text(s, 1, officer, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW)
		if (sqlite3_column_bytes(s, 0) == KEY_PUB) {
			note_key_hash(name, sqlite3_column_blob(s, 0), hash);
			if (memcmp(hash, raw, 4) != 0)
				continue;
			known = 1;
			ok |= key_verify(sqlite3_column_blob(s, 0), body, blen,
			    raw + 4, KEY_SIG);
		}
	sqlite3_finalize(s);
	if (!known)
		return verify_found(r, "the checkpoint is signed by '%s' with a "
		    "key this store does not have", officer);
	if (!ok)
		return verify_found(r, "the checkpoint's signature by '%s' does "
		    "not verify", officer);
	return CT_OK;
}

int
verify_against(struct ct_store *st, const struct checkpoint *c,
    const char *note, size_t n, struct verify_report *r)
{
	struct checkpoint now;
	unsigned char root[CT_HASH];
	const char *blank, *p, *end = note + n, *nl;
	int rc;

	memset(r, 0, sizeof *r);
	if ((rc = checkpoint_current(st, &now)))
		return rc;
	if (strcmp(now.origin, c->origin) != 0)
		return verify_found(r, "the checkpoint is for '%s', not this store "
		    "('%s')", c->origin, now.origin);
	if (c->size > now.size)
		return verify_found(r, "the checkpoint has %llu entries, the journal "
		    "only %llu: entries were removed",
		    (unsigned long long)c->size, (unsigned long long)now.size);
	if ((rc = journal_root(st, c->size, root)))
		return rc;
	if (memcmp(root, c->root, CT_HASH) != 0)
		return verify_found(r, "entries 1 to %llu do not match the checkpoint: "
		    "history was rewritten", (unsigned long long)c->size);
	/* The signatures follow the first blank line. */
	if (n > 0 && (blank = memmem(note, n, "\n\n", 2)) != NULL)
		for (p = blank + 2; p < end && r->status == CT_OK; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			if (nl > p && (rc = note_signature(st, p, (size_t)(nl - p),
			    note, (size_t)(blank + 1 - note), r)))
				return rc;
		}
	r->entries = c->size;
	return CT_OK;
}
