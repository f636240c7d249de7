/* redact.c: a text made fit to publish (casetrail(7), Publication):
 * natural persons' names cut to the surname and 某, and their numbers
 * and home addresses removed, not partly masked.  Three passes, each a
 * new copy of the text:
 * - numbers: runs of digits (ASCII or full-width, in groups split by a
 *   space, a hyphen or a bracket) that are a resident identity number
 *   (18 characters with a valid check character, or 15 digits with a
 *   date of birth; cnid.c), a mobile number (11 digits from 13 to 19,
 *   with or without 86), a bank card or account number (16 to 19
 *   digits, passing Luhn's check or labelled as an account), or a
 *   landline (a trunk prefix 0 and 9 to 11 more digits, in groups or
 *   labelled as a telephone; 7 or 8 digits labelled);
 * - home addresses: after a label (住址, 家住, ...), the address cut
 *   to its district (区, 县, 旗), the rest removed;
 * - names: each name given, longest first, as its surname and 某, two
 *   characters of surname for the compound ones.
 * A pass that finds nothing to change makes no copy: most texts have
 * nothing to redact, and an export redacts every text of every record.
 * What is removed becomes the marker, ［已隐去］. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MARKER "［已隐去］"

struct out {
	char *p;
	size_t len, cap;
};

static int
emit(struct out *o, const char *s, size_t n)
{
	char *p;

	if ((p = grow(o->p, &o->cap, o->len + n + 1, 256)) == NULL)
		return -1;
	o->p = p;
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
	return 0;
}

/* The bytes of the code point at s (1 for a byte that starts none). */
static size_t
cp_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 :
	    c >= 0xc0 ? 2 : 1;

	for (size_t i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/* The digit at s, ASCII or full-width (０ is EF BC 90), into *d; returns
 * its bytes, or 0 if there is none. */
static size_t
digit_at(const char *s, char *d)
{
	if (*s >= '0' && *s <= '9') {
		*d = *s;
		return 1;
	}
	if ((unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbc &&
	    (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x99) {
		*d = (char)('0' + ((unsigned char)s[2] - 0x90));
		return 3;
	}
	return 0;
}

/* An X ending an identity number: X, x, Ｘ or ｘ. */
static size_t
x_at(const char *s)
{
	if (*s == 'X' || *s == 'x')
		return 1;
	if ((unsigned char)s[0] == 0xef && (((unsigned char)s[1] == 0xbc &&
	    (unsigned char)s[2] == 0xb8) || ((unsigned char)s[1] == 0xbd &&
	    (unsigned char)s[2] == 0x98)))
		return 3;
	return 0;
}

/* A separator between the groups of a number. */
static size_t
sep_at(const char *s)
{
	static const char *const seps[] = { " ", "-", ")", "－", "）",
	    "\xe3\x80\x80" };

	for (size_t i = 0; i < sizeof seps / sizeof *seps; i++)
		if (strncmp(s, seps[i], strlen(seps[i])) == 0)
			return strlen(seps[i]);
	return 0;
}

enum { GROUPS_MAX = 8, NUMBER_MAX = 24 };

/* A run of digit groups: each group's bytes and digits. */
struct run {
	int n;
	size_t start[GROUPS_MAX], end[GROUPS_MAX];
	char d[GROUPS_MAX][NUMBER_MAX + 2];
	size_t nd[GROUPS_MAX];
};

/* Reads the groups of the run at text + at; returns the bytes after the
 * last group. */
static size_t
read_run(const char *text, size_t at, struct run *r)
{
	size_t k, s;
	char d;

	r->n = 0;
	for (;;) {
		int g = r->n;

		if (g == GROUPS_MAX || digit_at(text + at, &d) == 0)
			break;
		r->start[g] = at;
		r->nd[g] = 0;
		while ((k = digit_at(text + at, &d)) > 0) {
			if (r->nd[g] < NUMBER_MAX)
				r->d[g][r->nd[g]] = d;
			r->nd[g]++;
			at += k;
		}
		/* X is the check character of 17 digits, and nothing else:
		 * 13800138000x is a mobile number and a letter. */
		if (r->nd[g] == 17 && (k = x_at(text + at)) > 0) {
			r->d[g][r->nd[g]++] = 'X';
			at += k;
		}
		r->d[g][r->nd[g] < NUMBER_MAX ? r->nd[g] : NUMBER_MAX] = '\0';
		r->end[g] = at;
		r->n++;
		if ((s = sep_at(text + at)) == 0 || digit_at(text + at + s,
		    &d) == 0)
			break;
		at += s;
	}
	return r->n > 0 ? r->end[r->n - 1] : at;
}

static int
luhn(const char *d, size_t n)
{
	int sum = 0;

	for (size_t i = 0; i < n; i++) {
		int v = d[n - 1 - i] - '0';

		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

/* Whether one of labels is in the few characters before text + at. */
static int
labelled(const char *text, size_t at, const char *const *labels)
{
	char window[40];
	size_t from = at > 24 ? at - 24 : 0;

	/* Start the window at a code point. */
	while (from < at && ((unsigned char)text[from] & 0xc0) == 0x80)
		from++;
	memcpy(window, text + from, at - from);
	window[at - from] = '\0';
	for (; *labels != NULL; labels++)
		if (strstr(window, *labels) != NULL)
			return 1;
	return 0;
}

static const char *const account_labels[] = { "账号", "帐号", "卡号",
    "账户", "帐户", "银行卡", NULL };
static const char *const phone_labels[] = { "电话", "座机", "手机",
    "联系方式", "Tel", "TEL", "tel", NULL };

/* Whether groups i to j of r are a number to remove. */
static int
personal(const char *text, const struct run *r, int i, int j)
{
	char d[GROUPS_MAX * (NUMBER_MAX + 1) + 1];
	size_t n = 0;

	for (int g = i; g <= j; g++) {
		if (r->nd[g] > NUMBER_MAX)
			return 0;
		/* An X ends an identity number, and nothing else. */
		if (g < j && r->nd[g] > 0 && r->d[g][r->nd[g] - 1] == 'X')
			return 0;
		memcpy(d + n, r->d[g], r->nd[g]);
		n += r->nd[g];
	}
	d[n] = '\0';
	if (d[n - 1] == 'X')
		return n == 18 && cnid_resident(d, n);
	if ((n == 18 || n == 15) && cnid_resident(d, n))
		return 1;
	if (n == 11 && d[0] == '1' && d[1] >= '3')
		return 1;
	if (n == 13 && strncmp(d, "86", 2) == 0 && d[2] == '1' && d[3] >= '3')
		return 1;
	if (n >= 16 && n <= 19 && (luhn(d, n) ||
	    labelled(text, r->start[i], account_labels)))
		return 1;
	if (d[0] == '0' && n >= 10 && n <= 12 && (i < j ||
	    labelled(text, r->start[i], phone_labels)))
		return 1;
	return n >= 7 && n <= 8 && labelled(text, r->start[i], phone_labels);
}

/* The bytes before at that belong to the number: a '+' of +86, an
 * opening bracket of an area code. */
static size_t
lead(const char *text, size_t at)
{
	static const char *const leads[] = { "+", "(", "＋", "（" };

	for (size_t i = 0; i < sizeof leads / sizeof *leads; i++) {
		size_t n = strlen(leads[i]);

		if (at >= n && strncmp(text + at - n, leads[i], n) == 0)
			return n;
	}
	return 0;
}

static int
redact_numbers(const char *text, struct out *o)
{
	size_t at = 0, done = 0;
	struct run r;
	char d;

	while (text[at] != '\0') {
		size_t end;
		int i = 0;

		if (digit_at(text + at, &d) == 0) {
			at += cp_len(text + at);
			continue;
		}
		end = read_run(text, at, &r);
		while (i < r.n) {
			int j = r.n - 1 > i + 5 ? i + 5 : r.n - 1;

			while (j >= i && !personal(text, &r, i, j))
				j--;
			if (j < i) {
				i++;
				continue;
			}
			if (emit(o, text + done, r.start[i] - done -
			    lead(text, r.start[i])) || emit(o, MARKER,
			    strlen(MARKER)))
				return -1;
			done = r.end[j];
			i = j + 1;
		}
		at = end;
	}
	if (o->p == NULL)
		return 0;       /* nothing removed: the text stands */
	return emit(o, text + done, strlen(text + done));
}

/* Where an address ends: punctuation, a space, or the end. */
static int
address_end(const char *s)
{
	static const char *const ends[] = { "，", "。", "；", "、", "）",
	    "）", "】", "！", "？", "：", ",", ";", ")", "!", "?", " ", "\t",
	    "\n", "\r" };

	if (*s == '\0')
		return 1;
	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
		if (strncmp(s, ends[i], strlen(ends[i])) == 0)
			return 1;
	return 0;
}

/* The end of the district in the address at s (after its 区, 县 or
 * 旗), or s itself if it names none before it ends.  小区, 社区 and
 * the like are places within a district, not one. */
static const char *
district_end(const char *s)
{
	static const char *const marks[] = { "区", "县", "旗" };
	static const char *const not_districts[] = { "小", "社", "园", "校",
	    "景", "片", "街", "厂", "矿", "营", "城" };
	const char *p = s, *prev = NULL;

	for (int n = 0; n < 40 && !address_end(p); n++) {
		for (size_t i = 0; i < 3; i++) {
			int inner = 0;

			if (strncmp(p, marks[i], 3) != 0)
				continue;
			for (size_t k = 0; prev != NULL && k < sizeof
			    not_districts / sizeof *not_districts; k++)
				inner |= strncmp(prev, not_districts[k], 3) == 0;
			if (!inner)
				return p + 3;
		}
		prev = p;
		p += cp_len(p);
	}
	return s;
}

/* The nearest occurrence in p of one of the n strings of list (the
 * first of them in list order where two start at the same byte), into
 * *which; NULL if none occurs.  next[] caches each string's next
 * occurrence between calls with p moving forward (NULL: not yet looked
 * for; list[i] itself as a mark that it occurs no more).  UTF-8 is
 * self-synchronising: a string of whole code points found by strstr
 * starts at a code point. */
static const char *
nearest(const char *p, const char *const *list, size_t n, const char **next,
    size_t *which)
{
	const char *best = NULL;

	for (size_t i = 0; i < n; i++) {
		if (next[i] == list[i])
			continue;
		if (next[i] == NULL || next[i] < p)
			next[i] = strstr(p, list[i]);
		if (next[i] == NULL) {
			next[i] = list[i];
			continue;
		}
		if (best == NULL || next[i] < best) {
			best = next[i];
			*which = i;
		}
	}
	return best;
}

static int
redact_addresses(const char *text, int org_premises, struct out *o)
{
	static const char *const labels[] = { "家庭住址", "家庭地址", "现住址",
	    "住址", "家住", "现住", "居住地", "居住于", "居住在", "户籍地",
	    "户籍所在地", "住所地", "住所" };
	enum { NLABELS = sizeof labels / sizeof *labels };
	const char *next[NLABELS] = { NULL }, *p = text, *done = text;
	size_t i = 0;

	while ((p = nearest(p, labels, NLABELS, next, &i)) != NULL) {
		const char *a, *keep, *end;

		/* An organisation's registered premises are published. */
		if (org_premises && strncmp(labels[i], "住所", 6) == 0) {
			p += cp_len(p);
			continue;
		}
		a = p + strlen(labels[i]);
		while (strncmp(a, "：", 3) == 0 || *a == ':' || *a == ' ' ||
		    strncmp(a, "在", 3) == 0 || strncmp(a, "于", 3) == 0)
			a += strncmp(a, "：", 3) == 0 || strncmp(a, "在", 3) == 0 ||
			    strncmp(a, "于", 3) == 0 ? 3 : 1;
		keep = district_end(a);
		for (end = keep; !address_end(end); end += cp_len(end))
			;
		if (end > keep) {
			if (emit(o, done, (size_t)(keep - done)) ||
			    emit(o, MARKER, strlen(MARKER)))
				return -1;
			done = end;
		}
		p = end > a ? end : a;
	}
	if (o->p == NULL)
		return 0;
	return emit(o, done, strlen(done));
}

/* China's compound surnames (复姓) of more than a few bearers. */
static const char *const compound[] = { "欧阳", "司马", "上官", "诸葛",
    "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐",
    "夏侯", "轩辕", "端木", "西门", "南宫", "独孤", "百里", "呼延", "澹台",
    "公冶", "太史", "申屠", "闻人", "万俟", "赫连", "钟离", "东郭", "拓跋",
    "第五", "濮阳", "淳于", "单于", "仲孙", "司空", "司寇", "左丘", "梁丘",
    "公羊", "谷梁", "闾丘", "乐正", "漆雕", "巫马", "公西", "子车", "颛孙",
    "壤驷", "公良", "宰父", "夹谷", "段干", "东门", "羊舌", "微生", NULL };

/* The bytes of the surname of name. */
static size_t
surname_len(const char *name)
{
	for (int i = 0; compound[i] != NULL; i++)
		if (strncmp(name, compound[i], strlen(compound[i])) == 0 &&
		    name[strlen(compound[i])] != '\0')
			return strlen(compound[i]);
	return cp_len(name);
}

static int
longest_first(const void *a, const void *b)
{
	size_t la = strlen(*(const char *const *)a);
	size_t lb = strlen(*(const char *const *)b);

	return la < lb ? 1 : la > lb ? -1 : 0;
}

static int
redact_names(const char *text, const struct redact *r, struct out *o)
{
	const char *few[2 * 16], **names = few, **next;
	const char *p = text, *done = text;
	size_t n = 0, i = 0;
	int rc = 0;

	/* Most texts name one person, the party. */
	if (r->nnames > 16 && (names = calloc(2 * r->nnames,
	    sizeof *names)) == NULL)
		return -1;
	next = names + (names == few ? 16 : r->nnames);
	memset(next, 0, r->nnames * sizeof *next);
	/* A name of one character would take that character everywhere. */
	for (size_t k = 0; k < r->nnames; k++)
		if (r->names[k] != NULL && strlen(r->names[k]) >
		    cp_len(r->names[k]))
			names[n++] = r->names[k];
	qsort(names, n, sizeof *names, longest_first);
	while (rc == 0 && (p = nearest(p, names, n, next, &i)) != NULL) {
		rc = emit(o, done, (size_t)(p - done)) ||
		    emit(o, names[i], surname_len(names[i])) ||
		    emit(o, "某", 3);
		p += strlen(names[i]);
		done = p;
	}
	if (rc == 0 && o->p != NULL)
		rc = emit(o, done, strlen(done));
	if (names != few)
		free(names);
	return rc;
}

char *
redact_text(const char *text, const struct redact *r)
{
	struct out a = { 0 }, b = { 0 }, c = { 0 };
	const char *t;
	char *done;
	int rc;

	/* Each pass leaves its output empty if it changed nothing. */
	rc = redact_numbers(text, &a) ||
	    redact_addresses(t = a.p ? a.p : text, r->org_premises, &b) ||
	    redact_names(t = b.p ? b.p : t, r, &c);
	done = rc ? NULL : c.p ? c.p : strdup(t);
	if (done != c.p)
		free(c.p);
	free(a.p);
	free(b.p);
	return done;
}
