/* consistency.c: the consistency proof text of lib/store/proof.c, for
 * every pair of tree sizes 1 <= m <= n <= 64.
 *
 *	consistency             over a journal of 64 entries built in memory:
 *	                        the proofs, their text, and what the reader
 *	                        refuses
 *	consistency STORE ROOTS over the journal of a store of at least 64
 *	                        entries (tests/proofs.bats makes it), with the
 *	                        root of each size n, in base64, on line n of
 *	                        the file ROOTS, computed by tests/rfc9162.bash
 *	                        and not by the library
 *
 * Each proof is written as text, read back and checked; then each of its
 * hashes is altered in turn, and the old and the new root, and each time
 * the check must fail. */
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

#define N 64
#define ORIGIN "casetrail/5f3a9c0d1e2b4a68"

static unsigned char nodes[7][N][CT_HASH];  /* complete subtrees */
static unsigned char roots[N + 1][CT_HASH];

static int
get(void *ctx, int level, uint64_t index, unsigned char out[CT_HASH])
{
	(void)ctx;
	if (level < 0 || level >= 7 || ((index + 1) << level) > N)
		return ct_fail(CT_SYSTEM, "no node %d/%llu", level,
		    (unsigned long long)index);
	memcpy(out, nodes[level][index], CT_HASH);
	return CT_OK;
}

/* A journal of N entries of one case, its subtrees and its roots. */
static void
build(void)
{
	struct merkle_frontier f;
	unsigned char done[64][CT_HASH];
	char line[256];

	memset(&f, 0, sizeof f);
	merkle_root(&f, roots[0]);
	for (int i = 0; i < N; i++) {
		int n;

		snprintf(line, sizeof line, "{\"seq\":%d,\"at\":\"2026-11-25T01:"
		    "%02d:00Z\",\"officer\":\"li.ming\",\"case\":\"2026-000001\","
		    "\"action\":\"note\",\"stage\":null,\"body\":{\"text\":\"第%d"
		    "次电话回访\"}}", i + 1, i % 60, i + 1);
		merkle_leaf(line, strlen(line), nodes[0][i]);
		n = merkle_append(&f, nodes[0][i], done);
		for (int l = 1; l <= n; l++)
			memcpy(nodes[l][(((uint64_t)i + 1) >> l) - 1], done[l - 1],
			    CT_HASH);
		merkle_root(&f, roots[i + 1]);
	}
}

static char *
written(const struct proof *p)
{
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);

	if (fp == NULL)
		exit(2);
	CHECK(proof_write(p, fp) == CT_OK);
	fclose(fp);
	return out;
}

/* p, a consistency proof from m to n entries, must read back from its
 * text as itself and hold, with the roots old_root and new_root; and not
 * hold with any of its hashes or either root altered, or with a hash
 * left out or one more. */
static void
check_pair(const struct proof *p, uint64_t m, uint64_t n,
    const unsigned char old_root[CT_HASH],
    const unsigned char new_root[CT_HASH])
{
	static struct proof back, bad;
	char *text = written(p);

	CHECK(strncmp(text, "casetrail-consistency 1\nold ", 28) == 0);
	CHECK(proof_parse(&back, text, strlen(text)) == CT_OK);
	free(text);
	CHECK(back.kind == PROOF_CONSISTENCY && back.len == p->len);
	CHECK(back.old.size == m && back.head.size == n);
	CHECK(memcmp(back.old.root, old_root, CT_HASH) == 0);
	CHECK(memcmp(back.head.root, new_root, CT_HASH) == 0);
	CHECK(strcmp(back.old.origin, back.head.origin) == 0);
	CHECK(memcmp(back.path, p->path, (size_t)p->len * CT_HASH) == 0);
	if (proof_check(&back) != CT_OK) {
		fprintf(stderr, "the proof from %llu to %llu does not hold: %s\n",
		    (unsigned long long)m, (unsigned long long)n, ct_errmsg());
		unit_failures++;
	}
	for (int i = 0; i < back.len; i++) {
		bad = back;
		bad.path[i][(i * 7) % CT_HASH] ^= (unsigned char)(1 << (i % 8));
		CHECK(proof_check(&bad) == CT_NO);
	}
	bad = back;
	bad.old.root[m % CT_HASH] ^= 0x40;
	CHECK(proof_check(&bad) == CT_NO);
	bad = back;
	bad.head.root[n % CT_HASH] ^= 0x02;
	CHECK(proof_check(&bad) == CT_NO);
	bad = back;
	bad.len = back.len + 1;
	memcpy(bad.path[back.len], new_root, CT_HASH);  /* len < 128 here */
	CHECK(proof_check(&bad) == CT_NO);
	if (back.len > 0) {
		bad = back;
		bad.len--;
		CHECK(proof_check(&bad) == CT_NO);
	}
	proof_free(&back);
}

