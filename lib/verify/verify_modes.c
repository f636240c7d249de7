/* verify_modes.c: whether users the store is not for can read it.  A
 * store holds personal data: a private store's files are its owner's
 * alone, a shared store's its group's (casetrail(7)).  A store made
 * before that, or a file copied in by hand, may be open to more. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

struct modes {
	mode_t too_open;        /* the bits nobody else may have */
	char path[4096];        /* of the directory being read */
	char *first;            /* the first file found open, described */
	size_t cap;
	int found;
};

/* Notes name (in m->path) if its mode has a bit it must not. */
static void
judge(struct modes *m, const char *name, const struct stat *sb)
{
	if (S_ISLNK(sb->st_mode) || !(sb->st_mode & m->too_open))
		return;
	if (m->found++ == 0)
		snprintf(m->first, m->cap, "%s%s%s is open to %s (mode %04o)",
		    m->path, *name ? "/" : "", name, sb->st_mode & 07 ?
		    "others" : "its group", (unsigned)(sb->st_mode & 07777));
}

/* Judges every entry of the directory fd (m->path), and below. */
static int
walk(struct modes *m, int fd, int depth)
{
	struct dirent *d;
	struct stat sb;
	DIR *dp;
	int rc = CT_OK;

	if ((dp = fdopendir(fd)) == NULL) {
		close(fd);
		return ct_fail(CT_SYSTEM, "cannot read %s: %s", m->path,
		    strerror(errno));
	}
	while (rc == CT_OK && (d = readdir(dp)) != NULL) {
		size_t n = strlen(m->path);
		int sub;

		if (strcmp(d->d_name, ".") == 0 ||
		    strcmp(d->d_name, "..") == 0 || fstatat(dirfd(dp),
		    d->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		judge(m, d->d_name, &sb);
		if (!S_ISDIR(sb.st_mode) || depth == 0 ||
		    n + 1 + strlen(d->d_name) >= sizeof m->path)
			continue;
		if ((sub = openat(dirfd(dp), d->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC)) < 0)
			continue;
		snprintf(m->path + n, sizeof m->path - n, "/%s", d->d_name);
		rc = walk(m, sub, depth - 1);
		m->path[n] = '\0';
	}
	closedir(dp);
	return rc;
}

int
verify_modes(struct ct_store *st, char *first, size_t cap, int *found)
{
	struct modes m = { st->shared ? 07 : 067, "", first, cap, 0 };
	struct stat sb;
	int fd, rc;

	*found = 0;
	*first = '\0';
	snprintf(m.path, sizeof m.path, "%s", st->dir);
	if ((fd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &sb) != 0) {
		if (fd >= 0)
			close(fd);
		return ct_fail(CT_SYSTEM, "cannot read %s: %s", st->dir,
		    strerror(errno));
	}
	/* The store's own directory: all of it, if others may list it. */
	judge(&m, "", &sb);
	/* objects/<2 hex>/<62 hex>, and objects/tmp: three levels. */
	if ((rc = walk(&m, fd, 3)))
		return rc;
	if ((*found = m.found) > 1)
		snprintf(first + strlen(first), cap - strlen(first), ", and %d "
		    "more of the store's files", m.found - 1);
	if (m.found > 0)
		snprintf(first + strlen(first), cap - strlen(first), ": the "
		    "store holds personal data (chmod -R %s= %s)", st->shared ?
		    "o" : "go", st->dir);
	return CT_OK;
}
