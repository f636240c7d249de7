/* merkle.c: the Merkle tree of RFC 9162 section 2.1, over SHA-256.
 * Pure functions of hashes: where the hashes live is the caller's affair
 * (merkle_node_fn), so the same code serves the store, the tests and an
 * archive checked without a store. */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "internal.h"

/* One digest context per thread, made once: EVP_Digest() would fetch the
 * algorithm and allocate a context for every leaf. */
static _Thread_local EVP_MD_CTX *ctx;
static _Thread_local EVP_MD *sha256;

static void
digest(const void *a, size_t na, const void *b, size_t nb, const void *c,
    size_t nc, unsigned char out[CT_HASH])
{
	if (ctx == NULL) {
		/* The system's openssl.cnf is not read: SHA-256 comes from the
		 * built-in default provider, and parsing the file costs a
		 * quarter of a short program's run (5 ms of 20). */
		OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
		ctx = EVP_MD_CTX_new();
		sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	}
	EVP_DigestInit_ex2(ctx, sha256, NULL);
	EVP_DigestUpdate(ctx, a, na);
	if (nb)
		EVP_DigestUpdate(ctx, b, nb);
	if (nc)
		EVP_DigestUpdate(ctx, c, nc);
	EVP_DigestFinal_ex(ctx, out, NULL);
}

void
merkle_thread_end(void)
{
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(sha256);
	ctx = NULL;
	sha256 = NULL;
}

void
merkle_leaf(const void *data, size_t n, unsigned char leaf[CT_HASH])
{
	static const unsigned char zero = 0x00;

	digest(&zero, 1, data, n, NULL, 0, leaf);
}

void
merkle_node(const unsigned char left[CT_HASH],
    const unsigned char right[CT_HASH], unsigned char out[CT_HASH])
{
	static const unsigned char one = 0x01;

	digest(&one, 1, left, CT_HASH, right, CT_HASH, out);
}

int
merkle_append(struct merkle_frontier *f, const unsigned char leaf[CT_HASH],
    unsigned char done[][CT_HASH])
{
	unsigned char h[CT_HASH];
	uint64_t s = f->size;
	int n = 0;

	memcpy(h, leaf, CT_HASH);
	/* Each trailing one bit of the old size is a subtree of the same
	 * level as the one being carried: they merge. */
	while (s & 1) {
		merkle_node(f->hash[--f->count], h, h);
		memcpy(done[n++], h, CT_HASH);
		s >>= 1;
	}
	memcpy(f->hash[f->count++], h, CT_HASH);
	f->size++;
	return n;
}

void
merkle_root(const struct merkle_frontier *f, unsigned char root[CT_HASH])
{
	if (f->count == 0) {
		digest("", 0, NULL, 0, NULL, 0, root);
		return;
	}
	memcpy(root, f->hash[f->count - 1], CT_HASH);
	for (int i = f->count - 2; i >= 0; i--)
		merkle_node(f->hash[i], root, root);
}

