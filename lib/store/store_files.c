/* store_files.c: who may read a store's files.  A store holds personal
 * data: it is private to the user who made it, or, made by store-init
 * --shared, shared with the officers of one Unix group on one host: its
 * directories setgid, so that all it holds stays in the group, and
 * 02770/0660 whatever a writer's umask (casetrail(7)).  The modes are
 * internal.h's store_dir_mode and store_file_mode; here, the message for
 * a user the store is not for. */
#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

int
store_denied(const char *dir, const char *path, int err)
{
	struct passwd *pw;
	struct group *gr;
	struct stat sb;

	if (err != EACCES || stat(dir, &sb) != 0)
		return ct_fail(CT_SYSTEM, "%s: %s", path, strerror(err));
	if ((sb.st_mode & S_ISGID) && (gr = getgrgid(sb.st_gid)) != NULL)
		return ct_fail(CT_SYSTEM, "%s: %s (the store is shared with "
		    "group %s)", path, strerror(err), gr->gr_name);
	if (sb.st_uid != geteuid() && (pw = getpwuid(sb.st_uid)) != NULL)
		return ct_fail(CT_SYSTEM, "%s: %s (the store is private to "
		    "user %s)", path, strerror(err), pw->pw_name);
	return ct_fail(CT_SYSTEM, "%s: %s", path, strerror(err));
}

/* The directory that holds path (path itself for a directory that
 * exists), resolved, into buf; 0 if it cannot be resolved. */
static int
holder(const char *path, char buf[PATH_MAX])
{
	char copy[PATH_MAX];
	struct stat sb;

	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return realpath(path, buf) != NULL;
	if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy)
		return 0;
	return realpath(dirname(copy), buf) != NULL;
}

int
ct_output_check(struct ct_store *st, const char *path)
{
	char dir[PATH_MAX], out[PATH_MAX];
	size_t n;

	if (!holder(st->dir, dir) || !holder(path, out))
		return CT_OK;   /* the write itself will say what is wrong */
	n = strlen(dir);
	if (strncmp(out, dir, n) == 0 && (out[n] == '\0' || out[n] == '/'))
		return ct_fail(CT_USAGE, "'%s' is in the store %s: an output "
		    "there would overwrite or clutter what the store keeps",
		    path, st->dir);
	return CT_OK;
}
