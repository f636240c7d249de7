/* verify_decide.c: store-verify's replay of the structured decision
 * (decide.h): each notice, approval and decision with penalty fields is
 * judged again by the rules the writer applied (rules_decide.c) on the
 * record before it and the casetrail.conf in force when it was
 * recorded; its major rule, an approval's draft hash and a decision's
 * document number are made again and compared: a number out of its
 * sequence (a gap, a duplicate), of the wrong year or not of the
 * pattern is reported. */
#include <stdlib.h>
#include <string.h>

#include "decide.h"
#include "verify.h"

#define ENTRY_SQL "SELECT j.line->>'$.at', j.case_id, (SELECT " \
	"group_concat(value, ' ') FROM json_each(j.line, " \
	"'$.body.penalty.types')), j.line->>'$.body.penalty.fine', " \
	"j.line->>'$.body.penalty.confiscation', " \
	"j.line->>'$.body.penalty.basis', j.line->>'$.body.penalty.facts', " \
	"j.line->>'$.body.penalty.comply', " \
	"j.line->>'$.body.penalty.comply_by', " \
	"j.line->>'$.body.penalty.major', j.line->>'$.body.text', " \
	"j.line->>'$.body.major', j.line->>'$.body.draft', " \
	"j.line->>'$.body.document.kind', j.line->>'$.body.document.year', " \
	"j.line->>'$.body.document.serial', " \
	"j.line->>'$.body.document.number', " \
	"json_type(j.line, '$.body.penalty'), j.line->>'$.body.at' " \
	"FROM journal j WHERE j.seq = ?1"

/* The last serial of each year of penalty decisions, as replayed. */
struct vdecide {
	struct { int year; int64_t serial; } *last;
	size_t n, cap;
};

void
vdecide_free(struct vdecide *d)
{
	if (d != NULL)
		free(d->last);
	free(d);
}

static const char *
col(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NULL :
	    (const char *)sqlite3_column_text(s, i);
}

int
conf_then(struct ct_store *st, time_t t, struct ct_conf *c)
{
	char *text = NULL;
	int64_t seq;
	int rc = ct_conf_at(st, t, &text, &seq);

	conf_defaults(c);
	if (rc == CT_NOTFOUND)
		return CT_OK;
	if (rc == CT_OK)
		rc = conf_parse(c, text, strlen(text), "casetrail.conf");
	free(text);
	/* The holiday calendar recorded with them, if it was. */
	if (rc == CT_OK)
		rc = conf_calendar_at(st, seq, c);
	return rc;
}

static int
local_day_of(time_t t, long *day, int *year)
{
	char date[16];

	time_local_date(t, date);
	*year = atoi(date);
	return calendar_parse_date(date, day);
}

/* A decision's document: of kind penalty, the agency's year when it was
 * recorded, the next serial of that year, as the pattern makes it. */
static int
document(struct vrules *v, struct verify_report *r, int64_t seq,
    sqlite3_stmt *s, const struct ct_conf *c, int year)
{
	struct vdecide *d = v->decide;
	const char *kind = col(s, 13), *number = col(s, 16);
	int64_t serial = sqlite3_column_int64(s, 15);
	char want[256];
	size_t i;

	if (kind == NULL || number == NULL)
		return verify_found(r, "entry %lld: a penalty decision without "
		    "its document number", (long long)seq);
	if (strcmp(kind, "penalty") != 0 || sqlite3_column_int(s, 14) != year)
		return verify_found(r, "entry %lld: document %s is of %s %d, "
		    "not of the year it was recorded in (%d)", (long long)seq,
		    number, kind, sqlite3_column_int(s, 14), year);
	for (i = 0; i < d->n && d->last[i].year != year; i++)
		;
	if (i == d->n) {
		void *p = grow(d->last, &d->cap, (d->n + 1) * sizeof *d->last,
		    4 * sizeof *d->last);

		if (p == NULL)
			return CT_SYSTEM;
		d->last = p;
		d->last[d->n].year = year;
		d->last[d->n++].serial = 0;
	}
	if (serial != d->last[i].serial + 1)
		return verify_found(r, "entry %lld: document %s has serial %lld "
		    "of %d, where %lld comes next (%s)", (long long)seq, number,
		    (long long)serial, year, (long long)d->last[i].serial + 1,
		    serial <= d->last[i].serial ? "a duplicate" : "a gap");
	if (decide_number_format(c->number_penalty, year, serial, want,
	    sizeof want) != CT_OK || strcmp(want, number) != 0)
		return verify_found(r, "entry %lld: document %s is not the "
		    "number the pattern makes (%s)", (long long)seq, number,
		    want);
	d->last[i].serial = serial;
	return CT_OK;
}

