/* evidence.c: evidence objects, content-addressed by SHA-256 (see the
 * evidence.c section of casetrail.h for the life of an object).
 *
 * Why the temporary file is anonymous: it is made with O_TMPFILE, so a
 * writer killed while it streams leaves nothing at all.  Only when the
 * content is complete and flushed is the file given a name in
 * objects/tmp/, <id>.<random>, and locked (flock) for as long as the
 * writer lives; inside the write transaction that name is linked to the
 * final one.  A writer killed between that link and its commit leaves a
 * named temporary file sharing its inode with an object no row names:
 * the next writer, under the write lock, removes both.  Where O_TMPFILE
 * is not supported the file is named from the start, and locked at once. */
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

#include "apply.h"

#define CHUNK (1 << 20)         /* the one buffer: constant memory */
#define NAME_MAX_BYTES 255
#define NOTE_MAX (64 * 1024)
#define LOCATION_MAX 1024

int
evidence_id_check(const char *id)
{
	if (strlen(id) != 2 * CT_HASH ||
	    strspn(id, "0123456789abcdef") != 2 * CT_HASH)
		return ct_fail(CT_USAGE, "bad evidence ID '%s' (64 lowercase hex "
		    "digits)", id);
	return CT_OK;
}

int
evidence_name_check(const char *name)
{
	size_t n = strlen(name);
	int rc;

	if (n == 0)
		return ct_fail(CT_USAGE, "evidence name is empty");
	if (!utf8_valid(name, n))
		return ct_fail(CT_USAGE, "evidence name is not valid UTF-8");
	if ((rc = utf8_check_field("evidence name", name, n, NAME_MAX_BYTES,
	    0)))
		return rc;
	if (strchr(name, '/') != NULL || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return ct_fail(CT_USAGE, "bad evidence name '%s' (a file name, "
		    "without '/')", name);
	return CT_OK;
}

/* Returns 1 if the n bytes at s are UTF-8 text, allowing a character cut
 * off at the end of the sample. */
static int
looks_like_text(const unsigned char *s, size_t n)
{
	size_t cut = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] == 0x7f || (s[i] < 0x20 && s[i] != '\n' &&
		    s[i] != '\r' && s[i] != '\t' && s[i] != '\f'))
			return 0;
	/* Drop an incomplete sequence at the end of the sample. */
	while (cut < 3 && cut < n && (s[n - 1 - cut] & 0xc0) == 0x80)
		cut++;
	if (cut < n && s[n - 1 - cut] >= 0xc0) {
		unsigned c = s[n - 1 - cut];
		size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

		if (cut + 1 < len)
			n -= cut + 1;
	}
	return utf8_valid((const char *)s, n);
}

