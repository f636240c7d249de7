/* bag_check.c: archive-verify's checks of a bag read by bag_read.c, one
 * line per property of casetrail(7): integrity (the manifests, SHA-256
 * and, when the bag has them, SM3; the Payload-Oxum; each journal
 * entry's proof against the checkpoint), authenticity (the checkpoint's
 * signatures, seal.sig and seal-sm2.sig: bag_sign.c), usability
 * (the summary, every file readable, none encrypted: bag_scan.c, formats
 * for the long term) and
 * security (bag_read.c). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bag.h"
#include "bag_gm.h"
#include "bag_verify.h"

/* The first fault of a property, kept; the later ones dropped. */
static void __attribute__((format(printf, 2, 3)))
SAY(char *buf, const char *fmt, ...)
{
	va_list ap;

	if (buf[0] != '\0')
		return;
	va_start(ap, fmt);
	/* clang-tidy 14 loses va_start here and warns; ap is started. */
	vsnprintf(buf, BAG_FAULT, fmt, ap); /* NOLINT(clang-analyzer-valist.Uninitialized) */
	va_end(ap);
}

static int
is_tag(const char *p)
{
	return strcmp(p, "bagit.txt") == 0 || strcmp(p, "bag-info.txt") == 0 ||
	    strcmp(p, "manifest-sha256.txt") == 0 ||
	    strcmp(p, "manifest-sm3.txt") == 0;
}

/* The files no manifest lists: the tag manifests and the signatures. */
static int
unlisted(const char *p)
{
	return strcmp(p, BAG_SIG) == 0 || strcmp(p, BAG_SM2_SIG) == 0 ||
	    strcmp(p, "tagmanifest-sha256.txt") == 0 ||
	    strcmp(p, "tagmanifest-sm3.txt") == 0;
}

/* Each line "HEX  PATH" of manifest m names a file with that hash (SM3
 * with sm3, else SHA-256); marks them in seen.  Returns the count of
 * lines. */
static int
manifest_check(const struct vbag *v, const struct vfile *m, int sm3,
    char *seen, char *why)
{
	int count = 0;

	for (char *p = m->data, *nl; p != NULL && *p != '\0'; p = nl + 1) {
		const struct vfile *f;
		char path[256];

		if ((nl = strchr(p, '\n')) == NULL || nl - p < 67 ||
		    p[64] != ' ' || p[65] != ' ' || nl - p - 66 >= 256) {
			SAY(why, "%s has a bad line", m->path);
			return count;
		}
		memcpy(path, p + 66, (size_t)(nl - p - 66));
		path[nl - p - 66] = '\0';
		count++;
		if ((f = vbag_find(v, path)) == NULL)
			SAY(why, "%s names %s, which is missing", m->path, path);
		else if (strncmp(sm3 ? f->sm3 : f->sha256, p, 64) != 0)
			SAY(why, "%s does not match %s", path, m->path);
		else
			seen[f - v->f] = 1;
	}
	return count;
}

/* With gm, manifest-sm3.txt and tagmanifest-sm3.txt, each as long as
 * its SHA-256 counterpart and every line holding. */
static void
manifests_sm3(const struct vbag *v, int payload, int tags, char *seen,
    char *why)
{
	const struct vfile *m = vbag_find(v, "manifest-sm3.txt");
	const struct vfile *t = vbag_find(v, "tagmanifest-sm3.txt");

	if (m == NULL && t == NULL && vbag_find(v, BAG_SM2_SIG) == NULL)
		return;
	if (m == NULL || t == NULL) {
		SAY(why, "the bag has one SM3 manifest or an SM2 signature "
		    "without both SM3 manifests");
		return;
	}
	if (manifest_check(v, m, 1, seen, why) != payload)
		SAY(why, "manifest-sm3.txt does not list what "
		    "manifest-sha256.txt does");
	if (manifest_check(v, t, 1, seen, why) != tags)
		SAY(why, "tagmanifest-sm3.txt does not list what "
		    "tagmanifest-sha256.txt does");
}

/* The value of label in bag-info.txt, into buf. */
static int
info_value(const struct vfile *info, const char *label, char *buf, size_t cap)
{
	size_t n = strlen(label);

	for (const char *p = info ? info->data : NULL; p != NULL && *p != '\0';
	    p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, label, n) == 0 && p[n] == ':' && p[n + 1] == ' ') {
			size_t len = strcspn(p + n + 2, "\n");

			snprintf(buf, cap, "%.*s", (int)len, p + n + 2);
			return 1;
		}
	return 0;
}

