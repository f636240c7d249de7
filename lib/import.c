/* import.c: case-log --import.  Each input line is one entry, JSON Lines
 * or TSV (casetrail-formats(5)), parsed once; all of them are appended in
 * the caller's one transaction, or none. */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

enum { F_CASE, F_ACTION, F_STAGE, F_AT, F_OFFICERS, F_EVIDENCE, F_TEXT,
    NFIELDS };

static const char *const field_names[NFIELDS] = { "case", "action", "stage",
    "at", "officers", "evidence", "text" };

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
	    "'$.evidence','$.text'), json_type(?1,'$.text'), "
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
	if (sqlite3_column_int(s, 9) != 0) {
		sqlite3_reset(s);
		return ct_fail(CT_USAGE, "not an entry: a key given twice");
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

/* Appends the entry of one line's fields.  json: the lists are JSON
 * arrays rather than comma-separated. */
static int
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
static int
batchable(const char *line, size_t n)
{
	return line[0] == '{' && memchr(line, 0, n) == NULL &&
	    utf8_valid(line, n) && !nul_escape(line, n);
}

static int
import_line(struct ct_store *st, struct case_log_batch *b, char *line,
    size_t n, char **keep, struct import_stats *stats)
{
	char *field[NFIELDS] = { 0 };
	int rc, json = line[0] == '{';

	if (memchr(line, 0, n) != NULL)
		return ct_fail(CT_USAGE, "NUL byte");
	if (!utf8_valid(line, n))
		return ct_fail(CT_USAGE, "not valid UTF-8");
	if (json && nul_escape(line, n))
		return ct_fail(CT_USAGE, "NUL byte (\\u0000)");
	if (json)
		rc = json_fields(st, line, n, field, keep);
	else
		rc = import_tsv_split(line, field);
	if (rc)
		return rc;
	return import_fields(st, b, field, json, stats);
}

int import_batch = 1;

/* JSON lines are parsed by SQLite a batch at a time: one statement checks
 * that each line is one JSON value (so that no line can run into the
 * next), and one walks the tree of all of them joined into an array.
 * Two statements per 128 lines cost a third less than one per line with
 * its extractions, json_remove and json_type.  Anything the walk does not
 * expect sends the batch down the line-by-line path, which makes the
 * exact message. */
enum { BATCH_LINES = 128, BATCH_BYTES = 1 << 20 };

struct json_batch {
	char *text;                   /* "[" line "," line ... "]" */
	size_t len, cap;
	size_t start[BATCH_LINES];    /* each line's offset in text */
	size_t end[BATCH_LINES];
	uint64_t lineno[BATCH_LINES];
	int n;
	char *field[BATCH_LINES][NFIELDS];
	/* While the walk goes on: where each field's bytes are in values
	 * (which may move), plus 1; 0 if absent, EMPTY if null or "". */
	size_t at[BATCH_LINES][NFIELDS];
	char *values;                 /* the fields' bytes */
	size_t vlen, vcap;
};

static int
batch_add(struct json_batch *jb, const char *line, size_t n, uint64_t lineno)
{
	char *p = grow(jb->text, &jb->cap, jb->len + n + 3, 64 * 1024);

	if (p == NULL)
		return CT_SYSTEM;
	jb->text = p;
	jb->text[jb->len++] = jb->n == 0 ? '[' : ',';
	jb->start[jb->n] = jb->len;
	memcpy(jb->text + jb->len, line, n);
	jb->len += n;
	jb->end[jb->n] = jb->len;
	jb->lineno[jb->n++] = lineno;
	return CT_OK;
}

#define EMPTY SIZE_MAX          /* a field given as null or "" */

/* Keeps a copy of a value; its offset + 1 goes in *at. */
static int
batch_keep(struct json_batch *jb, const void *v, size_t n, size_t *at)
{
	char *p = grow(jb->values, &jb->vcap, jb->vlen + n + 1, 64 * 1024);

	if (p == NULL)
		return CT_SYSTEM;
	jb->values = p;
	memcpy(jb->values + jb->vlen, v, n);
	jb->values[jb->vlen + n] = '\0';
	*at = jb->vlen + 1;
	jb->vlen += n + 1;
	return CT_OK;
}

static int
field_index(const char *key)
{
	for (int i = 0; i < NFIELDS; i++)
		if (strcmp(key, field_names[i]) == 0)
			return i;
	return -1;
}

/* One row of the walk: a field of line i.  Returns 1 if it is as
 * expected (and kept), 0 if not, or an error. */
static int
batch_field(struct json_batch *jb, int i, sqlite3_stmt *s)
{
	const char *key = (const char *)sqlite3_column_text(s, 2);
	const char *type = (const char *)sqlite3_column_text(s, 3);
	int f = key ? field_index(key) : -1, list, col, rc;
	const void *v;
	size_t n;

	if (f < 0 || type == NULL || jb->at[i][f] != 0)
		return 0;             /* unknown or repeated key */
	list = f == F_OFFICERS || f == F_EVIDENCE;
	if (strcmp(type, "null") == 0) {
		jb->at[i][f] = EMPTY;
		return 1;
	}
	if (strcmp(type, list ? "array" : "text") != 0)
		return 0;
	col = list ? 5 : 4;
	v = sqlite3_column_blob(s, col);
	n = (size_t)sqlite3_column_bytes(s, col);
	if (n > 0 && memchr(v, 0, n) != NULL)
		return 0;
	if (n == 0) {
		jb->at[i][f] = EMPTY;
		return 1;
	}
	if ((rc = batch_keep(jb, v, n, &jb->at[i][f])))
		return -rc;
	return 1;
}

/* Parses the batch into jb->field.  Returns 1 if every line is an entry
 * object as expected, 0 if the batch must go line by line, or -error. */
static int
batch_parse(struct ct_store *st, struct json_batch *jb)
{
	sqlite3_stmt *valid, *tree;
	sqlite3_int64 root = -1, elem = -1;
	int i = -1, ok = 1, rc;
	char sql[BATCH_LINES * 32 + 16];  /* "+ifnull(json_valid(?128),1)" */

	if (st->stmt_cache[SLOT_IMPORT_VALID] == NULL) {
		size_t off = (size_t)snprintf(sql, sizeof sql, "SELECT 0");

		for (int k = 1; k <= BATCH_LINES; k++)
			off += (size_t)snprintf(sql + off, sizeof sql - off,
			    "+ifnull(json_valid(?%d),1)", k);
	}
	if ((valid = store_stmt(st, SLOT_IMPORT_VALID, sql)) == NULL)
		return -CT_SYSTEM;
	for (int k = 0; k < jb->n; k++)
		sqlite3_bind_text(valid, k + 1, jb->text + jb->start[k],
		    (int)(jb->end[k] - jb->start[k]), SQLITE_STATIC);
	if (sqlite3_step(valid) != SQLITE_ROW) {
		rc = ct_fail_sqlite(st->db, "cannot read the import");
		sqlite3_reset(valid);
		return -rc;
	}
	ok = sqlite3_column_int(valid, 0) == BATCH_LINES;
	sqlite3_reset(valid);
	if (!ok)
		return 0;

	tree = store_stmt(st, SLOT_IMPORT_TREE, "SELECT id, parent, key, "
	    "type, atom, CASE type WHEN 'array' THEN value END "
	    "FROM json_tree(?1)");
	if (tree == NULL)
		return -CT_SYSTEM;
	jb->text[jb->len] = ']';      /* batch_add left room for it */
	sqlite3_bind_text(tree, 1, jb->text, (int)jb->len + 1, SQLITE_STATIC);
	memset(jb->at, 0, sizeof jb->at[0] * (size_t)jb->n);
	jb->vlen = 0;
	while (ok == 1 && (rc = sqlite3_step(tree)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(tree, 0);
		sqlite3_int64 parent = sqlite3_column_int64(tree, 1);

		if (sqlite3_column_type(tree, 1) == SQLITE_NULL) {
			root = id;
		} else if (parent == root) {
			const char *type = (const char *)
			    sqlite3_column_text(tree, 3);

			elem = id;
			ok = ++i < jb->n && type && strcmp(type, "object") == 0;
		} else if (parent == elem) {
			ok = batch_field(jb, i, tree);
		}
	}
	if (ok == 1 && rc != SQLITE_DONE) {
		rc = ct_fail_sqlite(st->db, "cannot read the import");
		sqlite3_reset(tree);
		return -rc;
	}
	sqlite3_reset(tree);
	if (ok != 1 || i + 1 != jb->n)
		return ok < 0 ? ok : 0;
	for (int k = 0; k < jb->n; k++)
		for (int f = 0; f < NFIELDS; f++) {
			size_t at = jb->at[k][f];

			jb->field[k][f] = at == 0 || at == EMPTY ? NULL :
			    jb->values + at - 1;
		}
	return 1;
}

/* Imports the lines of the batch, and empties it. */
static int
batch_flush(struct ct_store *st, struct case_log_batch *b,
    struct json_batch *jb, char **keep, struct import_stats *stats,
    uint64_t *bad)
{
	int parsed, rc = CT_OK;

	if (jb->n == 0)
		return CT_OK;
	if ((parsed = batch_parse(st, jb)) < 0)
		rc = -parsed;
	for (int k = 0; k < jb->n && rc == CT_OK; k++) {
		if (parsed)
			rc = import_fields(st, b, jb->field[k], 1, stats);
		else
			rc = import_line(st, b, jb->text + jb->start[k],
			    jb->end[k] - jb->start[k], keep, stats);
		if (rc)
			*bad = jb->lineno[k];
	}
	jb->n = 0;
	jb->len = 0;
	return rc;
}

/* A bulk import's pages reach the WAL as the page cache spills them, and
 * the commit's fsync would then wait for all of them at once.  Every so
 * many entries the kernel is told to start writing them out, without
 * waiting, so that the disk works while the import goes on.  Only a
 * hint: a WAL that cannot be opened is left alone. */
static int
wal_open(struct ct_store *st)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/store.db-wal", st->dir);
	return open(path, O_RDONLY | O_CLOEXEC);
}

static void
wal_writeback(int fd)
{
	if (fd >= 0)
		(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

int
import_entries(struct ct_store *st, FILE *fp, const char *name,
    struct import_stats *stats)
{
	struct case_log_batch b = { 0 };
	struct json_batch *jb;
	char *line = NULL, *keep = NULL;
	size_t cap = 0;
	ssize_t len;
	uint64_t bad = 0;
	int rc = CT_OK, wal;

	memset(stats, 0, sizeof *stats);
	b.defer = 1;
	if ((jb = calloc(1, sizeof *jb)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	wal = wal_open(st);
	/* The page cache keeps its default size: a bulk import's pages are
	 * written once, in order, so spilling them to the WAL early costs
	 * less than faulting in memory for all of them. */
	while (rc == CT_OK && (len = getline(&line, &cap, fp)) >= 0) {
		stats->lines++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (stats->lines % 4096 == 0)
			wal_writeback(wal);
		if (import_batch && batchable(line, (size_t)len)) {
			rc = batch_add(jb, line, (size_t)len, stats->lines);
			if (rc == CT_OK && (jb->n == BATCH_LINES ||
			    jb->len >= BATCH_BYTES))
				rc = batch_flush(st, &b, jb, &keep, stats, &bad);
			continue;
		}
		/* Lines are imported in order: the batch before this one. */
		if ((rc = batch_flush(st, &b, jb, &keep, stats, &bad)) == CT_OK &&
		    (rc = import_line(st, &b, line, (size_t)len, &keep, stats)))
			bad = stats->lines;
	}
	if (rc == CT_OK)
		rc = batch_flush(st, &b, jb, &keep, stats, &bad);
	if (rc != CT_OK && bad != 0) {
		char msg[1024];

		snprintf(msg, sizeof msg, "%s", ct_errmsg());
		rc = ct_fail(rc, "%s:%llu: %s", name, (unsigned long long)bad,
		    msg);
	}
	if (rc == CT_OK && ferror(fp))
		rc = ct_fail(CT_SYSTEM, "cannot read %s", name);
	free(line);
	free(keep);
	free(jb->text);
	free(jb->values);
	free(jb);
	if (wal >= 0)
		close(wal);
	if (rc != CT_OK) {
		case_log_batch_free(&b);
		return rc;
	}
	return case_log_flush(st, &b);
}
