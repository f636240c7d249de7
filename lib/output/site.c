/* site.c: site_write, the site written into a directory.  The decisions
 * are put in order (published, newest first), each page is made in one
 * buffer, reused, and written whole under a temporary name and renamed
 * into place; then the feed, the checkpoint and the index, which links
 * only pages already there; then the pages of decisions no longer given
 * go.  Memory: the page being written, the index, and a name and an
 * index entry per decision.
 *
 * A page is not fsync'ed: renaming makes it whole for a reader, and the
 * next export writes every page again, so a crash costs at most a page
 * until then; 100,000 fsyncs would cost minutes.  A page whose file
 * already holds its bytes is not written again, so a copy to the web
 * server (rsync) sees only what changed. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "output/site.h"

#define NAME_MAX_BYTES 200   /* of a page's name, ".html" and the temp's */

struct site_run {
	const char *dir;
	const struct site_page *pages;
	size_t n;
	size_t *order;          /* published, decided newest first; case ID */
	char **names;           /* each page's file name, by page */
	char **sorted;          /* the names in strcmp order, for lookups */
	int top, d;             /* the directory and its d/ */
	struct site_buf buf;
};

/* YYYY-MM-DD, digits where the digits go (the day itself is the
 * caller's: the publishing program read it as a date). */
