/* publish_site.c: publish-export --format html: the records published
 * now and every removal, with what checks each (the publish entry's
 * canonical line, its inclusion proof and the signed checkpoint), handed
 * to the site writer (site.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish.h"
#include "site.h"

int
publish_entry_check(struct ct_store *st, int64_t seq, char **line,
    char **proof)
{
	struct proof p;
	size_t n;
	FILE *fp;
	int rc;

	*line = *proof = NULL;
	if ((rc = proof_make(st, seq, 0, &p)))
		return rc;
	if ((*line = strdup(p.line)) == NULL ||
	    (fp = open_memstream(proof, &n)) == NULL) {
		proof_free(&p);
		return ct_fail(CT_SYSTEM, "out of memory");
	}
	rc = proof_write(&p, fp);
	if (fclose(fp) != 0 && rc == CT_OK)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	proof_free(&p);
	return rc;
}

static int
site_from(struct ct_store *st, const struct publish_set *s, const char *dir,
    struct site_page *pages, char **texts, struct site_removal *gone,
    const struct site_link *links, size_t nlinks)
{
	char note[4096], now[32];

	for (size_t i = 0; i < s->n; i++) {
		const struct publish_record *r = &s->r[i];
		int rc = publish_entry_check(st, r->entry, &texts[2 * i],
		    &texts[2 * i + 1]);

		if (rc)
			return rc;
		pages[i] = (struct site_page){ r->case_id, r->doc_number,
		    r->party, r->party_code, r->facts, r->basis, r->penalty,
		    r->agency ? r->agency : "", r->decided, r->published,
		    r->ends, texts[2 * i], texts[2 * i + 1] };
	}
	for (size_t i = 0; i < s->ngone; i++) {
		const struct publish_removal *g = &s->gone[i];

		gone[i] = (struct site_removal){ g->case_id,
		    g->doc_number ? g->doc_number : "", g->reason, g->because,
		    g->day };
	}
	if (checkpoint_note(st, 1, note, sizeof note))
		return CT_SYSTEM;
	time_local(time_now(), now);
	return site_write_links(dir, st->conf.agency ? st->conf.agency : "",
	    note, pages, s->n, gone, s->ngone, now, links, nlinks);
}

int
publish_site(struct ct_store *st, const struct publish_set *s,
    const char *dir, const struct site_link *links, size_t nlinks)
{
	struct site_page *pages = calloc(s->n + 1, sizeof *pages);
	struct site_removal *gone = calloc(s->ngone + 1, sizeof *gone);
	char **texts = calloc(2 * s->n + 1, sizeof *texts);
	int rc;

	if (pages == NULL || gone == NULL || texts == NULL)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	else
		rc = site_from(st, s, dir, pages, texts, gone, links,
		    nlinks);
	for (size_t i = 0; texts != NULL && i < 2 * s->n; i++)
		free(texts[i]);
	free(texts);
	free(pages);
	free(gone);
	return rc;
}

int
publish_site_ready(const char *dir)
{
	return site_ready(dir);
}