const char *
evidence_kind_guess(const unsigned char *h, size_t n)
{
	if (n >= 3 && memcmp(h, "\xff\xd8\xff", 3) == 0)
		return "photo";
	if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "photo";
	if (n >= 6 && (memcmp(h, "GIF87a", 6) == 0 ||
	    memcmp(h, "GIF89a", 6) == 0))
		return "photo";
	if (n >= 4 && (memcmp(h, "II*\0", 4) == 0 || memcmp(h, "MM\0*", 4) == 0))
		return "photo";
	if (n >= 12 && memcmp(h + 4, "ftyp", 4) == 0) {
		const unsigned char *b = h + 8;

		if (memcmp(b, "heic", 4) == 0 || memcmp(b, "heix", 4) == 0 ||
		    memcmp(b, "heim", 4) == 0 || memcmp(b, "heis", 4) == 0 ||
		    memcmp(b, "hevc", 4) == 0 || memcmp(b, "mif1", 4) == 0 ||
		    memcmp(b, "msf1", 4) == 0 || memcmp(b, "avif", 4) == 0)
			return "photo";
		if (memcmp(b, "M4A ", 4) == 0 || memcmp(b, "M4B ", 4) == 0)
			return "audio";
		return "video";     /* isom, mp41, mp42, qt, 3gp, ... */
	}
	if (n >= 12 && memcmp(h, "RIFF", 4) == 0) {
		if (memcmp(h + 8, "AVI ", 4) == 0)
			return "video";
		if (memcmp(h + 8, "WAVE", 4) == 0)
			return "audio";
		if (memcmp(h + 8, "WEBP", 4) == 0)
			return "photo";
	}
	if (n >= 4 && memcmp(h, "\x1a\x45\xdf\xa3", 4) == 0)
		return "video";     /* Matroska, WebM */
	if (n >= 4 && memcmp(h, "\0\0\x01\xba", 4) == 0)
		return "video";     /* MPEG program stream */
	if (n >= 189 && h[0] == 0x47 && h[188] == 0x47 &&
	    (n < 377 || h[376] == 0x47))
		return "video";     /* MPEG transport stream */
	if (n >= 3 && memcmp(h, "ID3", 3) == 0)
		return "audio";
	if (n >= 2 && h[0] == 0xff && (h[1] & 0xe0) == 0xe0)
		return "audio";     /* an MPEG audio frame (MP3) or ADTS */
	if (n >= 5 && memcmp(h, "#!AMR", 5) == 0)
		return "audio";
	if (n >= 4 && (memcmp(h, "OggS", 4) == 0 || memcmp(h, "fLaC", 4) == 0))
		return "audio";
	if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
		return "document";
	if (n >= 8 && memcmp(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
		return "document";  /* DOC, XLS, PPT */
	if (n >= 4 && memcmp(h, "PK\x03\x04", 4) == 0)
		return "document";  /* DOCX, XLSX, ODF: zip */
	if (n > 0 && looks_like_text(h, n))
		return "document";
	return "other";
}

/* evidence_check, also giving the case's current stage (>= 16 bytes). */
static int
check_new(struct ct_store *st, const struct evidence_new *e, char *stage)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = case_id_check(e->case_id)))
		return rc;
	if (e->kind != NULL && !word_in(e->kind, vocab_kinds))
		return ct_fail(CT_USAGE, "unknown kind '%s' (kinds: %s)", e->kind,
		    vocab_kinds);
	if (e->stage != NULL && !word_in(e->stage, vocab_stages))
		return ct_fail(CT_USAGE, "unknown stage '%s' (stages: %s)",
		    e->stage, vocab_stages);
	if ((e->name != NULL && (rc = evidence_name_check(e->name))) ||
	    (e->note != NULL && (rc = utf8_check_field("note", e->note,
	    strlen(e->note), NOTE_MAX, 1))) ||
	    (e->location != NULL && (rc = utf8_check_field("location",
	    e->location, strlen(e->location), LOCATION_MAX, 0))))
		return rc;
	if (e->collected_at > time_now() + 300)
		return ct_fail(CT_USAGE, "collection time is in the future");
	if ((s = store_stmt(st, SLOT_CASE_STATE, "SELECT stage, status, "
	    "ifnull(decided_at, ''), ifnull(closed_at, ''), flags, last_seq "
	    "FROM cases WHERE id = ?")) == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, e->case_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return ct_fail_sqlite(st->db, "cannot read the case");
		return ct_fail(CT_NOTFOUND, "cannot find case '%s'", e->case_id);
	}
	snprintf(stage, 16, "%s", sqlite3_column_text(s, 0));
	rc = rule_case_accepts(e->case_id, (const char *)sqlite3_column_text(s,
	    1), action_find("evidence-add"));
	sqlite3_reset(s);
	if (rc)
		return rc;
	if ((rc = officer_check_list(st, e->officers, e->nofficers)))
		return rc;
	/* The collection is the action: who records and who collected
	 * hold credentials valid then. */
	return rules_entry(st, action_find("evidence-add"), e->collected_at ? e->collected_at :
	    time_now(), e->officers, e->nofficers);
}

int
evidence_check(struct ct_store *st, const struct evidence_new *e)
{
	char stage[16];

	return check_new(st, e, stage);
}

static void
object_path(struct ct_store *st, const char *id, char *path, size_t cap)
{
	snprintf(path, cap, "%s/objects/%.2s/%s", st->dir, id, id + 2);
}

/* Flushes a directory, so that a name made or removed in it lasts. */
static int
sync_dir(const char *path)
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
static ssize_t
read_full(int fd, unsigned char *buf, size_t cap)
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

