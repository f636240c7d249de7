/* publish_proof.c: what checks a published record (publish.h): its
 * publish entry's inclusion proof, as store-verify --proof writes it
 * (its line among it), against the latest signed checkpoint, which goes
 * with it (casetrail(7), Publication). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish.h"

/* The inclusion proof of entry seq in the tree of size, as text, and
 * the entry's line. */
static int
proof_text(struct ct_store *st, int64_t seq, uint64_t size, char **text,
    char **line)
{
	struct proof p;
	size_t n;
	FILE *fp;
	int rc;

	*text = *line = NULL;
	if ((rc = proof_make(st, seq, size, &p)))
		return rc;
	if ((*line = strdup(p.line)) == NULL ||
	    (fp = open_memstream(text, &n)) == NULL) {
		proof_free(&p);
		return ct_fail(CT_SYSTEM, "out of memory");
	}
	rc = proof_write(&p, fp);
	if (fclose(fp) != 0 && rc == CT_OK)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	proof_free(&p);
	return rc;
}

int
publish_entry_check(struct ct_store *st, int64_t seq, char **line,
    char **proof)
{
	return proof_text(st, seq, 0, proof, line);
}

static int
each_check(struct ct_store *st, const struct publish_set *s,
    publish_check_fn *fn, void *ctx)
{
	struct checkpoint c;
	char note[4096];
	int rc = CT_OK;

	if ((rc = checkpoint_note(st, 1, note, sizeof note)) ||
	    (rc = checkpoint_parse(&c, note, strlen(note))))
		return rc;
	for (size_t i = 0; i < s->n && rc == CT_OK; i++) {
		char *proof, *line;

		if ((rc = proof_text(st, s->r[i].entry, c.size, &proof,
		    &line)) == CT_OK)
			rc = fn(ctx, i, line, proof, note);
		free(proof);
		free(line);
	}
	return rc;
}

int
publish_checks(struct ct_store *st, const struct publish_set *s,
    publish_check_fn *fn, void *ctx)
{
	int rc;

	/* A dry run's records are on no entry yet. */
	if (s->n == 0 || s->r[0].entry == 0) {
		rc = CT_OK;
		for (size_t i = 0; i < s->n && rc == CT_OK; i++)
			rc = fn(ctx, i, NULL, NULL, NULL);
		return rc;
	}
	/* One read: every proof against the same checkpoint, and no lock
	 * taken and let go for each of their statements. */
	if ((rc = store_exec(st, "BEGIN", "cannot read the journal")))
		return rc;
	rc = each_check(st, s, fn, ctx);
	store_exec(st, rc ? "ROLLBACK" : "COMMIT", "cannot read the journal");
	return rc;
}
