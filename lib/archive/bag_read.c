/* bag_read.c: archive-verify's reading of an archive, streamed with
 * libarchive, and the security property judged on the way: no absolute
 * or ".." path, nothing but regular files (and folders), sizes sane.
 * Evidence is hashed (SHA-256 and SM3) as it streams and never kept;
 * other files are kept, up to BAG_MAX_SMALL each and BAG_MAX_KEPT in
 * all, for bag_check.c.  A declared size over BAG_MAX_FILE, or output
 * over BAG_MAX_RATIO times the compressed input (a decompression bomb),
 * stops the reading: nothing is written to disk, and memory stays
 * bounded whatever the archive says. */
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "bag.h"
#include "bag_gm.h"
#include "bag_verify.h"

enum { CHUNK = 256 * 1024 };

static void
fault(char *buf, const char *fmt, const char *path)
{
	if (buf[0] == '\0')
		snprintf(buf, BAG_FAULT, fmt, path);
}

/* A path a bag may hold: relative, no "..", no empty component. */
static int
path_safe(const char *p)
{
	if (p[0] == '/' || p[0] == '\0')
		return 0;
	for (const char *c = p; *c != '\0'; c += strcspn(c, "/"), c += *c == '/')
		if (strncmp(c, "..", 2) == 0 && (c[2] == '/' || c[2] == '\0'))
			return 0;
	return 1;
}

static struct vfile *
vfile_new(struct vbag *v, const char *path)
{
	struct vfile *f;

	if (v->n == v->cap) {
		int cap = v->cap ? 2 * v->cap : 64;
		void *p = realloc(v->f, (size_t)cap * sizeof *v->f);

		if (p == NULL)
			return NULL;
		v->f = p;
		v->cap = cap;
	}
	f = &v->f[v->n++];
	memset(f, 0, sizeof *f);
	snprintf(f->path, sizeof f->path, "%s", path);
	return f;
}

/* Reads the data of the current entry into f: hashed, the first bytes
 * kept for the format, the whole kept unless it is evidence.  Returns 0,
 * or -1 when the reading must stop (v->security or v->broken says). */
static int
read_data(struct archive *a, struct vbag *v, struct vfile *f, char *buf)
{
	int keep = strncmp(f->path, "data/evidence/", 14) != 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new(), *sm3 = sm3_start();
	unsigned char h[CT_HASH], carry[64];
	size_t carried = 0;
	la_ssize_t n;
	int rc = 0;

	/* A kept file is a string, empty if it has no bytes. */
	if (md == NULL || sm3 == NULL ||
	    (keep && (f->data = calloc(1, 1)) == NULL)) {
		EVP_MD_CTX_free(md);
		EVP_MD_CTX_free(sm3);
		return -1;
	}
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	while ((n = archive_read_data(a, buf, CHUNK)) > 0) {
		size_t m = (size_t)n;
		int64_t in = archive_filter_bytes(a, -1);

		if (f->size < sizeof f->head)
			memcpy(f->head + f->size, buf, m < sizeof f->head -
			    f->size ? m : sizeof f->head - f->size);
		EVP_DigestUpdate(md, buf, m);
		EVP_DigestUpdate(sm3, buf, m);
		f->size += m;
		bag_scan(f, (const unsigned char *)buf, m, carry, &carried);
		v->total += m;
		if (keep && (f->size > BAG_MAX_SMALL ||
		    (v->kept += m) > BAG_MAX_KEPT)) {
			fault(v->security, "%s is too large for a file of its "
			    "kind, or one too many of them", f->path);
			rc = -1;
			break;
		}
		if (v->total > (uint64_t)64 << 20 && in > 0 &&
		    v->total / (uint64_t)in > BAG_MAX_RATIO) {
			fault(v->security, "%s expands past any sane ratio: a "
			    "decompression bomb", f->path);
			rc = -1;
			break;
		}
		if (keep) {
			char *p = realloc(f->data, f->len + m + 1);

			if (p == NULL) {
				rc = -1;
				break;
			}
			f->data = p;
			memcpy(f->data + f->len, buf, m);
			f->len += m;
			f->data[f->len] = '\0';
		}
	}
	/* A zip entry's CRC that fails is told at its end: its hash, of
	 * all its bytes, then fails the manifest too, and the reading goes
	 * on to the next entry if the damage leaves one. */
	if (n < 0) {
		fault(v->broken, "cannot read %s: the archive is damaged",
		    f->path);
		if (n == ARCHIVE_FATAL)
			rc = -1;
	}
	EVP_DigestFinal_ex(md, h, NULL);
	EVP_MD_CTX_free(md);
	hex_encode(h, CT_HASH, f->sha256);
	EVP_DigestFinal_ex(sm3, h, NULL);
	EVP_MD_CTX_free(sm3);
	hex_encode(h, CT_HASH, f->sm3);
	return rc;
}

