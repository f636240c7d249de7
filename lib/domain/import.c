/* import.c: case-log --import.  Each input line is one entry, JSON Lines
 * or TSV (casetrail-formats(5)), parsed once (import_line.c, read by
 * import_reader.c); all of them are appended in the caller's one
 * transaction, or none. */
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import.h"

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
		else if (c->kind == CHUNK_TSV || c->kind == CHUNK_CSV)
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

int
import_entries(struct ct_store *st, FILE *fp, const char *name,
    enum import_format format, struct import_stats *stats)
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
	/* Its pages are flushed as it goes: see store_wal_fd. */
	wal = store_wal_fd(st);
	/* The page cache keeps its default size: a bulk import's pages are
	 * written once, in order, so spilling them to the WAL early costs
	 * less than faulting in memory for all of them. */
	rc = reader_start(r, fp, format == IMPORT_CSV);
	while (rc == CT_OK && !last) {
		struct chunk *c = reader_next(r);

		rc = chunk_import(st, &b, c, &keep, stats, &bad);
		if (c->lines / 4096 != stats->lines / 4096)
			store_wal_writeback(wal);
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