/* The entry's penalty, read back from its columns. */
static int
penalty_of(sqlite3_stmt *s, struct ct_penalty *p)
{
	memset(p, 0, sizeof *p);
	if (penalty_types_parse(col(s, 2), &p->types) != CT_OK)
		return CT_USAGE;
	p->fine = sqlite3_column_int64(s, 3);
	p->confiscation = sqlite3_column_int64(s, 4);
	p->basis = col(s, 5);
	p->facts = col(s, 6);
	p->comply = col(s, 7);
	p->comply_by = col(s, 8);
	p->major = sqlite3_column_int(s, 9) != 0;
	return ct_penalty_check(p);
}

/* The judgement of decide.h again, with the conf c in force. */
static int
judge(struct vrules *v, struct verify_report *r, int64_t seq,
    sqlite3_stmt *s, const struct action *a, const struct ct_conf *c,
    const struct ct_penalty *p, const char *draft, const struct cred *actor)
{
	struct decide_facts f;
	struct decide_claim k = { .case_id = col(s, 1), .action = a->name,
	    .p = p, .f = &f, .conf = c };
	const char *rule = NULL, *stored = col(s, 11);
	struct calendar cal;
	time_t when;
	int year, rc;

	if (time_from_utc(sql_text(s, 18), &when) != CT_OK ||
	    local_day_of(when, &k.day, &year) != CT_OK)
		return verify_found(r, "entry %lld has no time", (long long)seq);
	if ((rc = decide_facts(v->st, k.case_id, seq, draft, &f)))
		return rc;
	k.actor_head = actor != NULL && (actor->roles & role_bit("head"));
	if (calendar_of(&cal, c) != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	k.cal = &cal;
	rc = rule_decision(&k);
	calendar_free(&cal);
	if (rc != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	if (strcmp(a->name, "approval") == 0)
		return CT_OK;
	if (penalty_major(c, f.party_kind, p, f.hearings > 0, &rule) != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	if ((rule == NULL) != (stored == NULL) ||
	    (rule != NULL && strcmp(rule, stored) != 0))
		return verify_found(r, "entry %lld: it says major by %s, the "
		    "catalogue by %s", (long long)seq, stored ? stored : "none",
		    rule ? rule : "none");
	return CT_OK;
}

/* A decision without penalty fields: rule_decision_fielded again. */
static int
unfielded(struct vrules *v, struct verify_report *r, int64_t seq,
    sqlite3_stmt *s, const struct action *a)
{
	struct decide_facts f;
	struct decide_claim k = { .case_id = col(s, 1), .action = a->name,
	    .f = &f };
	int rc;

	if (strcmp(a->name, "decision") != 0)
		return CT_OK;
	if ((rc = decide_facts(v->st, k.case_id, seq, "", &f)))
		return rc;
	if (rule_decision_fielded(&k) != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	return CT_OK;
}

int
vdecide_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const struct action *a, const struct cred *actor)
{
	sqlite3_stmt *s;
	struct ct_penalty p;
	struct ct_conf c;
	char draft[65];
	time_t at;
	long day;
	int year, rc = CT_OK;

	if (!(a->flags & ACT_PENALTY))
		return CT_OK;
	if (v->decide == NULL && (v->decide = calloc(1,
	    sizeof *v->decide)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	if ((s = store_stmt(v->st, SLOT_DECIDE_ENTRY, ENTRY_SQL)) == NULL)
		return CT_SYSTEM;
	sqlite3_bind_int64(s, 1, seq);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return ct_fail_sqlite(v->st->db, "cannot read the journal");
	}
	if (col(s, 17) == NULL) {
		if (col(s, 16) != NULL || col(s, 12) != NULL ||
		    strcmp(a->name, "approval") == 0)
			verify_found(r, "entry %lld: a document number or a "
			    "draft without penalty fields", (long long)seq);
		else
			rc = unfielded(v, r, seq, s, a);
		sqlite3_reset(s);
		return rc;
	}
	if (penalty_of(s, &p) != CT_OK || time_from_utc(sql_text(s, 0),
	    &at) != CT_OK || local_day_of(at, &day, &year) != CT_OK) {
		sqlite3_reset(s);
		return verify_found(r, "entry %lld: its penalty fields do not "
		    "hold: %s", (long long)seq, ct_errmsg());
	}
	if ((rc = conf_then(v->st, at, &c)) == CT_OK &&
	    (rc = ct_penalty_draft_hash(&p, col(s, 10), draft)) == CT_OK) {
		if (strcmp(a->name, "approval") == 0 && (col(s, 12) == NULL ||
		    strcmp(col(s, 12), draft) != 0))
			verify_found(r, "entry %lld: the approval's draft hash is "
			    "not its draft's", (long long)seq);
		else if ((rc = judge(v, r, seq, s, a, &c, &p, draft,
		    actor)) == CT_OK &&
		    r->status == CT_OK && strcmp(a->name, "decision") == 0)
			rc = document(v, r, seq, s, &c, year);
	}
	conf_free(&c);
	sqlite3_reset(s);
	return rc;
}
