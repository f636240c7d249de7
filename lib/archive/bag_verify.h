/* bag_verify.h: archive-verify's view of an archive (bag_read.c) and its
 * checks (bag_check.c, bag_sign.c). */
#ifndef CASETRAIL_BAG_VERIFY_H
#define CASETRAIL_BAG_VERIFY_H

#include <stdint.h>

#define BAG_FAULT 512
#define BAG_MAX_FILE ((uint64_t)1 << 40)  /* 1 TiB: no evidence is larger */
#define BAG_MAX_KEPT ((uint64_t)256 << 20) /* the files read whole, in all */
#define BAG_MAX_RATIO 200   /* what real evidence never reaches */

struct vfile {
	char path[256];
	char *data;             /* all of it, but for evidence: NULL */
	size_t len;
	uint64_t size;
	char sha256[65];
	char sm3[65];
	unsigned char head[16]; /* its first bytes, for its format */
	unsigned char tail[1024]; /* its last bytes, for a PDF's trailer */
	size_t tail_len;
	int ole_encrypted;      /* an OLE file with an EncryptionInfo stream */
};

struct vbag {
	struct vfile *f;
	int n, cap;
	uint64_t total;         /* bytes read */
	uint64_t kept;          /* bytes kept */
	char security[BAG_FAULT];   /* the first fault of each property, */
	char broken[BAG_FAULT];     /* or "" */
};

int bag_read(const char *path, struct vbag *v);
/* bag_scan.c: what a file's bytes tell as they stream past. */
void bag_scan(struct vfile *f, const unsigned char *buf, size_t n,
    unsigned char *carry, size_t *carried);
/* Why the file cannot be read without a password, or NULL. */
const char *bag_encrypted(const struct vfile *f);
void vbag_free(struct vbag *v);
const struct vfile *vbag_find(const struct vbag *v, const char *path);

#include <stdio.h>

/* bag_sign.c: the checkpoint's signatures and seal.sig hold with one of
 * the keys (files), or with none given those in data/keys/, trusted with
 * a warning on err; the first fault into why.  CT_OK, or CT_USAGE for a
 * key file that is not an Ed25519 public key. */
int bag_authentic(const struct vbag *v, const char *const *keys, int nkeys,
    FILE *err, char *why);

/* bag_tsr.c: the RFC 3161 response in file tsr holds over the SHA-256
 * of the file archive (with the CA certificates in file ca, or without,
 * with a warning on err); the fault into why.  CT_OK, or CT_USAGE for a
 * CA file that cannot be read, CT_SYSTEM for an archive that cannot. */
int bag_timestamp(const char *archive, const char *tsr, const char *ca,
    FILE *err, char *why);

#endif
