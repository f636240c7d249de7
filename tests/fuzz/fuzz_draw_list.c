/* fuzz_draw_list: the lists of random-draw (draw_list.c).  The input up
 * to its first 0xff byte (never in UTF-8) is a targets list, the rest an
 * inspectors list.  A list that parses has fields inside its text, valid
 * and unique as the manual says; two that parse are drawn whole, every
 * target with one inspector not recused from it, or the draw says it
 * cannot be made. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
copy(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);

	if (s == NULL)
		abort();
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Each field of a target lies in the text and is what the format says. */
static void
check_targets(const struct draw_lists *l, const char *text, size_t n)
{
	for (size_t i = 0; i < l->nt; i++) {
		const struct draw_target *t = &l->t[i];

		if (t->id < text || t->id >= text + n || t->name < text ||
		    t->name >= text + n || *t->id == '\0' || *t->name == '\0' ||
		    strlen(t->id) > DRAW_ID_MAX || t->cls < 0 ||
		    t->cls >= DRAW_CLASSES || strchr(t->id, '\t') != NULL)
			abort();
		for (size_t j = 0; j < i; j++)
			if (strcmp(l->t[j].id, t->id) == 0)
				abort();
	}
}

static void
check_draw(const struct draw_lists *l)
{
	struct draw_params p;
	struct draw_result r;
	int rc;

	if (ct_draw_params(&p, NULL, "100", 1) != CT_OK)
		abort();
	if ((rc = draw_run(l, "fuzz", &p, &r)) != CT_OK) {
		if (rc != CT_NO)
			abort();
		return;
	}
	if (r.npick != l->nt)
		abort();
	for (size_t k = 0; k < r.npick; k++)
		if (r.who[k] >= l->ni || draw_recused(l->t[r.pick[k]].recused,
		    l->insp[r.who[k]]))
			abort();
	draw_result_free(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *cut = memchr(data, 0xff, size);
	size_t nt = cut ? (size_t)(cut - data) : size;
	size_t ni = cut ? size - nt - 1 : 0;
	char *t = copy(data, nt), *i = copy(cut ? cut + 1 : data, ni);
	struct draw_lists l;
	int ok;

	memset(&l, 0, sizeof l);
	/* The parser keeps the text: l frees it. */
	ok = draw_targets_parse(&l, t, nt, "targets") == CT_OK;
	if (ok)
		check_targets(&l, t, nt);
	if (draw_inspectors_parse(&l, i, ni, "inspectors") == CT_OK && ok &&
	    l.nt <= 4096)
		check_draw(&l);
	ct_draw_lists_free(&l);
	return 0;
}