static void
manifests(const struct vbag *v, char *why)
{
	const struct vfile *m = vbag_find(v, "manifest-sha256.txt");
	const struct vfile *t = vbag_find(v, "tagmanifest-sha256.txt");
	const struct vfile *info = vbag_find(v, "bag-info.txt");
	char *seen = calloc((size_t)v->n + 1, 1), oxum[64], want[64];
	uint64_t bytes = 0;
	int files = 0, payload, tags;

	if (seen == NULL || m == NULL || t == NULL ||
	    vbag_find(v, "bagit.txt") == NULL) {
		SAY(why, "the bag lacks bagit.txt or a SHA-256 manifest");
		free(seen);
		return;
	}
	payload = manifest_check(v, m, 0, seen, why);
	tags = manifest_check(v, t, 0, seen, why);
	manifests_sm3(v, payload, tags, seen, why);
	for (int i = 0; i < v->n; i++) {
		const char *p = v->f[i].path;

		if (strncmp(p, "data/", 5) == 0) {
			bytes += v->f[i].size;
			files++;
		}
		if (!seen[i] && !unlisted(p))
			SAY(why, "%s is in no manifest", p);
	}
	for (int i = 0; i < v->n; i++)
		if (is_tag(v->f[i].path) && !seen[i])
			SAY(why, "%s is not in the tag manifest", v->f[i].path);
	for (const char *const *p = (const char *const[]){ "bagit.txt",
	    "bag-info.txt", "manifest-sha256.txt", NULL }; *p; p++)
		if (!seen[vbag_find(v, *p) ? vbag_find(v, *p) - v->f : v->n])
			SAY(why, "%s is not in the tag manifest", *p);
	snprintf(want, sizeof want, "%llu.%d", (unsigned long long)bytes, files);
	if (!info_value(info, "Payload-Oxum", oxum, sizeof oxum) ||
	    strcmp(oxum, want) != 0)
		SAY(why, "Payload-Oxum is not %s", want);
	free(seen);
}

/* Each line of entries (journal.jsonl or publication.jsonl) has its
 * proof, which holds against head, the tree of checkpoint.txt; returns
 * the count of lines. */
static int
entries_proved(const struct vbag *v, const struct vfile *j,
    const struct checkpoint *head, char *why)
{
	int lines = 0;

	for (char *p = j->data, *nl; p != NULL && *p != '\0'; p = nl + 1,
	    lines++) {
		char path[64];
		long long seq = strncmp(p, "{\"seq\":", 7) == 0 ?
		    strtoll(p + 7, NULL, 10) : 0;
		const struct vfile *f;
		struct proof pr;

		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p) - 1;
		snprintf(path, sizeof path, "data/proofs/%012lld.txt", seq);
		if ((f = vbag_find(v, path)) == NULL) {
			SAY(why, "%s line %d has no proof", j->path + 5,
			    lines + 1);
			continue;
		}
		if (proof_parse(&pr, f->data, f->len) != CT_OK) {
			SAY(why, "%s: %s", path, ct_errmsg());
			continue;
		}
		if (proof_check(&pr) != CT_OK)
			SAY(why, "%s: %s", path, ct_errmsg());
		else if (strlen(pr.line) != (size_t)(nl - p) ||
		    memcmp(pr.line, p, (size_t)(nl - p)) != 0)
			SAY(why, "%s line %d is not the entry its proof "
			    "proves", j->path + 5, lines + 1);
		else if (pr.head.size != head->size || memcmp(pr.head.root,
		    head->root, CT_HASH) != 0 ||
		    strcmp(pr.head.origin, head->origin) != 0)
			SAY(why, "%s is against another tree than "
			    "checkpoint.txt", path);
		proof_free(&pr);
	}
	return lines;
}

/* Every line of journal.jsonl and of publication.jsonl (a bag sealed
 * before it had one may lack it) has its proof, which holds against the
 * tree of checkpoint.txt, and every proof has its line. */
static void
proofs(const struct vbag *v, char *why)
{
	const struct vfile *j = vbag_find(v, "data/journal.jsonl");
	const struct vfile *pub = vbag_find(v, "data/publication.jsonl");
	const struct vfile *c = vbag_find(v, "data/checkpoint.txt");
	struct checkpoint head;
	int lines, files = 0;

	if (j == NULL || c == NULL || checkpoint_parse(&head, c->data,
	    c->len) != CT_OK) {
		SAY(why, "the bag lacks its journal or a checkpoint");
		return;
	}
	for (int i = 0; i < v->n; i++)
		files += strncmp(v->f[i].path, "data/proofs/", 12) == 0;
	lines = entries_proved(v, j, &head, why);
	if (pub != NULL)
		lines += entries_proved(v, pub, &head, why);
	if (files != lines)
		SAY(why, "the bag has %d proofs for %d journal lines", files,
		    lines);
}

/* The formats kept for the long term: plain text, JSON, PDF, JPEG, PNG,
 * TIFF, MP3, WAV, MP4 (OFD and PDF/A need more than a glance). */
