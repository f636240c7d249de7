/* decide.c: the writer's side of the structured decision (decide.h):
 * what a case's record says before a penalty entry, the document number
 * a decision gets inside its transaction, and the body's extra fields.
 * store-verify's replay (verify_decide.c) reads the same facts with
 * decide_facts and judges them with the same rules. */
#include <stdlib.h>
#include <string.h>

#include "decide.h"

#define FACTS_SQL "SELECT j.action, j.line->>'$.body.at', (SELECT " \
	"group_concat(value, ' ') FROM json_each(j.line, " \
	"'$.body.penalty.types')), ifnull(j.line->>'$.body.penalty.fine', 0), " \
	"ifnull(j.line->>'$.body.penalty.confiscation', 0), " \
	"j.line->>'$.body.draft', j.line->>'$.body.party_kind', " \
	"j.line->>'$.body.verdict', j.seq FROM journal j " \
	"WHERE j.case_id = ?1 AND j.seq < ?2 AND j.action IN ('case-new', " \
	"'notice', 'waiver', 'hearing', 'approval', 'review-decide', " \
	"'disagreement', 'collective-discussion') ORDER BY j.seq"

/* The local date of a stored UTC time, as a calendar day. */
static int
local_day(const char *utc, long *day)
{
	char date[16];
	time_t t;

	if (time_from_utc(utc, &t) != CT_OK)
		return CT_USAGE;
	return calendar_parse_date(time_local_date(t, date), day);
}

/* A reviewer's verdict on a draft (review.h): an approval of this
 * draft stands until a later verdict on it other than an approval; a
 * transfer ends the penalty path of the case. */
static void
review_fact(struct decide_facts *f, const char *verdict, const char *of,
    const char *draft)
{
	if (strcmp(verdict, "transferred") == 0)
		f->transferred = 1;
	if (draft != NULL && strcmp(of, draft) == 0)
		f->reviewed = strcmp(verdict, "approved") == 0;
}

int
decide_facts(struct ct_store *st, const char *case_id, int64_t before,
    const char *draft, struct decide_facts *f)
{
	sqlite3_stmt *s = store_stmt(st, SLOT_DECIDE_FACTS, FACTS_SQL);
	int rc;

	memset(f, 0, sizeof *f);
	if (s == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, before);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *action = sql_text(s, 0);

		if (strcmp(action, "case-new") == 0) {
			snprintf(f->party_kind, sizeof f->party_kind, "%s",
			    sql_text(s, 6));
		} else if (strcmp(action, "notice") == 0) {
			f->notices++;
			f->waived = f->hearing_held = 0;
			memset(&f->notice, 0, sizeof f->notice);
			/* A bad word or time cannot be recorded: the replay
			 * reports the entry itself. */
			(void)penalty_types_parse(sql_text(s, 2),
			    &f->notice.types);
			f->notice.fine = sqlite3_column_int64(s, 3);
			f->notice.confiscation = sqlite3_column_int64(s, 4);
			if (local_day(sql_text(s, 1), &f->notice_day) != CT_OK)
				f->notice_day = 0;
		} else if (strcmp(action, "waiver") == 0) {
			f->waived = 1;
		} else if (strcmp(action, "hearing") == 0) {
			f->hearing_held = 1;
			f->hearings++;
		} else if (strcmp(action, "review-decide") == 0) {
			review_fact(f, sql_text(s, 7), sql_text(s, 5), draft);
		} else if (strcmp(action, "disagreement") == 0) {
			f->disagreement = sqlite3_column_int64(s, 8);
		} else if (strcmp(action, "collective-discussion") == 0) {
			f->discussion = sqlite3_column_int64(s, 8);
		} else if (draft != NULL && strcmp(sql_text(s, 5), draft) == 0) {
			f->approved = 1;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ct_fail_sqlite(st->db, "cannot read the case's record");
	return CT_OK;
}

int
decide_number_format(const char *pattern, int year, int64_t serial,
    char *buf, size_t cap)
{
	size_t len = 0;

	if (pattern == NULL)
		pattern = NUMBER_PENALTY;
	for (const char *p = pattern; *p != '\0';) {
		char piece[32];
		const char *add = piece;
		size_t n;

		if (strncmp(p, "{year}", 6) == 0) {
			snprintf(piece, sizeof piece, "%04d", year);
			p += 6;
		} else if (strncmp(p, "{seq}", 5) == 0) {
			snprintf(piece, sizeof piece, "%lld", (long long)serial);
			p += 5;
		} else {
			piece[0] = *p++;
			piece[1] = '\0';
		}
		if (len + (n = strlen(add)) + 1 > cap)
			return ct_fail(CT_USAGE, "document number too long");
		memcpy(buf + len, add, n + 1);
		len += n;
	}
	return CT_OK;
}

int
decide_number_next(struct ct_store *st, const char *kind, int year,
    int64_t *serial)
{
	sqlite3_stmt *s = store_stmt(st, SLOT_DOC_NEXT, "SELECT "
	    "ifnull(max(serial), 0) + 1 FROM doc_number WHERE kind = ?1 AND "
	    "year = ?2");

	if (s == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, year);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return ct_fail_sqlite(st->db, "cannot number the decision");
	}
	*serial = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return CT_OK;
}

