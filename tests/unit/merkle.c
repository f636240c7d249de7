/* merkle.c: lib/merkle.c against RFC 9162 section 2.1.
 *
 * Every expected value here is computed from the RFC's definitions, written
 * out literally and slowly in this file over OpenSSL's one-shot EVP_Digest
 * (MTH in 2.1.1, PATH in 2.1.3.1, SUBPROOF in 2.1.4.1), or is a published
 * RFC 6962 test vector (the leaves and roots of the Certificate
 * Transparency and Trillian test suites), so that the library is never
 * checked against itself.
 *
 * Whether a proof must verify is decided by a symbolic model: the root a
 * verifier must rebuild is written as an expression over the proof's
 * hashes, H(p2,H(L,p0)), from the tree's shape alone.  A proof handed to
 * the verifier with other sizes or another index verifies exactly when the
 * expression for those sizes is the same string, since anything else would
 * be a SHA-256 collision.  So every altered size and index is tested, and
 * the cases where RFC 9162 verification cannot tell (leaf 0 of a tree of 3
 * against a size of 4) are told apart from a lax verifier. */
#include <stdint.h>
#include <string.h>

#include <openssl/evp.h>

#include "internal.h"
#include "unit.h"

#define MAXN 64
#define LEVELS 7                /* 2^6 = MAXN */

/* The leaves: the eight of the RFC 6962 test vectors, then entries. */
static unsigned char data[MAXN][96];
static size_t data_len[MAXN];

/* Every complete subtree of the 64 leaves: sub[level][index]. */
static unsigned char sub[LEVELS][MAXN][CT_HASH];

static void
sha256(const void *p, size_t n, unsigned char out[CT_HASH])
{
	unsigned int len = 0;

	if (EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) != 1 ||
	    len != CT_HASH) {
		fprintf(stderr, "EVP_Digest failed\n");
		exit(2);
	}
}

/* MTH(D[begin:end]), RFC 9162 2.1.1, read literally; each range is
 * computed once and remembered, or the tests below would hash for
 * minutes under the sanitizers. */
static void
mth(uint64_t begin, uint64_t end, unsigned char out[CT_HASH])
{
	static unsigned char memo[MAXN + 1][MAXN + 1][CT_HASH];
	static char known[MAXN + 1][MAXN + 1];
	uint64_t n = end - begin, k = 1;
	unsigned char buf[1 + 2 * CT_HASH + 96];

	if (known[begin][end]) {
		memcpy(out, memo[begin][end], CT_HASH);
		return;
	}
	known[begin][end] = 1;
	if (n == 0) {
		sha256("", 0, out);
		memcpy(memo[begin][end], out, CT_HASH);
		return;
	}
	if (n == 1) {
		buf[0] = 0x00;
		memcpy(buf + 1, data[begin], data_len[begin]);
		sha256(buf, 1 + data_len[begin], out);
		memcpy(memo[begin][end], out, CT_HASH);
		return;
	}
	while (2 * k < n)       /* the largest power of two smaller than n */
		k *= 2;
	buf[0] = 0x01;
	mth(begin, begin + k, buf + 1);
	mth(begin + k, end, buf + 1 + CT_HASH);
	sha256(buf, 1 + 2 * CT_HASH, out);
	memcpy(memo[begin][end], out, CT_HASH);
}

static uint64_t
largest_pow2_below(uint64_t n)
{
	uint64_t k = 1;

	while (2 * k < n)
		k *= 2;
	return k;
}

