/* draw_rules.c: the rules of a draw, as pure functions of the task's
 * state (draw.h), which the writer (draw_record.c) reads from the store
 * and store-verify's replay (lib/verify/verify_draw.c) rebuilds from the
 * journal: a draw is made with the seed committed before it, of the
 * lists committed if any were, and made again only with a reason, shown
 * in the publication (random-draw(1), COMMITMENT). */
#include <string.h>

#include <openssl/evp.h>

#include "draw.h"
#include "internal.h"

void
draw_sha256(const char *text, size_t n, char hex[65])
{
	unsigned char md[CT_HASH];

	EVP_Digest(text, n, md, NULL, EVP_sha256(), NULL);
	hex_encode(md, sizeof md, hex);
}

static int
text_check(const char *what, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || !utf8_valid(s, n))
		return ct_fail(CT_USAGE, "the %s is 1 to %zu bytes of UTF-8",
		    what, max);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return ct_fail(CT_USAGE, "the %s has a control character",
			    what);
	return CT_OK;
}

int
draw_task_check(const char *task)
{
	return text_check("task's name", task, DRAW_TASK_MAX);
}

int
draw_seed_check(const char *seed)
{
	return text_check("seed", seed, DRAW_SEED_MAX);
}

int
draw_text_check(const char *what, const char *s)
{
	return text_check(what, s, 1024);
}

int
rule_draw(const char *task, const struct draw_task_state *t,
    const char *seed_sha256, const char *targets_sha256,
    const char *inspectors_sha256, const char *redraw_reason)
{
	int redraw = redraw_reason != NULL && *redraw_reason != '\0';

	if (t->commit_seq == 0)
		return ct_fail(CT_REFUSED, "task '%s' has no commitment: "
		    "random-draw --commit --task first, before the draw", task);
	if (!t->public_value && strcmp(seed_sha256, t->seed_sha256) != 0)
		return ct_fail(CT_REFUSED, "the seed is not the one committed "
		    "for task '%s' in entry %lld", task, (long long)t->commit_seq);
	if (t->targets_sha256[0] != '\0' &&
	    strcmp(targets_sha256, t->targets_sha256) != 0)
		return ct_fail(CT_REFUSED, "the targets list is not the one "
		    "committed for task '%s' in entry %lld (SHA-256 %.16s...)",
		    task, (long long)t->commit_seq, t->targets_sha256);
	if (t->inspectors_sha256[0] != '\0' &&
	    strcmp(inspectors_sha256, t->inspectors_sha256) != 0)
		return ct_fail(CT_REFUSED, "the inspectors list is not the one "
		    "committed for task '%s' in entry %lld (SHA-256 %.16s...)",
		    task, (long long)t->commit_seq, t->inspectors_sha256);
	if (t->drawn_seq != 0 && !redraw)
		return ct_fail(CT_REFUSED, "task '%s' was drawn in entry %lld: "
		    "a second draw needs --redraw and its --reason", task,
		    (long long)t->drawn_seq);
	if (t->drawn_seq == 0 && redraw)
		return ct_fail(CT_REFUSED, "task '%s' has not been drawn: there "
		    "is nothing to draw again", task);
	return CT_OK;
}