/* One entry's header, judged; its data read if it is a file. */
static int
read_entry(struct archive *a, struct archive_entry *e, struct vbag *v,
    char *buf)
{
	const char *path = archive_entry_pathname(e);
	mode_t type = archive_entry_filetype(e);
	struct vfile *f;

	if (path == NULL)
		path = "";
	/* "./data/..." is "data/...": what tar -C dir . writes. */
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (!path_safe(path))
		fault(v->security, "an entry has the path '%s': absolute or "
		    "with '..'", path);
	if (archive_entry_hardlink(e) != NULL || type == AE_IFLNK)
		fault(v->security, "%s is a link", path);
	else if (type == AE_IFDIR)
		return 0;
	else if (type != AE_IFREG)
		fault(v->security, "%s is not a regular file", path);
	else if (archive_entry_sparse_count(e) > 0)
		fault(v->security, "%s is a sparse file", path);
	if (archive_entry_size_is_set(e) &&
	    (uint64_t)archive_entry_size(e) > BAG_MAX_FILE) {
		fault(v->security, "%s declares a size past any sane one", path);
		return -1;
	}
	if (type != AE_IFREG || !path_safe(path))
		return 0;
	for (int i = 0; i < v->n; i++)
		if (strcmp(v->f[i].path, path) == 0)
			fault(v->security, "%s is in the archive twice", path);
	if (archive_entry_is_encrypted(e)) {
		fault(v->broken, "%s is encrypted in the archive: it cannot be "
		    "read without its password", path);
		return 0;
	}
	if ((f = vfile_new(v, path)) == NULL)
		return -1;
	return read_data(a, v, f, buf);
}

int
bag_read(const char *path, struct vbag *v)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char *buf = malloc(CHUNK);
	int r, rc = CT_OK;

	if (a == NULL || buf == NULL) {
		archive_read_free(a);
		free(buf);
		return ct_fail(CT_SYSTEM, "out of memory");
	}
	archive_read_support_filter_gzip(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, CHUNK) != ARCHIVE_OK) {
		rc = ct_fail(CT_USAGE, "%s: %s", path, archive_error_string(a));
		goto done;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
	    r == ARCHIVE_WARN)
		if (read_entry(a, e, v, buf) != 0)
			break;
	if (r == ARCHIVE_FATAL || (r != ARCHIVE_EOF && r != ARCHIVE_OK &&
	    r != ARCHIVE_WARN)) {
		if (v->n == 0 && v->security[0] == '\0')
			rc = ct_fail(CT_USAGE, "%s is not a tar or zip archive: %s",
			    path, archive_error_string(a));
		else
			fault(v->broken, "the archive is damaged after %s",
			    v->n ? v->f[v->n - 1].path : "its start");
	}
done:
	archive_read_free(a);
	free(buf);
	return rc;
}

void
vbag_free(struct vbag *v)
{
	for (int i = 0; i < v->n; i++)
		free(v->f[i].data);
	free(v->f);
	memset(v, 0, sizeof *v);
}

const struct vfile *
vbag_find(const struct vbag *v, const char *path)
{
	for (int i = 0; i < v->n; i++)
		if (strcmp(v->f[i].path, path) == 0)
			return &v->f[i];
	return NULL;
}
