/* verify.c: store-verify's replay of the journal.  Everything is
 * recomputed from the journal rows: the leaves from the canonical lines,
 * the tree from the leaves, the tree heads of the stored checkpoints from
 * the tree, the state of every case and officer from its entries through
 * the writers' own rules; then the tables are compared with what the
 * replay made (verify_cases.c, verify_tables.c), or rebuilt from it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "verify.h"

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
    const char *action, const char *stage, char actor[65], char at[32],
    const char **body)
{
	const char *who, *when;
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
	if ((p = strchr(when = p + n, '"')) == NULL || p - when > 31)
		return 0;
	memcpy(at, when, (size_t)(p - when));
	at[p - when] = '\0';
	if (strncmp(p, "\",\"officer\":\"", 13) != 0 ||
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
	char at[21];
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
	snprintf(c->officer, sizeof c->officer, "%s", sql_text(s, 2));
	snprintf(c->key_id, sizeof c->key_id, "%s", sql_text(s, 3));
	snprintf(c->at, sizeof c->at, "%s", sql_text(s, 5));
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
	checkpoint_set_time(st, &head, c->at);
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
	int keep;                   /* keep the entries that make rows: */
	struct made {
		int64_t seq;
		const struct action *a;
	} *made;                    /* for store-rebuild to apply again */
	size_t nmade, capmade;      /* capmade: bytes (grow) */
};

/* Keeps entry seq of action a for store-rebuild, if it makes rows. */
static int
keep_made(struct replayed *out, int64_t seq, const struct action *a)
{
	void *p;

	if (!out->keep || !apply_has_rows(a))
		return CT_OK;
	if ((p = grow(out->made, &out->capmade, (out->nmade + 1) *
	    sizeof *out->made, 256 * sizeof *out->made)) == NULL)
		return CT_SYSTEM;
	out->made = p;
	out->made[out->nmade].seq = seq;
	out->made[out->nmade++].a = a;
	return CT_OK;
}

/* A replay under way: the journal and checkpoint queries, the next
 * stored checkpoint and the last one that held, the hashing thread. */
struct walk {
	struct ct_store *st;
	struct verify_report *r;
	struct replayed *out;
	sqlite3_stmt *s, *cp;
	struct stored_cp c;         /* the next stored checkpoint */
	uint64_t cp_prev;           /* the last one that held */
	unsigned char prev_root[CT_HASH];
	struct vhash *h;
	uint64_t fault_seq;         /* where a fault found now lies */
	int fault_phase;
};

/* The rules of entry seq, replayed: its case and its officers' state
 * changed as the writers change them, and its actor the officer of the
 * checkpoint that covers it. */
static int
replay_rules(struct walk *w, int64_t seq, const char *line, const char *body)
{
	struct verify_report *r = w->r;
	sqlite3_stmt *s = w->s;
	struct vrules *v = &w->out->v;
	const struct action *a;
	struct replay *c = NULL;
	int rc;

	if ((a = action_find(sql_text(s, 5))) == NULL)
		return verify_found(r, "entry %lld: unknown action '%s'",
		    (long long)seq, sql_text(s, 5));
	/* A case action is on a case, and nothing else is. */
	if (((a->flags & ACT_CASE) != 0) != (sqlite3_column_type(s, 4) !=
	    SQLITE_NULL))
		return verify_found(r, "entry %lld: %s %s", (long long)seq,
		    a->name, a->flags & ACT_CASE ? "names no case" :
		    "is not an entry of a case");
	w->out->counts[a - action_at(0)]++;
	if ((rc = keep_made(w->out, seq, a)))
		return rc;
	if (sqlite3_column_type(s, 4) != SQLITE_NULL &&
	    (rc = replay_case_entry(&w->out->cases, s, seq, a, r, &c)))
		return rc;
	if (r->status == CT_OK && (rc = vrules_entry(v, r, seq, line, body, a,
	    sqlite3_column_type(s, 4) != SQLITE_NULL)))
		return rc;
	/* random-draw's entries (verify_draw.c). */
	if (r->status == CT_OK && strncmp(a->name, "draw", 4) == 0 &&
	    (rc = vdraw_entry(v, r, seq, line, a, vrules_officer(v,
	    v->actor))))
		return rc;
	/* Publicity's entries (verify_publish.c). */
	if (r->status == CT_OK && (strncmp(a->name, "publish", 7) == 0 ||
	    strcmp(a->name, "withdraw") == 0) && (rc = vpublish_entry(v, r,
	    seq, line, a, vrules_officer(v, v->actor))))
		return rc;
	/* A penalty decision's rules (verify_decide.c); the actor looked
	 * up only for them, not for every entry. */
	if (r->status == CT_OK && (a->flags & ACT_PENALTY) &&
	    (rc = vdecide_entry(v, r, seq, a, vrules_actor(v))))
		return rc;
	/* The legal review's entries (verify_review_entry.c). */
	if (r->status == CT_OK && strncmp(a->name, "review-", 7) == 0 &&
	    (rc = vreview_entry(v, r, seq, a)))
		return rc;
	/* No step dated before its case was filed, but those that led to it. */
	if (r->status == CT_OK && c != NULL) {
		if (strcmp(a->name, "case-new") == 0)
			c->s.filed = v->action_t;
		else if (rule_case_order(c->id, c->s.filed, a, v->action_t) !=
		    CT_OK)
			verify_found(r, "entry %lld: %s", (long long)seq,
			    ct_errmsg());
	}
	if (r->status == CT_OK && w->c.size != 0 &&
	    strcmp(v->actor, w->c.officer) != 0)
		verify_found(r, "entry %lld is by '%s', but checkpoint %llu "
		    "that covers it is by '%s'", (long long)seq, v->actor,
		    (unsigned long long)w->c.size, w->c.officer);
	return CT_OK;
}

