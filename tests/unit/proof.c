/* proof.c: checkpoint text (lib/checkpoint.c) and proof text
 * (lib/proof.c), over a journal built in memory with the Merkle
 * functions: write a proof, read it back, check it, then alter it. */
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

#define N 13
#define ORIGIN "casetrail/5f3a9c0d1e2b4a68"

static char *lines[N];
static unsigned char nodes[5][N][CT_HASH];  /* complete subtrees */
static unsigned char roots[N + 1][CT_HASH];

struct tree {
	uint64_t size;
};

static int
get(void *ctx, int level, uint64_t index, unsigned char out[CT_HASH])
{
	struct tree *t = ctx;

	if (level < 0 || level >= 5 || ((index + 1) << level) > t->size)
		return ct_fail(CT_SYSTEM, "no node %d/%llu", level,
		    (unsigned long long)index);
	memcpy(out, nodes[level][index], CT_HASH);
	return CT_OK;
}

/* A journal of N entries of one case, its subtrees and its roots. */
static void
build(void)
{
	static const char *const actions[] = { "inspection", "inquiry",
	    "evidence-collection", "notice", "statement", "decision",
	    "service", "execution", "closing", "note" };
	struct merkle_frontier f;
	unsigned char done[64][CT_HASH];

	memset(&f, 0, sizeof f);
	merkle_root(&f, roots[0]);
	for (int i = 0; i < N; i++) {
		int n;

		if (asprintf(&lines[i], "{\"seq\":%d,\"at\":\"2026-11-25T01:%02d:"
		    "00Z\",\"officer\":\"li.ming\",\"case\":\"2026-000001\","
		    "\"action\":\"%s\",\"stage\":null,\"body\":{\"text\":\"某超市"
		    "销售过期食品案，第%d项记录\",\"officers\":[\"wang.fang\"]}}",
		    i + 1, i, actions[i % 10], i + 1) < 0)
			exit(2);
		merkle_leaf(lines[i], strlen(lines[i]), nodes[0][i]);
		n = merkle_append(&f, nodes[0][i], done);
		for (int l = 1; l <= n; l++)
			memcpy(nodes[l][(((uint64_t)i + 1) >> l) - 1], done[l - 1],
			    CT_HASH);
		merkle_root(&f, roots[i + 1]);
	}
}

/* --- checkpoint.c --- */

static int
cp_refused(const char *text, size_t n, const char *want)
{
	struct checkpoint c;

	if (checkpoint_parse(&c, text, n) != CT_USAGE) {
		fprintf(stderr, "checkpoint_parse accepted '%.*s'\n", (int)n,
		    text);
		return 0;
	}
	if (strcmp(ct_errmsg(), want) != 0) {
		fprintf(stderr, "checkpoint_parse: '%s', not '%s'\n",
		    ct_errmsg(), want);
		return 0;
	}
	return 1;
}

#define REFUSED(lit, want) cp_refused(lit, sizeof(lit) - 1, want)

