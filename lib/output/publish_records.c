/* publish_records.c: what an export publishes (publish.h).  A decided
 * case's record is read from its decision entry and its case: document
 * number, party (an organisation's credit code with it), the main facts,
 * the legal basis, the penalty as words and amounts, the agency and the
 * date; never a review opinion, minutes or evidence, which the record
 * does not even read.  Every text is redacted (redact.c) with the names
 * of the natural persons the record knows: the party unless it is an
 * organisation, and those of --redact-also.  A party marked minor
 * (case-new --party-minor) is held back and counted. */
#include <stdlib.h>
#include <string.h>

#include "publish.h"

/* The penalty of a decision entry d as the public reads it. */
#define PENALTY_TEXT "(SELECT group_concat(CASE t.value " \
	"WHEN 'warning' THEN '警告' " \
	"WHEN 'fine' THEN printf('罚款 %d.%02d 元', f.value / 100, " \
	"  f.value % 100) " \
	"WHEN 'confiscate-gains' THEN printf('没收违法所得 %d.%02d 元', " \
	"  ifnull(g.value, 0) / 100, ifnull(g.value, 0) % 100) " \
	"WHEN 'confiscate-property' THEN '没收非法财物' " \
	"WHEN 'suspend-licence' THEN '暂扣许可证件' " \
	"WHEN 'revoke-licence' THEN '吊销许可证件' " \
	"WHEN 'lower-grade' THEN '降低资质等级' " \
	"WHEN 'stop-business' THEN '责令停产停业' " \
	"WHEN 'restrict-trade' THEN '限制从业' END, '；') " \
	"FROM json_each(d.line, '$.body.penalty.types') t " \
	"LEFT JOIN (SELECT d.line->>'$.body.penalty.fine' AS value) f " \
	"LEFT JOIN (SELECT d.line->>'$.body.penalty.confiscation' AS value) g)"

/* Decided cases with no publication yet, in case order. */
static const char new_sql[] =
    "SELECT c.id, d.line->>'$.body.document.number', c.party, "
    "c.party_kind, c.party_id, coalesce(d.line->>'$.body.penalty.facts', "
    "c.title), coalesce(d.line->>'$.body.penalty.basis', c.basis), "
    PENALTY_TEXT ", c.decided_at, n.line->>'$.body.party_minor', c.type "
    "FROM cases c JOIN journal d ON d.case_id = c.id AND "
    "d.action = 'decision' JOIN journal n ON n.seq = c.seq "
    "WHERE c.decided_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
    "publication p WHERE p.case_id = c.id) ORDER BY c.id";

/* The records published now, as their entries hold them: not withdrawn
 * after, and not past their last day (?1, today). */
static const char now_sql[] =
    "SELECT x.value->>'case_id', x.value->>'doc_number', "
    "x.value->>'party', x.value->>'party_code', x.value->>'facts', "
    "x.value->>'basis', x.value->>'penalty', x.value->>'agency', "
    "x.value->>'decided', x.value->>'published', "
    "x.value->>'ends', j.seq FROM journal j, json_each(j.line, "
    "'$.body.records') x JOIN publication p ON p.seq = j.seq AND "
    "p.case_id = x.value->>'case_id' WHERE j.action = 'publish' AND "
    "p.ends >= ?1 AND NOT EXISTS (SELECT 1 FROM withdrawal w WHERE "
    "w.case_id = p.case_id AND w.seq > p.seq) ORDER BY p.case_id, p.seq";

/* The document number a case was last published with. */
#define DOC_OF(c) "(SELECT q.doc_number FROM publication q WHERE " \
	"q.case_id = " c " ORDER BY q.seq DESC LIMIT 1)"

/* What was taken down since the last export (its entry ?1, its day ?2):
 * withdrawals recorded after it, and publications whose last day fell
 * from its day to yesterday (?3 is today). */
static const char gone_sql[] =
    "SELECT w.case_id, " DOC_OF("w.case_id") ", w.because, w.reason, "
    "w.day FROM withdrawal w WHERE w.seq > ?1 UNION ALL "
    "SELECT p.case_id, " DOC_OF("p.case_id") ", 'ended', '公示期满', "
    "p.ends FROM publication p WHERE p.ends < ?3 AND p.ends >= ?2 AND "
    "NOT EXISTS (SELECT 1 FROM withdrawal w WHERE w.case_id = p.case_id "
    "AND w.seq > p.seq)";

