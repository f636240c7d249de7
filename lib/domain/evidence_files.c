/* evidence_files.c: files stored as evidence of a case, all or none: the
 * write of evidence-add(1).  The protocol: check what the store can
 * refuse; stage every input in objects/tmp/ outside the transaction (a
 * large copy must not hold the write lock), and refuse a file that
 * changed while it was staged; then, in one transaction, clean up after
 * crashed writers, link and record each object, and commit; on failure
 * unlink what this call linked, then roll back.
 *
 * From 8 inputs, they are staged on as many threads as there are cores
 * (at most 4): one file is hashed while another is written.
 *
 * The flushes, fewest first: each object's write-back starts as it is
 * written; once all are staged, one fdatasync each waits for the data
 * (the first of them commits the file system's journal for all), or,
 * from 16 objects, one syncfs; each objects/XX/ that got a name is
 * flushed once before the commit (from 16, a second syncfs).  A flush
 * per file and per link cost 1,000 photos 1.0 s, against 0.2 s for cp
 * and one sync. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* What a stat says of a file's identity and content: a regular file
 * whose size, modification or change time (to the nanosecond), inode or
 * device differ between two stats was changed, replaced or removed in
 * between.  Any write moves the change time, even one that keeps the
 * size and restores the modification time. */
static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	    a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	    a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static int
changed(const char *what)
{
	return ct_fail(CT_REFUSED, "%s: changed while being read", what);
}

