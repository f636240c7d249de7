/* object.c: evidence objects, content-addressed by SHA-256 (see the
 * evidence section of casetrail.h for the life of an object): staged,
 * linked, copied and hashed as files, with no SQL.
 *
 * Why the temporary file is anonymous: it is made with O_TMPFILE, so a
 * writer killed while it streams leaves nothing at all.  Only when the
 * content is complete and flushed is the file given a name in
 * objects/tmp/, <id>.<random>, and locked (flock) for as long as the
 * writer lives; inside the write transaction that name is linked to the
 * final one.  A writer killed between that link and its commit leaves a
 * named temporary file sharing its inode with an object no row names:
 * the next writer, under the write lock, removes both (evidence.c).
 * Where O_TMPFILE is not supported the file is named from the start, and
 * locked at once. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "object.h"

#define KERNEL_FROM (4 << 20)   /* smaller files are copied by reads */
/* From this many objects, one syncfs flushes them all, and again their
 * names: 1,000 photos of 200 KB waited 2.4 s for a flush each (the disk's
 * cache is flushed every time), 0.2 s for one syncfs; 250 objects/XX/
 * took 0.96 s to flush one by one.  Below it, each file is flushed
 * alone, so that one small file does not wait for what others write to
 * the same file system. */
#define SYNCFS_FROM 16

void
obj_path(struct ct_store *st, const char *id, char *path, size_t cap)
{
	snprintf(path, cap, "%s/objects/%.2s/%s", st->dir, id, id + 2);
}