static int
is_pow2(uint64_t n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

struct range {
	uint64_t a, b;
};

/* PATH(m, D[begin:end]), RFC 9162 2.1.3.1, as ranges, leaf upward. */
static void
naive_path(uint64_t m, uint64_t begin, uint64_t end, struct range *out,
    int *len)
{
	uint64_t n = end - begin, k;

	if (n <= 1)
		return;
	k = largest_pow2_below(n);
	if (m < k) {
		naive_path(m, begin, begin + k, out, len);
		out[(*len)++] = (struct range){ begin + k, end };
	} else {
		naive_path(m - k, begin + k, end, out, len);
		out[(*len)++] = (struct range){ begin, begin + k };
	}
}

/* SUBPROOF(m, D[begin:end], whole), RFC 9162 2.1.4.1, as ranges. */
static void
naive_subproof(uint64_t m, uint64_t begin, uint64_t end, int whole,
    struct range *out, int *len)
{
	uint64_t n = end - begin, k;

	if (m == n) {
		if (!whole)
			out[(*len)++] = (struct range){ begin, end };
		return;
	}
	k = largest_pow2_below(n);
	if (m <= k) {
		naive_subproof(m, begin, begin + k, whole, out, len);
		out[(*len)++] = (struct range){ begin + k, end };
	} else {
		naive_subproof(m - k, begin + k, end, 0, out, len);
		out[(*len)++] = (struct range){ begin, begin + k };
	}
}

/* The expression a verifier rebuilds for MTH(D[a:b]) from symbols: the
 * leaf ("L", for the range [leaf, leaf+1) if leaf_ok), the proof hashes
 * ("p0", "p1", ...) and, for a range [0, m) with m a power of two, the old
 * root as given (rsym).  A leaf that nothing covers is "?". */
struct model {
	const struct range *r;
	int nr;
	int leaf_ok;
	uint64_t leaf;
	uint64_t m;             /* 0, or a power of two */
	const char *rsym;
};

static void
emit(char *buf, size_t cap, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > cap) {
		fprintf(stderr, "model expression too long\n");
		exit(2);
	}
	memcpy(buf + *len, s, n + 1);
	*len += n;
}

static void
expr(const struct model *md, uint64_t a, uint64_t b, char *buf, size_t cap,
    size_t *len)
{
	char sym[16];
	uint64_t k;

	if (md->leaf_ok && a == md->leaf && b == md->leaf + 1) {
		emit(buf, cap, len, "L");
		return;
	}
	for (int i = 0; i < md->nr; i++)
		if (md->r[i].a == a && md->r[i].b == b) {
			snprintf(sym, sizeof sym, "p%d", i);
			emit(buf, cap, len, sym);
			return;
		}
	if (md->m != 0 && a == 0 && b == md->m) {
		emit(buf, cap, len, md->rsym);
		return;
	}
	if (b - a <= 1) {
		emit(buf, cap, len, "?");
		return;
	}
	k = largest_pow2_below(b - a);
	emit(buf, cap, len, "H(");
	expr(md, a, a + k, buf, cap, len);
	emit(buf, cap, len, ",");
	expr(md, a + k, b, buf, cap, len);
	emit(buf, cap, len, ")");
}

/* The root expression of the inclusion proof of leaf index in size. */
static void
incl_expr(uint64_t index, uint64_t size, char *buf, size_t cap, int *plen)
{
	struct range r[64];
	struct model md = { r, 0, 1, index, 0, NULL };
	size_t len = 0;

	naive_path(index, 0, size, r, &md.nr);
	buf[0] = '\0';
	expr(&md, 0, size, buf, cap, &len);
	*plen = md.nr;
}

/* The old and new root expressions of the consistency proof from m to n
 * (m < n); the old root symbol is rsym, itself an expression or "R". */
static void
cons_expr(uint64_t m, uint64_t n, const char *rsym, char *old, char *new,
    size_t cap, int *plen)
{
	struct range r[130];
	struct model md = { r, 0, 0, 0, 0, rsym };
	size_t len = 0;

	naive_subproof(m, 0, n, 1, r, &md.nr);
	*plen = md.nr;
	if (is_pow2(m)) {
		md.m = m;
		snprintf(old, cap, "%s", rsym);
	} else {
		old[0] = '\0';
		expr(&md, 0, m, old, cap, &len);
	}
	md.m = is_pow2(m) ? m : 0;
	len = 0;
	new[0] = '\0';
	expr(&md, 0, n, new, cap, &len);
}

/* The tree the node callback reads: complete subtrees of the first size
 * leaves only; asking for anything else is a failure of the library. */
