/* site_text.c: the site's text, escaped once here for every context it
 * goes into: HTML and XML text and attributes, and JSON inside <script>.
 * Each escape walks the text by code point, so that a byte which starts
 * no valid UTF-8 sequence, or a character HTML or XML cannot hold,
 * becomes U+FFFD instead of a page that a browser or an XML parser reads
 * otherwise than we meant. */
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "output/site.h"

#define REPLACEMENT "\xef\xbf\xbd"

const char *const site_penalty_words[] = {
	"警告", "通报批评", "罚款", "没收违法所得", "没收非法财物",
	"暂扣许可证件", "降低资质等级", "吊销许可证件", "责令停产停业",
	"责令关闭", "限制从业", NULL
};

const char *
site_because(const char *because)
{
	static const char *const words[][2] = {
		{ "changed", "变更" }, { "revoked", "撤销" },
		{ "unlawful", "确认违法" }, { "void", "确认无效" },
	};

	for (size_t i = 0; because && i < sizeof words / sizeof words[0]; i++)
		if (strcmp(because, words[i][0]) == 0)
			return words[i][1];
	return because;
}

static int
room(struct site_buf *b, size_t n)
{
	char *p;

	if (b->oom)
		return -1;
	if ((p = grow(b->p, &b->cap, b->len + n + 1, 4096)) == NULL) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	return 0;
}

void
site_rawn(struct site_buf *b, const char *s, size_t n)
{
	if (room(b, n) < 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
site_raw(struct site_buf *b, const char *s)
{
	if (s != NULL)
		site_rawn(b, s, strlen(s));
}

/* The code point at s into *cp and its length in bytes; a byte that
 * starts no valid sequence (overlong, a surrogate, past U+10FFFF,
 * truncated) is one byte of U+FFFD. */
static size_t
decode(const unsigned char *s, uint32_t *cp)
{
	size_t n;
	uint32_t c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, c &= 0x07, min = 0x10000;
	else
		goto bad;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = 0xfffd;
	return 1;
}

/* Whether HTML and XML 1.0 may both hold the character as text. */
static int
allowed(uint32_t c)
{
	if (c < 0x20)
		return c == '\t' || c == '\n' || c == '\r';
	if (c >= 0x7f && c <= 0x9f)
		return 0;
	return c != 0xfffe && c != 0xffff && c != 0xfffd;
}

/* Whether the character goes into markup, or into a JSON string inside
 * <script>, as it is. */
static int
markup_plain(uint32_t c)
{
	return allowed(c) && c != '&' && c != '<' && c != '>' && c != '"' &&
	    c != '\'';
}

static int
json_plain(uint32_t c)
{
	return allowed(c) && c >= 0x20 && c != '"' && c != '\\' &&
	    c != '<' && c != '>' && c != '&' && c != '\'' && c != 0x2028 &&
	    c != 0x2029;
}

static void
esc_markup(struct site_buf *b, uint32_t c)
{
	switch (c) {
	case '&': site_raw(b, "&amp;"); break;
	case '<': site_raw(b, "&lt;"); break;
	case '>': site_raw(b, "&gt;"); break;
	case '"': site_raw(b, "&quot;"); break;
	case '\'': site_raw(b, "&#39;"); break;
	default: site_raw(b, REPLACEMENT);
	}
}

static void
esc_json(struct site_buf *b, uint32_t c)
{
	static const char hex[] = "0123456789abcdef";
	char u[7] = "\\u0000";

	switch (c) {
	case '"': site_raw(b, "\\\""); return;
	case '\\': site_raw(b, "\\\\"); return;
	case '\n': site_raw(b, "\\n"); return;
	case '\t': site_raw(b, "\\t"); return;
	case '\r': site_raw(b, "\\r"); return;
	case 0xfffd: site_raw(b, REPLACEMENT); return;
	}
	u[2] = hex[c >> 12 & 0xf];
	u[3] = hex[c >> 8 & 0xf];
	u[4] = hex[c >> 4 & 0xf];
	u[5] = hex[c & 0xf];
	site_rawn(b, u, 6);
}

/* Copies s to b in runs of the characters plain passes, handing each
 * other one to esc, as U+FFFD if it may not stand at all. */
static void
walk(struct site_buf *b, const char *s, int (*plain)(uint32_t),
    void (*esc)(struct site_buf *, uint32_t))
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	uint32_t c;
	size_t n;

	if (s == NULL)
		return;
	while (*p != '\0') {
		n = decode(p, &c);
		if (plain(c)) {
			p += n;
			continue;
		}
		site_rawn(b, (const char *)run, (size_t)(p - run));
		esc(b, allowed(c) ? c : 0xfffd);
		run = p += n;
	}
	site_rawn(b, (const char *)run, (size_t)(p - run));
}

void
site_esc(struct site_buf *b, const char *s)
{
	walk(b, s, markup_plain, esc_markup);
}

void
site_json(struct site_buf *b, const char *s)
{
	site_raw(b, "\"");
	walk(b, s, json_plain, esc_json);
	site_raw(b, "\"");
}

int
site_file_name(const char *case_id, char *name, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	if (case_id == NULL || *case_id == '\0')
		return -1;
	for (const unsigned char *p = (const unsigned char *)case_id; *p;
	    p++) {
		int plain = (*p >= 'A' && *p <= 'Z') ||
		    (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-';

		if (n + (plain ? 1 : 3) + 1 > cap)
			return -1;
		if (plain)
			name[n++] = (char)*p;
		else {
			name[n++] = '_';
			name[n++] = hex[*p >> 4];
			name[n++] = hex[*p & 0xf];
		}
	}
	name[n] = '\0';
	return 0;
}
