/* powers.c: the agency's power and responsibility list (权责清单,
 * STORE/powers.tsv) and its random-inspection item list (随机抽查事项
 * 清单, STORE/inspection-items.tsv), read as casetrail-formats(5),
 * Power lists, says: a file a clerk keeps by hand, so every fault is
 * named with its line before anything is published. */
#include <stdlib.h>
#include <string.h>

#include "publish_list.h"

const char *const powers_cols[] = { "code", "type", "name", "basis",
    "responsibility", NULL };
const char *const items_cols[] = { "code", "type", "name", "targets",
    "basis", "method", NULL };
/* The kinds of administrative power of a 权责清单. */
const char *const powers_types[] = { "行政许可", "行政处罚", "行政强制",
    "行政征收", "行政给付", "行政检查", "行政确认", "行政奖励", "行政裁决",
    "其他行政权力", NULL };
/* A random inspection is of a key item or a general one. */
const char *const items_types[] = { "重点检查", "一般检查", NULL };

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* The words of list separated by spaces, into buf. */
static const char *
join(const char *const *list, char *buf, size_t cap)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; list[i] != NULL; i++)
		buf_put(buf, cap, &len, "%s%s", i ? " " : "", list[i]);
	return buf;
}

/* A field: not empty, not only spaces, no control character (the tab
 * is the separator), at most POWERS_FIELD_MAX bytes. */
static int
check_field(const char *name, long line, const char *col, const char *f)
{
	size_t n = strlen(f);

	if (strspn(f, " ") == n)
		return ct_fail(CT_USAGE, "%s:%ld: the %s is empty", name, line,
		    col);
	if (n > POWERS_FIELD_MAX)
		return ct_fail(CT_USAGE, "%s:%ld: the %s is longer than %d "
		    "bytes", name, line, col, POWERS_FIELD_MAX);
	for (const unsigned char *p = (const unsigned char *)f; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return ct_fail(CT_USAGE, "%s:%ld: the %s holds a control "
			    "character", name, line, col);
	return CT_OK;
}

/* Splits line at tabs into at most max fields; returns how many there
 * are (max + 1 for too many). */
static size_t
split(char *line, const char **f, size_t max)
{
	size_t k = 0;

	for (char *p = line;; p++) {
		char *tab = strchr(p, '\t');

		if (k == max)
			return max + 1;
		f[k++] = p;
		if (tab == NULL)
			return k;
		*tab = '\0';
		p = tab;
	}
}

static int
header(const char *const *cols, size_t ncols, char *line, const char *name,
    long no)
{
	const char *f[POWERS_COLS_MAX];
	size_t k = split(line, f, POWERS_COLS_MAX);
	char want[256];

	for (size_t i = 0; i < ncols && k == ncols; i++)
		if (strcmp(f[i], cols[i]) != 0)
			k = 0;
	if (k == ncols)
		return CT_OK;
	return ct_fail(CT_USAGE, "%s:%ld: the header must be the %zu columns "
	    "%s, tab-separated", name, no, ncols, join(cols, want,
	    sizeof want));
}

static int
row(struct powers_file *pf, const char *const *cols, char *line,
    const char *name, long no)
{
	struct powers_row *r;
	const char *f[POWERS_COLS_MAX];
	size_t k = split(line, f, pf->ncols);
	char words[512];
	int rc;

	if (k != pf->ncols)
		return ct_fail(CT_USAGE, "%s:%ld: %s fields, not %zu", name, no,
		    k > pf->ncols ? "more" : "fewer", pf->ncols);
	for (size_t i = 0; i < k; i++)
		if ((rc = check_field(name, no, cols[i], f[i])))
			return rc;
	if (!in_list(pf->items ? items_types : powers_types, f[1]))
		return ct_fail(CT_USAGE, "%s:%ld: unknown type '%s' (types: %s)",
		    name, no, f[1], join(pf->items ? items_types : powers_types,
		    words, sizeof words));
	if ((r = grow(pf->rows, &pf->cap, (pf->n + 1) * sizeof *r,
	    64 * sizeof *r)) == NULL)
		return CT_SYSTEM;
	pf->rows = r;
	r = &pf->rows[pf->n++];
	memset(r, 0, sizeof *r);
	memcpy(r->f, f, k * sizeof *f);
	r->line = no;
	return CT_OK;
}

static int
by_code(const void *a, const void *b)
{
	const struct powers_row *x = a, *y = b;
	int c = strcmp(x->f[0], y->f[0]);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* No code twice: sorted by code, then line, a copy of the rows shows
 * each repeat next to the first line that has it. */
static int
unique_codes(const struct powers_file *pf, const char *name)
{
	struct powers_row *s;
	int rc = CT_OK;

	if (pf->n < 2)
		return CT_OK;
	if ((s = malloc(pf->n * sizeof *s)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	memcpy(s, pf->rows, pf->n * sizeof *s);
	qsort(s, pf->n, sizeof *s, by_code);
	for (size_t i = 1; i < pf->n && rc == CT_OK; i++)
		if (strcmp(s[i - 1].f[0], s[i].f[0]) == 0)
			rc = ct_fail(CT_USAGE, "%s:%ld: code '%s' is on line %ld "
			    "too", name, s[i].line, s[i].f[0], s[i - 1].line);
	free(s);
	return rc;
}

int
powers_parse(struct powers_file *pf, int items, char *text, size_t n,
    const char *name)
{
	const char *const *cols = items ? items_cols : powers_cols;
	char *p = text, *end = text + n;
	int seen_header = 0, rc;
	long no = 0;

	memset(pf, 0, sizeof *pf);
	pf->items = items;
	while (cols[pf->ncols] != NULL)
		pf->ncols++;
	if (memchr(text, '\0', n) != NULL || !utf8_valid(text, n))
		return ct_fail(CT_USAGE, "%s: not UTF-8 text", name);
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *line = p;

		p = nl ? nl + 1 : end;
		if (nl != NULL)
			*nl = '\0';
		no++;
		if (nl != NULL && nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (!seen_header) {
			if ((rc = header(cols, pf->ncols, line, name, no)))
				return rc;
			seen_header = 1;
		} else if ((rc = row(pf, cols, line, name, no))) {
			return rc;
		}
	}
	if (!seen_header)
		return ct_fail(CT_USAGE, "%s: no header line", name);
	return unique_codes(pf, name);
}

void
powers_free(struct powers_file *pf)
{
	free(pf->rows);
	memset(pf, 0, sizeof *pf);
}
