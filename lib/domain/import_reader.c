/* import_reader.c: the input of case-log --import, read in chunks of
 * lines of one kind; JSON from a regular file read and parsed on a
 * second thread while the first appends (import.h says why). */
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import.h"

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

/* Reads the next line into r->line, its line end and, on the first, a
 * UTF-8 byte order mark taken off: its length, or -1 at the end. */
static ssize_t
read_line(struct reader *r)
{
	ssize_t len = getline(&r->line, &r->cap, r->fp);

	if (len < 0)
		return -1;
	if (++r->lines == 1 && len >= 3 && memcmp(r->line, "\xef\xbb\xbf",
	    3) == 0) {
		memmove(r->line, r->line + 3, (size_t)len - 2);
		len -= 3;
	}
	if (len > 0 && r->line[len - 1] == '\n')
		r->line[--len] = '\0';
	if (len > 0 && r->line[len - 1] == '\r')
		r->line[--len] = '\0';
	return len;
}

/* Reads the next CSV record into r->rec: a line, and the lines after it
 * while a quoted field is open, joined by LF.  *first gets the number of
 * its first line.  Returns its length, -1 at the end, or -2 out of
 * memory.  A quoted field open at the end is left to csv_split. */
static ssize_t
read_record(struct reader *r, uint64_t *first)
{
	size_t n = 0;
	ssize_t len;
	int open = 0;

	do {
		char *p;

		if ((len = read_line(r)) < 0)
			return n == 0 ? -1 : (ssize_t)n;
		if (n == 0)
			*first = r->lines;
		if ((p = grow(r->rec, &r->reccap, n + (size_t)len + 2,
		    64 * 1024)) == NULL)
			return -2;
		r->rec = p;
		if (n > 0)
			r->rec[n++] = '\n';
		memcpy(r->rec + n, r->line, (size_t)len);
		n += (size_t)len;
		r->rec[n] = '\0';
		open = csv_quotes_open(r->line, (size_t)len, open);
	} while (open);
	return (ssize_t)n;
}

/* Reads a CSV import's header, before its first chunk. */
static void
chunk_header(struct reader *r, struct chunk *c)
{
	uint64_t first = 0;
	ssize_t len;
	int rc;

	r->header_read = 1;
	while ((len = read_record(r, &first)) == 0)
		;
	if (len == -1) {
		c->last = 1;
		c->unreadable = ferror(r->fp) != 0;
	} else if (len < 0 || (rc = import_line_checks(r->rec, (size_t)len,
	    0)) || (rc = csv_header(r->rec, (size_t)len, &r->header))) {
		if (len < 0)
			rc = ct_fail(CT_SYSTEM, "out of memory");
		c->kind = CHUNK_CSV;
		chunk_add(c, "", 0, first);
		chunk_refuse(c, rc);
	}
}

/* The next line or record: its length (its text in *line, its number
 * in *lineno), or -1 at the end, or -2 out of memory. */
static ssize_t
next_line(struct reader *r, char **line, uint64_t *lineno)
{
	ssize_t len;

	if ((len = r->held) >= 0) {
		r->held = -1;
		*line = r->line;
		*lineno = r->lines;
		return len;
	}
	do {
		if (r->csv) {
			len = read_record(r, lineno);
			*line = r->rec;
		} else {
			len = read_line(r);
			*line = r->line;
			*lineno = r->lines;
		}
	} while (len == 0);
	return len;
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
	if (r->csv && !r->header_read)
		chunk_header(r, c);
	while (!c->last) {
		char *line;
		uint64_t lineno;
		int kind;

		if ((len = next_line(r, &line, &lineno)) < 0) {
			if (len == -2) {
				chunk_refuse(c, ct_fail(CT_SYSTEM, "out of "
				    "memory"));
				break;
			}
			c->last = 1;
			c->unreadable = ferror(r->fp) != 0;
			break;
		}
		kind = r->csv ? CHUNK_CSV : line[0] != '{' ? CHUNK_TSV :
		    import_batch && import_batchable(line, (size_t)len) ?
		    CHUNK_JSON : CHUNK_LINE;
		if (c->n > 0 && (kind != c->kind || kind == CHUNK_LINE)) {
			r->held = len;        /* it begins the next chunk */
			break;
		}
		c->kind = kind;
		if ((rc = chunk_add(c, line, (size_t)len, lineno))) {
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
	/* TSV lines and CSV records are split in place once the text stops
	 * moving; a bad one ends the chunk and the import. */
	for (int k = 0; (c->kind == CHUNK_TSV || c->kind == CHUNK_CSV) &&
	    !c->bad && k < c->n; k++) {
		char *t = c->text + c->start[k];
		size_t n = c->end[k] - c->start[k];

		if ((rc = import_line_checks(t, n, 0)) ||
		    (rc = c->kind == CHUNK_CSV ? csv_fields(t, n, &r->header,
		    c->field[k]) : import_tsv_split(t, c->field[k]))) {
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

int
reader_start(struct reader *r, FILE *fp, int csv)
{
	struct stat sb;

	r->fp = fp;
	r->csv = csv;
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
struct chunk *
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

void
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

void
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
	free(r->rec);
}

