/* archiving.h: archive-seal and archive-verify (lib/archive/), the one
 * layer that uses libarchive: only the programs that call these link it
 * (the Makefile's ARCHIVE_PROGS).  The bag's layout is in
 * casetrail-formats(5), the four properties in casetrail(7). */
#ifndef CASETRAIL_ARCHIVE_H
#define CASETRAIL_ARCHIVE_H

#include <stdint.h>
#include <stdio.h>

#include "casetrail.h"

struct archive_seal {
	const char *case_id;
	const char *out;        /* the archive file; NULL: CASE.tar[.gz] */
	const char *format;     /* "tar", "tar.gz" or "zip"; NULL: tar, or with
				 * again the recorded one */
	int again;              /* write the sealed case's archive again */
	int gm;                 /* SM3 manifests and an SM2 seal too (or
				 * casetrail.conf's archive.gm = yes) */
	char sha256[65];        /* out: the archive's */
	uint64_t bytes;         /* out: its size */
	int64_t seq;            /* out: the seal entry (0 with again) */
	char path[4096];        /* out: where it was written */
};

/* Seals closed case s->case_id: writes its BagIt archive (streaming the
 * evidence, each re-hashed on the way) to a temporary name, records the
 * archive-seal entry with the archive's SHA-256 and renames it into
 * place; a refusal or a failure leaves neither entry nor file.  With
 * again, writes the archive of a sealed case again from its recorded
 * seal and checks it is the recorded one (CT_NO if not). */
int ct_archive_seal(struct ct_store *st, struct archive_seal *s);

/* What archive-verify checks: the archive at path; keys (nkeys file
 * names), the public keys to trust (with none, the keys in the bag,
 * trusted with a warning); tsr, an RFC 3161 timestamp response over the
 * archive (NULL: path.tsr if there is one); tsa_ca, the certificates
 * (PEM) that the timestamp's signer must chain to (NULL: its signature
 * unchecked, with a warning). */
struct archive_verify {
	const char *path;
	const char *const *keys;
	int nkeys;
	const char *tsr;
	const char *tsa_ca;
};

/* Checks archive o->path without a store: integrity, authenticity,
 * usability, security, one line each to out ("integrity: ok" or
 * "integrity: FAILED: why"), warnings to err.  Returns CT_OK if all four
 * hold, CT_NO if one fails, CT_USAGE or CT_SYSTEM if it cannot look. */
int ct_archive_verify(const struct archive_verify *o, FILE *out, FILE *err);

#endif
