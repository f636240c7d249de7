/* import.c: case-log --import.  Each input line is one entry, JSON Lines
 * or TSV (casetrail-formats(5)), parsed once; all of them are appended in
 * the caller's one transaction, or none. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum { F_CASE, F_ACTION, F_STAGE, F_AT, F_OFFICERS, F_EVIDENCE, F_TEXT,
    NFIELDS };

int
import_tsv_split(char *line, char *field[NFIELDS])
{
	int n = 0;
	char *p = line;

	for (;;) {
		char *tab = strchr(p, '\t');

		if (n == NFIELDS)
			return ct_fail(CT_USAGE, "more than %d fields", NFIELDS);
		field[n++] = p;
		if (tab == NULL)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	if (n < 2)
		return ct_fail(CT_USAGE, "expected at least case and action");
	for (int i = 0; i < n; i++)
		if (rec_tsv_unescape(field[i]))
			return CT_USAGE;
	for (int i = n; i < NFIELDS; i++)
		field[i] = NULL;
	for (int i = 0; i < NFIELDS; i++)
		if (field[i] != NULL && *field[i] == '\0')
			field[i] = NULL;
	return CT_OK;
}

/* Splits a comma-separated list in place into words. */
static int
split_list(char *s, const char **out, int max, int *n, const char *what)
{
	*n = 0;
	if (s == NULL)
		return CT_OK;
	for (char *tok = strtok(s, ","); tok != NULL; tok = strtok(NULL, ",")) {
		if (*n == max)
			return ct_fail(CT_USAGE, "more than %d %s", max, what);
		out[(*n)++] = tok;
	}
	return CT_OK;
}

/* A JSON array of IDs, as SQLite renders it (minified), split in place:
 * ["a","b"] -> a, b.  An ID never needs an escape, so an array with any
 * backslash, or of anything but strings, is refused, not parsed. */
static int
split_json_ids(char *s, const char **out, int max, int *n, const char *what)
{
	size_t len;
	char *p;

	*n = 0;
	if (s == NULL || strcmp(s, "null") == 0)  /* null: absent, as for the strings */
		return CT_OK;
	len = strlen(s);
	if (len < 2 || s[0] != '[' || s[len - 1] != ']' || strchr(s, '\\'))
		goto bad;
	s[len - 1] = '\0';
	p = s + 1;
	while (*p != '\0') {
		char *q;

		if (*p != '"' || (q = strchr(p + 1, '"')) == NULL || q == p + 1)
			goto bad;
		if (*n == max)
			return ct_fail(CT_USAGE, "more than %d %s", max, what);
		*q = '\0';
		out[(*n)++] = p + 1;
		p = q + 1;
		if (*p == ',' && p[1] != '\0')
			p++;
		else if (*p != '\0')
			goto bad;
	}
	return CT_OK;
bad:
	return ct_fail(CT_USAGE, "%s must be an array of IDs", what);
}

/* Pulls the fields of one JSON line.  One statement, so SQLite parses the
 * line once and every ->> is a lookup in that parse. */