struct table {
	uint64_t size;
	int calls, bad;
	int fail_at;            /* fail the n-th call (1-based), 0: never */
};

static int
get(void *ctx, int level, uint64_t index, unsigned char out[CT_HASH])
{
	struct table *t = ctx;

	t->calls++;
	if (t->fail_at != 0 && t->calls == t->fail_at)
		return ct_fail(CT_SYSTEM, "injected failure");
	if (level < 0 || level >= LEVELS || index >= MAXN ||
	    ((index + 1) << level) > t->size) {
		t->bad++;
		return ct_fail(CT_SYSTEM, "no complete subtree %d/%llu in a "
		    "tree of %llu", level, (unsigned long long)index,
		    (unsigned long long)t->size);
	}
	memcpy(out, sub[level][index], CT_HASH);
	return CT_OK;
}

static void
unhex(const char *hex, unsigned char out[CT_HASH])
{
	for (int i = 0; i < CT_HASH; i++) {
		unsigned v;

		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (unsigned char)v;
	}
}

static int
ceil_log2(uint64_t n)
{
	int l = 0;

	while ((UINT64_C(1) << l) < n)
		l++;
	return l;
}

/* The depth of leaf m in a tree of n leaves: its number of levels. */
static int
depth(uint64_t m, uint64_t n)
{
	int d = 0;

	while (n > 1) {
		uint64_t k = largest_pow2_below(n);

		if (m < k) {
			n = k;
		} else {
			m -= k;
			n -= k;
		}
		d++;
	}
	return d;
}

static void
setup_leaves(void)
{
	static const unsigned char rfc6962[8][16] = {
		{ 0 }, { 0x00 }, { 0x10 }, { 0x20, 0x21 }, { 0x30, 0x31 },
		{ 0x40, 0x41, 0x42, 0x43 },
		{ 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57 },
		{ 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
		  0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f },
	};
	static const size_t rfc6962_len[8] = { 0, 1, 1, 2, 2, 4, 8, 16 };

	for (int i = 0; i < 8; i++) {
		memcpy(data[i], rfc6962[i], rfc6962_len[i]);
		data_len[i] = rfc6962_len[i];
	}
	strcpy((char *)data[8], "第九条：立案登记");
	data_len[8] = strlen((char *)data[8]);
	for (int i = 9; i < MAXN; i++)
		data_len[i] = (size_t)snprintf((char *)data[i], sizeof data[i],
		    "{\"seq\":%d,\"action\":\"inquiry\",\"text\":\"询问笔录第%d页\"}",
		    i + 1, i - 8);
	for (int l = 0; l < LEVELS; l++)
		for (uint64_t i = 0; ((i + 1) << l) <= MAXN; i++)
			mth(i << l, (i + 1) << l, sub[l][i]);
}

/* Known answers: RFC 6962 test vectors, and sizes 0 to 9 three ways. */
static void
test_known_answers(void)
{
	static const char *const roots[10] = {
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
		"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
		"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
		"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
		"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
		"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
		"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
		/* the eight and "第九条：立案登记", by Python's hashlib */
		"251c92b519b40da801612a695d50c430adfded9fc5dda5924c69c32700c32f6c",
	};
	struct merkle_frontier f;
	unsigned char want[CT_HASH], got[CT_HASH], naive[CT_HASH];
	unsigned char done[64][CT_HASH];

	memset(&f, 0, sizeof f);
	for (uint64_t n = 0; n <= 9; n++) {
		struct table t = { n, 0, 0, 0 };

		unhex(roots[n], want);
		mth(0, n, naive);
		CHECK(memcmp(naive, want, CT_HASH) == 0);
		merkle_root(&f, got);
		CHECK(memcmp(got, want, CT_HASH) == 0);
		CHECK(merkle_range(get, &t, 0, n, got) == CT_OK);
		CHECK(memcmp(got, want, CT_HASH) == 0);
		CHECK(t.bad == 0);
		if (n < 9) {
			merkle_leaf(data[n], data_len[n], got);
			merkle_append(&f, got, done);
		}
	}

	/* The leaf and node hashes on their own. */
	unhex(roots[1], want);
	merkle_leaf("", 0, got);
	CHECK(memcmp(got, want, CT_HASH) == 0);
	unhex(roots[2], want);
	merkle_node(sub[0][0], sub[0][1], got);
	CHECK(memcmp(got, want, CT_HASH) == 0);
	merkle_node(sub[0][1], sub[0][0], got);
	CHECK(memcmp(got, want, CT_HASH) != 0);
}