/* Makes the temporary file: anonymous where the file system can, else
 * named objects/tmp/<random> and locked at once. */
static int
make_temp(const char dir[3072], struct evidence_obj *o)
{
	unsigned char rnd[8];
	char hex[17];
	int fd;

	/* Read back too: the copy is hashed from the page cache. */
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0) {
		o->tmp[0] = '\0';
		return fd;
	}
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		return ct_fail(CT_SYSTEM, "cannot create a file in %s: %s", dir,
		    strerror(errno)), -1;
	if (RAND_bytes(rnd, sizeof rnd) != 1)
		return ct_fail(CT_SYSTEM, "no randomness"), -1;
	snprintf(o->tmp, sizeof o->tmp, "%s/%s", dir,
	    hex_encode(rnd, sizeof rnd, hex));
	if ((fd = open(o->tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) < 0) {
		ct_fail(CT_SYSTEM, "cannot create %s: %s", o->tmp,
		    strerror(errno));
		o->tmp[0] = '\0';
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
	char hex[17], path[sizeof o->tmp], proc[64];

	if (RAND_bytes(rnd, sizeof rnd) != 1)
		return ct_fail(CT_SYSTEM, "no randomness");
	snprintf(path, sizeof path, "%s/%s.%s", dir, o->id,
	    hex_encode(rnd, sizeof rnd, hex));
	if (o->tmp[0] != '\0') {
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
	snprintf(o->tmp, sizeof o->tmp, "%s", path);
	return CT_OK;
}

/* The progress of a large file, reported every 8 MiB. */
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

	if (done - t->told >= 8 * CHUNK) {
		t->told = done;
		t->progress(done, t->total, t->ctx);
	}
}

int
evidence_stage(struct ct_store *st, int in, const char *what, int64_t expect,
    struct evidence_obj *o,
    void (*progress)(uint64_t done, int64_t total, void *ctx), void *ctx)
{
	char dir[3072];
	unsigned char md[CT_HASH], *buf = NULL;
	EVP_MD_CTX *h = NULL;
	uint64_t done = 0;
	struct ticker t = { progress, expect, ctx, 0 };
	struct stat sb;
	ssize_t n;
	int fd = -1, rc = CT_OK, copy;

	memset(o, 0, sizeof *o);
	o->fd = -1;
	snprintf(dir, sizeof dir, "%s/objects/tmp", st->dir);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return ct_fail(CT_SYSTEM, "cannot create %s: %s", dir,
		    strerror(errno));
	if ((buf = malloc(CHUNK)) == NULL || (h = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(h, EVP_sha256(), NULL) != 1) {
		rc = ct_fail(CT_SYSTEM, "out of memory");
		goto fail;
	}
	if ((fd = make_temp(dir, o)) < 0) {
		rc = CT_SYSTEM;
		goto fail;
	}
	/* A regular file that is not sparse is copied by the kernel
	 * (copy_file_range) while this thread hashes the copy as it lies in
	 * the page cache (copyhash.c): what is hashed is what was stored,
	 * even if the input changes meanwhile. */
	copy = expect > 0 && fstat(in, &sb) == 0 &&
	    (int64_t)sb.st_blocks * 512 >= expect;
	if (copy) {
		if ((copy = copyhash(in, fd, h, &done, progress ?
		    ticked : NULL, &t)) < 0) {
			rc = ct_fail(CT_SYSTEM, "cannot %s %s: %s",
			    errno == ENOSPC || errno == EDQUOT ? "store" :
			    "read", what, strerror(errno));
			goto fail;
		}
		/* 0: copied; 1: the kernel cannot, read and write below. */
		copy = !copy;
		n = 0;
		if (copy && done > 0 && (n = pread(fd, buf, done < CHUNK ? done :
		    CHUNK, 0)) > 0)
			o->kind = evidence_kind_guess(buf, (size_t)n);
	}
	while (!copy) {
		int hole;

		if ((n = read_full(in, buf, CHUNK)) <= 0)
			break;
		/* A chunk of zeros becomes a hole, as in the input, which is
		 * likely sparse: a disk image need not be written whole. */
		hole = all_zero(buf, (size_t)n);
		if (done == 0)
			o->kind = evidence_kind_guess(buf, (size_t)n);
		EVP_DigestUpdate(h, buf, (size_t)n);
		if (!hole) {
			if (lseek(fd, (off_t)done, SEEK_SET) < 0 ||
			    write_all(fd, buf, (size_t)n) != 0) {
				rc = ct_fail(CT_SYSTEM, "cannot store %s: %s", what,
				    strerror(errno));
				goto fail;
			}
		}
		/* Start the write-back of this chunk now, so that the disk
		 * works while the next one is hashed and the final flush has
		 * little left to wait for. */
		if (!hole)
			sync_file_range(fd, (off_t)done, n, SYNC_FILE_RANGE_WRITE);
		done += (uint64_t)n;
		if (progress != NULL)
			ticked(done, &t);
	}
	if (n < 0) {
		rc = ct_fail(CT_SYSTEM, "cannot read %s: %s", what,
		    strerror(errno));
		goto fail;
	}
	if (progress != NULL)
		progress(done, expect, ctx);
	if (done == 0) {
		rc = ct_fail(CT_USAGE, "%s is empty", what);
		goto fail;
	}
	if (expect >= 0 && done != (uint64_t)expect) {
		rc = ct_fail(CT_USAGE, "%s changed while it was read (%llu bytes, "
		    "%lld expected)", what, (unsigned long long)done,
		    (long long)expect);
		goto fail;
	}
	EVP_DigestFinal_ex(h, md, NULL);
	hex_encode(md, CT_HASH, o->id);
	o->size = done;
	if (ftruncate(fd, (off_t)done) != 0 || fchmod(fd, 0444) != 0 ||
	    fdatasync(fd) != 0) {
		rc = ct_fail(CT_SYSTEM, "cannot store %s: %s", what,
		    strerror(errno));
		goto fail;
	}
	if ((rc = name_temp(dir, fd, o)))
		goto fail;
	o->fd = fd;
	free(buf);
	EVP_MD_CTX_free(h);
	return CT_OK;
fail:
	if (o->tmp[0] != '\0')
		unlink(o->tmp);
	o->tmp[0] = '\0';
	if (fd >= 0)
		close(fd);
	free(buf);
	EVP_MD_CTX_free(h);
	return rc;
}

/* Returns 1 if an evidence row names id, 0 if not, -1 on error. */
static int
has_row(struct ct_store *st, const char *id)
{
	sqlite3_stmt *s = store_stmt(st, SLOT_EVIDENCE_HAS, "SELECT 1 FROM "
	    "evidence WHERE id = ?");
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		ct_fail_sqlite(st->db, "cannot read evidence");
		return -1;
	}
	return rc == SQLITE_ROW;
}

/* Returns 1 if name is "<64 hex>.<anything>", a named temporary file. */
static int
temp_names_object(const char *name)
{
	return strspn(name, "0123456789abcdef") == 2 * CT_HASH &&
	    name[2 * CT_HASH] == '.';
}

int
evidence_clean(struct ct_store *st, int *removed)
{
	char dir[4096], path[4400], final[4400], id[2 * CT_HASH + 1];
	struct stat sb, fb;
	struct dirent *d;
	DIR *dp;
	int fd, rc = CT_OK;

	if (removed != NULL)
		*removed = 0;
	snprintf(dir, sizeof dir, "%s/objects/tmp", st->dir);
	if ((dp = opendir(dir)) == NULL)
		return errno == ENOENT ? CT_OK : ct_fail(CT_SYSTEM,
		    "cannot read %s: %s", dir, strerror(errno));
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, d->d_name);
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		/* A live writer holds the lock on its file. */
		if (flock(fd, LOCK_EX | LOCK_NB) != 0 || fstat(fd, &sb) != 0) {
			close(fd);
			continue;
		}
		if (temp_names_object(d->d_name)) {
			memcpy(id, d->d_name, 2 * CT_HASH);
			id[2 * CT_HASH] = '\0';
			object_path(st, id, final, sizeof final);
			/* Linked by a writer that died before its commit. */
			if (stat(final, &fb) == 0 && fb.st_ino == sb.st_ino &&
			    fb.st_dev == sb.st_dev) {
				int there = has_row(st, id);

				if (there < 0) {
					close(fd);
					rc = CT_SYSTEM;
					break;
				}
				if (!there)
					unlink(final);
			}
		}
		if (unlink(path) == 0 && removed != NULL)
			(*removed)++;
		close(fd);
	}
	closedir(dp);
	return rc;
}

