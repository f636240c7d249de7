/* publish.h: publicity (publish-export(1), publish-withdraw(1)): the
 * records of decided cases as the public sees them, redacted, and the
 * publish and withdraw entries that put them on the record.  A publish
 * entry holds exactly the records it published (casetrail-formats(5),
 * PUBLICATION RECORDS), so that a re-run exports only what is new, and
 * anyone can check a published record against the signed journal. */
#ifndef CASETRAIL_PUBLISH_H
#define CASETRAIL_PUBLISH_H

#include "internal.h"

/* One published decision, every text in it already redacted. */
struct publish_record {
	char *case_id, *doc_number, *party, *party_code, *facts, *basis,
	    *penalty, *agency, *decided, *published, *ends;
	int64_t entry;          /* the publish entry that holds it; 0 in a
				 * dry run */
};

/* A publication taken down: withdrawn (because: changed, revoked,
 * unlawful, void) or past its last day (because: ended). */
struct publish_removal {
	char *case_id, *doc_number, *because, *reason, *day;
};

struct publish_set {
	struct publish_record *r;
	size_t n, cap;
	struct publish_removal *gone;
	size_t ngone, gone_cap;
	int held_back;          /* minors' decisions not exported */
	int64_t entry;          /* the publish entry recorded, or 0 */
	char today[11];         /* local date of the export */
};

struct publish_opts {
	int all;                /* what is published now, not what is new */
	int dry_run;            /* record nothing */
	const char *const *also;        /* --redact-also names */
	size_t nalso;
};

/* The decisions to publish (decided cases not yet published, minors
 * held back) or, with o->all, those published now; unless o->dry_run or
 * o->all, records them and the removals since the last export in one
 * publish entry, in one transaction signed by the actor.  Only a
 * publisher: CT_REFUSED otherwise.  publish_set_free s either way. */
int ct_publish_decisions(struct ct_store *st, const struct publish_opts *o,
    struct publish_set *s);
void publish_set_free(struct publish_set *s);

/* publish_records.c: the new records (redacted) and the removals since
 * the last export into s, for ct_publish_decisions; or, with all, the
 * records published now, as their entries hold them. */
int publish_collect(struct ct_store *st, const struct publish_opts *o,
    struct publish_set *s);
/* The last day a decision published on day stays published: months
 * later (publish.keep*), the day of the month kept where the month has
 * it.  YYYY-MM-DD into buf (>= 11 bytes). */
void publish_ends(const char *day, int months, char *buf);

/* publish_withdraw.c: the withdrawal of case_id's publication, because
 * one of changed revoked unlawful void, with its public reason; in one
 * transaction signed by the actor.  CT_REFUSED for a case not published
 * now or an actor not a publisher; *late gets 1 if it comes more than
 * deadline.withdraw working days after the decision-change entry that
 * changed the decision (changed gets that day, or "").  *needs_year
 * gets the year past the holiday calendar's last that the count ran
 * into, counted Monday to Friday (calendar-ends), or 0. */
int ct_publish_withdraw(struct ct_store *st, const char *case_id,
    const char *because, const char *reason, int *late, char changed[11],
    int *needs_year);

/* publish_proof.c: hands fn each record i of s with what checks it:
 * its publish entry's canonical line, the entry's inclusion proof
 * (store-verify --proof's text, the line in it) and the latest signed
 * checkpoint, which the proof leads to; all NULL for a dry run's
 * records.  All read in
 * one read transaction.  Stops at the first status fn returns that is
 * not CT_OK, and returns it. */
typedef int publish_check_fn(void *ctx, size_t i, const char *line,
    const char *proof, const char *checkpoint);
int publish_checks(struct ct_store *st, const struct publish_set *s,
    publish_check_fn *fn, void *ctx);
/* The canonical line of entry seq and its inclusion proof as text
 * against the journal as it is now, malloc'd: a list's entries. */
int publish_entry_check(struct ct_store *st, int64_t seq, char **line,
    char **proof);

/* publish_site.c: the site of the records published now and of every
 * removal (s as ct_publish_decisions makes it with all) written into dir,
 * each page with its entry's line, proof and the signed checkpoint; the
 * index links the pages of links too (publish_list.h). */
struct site_link;
int publish_site(struct ct_store *st, const struct publish_set *s,
    const char *dir, const struct site_link *links, size_t nlinks);
/* The site's directory made ready (site.h's site_ready), before an
 * export is recorded: a publication recorded and not written would wait
 * for the next export. */
int publish_site_ready(const char *dir);

/* The words --because takes. */
extern const char publish_because[];

#endif
