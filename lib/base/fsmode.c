/* fsmode.c: files and directories made with the mode asked for, not the
 * one the umask leaves.  A store's modes say who may read the personal
 * data it holds (casetrail(7)): a writer's umask must neither open a
 * private store to others nor shut a shared one to its group. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

int
mkdir_mode(const char *path, mode_t mode)
{
	int fd, e;

	if (mkdir(path, mode & 0777) != 0)
		return -1;
	/* mkdir(2) takes the umask off, and may leave the setgid bit out:
	 * the mode is set again on the directory made, not on a name that
	 * could have been swapped for a link meanwhile. */
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) >= 0 && fchmod(fd, mode) == 0) {
		close(fd);
		return 0;
	}
	e = errno;
	if (fd >= 0)
		close(fd);
	rmdir(path);
	errno = e;
	return -1;
}

int
open_mode(const char *path, int flags, mode_t mode)
{
	int fd = open(path, flags | O_CREAT | O_CLOEXEC, mode), e;

	if (fd < 0 || fchmod(fd, mode) == 0)
		return fd;
	e = errno;
	close(fd);
	if (flags & O_EXCL)
		unlink(path);
	errno = e;
	return -1;
}