/* Links o under its final name, or finds identical content there. */
static int
link_object(struct ct_store *st, struct evidence_obj *o)
{
	char fan[4200], final[4400];
	struct stat sb;
	int made_fan = 0;

	snprintf(fan, sizeof fan, "%s/objects/%.2s", st->dir, o->id);
	object_path(st, o->id, final, sizeof final);
	if (mkdir(fan, 0777) == 0)
		made_fan = 1;
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
	if (made_fan) {
		char objects[4200];

		snprintf(objects, sizeof objects, "%s/objects", st->dir);
		if (sync_dir(objects))
			return CT_SYSTEM;
	}
	return sync_dir(fan);
}

/* The evidence-add entry seq, appended: its row, and its case's newest
 * entry. */
static int
evidence_apply(struct ct_store *st, const char *case_id, int64_t seq)
{
	const struct action *a = action_find("evidence-add");
	struct case_log_batch b = { 0 };
	int rc;

	if ((rc = apply_entry(st, a, seq)) ||
	    (rc = case_touch_entry(st, &b, case_id, a, NULL, st->now, 0,
	    seq))) {
		case_log_batch_free(&b);
		return rc;
	}
	return case_log_flush(st, &b);
}

int
evidence_add(struct ct_store *st, struct evidence_obj *o,
    const struct evidence_new *e)
{
	char stage[16], officers[1200], collected[21];
	const char *kind = e->kind ? e->kind : o->kind;
	sqlite3_stmt *s;
	int64_t seq;
	int rc, shape = e->stage != NULL;

	if (o->fd < 0 || kind == NULL)
		return ct_fail(CT_SYSTEM, "evidence was not staged");
	if ((rc = check_new(st, e, stage)) ||
	    (rc = json_words(e->officers, e->nofficers, officers,
	    sizeof officers)))
		return rc;
	if (e->name == NULL)
		return ct_fail(CT_USAGE, "evidence name is empty");
	if ((s = store_stmt(st, SLOT_EVIDENCE_CASE_SEQ, "SELECT name FROM "
	    "evidence WHERE id = ? AND case_id = ?")) == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, o->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, e->case_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		rc = ct_fail(CT_REFUSED, "case '%s' already has this content as "
		    "evidence %s ('%s')", e->case_id, o->id,
		    sqlite3_column_text(s, 0));
		sqlite3_reset(s);
		return rc;
	}
	sqlite3_reset(s);
	/* The object lasts under its name before the entry can commit. */
	if ((rc = link_object(st, o)))
		return rc;
	if (e->collected_at != 0)
		time_utc(e->collected_at, collected);

	s = journal_prepare(st, SLOT_JOURNAL_EVIDENCE + shape, shape ?
	    "json_object('id',?7,'name',?8,'kind',?9,'size',?10,'stage',?11,"
	    "'collected_at',?12,'location',?13,'officers',json(?14),'note',?15)" :
	    "json_object('id',?7,'name',?8,'kind',?9,'size',?10,"
	    "'collected_at',?12,'location',?13,'officers',json(?14),'note',?15)");
	if (s == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 4, e->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, "evidence-add", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, o->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, e->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 10, (sqlite3_int64)o->size);
	if (shape)
		sqlite3_bind_text(s, 11, e->stage, -1, SQLITE_STATIC);
	if (e->collected_at != 0)
		sqlite3_bind_text(s, 12, collected, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 13, e->location, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 14, officers, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 15, e->note, -1, SQLITE_STATIC);
	if ((rc = journal_step(st, s, &seq)))
		return rc;

	return evidence_apply(st, e->case_id, seq);
}