/* The largest power of two smaller than n (n > 1). */
static uint64_t
split(uint64_t n)
{
	uint64_t k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

int
merkle_range(merkle_node_fn get, void *c, uint64_t begin, uint64_t end,
    unsigned char out[CT_HASH])
{
	uint64_t n = end - begin, k;
	unsigned char left[CT_HASH], right[CT_HASH];
	int rc;

	if (n == 0) {
		digest("", 0, NULL, 0, NULL, 0, out);
		return CT_OK;
	}
	if (n != 0 && (n & (n - 1)) == 0 && begin % n == 0) {
		int level = 0;

		while ((UINT64_C(1) << level) < n)
			level++;
		return get(c, level, begin >> level, out);
	}
	k = split(n);
	if ((rc = merkle_range(get, c, begin, begin + k, left)) ||
	    (rc = merkle_range(get, c, begin + k, end, right)))
		return rc;
	merkle_node(left, right, out);
	return CT_OK;
}

static int
path(merkle_node_fn get, void *c, uint64_t m, uint64_t begin, uint64_t end,
    unsigned char out[][CT_HASH], int *len)
{
	uint64_t n = end - begin, k;
	int rc;

	if (n <= 1)
		return CT_OK;
	k = split(n);
	if (m < k) {
		if ((rc = path(get, c, m, begin, begin + k, out, len)))
			return rc;
		return merkle_range(get, c, begin + k, end, out[(*len)++]);
	}
	if ((rc = path(get, c, m - k, begin + k, end, out, len)))
		return rc;
	return merkle_range(get, c, begin, begin + k, out[(*len)++]);
}

int
merkle_inclusion(merkle_node_fn get, void *c, uint64_t index, uint64_t size,
    unsigned char out[][CT_HASH], int *len)
{
	*len = 0;
	if (index >= size)
		return ct_fail(CT_NOTFOUND, "no entry %llu in a tree of %llu",
		    (unsigned long long)index + 1, (unsigned long long)size);
	return path(get, c, index, 0, size, out, len);
}

static int
subproof(merkle_node_fn get, void *c, uint64_t m, uint64_t begin,
    uint64_t end, int whole, unsigned char out[][CT_HASH], int *len)
{
	uint64_t n = end - begin, k;
	int rc;

	if (m == n) {
		if (whole)
			return CT_OK;
		return merkle_range(get, c, begin, end, out[(*len)++]);
	}
	k = split(n);
	if (m <= k) {
		if ((rc = subproof(get, c, m, begin, begin + k, whole, out, len)))
			return rc;
		return merkle_range(get, c, begin + k, end, out[(*len)++]);
	}
	if ((rc = subproof(get, c, m - k, begin + k, end, 0, out, len)))
		return rc;
	return merkle_range(get, c, begin, begin + k, out[(*len)++]);
}

int
merkle_consistency(merkle_node_fn get, void *c, uint64_t old, uint64_t size,
    unsigned char out[][CT_HASH], int *len)
{
	*len = 0;
	if (old == 0 || old > size)
		return ct_fail(CT_USAGE, "no consistency proof from %llu to %llu",
		    (unsigned long long)old, (unsigned long long)size);
	if (old == size)
		return CT_OK;
	return subproof(get, c, old, 0, size, 1, out, len);
}

int
merkle_inclusion_ok(uint64_t index, uint64_t size,
    const unsigned char leaf[CT_HASH], const unsigned char p[][CT_HASH],
    int len, const unsigned char root[CT_HASH])
{
	uint64_t fn = index, sn = size - 1;
	unsigned char r[CT_HASH];

	if (index >= size)
		return 0;
	memcpy(r, leaf, CT_HASH);
	for (int i = 0; i < len; i++) {
		if (sn == 0)
			return 0;
		if ((fn & 1) || fn == sn) {
			merkle_node(p[i], r, r);
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
		} else {
			merkle_node(r, p[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && memcmp(r, root, CT_HASH) == 0;
}

int
merkle_consistency_ok(uint64_t old, uint64_t size,
    const unsigned char old_root[CT_HASH], const unsigned char root[CT_HASH],
    const unsigned char p[][CT_HASH], int len)
{
	unsigned char fr[CT_HASH], sr[CT_HASH];
	uint64_t fn, sn;
	int i = 0;

	if (old == 0 || old > size)
		return 0;
	if (old == size)
		return len == 0 && memcmp(old_root, root, CT_HASH) == 0;
	if (len == 0)
		return 0;
	fn = old - 1;
	sn = size - 1;
	/* A first tree that is a power of two is itself a node of the
	 * second: the proof leaves it out, and it starts the walk. */
	if ((old & (old - 1)) == 0) {
		memcpy(fr, old_root, CT_HASH);
	} else {
		memcpy(fr, p[0], CT_HASH);
		i = 1;
	}
	memcpy(sr, fr, CT_HASH);
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	for (; i < len; i++) {
		if (sn == 0)
			return 0;
		if ((fn & 1) || fn == sn) {
			merkle_node(p[i], fr, fr);
			merkle_node(p[i], sr, sr);
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
		} else {
			merkle_node(sr, p[i], sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && memcmp(fr, old_root, CT_HASH) == 0 &&
	    memcmp(sr, root, CT_HASH) == 0;
}
