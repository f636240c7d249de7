/* store_init.c: store-init, an empty store made on purpose: private to
 * its maker, or shared with the officers of one Unix group, its
 * directories setgid 02770 and its files 0660 from the first
 * (casetrail(7)).  A store officer-add makes is made by store_open. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* Whether dir holds nothing; CT_REFUSED naming what it holds if it does. */
static int
dir_empty(const char *dir)
{
	char db[4096];
	struct dirent *d;
	DIR *dp;
	int rc = CT_OK;

	snprintf(db, sizeof db, "%s/store.db", dir);
	if (access(db, F_OK) == 0)
		return ct_fail(CT_REFUSED, "%s already holds a store", dir);
	if ((dp = opendir(dir)) == NULL)
		return store_denied(dir, dir, errno);
	while (rc == CT_OK && (d = readdir(dp)) != NULL)
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
			rc = ct_fail(CT_REFUSED, "%s is not empty: a store is "
			    "made in a new or an empty directory", dir);
	closedir(dp);
	return rc;
}

/* The store's directory, made or taken empty, with the store's mode and
 * group.  *made says whether it was made. */
static int
make_dir(const char *dir, mode_t mode, gid_t gid, int shared, int *made)
{
	struct stat sb;
	int rc;

	*made = 0;
	if (mkdir_mode(dir, mode) == 0)
		*made = 1;
	else if (errno != EEXIST)
		return ct_fail(CT_SYSTEM, "cannot create %s: %s", dir,
		    strerror(errno));
	if (stat(dir, &sb) != 0)
		return ct_fail(CT_SYSTEM, "cannot open %s: %s", dir,
		    strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return ct_fail(CT_REFUSED, "%s is not a directory", dir);
	if (!*made && (rc = dir_empty(dir)))
		return rc;
	/* The group first: a change of owner may clear the setgid bit. */
	if (shared && sb.st_gid != gid) {
		if (chown(dir, (uid_t)-1, gid) != 0)
			return ct_fail(CT_SYSTEM, "cannot give %s to its "
			    "group: %s", dir, strerror(errno));
		sb.st_mode = 0;
	}
	if ((sb.st_mode & 07777) != mode && chmod(dir, mode) != 0)
		return ct_fail(CT_SYSTEM, "cannot set the mode of %s: %s", dir,
		    strerror(errno));
	return CT_OK;
}

/* Removes what a failed store_create made in dir, and dir if it made it. */
static void
unmake(const char *dir, int made)
{
	static const char *const names[] = { "store.db-wal", "store.db-shm",
	    "store.db", "casetrail.conf" };
	char path[4096];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/objects/tmp", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/objects", dir);
	rmdir(path);
	if (made)
		rmdir(dir);
}

/* Makes an empty store in dir, which is missing or an empty directory:
 * private to the caller when group is NULL, else shared with the group
 * of that name, gid.  CT_REFUSED if dir holds a store or anything else;
 * on any other failure what was made is removed again. */
static int
store_create(const char *dir, const char *group, gid_t gid)
{
	struct ct_store *st = NULL;
	mode_t dmode = group ? 02770 : 0700, fmode = group ? 0660 : 0600;
	char path[4096];
	int fd, rc, made = 0;

	if ((size_t)snprintf(path, sizeof path, "%s/objects/tmp", dir) >=
	    sizeof path)
		return ct_fail(CT_USAGE, "the store's path is too long");
	if ((rc = make_dir(dir, dmode, gid, group != NULL, &made)))
		return rc;
	/* store.db made here with its mode, as SQLite would make it with
	 * the umask's; its -wal and -shm take the mode and the owner of
	 * store.db, and the group of the directory. */
	snprintf(path, sizeof path, "%s/store.db", dir);
	if ((fd = open_mode(path, O_RDWR | O_EXCL, fmode)) < 0) {
		rc = ct_fail(CT_SYSTEM, "cannot create %s: %s", path,
		    strerror(errno));
		goto fail;
	}
	close(fd);
	if ((rc = store_open_as(&st, dir, STORE_WRITE, group)))
		goto fail;
	/* objects/tmp now, which evidence-add would make at its first use:
	 * made once here, it is never made while another writer waits. */
	snprintf(path, sizeof path, "%s/objects/tmp", dir);
	if (mkdir_mode(path, dmode) != 0 && errno != EEXIST) {
		rc = ct_fail(CT_SYSTEM, "cannot create %s: %s", path,
		    strerror(errno));
		goto fail;
	}
	store_close(st);
	return CT_OK;
fail:
	store_close(st);
	unmake(dir, made);
	return rc;
}

/* Whether the caller may give a directory to group gid: root, or a
 * member of it (chown(2)). */
static int
in_group(gid_t gid)
{
	gid_t groups[NGROUPS_MAX + 1];
	int n;

	if (geteuid() == 0 || getegid() == gid)
		return 1;
	if ((n = getgroups(NGROUPS_MAX + 1, groups)) < 0)
		return 0;
	for (int i = 0; i < n; i++)
		if (groups[i] == gid)
			return 1;
	return 0;
}

int
ct_store_init(const char *dir, const char *group)
{
	struct group *gr = NULL;

	if (dir == NULL || *dir == '\0')
		return ct_fail(CT_USAGE, "no directory for the store");
	if (group != NULL) {
		errno = 0;
		if ((gr = getgrnam(group)) == NULL)
			return errno == 0 || errno == ENOENT ? ct_fail(CT_USAGE,
			    "no group '%s' on this host", group) :
			    ct_fail(CT_SYSTEM, "cannot look up group '%s': %s",
			    group, strerror(errno));
		if (!in_group(gr->gr_gid))
			return ct_fail(CT_SYSTEM, "you are not in group '%s': "
			    "only its members (or root) can share a store with "
			    "it", group);
	}
	return store_create(dir, group, gr != NULL ? gr->gr_gid : (gid_t)-1);
}