/* Every pair of sizes over the journal in memory. */
static void
test_pairs(void)
{
	struct proof p;
	char note[512];

	for (uint64_t n = 1; n <= N; n++)
		for (uint64_t m = 1; m <= n; m++) {
			memset(&p, 0, sizeof p);
			p.kind = PROOF_CONSISTENCY;
			snprintf(p.head.origin, sizeof p.head.origin, ORIGIN);
			p.head.size = n;
			memcpy(p.head.root, roots[n], CT_HASH);
			p.old = p.head;
			p.old.size = m;
			memcpy(p.old.root, roots[m], CT_HASH);
			p.note = strdup(checkpoint_format(&p.head, note,
			    sizeof note));
			CHECK(merkle_consistency(get, NULL, m, n, p.path, &p.len)
			    == CT_OK);
			check_pair(&p, m, n, roots[m], roots[n]);
			proof_free(&p);
		}
}

/* text with the first occurrence of from replaced by to, malloc'd. */
static char *
replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	char *out;

	if (at == NULL) {
		fprintf(stderr, "'%s' is not in the text\n", from);
		unit_failures++;
		return strdup(text);
	}
	if (asprintf(&out, "%.*s%s%s", (int)(at - text), text, to,
	    at + strlen(from)) < 0)
		exit(2);
	return out;
}

/* Parses text (freed) expecting a refusal with the message want. */
static int
refused(char *text, const char *want)
{
	struct proof p;
	int ok = 1;

	memset(&p, 0x5a, sizeof p);
	if (proof_parse(&p, text, strlen(text)) != CT_USAGE) {
		fprintf(stderr, "proof_parse accepted '%s'\n", text);
		proof_free(&p);
		ok = 0;
	} else if (strcmp(ct_errmsg(), want) != 0) {
		fprintf(stderr, "proof_parse: '%s', not '%s'\n", ct_errmsg(),
		    want);
		ok = 0;
	}
	/* Nothing to free after a refusal (LeakSanitizer checks). */
	free(text);
	return ok;
}

