/* object.h: what the modules that handle evidence objects share
 * (object.c, object_kind.c, evidence.c, verify_objects.c). */
#ifndef CASETRAIL_OBJECT_H
#define CASETRAIL_OBJECT_H

#include <sys/types.h>

#include "internal.h"

#define CHUNK (1 << 20)         /* the one buffer: constant memory */

struct evp_md_ctx_st;

/* The path of object id in st's store into path. */
void obj_path(struct ct_store *st, const char *id, char *path, size_t cap);
/* Flushes a directory, so that a name made or removed in it lasts. */
int obj_sync_dir(const char *path);
/* Returns 1 if name is "<64 hex>.<anything>", a named temporary file. */
int obj_temp_named(const char *name);
/* Links o under its final name, or finds identical content there. */
int obj_link(struct ct_store *st, struct evidence_obj *o);
/* Reads up to cap bytes, as many as there are; -1 on error. */
ssize_t obj_read_full(int fd, unsigned char *buf, size_t cap);
/* Hashes fd to its end into md, copying the bytes to out unless it is
 * -1; *bytes gets the count.  tick is called with the bytes of each
 * chunk. */
int obj_hash_stream(int fd, int out, unsigned char md[CT_HASH],
    uint64_t *bytes, void (*tick)(uint64_t, void *), void *ctx);

/* evidence.c: returns 1 if an evidence row names id, 0 if not, -1 on
 * error. */
int evidence_has_row(struct ct_store *st, const char *id);

#endif
