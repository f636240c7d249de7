/* evidence_walk.c: the files of a folder, for evidence-add -r: a body
 * camera's card, or a folder of photos.  Each regular file is named by
 * its path relative to the folder given, and the order is the byte order
 * of those names, so that the same card gives the same entries in the
 * same order whatever the file system's own order.  Nothing is followed:
 * a symbolic link may point out of the card, to a file that is not
 * evidence of anything. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "internal.h"

/* What cameras, Windows and macOS leave on a card that is not evidence,
 * compared without case (FAT does not keep it); hidden names (a leading
 * '.': .DS_Store, ._IMG_0001.JPG, .Trashes, .Spotlight-V100) are skipped
 * too.  evidence-add(1) lists them. */
static const char *const system_names[] = {
	"Thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini",
	"System Volume Information", "$RECYCLE.BIN", "RECYCLER",
};

static int
is_system(const char *name)
{
	if (name[0] == '.')
		return 1;
	for (size_t i = 0; i < sizeof system_names / sizeof *system_names; i++)
		if (strcasecmp(name, system_names[i]) == 0)
			return 1;
	return 0;
}

/* What a name that is neither a folder nor a file to add is. */
static const char *
not_added(const struct stat *sb)
{
	if (S_ISLNK(sb->st_mode))
		return "a symbolic link, not followed";
	if (S_ISREG(sb->st_mode))
		return "an empty file, not added";
	if (S_ISFIFO(sb->st_mode))
		return "a FIFO, not added";
	if (S_ISCHR(sb->st_mode))
		return "a character device, not added";
	if (S_ISBLK(sb->st_mode))
		return "a block device, not added";
	if (S_ISSOCK(sb->st_mode))
		return "a socket, not added";
	return "not a regular file, not added";
}

static int
add_file(struct evidence_walk *w, const char *path, size_t root,
    const struct stat *sb)
{
	struct evidence_input *in;

	if (w->n == w->cap) {
		int cap = w->cap ? 2 * w->cap : 256;

		if ((in = realloc(w->in, (size_t)cap * sizeof *in)) == NULL)
			return ct_fail(CT_SYSTEM, "out of memory");
		w->in = in;
		w->cap = cap;
	}
	in = &w->in[w->n];
	memset(in, 0, sizeof *in);
	if ((in->path = strdup(path)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	in->name = in->path + root;
	in->walked = 1;
	w->n++;
	w->bytes += (uint64_t)sb->st_size;
	return CT_OK;
}

/* Walks the folder path (len bytes of a buffer of PATH_BYTES); names are
 * relative to path + root. */
#define PATH_BYTES 4096
static int
walk_dir(struct evidence_walk *w, char *path, size_t len, size_t root)
{
	struct dirent *d;
	struct stat sb;
	DIR *dp;
	int rc = CT_OK;

	if ((dp = opendir(path)) == NULL)
		return ct_fail(CT_SYSTEM, "cannot read %s: %s", path,
		    strerror(errno));
	while (rc == CT_OK && (errno = 0, d = readdir(dp)) != NULL) {
		size_t n = strlen(d->d_name);

		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (is_system(d->d_name)) {
			w->skipped++;
			continue;
		}
		if (len + 1 + n >= PATH_BYTES) {
			rc = ct_fail(CT_USAGE, "%s/%s: path too long", path,
			    d->d_name);
			break;
		}
		path[len] = '/';
		memcpy(path + len + 1, d->d_name, n + 1);
		if (!utf8_valid(d->d_name, n))
			rc = ct_fail(CT_USAGE, "%s: the name is not valid UTF-8",
			    path);
		else if (fstatat(dirfd(dp), d->d_name, &sb,
		    AT_SYMLINK_NOFOLLOW) != 0)
			rc = ct_fail(CT_SYSTEM, "cannot read %s: %s", path,
			    strerror(errno));
		else if (S_ISDIR(sb.st_mode))
			rc = walk_dir(w, path, len + 1 + n, root);
		else if (S_ISREG(sb.st_mode) && sb.st_size > 0)
			rc = add_file(w, path, root, &sb);
		else {
			w->not_regular++;
			if (w->report != NULL)
				w->report(path, not_added(&sb), w->ctx);
		}
		path[len] = '\0';
	}
	if (rc == CT_OK && errno != 0)
		rc = ct_fail(CT_SYSTEM, "cannot read %s: %s", path,
		    strerror(errno));
	closedir(dp);
	return rc;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct evidence_input *)a)->name,
	    ((const struct evidence_input *)b)->name);
}

int
ct_evidence_walk(struct evidence_walk *w, const char *dir)
{
	char path[PATH_BYTES];
	size_t len = strlen(dir);
	struct stat sb;
	int first = w->n, rc;

	if (stat(dir, &sb) != 0)
		return ct_fail(errno == ENOENT || errno == ENOTDIR ?
		    CT_NOTFOUND : CT_SYSTEM, "cannot open %s: %s", dir,
		    strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return ct_fail(CT_USAGE, "%s is not a directory", dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (len >= PATH_BYTES)
		return ct_fail(CT_USAGE, "%s: path too long", dir);
	memcpy(path, dir, len);
	path[len] = '\0';
	if ((rc = walk_dir(w, path, len, len + 1)))
		return rc;
	if (w->n > first)
		qsort(w->in + first, (size_t)(w->n - first), sizeof *w->in,
		    by_name);
	return CT_OK;
}

void
ct_evidence_walk_free(struct evidence_walk *w)
{
	for (int i = 0; i < w->n; i++)
		free((char *)w->in[i].path);
	free(w->in);
	w->in = NULL;
	w->n = w->cap = 0;
}
