/* review_draft.c: the draft a legal review approved (review.h), which
 * case-log --action decision records when it is given no text and no
 * penalty options: the reviewed draft, byte for byte, so that its hash
 * is the one the approval binds to. */
#include <stdlib.h>
#include <string.h>

#include "review.h"

/* The case's review-decide verdicts, in order, and the submissions. */
#define VERDICTS_SQL "SELECT action, line->>'$.body.verdict', " \
	"line->>'$.body.draft', line->>'$.body.review' FROM journal WHERE " \
	"case_id = ?1 AND action IN ('review-submit', 'review-decide') " \
	"ORDER BY seq"
#define DRAFT_SQL "SELECT (SELECT group_concat(value, ' ') FROM " \
	"json_each(line, '$.body.penalty.types')), " \
	"line->>'$.body.penalty.fine', line->>'$.body.penalty.confiscation', " \
	"line->>'$.body.penalty.basis', line->>'$.body.penalty.facts', " \
	"line->>'$.body.penalty.comply', line->>'$.body.penalty.comply_by', " \
	"line->>'$.body.penalty.major', line->>'$.body.text' FROM journal " \
	"WHERE seq = ?1 AND action = 'review-submit'"

/* The review whose approval stands last in the case, into *id: an
 * approval stands until a later verdict on its draft undoes it, and
 * none stands after a transfer.  0 for none; *any says whether the
 * case has a review at all. */
static int
approved_last(struct ct_store *st, const char *case_id, int64_t *id,
    int *any)
{
	char draft[65] = "";
	sqlite3_stmt *s;
	int rc, transferred = 0;

	*id = 0;
	*any = 0;
	if (sqlite3_prepare_v2(st->db, VERDICTS_SQL, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the reviews");
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *verdict = sql_text(s, 1), *of = sql_text(s, 2);

		*any = 1;
		if (strcmp(sql_text(s, 0), "review-submit") == 0)
			continue;
		transferred |= strcmp(verdict, "transferred") == 0;
		if (strcmp(verdict, "approved") == 0) {
			*id = sqlite3_column_int64(s, 3);
			snprintf(draft, sizeof draft, "%s", of);
		} else if (strcmp(of, draft) == 0) {
			*id = 0;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ct_fail_sqlite(st->db, "cannot read the reviews");
	if (transferred)
		*id = 0;
	return CT_OK;
}

static char *
dup_or_null(sqlite3_stmt *s, int col, int *fail)
{
	char *p;

	if (sqlite3_column_type(s, col) == SQLITE_NULL)
		return NULL;
	if ((p = strdup(sql_text(s, col))) == NULL)
		*fail = 1;
	return p;
}

int
review_draft_load(struct ct_store *st, const char *case_id,
    struct review_draft *d)
{
	int64_t id;
	int any, rc;

	memset(d, 0, sizeof *d);
	if ((rc = approved_last(st, case_id, &id, &any)))
		return rc;
	if (!any)
		return CT_NOTFOUND;
	if (id == 0)
		return ct_fail(CT_REFUSED, "case '%s': no review approved a "
		    "draft that stands: a decision without its fields needs one",
		    case_id);
	if ((rc = review_draft_of(st, id, d)) == CT_NOTFOUND)
		return ct_fail(CT_SYSTEM, "review %lld has no draft",
		    (long long)id);
	return rc;
}

int
review_draft_of(struct ct_store *st, int64_t id, struct review_draft *d)
{
	sqlite3_stmt *s;
	int rc, fail = 0;

	memset(d, 0, sizeof *d);
	if (sqlite3_prepare_v2(st->db, DRAFT_SQL, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the draft");
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ct_fail(CT_NOTFOUND, "no review %lld", (long long)id);
	}
	rc = penalty_types_parse(sql_text(s, 0), &d->p.types);
	d->p.fine = sqlite3_column_int64(s, 1);
	d->p.confiscation = sqlite3_column_int64(s, 2);
	d->p.basis = d->strings[0] = dup_or_null(s, 3, &fail);
	d->p.facts = d->strings[1] = dup_or_null(s, 4, &fail);
	d->p.comply = d->strings[2] = dup_or_null(s, 5, &fail);
	d->p.comply_by = d->strings[3] = dup_or_null(s, 6, &fail);
	d->p.major = sqlite3_column_int(s, 7) != 0;
	d->text = dup_or_null(s, 8, &fail);
	sqlite3_finalize(s);
	if (fail)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	if (rc != CT_OK)
		review_draft_free(d);
	return rc;
}

void
review_draft_free(struct review_draft *d)
{
	for (int i = 0; i < 4; i++)
		free(d->strings[i]);
	free(d->text);
	memset(d, 0, sizeof *d);
}
