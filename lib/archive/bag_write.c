/* bag_write.c: archive-seal.  The bag is written with libarchive as a
 * tar, tar.gz or zip to a temporary name beside the output, each evidence
 * object re-hashed as it streams through (never whole in memory); then
 * the seal entry records the archive's SHA-256 and the file is renamed
 * into place.  The same case gives the same bytes: entries sorted, every
 * time the seal's, owner 0 with no names, gzip without its timestamp.  A
 * zip's entries carry no time at all (the zip epoch, 1980-01-01, and no
 * extended-timestamp field): its DOS times are local times, which would
 * make the bytes depend on the zone of the machine that seals. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "bag.h"
#include "bag_gm.h"

/* libarchive hands the sink its output in blocks: tar's 10240 bytes by
 * default, a write(2) each, 104,858 of them for 1 GiB.  In blocks of 24
 * the last is still padded to a multiple of 10240 (bytes_in_last_block),
 * so the bytes are those of the default.  At 240 KiB a block is still in
 * the cache when the thread that writes it gets it: writing 1 GiB from
 * buffers the cache no longer held took five times the system time
 * (0.85 s against 0.17 s).  CHUNK, one read of evidence, is four blocks,
 * most of which libarchive passes through without a copy; the reads
 * start on page boundaries. */
enum { TAR_BLOCK = 10240, BLOCK = 24 * TAR_BLOCK, CHUNK = 4 * BLOCK };

/* The archive's bytes on their way to the file: written and hashed by a
 * thread of their own (writehash, copyhash.c) while this one reads and
 * hashes the evidence. */
struct sink {
	struct writehash *wh;
	uint64_t bytes;
};

static la_ssize_t
sink_write(struct archive *a, void *ctx, const void *buf, size_t n)
{
	struct sink *k = ctx;
	int err;

	if ((err = writehash_write(k->wh, buf, n)) != 0) {
		archive_set_error(a, err, "write: %s", strerror(err));
		return -1;
	}
	k->bytes += n;
	return (la_ssize_t)n;
}

/* Media and containers that are compressed already: deflate would spend
 * its time (about 25 times that of storing) for nothing. */
static int
compressed_already(const unsigned char *h, size_t n)
{
	const char *kind = evidence_kind_guess(h, n);

	if (strcmp(kind, "photo") == 0 || strcmp(kind, "video") == 0 ||
	    strcmp(kind, "audio") == 0)
		return 1;
	return (n >= 4 && memcmp(h, "PK\x03\x04", 4) == 0) ||
	    (n >= 2 && memcmp(h, "\x1f\x8b", 2) == 0) ||
	    (n >= 6 && memcmp(h, "7z\xbc\xaf\x27\x1c", 6) == 0) ||
	    (n >= 6 && memcmp(h, "\xfd" "7zXZ\0", 6) == 0) ||
	    (n >= 4 && memcmp(h, "\x28\xb5\x2f\xfd", 4) == 0) ||
	    (n >= 3 && memcmp(h, "BZh", 3) == 0);
}

/* In a zip, whether file f is stored rather than deflated: by its first
 * bytes, as the store guesses an object's kind. */
static int
zip_stores(struct ct_store *st, const struct bag_file *f)
{
	unsigned char head[512];
	uint64_t size;
	ssize_t n;
	int fd;

	if (f->evidence[0] == '\0')
		return 0;
	if (evidence_open(st, f->evidence, &fd, &size) != CT_OK)
		return 0;   /* write_evidence says why */
	n = read(fd, head, sizeof head);
	close(fd);
	return n > 0 && compressed_already(head, (size_t)n);
}

static int
la_fail(struct archive *a, const char *doing)
{
	return ct_fail(CT_SYSTEM, "cannot %s: %s", doing,
	    archive_error_string(a) ? archive_error_string(a) : "error");
}

/* Streams evidence object f into the archive, checking it is still the
 * bytes its ID names. */
