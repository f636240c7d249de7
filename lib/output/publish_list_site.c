/* publish_list_site.c: the pages of the lists published now, beside the
 * decisions' site (publish_list.h): officers.html (执法人员), powers.html
 * (权责清单), items.html (随机抽查事项清单) and draws.html (双随机抽查
 * 结果).  Each is a table of the items exactly as their entry holds them,
 * Chinese labels, nothing from elsewhere, and the section that checks
 * the page: the entry's canonical line, its inclusion proof and the
 * signed checkpoint, once for each entry the page's items come from. */
#include <stdlib.h>
#include <string.h>

#include "publish.h"
#include "publish_list.h"
#include "site.h"

/* A column of a page: the label and the field's index. */
struct column {
	const char *label;
	size_t field;
};

static const struct column officer_cols[] = { { "姓名", 0 },
    { "执法证件号", 1 }, { "职责", 2 }, { "证件有效期至", 3 },
    { NULL, 0 } };
static const struct column power_cols[] = { { "事项编码", 1 },
    { "权力类型", 2 }, { "事项名称", 3 }, { "设定依据", 4 },
    { "责任事项", 5 }, { NULL, 0 } };
static const struct column item_cols[] = { { "事项编码", 1 },
    { "抽查类别", 2 }, { "抽查事项", 3 }, { "抽查对象", 6 },
    { "检查依据", 4 }, { "检查方式", 7 }, { NULL, 0 } };
static const struct column draw_cols[] = { { "抽查任务", 0 },
    { "抽取日期", 2 }, { "抽查对象", 9 }, { "对象代码", 8 },
    { "检查人员", 10 }, { "检查结果", 11 }, { NULL, 0 } };
/* What each draw was made from, once per draw under the table: what
 * random-draw --check needs to make it again. */
static const struct column draw_made[] = { { "抽查任务", 0 },
    { "抽取记录（日志条目）", 1 }, { "抽取日期", 2 }, { "随机种子", 3 },
    { "抽取参数", 4 }, { "检查对象名录 SHA-256", 5 },
    { "执法检查人员名录 SHA-256", 6 }, { "重新抽取原因", 7 },
    { NULL, 0 } };

/* What a page shows: a title, its columns, the items of list whose
 * field 0 is only (NULL: all); and for each draw (field 1) what it was
 * made from, if made. */
struct page {
	const char *file, *title;
	const struct column *cols;
	const char *only;
	const struct column *made;
};

static const char *
text(const char *s)
{
	return s != NULL ? s : "";
}

static void
made_from(struct site_buf *b, const struct publist *l,
    const struct column *made)
{
	site_raw(b, "<h2>抽取依据</h2>\n");
	for (size_t i = 0; i < l->n; i++) {
		char *const *v = &l->v[i * l->nfields];
		size_t k = 0;

		while (k < i && strcmp(text(l->v[k * l->nfields + 1]),
		    text(v[1])) != 0)
			k++;
		if (k < i)
			continue;
		site_raw(b, "<dl>\n");
		for (const struct column *c = made; c->label != NULL; c++) {
			if (v[c->field] == NULL)
				continue;
			site_raw(b, "<dt>");
			site_raw(b, c->label);
			site_raw(b, "</dt><dd>");
			site_esc(b, v[c->field]);
			site_raw(b, "</dd>\n");
		}
		site_raw(b, "</dl>\n");
	}
}

static void
table(struct site_buf *b, const struct publist *l, const struct page *pg)
{
	site_raw(b, "<div class=\"wide\"><table>\n<thead><tr>");
	for (const struct column *c = pg->cols; c->label != NULL; c++) {
		site_raw(b, "<th>");
		site_raw(b, c->label);
		site_raw(b, "</th>");
	}
	site_raw(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < l->n; i++) {
		char *const *v = &l->v[i * l->nfields];

		if (pg->only != NULL && (v[0] == NULL ||
		    strcmp(v[0], pg->only) != 0))
			continue;
		site_raw(b, "<tr>");
		for (const struct column *c = pg->cols; c->label != NULL; c++) {
			site_raw(b, "<td>");
			site_esc(b, v[c->field] ? v[c->field] : "");
			site_raw(b, "</td>");
		}
		site_raw(b, "</tr>\n");
	}
	site_raw(b, "</tbody>\n</table></div>\n");
}

/* The checking section for each entry the items of pg come from, in the
 * order they first appear. */