static int
long_term(const struct vfile *f)
{
	const unsigned char *h = f->head;
	size_t n = f->size < sizeof f->head ? (size_t)f->size : sizeof f->head;

	if (n >= 4 && (memcmp(h, "%PDF", 4) == 0 ||
	    memcmp(h, "\x89PNG", 4) == 0 || memcmp(h, "II*", 4) == 0 ||
	    memcmp(h, "MM\0*", 4) == 0 || memcmp(h, "ID3", 3) == 0))
		return 1;
	if (n >= 3 && memcmp(h, "\xff\xd8\xff", 3) == 0)
		return 1;
	if (n >= 2 && h[0] == 0xff && (h[1] & 0xe0) == 0xe0)
		return 1;
	if (n >= 12 && (memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WAVE", 4)
	    == 0))
		return 1;
	if (n >= 8 && memcmp(h + 4, "ftyp", 4) == 0)
		return 1;
	/* Text: UTF-8 with no control characters but tab and newlines (a
	 * character cut at the end of the glance is left out). */
	for (size_t i = 0; i < n; i++)
		if (h[i] < 0x20 && h[i] != '\t' && h[i] != '\n' && h[i] != '\r')
			return 0;
	if (f->size > n) {
		size_t k = n;

		while (k > 0 && (h[k - 1] & 0xc0) == 0x80)
			k--;
		if (k > 0 && h[k - 1] >= 0xc0)
			n = k - 1;
	}
	return utf8_valid((const char *)h, n);
}

static void
usability(const struct vbag *v, FILE *err, char *why)
{
	const struct vfile *s = vbag_find(v, "data/case.txt");

	if (v->broken[0] != '\0')
		SAY(why, "%s", v->broken);
	if (s == NULL || s->len == 0 || !utf8_valid(s->data, s->len))
		SAY(why, "the summary data/case.txt is missing or not UTF-8 "
		    "text");
	for (int i = 0; i < v->n; i++) {
		const char *locked = bag_encrypted(&v->f[i]);

		if (strncmp(v->f[i].path, "data/", 5) == 0 && locked != NULL)
			SAY(why, "%s is %s: it cannot be read without its "
			    "password", v->f[i].path, locked);
	}
	for (int i = 0; i < v->n; i++)
		if (strncmp(v->f[i].path, "data/evidence/", 14) == 0 &&
		    !long_term(&v->f[i]))
			fprintf(err, "archive-verify: warning: %s is not in a "
			    "format kept for the long term\n", v->f[i].path);
}

static void
line(FILE *out, const char *property, const char *why)
{
	if (why[0] == '\0')
		fprintf(out, "%s: ok\n", property);
	else
		fprintf(out, "%s: FAILED: %s\n", property, why);
}

/* Authenticity: the signatures, and the timestamp if there is one. */
static int
authentic(const struct vbag *v, const struct archive_verify *o, FILE *err,
    char *why)
{
	char side[4200];
	const char *tsr = o->tsr;
	int rc;

	if (tsr != NULL && access(tsr, R_OK) != 0)
		return ct_fail(CT_USAGE, "cannot read %s", tsr);
	if ((rc = bag_authentic(v, o->keys, o->nkeys, err, why)) || why[0])
		return rc;
	if (tsr == NULL) {
		snprintf(side, sizeof side, "%s.tsr", o->path);
		if (access(side, F_OK) == 0)
			tsr = side;
	}
	return tsr ? bag_timestamp(o->path, tsr, o->tsa_ca, err, why) : CT_OK;
}

int
ct_archive_verify(const struct archive_verify *o, FILE *out, FILE *err)
{
	struct vbag v = { 0 };
	char integ[BAG_FAULT] = "", auth[BAG_FAULT] = "", use[BAG_FAULT] = "";
	int rc;

	if ((rc = bag_read(o->path, &v))) {
		vbag_free(&v);
		return rc;
	}
	if (v.security[0] == '\0') {
		manifests(&v, integ);
		proofs(&v, integ);
		if ((rc = authentic(&v, o, err, auth))) {
			vbag_free(&v);
			return rc;
		}
		usability(&v, err, use);
	} else {
		snprintf(integ, sizeof integ, "not checked: the archive is "
		    "not safe to read");
		snprintf(auth, sizeof auth, "%s", integ);
		snprintf(use, sizeof use, "%s", integ);
	}
	line(out, "integrity", integ);
	line(out, "authenticity", auth);
	line(out, "usability", use);
	line(out, "security", v.security);
	rc = integ[0] || auth[0] || use[0] || v.security[0] ? CT_NO : CT_OK;
	vbag_free(&v);
	return ferror(out) ? ct_fail(CT_SYSTEM, "cannot write") : rc;
}
