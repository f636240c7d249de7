/* site: the site's escapes, its file names and what site_write refuses
 * before it writes anything (lib/output/site*.c).  tests/site.bats
 * checks the site it writes. */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "output/site.h"
#include "unit.h"

#define FFFD "\xef\xbf\xbd"

static int
esc_is(const char *in, const char *want)
{
	struct site_buf b = { 0 };
	int ok;

	site_esc(&b, in);
	ok = b.p != NULL && strcmp(b.p, want) == 0;
	if (!ok)
		fprintf(stderr, "site_esc gave '%s', want '%s'\n",
		    b.p ? b.p : "", want);
	free(b.p);
	return ok;
}

static int
json_is(const char *in, const char *want)
{
	struct site_buf b = { 0 };
	int ok;

	site_json(&b, in);
	ok = b.p != NULL && strcmp(b.p, want) == 0;
	if (!ok)
		fprintf(stderr, "site_json gave '%s', want '%s'\n",
		    b.p ? b.p : "", want);
	free(b.p);
	return ok;
}

static int
name_is(const char *id, const char *want)
{
	char name[64];

	return site_file_name(id, name, sizeof name) == 0 &&
	    strcmp(name, want) == 0;
}

static void
escapes(void)
{
	CHECK(esc_is("大同市<某>&\"云端\"'x'", "大同市&lt;某&gt;&amp;"
	    "&quot;云端&quot;&#39;x&#39;"));
	CHECK(esc_is("</script><b>", "&lt;/script&gt;&lt;b&gt;"));
	CHECK(esc_is("行一\n行二\t\r", "行一\n行二\t\r"));
	/* Not UTF-8, or not a character HTML and XML may hold: U+FFFD. */
	CHECK(esc_is("a\xff" "b", "a" FFFD "b"));
	CHECK(esc_is("\xc0\xaf", FFFD FFFD));             /* overlong '/' */
	CHECK(esc_is("\xed\xa0\x80", FFFD FFFD FFFD));    /* a surrogate */
	CHECK(esc_is("\xe5\xbc", FFFD FFFD));             /* cut short */
	CHECK(esc_is("\x01\x1b\x7f\xc2\x85", FFFD FFFD FFFD FFFD));
	CHECK(esc_is("\xef\xbf\xbe", FFFD));              /* U+FFFE */
	CHECK(esc_is("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"));
	CHECK(esc_is("", ""));

	CHECK(json_is("</script><!--&'", "\"\\u003c/script\\u003e\\u003c!--"
	    "\\u0026\\u0027\""));
	CHECK(json_is("\"\\\n\t\r", "\"\\\"\\\\\\n\\t\\r\""));
	CHECK(json_is("\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\""));
	CHECK(json_is("张某\x01\xff", "\"张某" FFFD FFFD "\""));
	CHECK(json_is(NULL, "\"\""));
}

static void
names(void)
{
	char name[16];

	CHECK(name_is("2026-000042", "2026-000042"));
	CHECK(name_is("../etc", "_2E_2E_2Fetc"));
	/* Distinct IDs, distinct names: the escape escapes itself. */
	CHECK(name_is("a_2Fb", "a_5F2Fb"));
	CHECK(name_is("a/b", "a_2Fb"));
	CHECK(name_is("案", "_E6_A1_88"));
	CHECK(site_file_name("", name, sizeof name) == -1);
	CHECK(site_file_name(NULL, name, sizeof name) == -1);
	/* 16 bytes hold 15 and the NUL. */
	CHECK(site_file_name("0123456789abcde", name, sizeof name) == 0);
	CHECK(site_file_name("0123456789abcdef", name, sizeof name) == -1);
	CHECK(site_file_name("/////", name, sizeof name) == 0);
	CHECK(site_file_name("a/////", name, sizeof name) == -1);
}

static void
becauses(void)
{
	CHECK(strcmp(site_because("changed"), "变更") == 0);
	CHECK(strcmp(site_because("revoked"), "撤销") == 0);
	CHECK(strcmp(site_because("unlawful"), "确认违法") == 0);
	CHECK(strcmp(site_because("void"), "确认无效") == 0);
	CHECK(strcmp(site_because("确认无效"), "确认无效") == 0);
}

static const struct site_page page = {
	.case_id = "2026-000042", .doc_number = "同市监罚〔2026〕12号",
	.party = "张某", .facts = "事实", .basis = "依据",
	.penalty = "警告", .agency = "大同市市场监督管理局",
	.decided = "2026-11-20", .published = "2026-11-24",
	.entry_line = "{\"seq\":1}", .proof = "casetrail-proof 1\n",
};

/* site_write refuses with status want, naming the fault, and makes
 * nothing. */
static int
refused(const char *dir, const struct site_page *pages, size_t n,
    const char *now, int want, const char *message)
{
	struct stat sb;
	int rc = site_write(dir, "机关", "cp\n", pages, n, NULL, 0, now);

	if (rc != want || strstr(ct_errmsg(), message) == NULL) {
		fprintf(stderr, "site_write: %d '%s', want %d '%s'\n", rc,
		    ct_errmsg(), want, message);
		return 0;
	}
	return stat(dir, &sb) != 0;
}

static void
refusals(const char *tmp)
{
	char dir[4096];
	struct site_page two[2] = { page, page }, bad = page;
	const char *now = "2026-11-25T10:00:00+08:00";

	snprintf(dir, sizeof dir, "%s/site", tmp);
	CHECK(refused(dir, &page, 1, "2026-11-25 10:00", CT_USAGE,
	    "is not an RFC 3339 time"));
	CHECK(refused(dir, &page, 1, "2026-11-25T10:00:00+0800", CT_USAGE,
	    "is not an RFC 3339 time"));
	CHECK(refused(dir, two, 2, now, CT_USAGE, "a case is given twice: "
	    "'2026-000042'"));
	bad.decided = "2026/11/20";
	CHECK(refused(dir, &bad, 1, now, CT_USAGE, "case '2026-000042': a "
	    "date of its publication is not YYYY-MM-DD"));
	bad = page;
	bad.proof = NULL;
	CHECK(refused(dir, &bad, 1, now, CT_USAGE, "decision 1 of the site "
	    "lacks a field"));
	bad = page;
	bad.case_id = "";
	CHECK(refused(dir, &bad, 1, now, CT_USAGE, "case ID '' makes no "
	    "file name"));
	/* What it accepts: fractions of a second, Z. */
	CHECK(site_write(dir, "机关", "cp\n", &page, 1, NULL, 0,
	    "2026-11-25T02:00:00.250Z") == CT_OK);
	CHECK(access(dir, F_OK) == 0);
}

int
main(void)
{
	char tmp[] = "/tmp/unit-site.XXXXXX";
	char cmd[64];

	escapes();
	names();
	becauses();
	if (mkdtemp(tmp) == NULL)
		return 1;
	refusals(tmp);
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
	if (system(cmd) != 0)
		unit_failures++;
	UNIT_END();
}
