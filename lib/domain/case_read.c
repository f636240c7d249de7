/* case_read.c: cases and their timelines as the reading programs show
 * them: case-list, case-show. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static time_t
stored_time(sqlite3_stmt *s, int col)
{
	const char *v = (const char *)sqlite3_column_text(s, col);
	time_t t = 0;

	if (v != NULL && time_from_utc(v, &t) != CT_OK)
		t = 0;
	return t;
}

#define CASE_COLUMNS "c.id, type, title, party, party_kind, party_id, " \
	"basis, status, stage, filed_at, decided_at, closed_at, flags, " \
	"(SELECT group_concat(officer, ',') FROM case_handler h " \
	"WHERE h.case_id = c.id), (SELECT group_concat(number, ',') FROM " \
	"(SELECT number FROM doc_number d WHERE d.case_id = c.id ORDER BY " \
	"d.seq))"

/* What each_case does besides reading the rows: case_list's filters
 * that SQL cannot judge, case_get's count of entries. */
struct each_opts {
	int overdue_only, count_entries, publish_overdue_only;
	struct publish_clock *clock;    /* NULL: no publication due day */
};

/* A row of case_list's unpublished cases: its publication due day. */
static int
publication(const struct each_opts *o, struct case_row *r)
{
	struct publish_due d;
	int rc;

	if (o->clock == NULL)
		return CT_OK;
	if ((rc = publish_due(o->clock, r->type, r->decided_at, &d)))
		return rc;
	memcpy(r->publish_due, d.day, sizeof r->publish_due);
	r->publish_overdue = d.overdue;
	r->calendar_ends = d.calendar_ends;
	return CT_OK;
}

static int
each_case(struct ct_store *st, sqlite3_stmt *s, const struct each_opts *o,
    int (*fn)(const struct case_row *, void *), void *ctx, int *seen)
{
	time_t now = time_now();
	char today[16];
	int rc;

	time_local_date(now, today);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct case_row r = { 0 };
		time_t end;

		r.id = (const char *)sqlite3_column_text(s, 0);
		r.type = (const char *)sqlite3_column_text(s, 1);
		r.title = (const char *)sqlite3_column_text(s, 2);
		r.party = (const char *)sqlite3_column_text(s, 3);
		r.party_kind = (const char *)sqlite3_column_text(s, 4);
		r.party_id = (const char *)sqlite3_column_text(s, 5);
		r.basis = (const char *)sqlite3_column_text(s, 6);
		r.status = (const char *)sqlite3_column_text(s, 7);
		r.stage = (const char *)sqlite3_column_text(s, 8);
		r.filed_at = stored_time(s, 9);
		r.decided_at = stored_time(s, 10);
		r.closed_at = stored_time(s, 11);
		r.flags = sqlite3_column_int(s, 12);
		r.handlers = (const char *)sqlite3_column_text(s, 13);
		r.number = (const char *)sqlite3_column_text(s, 14);
		r.entries = o->count_entries ? sqlite3_column_int64(s, 15) : -1;
		end = r.decided_at ? r.decided_at : r.closed_at ? r.closed_at :
		    now;
		r.days_open = time_days_between(r.filed_at, end);
		time_local_date(r.filed_at + (time_t)st->conf.decide_days * 86400,
		    r.deadline);
		r.overdue = strcmp(r.status, "open") == 0 &&
		    time_days_between(r.filed_at, now) > st->conf.decide_days;
		/* case_list's: the due day of its oldest review pending. */
		r.review_overdue = !o->count_entries &&
		    sqlite3_column_type(s, 15) == SQLITE_TEXT &&
		    strcmp(sql_text(s, 15), today) < 0;
		/* Before the filters, so that a due day past the calendar
		 * is noticed even on a row they leave out. */
		if ((rc = publication(o, &r)) != CT_OK)
			return rc;
		if ((o->overdue_only && !r.overdue && !r.review_overdue) ||
		    (o->publish_overdue_only && !r.publish_overdue))
			continue;
		(*seen)++;
		if ((rc = fn(&r, ctx)) != CT_OK)
			return rc;
	}
	if (rc != SQLITE_DONE)
		return ct_fail_sqlite(st->db, "cannot read cases");
	return CT_OK;
}