static void
test_checkpoint(void)
{
	struct checkpoint c, back;
	char text[512], b64[64], want[512];

	memset(&c, 0, sizeof c);
	snprintf(c.origin, sizeof c.origin, "%s", ORIGIN);
	c.size = N;
	memcpy(c.root, roots[N], CT_HASH);
	checkpoint_format(&c, text, sizeof text);
	snprintf(want, sizeof want, "%s\n%d\n%s\n", ORIGIN, N,
	    base64_encode(roots[N], CT_HASH, b64));
	CHECK(strcmp(text, want) == 0);
	CHECK(checkpoint_parse(&back, text, strlen(text)) == CT_OK);
	CHECK(strcmp(back.origin, ORIGIN) == 0 && back.size == N);
	CHECK(memcmp(back.root, roots[N], CT_HASH) == 0);

	/* Round trips: the empty tree, a huge size, a Chinese origin of
	 * the longest length that fits. */
	{
		static const uint64_t sizes[] = { 0, 1, 1000000,
		    UINT64_C(9999999999999999999) };

		for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
			c.size = sizes[i];
			checkpoint_format(&c, text, sizeof text);
			CHECK(checkpoint_parse(&back, text, strlen(text)) ==
			    CT_OK);
			CHECK(back.size == sizes[i]);
		}
	}
	memset(c.origin, 0, sizeof c.origin);
	for (int i = 0; i < 85; i++)                /* 255 bytes */
		memcpy(c.origin + 3 * i, "案", 3);
	checkpoint_format(&c, text, sizeof text);
	CHECK(checkpoint_parse(&back, text, strlen(text)) == CT_OK);
	CHECK(strcmp(back.origin, c.origin) == 0);

	/* Extension lines and a signature block are passed over. */
	snprintf(text, sizeof text, "%s\n%d\n%s\nextension line\n\n"
	    "\xe2\x80\x94 %s AbCdEfGh==\n", ORIGIN, N,
	    base64_encode(roots[N], CT_HASH, b64), ORIGIN);
	CHECK(checkpoint_parse(&back, text, strlen(text)) == CT_OK);
	CHECK(back.size == N && memcmp(back.root, roots[N], CT_HASH) == 0);

	/* Refusals, with the fault named. */
	CHECK(REFUSED("", "checkpoint has no origin line"));
	CHECK(REFUSED("\n13\n", "checkpoint has no origin line"));
	CHECK(REFUSED(ORIGIN, "checkpoint has no origin line"));
	CHECK(REFUSED(ORIGIN "\n", "checkpoint has no tree size"));
	CHECK(REFUSED(ORIGIN "\n13", "checkpoint has no tree size"));
	CHECK(REFUSED(ORIGIN "\n\n", "checkpoint has no tree size"));
	CHECK(REFUSED(ORIGIN "\n013\n", "checkpoint has no tree size"));
	CHECK(REFUSED(ORIGIN "\n-1\n", "checkpoint has no tree size"));
	CHECK(REFUSED(ORIGIN "\n+1\n", "checkpoint has no tree size"));
	CHECK(REFUSED(ORIGIN "\n 1\n", "checkpoint has no tree size"));
	CHECK(REFUSED(ORIGIN "\nten\n", "checkpoint has no tree size"));
	CHECK(REFUSED(ORIGIN "\n1 \n", "checkpoint has a bad tree size"));
	CHECK(REFUSED(ORIGIN "\n13x\n", "checkpoint has a bad tree size"));
	CHECK(REFUSED(ORIGIN "\n0x10\n", "checkpoint has no tree size"));
	CHECK(REFUSED(ORIGIN "\n1x10\n", "checkpoint has a bad tree size"));
	CHECK(REFUSED(ORIGIN "\n18446744073709551616\n",
	    "checkpoint has a bad tree size"));
	CHECK(REFUSED(ORIGIN "\n99999999999999999999999\n",
	    "checkpoint has a bad tree size"));
	CHECK(REFUSED(ORIGIN "\n13\n", "checkpoint has a bad root hash"));
	CHECK(REFUSED(ORIGIN "\n13\n\n", "checkpoint has a bad root hash"));
	CHECK(REFUSED(ORIGIN "\n13\n"
	    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
	    "checkpoint has a bad root hash"));       /* no newline */
	CHECK(REFUSED(ORIGIN "\n13\n"
	    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuA==\n",
	    "checkpoint has a bad root hash"));       /* 31 bytes */
	CHECK(REFUSED(ORIGIN "\n13\n"
	    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFVV\n",
	    "checkpoint has a bad root hash"));       /* 33 bytes */
	CHECK(REFUSED(ORIGIN "\n13\n"
	    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=\n",
	    "checkpoint has a bad root hash"));       /* padding bits */
	CHECK(REFUSED(ORIGIN "\n13\n"
	    " 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
	    "checkpoint has a bad root hash"));
	CHECK(REFUSED(ORIGIN "\n13\n"
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n",
	    "checkpoint has a bad root hash"));       /* hex */
	CHECK(REFUSED(ORIGIN "\n13\n"
	    "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=\n",
	    "checkpoint has a bad root hash"));       /* base64url */
	CHECK(REFUSED(ORIGIN "\0\n13\n", "checkpoint is not text"));
	CHECK(REFUSED("\xe7\xab\n13\n", "checkpoint is not text"));
	/* The good root hash, as used above, does parse. */
	CHECK(checkpoint_parse(&back, ORIGIN "\n0\n"
	    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
	    sizeof ORIGIN "\n0\n" "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
	    - 1) == CT_OK);
	CHECK(memcmp(back.root, roots[0], CT_HASH) == 0);
	/* An origin of 256 bytes does not fit. */
	{
		char longer[400];

		memset(longer, 'o', 256);
		snprintf(longer + 256, sizeof longer - 256, "\n1\n%s\n",
		    base64_encode(roots[1], CT_HASH, b64));
		CHECK(cp_refused(longer, strlen(longer),
		    "checkpoint has no origin line"));
		longer[0] = '\n';
		CHECK(checkpoint_parse(&back, longer + 1, strlen(longer + 1)) ==
		    CT_OK);
	}
}

