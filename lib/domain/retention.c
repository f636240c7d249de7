/* retention.c: the agency's retention table (保管期限表), STORE/retention.tsv
 * (casetrail-formats(5)): for a case type and an outcome, how long its
 * archive is kept, permanent, 30 years or 10 years.  casetrail ships no
 * rows: each agency's table is approved by its archives authority, and a
 * case no row matches is sealed with its retention unset.  The table is
 * read when a case is sealed; what it gave is recorded in the seal entry,
 * so a later change to the file changes no seal. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seal.h"
#include "vocab.h"

/* The outcomes besides the penalty types: a case closed with no
 * decision, and one decided without a structured penalty. */
#define OUTCOMES_OTHER "none decided"

/* One line's fields, cut at its tabs, into r. */
static int
parse_row(char *line, const char *name, int lineno, struct retention_row *r)
{
	char *f[3], *p = line;
	int n = 0;

	while (n < 3 && p != NULL) {
		f[n++] = p;
		if ((p = strchr(p, '\t')) != NULL)
			*p++ = '\0';
	}
	if (n < 3 || p != NULL)
		return ct_fail(CT_USAGE, "%s:%d: a row is three fields, case "
		    "type, outcome and retention, separated by tabs", name,
		    lineno);
	if (strcmp(f[0], "*") != 0 && !word_in(f[0], vocab_types))
		return ct_fail(CT_USAGE, "%s:%d: unknown case type '%.64s' "
		    "(types: %s, or *)", name, lineno, f[0], vocab_types);
	if (strcmp(f[1], "*") != 0 && !word_in(f[1], OUTCOMES_OTHER) &&
	    !word_in(f[1], vocab_penalties))
		return ct_fail(CT_USAGE, "%s:%d: unknown outcome '%.64s' "
		    "(outcomes: none decided %s, or *)", name, lineno, f[1],
		    vocab_penalties);
	if (retention_code(f[2]) == NULL)
		return ct_fail(CT_USAGE, "%s:%d: unknown retention '%.64s' "
		    "(permanent, 30y or 10y)", name, lineno, f[2]);
	snprintf(r->type, sizeof r->type, "%s", f[0]);
	snprintf(r->outcome, sizeof r->outcome, "%s", f[1]);
	snprintf(r->retention, sizeof r->retention, "%s", f[2]);
	r->line = lineno;
	return CT_OK;
}

int
retention_parse(const char *text, size_t n, const char *name,
    struct retention_table *t)
{
	const char *p = text, *end = text + n;
	char line[256];
	int lineno = 0, rc;

	memset(t, 0, sizeof *t);
	if (memchr(text, 0, n) != NULL || !utf8_valid(text, n))
		return ct_fail(CT_USAGE, "%s: not UTF-8 text", name);
	for (; p < end; lineno++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		struct retention_row r;

		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len >= sizeof line)
			return ct_fail(CT_USAGE, "%s:%d: line too long", name,
			    lineno + 1);
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : end;
		if (line[strspn(line, " \t")] == '\0' || line[0] == '#')
			continue;
		if ((rc = parse_row(line, name, lineno + 1, &r)))
			return rc;
		for (int i = 0; i < t->n; i++)
			if (strcmp(t->row[i].type, r.type) == 0 &&
			    strcmp(t->row[i].outcome, r.outcome) == 0)
				return ct_fail(CT_USAGE, "%s:%d: case type %s "
				    "and outcome %s have a row already, line "
				    "%d", name, lineno + 1, r.type, r.outcome,
				    t->row[i].line);
		/* Distinct pairs: the table cannot outgrow row[]. */
		t->row[t->n++] = r;
	}
	return CT_OK;
}

int
retention_load(struct ct_store *st, struct retention_table *t)
{
	char path[4200], *buf;
	FILE *fp;
	size_t n;
	int rc;

	memset(t, 0, sizeof *t);
	snprintf(path, sizeof path, "%s/%s", st->dir, RETENTION_FILE);
	if ((fp = fopen(path, "r")) == NULL)
		return errno == ENOENT ? CT_OK : ct_fail(CT_SYSTEM,
		    "cannot open %s: %s", path, strerror(errno));
	if ((buf = malloc(RETENTION_MAX + 1)) == NULL) {
		fclose(fp);
		return ct_fail(CT_SYSTEM, "out of memory");
	}
	n = fread(buf, 1, RETENTION_MAX + 1, fp);
	if (ferror(fp))
		rc = ct_fail(CT_SYSTEM, "cannot read %s", path);
	else if (n > RETENTION_MAX)
		rc = ct_fail(CT_USAGE, "%s: too large", path);
	else
		rc = retention_parse(buf, n, path, t);
	fclose(fp);
	free(buf);
	return rc;
}

const char *
retention_code(const char *retention)
{
	if (strcmp(retention, "permanent") == 0)
		return "Y";
	if (strcmp(retention, "30y") == 0)
		return "D30";
	if (strcmp(retention, "10y") == 0)
		return "D10";
	return NULL;
}

/* Longer first: permanent, 30y, 10y. */
static int
rank(const char *retention)
{
	return strcmp(retention, "permanent") == 0 ? 3 :
	    strcmp(retention, "30y") == 0 ? 2 : 1;
}

const char *
retention_match(const struct retention_table *t, const char *type,
    const char *outcomes)
{
	const char *best = NULL;

	/* Of the rows that match, the longest: an archive kept too long
	 * can still be appraised, one destroyed too early is lost. */
	for (int i = 0; i < t->n; i++) {
		const struct retention_row *r = &t->row[i];

		if (strcmp(r->type, "*") != 0 && strcmp(r->type, type) != 0)
			continue;
		if (strcmp(r->outcome, "*") != 0 &&
		    !word_in(r->outcome, outcomes))
			continue;
		if (best == NULL || rank(r->retention) > rank(best))
			best = r->retention;
	}
	return best;
}

/* The case's type and outcomes: the penalty types of its decisions,
 * "decided" for a decision without any (in words, or imposing none), or
 * "none" for a case closed with no decision. */
static const char outcome_sql[] = "SELECT c.type, ifnull((SELECT "
    "group_concat(w, ' ') FROM (SELECT DISTINCT t.value AS w FROM journal "
    "d, json_each(d.line, '$.body.penalty.types') t WHERE d.case_id = c.id "
    "AND d.action = 'decision' UNION SELECT 'decided' FROM journal d "
    "WHERE d.case_id = c.id AND d.action = 'decision' AND "
    "ifnull(json_array_length(d.line, '$.body.penalty.types'), 0) = 0 "
    "ORDER BY 1)), 'none') FROM cases c WHERE c.id = ?1";

int
retention_of_case(struct ct_store *st, const char *case_id,
    const struct retention_table *t, char *out, size_t cap)
{
	sqlite3_stmt *s;
	const char *r;
	int rc = CT_OK;

	if (sqlite3_prepare_v2(st->db, outcome_sql, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the case");
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = ct_fail(CT_NOTFOUND, "cannot find case '%s'", case_id);
	else if ((r = retention_match(t, sql_text(s, 0), sql_text(s, 1))))
		snprintf(out, cap, "%s", r);
	else
		snprintf(out, cap, "unset");
	sqlite3_finalize(s);
	return rc;
}
