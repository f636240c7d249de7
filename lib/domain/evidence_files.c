/* evidence_files.c: files stored as evidence of a case, all or none: the
 * write of evidence-add(1).  The protocol: check what the store can
 * refuse; stage every input in objects/tmp/ outside the transaction (a
 * large copy must not hold the write lock); then, in one transaction,
 * clean up after crashed writers, link and record each object, and
 * commit; on failure unlink what this call linked, then roll back. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* Opens an input; *expect gets a regular file's size, else -1. */
static int
open_input(const char *path, int *fd, int64_t *expect)
{
	struct stat sb;

	*expect = -1;
	if (strcmp(path, "-") == 0) {
		*fd = 0;
	} else if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		return ct_fail(errno == ENOENT ? CT_NOTFOUND : CT_SYSTEM,
		    "cannot open %s: %s", path, strerror(errno));
	}
	if (fstat(*fd, &sb) != 0)
		return ct_fail(CT_SYSTEM, "cannot read %s: %s", path,
		    strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return ct_fail(CT_USAGE, "%s is a directory", path);
	if (!S_ISREG(sb.st_mode) && !S_ISFIFO(sb.st_mode) &&
	    !S_ISCHR(sb.st_mode) && !S_ISSOCK(sb.st_mode))
		return ct_fail(CT_USAGE, "%s is not a file", path);
	if (S_ISREG(sb.st_mode))
		*expect = sb.st_size;
	return CT_OK;
}

struct progress {
	void (*fn)(const char *name, uint64_t done, int64_t total);
	const char *name;
};

static void
progress_of(uint64_t done, int64_t total, void *ctx)
{
	const struct progress *p = ctx;

	p->fn(p->name, done, total);
}

/* Stages input in into o: opened, copied and hashed into objects/tmp/. */
static int
stage(struct ct_store *st, const struct evidence_input *in,
    struct evidence_obj *o,
    void (*fn)(const char *name, uint64_t done, int64_t total))
{
	struct progress p = { fn, in->name };
	int64_t expect;
	int fd = -1, rc;

	if ((rc = open_input(in->path, &fd, &expect)) == CT_OK &&
	    (rc = evidence_name_check(in->name)) == CT_OK)
		rc = evidence_stage(st, fd, strcmp(in->path, "-") ? in->path :
		    "standard input", expect, o, fn ? progress_of : NULL, &p);
	if (fd > 0)
		close(fd);
	return rc;
}

/* Records the staged objects in one transaction.  *linked is set when
 * the commit failed after the objects were linked. */
static int
record(struct ct_store *st, const struct evidence_new *e,
    const struct evidence_input *in, struct evidence_obj *obj, int n,
    int *linked)
{
	struct evidence_new one = *e;
	int rc;

	if ((rc = store_begin(st)))
		return rc;
	rc = evidence_clean(st, NULL);
	for (int i = 0; rc == CT_OK && i < n; i++) {
		one.name = in[i].name;
		rc = evidence_add(st, &obj[i], &one);
	}
	if (rc != CT_OK) {
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
	int rc, staged = 0, linked = 0;

	/* What the store can refuse is refused before a byte is copied. */
	if ((rc = evidence_check(st, e)))
		return rc;
	if ((obj = calloc((size_t)n, sizeof *obj)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	for (; staged < n; staged++)
		if ((rc = stage(st, &in[staged], &obj[staged], progress)))
			break;
	if (rc == CT_OK && (rc = record(st, e, in, obj, n, &linked)) == CT_OK)
		for (int i = 0; i < n; i++)
			memcpy(in[i].id, obj[i].id, sizeof in[i].id);
	for (int i = 0; i < staged; i++) {
		/* A failed commit lost the lock: the objects linked are left,
		 * with their temporary files, for the next writer to judge
		 * (evidence_clean); only their locks are let go. */
		if (linked)
			obj[i].tmp[0] = '\0';
		evidence_release(&obj[i]);
	}
	free(obj);
	return rc;
}