static int
write_evidence(struct ct_store *st, struct archive *a,
    const struct bag_file *f)
{
	unsigned char h[CT_HASH];
	char hex[65], *buf;
	uint64_t size, done = 0;
	EVP_MD_CTX *md;
	ssize_t n;
	int fd, rc, wrote = 1;

	if ((rc = evidence_open(st, f->evidence, &fd, &size)))
		return rc;
	if ((buf = malloc(CHUNK)) == NULL || (md = EVP_MD_CTX_new()) == NULL) {
		free(buf);
		close(fd);
		return ct_fail(CT_SYSTEM, "out of memory");
	}
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	/* Read ahead far: the object is read once, from start to end. */
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	while ((n = read(fd, buf, CHUNK)) > 0 || (n < 0 && errno == EINTR)) {
		if (n < 0)
			continue;
		EVP_DigestUpdate(md, buf, (size_t)n);
		done += (uint64_t)n;
		if (done > f->size)
			break;
		if (archive_write_data(a, buf, (size_t)n) != n) {
			wrote = 0;
			break;
		}
	}
	EVP_DigestFinal_ex(md, h, NULL);
	EVP_MD_CTX_free(md);
	free(buf);
	close(fd);
	hex_encode(h, CT_HASH, hex);
	if (!wrote)
		return la_fail(a, "write the archive");
	if (n != 0 || done != f->size || strcmp(hex, f->evidence) != 0)
		return n < 0 ? ct_fail(CT_SYSTEM, "cannot read evidence %s",
		    f->evidence) : ct_fail(CT_SYSTEM, "evidence %s does not "
		    "match its hash or size: the seal is aborted", f->evidence);
	return CT_OK;
}

static int
write_entries(struct ct_store *st, struct archive *a, const struct bag *b,
    time_t mtime, int zip)
{
	struct archive_entry *e = archive_entry_new();
	int rc = CT_OK;

	if (e == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	for (int i = 0; i < b->n && rc == CT_OK; i++) {
		const struct bag_file *f = &b->f[i];
		int header;

		archive_entry_clear(e);
		archive_entry_set_pathname(e, f->path);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)f->size);
		if (!zip)
			archive_entry_set_mtime(e, mtime, 0);
		else if ((zip_stores(st, f) ?
		    archive_write_zip_set_compression_store(a) :
		    archive_write_zip_set_compression_deflate(a)) != ARCHIVE_OK)
			rc = la_fail(a, "choose the compression");
		header = rc == CT_OK && archive_write_header(a, e) == ARCHIVE_OK;
		if (rc != CT_OK)
			break;
		if (header && f->evidence[0] != '\0')
			rc = write_evidence(st, a, f);
		else if (!header || archive_write_data(a, f->data, f->len) !=
		    (la_ssize_t)f->len)
			rc = la_fail(a, "write the archive");
	}
	archive_entry_free(e);
	return rc;
}

/* Starts archive a as format, writing to sink k. */
static int
archive_start(struct archive *a, const char *format, struct sink *k)
{
	int zip = strcmp(format, "zip") == 0;

	if ((zip ? archive_write_set_format_zip(a) :
	    archive_write_set_format_pax_restricted(a)) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(a, BLOCK) != ARCHIVE_OK ||
	    /* A zip ends at its end of central directory, not padded out
	     * to tar's blocks of 10240 bytes. */
	    archive_write_set_bytes_in_last_block(a, zip ? 1 : TAR_BLOCK) !=
	    ARCHIVE_OK ||
	    (strcmp(format, "tar.gz") == 0 &&
	    (archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	    archive_write_set_options(a, "gzip:!timestamp") != ARCHIVE_OK)) ||
	    archive_write_open(a, k, NULL, sink_write, NULL) != ARCHIVE_OK)
		return la_fail(a, "start the archive");
	return CT_OK;
}

/* Writes bag b as format to fd, hashing it into s->sha256, s->bytes. */
static int
write_archive(struct ct_store *st, const struct bag *b, const char *format,
    int fd, struct archive_seal *s)
{
	struct sink k = { NULL, 0 };
	struct archive *a = archive_write_new();
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char h[CT_HASH];
	uint64_t written = 0;
	time_t mtime;
	int rc;

	if (a == NULL || md == NULL ||
	    !EVP_DigestInit_ex(md, EVP_sha256(), NULL) ||
	    (k.wh = writehash_start(fd, md)) == NULL) {
		archive_write_free(a);
		EVP_MD_CTX_free(md);
		return ct_fail(CT_SYSTEM, "cannot start the archive: out of "
		    "memory or threads");
	}
	if ((rc = time_from_utc(b->seal.at, &mtime)) == CT_OK &&
	    (rc = archive_start(a, format, &k)) == CT_OK)
		rc = write_entries(st, a, b, mtime, strcmp(format, "zip") == 0);
	if (rc == CT_OK && archive_write_close(a) != ARCHIVE_OK)
		rc = la_fail(a, "finish the archive");
	archive_write_free(a);
	if (writehash_end(k.wh, rc != CT_OK, &written) != 0 && rc == CT_OK)
		rc = ct_fail(CT_SYSTEM, "cannot write the archive: %s",
		    strerror(errno));
	else if (rc == CT_OK && written != k.bytes)
		rc = ct_fail(CT_SYSTEM, "the archive has %llu bytes of %llu",
		    (unsigned long long)written, (unsigned long long)k.bytes);
	EVP_DigestFinal_ex(md, h, NULL);
	EVP_MD_CTX_free(md);
	hex_encode(h, CT_HASH, s->sha256);
	s->bytes = k.bytes;
	if (rc == CT_OK && fsync(fd) != 0)
		rc = ct_fail(CT_SYSTEM, "cannot write the archive: %s",
		    strerror(errno));
	return rc;
}

