/* case.c: opening cases and recording their steps, checked, appended
 * and applied (case_read.c has the reads). */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "review.h"

#define TEXT_MAX (256 * 1024)
#define REF_MAX 256             /* bytes of a ref (casetrail-formats(5)) */

int
case_id_check(const char *id)
{
	if (strlen(id) != 11 || strspn(id, "0123456789") != 4 || id[4] != '-' ||
	    strspn(id + 5, "0123456789") != 6)
		return ct_fail(CT_USAGE, "bad case ID '%s' (like 2026-000042)", id);
	return CT_OK;
}

static int
check_text(const char *what, const char *s, size_t max, int multiline,
    int required)
{
	if (s == NULL || *s == '\0')
		return required ? ct_fail(CT_USAGE, "%s is empty", what) : CT_OK;
	return utf8_check_field(what, s, strlen(s), max, multiline);
}

/* A party's ID is what its kind has: a person's, a resident identity
 * number with its date of birth and check character; an
 * organisation's, a unified social credit code with its check
 * character; a party of no kind given, either (cnid.c). */
static int
party_id_check(const char *kind, const char *id)
{
	size_t n = id ? strlen(id) : 0;
	int person = kind == NULL || strcmp(kind, "person") == 0;
	int org = kind == NULL || strcmp(kind, "org") == 0;

	if (n == 0 || (person && cnid_resident(id, n)) ||
	    (org && cnid_uscc(id, n)))
		return CT_OK;
	return ct_fail(CT_USAGE, "party ID '%s' is not a valid %s: its length, "
	    "%s or check character is wrong (--party-id-unchecked takes a "
	    "foreign or other document as it is)", id, !org ?
	    "resident identity number" : !person ? "unified social credit "
	    "code" : "resident identity number or unified social credit code",
	    !org ? "date of birth" : "characters");
}

