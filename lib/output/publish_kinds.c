/* publish_kinds.c: each list as it stands now (publish_list.h).
 * - officers: those whose credential is valid today, not revoked, who
 *   act in enforcement (the officer or head role): name, credential
 *   number, duties (the roles in Chinese) and the credential's last day.
 *   Their officer IDs and keys are never published: the credential
 *   number is the public's handle on an officer.
 * - powers: STORE/powers.tsv and STORE/inspection-items.tsv, checked
 *   line by line (powers.c), as one list.
 * - inspections: each target of each draw, with the draw's seed,
 *   parameters and lists' SHA-256 (what random-draw --check needs), the
 *   inspectors' names, and the result recorded on the case the draw
 *   opened for it: the text of its last inspection entry.  A target
 *   whose ID is not a unified social credit code may be a natural
 *   person: its name is cut to the surname and 某 and its ID removed, as
 *   a decision's party is; every text is redacted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish.h"
#include "publish_list.h"

#define MARKER "［已隐去］"

/* The roles in the order a reader expects them, in Chinese; admin runs
 * the system and is no duty in enforcement. */
static const char officers_sql[] =
    "SELECT o.name, o.credential, (SELECT group_concat(w, '、') FROM "
    "(SELECT CASE r.role WHEN 'officer' THEN '行政执法' WHEN 'head' THEN "
    "'行政机关负责人' WHEN 'reviewer' THEN '法制审核' WHEN 'publisher' THEN "
    "'信息公示' WHEN 'archivist' THEN '案卷归档' END AS w FROM officer_role r "
    "WHERE r.officer = o.id AND r.role <> 'admin' ORDER BY CASE r.role WHEN "
    "'officer' THEN 1 WHEN 'head' THEN 2 WHEN 'reviewer' THEN 3 WHEN "
    "'publisher' THEN 4 ELSE 5 END)), o.valid_until FROM officer o WHERE "
    "o.revoked_at IS NULL AND o.valid_from <= ?1 AND o.valid_until >= ?1 "
    "AND EXISTS (SELECT 1 FROM officer_role r WHERE r.officer = o.id AND "
    "r.role IN ('officer', 'head')) ORDER BY o.credential";

/* Each target of each draw, in the order drawn; the result is the text
 * of the last inspection entry of the case the draw opened for it. */
static const char draws_sql[] =
    "SELECT d.task, d.seq, j.line->>'$.at', d.seed, d.params, "
    "d.targets_sha256, d.inspectors_sha256, d.redraw_reason, "
    "t.value->>'target', t.value->>'name', (SELECT group_concat(coalesce("
    "o.name, i.value), '、') FROM json_each(t.value, '$.inspectors') i "
    "LEFT JOIN officer o ON o.id = i.value), (SELECT e.line->>'$.body.text' "
    "FROM cases c JOIN journal e ON e.case_id = c.id WHERE c.basis = "
    "'random-draw: task ' || d.task || ', entry ' || d.seq AND c.party_id = "
    "t.value->>'target' AND e.action IN ('random-inspection', 'inspection') "
    "ORDER BY e.seq DESC LIMIT 1) FROM draw d JOIN journal j ON j.seq = "
    "d.seq, json_each(d.result) t ORDER BY d.seq, t.key";