static int
is_date(const char *s)
{
	static const char form[] = "dddd-dd-dd";

	for (size_t i = 0; i < sizeof form - 1; i++)
		if (form[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return 0;
	return s[sizeof form - 1] == '\0';
}

/* RFC 3339's date-time: a date, T, hh:mm:ss, a fraction, Z or ±hh:mm. */
static int
is_now(const char *s)
{
	const char *p;

	if (strlen(s) < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	if (s[4] != '-' || s[7] != '-')
		return 0;
	for (p = s + 11; p < s + 19; p++)
		if (p != s + 13 && p != s + 16 && (*p < '0' || *p > '9'))
			return 0;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (strcmp(p, "Z") == 0)
		return 1;
	return (p[0] == '+' || p[0] == '-') && strlen(p) == 6 &&
	    p[3] == ':' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
	    p[2] <= '9' && p[4] >= '0' && p[4] <= '9' && p[5] >= '0' &&
	    p[5] <= '9';
}

static int
check_page(const struct site_page *p, size_t i)
{
	const char *need[] = { p->case_id, p->doc_number, p->party, p->facts,
	    p->basis, p->penalty, p->agency, p->decided, p->published,
	    p->entry_line, p->proof };

	for (size_t k = 0; k < sizeof need / sizeof need[0]; k++)
		if (need[k] == NULL)
			return ct_fail(CT_USAGE, "decision %zu of the site "
			    "lacks a field", i + 1);
	if (!is_date(p->decided) || !is_date(p->published) ||
	    (p->ends != NULL && !is_date(p->ends)))
		return ct_fail(CT_USAGE, "case '%s': a date of its "
		    "publication is not YYYY-MM-DD", p->case_id);
	return CT_OK;
}

/* qsort has no argument for the pages: one site is written at a time per
 * thread. */
static _Thread_local const struct site_page *sort_pages;

static int
newest_first(const void *a, const void *b)
{
	const struct site_page *x = &sort_pages[*(const size_t *)a];
	const struct site_page *y = &sort_pages[*(const size_t *)b];
	int c;

	if ((c = strcmp(y->published, x->published)) != 0 ||
	    (c = strcmp(y->decided, x->decided)) != 0)
		return c;
	return strcmp(x->case_id, y->case_id);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The order, the names and their sorted copy; CT_USAGE for a case given
 * twice or one whose ID makes no file name. */
static int
plan(struct site_run *r)
{
	char name[NAME_MAX_BYTES];

	r->order = calloc(r->n + 1, sizeof *r->order);
	r->names = calloc(r->n + 1, sizeof *r->names);
	r->sorted = calloc(r->n + 1, sizeof *r->sorted);
	if (!r->order || !r->names || !r->sorted) {
		ct_fail(CT_SYSTEM, "out of memory");
		return CT_SYSTEM;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (check_page(&r->pages[i], i))
			return CT_USAGE;
		if (site_file_name(r->pages[i].case_id, name, sizeof name))
			return ct_fail(CT_USAGE, "case ID '%s' makes no file "
			    "name", r->pages[i].case_id);
		if ((r->names[i] = strdup(name)) == NULL)
			return ct_fail(CT_SYSTEM, "out of memory");
		r->order[i] = i;
		r->sorted[i] = r->names[i];
	}
	sort_pages = r->pages;
	qsort(r->order, r->n, sizeof *r->order, newest_first);
	qsort(r->sorted, r->n, sizeof *r->sorted, by_name);
	for (size_t i = 1; i < r->n; i++)
		if (strcmp(r->sorted[i - 1], r->sorted[i]) == 0)
			return ct_fail(CT_USAGE, "a case is given twice: '%s' "
			    "(its page %s.html)", r->sorted[i], r->sorted[i]);
	return CT_OK;
}

/* The directory path/sub opened, made if missing. */
static int
open_dir(int at, const char *path, const char *shown, int *fd)
{
	struct stat sb;

	if (mkdirat(at, path, 0755) != 0 && errno != EEXIST)
		return ct_fail(CT_SYSTEM, "cannot make directory '%s': %s",
		    shown, strerror(errno));
	if (fstatat(at, path, &sb, 0) == 0 && !S_ISDIR(sb.st_mode))
		return ct_fail(CT_USAGE, "'%s' exists and is not a directory",
		    shown);
	if ((*fd = openat(at, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return ct_fail(CT_SYSTEM, "cannot open directory '%s': %s",
		    shown, strerror(errno));
	return CT_OK;
}

int
site_ready(const char *dir)
{
	int fd = -1, rc;

	if ((rc = open_dir(AT_FDCWD, dir, dir, &fd)) != CT_OK)
		return rc;
	close(fd);
	if (access(dir, W_OK | X_OK) != 0)
		return ct_fail(CT_SYSTEM, "cannot write into '%s': %s", dir,
		    strerror(errno));
	return CT_OK;
}

/* Whether the file name in at holds exactly the n bytes at p. */
static int
same_bytes(int at, const char *name, const char *p, size_t n)
{
	char chunk[65536];
	struct stat sb;
	size_t off = 0;
	ssize_t got;
	int fd = openat(at, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	int same;

	if (fd < 0)
		return 0;
	same = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (size_t)sb.st_size == n;
	while (same && off < n) {
		got = read(fd, chunk, sizeof chunk);
		if (got <= 0 || (size_t)got > n - off ||
		    memcmp(chunk, p + off, (size_t)got) != 0)
			same = 0;
		else
			off += (size_t)got;
	}
	close(fd);
	return same;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The buffer into at/name: under ".tmp-NAME", then renamed; fsync'ed
 * first when sync is set.  shown names the directory in messages. */
static int
put_file(int at, const char *shown, const char *name,
    const struct site_buf *b, int sync)
{
	char tmp[NAME_MAX_BYTES + 16];
	int fd, e;

	if (b->oom)
		return CT_SYSTEM;
	if (same_bytes(at, name, b->p, b->len))
		return CT_OK;
	snprintf(tmp, sizeof tmp, ".tmp-%s", name);
	(void)unlinkat(at, tmp, 0);
	fd = openat(at, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return ct_fail(CT_SYSTEM, "cannot write '%s/%s': %s", shown,
		    tmp, strerror(errno));
	if (write_all(fd, b->p, b->len) != 0 || (sync && fsync(fd) != 0)) {
		e = errno;
		close(fd);
		(void)unlinkat(at, tmp, 0);
		return ct_fail(CT_SYSTEM, "cannot write '%s/%s': %s", shown,
		    tmp, strerror(e));
	}
	if (close(fd) != 0 || renameat(at, tmp, at, name) != 0) {
		e = errno;
		(void)unlinkat(at, tmp, 0);
		return ct_fail(CT_SYSTEM, "cannot write '%s/%s': %s", shown,
		    name, strerror(e));
	}
	return CT_OK;
}

static int
write_pages(struct site_run *r, const char *agency, const char *checkpoint)
{
	char name[NAME_MAX_BYTES + 8], shown[4096];
	int rc;

	snprintf(shown, sizeof shown, "%s/d", r->dir);
	for (size_t i = 0; i < r->n; i++) {
		size_t k = r->order[i];

		r->buf.len = 0;
		site_page_html(&r->buf, agency, checkpoint, &r->pages[k]);
		snprintf(name, sizeof name, "%s.html", r->names[k]);
		if ((rc = put_file(r->d, shown, name, &r->buf, 0)) != CT_OK)
			return rc;
	}
	return CT_OK;
}

/* Removes what is in d/ but not in the site: the pages of decisions not
 * given, and temporary files a crash left. */
static int
prune(struct site_run *r)
{
	char key[NAME_MAX_BYTES], *keyp = key;
	struct dirent *de;
	size_t len;
	int fd = dup(r->d);
	DIR *dp = fd < 0 ? NULL : fdopendir(fd);

	if (dp == NULL) {
		if (fd >= 0)
			close(fd);
		return ct_fail(CT_SYSTEM, "cannot read '%s/d': %s", r->dir,
		    strerror(errno));
	}
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (strncmp(de->d_name, ".tmp-", 5) != 0) {
			if (len <= 5 || len - 5 >= sizeof key ||
			    strcmp(de->d_name + len - 5, ".html") != 0)
				continue;
			memcpy(key, de->d_name, len - 5);
			key[len - 5] = '\0';
			if (bsearch(&keyp, r->sorted, r->n, sizeof *r->sorted,
			    by_name) != NULL)
				continue;
		}
		if (unlinkat(r->d, de->d_name, 0) != 0 && errno != ENOENT) {
			closedir(dp);
			return ct_fail(CT_SYSTEM, "cannot remove '%s/d/%s': %s",
			    r->dir, de->d_name, strerror(errno));
		}
	}
	closedir(dp);
	return CT_OK;
}

int
site_put(const char *dir, const char *name, const struct site_buf *b)
{
	int fd = -1, rc;

	if ((rc = open_dir(AT_FDCWD, dir, dir, &fd)) == CT_OK)
		rc = put_file(fd, dir, name, b, 1);
	if (fd >= 0)
		close(fd);
	return rc;
}

static int
write_site(struct site_run *r, const char *agency, const char *checkpoint,
    const struct site_removal *gone, size_t ngone, const char *now,
    const struct site_link *links, size_t nlinks)
{
	char shown[4096];
	int rc;

	if ((rc = plan(r)) != CT_OK ||
	    (rc = open_dir(AT_FDCWD, r->dir, r->dir, &r->top)) != CT_OK)
		return rc;
	snprintf(shown, sizeof shown, "%s/d", r->dir);
	if ((rc = open_dir(r->top, "d", shown, &r->d)) != CT_OK ||
	    (rc = write_pages(r, agency, checkpoint)) != CT_OK)
		return rc;
	r->buf.len = 0;
	if ((rc = site_feed_atom(&r->buf, agency, r->pages, r->order, r->n,
	    r->names, now)) != CT_OK ||
	    (rc = put_file(r->top, r->dir, "feed.atom", &r->buf, 1)) != CT_OK)
		return rc;
	r->buf.len = 0;
	site_raw(&r->buf, checkpoint);
	if ((rc = put_file(r->top, r->dir, "checkpoint.txt", &r->buf, 1)))
		return rc;
	r->buf.len = 0;
	site_index_html(&r->buf, agency, checkpoint, r->pages, r->order, r->n,
	    r->names, gone, ngone, now, links, nlinks);
	if ((rc = put_file(r->top, r->dir, "index.html", &r->buf, 1)))
		return rc;
	return prune(r);
}

int
site_write(const char *dir, const char *agency, const char *checkpoint,
    const struct site_page *pages, size_t npages,
    const struct site_removal *gone, size_t ngone, const char *now)
{
	return site_write_links(dir, agency, checkpoint, pages, npages, gone,
	    ngone, now, NULL, 0);
}

int
site_write_links(const char *dir, const char *agency,
    const char *checkpoint, const struct site_page *pages, size_t npages,
    const struct site_removal *gone, size_t ngone, const char *now,
    const struct site_link *links, size_t nlinks)
{
	struct site_run r = { .dir = dir, .pages = pages, .n = npages,
	    .top = -1, .d = -1 };
	int rc;

	if (dir == NULL || *dir == '\0' || agency == NULL ||
	    checkpoint == NULL || (npages > 0 && pages == NULL) ||
	    (ngone > 0 && gone == NULL) || now == NULL)
		return ct_fail(CT_USAGE, "site_write: an argument is missing");
	if (!is_now(now))
		return ct_fail(CT_USAGE, "'%s' is not an RFC 3339 time", now);
	for (size_t i = 0; i < ngone; i++)
		if (gone[i].case_id == NULL || gone[i].date == NULL)
			return ct_fail(CT_USAGE, "removal %zu of the site "
			    "lacks its case or date", i + 1);
	rc = write_site(&r, agency, checkpoint, gone, ngone, now, links,
	    nlinks);
	if (r.top >= 0)
		close(r.top);
	if (r.d >= 0)
		close(r.d);
	for (size_t i = 0; r.names != NULL && i < npages; i++)
		free(r.names[i]);
	free(r.names);
	free(r.sorted);
	free(r.order);
	free(r.buf.p);
	return rc;
}