/* --- proof.c --- */

/* The proof of entry index + 1 against the tree of size entries. */
static int
make(struct proof *p, uint64_t index, uint64_t size)
{
	struct tree t = { size };

	memset(p, 0, sizeof *p);
	snprintf(p->head.origin, sizeof p->head.origin, "%s", ORIGIN);
	p->head.size = size;
	memcpy(p->head.root, roots[size], CT_HASH);
	p->index = index;
	p->line = strdup(lines[index]);
	return merkle_inclusion(get, &t, index, size, p->path, &p->len);
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

/* Parses text and checks it; returns proof_check's status, or -1 if the
 * text did not parse. */
static int
check_text(const char *text)
{
	struct proof p;
	int rc;

	if (proof_parse(&p, text, strlen(text)) != CT_OK)
		return -1;
	rc = proof_check(&p);
	proof_free(&p);
	return rc;
}

/* text with the first occurrence of from replaced by to, malloc'd. */
static char *
replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	char *out;

	if (at == NULL)
		return strdup(text);
	if (asprintf(&out, "%.*s%s%s", (int)(at - text), text, to,
	    at + strlen(from)) < 0)
		exit(2);
	return out;
}

static void
test_round_trips(void)
{
	for (uint64_t size = 1; size <= N; size++)
		for (uint64_t index = 0; index < size; index++) {
			struct proof p, back;
			char *text, head[64];

			CHECK(make(&p, index, size) == CT_OK);
			CHECK(proof_check(&p) == CT_OK);
			text = written(&p);
			snprintf(head, sizeof head, "casetrail-proof 1\nindex "
			    "%llu\nline {\"seq\":%llu,", (unsigned long long)index,
			    (unsigned long long)index + 1);
			CHECK(strncmp(text, head, strlen(head)) == 0);
			CHECK(proof_parse(&back, text, strlen(text)) == CT_OK);
			CHECK(back.index == index && back.len == p.len);
			CHECK(back.line && strcmp(back.line, lines[index]) == 0);
			CHECK(memcmp(back.path, p.path,
			    (size_t)p.len * CT_HASH) == 0);
			CHECK(strcmp(back.head.origin, ORIGIN) == 0);
			CHECK(back.head.size == size);
			CHECK(memcmp(back.head.root, roots[size], CT_HASH) == 0);
			CHECK(proof_check(&back) == CT_OK);
			proof_free(&back);
			proof_free(&p);
			CHECK(p.line == NULL);
			free(text);
		}
}

