/* verify_objects.c: store-verify's walk of objects/: every object
 * re-hashed, streaming, against the evidence rows that name it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "object.h"
#include "verify.h"

/* store-verify's state while it walks the objects. */
struct walk {
	struct ct_store *st;
	struct verify_report *r;
	int faults, first;      /* first: the report's fault is ours */
	uint64_t done, total;
	void (*progress)(uint64_t, uint64_t);
	char **live;            /* ids with a live writer's temporary file */
	size_t nlive;
};

static void
fault(struct walk *w, const char *fmt, const char *a, const char *b)
{
	if (w->faults++ == 0 && w->r->status == CT_OK) {
		snprintf(w->r->first, sizeof w->r->first, fmt, a, b);
		w->r->status = CT_NO;
		w->first = 1;
	}
}

static void
tick(uint64_t n, void *ctx)
{
	struct walk *w = ctx;
	uint64_t before = w->done;

	w->done += n;
	/* Every 256 MiB, which a terminal can follow. */
	if (w->progress != NULL && (before >> 28) != (w->done >> 28))
		w->progress(w->done, w->total);
}

/* Re-hashes the object of every evidence row. */
static int
check_objects(struct walk *w)
{
	struct ct_store *st = w->st;
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT ifnull(sum(size), 0) FROM "
	    "(SELECT max(size) AS size FROM evidence GROUP BY id)", -1, &s,
	    NULL) != SQLITE_OK || sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ct_fail_sqlite(st->db, "cannot read evidence");
	}
	w->total = (uint64_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(st->db, "SELECT id, min(size), max(size) FROM "
	    "evidence GROUP BY id ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read evidence");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(s, 0);
		int64_t size = sqlite3_column_int64(s, 2);
		unsigned char md[CT_HASH];
		char path[4400], hex[2 * CT_HASH + 1], sizes[64];
		struct stat sb;
		uint64_t n;
		int fd;

		if (sqlite3_column_int64(s, 1) != size) {
			fault(w, "evidence %s is recorded with different sizes%s",
			    id, "");
			continue;
		}
		obj_path(st, id, path, sizeof path);
		if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
			if (errno == ENOENT)
				fault(w, "object %s is missing%s", id, "");
			else
				fault(w, "object %s cannot be read: %s", id,
				    strerror(errno));
			w->done += (uint64_t)size;
			continue;
		}
		if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    sb.st_size != size) {
			snprintf(sizes, sizeof sizes, "%lld bytes, %lld recorded",
			    (long long)sb.st_size, (long long)size);
			fault(w, "object %s was altered: %s", id, sizes);
			close(fd);
			w->done += (uint64_t)size;
			continue;
		}
		rc = obj_hash_stream(fd, -1, md, &n, tick, w);
		close(fd);
		if (rc != CT_OK) {
			fault(w, "object %s cannot be read: %s", id, ct_errmsg());
			continue;
		}
		if (strcmp(hex_encode(md, CT_HASH, hex), id) != 0)
			fault(w, "object %s was altered: its content does not "
			    "match its hash%s", id, "");
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ct_fail_sqlite(st->db, "cannot read evidence");
	return CT_OK;
}

/* Notes the temporary files in objects/tmp: a live writer's names the
 * object it is adding, which is not yet recorded; a dead one's is a
 * fault (left only where the store could not be cleaned). */
static int
check_temps(struct walk *w)
{
	char dir[4096], path[4400];
	struct dirent *d;
	DIR *dp;

	snprintf(dir, sizeof dir, "%s/objects/tmp", w->st->dir);
	if ((dp = opendir(dir)) == NULL)
		return CT_OK;
	while ((d = readdir(dp)) != NULL) {
		int fd, live;

		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, d->d_name);
		if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC)) < 0)
			continue;
		live = flock(fd, LOCK_SH | LOCK_NB) != 0;
		close(fd);
		if (!live) {
			fault(w, "stray temporary file objects/tmp/%s%s",
			    d->d_name, "");
		} else if (obj_temp_named(d->d_name)) {
			char **p = realloc(w->live, (w->nlive + 1) * sizeof *p);

			if (p == NULL || (p[w->nlive] = strndup(d->d_name,
			    2 * CT_HASH)) == NULL) {
				if (p != NULL)
					w->live = p;
				closedir(dp);
				return ct_fail(CT_SYSTEM, "out of memory");
			}
			w->live = p;
			w->nlive++;
		}
	}
	closedir(dp);
	return CT_OK;
}

