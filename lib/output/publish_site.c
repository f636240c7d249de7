/* publish_site.c: publish-export --format html: the records published
 * now and every removal, with what checks each (the publish entry's
 * canonical line, its inclusion proof and the signed checkpoint), handed
 * to the site writer (site.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish.h"
#include "site.h"

struct site_build {
	const struct publish_set *s;
	struct site_page *pages;
	char **texts;           /* each page's line and proof */
	char note[4096];
};

static int
add_page(void *ctx, size_t i, const char *line, const char *proof,
    const char *note)
{
	struct site_build *b = ctx;
	const struct publish_record *r = &b->s->r[i];

	if ((b->texts[2 * i] = strdup(line)) == NULL ||
	    (b->texts[2 * i + 1] = strdup(proof)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	snprintf(b->note, sizeof b->note, "%s", note);
	b->pages[i] = (struct site_page){ r->case_id, r->doc_number,
	    r->party, r->party_code, r->facts, r->basis, r->penalty,
	    r->agency ? r->agency : "", r->decided, r->published, r->ends,
	    b->texts[2 * i], b->texts[2 * i + 1] };
	return CT_OK;
}

static int
site_from(struct ct_store *st, const struct publish_set *s, const char *dir,
    struct site_build *b, struct site_removal *gone,
    const struct site_link *links, size_t nlinks)
{
	char now[32];
	int rc;

	if ((rc = publish_checks(st, s, add_page, b)))
		return rc;
	for (size_t i = 0; i < s->ngone; i++) {
		const struct publish_removal *g = &s->gone[i];

		gone[i] = (struct site_removal){ g->case_id,
		    g->doc_number ? g->doc_number : "", g->reason, g->because,
		    g->day };
	}
	/* No page: the checkpoint of the journal as it is. */
	if (s->n == 0 && checkpoint_note(st, 1, b->note, sizeof b->note))
		return CT_SYSTEM;
	time_local(time_now(), now);
	return site_write_links(dir, st->conf.agency ? st->conf.agency : "",
	    b->note, b->pages, s->n, gone, s->ngone, now, links, nlinks);
}

int
publish_site(struct ct_store *st, const struct publish_set *s,
    const char *dir, const struct site_link *links, size_t nlinks)
{
	struct site_build b = { s, calloc(s->n + 1, sizeof *b.pages),
	    calloc(2 * s->n + 1, sizeof *b.texts), "" };
	struct site_removal *gone = calloc(s->ngone + 1, sizeof *gone);
	int rc;

	if (b.pages == NULL || gone == NULL || b.texts == NULL)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	else
		rc = site_from(st, s, dir, &b, gone, links, nlinks);
	for (size_t i = 0; b.texts != NULL && i < 2 * s->n; i++)
		free(b.texts[i]);
	free(b.texts);
	free(b.pages);
	free(gone);
	return rc;
}

int
publish_site_ready(const char *dir)
{
	return site_ready(dir);
}