static void
test_alterations(void)
{
	struct proof p;
	char *text, *bad, b64[64], *s;
	uint64_t index = 4, size = N;

	CHECK(make(&p, index, size) == CT_OK);
	text = written(&p);
	CHECK(check_text(text) == CT_OK);

	/* The entry's text. */
	bad = replaced(text, "第5项记录", "第6项记录");
	CHECK(check_text(bad) == CT_NO);
	CHECK(strstr(ct_errmsg(), "entry 5 is not in the tree of size 13") !=
	    NULL);
	free(bad);
	bad = replaced(text, "\"officer\":\"li.ming\"", "\"officer\":\"li.min\"");
	CHECK(check_text(bad) == CT_NO);
	free(bad);
	/* The index alone: the line names another entry. */
	bad = replaced(text, "index 4\n", "index 5\n");
	CHECK(check_text(bad) == CT_NO);
	CHECK(strcmp(ct_errmsg(), "proof: the line is not entry 6") == 0);
	free(bad);
	/* Index and line of another entry, with this entry's path. */
	s = replaced(text, "index 4\n", "index 5\n");
	bad = replaced(s, lines[4], lines[5]);
	CHECK(check_text(bad) == CT_NO);
	free(bad);
	free(s);
	/* Each hash of the path, altered one bit. */
	for (int i = 0; i < p.len; i++) {
		char from[64], to[128];
		unsigned char h[CT_HASH];

		memcpy(h, p.path[i], CT_HASH);
		snprintf(from, sizeof from, "path %s\n",
		    base64_encode(h, CT_HASH, b64));
		h[i] ^= 0x01;
		snprintf(to, sizeof to, "path %s\n",
		    base64_encode(h, CT_HASH, b64));
		bad = replaced(text, from, to);
		CHECK(strcmp(bad, text) != 0);
		CHECK(check_text(bad) == CT_NO);
		free(bad);
		/* Dropped, and repeated. */
		bad = replaced(text, from, "");
		CHECK(check_text(bad) == CT_NO);
		free(bad);
		snprintf(to, sizeof to, "%s%s", from, from);
		bad = replaced(text, from, to);
		CHECK(check_text(bad) == CT_NO);
		free(bad);
	}
	/* One more hash at the end. */
	{
		char more[128];

		snprintf(more, sizeof more, "\npath %s\n\n",
		    base64_encode(roots[size], CT_HASH, b64));
		bad = replaced(text, "\n\n", more);
		CHECK(check_text(bad) == CT_NO);
		free(bad);
	}
	/* The tree head: its root, and sizes of another shape. */
	{
		char from[64], to[64];
		unsigned char h[CT_HASH];

		memcpy(h, roots[size], CT_HASH);
		snprintf(from, sizeof from, "\n%s\n",
		    base64_encode(h, CT_HASH, b64));
		h[31] ^= 0x80;
		snprintf(to, sizeof to, "\n%s\n",
		    base64_encode(h, CT_HASH, b64));
		bad = replaced(text, from, to);
		CHECK(strcmp(bad, text) != 0);
		CHECK(check_text(bad) == CT_NO);
		free(bad);
		snprintf(to, sizeof to, "\n%s\n",
		    base64_encode(roots[size - 1], CT_HASH, b64));
		bad = replaced(text, from, to);
		CHECK(check_text(bad) == CT_NO);
		free(bad);
	}
	/* Sizes for which entry 5's path has another shape (5: it is the
	 * last leaf; 4: it is past the end; 100: one more level).  A size
	 * of the same shape, like 12, cannot be told by the hashes alone:
	 * the size is bound by the checkpoint's signature, not here. */
	{
		static const char *const sizes[] = { "\n5\n", "\n4\n",
		    "\n100\n", "\n0\n" };

		for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
			bad = replaced(text, "\n13\n", sizes[i]);
			CHECK(check_text(bad) == CT_NO);
			free(bad);
		}
	}
	/* A proof against an earlier tree holds there, not in a later one. */
	proof_free(&p);
	CHECK(make(&p, index, 8) == CT_OK);
	free(text);
	text = written(&p);
	CHECK(check_text(text) == CT_OK);
	{
		char from[64], to[64];

		snprintf(from, sizeof from, "\n8\n%s\n",
		    base64_encode(roots[8], CT_HASH, b64));
		snprintf(to, sizeof to, "\n13\n%s\n",
		    base64_encode(roots[13], CT_HASH, b64));
		bad = replaced(text, from, to);
		CHECK(strcmp(bad, text) != 0);
		CHECK(check_text(bad) == CT_NO);
		free(bad);
	}
	proof_free(&p);
	free(text);
}

/* Parses text expecting a refusal naming line (0: any message). */
static int
refused(const char *text, size_t n, int line, const char *want)
{
	struct proof p;
	char msg[64];

	memset(&p, 0x5a, sizeof p);
	if (proof_parse(&p, text, n) != CT_USAGE) {
		fprintf(stderr, "proof_parse accepted '%.*s'\n", (int)n, text);
		proof_free(&p);
		return 0;
	}
	/* Nothing to free after a refusal (LeakSanitizer checks). */
	if (want != NULL)
		return strcmp(ct_errmsg(), want) == 0;
	snprintf(msg, sizeof msg, "proof line %d is not of the proof format",
	    line);
	if (line > 0 && strcmp(ct_errmsg(), msg) != 0) {
		fprintf(stderr, "proof_parse: '%s', not '%s'\n", ct_errmsg(), msg);
		return 0;
	}
	return 1;
}