/* seal-sm2.sig: with gm, the archivist's SM2 signature (DER) over
 * tagmanifest-sm3.txt; made once, at the seal, and taken from the
 * record when the archive is written again (an SM2 signature is random,
 * so a new one would change the bytes). */
static int
add_sm2_signature(struct bag *b)
{
	const struct bag_file *tm = bag_find(b, "tagmanifest-sm3.txt");
	unsigned char sig[SM2_SIG_MAX + 16];
	size_t len = sizeof sig;
	long got;
	int rc;

	if (tm == NULL)
		return ct_fail(CT_SYSTEM, "the bag has no SM3 tag manifest");
	if (b->seal.sm2[0] != '\0') {
		if ((got = base64_decode(b->seal.sm2, sig, sizeof sig)) <= 0)
			return ct_fail(CT_SYSTEM, "the recorded SM2 signature "
			    "is not base64");
		len = (size_t)got;
	} else {
		if ((rc = sm2_sign(b->sm2, tm->data, tm->len, sig, &len)))
			return rc;
		if (len > SM2_SIG_MAX)
			return ct_fail(CT_SYSTEM, "an SM2 signature too long");
		base64_encode(sig, len, b->seal.sm2);
	}
	return bag_add(b, BAG_SM2_SIG, (const char *)sig, len, NULL, 0);
}

/* seal.sig: the archivist's signature over tagmanifest-sha256.txt, as a
 * signed note's signature line named ORIGIN/ARCHIVIST; with gm,
 * seal-sm2.sig too. */
static int
add_signature(struct ct_store *st, struct bag *b)
{
	const struct bag_file *tm = bag_find(b, "tagmanifest-sha256.txt");
	unsigned char sig[KEY_SIG];
	char name[400], line[600];
	int rc;

	if (tm == NULL)
		return ct_fail(CT_SYSTEM, "the bag has no tag manifest");
	if ((rc = key_sign(&st->key, tm->data, tm->len, sig)))
		return rc;
	snprintf(name, sizeof name, "%s/%s", st->origin, b->seal.officer);
	note_signature_line(name, st->key.pub, sig, line, sizeof line);
	if ((rc = bag_add(b, BAG_SIG, line, strlen(line), NULL, 0)))
		return rc;
	return b->gm ? add_sm2_signature(b) : CT_OK;
}

