/* draw.c: the draw, a pure function of the lists' hashes, the seed and
 * the parameters (random-draw(1), ALGORITHM, says it in words for anyone
 * to re-implement; tests/random-draw.bats has a re-implementation in the
 * shell).  Its randomness is SHA-256 in counter mode, never libc's rand:
 * a number below n is taken from it by rejection, so that no target is
 * likelier than another, and the targets of a class, then the inspectors
 * of each target, are drawn by a partial Fisher-Yates shuffle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "draw.h"
#include "internal.h"

/* The tag that begins every block's input: a new algorithm gets a new
 * tag, so that no draw is ever read by the wrong one. */
static const char stream_tag[] = "casetrail-draw-v1";

struct draw_stream {
	EVP_MD_CTX *base;       /* the prefix hashed, copied per block */
	EVP_MD_CTX *work;
	uint64_t counter;       /* the next block's */
	unsigned char block[CT_HASH];
	int used;               /* words of block used: 8 is none left */
};

int
draw_stream_open(struct draw_stream **out, const char *seed,
    const char *targets_sha256, const char *inspectors_sha256,
    const char *params)
{
	const char *part[5] = { stream_tag, seed, targets_sha256,
	    inspectors_sha256, params };
	struct draw_stream *s = calloc(1, sizeof *s);

	if (s == NULL || (s->base = EVP_MD_CTX_new()) == NULL ||
	    (s->work = EVP_MD_CTX_new()) == NULL ||
	    !EVP_DigestInit_ex(s->base, EVP_sha256(), NULL)) {
		draw_stream_close(s);
		return ct_fail(CT_SYSTEM, "cannot start SHA-256");
	}
	/* Each part and the NUL after it: none can hold a NUL. */
	for (int i = 0; i < 5; i++)
		EVP_DigestUpdate(s->base, part[i], strlen(part[i]) + 1);
	s->used = 8;
	*out = s;
	return CT_OK;
}

/* The next word: 4 bytes of the current block, big-endian; a block is
 * SHA-256(prefix || counter as 8 bytes, big-endian). */