/* Decided, never published (so neither published now, nor withdrawn,
 * nor past its last day), and not a minor's, whose decision is never
 * published (publish-export(1)). */
#define UNPUBLISHED "c.decided_at IS NOT NULL AND NOT EXISTS (SELECT 1 " \
	"FROM publication p WHERE p.case_id = c.id) AND NOT ifnull((SELECT " \
	"n.line->>'$.body.party_minor' FROM journal n WHERE n.seq = c.seq), 0)"

static int
list_filtered(struct ct_store *st, const struct case_filter *f,
    const struct each_opts *o, int (*fn)(const struct case_row *, void *),
    void *ctx)
{
	sqlite3_stmt *s;
	char since[21];
	int rc, seen = 0;

	/* Overdue: open past its deadline, or with a legal review pending
	 * past its due day (review-list(1)). */
	if (sqlite3_prepare_v2(st->db, "SELECT " CASE_COLUMNS ", (SELECT "
	    "min(due) FROM review v WHERE v.case_id = c.id AND v.state = "
	    "'pending') AS review_due FROM cases c "
	    "WHERE (?1 IS NULL OR type = ?1) AND (?2 IS NULL OR stage = ?2) "
	    "AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR EXISTS "
	    "(SELECT 1 FROM case_handler h WHERE h.case_id = c.id AND "
	    "h.officer = ?4)) AND (?5 IS NULL OR filed_at >= ?5) "
	    "AND (?6 = 0 OR status = 'open' OR review_due IS NOT NULL) AND "
	    "(?7 = 0 OR flags > 0) AND (?8 = 0 OR (" UNPUBLISHED ")) "
	    "ORDER BY c.id", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot list cases");
	sqlite3_bind_text(s, 1, f->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, f->stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, f->handler, -1, SQLITE_STATIC);
	if (f->since)
		sqlite3_bind_text(s, 5, time_utc(f->since, since), -1,
		    SQLITE_STATIC);
	sqlite3_bind_int(s, 6, f->overdue);
	sqlite3_bind_int(s, 7, f->flagged);
	sqlite3_bind_int(s, 8, o->clock != NULL);
	rc = each_case(st, s, o, fn, ctx, &seen);
	sqlite3_finalize(s);
	return rc;
}

int
case_list(struct ct_store *st, const struct case_filter *f,
    int (*fn)(const struct case_row *, void *), void *ctx)
{
	struct each_opts o = { .overdue_only = f->overdue,
	    .publish_overdue_only = f->publish_overdue };
	struct publish_clock clock;
	const struct cred *handler;
	int rc;

	if (f->needs_year != NULL)
		*f->needs_year = 0;
	if (f->type && !word_in(f->type, vocab_types))
		return ct_fail(CT_USAGE, "unknown case type '%s'", f->type);
	if (f->stage && !word_in(f->stage, vocab_stages))
		return ct_fail(CT_USAGE, "unknown stage '%s'", f->stage);
	if (f->status && !word_in(f->status, vocab_statuses))
		return ct_fail(CT_USAGE, "unknown status '%s' (open, decided, "
		    "closed, sealed)", f->status);
	/* No officer is not an officer with no case: say so (4). */
	if (f->handler && (rc = rules_cred(st, f->handler, &handler)))
		return rc;
	if (!f->unpublished && !f->publish_overdue)
		return list_filtered(st, f, &o, fn, ctx);
	/* The calendar is read only when a due day is asked for. */
	if ((rc = publish_clock_open(st, &clock)) == CT_OK) {
		o.clock = &clock;
		rc = list_filtered(st, f, &o, fn, ctx);
		if (f->needs_year != NULL)
			*f->needs_year = clock.needs_year;
	}
	publish_clock_close(&clock);
	return rc;
}

int
case_get(struct ct_store *st, const char *id,
    int (*fn)(const struct case_row *, void *), void *ctx)
{
	sqlite3_stmt *s;
	int rc, seen = 0;

	if ((rc = case_id_check(id)))
		return rc;
	if (sqlite3_prepare_v2(st->db, "SELECT " CASE_COLUMNS ", (SELECT "
	    "count(*) FROM journal j WHERE j.case_id = c.id) FROM cases c "
	    "WHERE c.id = ?", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the case");
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	rc = each_case(st, s, &(struct each_opts){ .count_entries = 1 }, fn,
	    ctx, &seen);
	sqlite3_finalize(s);
	if (rc == CT_OK && seen == 0)
		return ct_fail(CT_NOTFOUND, "cannot find case '%s'", id);
	return rc;
}

/* An entry's columns.  An evidence-add entry names its item in
 * evidence, like an entry that cites items, and the item's fields come
 * from its body: what was recorded, as the journal keeps it. */
#define TIMELINE_COLUMNS "seq, coalesce(line->>'$.body.at', " \
	"line->>'$.body.filed_at', line->>'$.at') AS happened, " \
	"line->>'$.at' AS at, line->>'$.officer' AS officer, case_id, action, " \
	"stage, coalesce(line->>'$.body.text', line->>'$.body.title') AS text, " \
	"ifnull(line->'$.body.officers', '[]') AS officers, " \
	"CASE WHEN action = 'evidence-add' THEN json_array(line->>'$.body.id') " \
	"ELSE ifnull(line->'$.body.evidence', '[]') END AS evidence, " \
	"ifnull(line->'$.body.flags', '[]') AS flags, line->'$.body' AS body, " \
	"ifnull(line->'$.body.credentials', '[]') AS credentials, " \
	"(SELECT k.seq FROM checkpoint c JOIN officer_key k ON k.key_id = " \
	"c.key_id WHERE c.size >= journal.seq ORDER BY c.size LIMIT 1) " \
	"AS key_seq, line->>'$.body.ref' AS ref, " \
	"action = 'evidence-add' AS is_item, " \
	"CASE WHEN action = 'evidence-add' THEN line->>'$.body.id' END " \
	"AS item_id, " \
	"CASE WHEN action = 'evidence-add' THEN line->>'$.body.name' END " \
	"AS item_name, " \
	"CASE WHEN action = 'evidence-add' THEN line->>'$.body.kind' END " \
	"AS item_kind, " \
	"CASE WHEN action = 'evidence-add' THEN line->>'$.body.size' END " \
	"AS item_size, " \
	"CASE WHEN action = 'evidence-add' THEN " \
	"coalesce(line->>'$.body.stage', stage) END AS item_stage, " \
	"CASE WHEN action = 'evidence-add' THEN " \
	"ct_local(line->>'$.body.collected_at') END AS item_collected, " \
	"CASE WHEN action = 'evidence-add' THEN line->>'$.body.location' END " \
	"AS item_location, " \
	"CASE WHEN action = 'evidence-add' THEN line->>'$.body.note' END " \
	"AS item_note, line->'$.body.penalty' AS penalty, " \
	"line->>'$.body.major' AS major, " \
	"line->>'$.body.document.number' AS number"

/* The columns of TIMELINE_SQL's rows, in order: t.*, then the reset. */
enum { TL_SEQ, TL_HAPPENED, TL_AT, TL_OFFICER, TL_CASE, TL_ACTION, TL_STAGE,
	TL_TEXT, TL_OFFICERS, TL_EVIDENCE, TL_FLAGS, TL_BODY, TL_CREDENTIALS,
	TL_KEY_SEQ, TL_REF, TL_IS_ITEM, TL_ITEM_ID, TL_ITEM_NAME, TL_ITEM_KIND,
	TL_ITEM_SIZE, TL_ITEM_STAGE, TL_ITEM_COLLECTED, TL_ITEM_LOCATION,
	TL_ITEM_NOTE, TL_PENALTY, TL_MAJOR, TL_NUMBER, TL_RESET_AT, TL_RESET_BY, TL_RESET_REASON };

/* The entries of case ?1 with, for each, the admin's reset that made the
 * key that signed it, if it was one: the key of the checkpoint that
 * covers the entry, and the officer-key entry that registered that key.
 * An officer's entries after a reset of his key carry it until he
 * rotates the key (his own new key) or it is reset again. */
#define TIMELINE_SQL(cols) "SELECT " cols " FROM (SELECT " \
	TIMELINE_COLUMNS " FROM journal WHERE case_id = ?1) t LEFT JOIN " \
	"journal r ON r.seq = t.key_seq AND r.line->>'$.body.reason' IS NOT " \
	"NULL ORDER BY t.seq"

int
case_timeline_json(struct ct_store *st, const char *id, char **json)
{
	sqlite3_stmt *s;
	int rc = CT_OK;

	*json = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT json_group_array(json_object("
	    "'seq',seq,'at',ct_local(happened),'recorded',ct_local(at),"
	    "'officer',officer,'stage',stage,'action',action,'text',text,"
	    "'officers',json(officers),'credentials',json(credentials),"
	    "'evidence',json(evidence),'flags',json(flags),'key_reset',"
	    "ct_local(reset_at),'key_reset_by',reset_by,'key_reset_reason',"
	    "reset_reason,'ref',ref,'name',item_name,'kind',item_kind,"
	    "'size',item_size,'collected',item_collected,'location',"
	    "item_location,'note',item_note,'penalty',json(penalty),'major',"
	    "major,'number',number)) FROM (" TIMELINE_SQL("t.*, "
	    "r.line->>'$.at' AS reset_at, r.line->>'$.officer' AS reset_by, "
	    "r.line->>'$.body.reason' AS reset_reason") ")", -1, &s, NULL))
		return ct_fail_sqlite(st->db, "cannot read the timeline");
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = ct_fail_sqlite(st->db, "cannot read the timeline");
	else if ((*json = strdup((const char *)sqlite3_column_text(s, 0))) ==
	    NULL)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	sqlite3_finalize(s);
	return rc;
}

static const char *
column_str(sqlite3_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s, col);
}

/* The evidence item an evidence-add row of TIMELINE_SQL adds, into *e;
 * NULL for any other entry.  Its strings are the row's. */
static const struct evidence_row *
entry_item(sqlite3_stmt *s, struct evidence_row *e)
{
	if (!sqlite3_column_int(s, TL_IS_ITEM))
		return NULL;
	*e = (struct evidence_row){
		.id = column_str(s, TL_ITEM_ID),
		.case_id = column_str(s, TL_CASE),
		.name = column_str(s, TL_ITEM_NAME),
		.kind = column_str(s, TL_ITEM_KIND),
		.stage = column_str(s, TL_ITEM_STAGE),
		.size = sqlite3_column_int64(s, TL_ITEM_SIZE),
		.seq = sqlite3_column_int64(s, TL_SEQ),
		.collected_at = column_str(s, TL_ITEM_COLLECTED),
		.officer = column_str(s, TL_OFFICER),
		.officers = column_str(s, TL_OFFICERS),
		.location = column_str(s, TL_ITEM_LOCATION),
		.note = column_str(s, TL_ITEM_NOTE),
	};
	return e;
}

int
case_timeline(struct ct_store *st, const char *id,
    int (*fn)(const struct entry_row *, void *), void *ctx)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, TIMELINE_SQL("t.*, r.line->>'$.at', "
	    "r.line->>'$.officer', r.line->>'$.body.reason'"), -1, &s, NULL) !=
	    SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the timeline");
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct evidence_row item;
		struct entry_row r = {
			.seq = sqlite3_column_int64(s, TL_SEQ),
			.at = column_str(s, TL_HAPPENED),
			.recorded_at = column_str(s, TL_AT),
			.officer = column_str(s, TL_OFFICER),
			.case_id = column_str(s, TL_CASE),
			.action = column_str(s, TL_ACTION),
			.stage = column_str(s, TL_STAGE),
			.text = column_str(s, TL_TEXT),
			.officers = column_str(s, TL_OFFICERS),
			.evidence = column_str(s, TL_EVIDENCE),
			.flags = column_str(s, TL_FLAGS),
			.body = column_str(s, TL_BODY),
			.credentials = column_str(s, TL_CREDENTIALS),
			.key_reset_at = column_str(s, TL_RESET_AT),
			.key_reset_by = column_str(s, TL_RESET_BY),
			.key_reset_reason = column_str(s, TL_RESET_REASON),
			.ref = column_str(s, TL_REF),
			.penalty = column_str(s, TL_PENALTY),
			.major = column_str(s, TL_MAJOR),
			.number = column_str(s, TL_NUMBER),
			.item = entry_item(s, &item),
		};

		if ((rc = fn(&r, ctx)) != CT_OK) {
			sqlite3_finalize(s);
			return rc;
		}
	}
	rc = rc == SQLITE_DONE ? CT_OK :
	    ct_fail_sqlite(st->db, "cannot read the timeline");
	sqlite3_finalize(s);
	return rc;
}