/* Flushes a directory, so that a name made or removed in it lasts. */
int
obj_sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0 || fsync(fd) != 0)
		rc = ct_fail(CT_SYSTEM, "cannot flush %s: %s", path,
		    strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

static int
write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
all_zero(const unsigned char *p, size_t n)
{
	return n > 0 && p[0] == 0 && memcmp(p, p + 1, n - 1) == 0;
}

/* Fills buf from fd as far as it goes: a pipe gives a little at a time,
 * and the kind is guessed from a whole first chunk.  Returns the bytes
 * read (0 at the end) or -1. */
ssize_t
obj_read_full(int fd, unsigned char *buf, size_t cap)
{
	size_t n = 0;

	while (n < cap) {
		ssize_t r = read(fd, buf + n, cap - n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	return (ssize_t)n;
}

/* Names o's temporary file path (a copy), or none if path is NULL. */
static int
set_tmp(struct evidence_obj *o, const char *path)
{
	free(o->tmp);
	o->tmp = NULL;
	if (path != NULL && (o->tmp = strdup(path)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	return CT_OK;
}

/* Makes the temporary file: anonymous where the file system can, else
 * named objects/tmp/<random> and locked at once; mode is the store's for
 * files, so that a writer of a shared store can clean up another's. */
static int
make_temp(const char dir[3072], mode_t mode, struct evidence_obj *o)
{
	unsigned char rnd[8];
	char hex[17], path[3100];
	int fd;

	/* Read back too: the copy is hashed from the page cache. */
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		return ct_fail(CT_SYSTEM, "cannot create a file in %s: %s", dir,
		    strerror(errno)), -1;
	if (RAND_bytes(rnd, sizeof rnd) != 1)
		return ct_fail(CT_SYSTEM, "no randomness"), -1;
	snprintf(path, sizeof path, "%s/%s", dir,
	    hex_encode(rnd, sizeof rnd, hex));
	if ((fd = open_mode(path, O_RDWR | O_EXCL, mode)) < 0)
		return ct_fail(CT_SYSTEM, "cannot create %s: %s", path,
		    strerror(errno)), -1;
	if (set_tmp(o, path)) {
		unlink(path);
		close(fd);
		return -1;
	}
	flock(fd, LOCK_EX);
	return fd;
}

/* Gives the finished temporary file its name <id>.<random> in dir. */
static int
name_temp(const char dir[3072], int fd, struct evidence_obj *o)
{
	unsigned char rnd[8];
	char hex[17], path[3200], proc[64];

	if (RAND_bytes(rnd, sizeof rnd) != 1)
		return ct_fail(CT_SYSTEM, "no randomness");
	snprintf(path, sizeof path, "%s/%s.%s", dir, o->id,
	    hex_encode(rnd, sizeof rnd, hex));
	if (o->tmp != NULL) {
		if (rename(o->tmp, path) != 0)
			return ct_fail(CT_SYSTEM, "cannot rename %s: %s", o->tmp,
			    strerror(errno));
	} else {
		/* Locked before it has a name, so no cleaner can take it. */
		flock(fd, LOCK_EX);
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
		if (linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH) != 0 &&
		    linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) != 0)
			return ct_fail(CT_SYSTEM, "cannot link %s: %s", path,
			    strerror(errno));
	}
	if (set_tmp(o, path)) {
		unlink(path);
		return CT_SYSTEM;
	}
	return CT_OK;
}

/* The progress of a large file, reported every 8 MiB; its end is
 * reported once, when the file is staged (evidence_stage). */
struct ticker {
	void (*progress)(uint64_t done, int64_t total, void *ctx);
	int64_t total;
	void *ctx;
	uint64_t told;          /* done, when progress was last called */
};

static void
ticked(uint64_t done, void *ctx)
{
	struct ticker *t = ctx;

	if (done - t->told >= 8 * CHUNK &&
	    (t->total < 0 || done < (uint64_t)t->total)) {
		t->told = done;
		t->progress(done, t->total, t->ctx);
	}
}

/* Copies in to fd a chunk at a time through buf, hashing into h; *done
 * counts the bytes and the first chunk's kind goes to o.  A chunk of
 * zeros becomes a hole, as in the input, which is likely sparse: a disk
 * image need not be written whole. */
static int
copy_by_reads(int in, int fd, EVP_MD_CTX *h, unsigned char *buf,
    const char *what, uint64_t *done, struct ticker *t,
    struct evidence_obj *o)
{
	ssize_t n;

	while ((n = obj_read_full(in, buf, CHUNK)) > 0) {
		if (*done == 0)
			o->kind = evidence_kind_guess(buf, (size_t)n);
		EVP_DigestUpdate(h, buf, (size_t)n);
		if (!all_zero(buf, (size_t)n)) {
			if (lseek(fd, (off_t)*done, SEEK_SET) < 0 ||
			    write_all(fd, buf, (size_t)n) != 0)
				return ct_fail(CT_SYSTEM, "cannot store %s: %s",
				    what, strerror(errno));
			/* Start the write-back of this chunk now, so that
			 * the disk works while the next one is hashed and
			 * the final flush has little left to wait for. */
			sync_file_range(fd, (off_t)*done, n,
			    SYNC_FILE_RANGE_WRITE);
		}
		*done += (uint64_t)n;
		if (t->progress != NULL)
			ticked(*done, t);
	}
	if (n < 0)
		return ct_fail(CT_SYSTEM, "cannot read %s: %s", what,
		    strerror(errno));
	return CT_OK;
}

/* A regular file that is not sparse is copied by the kernel
 * (copy_file_range) while this thread hashes the copy as it lies in the
 * page cache (copyhash.c): what is hashed is what was stored, even if the
 * input changes meanwhile.  Returns CT_OK with *copied set, or an error;
 * *copied 0 leaves the copy to copy_by_reads. */
static int
copy_by_kernel(int in, int fd, EVP_MD_CTX *h, unsigned char *buf,
    const char *what, int64_t expect, uint64_t *done, struct ticker *t,
    struct evidence_obj *o, int *copied)
{
	struct stat sb;
	ssize_t n;
	int rc;

	*copied = 0;
	/* A photo is copied faster than a thread is started. */
	if (expect < KERNEL_FROM || fstat(in, &sb) != 0 ||
	    (int64_t)sb.st_blocks * 512 < expect)
		return CT_OK;
	if ((rc = copyhash(in, fd, h, done, t->progress ? ticked : NULL, t)) < 0)
		return ct_fail(CT_SYSTEM, "cannot %s %s: %s", errno == ENOSPC ||
		    errno == EDQUOT ? "store" : "read", what, strerror(errno));
	/* 0: copied; 1: the kernel cannot, nothing was done. */
	if (rc == 1)
		return CT_OK;
	*copied = 1;
	if (*done > 0 && (n = pread(fd, buf, *done < CHUNK ? *done : CHUNK,
	    0)) > 0)
		o->kind = evidence_kind_guess(buf, (size_t)n);
	return CT_OK;
}

/* The staged copy of done bytes made whole: checked against what was
 * expected, its hash its ID, read-only (mode, the store's for files,
 * without write bits), its write-back started, and named.  It is
 * flushed later, with the others of its call (evidence_flush): one
 * flush each would wait for the file system's journal once per file,
 * where the first flush of a batch commits the metadata of all. */
static int
stage_seal(const char dir[3072], mode_t mode, int fd, EVP_MD_CTX *h,
    const char *what, int64_t expect, uint64_t done, struct evidence_obj *o)
{
	unsigned char md[CT_HASH];

	if (done == 0)
		return ct_fail(CT_USAGE, "%s is empty", what);
	/* A regular file that grew or shrank as it was read; the caller
	 * compares its times as well (evidence_files.c). */
	if (expect >= 0 && done != (uint64_t)expect)
		return ct_fail(CT_REFUSED, "%s: changed while being read",
		    what);
	EVP_DigestFinal_ex(h, md, NULL);
	hex_encode(md, CT_HASH, o->id);
	o->size = done;
	if (ftruncate(fd, (off_t)done) != 0 || fchmod(fd, mode & 0444) != 0 ||
	    sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE) != 0)
		return ct_fail(CT_SYSTEM, "cannot store %s: %s", what,
		    strerror(errno));
	return name_temp(dir, fd, o);
}

int
evidence_stage(struct ct_store *st, int in, const char *what, int64_t expect,
    struct evidence_obj *o,
    void (*progress)(uint64_t done, int64_t total, void *ctx), void *ctx)
{
	char dir[3072];
	unsigned char *buf = NULL;
	EVP_MD_CTX *h = NULL;
	uint64_t done = 0;
	struct ticker t = { progress, expect, ctx, 0 };
	int fd = -1, rc, copied = 0;

	memset(o, 0, sizeof *o);
	o->fd = -1;
	snprintf(dir, sizeof dir, "%s/objects/tmp", st->dir);
	if (mkdir_mode(dir, store_dir_mode(st)) != 0 && errno != EEXIST)
		return ct_fail(CT_SYSTEM, "cannot create %s: %s", dir,
		    strerror(errno));
	if ((buf = malloc(CHUNK)) == NULL || (h = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(h, EVP_sha256(), NULL) != 1)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	else if ((fd = make_temp(dir, store_file_mode(st), o)) < 0)
		rc = CT_SYSTEM;
	else if ((rc = copy_by_kernel(in, fd, h, buf, what, expect, &done, &t,
	    o, &copied)) == CT_OK && !copied)
		rc = copy_by_reads(in, fd, h, buf, what, &done, &t, o);
	if (rc == CT_OK && progress != NULL)
		progress(done, expect, ctx);
	if (rc == CT_OK)
		rc = stage_seal(dir, store_file_mode(st), fd, h, what, expect,
		    done, o);
	free(buf);
	EVP_MD_CTX_free(h);
	if (rc == CT_OK) {
		o->fd = fd;
		return CT_OK;
	}
	if (o->tmp != NULL)
		unlink(o->tmp);
	set_tmp(o, NULL);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Returns 1 if name is "<64 hex>.<anything>", a named temporary file. */
int
obj_temp_named(const char *name)
{
	return strspn(name, "0123456789abcdef") == 2 * CT_HASH &&
	    name[2 * CT_HASH] == '.';
}

/* Links o under its final name, or finds identical content there. */
int
obj_link(struct ct_store *st, struct evidence_obj *o)
{
	char fan[4200], final[4400];
	struct stat sb;

	snprintf(fan, sizeof fan, "%s/objects/%.2s", st->dir, o->id);
	obj_path(st, o->id, final, sizeof final);
	if (mkdir_mode(fan, store_dir_mode(st)) == 0)
		o->made_fan = 1;
	else if (errno != EEXIST)
		return ct_fail(CT_SYSTEM, "cannot create %s: %s", fan,
		    strerror(errno));
	if (link(o->tmp, final) == 0) {
		o->created = 1;
	} else if (errno == EEXIST) {
		if (stat(final, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    (uint64_t)sb.st_size != o->size)
			return ct_fail(CT_SYSTEM, "object %s is damaged (run "
			    "store-verify)", o->id);
		return CT_OK;
	} else {
		return ct_fail(CT_SYSTEM, "cannot link %s: %s", final,
		    strerror(errno));
	}
	return CT_OK;
}

int
evidence_flush(struct evidence_obj *o, int n)
{
	if (n >= SYNCFS_FROM)
		return syncfs(o[0].fd) == 0 ? CT_OK : ct_fail(CT_SYSTEM,
		    "cannot flush the store's file system: %s", strerror(errno));
	for (int i = 0; i < n; i++)
		if (fdatasync(o[i].fd) != 0)
			return ct_fail(CT_SYSTEM, "cannot store %s: %s",
			    o[i].tmp ? o[i].tmp : "an object", strerror(errno));
	return CT_OK;
}

int
evidence_sync_links(struct ct_store *st, const struct evidence_obj *o, int n)
{
	unsigned char done[256] = { 0 };
	char dir[4200];
	int fans = 0, fd;

	if (n >= SYNCFS_FROM) {
		snprintf(dir, sizeof dir, "%s/objects", st->dir);
		if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
		    syncfs(fd) != 0)
			fans = ct_fail(CT_SYSTEM, "cannot flush %s: %s", dir,
			    strerror(errno));
		if (fd >= 0)
			close(fd);
		return fans;
	}
	for (int i = 0; i < n; i++) {
		char two[3] = { o[i].id[0], o[i].id[1], '\0' };

		if (!o[i].created || done[strtoul(two, NULL, 16) & 255]++)
			continue;
		snprintf(dir, sizeof dir, "%s/objects/%.2s", st->dir, o[i].id);
		if (obj_sync_dir(dir))
			return CT_SYSTEM;
		fans |= o[i].made_fan;
	}
	snprintf(dir, sizeof dir, "%s/objects", st->dir);
	return fans ? obj_sync_dir(dir) : CT_OK;
}

void
evidence_abort(struct ct_store *st, struct evidence_obj *o, int n)
{
	char final[4400];

	for (int i = 0; i < n; i++)
		if (o[i].created) {
			obj_path(st, o[i].id, final, sizeof final);
			unlink(final);
			o[i].created = 0;
		}
}

void
evidence_release(struct evidence_obj *o)
{
	if (o->tmp != NULL)
		unlink(o->tmp);
	set_tmp(o, NULL);
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}

/* Hashes fd to its end into md, copying the bytes to out unless it is -1;
 * *bytes gets the count.  tick is called with the bytes of each chunk. */
int
obj_hash_stream(int fd, int out, unsigned char md[CT_HASH], uint64_t *bytes,
    void (*tick)(uint64_t n, void *ctx), void *ctx)
{
	unsigned char *buf = malloc(CHUNK);
	EVP_MD_CTX *h = EVP_MD_CTX_new();
	ssize_t n;
	int rc = CT_OK;

	*bytes = 0;
	if (buf == NULL || h == NULL ||
	    EVP_DigestInit_ex(h, EVP_sha256(), NULL) != 1) {
		rc = ct_fail(CT_SYSTEM, "out of memory");
		goto out;
	}
	while ((n = obj_read_full(fd, buf, CHUNK)) > 0) {
		EVP_DigestUpdate(h, buf, (size_t)n);
		if (out >= 0 && write_all(out, buf, (size_t)n) != 0) {
			rc = ct_fail(CT_SYSTEM, "cannot write: %s",
			    strerror(errno));
			goto out;
		}
		*bytes += (uint64_t)n;
		if (tick != NULL)
			tick((uint64_t)n, ctx);
	}
	if (n < 0) {
		rc = ct_fail(CT_SYSTEM, "cannot read: %s", strerror(errno));
		goto out;
	}
	EVP_DigestFinal_ex(h, md, NULL);
out:
	EVP_MD_CTX_free(h);
	free(buf);
	return rc;
}

int
evidence_copy(int fd, const char *id, int out)
{
	unsigned char md[CT_HASH];
	char hex[2 * CT_HASH + 1];
	uint64_t n;
	int rc;

	if ((rc = obj_hash_stream(fd, out, md, &n, NULL, NULL)))
		return rc;
	if (strcmp(hex_encode(md, CT_HASH, hex), id) != 0)
		return ct_fail(CT_NO, "object %s was altered", id);
	return CT_OK;
}