/* What a file given by path is, when it is not a regular file. */
static const char *
file_type(mode_t mode)
{
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/* Opens a file given by path: only a regular file, judged before it is
 * opened, since opening a FIFO waits for a writer and opening a device
 * may act on it.  *before is the file as opened, before a byte is read. */
static int
open_path(const char *path, int walked, int *fd, struct stat *before)
{
	struct stat sb;

	/* A walked name was judged not a link by the walk; one that has
	 * become a link since is not followed either. */
	if ((walked ? lstat(path, &sb) : stat(path, &sb)) != 0)
		return ct_fail(errno == ENOENT || errno == ENOTDIR ?
		    CT_NOTFOUND : CT_SYSTEM, "cannot open %s: %s", path,
		    strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return ct_fail(CT_USAGE, "%s is a directory", path);
	if (walked && !S_ISREG(sb.st_mode))
		return changed(path);
	if (!S_ISREG(sb.st_mode))
		return ct_fail(CT_USAGE, "%s is %s, not a regular file (give it "
		    "as standard input, '-', with --name)", path,
		    file_type(sb.st_mode));
	/* Not blocking, should the name be made a FIFO meanwhile. */
	if ((*fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
	    (walked ? O_NOFOLLOW : 0))) < 0)
		return ct_fail(errno == ENOENT ? CT_NOTFOUND : CT_SYSTEM,
		    "cannot open %s: %s", path, strerror(errno));
	if (fstat(*fd, before) != 0)
		return ct_fail(CT_SYSTEM, "cannot read %s: %s", path,
		    strerror(errno));
	if (before->st_dev != sb.st_dev || before->st_ino != sb.st_ino)
		return changed(path);
	return CT_OK;
}

/* Opens an input, a path or "-" for standard input; *before is the
 * input as opened, and *expect a regular file's size from where it is
 * read, else -1. */
static int
open_input(const char *path, int walked, int *fd, struct stat *before,
    int64_t *expect)
{
	off_t at = 0;
	int rc;

	memset(before, 0, sizeof *before);
	*expect = -1;
	if (strcmp(path, "-") != 0) {
		if ((rc = open_path(path, walked, fd, before)))
			return rc;
	} else {
		*fd = 0;
		if (fstat(*fd, before) != 0)
			return ct_fail(CT_SYSTEM, "cannot read standard input: "
			    "%s", strerror(errno));
		if (S_ISDIR(before->st_mode))
			return ct_fail(CT_USAGE, "standard input is a "
			    "directory");
		/* A regular file is read from where the caller left it. */
		if (S_ISREG(before->st_mode) &&
		    (at = lseek(*fd, 0, SEEK_CUR)) < 0)
			at = 0;
	}
	if (S_ISREG(before->st_mode))
		*expect = before->st_size > at ? before->st_size - at : 0;
	return CT_OK;
}

/* After the last byte was read: a regular file must be as it was when
 * opened, and a path must still name it.  Evidence is the bytes that
 * were there when it was read; a file written meanwhile may have given
 * a mix of old and new bytes that was never its content. */
static int
check_unchanged(const char *path, int fd, const struct stat *before)
{
	struct stat now;
	const char *what = strcmp(path, "-") ? path : "standard input";

	if (!S_ISREG(before->st_mode))
		return CT_OK;
	if (fstat(fd, &now) != 0 || !same_file(before, &now))
		return changed(what);
	if (strcmp(path, "-") != 0 &&
	    (stat(path, &now) != 0 || !same_file(before, &now)))
		return changed(what);
	return CT_OK;
}

struct progress {
	void (*fn)(const char *name, uint64_t done, int64_t total);
	const char *name;
};

/* The caller's progress is told by one stager at a time. */
static pthread_mutex_t progress_mu = PTHREAD_MUTEX_INITIALIZER;

static void
progress_of(uint64_t done, int64_t total, void *ctx)
{
	const struct progress *p = ctx;

	pthread_mutex_lock(&progress_mu);
	p->fn(p->name, done, total);
	pthread_mutex_unlock(&progress_mu);
}

/* Stages input in into o: opened, copied and hashed into objects/tmp/. */
static int
stage(struct ct_store *st, const struct evidence_input *in,
    struct evidence_obj *o,
    void (*fn)(const char *name, uint64_t done, int64_t total))
{
	struct progress p = { fn, in->name };
	struct stat before;
	int64_t expect;
	int fd = -1, rc;

	if ((rc = open_input(in->path, in->walked, &fd, &before, &expect)) ==
	    CT_OK && (rc = in->walked ? evidence_path_check(in->name) :
	    evidence_name_check(in->name)) == CT_OK &&
	    (rc = evidence_stage(st, fd, strcmp(in->path, "-") ? in->path :
	    "standard input", expect, o, fn ? progress_of : NULL, &p)) ==
	    CT_OK && (rc = check_unchanged(in->path, fd, &before)))
		evidence_release(o);
	o->mtime = before.st_mtim.tv_sec;
	if (fd >= 0 && strcmp(in->path, "-") != 0)
		close(fd);
	return rc;
}

/* The inputs are staged by up to STAGERS threads at once, from
 * STAGERS_FROM inputs: a card's photos are each copied faster than a
 * thread is made, but hashing one while another is written, and the
 * file system's work on one while another is read, halve the time.
 * Each stager takes the next input in order; after a failure none is
 * taken, and the failure reported is that of the first input that
 * failed, as if they had been staged one by one. */
enum { STAGERS = 4, STAGERS_FROM = 8 };

struct stagers {
	struct ct_store *st;
	const struct evidence_input *in;
	struct evidence_obj *obj;
	int n;
	void (*progress)(const char *name, uint64_t done, int64_t total);
	pthread_mutex_t mu;
	int next;               /* the next input to stage */
	int failed;             /* the first input that failed, or n */
	int rc;                 /* its status */
	char why[1024];         /* its message (each thread has its own) */
};

static void *
stager(void *arg)
{
	struct stagers *s = arg;

	for (;;) {
		int i, rc;

		pthread_mutex_lock(&s->mu);
		i = s->next < s->failed ? s->next++ : s->n;
		pthread_mutex_unlock(&s->mu);
		if (i >= s->n)
			break;
		if ((rc = stage(s->st, &s->in[i], &s->obj[i], s->progress))) {
			pthread_mutex_lock(&s->mu);
			if (i < s->failed) {
				s->failed = i;
				s->rc = rc;
				snprintf(s->why, sizeof s->why, "%s",
				    ct_errmsg());
			}
			pthread_mutex_unlock(&s->mu);
		}
	}
	return NULL;
}

/* Stages every input into obj; a failure leaves each staged object for
 * evidence_release. */
static int
stage_all(struct ct_store *st, const struct evidence_input *in,
    struct evidence_obj *obj, int n,
    void (*progress)(const char *name, uint64_t done, int64_t total))
{
	struct stagers s = { .st = st, .in = in, .obj = obj, .n = n,
	    .progress = progress, .failed = n };
	pthread_t t[STAGERS - 1];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int more = 0;

	pthread_mutex_init(&s.mu, NULL);
	/* This thread is a stager too; a thread not made is not needed. */
	while (n >= STAGERS_FROM && more < STAGERS - 1 && more + 1 < cpus &&
	    pthread_create(&t[more], NULL, stager, &s) == 0)
		more++;
	stager(&s);
	while (more > 0)
		pthread_join(t[--more], NULL);
	pthread_mutex_destroy(&s.mu);
	return s.failed < n ? ct_fail(s.rc, "%s", s.why) : CT_OK;
}

/* Records input i, staged as o, unless it was walked and its case has
 * it already (in->dup).  *added counts the entries.  The checks are made
 * for the first file, and for each one whose collection time is its own
 * (--collected-at mtime); stage holds the case's stage they gave. */
static int
record_one(struct ct_store *st, const struct evidence_new *e,
    struct evidence_input *in, struct evidence_obj *o, int *added,
    char stage[16])
{
	struct evidence_new one = *e;
	int there, rc;

	one.name = in->name;
	one.name_is_path = in->walked;
	if (e->collected_mtime) {
		if (o->mtime <= 0)
			return ct_fail(CT_USAGE, "%s has no modification time "
			    "to take as its collection time", in->path);
		one.collected_at = o->mtime;
	}
	if (in->walked) {
		if ((there = evidence_in_case(st, o->id, e->case_id)) < 0)
			return CT_SYSTEM;
		if (there) {
			memcpy(in->id, o->id, sizeof in->id);
			in->dup = 1;
			return CT_OK;
		}
	}
	if ((*added)++ == 0 || e->collected_mtime)
		if ((rc = evidence_check_stage(st, &one, stage)))
			return rc;
	return evidence_add_checked(st, o, &one, stage);
}

/* Records the staged objects in one transaction.  *linked is set when
 * the commit failed after the objects were linked. */
static int
record(struct ct_store *st, const struct evidence_new *e,
    struct evidence_input *in, struct evidence_obj *obj, int n, int *linked)
{
	char stage[16];
	int rc, added = 0;

	if ((rc = write_begin(st)))
		return rc;
	rc = evidence_clean(st, obj, n, NULL);
	for (int i = 0; rc == CT_OK && i < n; i++)
		rc = record_one(st, e, &in[i], &obj[i], &added, stage);
	if (rc == CT_OK)
		rc = evidence_sync_links(st, obj, n);
	if (rc != CT_OK || added == 0) {
		/* Nothing new (each walked file was evidence already) is
		 * not a refusal: there is just nothing to commit. */
		evidence_abort(st, obj, n);
		store_rollback(st);
		return rc;
	}
	if ((rc = store_commit(st)))
		*linked = 1;
	return rc;
}

int
ct_evidence_add_files(struct ct_store *st, const struct evidence_new *e,
    struct evidence_input *in, int n,
    void (*progress)(const char *name, uint64_t done, int64_t total))
{
	struct evidence_obj *obj;
	int rc, linked = 0;

	/* What the store can refuse is refused before a byte is copied. */
	if ((rc = evidence_check(st, e)) || n == 0)
		return rc;
	if ((obj = calloc((size_t)n, sizeof *obj)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	for (int i = 0; i < n; i++)
		obj[i].fd = -1;
	rc = stage_all(st, in, obj, n, progress);
	if (rc == CT_OK && (rc = evidence_flush(obj, n)) == CT_OK &&
	    (rc = record(st, e, in, obj, n, &linked)) == CT_OK)
		for (int i = 0; i < n; i++)
			memcpy(in[i].id, obj[i].id, sizeof in[i].id);
	for (int i = 0; i < n; i++) {
		/* A failed commit lost the lock: the objects linked are left,
		 * with their temporary files, for the next writer to judge
		 * (evidence_clean); only their locks are let go. */
		if (linked) {
			free(obj[i].tmp);
			obj[i].tmp = NULL;
		}
		evidence_release(&obj[i]);
	}
	free(obj);
	return rc;
}
