/* bag_summary.c: data/case.txt, the case in plain Chinese text for the
 * archivist who opens the bag decades on without casetrail: the case
 * record, its steps in order, its evidence, the seal with the archive's
 * number and retention, and its publication (公示) and withdrawals. */
#include <stdlib.h>
#include <string.h>

#include "bag.h"

static const char case_sql[] = "SELECT id, type, title, ifnull(party, ''), "
    "ifnull(party_id, ''), ifnull(basis, ''), filed_at, "
    "ifnull(decided_at, ''), ifnull(closed_at, ''), (SELECT group_concat("
    "officer, '、') FROM (SELECT officer FROM case_handler WHERE case_id "
    "= ?1 ORDER BY officer)) FROM cases WHERE id = ?1";
static const char steps_sql[] = "SELECT seq, coalesce(line->>'$.body.at', "
    "line->>'$.body.filed_at', line->>'$.at'), action, "
    "line->>'$.officer', ifnull(line->>'$.body.text', ''), "
    "ifnull(line->>'$.body.name', '') FROM journal WHERE case_id = ?1 AND "
    "seq <= ?2 ORDER BY seq";
static const char evidence_sql[] = "SELECT name, kind, size, id FROM "
    "evidence WHERE case_id = ?1 ORDER BY seq, id";
/* Its publications and withdrawals in the tree of the seal, in order. */
static const char publication_sql[] = "SELECT seq, published, ends, "
    "ifnull(doc_number, ''), NULL FROM publication WHERE case_id = ?1 AND "
    "seq <= ?2 UNION ALL SELECT seq, day, NULL, because, reason FROM "
    "withdrawal WHERE case_id = ?1 AND seq <= ?2 ORDER BY 1";

/* A stored UTC time as local time, or "" as "—". */
static const char *
local(const char *utc, char *buf)
{
	time_t t;

	if (utc[0] == '\0' || time_from_utc(utc, &t) != CT_OK)
		return "—";
	return time_local(t, buf);
}

static int
summary_rows(struct ct_store *st, struct bag *b, FILE *fp, const char *sql,
    int which)
{
	sqlite3_stmt *s;
	char t1[26], t2[26], t3[26];

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the case");
	sqlite3_bind_text(s, 1, b->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)b->seal.tree_size);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (which == 0)
			fprintf(fp, "案件编号：%s\n案件类型：%s\n案件名称：%s\n"
			    "当事人：%s %s\n立案依据：%s\n立案时间：%s\n"
			    "决定时间：%s\n结案时间：%s\n承办人员：%s\n\n"
			    "一、办案记录\n", sql_text(s, 0), sql_text(s, 1),
			    sql_text(s, 2), sql_text(s, 3), sql_text(s, 4),
			    sql_text(s, 5), local(sql_text(s, 6), t1),
			    local(sql_text(s, 7), t2), local(sql_text(s, 8), t3),
			    sql_text(s, 9));
		else if (which == 1)
			fprintf(fp, "%lld. %s %s（%s）%s%s\n",
			    (long long)sqlite3_column_int64(s, 0),
			    local(sql_text(s, 1), t1), sql_text(s, 2),
			    sql_text(s, 3), sql_text(s, 4), sql_text(s, 5));
		else if (which == 3 && sqlite3_column_type(s, 4) == SQLITE_NULL)
			fprintf(fp, "%lld. %s 起公示，至 %s 止%s%s\n",
			    (long long)sqlite3_column_int64(s, 0),
			    sql_text(s, 1), sql_text(s, 2),
			    *sql_text(s, 3) ? "，文号 " : "", sql_text(s, 3));
		else if (which == 3)
			fprintf(fp, "%lld. %s 撤回公示（%s）：%s\n",
			    (long long)sqlite3_column_int64(s, 0),
			    sql_text(s, 1), sql_text(s, 3), sql_text(s, 4));
		else
			fprintf(fp, "- %s（%s，%lld 字节）：evidence/%s\n",
			    sql_text(s, 0), sql_text(s, 1),
			    (long long)sqlite3_column_int64(s, 2), sql_text(s, 3));
	}
	sqlite3_finalize(s);
	return CT_OK;
}

/* Whether data/publication.jsonl, made before the summary, has a line. */
static int
has_publication(struct bag *b)
{
	const struct bag_file *f = bag_find(b, "data/publication.jsonl");

	return f != NULL && f->len > 0;
}

static const char *
retention_words(const char *retention)
{
	if (strcmp(retention, "permanent") == 0)
		return "永久";
	if (strcmp(retention, "30y") == 0)
		return "30年";
	if (strcmp(retention, "10y") == 0)
		return "10年";
	return "未定（保管期限表无对应条目）";
}

int
bag_summary(struct ct_store *st, struct bag *b)
{
	char *text = NULL, t[26];
	size_t n = 0;
	FILE *fp = open_memstream(&text, &n);
	int rc;

	if (fp == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	fprintf(fp, "%s 案件档案\n\n", st->conf.agency ? st->conf.agency : "");
	if ((rc = summary_rows(st, b, fp, case_sql, 0)) == CT_OK) {
		rc = summary_rows(st, b, fp, steps_sql, 1);
		fprintf(fp, "\n二、证据材料\n");
	}
	if (rc == CT_OK)
		rc = summary_rows(st, b, fp, evidence_sql, 2);
	fprintf(fp, "\n三、公示\n");
	if (rc == CT_OK && (rc = summary_rows(st, b, fp, publication_sql, 3)) ==
	    CT_OK && !has_publication(b))
		fprintf(fp, "归档时未曾公示。\n");
	fprintf(fp, "\n四、归档\n归档人员：%s\n归档时间：%s\n档号：%s\n"
	    "保管期限：%s\n"
	    "本档案为 BagIt 格式（RFC 8493），各文件的 SHA-256 见 "
	    "manifest-sha256.txt，办案记录见 journal.jsonl，公示记录见 "
	    "publication.jsonl，其证明见 proofs/。\n",
	    b->seal.officer, local(b->seal.at, t),
	    b->seal.archive_no[0] ? b->seal.archive_no : "未编",
	    retention_words(b->seal.retention));
	if (fclose(fp) && rc == CT_OK)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	if (rc == CT_OK)
		rc = bag_add(b, "data/case.txt", text, n, NULL, 0);
	free(text);
	return rc;
}