/* Finds files in objects/ that no row names, and anything else. */
static int
check_files(struct walk *w)
{
	char dir[4096], sub[4400], id[2 * CT_HASH + 1], rel[80];
	struct dirent *d, *f;
	DIR *dp, *fp;

	snprintf(dir, sizeof dir, "%s/objects", w->st->dir);
	if ((dp = opendir(dir)) == NULL)
		return errno == ENOENT ? CT_OK : ct_fail(CT_SYSTEM,
		    "cannot read %s: %s", dir, strerror(errno));
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0 ||
		    strcmp(d->d_name, "tmp") == 0)
			continue;
		if (strlen(d->d_name) != 2 ||
		    strspn(d->d_name, "0123456789abcdef") != 2) {
			fault(w, "unexpected file objects/%s%s", d->d_name, "");
			continue;
		}
		snprintf(sub, sizeof sub, "%s/%s", dir, d->d_name);
		if ((fp = opendir(sub)) == NULL) {
			fault(w, "unexpected file objects/%s%s", d->d_name, "");
			continue;
		}
		while ((f = readdir(fp)) != NULL) {
			int there = 0;

			if (strcmp(f->d_name, ".") == 0 ||
			    strcmp(f->d_name, "..") == 0)
				continue;
			snprintf(rel, sizeof rel, "%.2s/%.70s", d->d_name, f->d_name);
			if (strlen(f->d_name) != 2 * CT_HASH - 2 ||
			    strspn(f->d_name, "0123456789abcdef") !=
			    2 * CT_HASH - 2) {
				fault(w, "unexpected file objects/%s%s", rel, "");
				continue;
			}
			snprintf(id, sizeof id, "%.2s%.62s", d->d_name, f->d_name);
			if ((there = evidence_has_row(w->st, id)) < 0) {
				closedir(fp);
				closedir(dp);
				return CT_SYSTEM;
			}
			for (size_t i = 0; !there && i < w->nlive; i++)
				there = strcmp(w->live[i], id) == 0;
			if (!there)
				fault(w, "object %s is unreferenced: no evidence "
				    "names it%s", id, "");
		}
		closedir(fp);
	}
	closedir(dp);
	return CT_OK;
}

int
evidence_verify(struct ct_store *st, struct verify_report *r,
    void (*progress)(uint64_t done, uint64_t total))
{
	struct walk w = { .st = st, .r = r, .progress = progress };
	int rc;

	/* The temporary files of dead writers go first, under the write
	 * lock, so that no writer is between its link and its commit.  A
	 * store that cannot be written keeps them, and they are reported. */
	if (!st->writing && sqlite3_get_autocommit(st->db) &&
	    sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
	    SQLITE_OK) {
		rc = evidence_clean(st, NULL, 0, NULL);
		sqlite3_exec(st->db, rc == CT_OK ? "COMMIT" : "ROLLBACK", NULL,
		    NULL, NULL);
		if (rc)
			return rc;
	}
	if ((rc = check_temps(&w)) == CT_OK && (rc = check_objects(&w)) == CT_OK)
		rc = check_files(&w);
	if (progress != NULL && w.total > 0)
		progress(w.total, w.total);
	for (size_t i = 0; i < w.nlive; i++)
		free(w.live[i]);
	free(w.live);
	if (rc == CT_OK && w.faults > 1 && w.first) {
		size_t len = strlen(r->first);

		snprintf(r->first + len, sizeof r->first - len, " (and %d more "
		    "in objects/)", w.faults - 1);
	}
	return rc;
}