static int
json_fields(struct ct_store *st, const char *line, size_t n,
    char *field[NFIELDS], char **keep)
{
	sqlite3_stmt *s = store_stmt(st, SLOT_IMPORT_JSON, "SELECT "
	    "?1->>'$.case', ?1->>'$.action', ?1->>'$.stage', ?1->>'$.at', "
	    "?1->'$.officers', ?1->'$.evidence', ?1->>'$.text', "
	    "json_remove(?1,'$.case','$.action','$.stage','$.at','$.officers',"
	    "'$.evidence','$.text'), json_type(?1,'$.text')");
	size_t total = 0, off = 0;
	const char *rest;

	if (s == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, line, (int)n, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return ct_fail(CT_USAGE, "malformed JSON");
	}
	rest = (const char *)sqlite3_column_text(s, 7);
	if (rest == NULL || strcmp(rest, "{}") != 0) {
		char shown[80];

		snprintf(shown, sizeof shown, "%s", rest ? rest : "");
		sqlite3_reset(s);
		return ct_fail(CT_USAGE, "not an entry: unknown keys or not an "
		    "object: %s", shown);
	}
	for (int i = 0; i < NFIELDS; i++) {
		int t = sqlite3_column_type(s, i);

		if (t != SQLITE_NULL && t != SQLITE_TEXT) {
			sqlite3_reset(s);
			return ct_fail(CT_USAGE, "%s must be a string",
			    (const char *[]){ "case", "action", "stage", "at",
			    "officers", "evidence", "text" }[i]);
		}
		total += (size_t)sqlite3_column_bytes(s, i) + 1;
	}
	if (sqlite3_column_type(s, 6) != SQLITE_NULL &&
	    strcmp((const char *)sqlite3_column_text(s, 8), "text") != 0) {
		sqlite3_reset(s);
		return ct_fail(CT_USAGE, "text must be a string");
	}
	/* Copy the fields out: the statement's memory goes at reset. */
	free(*keep);
	if ((*keep = malloc(total)) == NULL) {
		sqlite3_reset(s);
		return ct_fail(CT_SYSTEM, "out of memory");
	}
	for (int i = 0; i < NFIELDS; i++) {
		const unsigned char *v = sqlite3_column_text(s, i);
		size_t len = (size_t)sqlite3_column_bytes(s, i);

		if (v == NULL || len == 0) {
			field[i] = NULL;
			continue;
		}
		field[i] = memcpy(*keep + off, v, len + 1);
		off += len + 1;
	}
	sqlite3_reset(s);
	return CT_OK;
}

static int
import_line(struct ct_store *st, struct case_log_batch *b, char *line,
    size_t n, char **keep, struct import_stats *stats)
{
	char *field[NFIELDS] = { 0 };
	struct case_entry e = { 0 };
	int rc, json = line[0] == '{';

	if (memchr(line, 0, n) != NULL)
		return ct_fail(CT_USAGE, "NUL byte");
	if (!utf8_valid(line, n))
		return ct_fail(CT_USAGE, "not valid UTF-8");
	if (json)
		rc = json_fields(st, line, n, field, keep);
	else
		rc = import_tsv_split(line, field);
	if (rc)
		return rc;
	if (field[F_CASE] == NULL)
		return ct_fail(CT_USAGE, "no case");
	if (field[F_ACTION] == NULL)
		return ct_fail(CT_USAGE, "no action");
	e.case_id = field[F_CASE];
	e.action = field[F_ACTION];
	e.stage = field[F_STAGE];
	e.text = field[F_TEXT];
	e.at = time_now();
	if (field[F_AT] != NULL && (rc = time_parse(field[F_AT], &e.at)))
		return rc;
	if (json) {
		if ((rc = split_json_ids(field[F_OFFICERS], e.officers, 16,
		    &e.nofficers, "officers")) ||
		    (rc = split_json_ids(field[F_EVIDENCE], e.evidence, 64,
		    &e.nevidence, "evidence")))
			return rc;
	} else if ((rc = split_list(field[F_OFFICERS], e.officers, 16,
	    &e.nofficers, "officers")) ||
	    (rc = split_list(field[F_EVIDENCE], e.evidence, 64, &e.nevidence,
	    "evidence items"))) {
		return rc;
	}
	if ((rc = case_log(st, b, &e, NULL)))
		return rc;
	stats->entries++;
	stats->flagged += e.flagged;
	return CT_OK;
}

int
import_entries(struct ct_store *st, FILE *fp, const char *name,
    struct import_stats *stats)
{
	struct case_log_batch b = { 0 };
	char *line = NULL, *keep = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = CT_OK;

	memset(stats, 0, sizeof *stats);
	/* The page cache keeps its default size: a bulk import's pages are
	 * written once, in order, so spilling them to the WAL early costs
	 * less than faulting in memory for all of them. */
	while ((len = getline(&line, &cap, fp)) >= 0) {
		stats->lines++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len == 0)
			continue;
		if ((rc = import_line(st, &b, line, (size_t)len, &keep, stats))) {
			char msg[1024];

			snprintf(msg, sizeof msg, "%s", ct_errmsg());
			rc = ct_fail(rc, "%s:%llu: %s", name,
			    (unsigned long long)stats->lines, msg);
			break;
		}
	}
	if (rc == CT_OK && ferror(fp))
		rc = ct_fail(CT_SYSTEM, "cannot read %s", name);
	free(line);
	free(keep);
	if (rc != CT_OK) {
		case_log_batch_free(&b);
		return rc;
	}
	return case_log_flush(st, &b);
}
