/* draw_list.c: the two lists of a draw (random-draw(1), LISTS).  Each is
 * read whole and hashed as read, since its SHA-256 is what the draw and
 * its publication name; then split in place into its lines' fields.  A
 * bad line is CT_USAGE naming the file and the line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "internal.h"

#define LIST_MAX (256L * 1024 * 1024)  /* bytes of a list */

/* Whether the n bytes at s are a field: 1 to max bytes of UTF-8 without
 * a control character. */
static int
field_ok(const char *s, size_t n, size_t max)
{
	if (n == 0 || n > max || !utf8_valid(s, n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/* Cuts the next line off *p (end at end), without its "\n" or "\r\n";
 * returns it, or NULL at the end. */
static char *
next_line(char **p, char *end)
{
	char *line = *p, *nl;

	if (line >= end)
		return NULL;
	if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
		nl = end;
	*p = nl + (nl < end);
	*nl = '\0';
	if (nl > line && nl[-1] == '\r')
		nl[-1] = '\0';
	return line;
}

/* Splits line at tabs into at most max fields; returns how many, or
 * max + 1 if there are more. */
static int
split(char *line, char **f, int max)
{
	int n = 0;

	for (char *p = line; ; p++) {
		if (n == max)
			return max + 1;
		f[n++] = p;
		if ((p = strchr(p, '\t')) == NULL)
			return n;
		*p = '\0';
	}
}

static int
bad(const char *name, long line, const char *what)
{
	return ct_fail(CT_USAGE, "%s, line %ld: %s", name, line, what);
}

/* Checks a recusal column: officer IDs separated by commas. */
static int
recused_ok(const char *s)
{
	char id[65];

	while (*s != '\0') {
		size_t n = strcspn(s, ",");

		if (n == 0 || n >= sizeof id)
			return 0;
		memcpy(id, s, n);
		id[n] = '\0';
		if (officer_id_check(id) != CT_OK)
			return 0;
		s += n + (s[n] == ',');
		if (s[-1] == ',' && *s == '\0')
			return 0;
	}
	return 1;
}

/* A target's ID and line, for the check that no ID is listed twice. */
struct id_line {
	const char *id;
	long line;
};

static int
by_id(const void *a, const void *b)
{
	const struct id_line *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* No target ID twice: sorted, the second of two alike is named. */
static int
targets_unique(struct draw_lists *l, const char *name)
{
	struct id_line *v = malloc((l->nt ? l->nt : 1) * sizeof *v);
	int rc = CT_OK;

	if (v == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	for (size_t i = 0; i < l->nt; i++) {
		v[i].id = l->t[i].id;
		v[i].line = l->t[i].line;
	}
	qsort(v, l->nt, sizeof *v, by_id);
	for (size_t i = 1; i < l->nt && rc == CT_OK; i++)
		if (strcmp(v[i].id, v[i - 1].id) == 0)
			rc = ct_fail(CT_USAGE, "%s, line %ld: target '%s' is listed "
			    "on line %ld already", name, v[i].line, v[i].id,
			    v[i - 1].line);
	free(v);
	return rc;
}

/* One target line of nf fields f into t. */
static int
target_line(char **f, int nf, long line, const char *name,
    struct draw_target *t)
{
	const char *cls = nf > 2 ? f[2] : "";

	if (nf < 2 || nf > 4)
		return bad(name, line, "a target is ID, name, and optionally its "
		    "risk class and the officers recused, separated by tabs");
	if (!field_ok(f[0], strlen(f[0]), DRAW_ID_MAX))
		return bad(name, line, "the ID is 1 to 64 bytes of UTF-8 "
		    "without control characters");
	if (!field_ok(f[1], strlen(f[1]), DRAW_NAME_MAX))
		return bad(name, line, "the name is 1 to 256 bytes of UTF-8 "
		    "without control characters");
	if (*cls != '\0' && (cls[1] != '\0' || *cls < 'A' || *cls > 'D'))
		return bad(name, line, "the risk class is A, B, C or D");
	if (nf > 3 && !recused_ok(f[3]))
		return bad(name, line, "the officers recused are officer IDs "
		    "separated by commas");
	t->id = f[0];
	t->name = f[1];
	t->cls = *cls ? *cls - 'A' : -1;
	t->recused = nf > 3 ? f[3] : "";
	t->line = line;
	return CT_OK;
}

/* Every target has a class, or none has: -1 (none given) is then 0. */
static int
targets_classes(struct draw_lists *l, const char *name)
{
	for (size_t i = 0; i < l->nt; i++)
		l->classed |= l->t[i].cls >= 0;
	for (size_t i = 0; i < l->nt; i++) {
		if (l->t[i].cls >= 0)
			continue;
		if (l->classed)
			return bad(name, l->t[i].line, "no risk class: where one "
			    "target has one, every target has one");
		l->t[i].cls = 0;
	}
	return CT_OK;
}

int
draw_targets_parse(struct draw_lists *l, char *text, size_t n,
    const char *name)
{
	char *p = text, *end = text + n, *line, *f[5];
	size_t cap = 0;
	long no = 0;
	int rc;

	l->tbuf = text;
	draw_sha256(text, n, l->targets_sha256);
	while ((line = next_line(&p, end)) != NULL) {
		void *more;

		no++;
		if (*line == '#' || *line == '\0')
			continue;
		if ((more = grow(l->t, &cap, (l->nt + 1) * sizeof *l->t,
		    256 * sizeof *l->t)) == NULL)
			return CT_SYSTEM;
		l->t = more;
		if ((rc = target_line(f, split(line, f, 4), no, name,
		    &l->t[l->nt])))
			return rc;
		l->nt++;
	}
	if (l->nt == 0)
		return ct_fail(CT_USAGE, "%s: no targets", name);
	if ((rc = targets_classes(l, name)))
		return rc;
	return targets_unique(l, name);
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
draw_inspectors_parse(struct draw_lists *l, char *text, size_t n,
    const char *name)
{
	char *p = text, *end = text + n, *line, *f[3];
	const char **sorted;
	size_t cap = 0;
	long no = 0;
	int rc = CT_OK;

	l->ibuf = text;
	draw_sha256(text, n, l->inspectors_sha256);
	while ((line = next_line(&p, end)) != NULL) {
		void *more;

		no++;
		if (*line == '#' || *line == '\0')
			continue;
		/* A second column (the officer's name, for the reader) is
		 * allowed and not read. */
		if (split(line, f, 2) > 2 || officer_id_check(f[0]) != CT_OK)
			return bad(name, no, "an inspector is an officer ID, "
			    "optionally followed by a tab and his name");
		if ((more = grow(l->insp, &cap, (l->ni + 1) * sizeof *l->insp,
		    64 * sizeof *l->insp)) == NULL)
			return CT_SYSTEM;
		l->insp = more;
		l->insp[l->ni++] = f[0];
	}
	if (l->ni == 0)
		return ct_fail(CT_USAGE, "%s: no inspectors", name);
	if ((sorted = malloc(l->ni * sizeof *sorted)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	memcpy(sorted, l->insp, l->ni * sizeof *sorted);
	qsort(sorted, l->ni, sizeof *sorted, by_str);
	for (size_t i = 1; i < l->ni && rc == CT_OK; i++)
		if (strcmp(sorted[i], sorted[i - 1]) == 0)
			rc = ct_fail(CT_USAGE, "%s: inspector '%s' is listed twice",
			    name, sorted[i]);
	free(sorted);
	return rc;
}

/* Reads the file at path, whole, into a malloc'd buffer. */
static int
slurp(const char *path, char **text, size_t *n)
{
	FILE *fp;
	char *buf = NULL;
	size_t cap = 0, len = 0, got;

	if (strcmp(path, "-") == 0)
		return ct_fail(CT_USAGE, "a list is a file, not standard input: "
		    "its hash is published");
	if ((fp = fopen(path, "rb")) == NULL)
		return ct_fail(CT_NOTFOUND, "cannot open %s: %s", path,
		    strerror(errno));
	do {
		void *more = grow(buf, &cap, len + 65536 + 1, 65536 + 1);

		if (more == NULL) {
			free(buf);
			fclose(fp);
			return CT_SYSTEM;
		}
		buf = more;
		len += got = fread(buf + len, 1, 65536, fp);
	} while (got > 0 && len <= LIST_MAX);
	if (ferror(fp) || len > LIST_MAX) {
		int failed = ferror(fp);

		free(buf);
		fclose(fp);
		return failed ? ct_fail(CT_SYSTEM, "cannot read %s", path) :
		    ct_fail(CT_USAGE, "%s: larger than 256 MiB", path);
	}
	fclose(fp);
	buf[len] = '\0';
	*text = buf;
	*n = len;
	return CT_OK;
}

int
ct_draw_lists_read(struct draw_lists *l, const char *targets,
    const char *inspectors)
{
	char *text = NULL;
	size_t n = 0;
	int rc;

	memset(l, 0, sizeof *l);
	if ((rc = slurp(targets, &text, &n)))
		return rc;
	if ((rc = draw_targets_parse(l, text, n, targets)))
		return rc;
	if ((rc = slurp(inspectors, &text, &n)))
		return rc;
	return draw_inspectors_parse(l, text, n, inspectors);
}

void
ct_draw_lists_free(struct draw_lists *l)
{
	free(l->t);
	free(l->insp);
	free(l->tbuf);
	free(l->ibuf);
	memset(l, 0, sizeof *l);
}

int
draw_recused(const char *recused, const char *officer)
{
	size_t n = strlen(officer);

	for (const char *p = recused; *p != '\0'; ) {
		size_t w = strcspn(p, ",");

		if (w == n && memcmp(p, officer, n) == 0)
			return 1;
		p += w + (p[w] == ',');
	}
	return 0;
}