/* RFC 6962 test vectors for proofs (CT's and Trillian's suites). */
static void
test_proof_vectors(void)
{
	static const struct {
		uint64_t a, n;
		int cons;
		const char *hash[3];
	} v[] = {
		{ 0, 8, 0, {
		  "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
		  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" } },
		{ 5, 8, 0, {
		  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
		  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
		  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" } },
		{ 2, 3, 0, {
		  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" } },
		{ 1, 5, 0, {
		  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" } },
		{ 1, 8, 1, {
		  "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
		  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" } },
		{ 6, 8, 1, {
		  "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
		  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
		  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" } },
		{ 2, 5, 1, {
		  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" } },
	};

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		struct table t = { v[i].n, 0, 0, 0 };
		unsigned char p[128][CT_HASH], want[CT_HASH], root[CT_HASH];
		unsigned char old[CT_HASH], leaf[CT_HASH];
		int len = -1, nwant = 0;

		if (v[i].cons)
			CHECK(merkle_consistency(get, &t, v[i].a, v[i].n, p, &len)
			    == CT_OK);
		else
			CHECK(merkle_inclusion(get, &t, v[i].a, v[i].n, p, &len)
			    == CT_OK);
		while (nwant < 3 && v[i].hash[nwant] != NULL)
			nwant++;
		CHECK(len == nwant);
		for (int k = 0; k < nwant && k < len; k++) {
			unhex(v[i].hash[k], want);
			CHECK(memcmp(p[k], want, CT_HASH) == 0);
		}
		mth(0, v[i].n, root);
		if (v[i].cons) {
			mth(0, v[i].a, old);
			CHECK(merkle_consistency_ok(v[i].a, v[i].n, old, root,
			    (const unsigned char (*)[CT_HASH])p, len) == 1);
		} else {
			merkle_leaf(data[v[i].a], data_len[v[i].a], leaf);
			CHECK(merkle_inclusion_ok(v[i].a, v[i].n, leaf,
			    (const unsigned char (*)[CT_HASH])p, len, root) == 1);
		}
	}
}

/* merkle_append: the done subtrees, the frontier and the root, per leaf. */
static void
test_append(void)
{
	struct merkle_frontier f;
	unsigned char leaf[CT_HASH], root[CT_HASH], naive[CT_HASH];
	unsigned char done[64][CT_HASH];

	memset(&f, 0, sizeof f);
	merkle_root(&f, root);
	mth(0, 0, naive);
	CHECK(memcmp(root, naive, CT_HASH) == 0);
	for (uint64_t j = 0; j < MAXN; j++) {
		uint64_t size = j + 1, start = 0;
		int n, want = 0, slot = 0;

		merkle_leaf(data[j], data_len[j], leaf);
		CHECK(memcmp(leaf, sub[0][j], CT_HASH) == 0);
		n = merkle_append(&f, leaf, done);
		/* Leaf j completes level l when 2^l divides j + 1. */
		while (size % (UINT64_C(2) << want) == 0)
			want++;
		CHECK(n == want);
		for (int l = 1; l <= n && l <= want; l++)
			CHECK(memcmp(done[l - 1], sub[l][(size >> l) - 1],
			    CT_HASH) == 0);
		CHECK(f.size == size);
		CHECK(f.count == __builtin_popcountll(size));
		for (int l = LEVELS - 1; l >= 0; l--) {
			if (!(size & (UINT64_C(1) << l)))
				continue;
			CHECK(slot < f.count && memcmp(f.hash[slot],
			    sub[l][start >> l], CT_HASH) == 0);
			slot++;
			start += UINT64_C(1) << l;
		}
		merkle_root(&f, root);
		mth(0, size, naive);
		CHECK(memcmp(root, naive, CT_HASH) == 0);
	}
}

/* merkle_range over every [begin, end) of the 64 leaves. */
static void
test_range(void)
{
	for (uint64_t b = 0; b <= MAXN; b++)
		for (uint64_t e = b; e <= MAXN; e++) {
			struct table t = { e, 0, 0, 0 };
			unsigned char got[CT_HASH], naive[CT_HASH];

			CHECK(merkle_range(get, &t, b, e, got) == CT_OK);
			mth(b, e, naive);
			CHECK(memcmp(got, naive, CT_HASH) == 0);
			CHECK(t.bad == 0);
			/* A range that is a node of some tree (its start a
			 * multiple of a power of two that covers it) takes one
			 * lookup per set bit of its size; any other range is
			 * the MTH of a list that shares no subtree with the
			 * log, and may take one lookup per leaf. */
			if (b % (UINT64_C(1) << ceil_log2(e - b)) == 0)
				CHECK(t.calls == __builtin_popcountll(e - b));
			else
				CHECK(t.calls <= (int)(e - b));
		}
}

/* Verifies p against index and size with altered inputs, and compares
 * each outcome with what the model says it must be. */
static void
inclusion_alterations(uint64_t index, uint64_t size,
    unsigned char p[][CT_HASH], int len, const unsigned char leaf[CT_HASH],
    const unsigned char root[CT_HASH], const char *want)
{
	const unsigned char (*cp)[CT_HASH] = (const unsigned char (*)[CT_HASH])p;
	unsigned char bad[CT_HASH];
	char alt[2048];
	int alt_len;

	/* Each hash of the path, each byte position class. */
	for (int i = 0; i < len; i++)
		for (int byte = 0; byte < CT_HASH; byte += 31) {
			p[i][byte] ^= 0x01;
			CHECK(merkle_inclusion_ok(index, size, leaf, cp, len, root)
			    == 0);
			p[i][byte] ^= 0x01;
		}
	memcpy(bad, leaf, CT_HASH);
	bad[7] ^= 0x80;
	CHECK(merkle_inclusion_ok(index, size, bad, cp, len, root) == 0);
	memcpy(bad, root, CT_HASH);
	bad[CT_HASH - 1] ^= 0x01;
	CHECK(merkle_inclusion_ok(index, size, leaf, cp, len, bad) == 0);
	/* The leaf's own hash as the root, the root as the leaf. */
	if (size > 1) {
		CHECK(merkle_inclusion_ok(index, size, root, cp, len, root) == 0);
		CHECK(merkle_inclusion_ok(index, size, leaf, cp, len, leaf) == 0);
	}
	/* Shortened from either end, and lengthened. */
	if (len > 0) {
		CHECK(merkle_inclusion_ok(index, size, leaf, cp, len - 1, root)
		    == 0);
		CHECK(merkle_inclusion_ok(index, size, leaf, cp + 1, len - 1,
		    root) == 0);
	}
	memcpy(p[len], root, CT_HASH);
	CHECK(merkle_inclusion_ok(index, size, leaf, cp, len + 1, root) == 0);
	memcpy(p[len], sub[0][0], CT_HASH);
	CHECK(merkle_inclusion_ok(index, size, leaf, cp, len + 1, root) == 0);
	/* Every other index, and indexes past the end. */
	for (uint64_t i = 0; i < size + 3; i++) {
		int ok = 0;

		if (i == index)
			continue;
		if (i < size) {
			incl_expr(i, size, alt, sizeof alt, &alt_len);
			ok = alt_len == len && strcmp(alt, want) == 0;
			CHECK(!ok);     /* two leaves never share a path */
		}
		CHECK(merkle_inclusion_ok(i, size, leaf, cp, len, root) == ok);
	}
	CHECK(merkle_inclusion_ok(UINT64_MAX, size, leaf, cp, len, root) == 0);
	/* Every other size: only a tree of the very same shape passes. */
	for (uint64_t s = 0; s <= MAXN + 2; s++) {
		int ok = 0;

		if (s == size)
			continue;
		if (index < s) {
			incl_expr(index, s, alt, sizeof alt, &alt_len);
			ok = alt_len == len && strcmp(alt, want) == 0;
		}
		CHECK(merkle_inclusion_ok(index, s, leaf, cp, len, root) == ok);
	}
	CHECK(merkle_inclusion_ok(index, UINT64_MAX, leaf, cp, len, root) == 0);
}

static void
test_inclusion(void)
{
	for (uint64_t size = 1; size <= MAXN; size++) {
		unsigned char root[CT_HASH];

		mth(0, size, root);
		for (uint64_t index = 0; index < size; index++) {
			unsigned char p[65][CT_HASH], naive[CT_HASH];
			struct range r[64];
			struct table t = { size, 0, 0, 0 };
			char want[2048];
			int len = -1, nr = 0, model_len;

			CHECK(merkle_inclusion(get, &t, index, size, p, &len) ==
			    CT_OK);
			CHECK(t.bad == 0);
			naive_path(index, 0, size, r, &nr);
			CHECK(len == nr);
			CHECK(len == depth(index, size));
			CHECK(len <= ceil_log2(size));
			if (is_pow2(size))
				CHECK(len == ceil_log2(size));
			for (int i = 0; i < len && i < nr; i++) {
				mth(r[i].a, r[i].b, naive);
				CHECK(memcmp(p[i], naive, CT_HASH) == 0);
			}
			if (len != nr)
				continue;
			CHECK(merkle_inclusion_ok(index, size, sub[0][index],
			    (const unsigned char (*)[CT_HASH])p, len, root) == 1);
			incl_expr(index, size, want, sizeof want, &model_len);
			CHECK(strchr(want, '?') == NULL);
			CHECK(model_len == len);
			inclusion_alterations(index, size, p, len, sub[0][index],
			    root, want);
		}
		/* Out of range. */
		{
			unsigned char p[64][CT_HASH];
			struct table t = { size, 0, 0, 0 };
			int len = -1;

			CHECK(merkle_inclusion(get, &t, size, size, p, &len) ==
			    CT_NOTFOUND);
			CHECK(len == 0);
		}
	}
}

/* A proof handed to the verifier with other sizes. */
static int
cons_model_ok(uint64_t m, uint64_t n, int len, const char *orig_old,
    const char *orig_new, const unsigned char old_root[CT_HASH],
    const unsigned char root[CT_HASH])
{
	char old[4096], new[4096];
	int alt_len;

	if (m == 0 || m > n)
		return 0;
	if (m == n)
		return len == 0 && memcmp(old_root, root, CT_HASH) == 0;
	cons_expr(m, n, orig_old, old, new, sizeof old, &alt_len);
	return alt_len == len && strcmp(old, orig_old) == 0 &&
	    strcmp(new, orig_new) == 0;
}

static void
consistency_alterations(uint64_t m, uint64_t n, unsigned char p[][CT_HASH],
    int len, const unsigned char old_root[CT_HASH],
    const unsigned char root[CT_HASH], const char *orig_old,
    const char *orig_new)
{
	const unsigned char (*cp)[CT_HASH] = (const unsigned char (*)[CT_HASH])p;
	unsigned char bad[CT_HASH];

	for (int i = 0; i < len; i++)
		for (int byte = 0; byte < CT_HASH; byte += 31) {
			p[i][byte] ^= 0x01;
			CHECK(merkle_consistency_ok(m, n, old_root, root, cp, len)
			    == 0);
			p[i][byte] ^= 0x01;
		}
	memcpy(bad, old_root, CT_HASH);
	bad[3] ^= 0x10;
	CHECK(merkle_consistency_ok(m, n, bad, root, cp, len) == 0);
	memcpy(bad, root, CT_HASH);
	bad[30] ^= 0x10;
	CHECK(merkle_consistency_ok(m, n, old_root, bad, cp, len) == 0);
	CHECK(merkle_consistency_ok(m, n, root, old_root, cp, len) == 0);
	if (len > 0) {
		CHECK(merkle_consistency_ok(m, n, old_root, root, cp, len - 1)
		    == 0);
		CHECK(merkle_consistency_ok(m, n, old_root, root, cp + 1,
		    len - 1) == 0);
	}
	memcpy(p[len], root, CT_HASH);
	CHECK(merkle_consistency_ok(m, n, old_root, root, cp, len + 1) == 0);
	memcpy(p[len], old_root, CT_HASH);
	CHECK(merkle_consistency_ok(m, n, old_root, root, cp, len + 1) == 0);
	/* Other old sizes against this new size, other new sizes against
	 * this old size, and swapped sizes. */
	for (uint64_t m2 = 0; m2 <= MAXN + 2; m2++)
		if (m2 != m)
			CHECK(merkle_consistency_ok(m2, n, old_root, root, cp, len)
			    == cons_model_ok(m2, n, len, orig_old, orig_new,
			    old_root, root));
	for (uint64_t n2 = 0; n2 <= MAXN + 2; n2++)
		if (n2 != n)
			CHECK(merkle_consistency_ok(m, n2, old_root, root, cp, len)
			    == cons_model_ok(m, n2, len, orig_old, orig_new,
			    old_root, root));
	if (m != n)
		CHECK(merkle_consistency_ok(n, m, old_root, root, cp, len) == 0);
	CHECK(merkle_consistency_ok(m, UINT64_MAX, old_root, root, cp, len)
	    == 0);
}

static void
test_consistency(void)
{
	for (uint64_t n = 1; n <= MAXN; n++) {
		unsigned char root[CT_HASH];

		mth(0, n, root);
		for (uint64_t m = 1; m <= n; m++) {
			unsigned char p[129][CT_HASH], old_root[CT_HASH];
			unsigned char naive[CT_HASH];
			struct range r[130];
			struct table t = { n, 0, 0, 0 };
			char orig_old[4096], orig_new[4096];
			int len = -1, nr = 0, model_len = 0;

			mth(0, m, old_root);
			CHECK(merkle_consistency(get, &t, m, n, p, &len) == CT_OK);
			CHECK(t.bad == 0);
			if (m < n)
				naive_subproof(m, 0, n, 1, r, &nr);
			CHECK(len == nr);
			CHECK(len <= ceil_log2(n) + 1);
			for (int i = 0; i < len && i < nr; i++) {
				mth(r[i].a, r[i].b, naive);
				CHECK(memcmp(p[i], naive, CT_HASH) == 0);
			}
			if (len != nr)
				continue;
			CHECK(merkle_consistency_ok(m, n, old_root, root,
			    (const unsigned char (*)[CT_HASH])p, len) == 1);
			if (m == n) {
				CHECK(len == 0);
				memcpy(p[0], root, CT_HASH);
				CHECK(merkle_consistency_ok(m, n, old_root, root,
				    (const unsigned char (*)[CT_HASH])p, 1) == 0);
				if (n > 1)
					CHECK(merkle_consistency_ok(m - 1, n,
					    old_root, root,
					    (const unsigned char (*)[CT_HASH])p, 0)
					    == 0);
				continue;
			}
			if (is_pow2(m)) {
				snprintf(orig_old, sizeof orig_old, "R");
				cons_expr(m, n, "R", orig_old, orig_new,
				    sizeof orig_old, &model_len);
			} else {
				cons_expr(m, n, "", orig_old, orig_new,
				    sizeof orig_old, &model_len);
			}
			CHECK(model_len == len);
			CHECK(strchr(orig_old, '?') == NULL);
			CHECK(strchr(orig_new, '?') == NULL);
			consistency_alterations(m, n, p, len, old_root, root,
			    orig_old, orig_new);
		}
	}
	{
		unsigned char p[128][CT_HASH];
		struct table t = { 8, 0, 0, 0 };
		int len = -1;

		CHECK(merkle_consistency(get, &t, 0, 8, p, &len) == CT_USAGE);
		CHECK(merkle_consistency(get, &t, 9, 8, p, &len) == CT_USAGE);
		CHECK(merkle_consistency_ok(0, 8, sub[0][0], sub[3][0],
		    (const unsigned char (*)[CT_HASH])p, 0) == 0);
	}
	/* An empty proof between different sizes is refused without reading
	 * a hash that is not there: under ASan, a read of this one-byte
	 * block would stop the test. */
	{
		static volatile size_t one = 1;    /* hidden from gcc */
		unsigned char *none = malloc(one), old[CT_HASH], root[CT_HASH];

		mth(0, 3, old);
		mth(0, 4, root);
		for (uint64_t m = 1; m < 8; m++)
			CHECK(merkle_consistency_ok(m, 8, old, root,
			    (const unsigned char (*)[CT_HASH])none, 0) == 0);
		CHECK(merkle_inclusion_ok(1, 4, sub[0][1],
		    (const unsigned char (*)[CT_HASH])none, 0, root) == 0);
		free(none);
	}
}

/* A failing node source: every error comes back out, none is dropped. */
static void
test_errors(void)
{
	for (uint64_t n = 2; n <= 33; n += 31) {
		for (uint64_t index = 0; index < n; index += 5) {
			unsigned char p[64][CT_HASH];
			struct table t = { n, 0, 0, 0 };
			int len, calls;

			CHECK(merkle_inclusion(get, &t, index, n, p, &len) == CT_OK);
			calls = t.calls;
			for (int k = 1; k <= calls; k++) {
				struct table ft = { n, 0, 0, k };

				CHECK(merkle_inclusion(get, &ft, index, n, p, &len) ==
				    CT_SYSTEM);
				CHECK(ft.calls == k);
			}
		}
		for (uint64_t m = 1; m < n; m += 3) {
			unsigned char p[128][CT_HASH];
			struct table t = { n, 0, 0, 0 };
			int len, calls;

			CHECK(merkle_consistency(get, &t, m, n, p, &len) ==
			    CT_OK);
			calls = t.calls;
			for (int k = 1; k <= calls; k++) {
				struct table ft = { n, 0, 0, k };

				CHECK(merkle_consistency(get, &ft, m, n, p, &len) ==
				    CT_SYSTEM);
			}
		}
		{
			unsigned char out[CT_HASH];
			struct table ft = { n, 0, 0, 1 };

			CHECK(merkle_range(get, &ft, 0, n, out) == CT_SYSTEM);
		}
	}
}

/* MTH over leaf hashes already made, RFC 9162 2.1.1 again. */
static void
mth_hashes(unsigned char (*leaves)[CT_HASH], uint64_t begin, uint64_t end,
    unsigned char out[CT_HASH])
{
	unsigned char buf[1 + 2 * CT_HASH];
	uint64_t k;

	if (end - begin == 1) {
		memcpy(out, leaves[begin], CT_HASH);
		return;
	}
	k = largest_pow2_below(end - begin);
	buf[0] = 0x01;
	mth_hashes(leaves, begin, begin + k, buf + 1);
	mth_hashes(leaves, begin + k, end, buf + 1 + CT_HASH);
	sha256(buf, sizeof buf, out);
}

/* A longer run: the frontier's root after every append of 300. */
static void
test_long_append(void)
{
	static unsigned char leaves[300][CT_HASH];
	struct merkle_frontier f;
	unsigned char done[64][CT_HASH], root[CT_HASH], want[CT_HASH];

	memset(&f, 0, sizeof f);
	for (int i = 0; i < 300; i++) {
		char line[64];

		snprintf(line, sizeof line, "记录 %d", i);
		merkle_leaf(line, strlen(line), leaves[i]);
		merkle_append(&f, leaves[i], done);
		merkle_root(&f, root);
		mth_hashes(leaves, 0, (uint64_t)i + 1, want);
		CHECK(memcmp(root, want, CT_HASH) == 0);
	}
	CHECK(f.size == 300 && f.count == __builtin_popcount(300));
}

int
main(void)
{
	setup_leaves();
	test_known_answers();
	test_proof_vectors();
	test_append();
	test_range();
	test_inclusion();
	test_consistency();
	test_errors();
	test_long_append();
	UNIT_END();
}