static int
dup(const char *s, char **out)
{
	*out = NULL;
	if (s != NULL && (*out = strdup(s)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	return CT_OK;
}

/* text redacted by r into *out (NULL stays NULL). */
static int
dup_redacted(const char *text, const struct redact *r, char **out)
{
	*out = NULL;
	if (text != NULL && (*out = redact_text(text, r)) == NULL)
		return CT_SYSTEM;
	return CT_OK;
}

static struct publish_record *
next_record(struct publish_set *s)
{
	struct publish_record *p = grow(s->r, &s->cap,
	    (s->n + 1) * sizeof *s->r, 64 * sizeof *s->r);

	if (p == NULL)
		return NULL;
	s->r = p;
	memset(&s->r[s->n], 0, sizeof *s->r);
	return &s->r[s->n++];
}

void
publish_ends(const char *day, int months, char *buf)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	long d = 0;
	int y, m, dd, last;

	(void)calendar_parse_date(day, &d);
	calendar_date(d, &y, &m, &dd);
	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	last = mdays[m - 1] + (m == 2 && y % 4 == 0 &&
	    (y % 100 != 0 || y % 400 == 0));
	snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)(dd > last ? last : dd) % 100u);
}

/* One new record from row s of new_sql, redacted. */
static int
new_record(struct ct_store *st, const struct publish_opts *o,
    sqlite3_stmt *s, struct publish_set *set)
{
	const char *names[65];
	struct redact r = { names, 0, 0 };
	const char *party = sql_text(s, 2), *kind = sql_text(s, 3);
	struct publish_record *p;
	char decided[11], ends[11];
	time_t t;
	int rc;

	if (sqlite3_column_type(s, 9) != SQLITE_NULL &&
	    sqlite3_column_int(s, 9)) {
		set->held_back++;
		return CT_OK;
	}
	r.org_premises = strcmp(kind, "org") == 0;
	if (!r.org_premises && party[0] != '\0')
		names[r.nnames++] = party;
	for (size_t i = 0; i < o->nalso && r.nnames < 65; i++)
		names[r.nnames++] = o->also[i];
	if (time_from_utc(sql_text(s, 8), &t))
		return CT_SYSTEM;
	time_local_date(t, decided);
	publish_ends(set->today, strcmp(sql_text(s, 10), "penalty") == 0 ?
	    st->conf.keep_penalty_months : st->conf.keep_months, ends);
	if ((p = next_record(set)) == NULL)
		return CT_SYSTEM;
	if ((rc = dup(sql_text(s, 0), &p->case_id)) ||
	    (rc = dup((const char *)sqlite3_column_text(s, 1), &p->doc_number)) ||
	    (rc = dup_redacted((const char *)sqlite3_column_text(s, 2), &r,
	    &p->party)) ||
	    (rc = dup(r.org_premises ? (const char *)sqlite3_column_text(s, 4) :
	    NULL, &p->party_code)) ||
	    (rc = dup_redacted((const char *)sqlite3_column_text(s, 5), &r,
	    &p->facts)) ||
	    (rc = dup_redacted((const char *)sqlite3_column_text(s, 6), &r,
	    &p->basis)) ||
	    (rc = dup_redacted((const char *)sqlite3_column_text(s, 7), &r,
	    &p->penalty)) ||
	    (rc = dup(st->conf.agency, &p->agency)) ||
	    (rc = dup(decided, &p->decided)) ||
	    (rc = dup(set->today, &p->published)) ||
	    (rc = dup(ends, &p->ends)))
		return rc;
	return CT_OK;
}

/* One record published now from row s of now_sql, as recorded. */
static int
now_record(sqlite3_stmt *s, struct publish_set *set)
{
	struct publish_record *p = next_record(set);
	char **f[11];
	int rc;

	if (p == NULL)
		return CT_SYSTEM;
	f[0] = &p->case_id, f[1] = &p->doc_number, f[2] = &p->party;
	f[3] = &p->party_code, f[4] = &p->facts, f[5] = &p->basis;
	f[6] = &p->penalty, f[7] = &p->agency, f[8] = &p->decided;
	f[9] = &p->published, f[10] = &p->ends;
	for (int i = 0; i < 11; i++)
		if ((rc = dup((const char *)sqlite3_column_text(s, i), f[i])))
			return rc;
	p->entry = sqlite3_column_int64(s, 11);
	return CT_OK;
}

