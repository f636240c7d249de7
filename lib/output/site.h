/*
 * site.h: the published decisions as a static web site (publish-export
 * --format html): index.html with search and filter that need no server,
 * one page per decision with what checks it, feed.atom and
 * checkpoint.txt.  The first half is what a program calls; the second is
 * what lib/output/site*.c share.
 */
#ifndef CASETRAIL_SITE_H
#define CASETRAIL_SITE_H

#include <stddef.h>

#include "casetrail.h"

/* One published decision, as published: every text already redacted.
 * NULL is allowed for party_code and ends only. */
struct site_page {
	const char *case_id, *doc_number, *party,
	    *party_code,        /* an organisation's USCC, or NULL */
	    *facts, *basis,
	    *penalty,           /* types and amounts as text: "罚款 50000.00 元" */
	    *agency,
	    *decided,           /* YYYY-MM-DD */
	    *published,         /* YYYY-MM-DD */
	    *ends;              /* YYYY-MM-DD, or NULL */
	const char *entry_line; /* the canonical line of the publish entry */
	const char *proof;      /* its inclusion proof, as store-verify --proof */
};

/* A publication taken down, listed on the index with its reason. */
struct site_removal {
	const char *case_id, *doc_number, *reason,
	    *because,           /* changed, revoked, unlawful, void */
	    *date;              /* YYYY-MM-DD */
};

/* Writes the site into dir, made if missing: index.html, d/NAME.html for
 * each page (NAME from the case ID by site_file_name), feed.atom (the
 * newest SITE_FEED_MAX publications) and checkpoint.txt (checkpoint as
 * given).  Each file is written whole under a temporary name and renamed
 * into place, so a reader never sees half of one; a file whose bytes are
 * already those is left alone.  The pages go first and the index last,
 * and then the pages of d/ that no decision given has are removed, so the
 * directory is exactly the site.  The same arguments give the same bytes
 * (now is the only time used, RFC 3339).  One writer at a time.
 * Returns CT_OK; CT_USAGE for an argument that cannot be published (dir
 * exists and is not a directory, a case given twice, a date or now not
 * in its form), naming it; CT_SYSTEM for I/O. */
int site_write(const char *dir, const char *agency, const char *checkpoint,
    const struct site_page *pages, size_t npages,
    const struct site_removal *gone, size_t ngone, const char *now);

/* A page of the site besides the decisions' (the lists of publish-export
 * --what officers, powers, inspections), linked from the index. */
struct site_link {
	const char *file, *title;
};
/* site_write, the index linking each of links too (site_write: none). */
int site_write_links(const char *dir, const char *agency,
    const char *checkpoint, const struct site_page *pages, size_t npages,
    const struct site_removal *gone, size_t ngone, const char *now,
    const struct site_link *links, size_t nlinks);

/* The directory a site goes to made if missing, and found a directory
 * that can be written into, before anything that depends on the site
 * being written is done.  CT_USAGE if dir exists and is not a directory;
 * CT_SYSTEM otherwise. */
int site_ready(const char *dir);

#define SITE_FEED_MAX 100

/* What lib/output/site*.c share. */

/* A page being built.  After a failed allocation oom is set, further
 * appends do nothing, and ct_fail has said so. */
struct site_buf {
	char *p;
	size_t len, cap;
	int oom;
};

/* site_text.c: appends, escaped where the name says so.  Text that is not
 * valid UTF-8, and characters neither HTML nor XML 1.0 may hold (the C0
 * controls but TAB, LF and CR, DEL and the C1 controls, U+FFFE, U+FFFF),
 * are written as U+FFFD.  s NULL appends nothing. */
void site_raw(struct site_buf *b, const char *s);
void site_rawn(struct site_buf *b, const char *s, size_t n);
/* For HTML and XML alike, in text and in quoted attributes: & < > " '. */
void site_esc(struct site_buf *b, const char *s);
/* A JSON string, quotes included, that is safe inside <script>: no < > &
 * (so no "</script>" and no "<!--"), no U+2028 or U+2029. */
void site_json(struct site_buf *b, const char *s);
/* The file name of a case's page, without ".html", into name (cap bytes):
 * the bytes A-Z a-z 0-9 and '-' as they are, any other as '_' and two
 * upper-case hex digits, so that two case IDs never share a name.
 * Returns 0, or -1 if the ID is empty or the name does not fit. */
int site_file_name(const char *case_id, char *name, size_t cap);
/* The Chinese words of the penalty types (casetrail(7)), in the order of
 * the index's filter, NULL-terminated. */
extern const char *const site_penalty_words[];
/* The Chinese of a withdrawal's because (变更, 撤销, 确认违法, 确认无效),
 * or because itself when it is none of the four. */
const char *site_because(const char *because);

/* site_page.c: the start of every page, titled title and more (NULL: no
 * more), escaped here, with root the way up to the site's top ("" or
 * "../"); its end; one decision's page. */
void site_head(struct site_buf *b, const char *title, const char *more,
    const char *root);
void site_foot(struct site_buf *b);
void site_page_html(struct site_buf *b, const char *agency,
    const char *checkpoint, const struct site_page *p);
/* The section of a page that says how to check it: the publishing
 * entry's canonical line, its inclusion proof and the checkpoint, with
 * root the way up to checkpoint.txt. */
void site_verify_html(struct site_buf *b, const char *root,
    const char *entry_line, const char *proof, const char *checkpoint);
/* b written into dir/name whole (under a temporary name, renamed),
 * unless the file holds those bytes already. */
int site_put(const char *dir, const char *name, const struct site_buf *b);

/* site_index.c: index.html, the pages in order (order[i] indexes pages,
 * names[order[i]] is the page's file name). */
void site_index_html(struct site_buf *b, const char *agency,
    const char *checkpoint, const struct site_page *pages,
    const size_t *order, size_t npages, char *const *names,
    const struct site_removal *gone, size_t ngone, const char *now,
    const struct site_link *links, size_t nlinks);

/* site_feed.c: feed.atom of the first SITE_FEED_MAX pages in order.
 * Returns CT_OK, or CT_SYSTEM if the identifiers cannot be hashed. */
int site_feed_atom(struct site_buf *b, const char *agency,
    const struct site_page *pages, const size_t *order, size_t npages,
    char *const *names, const char *now);

#endif
