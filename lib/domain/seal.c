/* seal.c: the seal of a closed case, an archive-seal entry (archive-seal(1)).
 * The entry holds what lets the archive be made again byte for byte and
 * checked against the record: the archive's SHA-256 and size, its
 * format, the size of the journal tree its proofs are against, and the
 * case as an archive: its retention and archive number (seal_number.c).  Its
 * rules are those of any case entry (the actor an archivist, the case
 * closed: vocab.c), so store-verify's replay holds it to them, and once
 * sealed the case takes nothing (the move table). */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "seal.h"

int
seal_check(struct ct_store *st, const char *case_id, struct seal_state *out)
{
	const struct action *a = action_find("archive-seal");
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = case_id_check(case_id)))
		return rc;
	if ((s = store_stmt(st, SLOT_CASE_STATE, CASE_STATE_SQL)) == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return ct_fail(CT_NOTFOUND, "cannot find case '%s'", case_id);
	}
	snprintf(out->stage, sizeof out->stage, "%s", sql_text(s, 0));
	snprintf(out->status, sizeof out->status, "%s", sql_text(s, 1));
	sqlite3_reset(s);
	if (strcmp(out->status, "sealed") == 0)
		return CT_OK;
	if ((rc = rule_case_accepts(case_id, out->status, a)))
		return rc;
	return rules_entry(st, a, time_now(), NULL, 0);
}

int
seal_recorded(struct ct_store *st, const char *case_id, struct seal_record *r)
{
	sqlite3_stmt *s;
	int rc;

	memset(r, 0, sizeof *r);
	if (sqlite3_prepare_v2(st->db, "SELECT seq, line->>'$.officer', "
	    "line->>'$.body.at', line->>'$.body.sha256', line->>'$.body.bytes', "
	    "line->>'$.body.format', line->>'$.body.tree_size', "
	    "ifnull(line->>'$.body.sm2', ''), ifnull(line->>'$.body.retention', "
	    "''), ifnull(line->>'$.body.archive_no', '') FROM journal "
	    "WHERE case_id = ?1 AND action = 'archive-seal' ORDER BY seq "
	    "LIMIT 1", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the seal");
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r->seq = sqlite3_column_int64(s, 0);
		snprintf(r->officer, sizeof r->officer, "%s", sql_text(s, 1));
		snprintf(r->at, sizeof r->at, "%s", sql_text(s, 2));
		snprintf(r->sha256, sizeof r->sha256, "%s", sql_text(s, 3));
		r->bytes = (uint64_t)sqlite3_column_int64(s, 4);
		snprintf(r->format, sizeof r->format, "%s", sql_text(s, 5));
		r->tree_size = (uint64_t)sqlite3_column_int64(s, 6);
		snprintf(r->sm2, sizeof r->sm2, "%s", sql_text(s, 7));
		snprintf(r->retention, sizeof r->retention, "%s",
		    sql_text(s, 8));
		snprintf(r->archive_no, sizeof r->archive_no, "%s",
		    sql_text(s, 9));
		rc = CT_OK;
	} else if (rc == SQLITE_DONE) {
		rc = ct_fail(CT_NOTFOUND, "case '%s' is not sealed", case_id);
	} else {
		rc = ct_fail_sqlite(st->db, "cannot read the seal");
	}
	sqlite3_finalize(s);
	return rc;
}

int
seal_append(struct ct_store *st, const char *case_id,
    const struct seal_record *r, int64_t *seq)
{
	const struct action *a = action_find("archive-seal");
	struct case_log_batch b = { 0 };
	struct seal_state state;
	sqlite3_stmt *ins;
	int rc;

	/* Checked again inside the transaction: the case may have moved. */
	if ((rc = seal_check(st, case_id, &state)))
		return rc;
	if (strcmp(state.status, "sealed") == 0)
		return ct_fail(CT_REFUSED, "case '%s' is sealed already "
		    "(archive-seal --again writes its archive again)", case_id);
	/* sm2 only with --gm, archive_no only with a number: a merge patch
	 * leaves a null out. */
	ins = journal_prepare(st, SLOT_JOURNAL_SEAL, "json_patch(json_object("
	    "'at',?7,'sha256',?8,'bytes',?9,'format',?10,'tree_size',?11,"
	    "'retention',?13),json_object('sm2',?12,'archive_no',?14))");
	if (ins == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(ins, 4, case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, a->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, state.stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, r->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 8, r->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 9, (sqlite3_int64)r->bytes);
	sqlite3_bind_text(ins, 10, r->format, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 11, (sqlite3_int64)r->tree_size);
	if (r->sm2[0] != '\0')
		sqlite3_bind_text(ins, 12, r->sm2, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(ins, 12);
	sqlite3_bind_text(ins, 13, r->retention, -1, SQLITE_STATIC);
	if (r->archive_no[0] != '\0')
		sqlite3_bind_text(ins, 14, r->archive_no, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(ins, 14);
	if ((rc = journal_step(st, ins, seq)) ||
	    (rc = apply_entry(st, a, *seq)) ||
	    (rc = case_touch_entry(st, &b, case_id, a, NULL, r->at, 0, *seq)))
		return rc;
	return case_log_flush(st, &b);
}
