/* publish_list.h: the lists the agency publishes besides its decisions
 * (publish-export(1) --what officers, powers, inspections): the officers
 * who act in enforcement (执法人员), the power and responsibility list
 * and the random-inspection item list (权责清单, 随机抽查事项清单), and
 * the random draws with their results.  Each export that publishes one is
 * a publish-list entry holding exactly the items it published
 * (casetrail-formats(5), the publish-list entry).  A list of officers or
 * powers is published whole, and again only when it changed since its
 * last publication: a reader wants the list in force, not a difference.
 * An inspection item (one target of one draw) is published when it is
 * new or its result changed. */
#ifndef CASETRAIL_PUBLISH_LIST_H
#define CASETRAIL_PUBLISH_LIST_H

#include "internal.h"

enum { PUBLIST_FIELDS_MAX = 12 };

/* A kind of list: its name in the entry and in --what, and the fields of
 * each of its items, in their order. */
struct publist_kind {
	const char *name;               /* officers, powers, inspections */
	const char *const *fields;      /* NULL-terminated */
	int itemwise;                   /* items published one by one */
	unsigned optional;              /* bit i: field i may be null */
};

extern const struct publist_kind publist_officers, publist_powers,
    publist_inspections;

/* One kind's items, every text redacted; v has n * nfields texts, any of
 * them NULL. */
struct publist {
	const struct publist_kind *kind;
	size_t nfields;
	char **v;
	int64_t *entry;         /* each item's publish-list entry; 0 if none */
	size_t n, cap, ecap;
	int64_t seq;            /* the entry recorded by this export, or 0 */
	char today[11];         /* the day of the export; with all, of the
				 * newest publication read */
};

/* The items of kind k to publish now (k's list in force, or its new
 * items) or, with o->all, those published now as their entries hold
 * them; unless o->dry_run or o->all, records them in one publish-list
 * entry, in one transaction signed by the actor, when there is something
 * to publish.  Only a publisher: CT_REFUSED otherwise.  A bad list file
 * is CT_USAGE naming its line; a missing one CT_NOTFOUND.  publist_free
 * l either way. */
struct publish_opts;
int ct_publish_list(struct ct_store *st, const struct publist_kind *k,
    const struct publish_opts *o, struct publist *l);
void publist_free(struct publist *l);
/* lib/domain/publist_kind.c: the kind named (officers, powers,
 * inspections), or NULL. */
const struct publist_kind *publist_kind_find(const char *name);

/* publish_kinds.c: the items of k as they are now, redacted, into l
 * (o's --redact-also names too). */
int publist_current(struct ct_store *st, const struct publish_opts *o,
    struct publist *l);
/* Appends an item to l: its texts (nfields of them, copied; NULL
 * allowed). */
int publist_add(struct publist *l, const char *const *v, int64_t entry);

/* powers.c: a powers file (powers.tsv, 权责清单) or an inspection items
 * file (inspection-items.tsv, 随机抽查事项清单) as casetrail-formats(5)
 * describes it: '#' comments and blank lines, a header line naming the
 * columns, then a line per item, tab-separated, every field given, its
 * type one of the list's, no code twice.  The fields point into text,
 * which is changed. */
enum { POWERS_COLS_MAX = 6, POWERS_FIELD_MAX = 4096 };
struct powers_row {
	const char *f[POWERS_COLS_MAX];
	long line;
};
struct powers_file {
	int items;              /* an inspection items file */
	size_t ncols;
	struct powers_row *rows;
	size_t n, cap;
};
/* Parses the n bytes of text (NUL-terminated after them; name for
 * messages): CT_OK, or CT_USAGE naming the line; powers_free either way. */
int powers_parse(struct powers_file *pf, int items, char *text, size_t n,
    const char *name);
void powers_free(struct powers_file *pf);
/* The columns of each file, and the types each takes. */
extern const char *const powers_cols[], *const items_cols[],
    *const powers_types[], *const items_types[];

/* publish_list_site.c: the pages of the lists published now (one
 * publist per kind, as ct_publish_list makes them with all) written
 * into dir beside the decisions' site: officers.html, powers.html,
 * items.html, draws.html, each with what checks it; a kind never
 * published has no page.  links gets the pages written, for the index
 * (at most 4, each a file name and a Chinese title). */
struct site_link;
int publist_site(struct ct_store *st, struct publist *const *lists,
    size_t nlists, const char *dir, struct site_link *links,
    size_t *nlinks);

/* The whole site of what is published now written into dir: the
 * decisions' pages, the lists' pages, the index linking them all. */
int ct_publish_site(struct ct_store *st, const struct publish_opts *o,
    const char *dir);

#endif
