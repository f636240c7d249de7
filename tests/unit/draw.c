/* draw.c: lib/domain/draw.c, the draw of random-draw(1).  Uniformity:
 * over 20,000 draws of 1 target from 10 (seeds "u0" to "u19999"), each
 * target is drawn within 5% of the mean.  The conflict rule over 1,000
 * random lists: no inspector is drawn for a target he is recused from,
 * a target's inspectors are distinct, and each class gives its quota.
 * And the same inputs give the same draw. */
#include <stdarg.h>
#include <string.h>

#include "draw.h"
#include "internal.h"
#include "unit.h"

/* Lists from two texts, as ct_draw_lists_read makes them. */
static int
lists(struct draw_lists *l, const char *targets, const char *inspectors)
{
	char *t = strdup(targets), *i = strdup(inspectors);
	int rc;

	memset(l, 0, sizeof *l);
	if ((rc = draw_targets_parse(l, t, strlen(t), "targets")) != CT_OK) {
		free(i);
		return rc;
	}
	return draw_inspectors_parse(l, i, strlen(i), "inspectors");
}

static void
uniformity(void)
{
	static const char targets[] = "t0\t甲\nt1\t乙\nt2\t丙\nt3\t丁\nt4\t戊\n"
	    "t5\t己\nt6\t庚\nt7\t辛\nt8\t壬\nt9\t癸\n";
	struct draw_lists l;
	struct draw_params p;
	long count[10] = { 0 };
	char seed[16];

	CHECK(lists(&l, targets, "a.b\n") == CT_OK);
	CHECK(ct_draw_params(&p, "1", NULL, 1) == CT_OK);
	for (int i = 0; i < 20000; i++) {
		struct draw_result r;

		snprintf(seed, sizeof seed, "u%d", i);
		if (draw_run(&l, seed, &p, &r) != CT_OK || r.npick != 1) {
			CHECK(!"draw 1 of 10");
			return;
		}
		count[r.pick[0]]++;
		draw_result_free(&r);
	}
	for (int i = 0; i < 10; i++) {
		if (count[i] < 1900 || count[i] > 2100)
			fprintf(stderr, "target t%d drawn %ld times of 20000\n", i,
			    count[i]);
		CHECK(count[i] >= 1900 && count[i] <= 2100);
	}
	ct_draw_lists_free(&l);
}

static uint64_t rng = 88172645463325252u;

/* The test's own choices (xorshift), not the draw's. */
static unsigned
pick(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* A random targets list: up to 40 targets of classes A to D, each with
 * up to 4 of the inspectors o0 .. o(ni-1) recused. */
static void
random_targets(char *buf, size_t cap, unsigned ni)
{
	size_t len = 0;
	unsigned nt = 1 + pick(40);

	buf[0] = '\0';
	for (unsigned i = 0; i < nt; i++) {
		unsigned nr = pick(5);

		buf_put(buf, cap, &len, "企业%u\t某某公司%u\t%c\t", i, i,
		    'A' + pick(4));
		for (unsigned k = 0; k < nr; k++)
			buf_put(buf, cap, &len, "%so%u", k ? "," : "", pick(ni));
		buf_put(buf, cap, &len, "\n");
	}
}

/* Checks result r of l: the conflict rule and the quotas. */
static void
check_draw(const struct draw_lists *l, const struct draw_params *p,
    const struct draw_result *r)
{
	long drawn[DRAW_CLASSES] = { 0 };
	int n = r->per_target;

	for (size_t k = 0; k < r->npick; k++) {
		const struct draw_target *t = &l->t[r->pick[k]];

		drawn[t->cls]++;
		for (int i = 0; i < n; i++) {
			const char *who = l->insp[r->who[k * (size_t)n + (size_t)i]];

			CHECK(!draw_recused(t->recused, who));
			for (int j = 0; j < i; j++)
				CHECK(r->who[k * (size_t)n + (size_t)j] !=
				    r->who[k * (size_t)n + (size_t)i]);
		}
	}
	for (int c = 0; c < DRAW_CLASSES; c++)
		CHECK(drawn[c] == draw_quota(p, c, r->class_size[c]));
}

static void
conflicts(void)
{
	static char targets[40 * 64], inspectors[16 * 8];
	int made = 0, impossible = 0;

	for (int round = 0; round < 1000; round++) {
		unsigned ni = 2 + pick(8);
		size_t len = 0;
		struct draw_lists l;
		struct draw_params p;
		struct draw_result r;
		char seed[16];
		int rc;

		for (unsigned i = 0; i < ni; i++)
			buf_put(inspectors, sizeof inspectors, &len, "o%u\n", i);
		random_targets(targets, sizeof targets, ni);
		CHECK(lists(&l, targets, inspectors) == CT_OK);
		CHECK(ct_draw_params(&p, NULL, round & 1 ? "50" : "A=30,C=100",
		    1 + (int)pick(3)) == CT_OK);
		snprintf(seed, sizeof seed, "c%d", round);
		if ((rc = draw_run(&l, seed, &p, &r)) == CT_OK) {
			check_draw(&l, &p, &r);
			made++;
			draw_result_free(&r);
		} else {
			CHECK(rc == CT_NO);
			CHECK(strstr(ct_errmsg(), "not recused") != NULL);
			impossible++;
		}
		ct_draw_lists_free(&l);
	}
	/* Most rounds can be drawn, and some cannot. */
	CHECK(made > 500);
	CHECK(impossible > 0);
}

static void
same_inputs(void)
{
	struct draw_lists l;
	struct draw_params p;
	struct draw_result a, b;

	CHECK(lists(&l, "x1\t甲\tA\nx2\t乙\tB\nx3\t丙\tA\tli.ming\n",
	    "li.ming\nwang.fang\nzhao.lei\n") == CT_OK);
	CHECK(ct_draw_params(&p, "1", NULL, 2) == CT_OK);
	CHECK(draw_run(&l, "种子", &p, &a) == CT_OK);
	CHECK(draw_run(&l, "种子", &p, &b) == CT_OK);
	CHECK(a.npick == 2 && b.npick == 2);
	CHECK(memcmp(a.pick, b.pick, 2 * sizeof *a.pick) == 0);
	CHECK(memcmp(a.who, b.who, 4 * sizeof *a.who) == 0);
	draw_result_free(&a);
	draw_result_free(&b);
	ct_draw_lists_free(&l);
	CHECK(strcmp(p.text, "per_target=2;count=1") == 0);
	CHECK(ct_draw_params(&p, NULL, "D=1,A=5", 2) == CT_OK);
	CHECK(strcmp(p.text, "per_target=2;ratio=A=5,D=1") == 0);
	CHECK(draw_params_parse(&p, "per_target=2;ratio=A=5,D=1") == CT_OK);
	CHECK(draw_params_parse(&p, "per_target=2;ratio=D=1,A=5") == CT_USAGE);
	CHECK(ct_draw_params(&p, NULL, "A=5,A=3", 2) == CT_USAGE);
	CHECK(ct_draw_params(&p, NULL, "101", 2) == CT_USAGE);
}

int
main(void)
{
	same_inputs();
	uniformity();
	conflicts();
	UNIT_END();
}
