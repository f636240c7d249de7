/* bag.c: the files of a bag being built, in memory or named in the
 * store (bag.h). */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "bag.h"
#include "bag_gm.h"

void
sha256_hex(const void *data, size_t n, char hex[65])
{
	unsigned char h[CT_HASH];

	EVP_Digest(data, n, h, NULL, EVP_sha256(), NULL);
	hex_encode(h, CT_HASH, hex);
}

int
bag_add(struct bag *b, const char *path, const char *data, size_t len,
    const char *evidence, uint64_t size)
{
	struct bag_file *f;

	if (b->n == b->cap) {
		int cap = b->cap ? 2 * b->cap : 32;
		void *p = realloc(b->f, (size_t)cap * sizeof *b->f);

		if (p == NULL)
			return ct_fail(CT_SYSTEM, "out of memory");
		b->f = p;
		b->cap = cap;
	}
	f = &b->f[b->n];
	memset(f, 0, sizeof *f);
	snprintf(f->path, sizeof f->path, "%s", path);
	if (evidence != NULL) {
		snprintf(f->evidence, sizeof f->evidence, "%s", evidence);
		snprintf(f->sha256, sizeof f->sha256, "%s", evidence);
		f->size = size;
	} else {
		if ((f->data = malloc(len + 1)) == NULL)
			return ct_fail(CT_SYSTEM, "out of memory");
		memcpy(f->data, data, len);
		f->data[len] = '\0';
		f->len = len;
		f->size = len;
		sha256_hex(data, len, f->sha256);
		sm3_hex(data, len, f->sm3);
	}
	b->n++;
	return CT_OK;
}

void
bag_free(struct bag *b)
{
	for (int i = 0; i < b->n; i++)
		free(b->f[i].data);
	free(b->f);
	EVP_PKEY_free(b->sm2);
	memset(b, 0, sizeof *b);
}

struct bag_file *
bag_find(struct bag *b, const char *path)
{
	for (int i = 0; i < b->n; i++)
		if (strcmp(b->f[i].path, path) == 0)
			return &b->f[i];
	return NULL;
}