void
evidence_abort(struct ct_store *st, struct evidence_obj *o, int n)
{
	char final[4400];

	for (int i = 0; i < n; i++)
		if (o[i].created) {
			object_path(st, o[i].id, final, sizeof final);
			unlink(final);
			o[i].created = 0;
		}
}

void
evidence_release(struct evidence_obj *o)
{
	if (o->tmp[0] != '\0')
		unlink(o->tmp);
	o->tmp[0] = '\0';
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}

int
evidence_list(struct ct_store *st, const char *case_id,
    int (*fn)(const struct evidence_row *, void *), void *ctx)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = case_id_check(case_id)))
		return rc;
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM cases WHERE id = ?", -1,
	    &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read cases");
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? ct_fail(CT_NOTFOUND, "cannot find case "
		    "'%s'", case_id) : ct_fail_sqlite(st->db, "cannot read cases");
	if (sqlite3_prepare_v2(st->db, "SELECT e.id, e.case_id, e.name, e.kind, "
	    "e.size, e.stage, ct_local(e.collected_at), j.line->>'$.officer', "
	    "e.officers, e.location, e.note, e.seq FROM evidence e LEFT JOIN "
	    "journal j ON j.seq = e.seq WHERE e.case_id = ? ORDER BY e.seq",
	    -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read evidence");
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct evidence_row r = {
			.id = (const char *)sqlite3_column_text(s, 0),
			.case_id = (const char *)sqlite3_column_text(s, 1),
			.name = (const char *)sqlite3_column_text(s, 2),
			.kind = (const char *)sqlite3_column_text(s, 3),
			.size = sqlite3_column_int64(s, 4),
			.stage = (const char *)sqlite3_column_text(s, 5),
			.collected_at = (const char *)sqlite3_column_text(s, 6),
			.officer = (const char *)sqlite3_column_text(s, 7),
			.officers = (const char *)sqlite3_column_text(s, 8),
			.location = (const char *)sqlite3_column_text(s, 9),
			.note = (const char *)sqlite3_column_text(s, 10),
			.seq = sqlite3_column_int64(s, 11),
		};

		if ((rc = fn(&r, ctx)) != CT_OK) {
			sqlite3_finalize(s);
			return rc;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ct_fail_sqlite(st->db, "cannot read evidence");
	return CT_OK;
}

int
evidence_open(struct ct_store *st, const char *id, int *fd, uint64_t *size)
{
	char path[4400];
	sqlite3_stmt *s;
	struct stat sb;
	int64_t want;
	int rc;

	*fd = -1;
	if ((rc = evidence_id_check(id)))
		return rc;
	if (sqlite3_prepare_v2(st->db, "SELECT max(size) FROM evidence WHERE "
	    "id = ?", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read evidence");
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ct_fail_sqlite(st->db, "cannot read evidence");
	}
	rc = sqlite3_column_type(s, 0) == SQLITE_NULL;
	want = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc)
		return ct_fail(CT_NOTFOUND, "cannot find evidence '%s'", id);
	object_path(st, id, path, sizeof path);
	if ((*fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return ct_fail(CT_NO, "object %s is missing", id);
		return ct_fail(CT_SYSTEM, "cannot open %s: %s", path,
		    strerror(errno));
	}
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size != want) {
		close(*fd);
		*fd = -1;
		return ct_fail(CT_NO, "object %s was altered: %lld bytes, %lld "
		    "recorded", id, (long long)sb.st_size, (long long)want);
	}
	*size = (uint64_t)sb.st_size;
	return CT_OK;
}

/* Hashes fd to its end into md, copying the bytes to out unless it is -1;
 * *bytes gets the count.  tick is called with the bytes of each chunk. */
static int
hash_stream(int fd, int out, unsigned char md[CT_HASH], uint64_t *bytes,
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
	while ((n = read_full(fd, buf, CHUNK)) > 0) {
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

	if ((rc = hash_stream(fd, out, md, &n, NULL, NULL)))
		return rc;
	if (strcmp(hex_encode(md, CT_HASH, hex), id) != 0)
		return ct_fail(CT_NO, "object %s was altered", id);
	return CT_OK;
}

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
		object_path(st, id, path, sizeof path);
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
		rc = hash_stream(fd, -1, md, &n, tick, w);
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
		} else if (temp_names_object(d->d_name)) {
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
			if ((there = has_row(w->st, id)) < 0) {
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
		rc = evidence_clean(st, NULL);
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