static int
each_officer(struct ct_store *st, struct publist *l)
{
	const char *v[4];
	sqlite3_stmt *s;
	int rc = CT_OK, step;

	if (sqlite3_prepare_v2(st->db, officers_sql, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the officers");
	sqlite3_bind_text(s, 1, l->today, -1, SQLITE_STATIC);
	while (rc == CT_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < 4; i++)
			v[i] = (const char *)sqlite3_column_text(s, i);
		rc = publist_add(l, v, 0);
	}
	if (rc == CT_OK && step != SQLITE_DONE)
		rc = ct_fail_sqlite(st->db, "cannot read the officers");
	sqlite3_finalize(s);
	return rc;
}

/* The file STORE/name read whole and parsed into pf; *text keeps it. */
static int
read_list(struct ct_store *st, const char *name, int items,
    struct powers_file *pf, char **text)
{
	char path[4096];
	size_t n;
	FILE *fp;
	int rc;

	memset(pf, 0, sizeof *pf);
	*text = NULL;
	snprintf(path, sizeof path, "%s/%s", st->dir, name);
	if ((fp = fopen(path, "r")) == NULL)
		return ct_fail(CT_NOTFOUND, "no %s: the %s is published from it "
		    "(casetrail-formats(5), Power lists)", path, items ?
		    "random-inspection item list" : "power and responsibility list");
	if ((*text = malloc((1 << 22) + 1)) == NULL) {
		fclose(fp);
		return ct_fail(CT_SYSTEM, "out of memory");
	}
	n = fread(*text, 1, 1 << 22, fp);
	(*text)[n] = '\0';
	rc = ferror(fp) ? ct_fail(CT_SYSTEM, "cannot read %s", path) :
	    n == 1 << 22 ? ct_fail(CT_USAGE, "%s: larger than 4 MiB", path) :
	    powers_parse(pf, items, *text, n, path);
	fclose(fp);
	return rc;
}

static int
each_power(struct ct_store *st, struct publist *l)
{
	struct powers_file pf[2];
	char *text[2] = { NULL, NULL };
	int rc;

	memset(pf, 0, sizeof pf);
	if ((rc = read_list(st, "powers.tsv", 0, &pf[0], &text[0])) == CT_OK)
		rc = read_list(st, "inspection-items.tsv", 1, &pf[1], &text[1]);
	for (size_t i = 0; rc == CT_OK && i < pf[0].n; i++) {
		const char *const *f = pf[0].rows[i].f;
		const char *v[8] = { "权责清单", f[0], f[1], f[2], f[3], f[4],
		    NULL, NULL };

		rc = publist_add(l, v, 0);
	}
	for (size_t i = 0; rc == CT_OK && i < pf[1].n; i++) {
		const char *const *f = pf[1].rows[i].f;
		const char *v[8] = { "随机抽查事项清单", f[0], f[1], f[2], f[4],
		    NULL, f[3], f[5] };

		rc = publist_add(l, v, 0);
	}
	powers_free(&pf[0]);
	powers_free(&pf[1]);
	free(text[0]);
	free(text[1]);
	return rc;
}

/* One row of draws_sql as its item, redacted. */
static int
draw_item(const struct publish_opts *o, sqlite3_stmt *s, struct publist *l)
{
	const char *names[65], *v[12], *id = sql_text(s, 8);
	struct redact r = { names, 0, 0 };
	char drawn[11], *red[3] = { NULL, NULL, NULL };
	int person = !cnid_uscc(id, strlen(id)), rc = CT_OK;
	time_t t;

	if (person && sql_text(s, 9)[0] != '\0')
		names[r.nnames++] = sql_text(s, 9);
	for (size_t i = 0; i < o->nalso && r.nnames < 65; i++)
		names[r.nnames++] = o->also[i];
	if (time_from_utc(sql_text(s, 2), &t))
		return CT_SYSTEM;
	time_local_date(t, drawn);
	for (int i = 0; i < 12; i++)
		v[i] = (const char *)sqlite3_column_text(s, i);
	v[2] = drawn;
	v[8] = person ? MARKER : id;
	/* The name, the result and a redraw's reason are texts people
	 * wrote: each redacted. */
	if ((v[9] != NULL && (v[9] = red[0] = redact_text(v[9], &r)) == NULL) ||
	    (v[11] != NULL && (v[11] = red[1] = redact_text(v[11], &r)) ==
	    NULL) ||
	    (v[7] != NULL && (v[7] = red[2] = redact_text(v[7], &r)) == NULL))
		rc = CT_SYSTEM;
	if (rc == CT_OK)
		rc = publist_add(l, v, 0);
	free(red[0]), free(red[1]), free(red[2]);
	return rc;
}

static int
each_draw(struct ct_store *st, const struct publish_opts *o,
    struct publist *l)
{
	sqlite3_stmt *s;
	int rc = CT_OK, step;

	if (sqlite3_prepare_v2(st->db, draws_sql, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the draws");
	while (rc == CT_OK && (step = sqlite3_step(s)) == SQLITE_ROW)
		rc = draw_item(o, s, l);
	if (rc == CT_OK && step != SQLITE_DONE)
		rc = ct_fail_sqlite(st->db, "cannot read the draws");
	sqlite3_finalize(s);
	return rc;
}

int
publist_current(struct ct_store *st, const struct publish_opts *o,
    struct publist *l)
{
	if (l->kind == &publist_officers)
		return each_officer(st, l);
	if (l->kind == &publist_powers)
		return each_power(st, l);
	return each_draw(st, o, l);
}