static uint32_t
next_word(struct draw_stream *s)
{
	const unsigned char *b;

	if (s->used == 8) {
		unsigned char ctr[8];

		for (int i = 0; i < 8; i++)
			ctr[i] = (unsigned char)(s->counter >> (56 - 8 * i));
		s->counter++;
		EVP_MD_CTX_copy_ex(s->work, s->base);
		EVP_DigestUpdate(s->work, ctr, sizeof ctr);
		EVP_DigestFinal_ex(s->work, s->block, NULL);
		s->used = 0;
	}
	b = s->block + 4 * s->used++;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

uint32_t
draw_stream_below(struct draw_stream *s, uint32_t n)
{
	/* The words from limit up would make the low numbers likelier: they
	 * are passed over.  limit is the largest multiple of n <= 2^32. */
	uint64_t limit = (UINT64_C(1) << 32) - (UINT64_C(1) << 32) % n;
	uint32_t w;

	while ((w = next_word(s)) >= limit)
		;
	return w % n;
}

void
draw_stream_close(struct draw_stream *s)
{
	if (s == NULL)
		return;
	EVP_MD_CTX_free(s->base);
	EVP_MD_CTX_free(s->work);
	free(s);
}

/* A number of 0 to max, all digits. */
static int
number(const char *s, long max, long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return 0;
	*v = strtol(s, &end, 10);
	return *end == '\0' && *v <= max;
}

/* --ratio A=5,B=3,...: each class once. */
static int
ratio_classes(struct draw_params *p, const char *ratio)
{
	char buf[64];

	if (strlen(ratio) >= sizeof buf)
		return 0;
	snprintf(buf, sizeof buf, "%s", ratio);
	for (char *save = NULL, *f = strtok_r(buf, ",", &save); f != NULL;
	    f = strtok_r(NULL, ",", &save)) {
		long v;
		int c = f[0] - 'A';

		if (c < 0 || c >= DRAW_CLASSES || f[1] != '=' ||
		    p->ratio[c] >= 0 || !number(f + 2, 100, &v))
			return 0;
		p->ratio[c] = (int)v;
	}
	return 1;
}

int
ct_draw_params(struct draw_params *p, const char *count, const char *ratio,
    int per_target)
{
	size_t len = 0;
	long v;

	memset(p, 0, sizeof *p);
	for (int c = 0; c < DRAW_CLASSES; c++)
		p->ratio[c] = -1;
	p->count = -1;
	if (per_target < 1 || per_target > DRAW_PER_TARGET_MAX)
		return ct_fail(CT_USAGE, "--per-target is 1 to %d",
		    DRAW_PER_TARGET_MAX);
	p->per_target = per_target;
	if ((count == NULL) == (ratio == NULL))
		return ct_fail(CT_USAGE, "one of -n COUNT and --ratio is needed");
	buf_put(p->text, sizeof p->text, &len, "per_target=%d;", per_target);
	if (count != NULL) {
		if (!number(count, 10000000, &v) || v == 0)
			return ct_fail(CT_USAGE, "-n is a count of 1 to 10000000, "
			    "not '%s'", count);
		p->count = v;
		buf_put(p->text, sizeof p->text, &len, "count=%ld", v);
		return CT_OK;
	}
	if (number(ratio, 100, &v)) {
		p->ratio_all = 1;
		for (int c = 0; c < DRAW_CLASSES; c++)
			p->ratio[c] = (int)v;
		buf_put(p->text, sizeof p->text, &len, "ratio=%ld", v);
		return CT_OK;
	}
	if (!ratio_classes(p, ratio))
		return ct_fail(CT_USAGE, "--ratio is a percentage, or one per "
		    "class as A=5,B=3,C=2,D=1, not '%s'", ratio);
	buf_put(p->text, sizeof p->text, &len, "ratio=");
	for (int c = 0, n = 0; c < DRAW_CLASSES; c++)
		if (p->ratio[c] >= 0)
			buf_put(p->text, sizeof p->text, &len, "%s%c=%d",
			    n++ ? "," : "", 'A' + c, p->ratio[c]);
	return CT_OK;
}

int
draw_params_parse(struct draw_params *p, const char *text)
{
	char count[32], ratio[64];
	int per, n = 0, rc;

	count[0] = ratio[0] = '\0';
	if (sscanf(text, "per_target=%d;count=%31[0-9]%n", &per, count, &n) != 2 &&
	    sscanf(text, "per_target=%d;ratio=%63[A-D0-9=,]%n", &per, ratio,
	    &n) != 2)
		return ct_fail(CT_USAGE, "parameters '%s' are not a draw's", text);
	if ((rc = ct_draw_params(p, count[0] ? count : NULL, ratio[0] ? ratio :
	    NULL, per)))
		return rc;
	if (text[n] != '\0' || strcmp(p->text, text) != 0)
		return ct_fail(CT_USAGE, "parameters '%s' are not a draw's", text);
	return CT_OK;
}

long
draw_quota(const struct draw_params *p, int cls, long size)
{
	if (size == 0)
		return 0;
	if (p->count >= 0)
		return p->count;
	if (p->ratio[cls] < 0)
		return 0;
	/* Rounded up: a class drawn from at all gives at least one. */
	return (size * p->ratio[cls] + 99) / 100;
}

/* The targets of each class, drawn in turn: class A's, then B's, ... */
static int
draw_targets(const struct draw_lists *l, const struct draw_params *p,
    struct draw_stream *s, struct draw_result *r)
{
	size_t *a = malloc((l->nt ? l->nt : 1) * sizeof *a);

	if (a == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	for (int c = 0; c < DRAW_CLASSES; c++) {
		size_t m = 0;
		long q;

		for (size_t i = 0; i < l->nt; i++)
			if (l->t[i].cls == c)
				a[m++] = i;
		r->class_size[c] = (long)m;
		if ((q = draw_quota(p, c, (long)m)) > (long)m) {
			free(a);
			if (!l->classed)
				return ct_fail(CT_NO, "cannot draw %ld of the "
				    "list's %zu targets", q, m);
			return ct_fail(CT_NO, "cannot draw %ld of class %c: it "
			    "has %zu target%s", q, 'A' + c, m, m == 1 ? "" : "s");
		}
		for (size_t i = 0; i < (size_t)q; i++) {
			size_t j = i + draw_stream_below(s, (uint32_t)(m - i)), k;

			k = a[i];
			a[i] = a[j];
			a[j] = k;
			r->pick[r->npick++] = a[i];
		}
	}
	free(a);
	return CT_OK;
}

/* The inspectors of each target drawn, in the order drawn: per_target of
 * those not recused, in the list's order, shuffled as the targets are. */
static int
draw_inspectors(const struct draw_lists *l, struct draw_stream *s,
    struct draw_result *r)
{
	size_t *e = malloc(l->ni * sizeof *e), n = (size_t)r->per_target;

	if (e == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	for (size_t k = 0; k < r->npick; k++) {
		const struct draw_target *t = &l->t[r->pick[k]];
		size_t m = 0;

		for (size_t i = 0; i < l->ni; i++)
			if (*t->recused == '\0' || !draw_recused(t->recused,
			    l->insp[i]))
				e[m++] = i;
		if (m < n) {
			free(e);
			return ct_fail(CT_NO, "target '%s' (line %ld) has %zu "
			    "inspector%s not recused from it: %zu needed", t->id,
			    t->line, m, m == 1 ? "" : "s", n);
		}
		for (size_t i = 0; i < n; i++) {
			size_t j = i + draw_stream_below(s, (uint32_t)(m - i)), x;

			x = e[i];
			e[i] = e[j];
			e[j] = x;
			r->who[k * n + i] = e[i];
		}
	}
	free(e);
	return CT_OK;
}

int
draw_run(const struct draw_lists *l, const char *seed,
    const struct draw_params *p, struct draw_result *r)
{
	struct draw_stream *s;
	size_t most = 0;
	int rc;

	memset(r, 0, sizeof *r);
	r->per_target = p->per_target;
	for (int c = 0; c < DRAW_CLASSES; c++) {
		long m = 0;

		for (size_t i = 0; i < l->nt; i++)
			m += l->t[i].cls == c;
		most += (size_t)(draw_quota(p, c, m) < m ? draw_quota(p, c, m) :
		    m);
	}
	if ((r->pick = malloc((most ? most : 1) * sizeof *r->pick)) == NULL ||
	    (r->who = malloc((most ? most : 1) * (size_t)p->per_target *
	    sizeof *r->who)) == NULL) {
		draw_result_free(r);
		return ct_fail(CT_SYSTEM, "out of memory");
	}
	if ((rc = draw_stream_open(&s, seed, l->targets_sha256,
	    l->inspectors_sha256, p->text))) {
		draw_result_free(r);
		return rc;
	}
	if ((rc = draw_targets(l, p, s, r)) == CT_OK)
		rc = draw_inspectors(l, s, r);
	draw_stream_close(s);
	if (rc != CT_OK)
		draw_result_free(r);
	return rc;
}

void
draw_result_free(struct draw_result *r)
{
	free(r->pick);
	free(r->who);
	r->pick = r->who = NULL;
	r->npick = 0;
}
