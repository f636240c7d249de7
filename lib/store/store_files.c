/* store_files.c: who may read a store's files.  A store holds personal
 * data: it is private to the user who made it, or, made by store-init
 * --shared, shared with the officers of one Unix group on one host: its
 * directories setgid, so that all it holds stays in the group, and
 * 02770/0660 whatever a writer's umask (casetrail(7)).  The modes are
 * internal.h's store_dir_mode and store_file_mode; here, the message for
 * a user the store is not for. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
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
