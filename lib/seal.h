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
	char retention[12];     /* permanent, 30y, 10y or unset */
	char archive_no[64];    /* 档号, FONDS-YEAR-CODE-NNNN, or "" */
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

/* The retention table (retention.c, casetrail-formats(5)). */
#define RETENTION_FILE "retention.tsv"
#define RETENTION_MAX (64u << 10)       /* bytes of the file, at most */
struct retention_row {
	char type[16];          /* a case type, or "*" */
	char outcome[24];       /* none, decided, a penalty type, or "*" */
	char retention[12];     /* permanent, 30y or 10y */
	int line;
};
struct retention_table {
	/* Each (type, outcome) once: 6 types and 12 outcomes at most. */
	struct retention_row row[72];
	int n;
};
/* Parses the text of n bytes (name for messages): CT_OK, or CT_USAGE
 * naming the line. */
int retention_parse(const char *text, size_t n, const char *name,
    struct retention_table *t);
/* Reads STORE/retention.tsv; a store without one has an empty table.
 * CT_USAGE for a bad line, CT_SYSTEM if it cannot be read. */
int retention_load(struct ct_store *st, struct retention_table *t);
/* Of the rows matching type and one of the space-separated outcomes,
 * the longest retention, or NULL.  Pure. */
const char *retention_match(const struct retention_table *t,
    const char *type, const char *outcomes);
/* The retention table t gives case_id now ("unset" for none) into out. */
int retention_of_case(struct ct_store *st, const char *case_id,
    const struct retention_table *t, char *out, size_t cap);
/* DA/T 22's code of a retention: Y, D30, D10; NULL for another. */
const char *retention_code(const char *retention);

/* seal_number.c: the retention of case_id from the table and, with
 * casetrail.conf's archive.fonds, its archive number, the next item of
 * its fonds, closing year and retention, into r. */
int seal_number(struct ct_store *st, const char *case_id,
    struct seal_record *r);

#endif
