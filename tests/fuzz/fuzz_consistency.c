/* fuzz_consistency: the consistency proof reader (proof_parse on a
 * "casetrail-consistency 1" text), then proof_check on what parses.  A
 * parsed proof must write and parse back to the same proof, note and
 * all, with the same verdict; its older tree is never larger than its
 * newer, and both have one origin.  Inputs that are not consistency
 * proofs are fuzz_proof's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casetrail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
same(const struct proof *a, const struct proof *b)
{
	if (b->kind != PROOF_CONSISTENCY || b->old.size != a->old.size ||
	    memcmp(b->old.root, a->old.root, CT_HASH) != 0 ||
	    strcmp(b->old.origin, a->old.origin) != 0 ||
	    b->head.size != a->head.size ||
	    memcmp(b->head.root, a->head.root, CT_HASH) != 0 ||
	    strcmp(b->head.origin, a->head.origin) != 0 ||
	    strcmp(b->note, a->note) != 0 || b->len != a->len ||
	    memcmp(b->path, a->path, (size_t)a->len * CT_HASH) != 0 ||
	    b->line != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "casetrail-consistency 1\n";
	struct proof p, back;
	char *copy, *text = NULL;
	size_t n = 0;
	FILE *fp;
	int verdict;

	/* Every input is read as a consistency proof: the fuzzer need not
	 * find the first line. */
	if ((copy = malloc(sizeof head - 1 + size)) == NULL)
		return 0;
	memcpy(copy, head, sizeof head - 1);
	memcpy(copy + sizeof head - 1, data, size);
	if (proof_parse(&p, copy, sizeof head - 1 + size) != CT_OK) {
		free(copy);
		return 0;       /* nothing to free after a refusal */
	}
	if (p.kind != PROOF_CONSISTENCY || p.old.size == 0 ||
	    p.old.size > p.head.size || p.note == NULL)
		abort();
	verdict = proof_check(&p);
	if (verdict != CT_OK && verdict != CT_NO)
		abort();
	if ((fp = open_memstream(&text, &n)) == NULL)
		abort();
	if (proof_write(&p, fp) != CT_OK)
		abort();
	fclose(fp);
	if (n != sizeof head - 1 + size || memcmp(text, copy, n) != 0)
		abort();        /* the text was the only way to write it */
	if (proof_parse(&back, text, n) != CT_OK)
		abort();
	same(&p, &back);
	if (proof_check(&back) != verdict)
		abort();
	proof_free(&back);
	proof_free(&p);
	free(text);
	free(copy);
	return 0;
}
