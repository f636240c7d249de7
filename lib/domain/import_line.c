/* import_line.c: one line of case-log --import, JSON or TSV
 * (casetrail-formats(5)), checked, parsed and appended. */
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import.h"

const char *const field_names[NFIELDS] = { "case", "action", "stage",
    "at", "officers", "evidence", "text", "ref" };

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
		if (tsv_unescape(field[i]))
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
	    "?1->'$.officers', ?1->'$.evidence', ?1->>'$.text', ?1->>'$.ref', "
	    "json_remove(?1,'$.case','$.action','$.stage','$.at','$.officers',"
	    "'$.evidence','$.text','$.ref'), json_type(?1,'$.text'), "
	    "json_type(?1,'$.ref'), "
	    "(SELECT count(*) - count(DISTINCT key) FROM json_each(?1))");
	size_t total = 0, off = 0;
	const char *rest;

	if (s == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, line, (int)n, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return ct_fail(CT_USAGE, "malformed JSON");
	}
	if (sqlite3_column_int(s, 11) != 0) {
		sqlite3_reset(s);
		return ct_fail(CT_USAGE, "not an entry: a key given twice");
	}
	rest = (const char *)sqlite3_column_text(s, 8);
	if (rest == NULL || strcmp(rest, "{}") != 0) {
		char shown[80];

		snprintf(shown, sizeof shown, "%s", rest ? rest : "");
		sqlite3_reset(s);
		return ct_fail(CT_USAGE, "not an entry: unknown keys or not an "
		    "object: %s", shown);
	}
	for (int i = 0; i < NFIELDS; i++) {
		int t = sqlite3_column_type(s, i);
		const void *v = sqlite3_column_blob(s, i);
		size_t len = (size_t)sqlite3_column_bytes(s, i);

		if (t != SQLITE_NULL && t != SQLITE_TEXT) {
			sqlite3_reset(s);
			return ct_fail(CT_USAGE, "%s must be a string",
			    field_names[i]);
		}
		/* "\u0000" decodes to a NUL, which would cut the C string. */
		if (len > 0 && memchr(v, 0, len) != NULL) {
			sqlite3_reset(s);
			return ct_fail(CT_USAGE, "NUL byte in %s", field_names[i]);
		}
		total += len + 1;
	}
	/* ->> gives a JSON string and a number alike as text. */
	for (int i = F_TEXT; i <= F_REF; i++)
		if (sqlite3_column_type(s, i) != SQLITE_NULL &&
		    strcmp((const char *)sqlite3_column_text(s, 9 + i - F_TEXT),
		    "text") != 0) {
			sqlite3_reset(s);
			return ct_fail(CT_USAGE, "%s must be a string",
			    field_names[i]);
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

/* Appends the entry of one line's fields.  json: the lists are JSON
 * arrays rather than comma-separated. */
int
import_fields(struct ct_store *st, struct case_log_batch *b,
    char *field[NFIELDS], int json, struct import_stats *stats)
{
	struct case_entry e = { 0 };
	int rc;

	if (field[F_CASE] == NULL)
		return ct_fail(CT_USAGE, "no case");
	if (field[F_ACTION] == NULL)
		return ct_fail(CT_USAGE, "no action");
	e.case_id = field[F_CASE];
	e.action = field[F_ACTION];
	e.stage = field[F_STAGE];
	e.text = field[F_TEXT];
	e.ref = field[F_REF];
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
	if (e.ref != NULL) {
		int has;

		if ((rc = case_log_has_ref(st, b, e.case_id, e.ref, &has)))
			return rc;
		if (has) {
			stats->skipped++;
			return CT_OK;
		}
	}
	if ((rc = case_log(st, b, &e, NULL)))
		return rc;
	stats->entries++;
	stats->flagged += e.flagged;
	return CT_OK;
}

/* Whether a JSON line escapes a NUL, \u0000: SQLite (3.40) ends the
 * string there and the rest of the text would be lost unseen.  An escape
 * is a backslash after an even run of backslashes. */
static int
nul_escape(const char *line, size_t n)
{
	const char *p = line, *end = line + n, *u;

	while ((u = memmem(p, (size_t)(end - p), "u0000", 5)) != NULL) {
		size_t run = 0;

		while (u - (ptrdiff_t)run > line && u[-1 - (ptrdiff_t)run] == '\\')
			run++;
		if (run % 2 == 1)
			return 1;
		p = u + 5;
	}
	return 0;
}

/* Whether a line may join a batch of JSON lines: the checks that
 * import_line makes before parsing, passed. */
int
import_batchable(const char *line, size_t n)
{
	return line[0] == '{' && memchr(line, 0, n) == NULL &&
	    utf8_valid(line, n) && !nul_escape(line, n);
}

/* The checks of a line before it is parsed, and a TSV line's parse:
 * import_line's, and the reader's (which has no store). */
int
import_line_checks(char *line, size_t n, int json)
{
	if (memchr(line, 0, n) != NULL)
		return ct_fail(CT_USAGE, "NUL byte");
	if (!utf8_valid(line, n))
		return ct_fail(CT_USAGE, "not valid UTF-8");
	if (json && nul_escape(line, n))
		return ct_fail(CT_USAGE, "NUL byte (\\u0000)");
	return CT_OK;
}

int
import_line(struct ct_store *st, struct case_log_batch *b, char *line,
    size_t n, char **keep, struct import_stats *stats)
{
	char *field[NFIELDS] = { 0 };
	int rc, json = line[0] == '{';

	if ((rc = import_line_checks(line, n, json)))
		return rc;
	if (json)
		rc = json_fields(st, line, n, field, keep);
	else
		rc = import_tsv_split(line, field);
	if (rc)
		return rc;
	return import_fields(st, b, field, json, stats);
}

int import_batch = 1;

