/* seal.h: the seal of a closed case in the journal (lib/domain/seal.c),
 * for the archive layer (lib/archive/) that writes the archive. */
#ifndef CASETRAIL_SEAL_H
#define CASETRAIL_SEAL_H

#include "internal.h"

/* A case's state as a seal sees it. */
struct seal_state {
	char status[8];
	char stage[16];
};

/* What an archive-seal entry records. */
struct seal_record {
	int64_t seq;
	char officer[65];       /* the archivist */
	char at[21];            /* when, UTC: the bag's date and times */
	char sha256[65];        /* of the archive file */
	uint64_t bytes;         /* its size */
	char format[8];         /* tar, tar.gz or zip */
	uint64_t tree_size;     /* the journal tree its proofs are against */
	char sm2[128];          /* with --gm: the SM2 seal signature, base64
				 * (random, so kept to write it again) */
};

/* Whether the actor may seal case_id now: CT_OK for a closed case and an
 * archivist, or for a case sealed already (out->status says so);
 * CT_REFUSED, CT_NOTFOUND or CT_USAGE otherwise. */
int seal_check(struct ct_store *st, const char *case_id,
    struct seal_state *out);
/* The seal of case_id as recorded; CT_NOTFOUND if it has none. */
int seal_recorded(struct ct_store *st, const char *case_id,
    struct seal_record *r);
/* Appends and applies the seal entry of r (its seq unused).  Needs
 * store_begin. */
int seal_append(struct ct_store *st, const char *case_id,
    const struct seal_record *r, int64_t *seq);

#endif