int
case_create(struct ct_store *st, const struct case_new *c, char *id)
{
	char year[16], handlers[1200], filed[21];
	const char *h[16];
	int nh = c->nhandlers, rc, num = 1;
	int64_t seq;
	sqlite3_stmt *s, *ins;
	struct tm tm;

	if ((rc = rule_case_fields(c->type, NULL)) ||
	    (rc = check_text("title", c->title, 1024, 0, 1)) ||
	    (rc = check_text("party", c->party, 256, 0, 0)) ||
	    (rc = check_text("party ID", c->party_id, 64, 0, 0)) ||
	    (rc = check_text("basis", c->basis, 4096, 1, 0)))
		return rc;
	if ((rc = rule_case_fields(c->type, c->party_kind)) ||
	    (!c->party_id_unchecked && (rc = party_id_check(c->party_kind,
	    c->party_id))))
		return rc;
	if (c->filed_at > time_now() + 300)
		return ct_fail(CT_USAGE, "filing time is in the future");
	memcpy(h, c->handlers, sizeof h);
	if (nh == 0)
		h[nh++] = st->actor;
	if ((rc = officer_check_list(st, h, nh)) ||
	    (rc = rules_entry(st, action_find("case-new"), c->filed_at, h, nh)) ||
	    (rc = json_words(h, nh, handlers, sizeof handlers)))
		return rc;

	localtime_r(&c->filed_at, &tm);
	snprintf(year, sizeof year, "%04d", tm.tm_year + 1900);
	if (sqlite3_prepare_v2(st->db, "SELECT max(id) FROM cases WHERE id "
	    "BETWEEN ?1 || '-000000' AND ?1 || '-999999'", -1, &s, NULL))
		return ct_fail_sqlite(st->db, "cannot number the case");
	sqlite3_bind_text(s, 1, year, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		num = atoi((const char *)sqlite3_column_text(s, 0) + 5) + 1;
	sqlite3_finalize(s);
	if (num > 999999)
		return ct_fail(CT_REFUSED, "no case numbers left in %s", year);
	snprintf(id, 16, "%.4s-%06d", year, num % 1000000);
	time_utc(c->filed_at, filed);

	/* A minor party (publish-export never publishes him) says so;
	 * other entries have no such key. */
	ins = journal_prepare(st, SLOT_JOURNAL_CASE_NEW, "json_patch("
	    "json_object('type',?7,'title',?8,'party',?9,'party_kind',?10,"
	    "'party_id',?11,'basis',?12,'handlers',json(?13),'filed_at',?14),"
	    "json_object('party_minor',CASE WHEN ?15 THEN json('true') END))");
	if (ins == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(ins, 4, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, "case-new", -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, "filing", -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, c->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 8, c->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 9, c->party, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 10, c->party_kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 11, c->party_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 12, c->basis, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 13, handlers, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 14, filed, -1, SQLITE_STATIC);
	sqlite3_bind_int(ins, 15, c->party_minor);
	if ((rc = journal_step(st, ins, &seq)))
		return rc;
	return apply_entry(st, action_find("case-new"), seq);
}

/* Finds the batch's state of a case, loading it on first touch.  A
 * newly loaded case is not kept until case_log commits to it. */
static int
touch_find(struct ct_store *st, struct case_log_batch *b, const char *id,
    struct case_touch *out, size_t *index)
{
	sqlite3_stmt *s;

	for (size_t k = b->n; k > 0; k--)
		if (strcmp(b->touched[k - 1].id, id) == 0) {
			*index = k - 1;
			*out = b->touched[k - 1];
			return CT_OK;
		}
	*index = b->n;
	if ((s = store_stmt(st, SLOT_CASE_STATE, CASE_STATE_SQL)) == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return ct_fail(CT_NOTFOUND, "cannot find case '%s'", id);
	}
	memset(out, 0, sizeof *out);
	snprintf(out->id, sizeof out->id, "%s", id);
	snprintf(out->s.stage, sizeof out->s.stage, "%s",
	    sqlite3_column_text(s, 0));
	snprintf(out->s.status, sizeof out->s.status, "%s",
	    sqlite3_column_text(s, 1));
	snprintf(out->s.decided_at, sizeof out->s.decided_at, "%s",
	    sqlite3_column_text(s, 2));
	snprintf(out->s.closed_at, sizeof out->s.closed_at, "%s",
	    sqlite3_column_text(s, 3));
	out->s.flags = sqlite3_column_int(s, 4);
	out->s.last_seq = sqlite3_column_int64(s, 5);
	time_from_utc((const char *)sqlite3_column_text(s, 6), &out->s.filed);
	sqlite3_reset(s);
	return CT_OK;
}

/* Checks the evidence items, as typed, and puts each one's full ID in
 * ids; says whether one is audio or video. */
static int
check_evidence(struct ct_store *st, const struct case_entry *e, int *av,
    char ids[][65], const char **id_list)
{
	char kind[16];
	int rc;

	*av = 0;
	for (int i = 0; i < e->nevidence; i++) {
		if ((rc = evidence_resolve(st, e->evidence[i], e->case_id,
		    ids[i], kind)))
			return rc;
		id_list[i] = ids[i];
		*av |= strcmp(kind, "audio") == 0 || strcmp(kind, "video") == 0;
	}
	return CT_OK;
}

/* The body of a case-log entry, over the SQL names of its at, text,
 * officers, evidence and ref.  The officers present are recorded with the
 * credentials they showed (事中公示). */
static void
body_sql(char *buf, size_t cap, int shape, const char *const v[5])
{
	size_t off = (size_t)snprintf(buf, cap, "json_object('at',%s,'text',%s",
	    v[0], v[1]);

	if (shape & 1)
		off += (size_t)snprintf(buf + off, cap - off, ",'officers',"
		    "json(%s),'credentials',json((SELECT json_group_array("
		    "credential) FROM (SELECT o.credential FROM json_each(%s) j "
		    "JOIN officer o ON o.id = j.value ORDER BY j.key)))", v[2],
		    v[2]);
	if (shape & 2)
		off += (size_t)snprintf(buf + off, cap - off, ",'evidence',"
		    "json(%s)", v[3]);
	if (shape & 4)
		off += (size_t)snprintf(buf + off, cap - off, ",'flags',"
		    "json('[\"no-av\"]')");
	if (shape & 8)
		off += (size_t)snprintf(buf + off, cap - off, ",'ref',%s", v[4]);
	snprintf(buf + off, cap - off, ")");
}

/* An import's entries wait here to go into the journal JOURNAL_ROWS at a
 * time, while they have one body shape. */
enum { ROW_SEQ, ROW_CASE, ROW_ACTION, ROW_STAGE, ROW_AT, ROW_TEXT,
    ROW_OFFICERS, ROW_EVIDENCE, ROW_REF, ROW_WIDTH };

struct case_log_rows {
	int n, shape;
	size_t at[JOURNAL_ROWS][ROW_WIDTH];  /* offset + 1 in bytes; 0: NULL */
	char *bytes;
	size_t len, cap;
};

static int
rows_flush(struct ct_store *st, struct case_log_rows *q)
{
	static const char *const v[5] = { "column5", "column6", "column7",
	    "column8", "column9" };
	char body[1024];
	sqlite3_stmt *s;
	int64_t first;
	int rc, width;

	if (q == NULL || q->n == 0)
		return CT_OK;
	/* Rows without a ref go without its column: an import of them
	 * costs what it did before there were refs. */
	width = q->shape & 8 ? ROW_WIDTH : ROW_REF;
	if (st->stmt_cache[SLOT_JOURNAL_CASE_ROWS + q->shape] == NULL)
		body_sql(body, sizeof body, q->shape, v);
	if ((s = journal_prepare_rows(st, SLOT_JOURNAL_CASE_ROWS + q->shape,
	    body, width)) == NULL)
		return CT_SYSTEM;
	for (int r = 0; r < q->n; r++) {
		int p = 3 + r * width;

		sqlite3_bind_int64(s, p + ROW_SEQ,
		    (sqlite3_int64)st->tree.size + 1 + r);
		for (int c = ROW_SEQ + 1; c < width; c++)
			if (q->at[r][c] != 0)
				sqlite3_bind_text(s, p + c, q->bytes +
				    q->at[r][c] - 1, -1, SQLITE_STATIC);
	}
	first = (int64_t)st->tree.size + 1;
	rc = journal_step_rows(st, s, q->n);
	if (rc == CT_OK && (q->shape & 8))
		rc = apply_refs(st, first, first + q->n - 1);
	q->n = 0;
	q->len = 0;
	return rc;
}

/* Queues an entry of the given shape, its values v (NULL: absent); *seq
 * gets the number it will have. */
static int
rows_add(struct ct_store *st, struct case_log_batch *b, int shape,
    const char *const v[ROW_WIDTH], int64_t *seq)
{
	struct case_log_rows *q = b->rows;
	int rc;

	if (q == NULL && (q = b->rows = calloc(1, sizeof *q)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	if (q->n > 0 && (q->shape != shape || q->n == JOURNAL_ROWS) &&
	    (rc = rows_flush(st, q)))
		return rc;
	for (int c = ROW_SEQ + 1; c < ROW_WIDTH; c++) {
		size_t n;
		char *p;

		q->at[q->n][c] = 0;
		if (v[c] == NULL)
			continue;
		n = strlen(v[c]) + 1;
		if ((p = grow(q->bytes, &q->cap, q->len + n, 64 * 1024)) == NULL)
			return CT_SYSTEM;
		q->bytes = p;
		memcpy(q->bytes + q->len, v[c], n);
		q->at[q->n][c] = q->len + 1;
		q->len += n;
	}
	q->shape = shape;
	*seq = (int64_t)st->tree.size + 1 + q->n++;
	return CT_OK;
}

/* Keeps t as the batch's state of its case, at index (b->n: new). */
static int
touch_keep(struct case_log_batch *b, size_t index, const struct case_touch *t)
{
	if (index == b->n) {
		void *p = grow(b->touched, &b->cap, (b->n + 1) *
		    sizeof *b->touched, 16 * sizeof *b->touched);

		if (p == NULL)
			return CT_SYSTEM;
		b->touched = p;
		b->n++;
	}
	b->touched[index] = *t;
	/* Keep the newest case last: an import is mostly case by case, so
	 * the backward search in touch_find ends at once. */
	if (index + 1 != b->n) {
		b->touched[index] = b->touched[b->n - 1];
		b->touched[b->n - 1] = *t;
	}
	return CT_OK;
}

int
case_touch_entry(struct ct_store *st, struct case_log_batch *b,
    const char *case_id, const struct action *a, const char *stage,
    const char *at, int flagged, int64_t seq)
{
	struct case_touch t;
	size_t index;
	int rc;

	if ((rc = touch_find(st, b, case_id, &t, &index)))
		return rc;
	{
		char before[sizeof t.s.status];

		memcpy(before, t.s.status, sizeof before);
		case_apply(&t.s, a, stage ? stage : t.s.stage, at, flagged, seq);
		t.new_status |= strcmp(before, t.s.status) != 0;
	}
	return touch_keep(b, index, &t);
}

/* The structured decision's fields of entry e (decide.c), judged by the
 * rules of a penalty entry, as the JSON its body is patched with into
 * *extra (malloc'd), or NULL for an entry without them. */
static int
penalty_extra(struct ct_store *st, const struct case_log_batch *b,
    const struct action *a, const struct case_entry *e, char **extra)
{
	struct case_entry copy = *e;
	struct ct_penalty p;
	int rc;

	*extra = NULL;
	if (!ct_penalty_given(e->penalty) && strcmp(a->name, "approval") != 0)
		return decide_fielded(st, e, (int64_t)st->tree.size + 1);
	if (!(a->flags & ACT_PENALTY))
		return ct_fail(CT_USAGE, "%s takes no penalty fields (only "
		    "notice, approval and decision do)", a->name);
	if (!ct_penalty_given(e->penalty))
		return ct_fail(CT_USAGE, "an approval names the draft it "
		    "approves: its penalty fields and text");
	if (b->defer)
		return ct_fail(CT_USAGE, "an import takes no penalty fields");
	p = *e->penalty;
	if ((rc = ct_penalty_check(&p)))
		return rc;
	copy.penalty = &p;
	return decide_body(st, &copy, (int64_t)st->tree.size + 1, extra);
}

static int
case_log_entry(struct ct_store *st, struct case_log_batch *b,
    struct case_entry *e, int64_t *seq)
{
	const struct action *a = action_find(e->action);
	struct case_touch t = { 0 };
	size_t index;
	int64_t entry = 0;
	char officers[1200], evidence[64 * 67 + 3], at[21], ids[64][65];
	const char *id_list[64];
	const char *stage;
	char body[1024], names[512], *extra = NULL;
	int rc, av, shape;
	sqlite3_stmt *ins;

	if (a == NULL || !(a->flags & ACT_LOG))
		return ct_fail(CT_USAGE, "unknown action '%s' (actions: %s)",
		    e->action, action_names(ACT_LOG, names, sizeof names));
	if (e->stage != NULL && !word_in(e->stage, vocab_stages))
		return ct_fail(CT_USAGE, "unknown stage '%s' (stages: %s)",
		    e->stage, vocab_stages);
	if ((rc = check_text("text", e->text, TEXT_MAX, 1, 0)) ||
	    (rc = check_text("ref", e->ref, REF_MAX, 0, 0)) ||
	    (rc = case_id_check(e->case_id)))
		return rc;
	if (e->at > time_now() + 300)
		return ct_fail(CT_USAGE, "%s: time of the %s is in the future",
		    e->case_id, e->action);
	if ((rc = touch_find(st, b, e->case_id, &t, &index)) ||
	    (rc = rule_case_accepts(e->case_id, t.s.status, a)) ||
	    (rc = rule_case_order(e->case_id, t.s.filed, a, e->at)))
		return rc;
	if ((rc = officer_check_list(st, e->officers, e->nofficers)) ||
	    (rc = rules_entry(st, a, e->at, e->officers, e->nofficers)) ||
	    (rc = json_words(e->officers, e->nofficers, officers,
	    sizeof officers)) ||
	    (rc = check_evidence(st, e, &av, ids, id_list)) ||
	    (rc = json_words(id_list, e->nevidence, evidence,
	    sizeof evidence)))
		return rc;
	e->flagged = (a->flags & ACT_AV) && !av;
	if ((stage = e->stage) == NULL && (stage = a->stage) == NULL)
		stage = t.s.stage;
	if ((rc = rule_case_move(e->case_id, t.s.status, a, stage,
	    e->text != NULL && e->text[0] != '\0')))
		return rc;
	time_utc(e->at, at);
	if ((rc = penalty_extra(st, b, a, e, &extra)))
		return rc;

	/* Empty lists are left out of the body, so each combination of
	 * lists present has its statement. */
	shape = (e->nofficers > 0) | (e->nevidence > 0) << 1 |
	    e->flagged << 2 | (e->ref != NULL && *e->ref != '\0') << 3;
	if (b->defer) {
		const char *v[ROW_WIDTH] = { NULL, e->case_id, e->action,
		    stage, at, e->text ? e->text : "", shape & 1 ? officers :
		    NULL, shape & 2 ? evidence : NULL, shape & 8 ? e->ref :
		    NULL };

		if ((rc = rows_add(st, b, shape, v, &entry)))
			return rc;
	} else {
		static const char *const p[5] = { "?7", "?8", "?9", "?10",
		    "?11" };

		int slot = (extra ? SLOT_JOURNAL_PENALTY :
		    SLOT_JOURNAL_CASE_LOG) + shape;

		if (st->stmt_cache[slot] == NULL) {
			char inner[1024];

			/* A penalty entry's body is the plain one patched
			 * with its structured fields, ?12. */
			body_sql(inner, sizeof inner, shape, p);
			snprintf(body, sizeof body, extra ? "json_patch(%s,?12)" :
			    "%s", inner);
		}
		ins = journal_prepare(st, slot, body);
		if (ins == NULL) {
			free(extra);
			return CT_SYSTEM;
		}
		if (extra != NULL)
			sqlite3_bind_text(ins, 12, extra, -1, free);
		sqlite3_bind_text(ins, 4, e->case_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, e->action, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, stage, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 7, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, e->text ? e->text : "", -1,
		    SQLITE_STATIC);
		if (shape & 1)
			sqlite3_bind_text(ins, 9, officers, -1, SQLITE_STATIC);
		if (shape & 2)
			sqlite3_bind_text(ins, 10, evidence, -1, SQLITE_STATIC);
		if (shape & 8)
			sqlite3_bind_text(ins, 11, e->ref, -1, SQLITE_STATIC);
		if ((rc = journal_step(st, ins, &entry)) ||
		    ((shape & 8) && (rc = apply_refs(st, entry, entry))) ||
		    (slot >= SLOT_JOURNAL_PENALTY && (rc = apply_entry(st, a,
		    entry))))
			return rc;
	}
	if (seq != NULL)
		*seq = entry;
	{
		char before[sizeof t.s.status];

		memcpy(before, t.s.status, sizeof before);
		case_apply(&t.s, a, stage, at, e->flagged, entry);
		t.new_status |= strcmp(before, t.s.status) != 0;
	}
	return touch_keep(b, index, &t);
}

/* A decision given no text and no penalty fields, in a case with a
 * legal review, is the draft that a review approved (review_draft.c). */
int
case_log(struct ct_store *st, struct case_log_batch *b, struct case_entry *e,
    int64_t *seq)
{
	struct review_draft d;
	struct case_entry given = *e;
	int rc;

	if (b->defer || strcmp(e->action, "decision") != 0 ||
	    ct_penalty_given(e->penalty) || (e->text != NULL && *e->text))
		return case_log_entry(st, b, e, seq);
	if ((rc = review_draft_load(st, e->case_id, &d)) == CT_NOTFOUND)
		return case_log_entry(st, b, e, seq);
	if (rc != CT_OK)
		return rc;
	e->penalty = &d.p;
	e->text = d.text;
	rc = case_log_entry(st, b, e, seq);
	e->penalty = given.penalty;
	e->text = given.text;
	review_draft_free(&d);
	return rc;
}

int
case_log_has_ref(struct ct_store *st, const struct case_log_batch *b,
    const char *case_id, const char *ref, int *has)
{
	const struct case_log_rows *q = b->rows;
	sqlite3_stmt *s;
	int rc;

	*has = 0;
	/* The queue's rows have one shape: all with a ref, or none. */
	for (int r = 0; q != NULL && (q->shape & 8) && r < q->n; r++)
		if (strcmp(q->bytes + q->at[r][ROW_REF] - 1, ref) == 0 &&
		    strcmp(q->bytes + q->at[r][ROW_CASE] - 1, case_id) == 0) {
			*has = 1;
			return CT_OK;
		}
	if ((s = store_stmt(st, SLOT_CASE_REF, "SELECT 1 FROM case_ref WHERE "
	    "case_id = ?1 AND ref = ?2")) == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		*has = 1;
	else if (rc != SQLITE_DONE)
		return ct_fail_sqlite(st->db, "cannot look up a ref");
	return CT_OK;
}

int
case_log_flush(struct ct_store *st, struct case_log_batch *b)
{
	int rc = rows_flush(st, b->rows);

	for (size_t i = 0; i < b->n && rc == CT_OK; i++)
		rc = apply_case_state(st, b->touched[i].id, &b->touched[i].s,
		    b->touched[i].new_status);
	case_log_batch_free(b);
	return rc;
}

void
case_log_batch_free(struct case_log_batch *b)
{
	free(b->touched);
	if (b->rows != NULL)
		free(b->rows->bytes);
	free(b->rows);
	memset(b, 0, sizeof *b);
}