/* The stored checkpoints up to entry seq: each must be at an entry, and
 * hold there. */
static int
replay_checkpoints(struct walk *w, int64_t seq)
{
	struct verify_report *r = w->r;
	int rc;

	for (; w->c.size != 0 && w->c.size <= (uint64_t)seq;
	    next_checkpoint(w->cp, &w->c)) {
		if (w->c.size != (uint64_t)seq)
			return verify_found(r, "an entry from %llu to %llu was "
			    "changed after checkpoint %llu: the tree no longer "
			    "matches it", (unsigned long long)w->cp_prev + 1,
			    (unsigned long long)w->c.size,
			    (unsigned long long)w->c.size);
		/* The hashing thread compares the tree head; here the rest
		 * is checked as if it matched. */
		vhash_checkpoint(w->h, w->c.root, w->cp_prev);
		if ((rc = check_checkpoint(w->st, &w->out->v, r, &w->c,
		    w->cp_prev, w->prev_root)) || r->status != CT_OK)
			return rc;
		r->checkpoints++;
		w->cp_prev = w->c.size;
		memcpy(w->prev_root, w->c.root, CT_HASH);
	}
	return CT_OK;
}

/* One journal row, entry expect: in order, its columns its line's,
 * queued for hashing, its rules and the checkpoints at it.  Returns an
 * error status, or CT_OK with any fault in w->r. */
static int
replay_row(struct walk *w, uint64_t expect)
{
	sqlite3_stmt *s = w->s;
	int64_t seq = sqlite3_column_int64(s, 0);
	const char *line = (const char *)sqlite3_column_text(s, 1), *body;
	char at[32];
	int rc;

	w->fault_seq = expect;
	w->fault_phase = VHASH_ROWS;
	if ((uint64_t)seq != expect)
		return verify_found(w->r, "entry %llu is missing",
		    (unsigned long long)expect);
	if (line == NULL || !line_agrees(line, seq,
	    (const char *)sqlite3_column_text(s, 4), sql_text(s, 5),
	    (const char *)sqlite3_column_text(s, 6), w->out->v.actor, at,
	    &body))
		return verify_found(w->r, "entry %lld: its case, action or stage "
		    "columns are not its line's", (long long)seq);
	if ((rc = vhash_row(w->h, (uint64_t)seq, line,
	    (size_t)sqlite3_column_bytes(s, 1), sqlite3_column_blob(s, 2),
	    (size_t)sqlite3_column_bytes(s, 2), sqlite3_column_blob(s, 3),
	    (size_t)sqlite3_column_bytes(s, 3))))
		return rc;
	w->fault_phase = VHASH_RULES;
	if ((rc = vrules_time(&w->out->v, w->r, seq, at)) ||
	    w->r->status != CT_OK ||
	    (rc = replay_rules(w, seq, line, body)) || w->r->status != CT_OK)
		return rc;
	w->fault_phase = VHASH_CHECKPOINT;
	return replay_checkpoints(w, seq);
}

/* After the last row: the hashing thread's first fault, if it comes
 * first, and no checkpoint beyond the journal, no entry unsigned. */