/* The writer's judgement of entry e, numbered next: the claim of
 * decide.h on the case's record and the conf in force. */
static int
judge(struct ct_store *st, const struct case_entry *e, int64_t next,
    const char *draft, struct decide_facts *f)
{
	struct decide_claim k = { .case_id = e->case_id, .action = e->action,
	    .p = e->penalty, .f = f, .conf = &st->conf };
	const struct cred *c = NULL;
	struct calendar cal;
	char utc[21];
	int rc;

	if ((rc = decide_facts(st, e->case_id, next, draft, f)) ||
	    (rc = rules_cred(st, st->actor, &c)) || c == NULL)
		return rc ? rc : CT_SYSTEM;
	k.actor_head = (c->roles & role_bit("head")) != 0;
	if (local_day(time_utc(e->at, utc), &k.day) != CT_OK)
		return ct_fail(CT_USAGE, "bad time");
	if ((rc = calendar_of(&cal, &st->conf)))
		return rc;
	k.cal = &cal;
	rc = rule_decision(&k);
	calendar_free(&cal);
	return rc;
}

int
decide_fielded(struct ct_store *st, const struct case_entry *e,
    int64_t next)
{
	struct decide_facts f;
	struct decide_claim k = { .case_id = e->case_id, .action = e->action,
	    .p = e->penalty, .f = &f, .conf = &st->conf };
	int rc;

	if (strcmp(e->action, "decision") != 0)
		return CT_OK;
	if ((rc = decide_facts(st, e->case_id, next, "", &f)))
		return rc;
	return rule_decision_fielded(&k);
}

/* The "document" member of a penalty decision's body, with the next
 * number of the agency's year of the time it is recorded, malloc'd into
 * *json (the number is the agency's own text, quoted by SQLite). */
static int
document_json(struct ct_store *st, char **json)
{
	char number[256], local[16];
	int64_t serial = 0;
	sqlite3_stmt *s;
	time_t now;
	int year, rc;

	*json = NULL;
	if (time_from_utc(st->now, &now) != CT_OK)
		return ct_fail(CT_SYSTEM, "no time for the transaction");
	year = atoi(time_local_date(now, local));
	if ((rc = decide_number_next(st, "penalty", year, &serial)) ||
	    (rc = decide_number_format(st->conf.number_penalty, year, serial,
	    number, sizeof number)))
		return rc;
	if (sqlite3_prepare_v2(st->db, "SELECT printf(',\"document\":{\"kind\":"
	    "\"penalty\",\"year\":%d,\"serial\":%lld,\"number\":%s}', ?1, ?2, "
	    "json_quote(?3))", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot number the decision");
	sqlite3_bind_int(s, 1, year);
	sqlite3_bind_int64(s, 2, serial);
	sqlite3_bind_text(s, 3, number, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW &&
	    (*json = strdup(sql_text(s, 0))) == NULL)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	else if (*json == NULL)
		rc = ct_fail_sqlite(st->db, "cannot number the decision");
	sqlite3_finalize(s);
	return rc;
}

int
decide_body(struct ct_store *st, const struct case_entry *e,
    int64_t next, char **json)
{
	struct decide_facts f;
	const char *rule = NULL;
	char draft[65], extra[128] = "", *pj = NULL, *doc = NULL;
	int approval = strcmp(e->action, "approval") == 0, rc;
	size_t n;

	*json = NULL;
	if ((rc = ct_penalty_draft_hash(e->penalty, e->text, draft)) ||
	    (rc = judge(st, e, next, draft, &f)))
		return rc;
	if (!approval && (rc = penalty_major(&st->conf, f.party_kind,
	    e->penalty, f.hearings > 0, &rule)))
		return rc;
	if (rule != NULL)
		snprintf(extra, sizeof extra, ",\"major\":\"%s\"", rule);
	else if (approval)
		snprintf(extra, sizeof extra, ",\"draft\":\"%s\"", draft);
	if ((strcmp(e->action, "decision") == 0 &&
	    (rc = document_json(st, &doc))) ||
	    (rc = ct_penalty_json(e->penalty, &pj)))
		goto done;
	n = strlen(pj) + strlen(extra) + (doc ? strlen(doc) : 0) + 16;
	if ((*json = malloc(n)) == NULL)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	else
		snprintf(*json, n, "{\"penalty\":%s%s%s}", pj, extra,
		    doc ? doc : "");
done:
	free(pj);
	free(doc);
	return rc;
}
