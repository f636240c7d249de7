/* import.c: case-log --import.  Each input line is one entry, JSON Lines
 * or TSV (casetrail-formats(5)), parsed once; all of them are appended in
 * the caller's one transaction, or none. */
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* The checks of a line before it is parsed, and a TSV line's parse:
 * import_line's, and the reader's (which has no store). */
static int
line_checks(char *line, size_t n, int json)
{
	if (memchr(line, 0, n) != NULL)
		return ct_fail(CT_USAGE, "NUL byte");
	if (!utf8_valid(line, n))
		return ct_fail(CT_USAGE, "not valid UTF-8");
	if (json && nul_escape(line, n))
		return ct_fail(CT_USAGE, "NUL byte (\\u0000)");
	return CT_OK;
}

static int
import_line(struct ct_store *st, struct case_log_batch *b, char *line,
    size_t n, char **keep, struct import_stats *stats)
{
	char *field[NFIELDS] = { 0 };
	int rc, json = line[0] == '{';

	if ((rc = line_checks(line, n, json)))
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

/* The input is read and parsed in chunks of lines of one kind, in
 * order.  JSON from a regular file is read and parsed by a second thread
 * while this one imports: parsing it is a quarter of an import.  Other
 * input is read here, a chunk as it is needed: from a pipe or a terminal,
 * a reader thread could be waiting for input that may be long in coming
 * when a line is refused, and would have to be waited for.
 *
 * JSON lines are parsed by SQLite a chunk at a time: one statement checks
 * that each line is one JSON value (so that no line can run into the
 * next), and one walks the tree of all of them joined into an array.
 * Two statements per 128 lines cost a third less than one per line with
 * its extractions, json_remove and json_type.  Anything the walk does not
 * expect sends the chunk down the line-by-line path, which makes the
 * exact message. */
enum { BATCH_LINES = 128, BATCH_BYTES = 1 << 20, CHUNKS = 3 };

enum {
	CHUNK_JSON,                   /* JSON lines, parsed together */
	CHUNK_TSV,                    /* TSV lines, each split */
	CHUNK_LINE                    /* one line for import_line */
};

struct chunk {
	int kind, n;
	int parsed;                   /* JSON: field holds what the walk found */
	char *text;                   /* JSON: "[" line "," line ... "]";
	                               * else the lines, each NUL-ended */
	size_t len, cap;
	size_t start[BATCH_LINES];    /* each line's offset in text */
	size_t end[BATCH_LINES];
	uint64_t lineno[BATCH_LINES];
	char *field[BATCH_LINES][NFIELDS];
	/* While the walk goes on: where each field's bytes are in values
	 * (which may move), plus 1; 0 if absent, EMPTY if null or "". */
	size_t at[BATCH_LINES][NFIELDS];
	char *values;                 /* the fields' bytes */
	size_t vlen, vcap;
	int bad;                      /* the last line is refused: rc, msg */
	int rc;
	char msg[1024];
	int last;                     /* the input ends with this chunk */
	int unreadable;               /* ... because it could not be read */
	uint64_t lines;               /* lines read, through this chunk */
};

struct reader {
	FILE *fp;
	sqlite3 *db;                  /* the reader's own, for the walk */
	sqlite3_stmt *valid, *tree;
	char *line;                   /* getline's */
	size_t cap;
	ssize_t held;                 /* a line read for the next chunk: its
	                               * length, or -1 */
	uint64_t lines;
	struct chunk chunk[CHUNKS];
	int head, count;              /* the next to import; how many ready */
	int may_thread, threaded, stop;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
};

/* Adds a line (n bytes, NUL-ended) to a chunk of its kind.  Out of
 * memory, the line is there without its text, to be refused by number. */
static int
chunk_add(struct chunk *c, const char *line, size_t n, uint64_t lineno)
{
	char *p;

	c->lineno[c->n] = lineno;
	c->start[c->n] = c->end[c->n] = 0;
	if ((p = grow(c->text, &c->cap, c->len + n + 3, 64 * 1024)) == NULL) {
		c->n++;
		return CT_SYSTEM;
	}
	c->text = p;
	if (c->kind == CHUNK_JSON)
		c->text[c->len++] = c->n == 0 ? '[' : ',';
	c->start[c->n] = c->len;
	memcpy(c->text + c->len, line, n + 1);
	c->len += n;
	c->end[c->n++] = c->len;
	if (c->kind != CHUNK_JSON)
		c->len++;             /* past the NUL */
	return CT_OK;
}

#define EMPTY SIZE_MAX          /* a field given as null or "" */

/* Keeps a copy of a value; its offset + 1 goes in *at. */
static int
chunk_keep(struct chunk *c, const void *v, size_t n, size_t *at)
{
	char *p = grow(c->values, &c->vcap, c->vlen + n + 1, 64 * 1024);

	if (p == NULL)
		return CT_SYSTEM;
	c->values = p;
	memcpy(c->values + c->vlen, v, n);
	c->values[c->vlen + n] = '\0';
	*at = c->vlen + 1;
	c->vlen += n + 1;
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
 * expected (and kept), 0 if not, or -1 out of memory. */
static int
walk_field(struct chunk *c, int i, sqlite3_stmt *s)
{
	const char *key = (const char *)sqlite3_column_text(s, 2);
	const char *type = (const char *)sqlite3_column_text(s, 3);
	int f = key ? field_index(key) : -1, list, col;
	const void *v;
	size_t n;

	if (f < 0 || type == NULL || c->at[i][f] != 0)
		return 0;             /* unknown or repeated key */
	list = f == F_OFFICERS || f == F_EVIDENCE;
	if (strcmp(type, "null") == 0) {
		c->at[i][f] = EMPTY;
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
		c->at[i][f] = EMPTY;
		return 1;
	}
	return chunk_keep(c, v, n, &c->at[i][f]) ? -1 : 1;
}

/* Parses a chunk of JSON lines into c->field, with the reader's own
 * connection.  Returns 1 if every line is an entry object as expected,
 * else 0: the lines must go one by one. */
static int
chunk_parse(struct reader *r, struct chunk *c)
{
	sqlite3_int64 root = -1, elem = -1;
	int i = -1, ok = 1, rc = SQLITE_DONE;
	char sql[BATCH_LINES * 32 + 16];  /* "+ifnull(json_valid(?128),1)" */

	if (r->valid == NULL) {
		size_t off = (size_t)snprintf(sql, sizeof sql, "SELECT 0");

		for (int k = 1; k <= BATCH_LINES; k++)
			off += (size_t)snprintf(sql + off, sizeof sql - off,
			    "+ifnull(json_valid(?%d),1)", k);
		if (sqlite3_prepare_v3(r->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
		    &r->valid, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v3(r->db, "SELECT id, parent, key, type, "
		    "atom, CASE type WHEN 'array' THEN value END FROM "
		    "json_tree(?1)", -1, SQLITE_PREPARE_PERSISTENT, &r->tree,
		    NULL) != SQLITE_OK)
			return 0;
	}
	sqlite3_clear_bindings(r->valid);
	for (int k = 0; k < c->n; k++)
		sqlite3_bind_text(r->valid, k + 1, c->text + c->start[k],
		    (int)(c->end[k] - c->start[k]), SQLITE_STATIC);
	ok = sqlite3_step(r->valid) == SQLITE_ROW &&
	    sqlite3_column_int(r->valid, 0) == BATCH_LINES;
	sqlite3_reset(r->valid);
	if (!ok)
		return 0;

	c->text[c->len] = ']';        /* chunk_add left room for it */
	sqlite3_bind_text(r->tree, 1, c->text, (int)c->len + 1, SQLITE_STATIC);
	memset(c->at, 0, sizeof c->at[0] * (size_t)c->n);
	c->vlen = 0;
	while (ok == 1 && (rc = sqlite3_step(r->tree)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(r->tree, 0);
		sqlite3_int64 parent = sqlite3_column_int64(r->tree, 1);

		if (sqlite3_column_type(r->tree, 1) == SQLITE_NULL) {
			root = id;
		} else if (parent == root) {
			const char *type = (const char *)
			    sqlite3_column_text(r->tree, 3);

			elem = id;
			ok = ++i < c->n && type && strcmp(type, "object") == 0;
		} else if (parent == elem) {
			ok = walk_field(c, i, r->tree);
		}
	}
	sqlite3_reset(r->tree);
	if (ok != 1 || (rc != SQLITE_ROW && rc != SQLITE_DONE) || i + 1 != c->n)
		return 0;
	for (int k = 0; k < c->n; k++)
		for (int f = 0; f < NFIELDS; f++) {
			size_t at = c->at[k][f];

			c->field[k][f] = at == 0 || at == EMPTY ? NULL :
			    c->values + at - 1;
		}
	return 1;
}

/* Refuses the chunk's last line with the message ct_fail just made. */
static void
chunk_refuse(struct chunk *c, int rc)
{
	c->bad = 1;
	c->rc = rc;
	c->last = 1;
	snprintf(c->msg, sizeof c->msg, "%s", ct_errmsg());
}

/* Reads the next chunk: lines of one kind, up to BATCH_LINES of them. */
static void
chunk_read(struct reader *r, struct chunk *c)
{
	ssize_t len;
	int rc;

	c->n = 0;
	c->len = 0;
	c->parsed = c->bad = c->last = c->unreadable = 0;
	c->kind = -1;
	for (;;) {
		char *line;
		int kind;

		if ((len = r->held) >= 0) {
			r->held = -1;
		} else {
			if ((len = getline(&r->line, &r->cap, r->fp)) < 0) {
				c->last = 1;
				c->unreadable = ferror(r->fp) != 0;
				break;
			}
			r->lines++;
			if (len > 0 && r->line[len - 1] == '\n')
				r->line[--len] = '\0';
			if (len > 0 && r->line[len - 1] == '\r')
				r->line[--len] = '\0';
			if (len == 0)
				continue;
		}
		line = r->line;
		kind = line[0] != '{' ? CHUNK_TSV : import_batch &&
		    batchable(line, (size_t)len) ? CHUNK_JSON : CHUNK_LINE;
		if (c->n > 0 && (kind != c->kind || kind == CHUNK_LINE)) {
			r->held = len;        /* it begins the next chunk */
			break;
		}
		c->kind = kind;
		if ((rc = chunk_add(c, line, (size_t)len, r->lines))) {
			chunk_refuse(c, rc);
			break;
		}
		if (kind == CHUNK_LINE || c->n == BATCH_LINES ||
		    c->len >= BATCH_BYTES)
			break;
	}
	c->lines = r->lines - (r->held >= 0);
	if (c->kind == CHUNK_JSON && !c->bad)
		c->parsed = chunk_parse(r, c);
	/* TSV lines are split in place once the text stops moving; a bad
	 * one ends the chunk and the import. */
	for (int k = 0; c->kind == CHUNK_TSV && !c->bad && k < c->n; k++) {
		char *t = c->text + c->start[k];

		if ((rc = line_checks(t, c->end[k] - c->start[k], 0)) ||
		    (rc = import_tsv_split(t, c->field[k]))) {
			c->n = k + 1;
			chunk_refuse(c, rc);
		}
	}
}

static void *
reader_main(void *arg)
{
	struct reader *r = arg;
	int last = 0;

	while (!last) {
		struct chunk *c;

		pthread_mutex_lock(&r->mu);
		while (r->count == CHUNKS && !r->stop)
			pthread_cond_wait(&r->cond, &r->mu);
		if (r->stop) {
			pthread_mutex_unlock(&r->mu);
			break;
		}
		c = &r->chunk[(r->head + r->count) % CHUNKS];
		pthread_mutex_unlock(&r->mu);
		chunk_read(r, c);
		last = c->last;
		pthread_mutex_lock(&r->mu);
		r->count++;
		pthread_cond_broadcast(&r->cond);
		pthread_mutex_unlock(&r->mu);
	}
	return NULL;
}

static int
reader_start(struct reader *r, FILE *fp)
{
	struct stat sb;

	r->fp = fp;
	r->held = -1;
	if (sqlite3_open_v2(":memory:", &r->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return ct_fail(CT_SYSTEM, "cannot parse JSON: out of memory");
	r->may_thread = fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode);
	return CT_OK;
}

/* The next chunk in order.  The first is read here; if it is JSON, from
 * a regular file, and not the last, a reader thread reads on from there.
 * (TSV is split faster than two threads would hand it over.) */
static struct chunk *
reader_next(struct reader *r)
{
	struct chunk *c = &r->chunk[r->head];

	if (!r->threaded) {
		chunk_read(r, c);
		if (r->may_thread && c->kind == CHUNK_JSON && !c->last) {
			r->may_thread = 0;
			r->count = 1;
			pthread_mutex_init(&r->mu, NULL);
			pthread_cond_init(&r->cond, NULL);
			if (pthread_create(&r->thread, NULL, reader_main, r) == 0) {
				r->threaded = 1;
			} else {          /* read here, then */
				pthread_cond_destroy(&r->cond);
				pthread_mutex_destroy(&r->mu);
				r->count = 0;
			}
		}
		return c;
	}
	pthread_mutex_lock(&r->mu);
	while (r->count == 0)
		pthread_cond_wait(&r->cond, &r->mu);
	pthread_mutex_unlock(&r->mu);
	return c;
}

static void
reader_done_with(struct reader *r)
{
	if (!r->threaded)
		return;
	pthread_mutex_lock(&r->mu);
	r->head = (r->head + 1) % CHUNKS;
	r->count--;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->mu);
}

static void
reader_stop(struct reader *r)
{
	if (r->threaded) {
		pthread_mutex_lock(&r->mu);
		r->stop = 1;
		pthread_cond_broadcast(&r->cond);
		pthread_mutex_unlock(&r->mu);
		pthread_join(r->thread, NULL);
		pthread_cond_destroy(&r->cond);
		pthread_mutex_destroy(&r->mu);
	}
	sqlite3_finalize(r->valid);
	sqlite3_finalize(r->tree);
	sqlite3_close(r->db);
	for (int i = 0; i < CHUNKS; i++) {
		free(r->chunk[i].text);
		free(r->chunk[i].values);
	}
	free(r->line);
}

/* Imports the lines of a chunk; *bad gets the line number of a refused
 * one. */
static int
chunk_import(struct ct_store *st, struct case_log_batch *b,
    struct chunk *c, char **keep, struct import_stats *stats,
    uint64_t *bad)
{
	int rc = CT_OK;

	for (int k = 0; k < c->n && rc == CT_OK; k++) {
		char *line = c->text + c->start[k];
		size_t n = c->end[k] - c->start[k];

		if (c->bad && k == c->n - 1)
			rc = ct_fail(c->rc, "%s", c->msg);
		else if (c->kind == CHUNK_TSV)
			rc = import_fields(st, b, c->field[k], 0, stats);
		else if (c->parsed)
			rc = import_fields(st, b, c->field[k], 1, stats);
		else
			rc = import_line(st, b, line, n, keep, stats);
		if (rc)
			*bad = c->lineno[k];
	}
	return rc;
}

/* A bulk import's pages reach the WAL as the page cache spills them, and
 * the commit's fsync would then wait for all of them at once.  Every so
 * many lines the kernel is told to start writing them out, without
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
	struct reader *r;
	char *keep = NULL;
	uint64_t bad = 0;
	int rc, wal, last = 0;

	memset(stats, 0, sizeof *stats);
	b.defer = 1;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	wal = wal_open(st);
	/* The page cache keeps its default size: a bulk import's pages are
	 * written once, in order, so spilling them to the WAL early costs
	 * less than faulting in memory for all of them. */
	rc = reader_start(r, fp);
	while (rc == CT_OK && !last) {
		struct chunk *c = reader_next(r);

		rc = chunk_import(st, &b, c, &keep, stats, &bad);
		if (c->lines / 4096 != stats->lines / 4096)
			wal_writeback(wal);
		stats->lines = c->lines;
		last = c->last;
		if (rc == CT_OK && c->unreadable)
			rc = ct_fail(CT_SYSTEM, "cannot read %s", name);
		reader_done_with(r);
	}
	reader_stop(r);
	free(r);
	if (rc != CT_OK && bad != 0) {
		char msg[1024];

		snprintf(msg, sizeof msg, "%s", ct_errmsg());
		rc = ct_fail(rc, "%s:%llu: %s", name, (unsigned long long)bad,
		    msg);
	}
	free(keep);
	if (wal >= 0)
		close(wal);
	if (rc != CT_OK) {
		case_log_batch_free(&b);
		return rc;
	}
	return case_log_flush(st, &b);
}
