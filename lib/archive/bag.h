/* bag.h: what lib/archive/'s files share: a BagIt bag (RFC 8493) as the
 * seal builds it and as archive-verify reads it back. */
#ifndef CASETRAIL_BAG_H
#define CASETRAIL_BAG_H

#include <openssl/evp.h>

#include "archiving.h"
#include "seal.h"

/* One file of the bag: made in memory (data), or an evidence object
 * streamed from the store (evidence, size bytes). */
struct bag_file {
	char path[128];
	char *data;
	size_t len;
	char evidence[65];      /* or "" */
	uint64_t size;          /* of either */
	char sha256[65];
	char sm3[65];           /* with gm */
};

struct bag {
	struct bag_file *f;
	int n, cap;
	int payload;            /* f[0..payload) are data/, sorted */
	uint64_t oxum_bytes;
	char case_id[16];
	struct seal_record seal;
	char signer[65];        /* the checkpoint's signer */
	int gm;                 /* SM3 manifests and an SM2 seal too */
	EVP_PKEY *sm2;          /* with gm, the archivist's SM2 key */
};

/* Adds a file with a copy of len bytes of data (or, with evidence, an
 * object of size bytes, data NULL). */
int bag_add(struct bag *b, const char *path, const char *data, size_t len,
    const char *evidence, uint64_t size);
void bag_free(struct bag *b);
/* The file at path, or NULL. */
struct bag_file *bag_find(struct bag *b, const char *path);
void sha256_hex(const void *data, size_t n, char hex[65]);

/* bag_build.c: the payload of case b->case_id against the tree of
 * b->seal.tree_size entries, sorted, then the tag files but the
 * signature: bagit.txt, bag-info.txt, the two manifests. */
int bag_build(struct ct_store *st, struct bag *b);
/* bag_summary.c: data/case.txt, the summary in Chinese. */
int bag_summary(struct ct_store *st, struct bag *b);

/* The tag files' names, and the files the payload always has. */
#define BAG_SIG "seal.sig"
#define BAG_MAX_SMALL (64u << 20)       /* a file read whole, at most */

#endif