static void
test_refusals(void)
{
	struct proof p;
	char *text, *bad, b64[64];

	CHECK(make(&p, 2, 7) == CT_OK);
	text = written(&p);
	proof_free(&p);
#define R(s, line) do { \
		char *b_ = (s); \
		CHECK(refused(b_, strlen(b_), line, NULL)); \
		free(b_); \
	} while (0)
	R(replaced(text, "casetrail-proof 1\n", "casetrail-proof 2\n"), 1);
	R(replaced(text, "casetrail-proof 1\n", "casetrail-proof\n"), 1);
	R(replaced(text, "casetrail-proof 1\n", ""), 1);
	R(replaced(text, "index 2\n", "index x\n"), 2);
	R(replaced(text, "index 2\n", "index -2\n"), 2);
	R(replaced(text, "index 2\n", "index \n"), 2);
	R(replaced(text, "index 2\n", "index 2 \n"), 2);
	R(replaced(text, "index 2\n", "index  2\n"), 2);
	R(replaced(text, "index 2\n", "Index 2\n"), 2);
	R(replaced(text, "index 2\n", "index 99999999999999999999999\n"), 2);
	R(replaced(text, "index 2\n", "index 18446744073709551616\n"), 2);
	R(replaced(text, "index 2\n", ""), 2);
	R(replaced(text, "line {", "line{"), 3);
	R(replaced(text, "line {", "text {"), 3);
	R(replaced(text, "\npath ", "\npath  "), 4);
	R(replaced(text, "\npath ", "\nPath "), 4);
	R(replaced(text, "\npath ", "\npath x"), 4);
	R(replaced(text, "\npath ", "\npath AAAA"), 4);
	R(replaced(text, "\npath ", "\nline {}\npath "), 4);
	/* A path hash of 31 bytes, of 33. */
	{
		unsigned char h[CT_HASH + 1] = { 0 };
		char line[80];

		snprintf(line, sizeof line, "\npath %s\npath ",
		    base64_encode(h, CT_HASH - 1, b64));
		R(replaced(text, "\npath ", line), 4);
		snprintf(line, sizeof line, "\npath %s\npath ",
		    base64_encode(h, CT_HASH + 1, b64));
		R(replaced(text, "\npath ", line), 4);
	}
	/* The blank line before the checkpoint: early, missing. */
	R(replaced(text, "casetrail-proof 1\n", "casetrail-proof 1\n\n"), 0);
	R(replaced(text, "index 2\n", "index 2\n\n"), 0);
	{
		char *at = strstr(text, "\n\n");

		CHECK(at != NULL);
		if (at != NULL)
			CHECK(refused(text, (size_t)(at - text) + 1, 0, NULL));
	}
	R(strdup(""), 0);
	R(strdup("\n"), 0);
	R(strdup("casetrail-proof 1"), 0);
	/* 64 hashes at most. */
	{
		char *many = NULL;
		size_t n = 0;
		FILE *fp = open_memstream(&many, &n);

		fprintf(fp, "casetrail-proof 1\nindex 0\nline {\"seq\":1,}\n");
		for (int i = 0; i < 65; i++)
			fprintf(fp, "path %s\n",
			    base64_encode(roots[1], CT_HASH, b64));
		fprintf(fp, "\n" ORIGIN "\n1\n%s\n",
		    base64_encode(roots[1], CT_HASH, b64));
		fclose(fp);
		CHECK(refused(many, n, 68, NULL));
		/* With 64 it parses (and does not check: a tree of one
		 * leaf has no path). */
		{
			char *cut = strstr(many, "\npath ");

			memmove(cut, cut + 50, strlen(cut + 50) + 1);
			CHECK(check_text(many) == CT_NO);
		}
		free(many);
	}
	/* Not text. */
	{
		char *b_ = replaced(text, "某超市", "某\xe8\xb6");

		CHECK(refused(b_, strlen(b_), 0, "proof is not UTF-8 text"));
		free(b_);
	}
	{
		size_t n = strlen(text);
		char *b_ = strdup(text);

		b_[n / 2] = '\0';
		CHECK(refused(b_, n, 0, "proof is not UTF-8 text"));
		free(b_);
	}
	/* A bad checkpoint after a good proof: its own message, and the
	 * line already read is freed. */
	{
		char *b_ = replaced(text, "\n\n" ORIGIN "\n7\n", "\n\n" ORIGIN
		    "\nseven\n");

		CHECK(refused(b_, strlen(b_), 0, "checkpoint has no tree size"));
		free(b_);
		b_ = replaced(text, "\n\n" ORIGIN "\n", "\n\n");
		CHECK(refused(b_, strlen(b_), 0, NULL));
		free(b_);
	}
#undef R
	/* A line that is not a journal line at all. */
	bad = replaced(text, "line {\"seq\":3,", "line [\"seq\",3,");
	CHECK(check_text(bad) == CT_NO);
	CHECK(strcmp(ct_errmsg(), "proof: the line is not entry 3") == 0);
	free(bad);
	bad = replaced(text, "line {\"seq\":3,", "line {\"seq\":33,");
	CHECK(check_text(bad) == CT_NO);
	free(bad);
	free(text);
}

int
main(void)
{
	build();
	test_checkpoint();
	test_round_trips();
	test_alterations();
	test_refusals();
	for (int i = 0; i < N; i++)
		free(lines[i]);
	UNIT_END();
}