static void
test_refusals(void)
{
	static const unsigned char zero[4 + KEY_SIG];
	struct proof p;
	char note[512], *text, *signed_text, b64[64], old[80], line[96];
	char sig[200], sigb64[100];

	/* A signature line of the right form (not of a real key). */
	snprintf(sig, sizeof sig, "\xe2\x80\x94 " ORIGIN "/li.ming %s\n",
	    base64_encode(zero, sizeof zero, sigb64));
	memset(&p, 0, sizeof p);
	p.kind = PROOF_CONSISTENCY;
	snprintf(p.head.origin, sizeof p.head.origin, ORIGIN);
	p.head.size = 7;
	memcpy(p.head.root, roots[7], CT_HASH);
	p.old = p.head;
	p.old.size = 3;
	memcpy(p.old.root, roots[3], CT_HASH);
	checkpoint_format(&p.head, note, sizeof note);
	strcat(note, "\n");
	strcat(note, sig);
	p.note = strdup(note);
	CHECK(merkle_consistency(get, NULL, 3, 7, p.path, &p.len) == CT_OK);
	signed_text = written(&p);
	snprintf(old, sizeof old, "old 3 %s\n", base64_encode(roots[3],
	    CT_HASH, b64));
	/* A signed note reads back as it is. */
	{
		struct proof back;

		CHECK(proof_parse(&back, signed_text, strlen(signed_text)) ==
		    CT_OK);
		CHECK(back.note && strcmp(back.note, note) == 0);
		CHECK(proof_check(&back) == CT_OK);
		proof_free(&back);
	}
	text = replaced(signed_text, sig, "");
	text[strlen(text) - 1] = '\0';          /* the note's blank line */
#define R(s, want) CHECK(refused((s), (want)))
#define LINE(n) "proof line " #n " is not of the proof format"
	R(replaced(text, "casetrail-consistency 1\n",
	    "casetrail-consistency 2\n"), LINE(1));
	R(replaced(text, "casetrail-consistency 1\n", "casetrail-proof 1\n"),
	    LINE(2));
	R(replaced(text, "old 3 ", "old 0 "), LINE(2));
	R(replaced(text, "old 3 ", "old 03 "), LINE(2));
	R(replaced(text, "old 3 ", "old -3 "), LINE(2));
	R(replaced(text, "old 3 ", "old  3 "), LINE(2));
	R(replaced(text, "old 3 ", "old 3  "), LINE(2));
	R(replaced(text, "old 3 ", "old 3x "), LINE(2));
	R(replaced(text, "old 3 ", "old 18446744073709551616 "), LINE(2));
	R(replaced(text, "old 3 ", "Old 3 "), LINE(2));
	R(replaced(text, old, "old 3\n"), LINE(2));
	R(replaced(text, old, ""), LINE(2));
	R(replaced(text, old, "\n"), LINE(2));
	snprintf(line, sizeof line, "old 3 %.43s\n", b64);
	R(replaced(text, old, line), LINE(2));
	R(replaced(text, "\npath ", "\npath  "), LINE(3));
	R(replaced(text, "\npath ", "\nindex 2\npath "), LINE(3));
	R(replaced(text, "\npath ", "\npath AAAA"), LINE(3));
	/* The newer tree: a checkpoint, then signature lines only. */
	R(replaced(text, "\n7\n", "\n07\n"), "checkpoint has no tree size");
	R(replaced(text, "\n7\n", "\n2\n"),
	    "proof: the older tree has more entries than the newer");
	{
		char *t = strdup(text);

		t[strlen(t) - 1] = '\0';
		R(t, "checkpoint has a bad root hash");
	}
	{
		char *t;

		if (asprintf(&t, "%sextension\n", text) < 0)
			exit(2);
		R(t, "checkpoint has lines that are not signature lines");
		if (asprintf(&t, "%s\n", text) < 0)
			exit(2);
		R(t, "checkpoint has lines that are not signature lines");
		if (asprintf(&t, "%s\n\xe2\x80\x94 x\n", text) < 0)
			exit(2);
		R(t, "checkpoint has a bad signature line");
		t = strdup(signed_text);
		t[strlen(t) - 1] = '\0';
		R(t, "checkpoint has a bad signature line");
		if (asprintf(&t, "%s%s", signed_text, "junk\n") < 0)
			exit(2);
		R(t, "checkpoint has a bad signature line");
	}
	/* 128 hashes at most. */
	{
		char *many = NULL;
		size_t n = 0;
		FILE *fp = open_memstream(&many, &n);

		fprintf(fp, "casetrail-consistency 1\n%s", old);
		for (int i = 0; i < 129; i++)
			fprintf(fp, "path %s\n", b64);
		fprintf(fp, "\n%s", note);
		fclose(fp);
		R(many, LINE(131));
	}
	free(text);
	free(signed_text);
	proof_free(&p);
}

/* The store's own proofs, for every pair, against the reference roots;
 * and from every size to the newest signed checkpoint. */
static int
test_store(const char *dir, const char *roots_file)
{
	static unsigned char ref[N + 1][CT_HASH];
	struct ct_store *st;
	struct checkpoint old, now;
	struct proof p;
	char line[128];
	FILE *fp;
	int n = 0;

	if ((fp = fopen(roots_file, "r")) == NULL)
		return 2;
	while (n < N && fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		CHECK(base64_decode(line, ref[++n], sizeof ref[0]) == CT_HASH);
	}
	fclose(fp);
	if (n != N || ct_open(&st, dir, NULL, STORE_READ) != CT_OK) {
		fprintf(stderr, "no store of %d entries: %s\n", N, ct_errmsg());
		return 2;
	}
	CHECK(checkpoint_current(st, &now) == CT_OK);
	for (uint64_t size = 1; size <= N; size++)
		for (uint64_t m = 1; m <= size; m++) {
			old = now;
			old.size = m;
			memcpy(old.root, ref[m], CT_HASH);
			CHECK(proof_consistency(st, &old, size, &p) == CT_OK);
			check_pair(&p, m, size, ref[m], ref[size]);
			proof_free(&p);
		}
	/* To the newest signed checkpoint: its note, signature and all. */
	for (uint64_t m = 1; m <= N; m++) {
		old = now;
		old.size = m;
		memcpy(old.root, ref[m], CT_HASH);
		CHECK(proof_consistency(st, &old, 0, &p) == CT_OK);
		CHECK(p.note && strstr(p.note, "\n\n\xe2\x80\x94 ") != NULL);
		if (now.size == N)
			check_pair(&p, m, N, ref[m], ref[N]);
		proof_free(&p);
	}
	store_close(st);
	UNIT_END();
}

int
main(int argc, char *argv[])
{
	if (argc == 3)
		return test_store(argv[1], argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: consistency [store roots]\n");
		return 2;
	}
	build();
	test_pairs();
	test_refusals();
	UNIT_END();
}
