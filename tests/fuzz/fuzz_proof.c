/* fuzz_proof: proof_parse, then proof_check on what parses.  A parsed
 * proof, of either kind, must write and parse back to the same proof,
 * with the same verdict.  fuzz_consistency starts from consistency
 * proofs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casetrail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proof p, back;
	char *copy, *text = NULL;
	size_t n = 0;
	FILE *fp;
	int verdict;

	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if (proof_parse(&p, copy, size) != CT_OK) {
		free(copy);
		return 0;       /* nothing to free after a refusal */
	}
	verdict = proof_check(&p);
	if (verdict != CT_OK && verdict != CT_NO)
		abort();
	if ((fp = open_memstream(&text, &n)) == NULL)
		abort();
	if (proof_write(&p, fp) != CT_OK)
		abort();
	fclose(fp);
	if (proof_parse(&back, text, n) != CT_OK || back.kind != p.kind ||
	    (p.kind == PROOF_INCLUSION && (back.index != p.index ||
	    strcmp(back.line, p.line) != 0)) ||
	    (p.kind == PROOF_CONSISTENCY && (back.old.size != p.old.size ||
	    memcmp(back.old.root, p.old.root, CT_HASH) != 0 ||
	    strcmp(back.note, p.note) != 0)) ||
	    back.len != p.len ||
	    memcmp(back.path, p.path, (size_t)p.len * CT_HASH) != 0 ||
	    strcmp(back.head.origin, p.head.origin) != 0 ||
	    back.head.size != p.head.size ||
	    memcmp(back.head.root, p.head.root, CT_HASH) != 0 ||
	    proof_check(&back) != verdict)
		abort();
	proof_free(&back);
	proof_free(&p);
	free(text);
	free(copy);
	return 0;
}