static void
replay_end(struct walk *w)
{
	struct verify_report *r = w->r;
	struct vhash_fault hf;

	vhash_finish(w->h, &hf);
	w->h = NULL;
	if (hf.seq != 0 && (r->status == CT_OK || hf.seq < w->fault_seq ||
	    (hf.seq == w->fault_seq && hf.phase < w->fault_phase))) {
		r->status = CT_OK;
		verify_found(r, "%s", hf.msg);
	}
	if (r->status == CT_OK && w->c.size != 0)
		verify_found(r, "entry %llu is missing: checkpoint %llu is beyond the "
		    "journal's %llu entries", (unsigned long long)r->entries + 1,
		    (unsigned long long)w->c.size, (unsigned long long)r->entries);
	if (r->status == CT_OK && w->cp_prev < r->entries)
		verify_found(r, "entries %llu to %llu are not signed: no "
		    "checkpoint covers them", (unsigned long long)w->cp_prev + 1,
		    (unsigned long long)r->entries);
}

/* Replays the journal: recomputes every leaf and the tree, checks the
 * stored nodes and checkpoints, and holds every entry to the rules while
 * it applies the entry to the replayed state in *out.  The first fault
 * goes to r. */
static int
replay_journal(struct ct_store *st, struct verify_report *r,
    void (*progress)(uint64_t, uint64_t), struct replayed *out)
{
	struct walk w = { st, r, out, NULL, NULL, { 0 }, 0, { 0 }, NULL, 0, 0 };
	struct vhash_fault hf;
	uint64_t total;
	char sql[1024];
	int rc, step = SQLITE_DONE;

	memset(r, 0, sizeof *r);
	if ((rc = journal_size(st, &total)) || (rc = vrules_open(&out->v, st)))
		return rc;
	/* Reading through a map spares a read() and a copy per page. */
	sqlite3_exec(st->db, "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(st->db, journal_sql(sql, sizeof sql), -1,
	    &w.s, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT size, root, officer, key_id, "
	    "signature, at FROM checkpoint ORDER BY size", -1, &w.cp, NULL) !=
	    SQLITE_OK)
		rc = ct_fail_sqlite(st->db, "cannot read the journal");
	else
		rc = vhash_start(&w.h);
	if (rc == CT_OK)
		next_checkpoint(w.cp, &w.c);
	while (rc == CT_OK && (step = sqlite3_step(w.s)) == SQLITE_ROW) {
		if ((rc = replay_row(&w, r->entries + 1)) || r->status != CT_OK)
			break;
		r->entries++;
		if (progress != NULL && (r->entries & 0xffff) == 0)
			progress(r->entries, total);
		/* A fault already hashed comes before any found from here. */
		if ((r->entries & 0x3ff) == 0 && vhash_fault_seq(w.h) != 0)
			break;
	}
	if (rc == CT_OK && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = ct_fail_sqlite(st->db, "cannot read the journal");
	if (rc == CT_OK) {
		replay_end(&w);
		if (progress != NULL)
			progress(r->entries, total);
	}
	vhash_finish(w.h, &hf);
	sqlite3_finalize(w.s);
	sqlite3_finalize(w.cp);
	return rc;
}

static void
replayed_free(struct replayed *run)
{
	free(run->made);
	free(run->cases.slot);
	vdraw_free(&run->v);
	vrules_close(&run->v);
	free(run);
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
	/* The rows that entries add (keys among them) before the state
	 * of the cases. */
	if (rc == CT_OK && r->status == CT_OK)
		rc = verify_tables(st, r, run->counts);
	if (rc == CT_OK && r->status == CT_OK)
		rc = verify_refs(st, r);
	if (rc == CT_OK && r->status == CT_OK)
		rc = verify_review(st, r);
	if (rc == CT_OK && r->status == CT_OK)
		rc = verify_publication(st, r);
	if (rc == CT_OK && r->status == CT_OK)
		rc = verify_cases(st, &run->cases, r);
	if (rc == CT_OK && r->status == CT_OK)
		rc = verify_seals(st, r);
	if (rc == CT_OK && r->status == CT_OK)
		rc = vrules_tables(&run->v, r);
	replayed_free(run);
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
	run->keep = 1;
	if ((rc = store_begin(st)) == CT_OK) {
		/* Replayed inside the write transaction: what is rebuilt is
		 * exactly what was verified, with no writer in between.  The
		 * rows are made again by the writers' own apply_entry. */
		rc = replay_journal(st, r, progress, run);
		if (rc == CT_OK && r->status == CT_OK)
			rc = apply_empty(st);
		for (size_t i = 0; i < run->nmade && rc == CT_OK &&
		    r->status == CT_OK; i++)
			rc = apply_entry(st, run->made[i].a, run->made[i].seq);
		if (rc == CT_OK && r->status == CT_OK)
			rc = apply_refs_all(st);
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
	replayed_free(run);
	return rc;
}