/* What the seal is to be: a new one, or with again the recorded one. */
static int
seal_plan(struct ct_store *st, struct archive_seal *s, struct bag *b)
{
	struct seal_state state;
	sqlite3_stmt *q;
	int rc;

	if ((rc = seal_check(st, s->case_id, &state)))
		return rc;
	snprintf(b->case_id, sizeof b->case_id, "%s", s->case_id);
	if (s->again) {
		if ((rc = seal_recorded(st, s->case_id, &b->seal)))
			return rc;
		if (strcmp(b->seal.officer, st->actor) != 0)
			return ct_fail(CT_REFUSED, "case '%s' was sealed by %s: "
			    "only he can write its archive again", s->case_id,
			    b->seal.officer);
		if (s->format != NULL && strcmp(s->format, b->seal.format) != 0)
			return ct_fail(CT_USAGE, "case '%s' was sealed as %s",
			    s->case_id, b->seal.format);
		/* As it was sealed, with SM2 or without. */
		if ((b->gm = b->seal.sm2[0] != '\0'))
			return sm2_key_load(b->seal.officer, &b->sm2);
		return CT_OK;
	}
	if (strcmp(state.status, "sealed") == 0)
		return ct_fail(CT_REFUSED, "case '%s' is sealed already "
		    "(archive-seal --again writes its archive again)",
		    s->case_id);
	snprintf(b->seal.officer, sizeof b->seal.officer, "%s", st->actor);
	snprintf(b->seal.at, sizeof b->seal.at, "%s", st->now);
	snprintf(b->seal.format, sizeof b->seal.format, "%s",
	    s->format ? s->format : "tar");
	b->gm = s->gm || (st->conf.archive_gm != NULL &&
	    strcmp(st->conf.archive_gm, "yes") == 0);
	if (b->gm && (rc = sm2_key_load(b->seal.officer, &b->sm2)))
		return rc;
	/* The proofs are against the newest signed checkpoint, which covers
	 * every entry of the case: each write's entries end in one. */
	if (sqlite3_prepare_v2(st->db, "SELECT ifnull((SELECT max(size) FROM "
	    "checkpoint WHERE signature IS NOT NULL), 0), (SELECT last_seq "
	    "FROM cases WHERE id = ?1)", -1, &q, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the checkpoints");
	sqlite3_bind_text(q, 1, s->case_id, -1, SQLITE_STATIC);
	sqlite3_step(q);
	b->seal.tree_size = (uint64_t)sqlite3_column_int64(q, 0);
	rc = (uint64_t)sqlite3_column_int64(q, 1) > b->seal.tree_size ?
	    ct_fail(CT_SYSTEM, "case '%s' has entries no signed checkpoint "
	    "covers", s->case_id) : CT_OK;
	sqlite3_finalize(q);
	return rc;
}

/* Builds the bag and writes it to a temporary file beside s->path. */
static int
seal_write(struct ct_store *st, struct archive_seal *s, struct bag *b,
    char *tmp, size_t cap)
{
	int rc, fd;

	if ((rc = bag_build(st, b)) || (rc = add_signature(st, b)))
		return rc;
	snprintf(tmp, cap, "%s.XXXXXX", s->path);
	if ((fd = mkstemp(tmp)) < 0) {
		tmp[0] = '\0';
		return ct_fail(CT_SYSTEM, "cannot create %s: %s", s->path,
		    strerror(errno));
	}
	fchmod(fd, 0644);
	rc = write_archive(st, b, b->seal.format, fd, s);
	if (close(fd) != 0 && rc == CT_OK)
		rc = ct_fail(CT_SYSTEM, "cannot write %s", s->path);
	return rc;
}

int
ct_archive_seal(struct ct_store *st, struct archive_seal *s)
{
	struct bag b = { 0 };
	char tmp[4200] = "";
	int rc;

	if (s->format != NULL && strcmp(s->format, "tar") != 0 &&
	    strcmp(s->format, "tar.gz") != 0 && strcmp(s->format, "zip") != 0)
		return ct_fail(CT_USAGE, "unknown archive format '%s' (formats: "
		    "tar tar.gz zip)", s->format);
	if (st->conf.archive_gm != NULL && strcmp(st->conf.archive_gm,
	    "yes") != 0 && strcmp(st->conf.archive_gm, "no") != 0)
		return ct_fail(CT_USAGE, "casetrail.conf: archive.gm is yes or "
		    "no, not '%s'", st->conf.archive_gm);
	if ((rc = write_begin(st)))
		return rc;
	if ((rc = seal_plan(st, s, &b)) == CT_OK) {
		if (s->out != NULL)
			snprintf(s->path, sizeof s->path, "%s", s->out);
		else
			snprintf(s->path, sizeof s->path, "%s.%s", s->case_id,
			    b.seal.format);
		rc = seal_write(st, s, &b, tmp, sizeof tmp);
	}
	if (rc == CT_OK && s->again) {
		if (strcmp(s->sha256, b.seal.sha256) != 0 || s->bytes !=
		    b.seal.bytes)
			rc = ct_fail(CT_NO, "the archive written again is not "
			    "the one sealed (SHA-256 %s, recorded %s)",
			    s->sha256, b.seal.sha256);
		store_rollback(st);
	} else if (rc == CT_OK) {
		snprintf(b.seal.sha256, sizeof b.seal.sha256, "%s", s->sha256);
		b.seal.bytes = s->bytes;
		rc = store_end(st, seal_append(st, s->case_id, &b.seal, &s->seq));
	} else {
		store_rollback(st);
	}
	if (rc == CT_OK && rename(tmp, s->path) != 0)
		rc = ct_fail(CT_SYSTEM, "cannot rename %s to %s: %s (the seal "
		    "is recorded: archive-seal --again writes it)", tmp, s->path,
		    strerror(errno));
	if (rc != CT_OK && tmp[0] != '\0')
		unlink(tmp);
	bag_free(&b);
	return rc;
}
