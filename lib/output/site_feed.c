/* site_feed.c: feed.atom (RFC 4287), the newest publications first.
 * Atom wants a permanent IRI for the feed and for each entry and a time
 * for each; the site knows no URL of its own, so the identifiers are
 * name-based UUIDs (RFC 9562 version 5) of the agency, and of the agency,
 * case and document number: the same decision has the same entry in every
 * export, and a changed decision with a new number a new one.  A
 * publication's time is its date at midnight, in the offset of now. */
#include <string.h>

#include <openssl/evp.h>

#include "internal.h"
#include "output/site.h"

/* RFC 9562's namespace for URLs, 6ba7b811-9dad-11d1-80b4-00c04fd430c8. */
static const unsigned char url_namespace[16] = {
	0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
	0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
};

/* "urn:uuid:" and the version 5 UUID of the name "urn:casetrail:site:"
 * followed by the parts, each after a newline but the first. */
static int
uuid_urn(struct site_buf *b, const char *const *parts, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen;
	char text[37];
	size_t t = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) &&
	    EVP_DigestUpdate(ctx, url_namespace, sizeof url_namespace) &&
	    EVP_DigestUpdate(ctx, "urn:casetrail:site:", 19);

	for (size_t i = 0; ok && i < n; i++)
		ok = (i == 0 || EVP_DigestUpdate(ctx, "\n", 1)) &&
		    EVP_DigestUpdate(ctx, parts[i], strlen(parts[i]));
	ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return ct_fail(CT_SYSTEM, "cannot hash the feed's identifiers");
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			text[t++] = '-';
		text[t++] = hex[md[i] >> 4];
		text[t++] = hex[md[i] & 0xf];
	}
	text[t] = '\0';
	site_raw(b, "urn:uuid:");
	site_raw(b, text);
	return CT_OK;
}

/* now's offset: "Z" or "+08:00" (site_write has checked its form). */
static const char *
offset_of(const char *now)
{
	size_t n = strlen(now);

	return now[n - 1] == 'Z' || now[n - 1] == 'z' ? "Z" : now + n - 6;
}

static int
entry(struct site_buf *b, const char *agency, const struct site_page *p,
    const char *name, const char *offset)
{
	const char *parts[] = { agency, p->case_id, p->doc_number };

	site_raw(b, "<entry>\n<title>");
	site_esc(b, p->doc_number);
	site_raw(b, " ");
	site_esc(b, p->party);
	site_raw(b, "</title>\n<id>");
	if (uuid_urn(b, parts, 3))
		return CT_SYSTEM;
	site_raw(b, "</id>\n<published>");
	site_esc(b, p->published);
	site_raw(b, "T00:00:00");
	site_raw(b, offset);
	site_raw(b, "</published>\n<updated>");
	site_esc(b, p->published);
	site_raw(b, "T00:00:00");
	site_raw(b, offset);
	site_raw(b, "</updated>\n<link rel=\"alternate\" type=\"text/html\" "
	    "href=\"d/");
	site_raw(b, name);
	site_raw(b, ".html\"/>\n<summary type=\"text\">当事人：");
	site_esc(b, p->party);
	site_raw(b, "；处罚：");
	site_esc(b, p->penalty);
	site_raw(b, "；作出决定日期：");
	site_esc(b, p->decided);
	site_raw(b, "；主要违法事实：");
	site_esc(b, p->facts);
	site_raw(b, "</summary>\n</entry>\n");
	return CT_OK;
}

int
site_feed_atom(struct site_buf *b, const char *agency,
    const struct site_page *pages, const size_t *order, size_t npages,
    char *const *names, const char *now)
{
	const char *offset = offset_of(now);

	site_raw(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n"
	    "<title>");
	site_esc(b, agency);
	site_raw(b, " 行政处罚决定公示</title>\n<id>");
	if (uuid_urn(b, &agency, 1))
		return CT_SYSTEM;
	site_raw(b, "</id>\n<updated>");
	site_esc(b, now);
	site_raw(b, "</updated>\n<author><name>");
	site_esc(b, agency);
	site_raw(b, "</name></author>\n"
	    "<link rel=\"self\" type=\"application/atom+xml\" href=\"feed.atom\"/>\n"
	    "<link rel=\"alternate\" type=\"text/html\" href=\"index.html\"/>\n");
	for (size_t i = 0; i < npages && i < SITE_FEED_MAX; i++)
		if (entry(b, agency, &pages[order[i]], names[order[i]], offset))
			return CT_SYSTEM;
	site_raw(b, "</feed>\n");
	return CT_OK;
}