static int
checks(struct ct_store *st, struct site_buf *b, const struct publist *l,
    const struct page *pg, const char *checkpoint)
{
	int rc = CT_OK;

	for (size_t i = 0; i < l->n && rc == CT_OK; i++) {
		char *line = NULL, *proof = NULL, *const *v = &l->v[i * l->nfields];
		size_t k = 0;

		if (pg->only != NULL && (v[0] == NULL ||
		    strcmp(v[0], pg->only) != 0))
			continue;
		while (k < i && l->entry[k] != l->entry[i])
			k++;
		if (k < i)
			continue;
		if ((rc = publish_entry_check(st, l->entry[i], &line,
		    &proof)) == CT_OK)
			site_verify_html(b, "", line, proof, checkpoint);
		free(line);
		free(proof);
	}
	return rc;
}

static int
write_page(struct ct_store *st, const struct publist *l,
    const struct page *pg, const char *dir, const char *checkpoint)
{
	const char *agency = st->conf.agency ? st->conf.agency : "";
	struct site_buf b = { 0 };
	int rc;

	site_head(&b, agency, pg->title, "");
	site_raw(&b, "<nav><a href=\"index.html\">");
	site_esc(&b, agency);
	site_raw(&b, " · 行政执法公示</a></nav>\n<main>\n<h1>");
	site_esc(&b, agency);
	site_raw(&b, " ");
	site_raw(&b, pg->title);
	site_raw(&b, "</h1>\n<p class=\"meta\">公示日期 ");
	site_esc(&b, l->today);
	site_raw(&b, "</p>\n");
	table(&b, l, pg);
	if (pg->made != NULL)
		made_from(&b, l, pg->made);
	site_raw(&b, "</main>\n");
	if ((rc = checks(st, &b, l, pg, checkpoint)) == CT_OK) {
		site_foot(&b);
		rc = site_put(dir, pg->file, &b);
	}
	free(b.p);
	return rc;
}

/* Whether l has an item for pg. */
static int
has_items(const struct publist *l, const struct page *pg)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *v0 = l->v[i * l->nfields];

		if (pg->only == NULL || (v0 != NULL && strcmp(v0, pg->only) == 0))
			return 1;
	}
	return 0;
}

int
publist_site(struct ct_store *st, struct publist *const *lists,
    size_t nlists, const char *dir, struct site_link *links, size_t *nlinks)
{
	static const struct page officers = { "officers.html", "执法人员公示",
	    officer_cols, NULL, NULL }, powers = { "powers.html", "权责清单",
	    power_cols, "权责清单", NULL }, items = { "items.html",
	    "随机抽查事项清单", item_cols, "随机抽查事项清单", NULL },
	    draws = { "draws.html", "双随机抽查结果公示", draw_cols, NULL,
	    draw_made };
	char note[4096];
	int rc = CT_OK;

	*nlinks = 0;
	if (checkpoint_note(st, 1, note, sizeof note))
		return CT_SYSTEM;
	for (size_t i = 0; i < nlists && rc == CT_OK; i++) {
		const struct publist *l = lists[i];
		const struct page *pg[2] = { NULL, NULL };

		if (l->kind == &publist_officers)
			pg[0] = &officers;
		else if (l->kind == &publist_powers)
			pg[0] = &powers, pg[1] = &items;
		else
			pg[0] = &draws;
		for (int k = 0; k < 2 && pg[k] != NULL && rc == CT_OK; k++) {
			if (!has_items(l, pg[k]))
				continue;
			rc = write_page(st, l, pg[k], dir, note);
			links[*nlinks].file = pg[k]->file;
			links[(*nlinks)++].title = pg[k]->title;
		}
	}
	return rc;
}

int
ct_publish_site(struct ct_store *st, const struct publish_opts *o,
    const char *dir)
{
	const struct publist_kind *kinds[3] = { &publist_officers,
	    &publist_powers, &publist_inspections };
	struct publish_opts now = *o;
	struct publish_set s = { 0 };
	struct publist l[3], *lp[3];
	struct site_link links[4];
	size_t nlinks = 0;
	int rc;

	now.all = 1;
	now.dry_run = 0;
	memset(l, 0, sizeof l);
	rc = ct_publish_decisions(st, &now, &s);
	for (size_t i = 0; i < 3; i++) {
		lp[i] = &l[i];
		if (rc == CT_OK)
			rc = ct_publish_list(st, kinds[i], &now, &l[i]);
	}
	if (rc == CT_OK)
		rc = publist_site(st, lp, 3, dir, links, &nlinks);
	if (rc == CT_OK)
		rc = publish_site(st, &s, dir, links, nlinks);
	for (size_t i = 0; i < 3; i++)
		publist_free(&l[i]);
	publish_set_free(&s);
	return rc;
}