static int
gone_record(sqlite3_stmt *s, struct publish_set *set)
{
	struct publish_removal *g = grow(set->gone, &set->gone_cap,
	    (set->ngone + 1) * sizeof *g, 16 * sizeof *g);
	int rc;

	if (g == NULL)
		return CT_SYSTEM;
	set->gone = g;
	g = &set->gone[set->ngone++];
	memset(g, 0, sizeof *g);
	if ((rc = dup(sql_text(s, 0), &g->case_id)) ||
	    (rc = dup((const char *)sqlite3_column_text(s, 1), &g->doc_number)) ||
	    (rc = dup(sql_text(s, 2), &g->because)) ||
	    (rc = dup(sql_text(s, 3), &g->reason)) ||
	    (rc = dup(sql_text(s, 4), &g->day)))
		return rc;
	return CT_OK;
}

/* The last export's entry and day into *seq and day ("" if none). */
static int
last_export(struct ct_store *st, int64_t *seq, char day[11])
{
	sqlite3_stmt *s;
	int rc;

	*seq = 0;
	day[0] = '\0';
	if (sqlite3_prepare_v2(st->db, "SELECT seq, line->>'$.body.published' "
	    "FROM journal WHERE action = 'publish' ORDER BY seq DESC LIMIT 1",
	    -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the last export");
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		snprintf(day, 11, "%s", sql_text(s, 1));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CT_OK :
	    ct_fail_sqlite(st->db, "cannot read the last export");
}

/* Runs sql, binding ?1 to the text a (if not NULL) or to b, ?2 to c
 * and ?3 to a where it has them, and hands each row to each. */
static int
each_row(struct ct_store *st, const char *sql, const char *a, int64_t b,
    const char *c, int (*each)(void *, sqlite3_stmt *), void *ctx)
{
	sqlite3_stmt *s;
	int rc = CT_OK, step = SQLITE_DONE, n;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the records");
	n = sqlite3_bind_parameter_count(s);
	if (n == 1)
		sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
	if (n == 3) {
		sqlite3_bind_int64(s, 1, b);
		sqlite3_bind_text(s, 2, c, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, a, -1, SQLITE_STATIC);
	}
	while (rc == CT_OK && (step = sqlite3_step(s)) == SQLITE_ROW)
		rc = each(ctx, s);
	if (rc == CT_OK && step != SQLITE_DONE)
		rc = ct_fail_sqlite(st->db, "cannot read the records");
	sqlite3_finalize(s);
	return rc;
}

struct collect {
	struct ct_store *st;
	const struct publish_opts *o;
	struct publish_set *set;
};

static int
each_new(void *ctx, sqlite3_stmt *s)
{
	struct collect *c = ctx;

	return new_record(c->st, c->o, s, c->set);
}

static int
each_now(void *ctx, sqlite3_stmt *s)
{
	return now_record(s, ((struct collect *)ctx)->set);
}

static int
each_gone(void *ctx, sqlite3_stmt *s)
{
	return gone_record(s, ((struct collect *)ctx)->set);
}

int
publish_collect(struct ct_store *st, const struct publish_opts *o,
    struct publish_set *s)
{
	struct collect c = { st, o, s };
	char day[11];
	int64_t last;
	int rc;

	time_local_date(time_now(), s->today);
	/* All: what is published now, and everything ever taken down. */
	if (o->all) {
		if ((rc = each_row(st, now_sql, s->today, 0, NULL, each_now, &c)))
			return rc;
		return each_row(st, gone_sql, s->today, 0, "", each_gone, &c);
	}
	if ((rc = each_row(st, new_sql, NULL, 0, NULL, each_new, &c)) ||
	    (rc = last_export(st, &last, day)))
		return rc;
	return each_row(st, gone_sql, s->today, last, day, each_gone, &c);
}

void
publish_set_free(struct publish_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct publish_record *p = &s->r[i];

		free(p->case_id), free(p->doc_number), free(p->party);
		free(p->party_code), free(p->facts), free(p->basis);
		free(p->penalty), free(p->agency), free(p->decided);
		free(p->published), free(p->ends);
	}
	for (size_t i = 0; i < s->ngone; i++) {
		struct publish_removal *g = &s->gone[i];

		free(g->case_id), free(g->doc_number), free(g->because);
		free(g->reason), free(g->day);
	}
	free(s->r);
	free(s->gone);
	memset(s, 0, sizeof *s);
}
