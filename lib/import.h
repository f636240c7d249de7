/* import.h: what the modules of case-log --import share: the parse of
 * one line (import_line.c), the reader of chunks of lines, on a second
 * thread for JSON from a file (import_reader.c), and the driver that
 * appends them (import.c). */
#ifndef CASETRAIL_IMPORT_H
#define CASETRAIL_IMPORT_H

#include <pthread.h>
#include <sys/types.h>

#include "internal.h"

enum { F_CASE, F_ACTION, F_STAGE, F_AT, F_OFFICERS, F_EVIDENCE, F_TEXT,
    F_REF, NFIELDS };

/* The names of the fields, in that order. */
extern const char *const field_names[NFIELDS];

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
	CHUNK_LINE,                   /* one line for import_line */
	CHUNK_CSV                     /* CSV records, each split */
};

/* A CSV import's header: the field of each column. */
struct csv_header {
	int ncols;
	int field[NFIELDS];
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
	int csv;                      /* CSV records, after a header */
	int header_read;
	struct csv_header header;
	char *rec;                    /* a CSV record of several lines */
	size_t reccap;
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


/* import_line.c */
/* Appends the entry of one line's fields.  json: the lists are JSON
 * arrays rather than comma-separated. */
int import_fields(struct ct_store *st, struct case_log_batch *b,
    char *field[NFIELDS], int json, struct import_stats *stats);
/* Whether a line may join a batch of JSON lines: the checks that
 * import_line makes before parsing, passed. */
int import_batchable(const char *line, size_t n);
/* The checks of a line before it is parsed, and a TSV line's parse:
 * import_line's, and the reader's (which has no store). */
int import_line_checks(char *line, size_t n, int json);
/* Checks, parses and appends one line of n bytes (JSON or TSV); *keep is
 * a buffer the line's text may be kept in. */
int import_line(struct ct_store *st, struct case_log_batch *b, char *line,
    size_t n, char **keep, struct import_stats *stats);

/* import_csv.c */
/* Whether a quoted field is still open after the n bytes of s, given
 * whether one was open before them: a record goes on while one is. */
int csv_quotes_open(const char *s, size_t n, int open);
/* Splits a record of n bytes (NUL-ended) in place into at most max
 * fields, unquoted, each NUL-ended; *nfields gets how many (max + 1 if
 * there are more).  Returns CT_OK or CT_USAGE. */
int csv_split(char *rec, size_t n, char **field, int max, int *nfields);
/* Reads the header record of n bytes (split in place) into h: each
 * column a field's name, none twice, case and action among them.
 * Returns CT_OK or CT_USAGE naming the columns it does not know. */
int csv_header(char *rec, size_t n, struct csv_header *h);
/* Splits a record of n bytes in place into the fields its header gives
 * its columns (an empty field, or one without a column: NULL).  Returns
 * CT_OK or CT_USAGE. */
int csv_fields(char *rec, size_t n, const struct csv_header *h,
    char *field[NFIELDS]);

/* import_reader.c */
/* Starts reading fp into r's chunks: CSV records if csv, else lines of
 * JSON and TSV. */
int reader_start(struct reader *r, FILE *fp, int csv);
/* The next chunk in order.  The first is read here; if it is JSON, from
 * a regular file, and not the last, a reader thread reads on from there.
 * (TSV is split faster than two threads would hand it over.) */
struct chunk *reader_next(struct reader *r);
/* Gives back the chunk reader_next gave, for the reader to fill again. */
void reader_done_with(struct reader *r);
/* Stops the reader thread, if any, and frees what r holds. */
void reader_stop(struct reader *r);

#endif
