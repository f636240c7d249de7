/* conf.c: casetrail.conf, lib/conf.c. */
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "unit.h"

static int
parse(struct ct_conf *c, const char *text)
{
	conf_free(c);
	conf_defaults(c);
	return conf_parse(c, text, strlen(text), "casetrail.conf");
}

/* Parses text, expecting a refusal whose message is exactly want. */
static int
refuses(const char *text, const char *want)
{
	struct ct_conf c = { 0 };
	int rc = parse(&c, text);

	conf_free(&c);
	if (rc != CT_USAGE || strcmp(ct_errmsg(), want) != 0) {
		fprintf(stderr, "conf_parse: %d '%s', not '%s'\n", rc,
		    ct_errmsg(), want);
		return 0;
	}
	return 1;
}

static void
test_defaults(void)
{
	struct ct_conf c;

	memset(&c, 0x5a, sizeof c);
	conf_defaults(&c);
	CHECK(c.agency == NULL && c.timezone == NULL && c.holidays == NULL);
	CHECK(c.decide_days == 90 && c.serve_days == 7);
	CHECK(c.publish_days == 20 && c.publish_penalty_days == 7);
	CHECK(c.withdraw_days == 3 && c.review_days == 5);
	CHECK(c.major_fine_person == 1000000 && c.major_fine_org == 10000000);

	/* The template documents every key, commented out: it reads as the
	 * defaults. */
	CHECK(conf_parse(&c, conf_template(), strlen(conf_template()),
	    "template") == CT_OK);
	CHECK(c.agency == NULL && c.decide_days == 90);
	CHECK(c.major_fine_org == 10000000);
	{
		static const char *const keys[] = { "agency", "timezone",
		    "holidays", "deadline.decide", "deadline.serve",
		    "deadline.publish", "deadline.publish-penalty",
		    "deadline.withdraw", "deadline.review",
		    "major.fine-person", "major.fine-org" };
		char want[64];

		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			snprintf(want, sizeof want, "\n#%s = ", keys[i]);
			CHECK(strstr(conf_template(), want) != NULL);
		}
	}
	/* Uncommenting every line of the template gives a valid file. */
	{
		char *t = strdup(conf_template()), *o = t;

		for (const char *p = conf_template(); *p; p++) {
			if (*p == '#' && (p == conf_template() || p[-1] == '\n') &&
			    p[1] != ' ' && p[1] != '\n' && p[1] != '"')
				continue;
			*o++ = *p;
		}
		*o = '\0';
		conf_defaults(&c);
		CHECK(conf_parse(&c, t, strlen(t), "template") == CT_OK);
		CHECK(c.agency != NULL && strcmp(c.agency, "大同市商务局") == 0);
		CHECK(c.timezone != NULL &&
		    strcmp(c.timezone, "Asia/Shanghai") == 0);
		CHECK(c.decide_days == 90 && c.major_fine_org == 10000000);
		conf_free(&c);
		free(t);
	}
}

static void
test_every_key(void)
{
	struct ct_conf c = { 0 };
	const char *text =
	    "# 大同市商务局的设置\n"
	    "\n"
	    "agency = 大同市商务局综合行政执法队\n"
	    "   timezone=Asia/Urumqi   \n"
	    "holidays = /usr/local/share/casetrail/holidays-cn.tsv # 节假日\n"
	    "\t\n"
	    "deadline.decide = 60\n"
	    "deadline.serve = 10\r\n"
	    "deadline.publish = 15\n"
	    "deadline.publish-penalty = 5\n"
	    "deadline.withdraw = 0\n"
	    "deadline.review = 3660\n"
	    "major.fine-person = 20000\n"
	    "major.fine-org = 200000.50";      /* no final newline */

	CHECK(parse(&c, text) == CT_OK);
	CHECK(c.agency && strcmp(c.agency, "大同市商务局综合行政执法队") == 0);
	CHECK(c.timezone && strcmp(c.timezone, "Asia/Urumqi") == 0);
	CHECK(c.holidays && strcmp(c.holidays,
	    "/usr/local/share/casetrail/holidays-cn.tsv") == 0);
	CHECK(c.decide_days == 60);
	CHECK(c.serve_days == 10);
	CHECK(c.publish_days == 15);
	CHECK(c.publish_penalty_days == 5);
	CHECK(c.withdraw_days == 0);
	CHECK(c.review_days == 3660);
	CHECK(c.major_fine_person == 2000000);
	CHECK(c.major_fine_org == 20000050);

	/* A later line wins; keys not given keep their defaults. */
	CHECK(parse(&c, "agency = 甲\nagency = 乙\n") == CT_OK);
	CHECK(c.agency && strcmp(c.agency, "乙") == 0);
	CHECK(c.decide_days == 90);
	/* An '=' inside the value is the value's. */
	CHECK(parse(&c, "agency = 甲=乙\n") == CT_OK);
	CHECK(c.agency && strcmp(c.agency, "甲=乙") == 0);
	/* Empty text and comments only. */
	CHECK(parse(&c, "") == CT_OK);
	CHECK(parse(&c, "\n\n# only a comment\n   # another\n") == CT_OK);
	CHECK(c.agency == NULL);
	conf_free(&c);
	CHECK(c.agency == NULL && c.timezone == NULL && c.holidays == NULL);
}

static void
test_refusals(void)
{
	char big[3000];
	struct ct_conf c = { 0 };

	CHECK(refuses("agency = 甲\n\n# x\nagnecy = 乙\n",
	    "casetrail.conf:4: unknown key 'agnecy'"));
	CHECK(refuses("deadline = 5\n", "casetrail.conf:1: unknown key "
	    "'deadline'"));
	CHECK(refuses("Agency = 甲\n", "casetrail.conf:1: unknown key "
	    "'Agency'"));
	CHECK(refuses("= 5\n", "casetrail.conf:1: unknown key ''"));
	CHECK(refuses("\nagency 甲\n", "casetrail.conf:2: expected 'key = "
	    "value'"));
	CHECK(refuses("agency\n", "casetrail.conf:1: expected 'key = "
	    "value'"));
	CHECK(refuses("agency =\n", "casetrail.conf:1: agency has no value"));
	CHECK(refuses("agency =   # none\n",
	    "casetrail.conf:1: agency has no value"));
	CHECK(refuses("deadline.decide = 九十\n", "casetrail.conf:1: "
	    "deadline.decide takes a number of days, not '九十'"));
	CHECK(refuses("deadline.decide = -1\n", "casetrail.conf:1: "
	    "deadline.decide takes a number of days, not '-1'"));
	CHECK(refuses("deadline.decide = 3661\n", "casetrail.conf:1: "
	    "deadline.decide takes a number of days, not '3661'"));
	CHECK(refuses("deadline.serve = 7.5\n", "casetrail.conf:1: "
	    "deadline.serve takes a number of days, not '7.5'"));
	CHECK(refuses("deadline.serve = 7 days\n", "casetrail.conf:1: "
	    "deadline.serve takes a number of days, not '7 days'"));
	CHECK(refuses("deadline.serve = 99999999999999999999\n",
	    "casetrail.conf:1: deadline.serve takes a number of days, not "
	    "'99999999999999999999'"));
	CHECK(refuses("major.fine-person = 1e5\n", "casetrail.conf:1: bad "
	    "amount '1e5' (use yuan, as 5000 or 5000.50)"));
	CHECK(refuses("major.fine-org = -100\n", "casetrail.conf:1: bad "
	    "amount '-100' (use yuan, as 5000 or 5000.50)"));
	CHECK(refuses("major.fine-org = 10,000\n", "casetrail.conf:1: bad "
	    "amount '10,000' (use yuan, as 5000 or 5000.50)"));
	CHECK(refuses("agency = 甲\x01乙\n", "casetrail.conf:1: agency "
	    "contains a control character"));
	CHECK(refuses("agency = 甲\t乙\n", "casetrail.conf:1: agency "
	    "contains a control character"));
	CHECK(refuses("agency = \xe7\xab\n", "casetrail.conf: not UTF-8 "
	    "text"));
	CHECK(refuses("agency = \xc0\xae\n", "casetrail.conf: not UTF-8 "
	    "text"));
	{
		const char nul[] = "agency = 甲\0乙\n";

		conf_defaults(&c);
		CHECK(conf_parse(&c, nul, sizeof nul - 1, "x.conf") ==
		    CT_USAGE);
		CHECK(strcmp(ct_errmsg(), "x.conf: not UTF-8 text") == 0);
		conf_free(&c);
	}
	memset(big, 'x', sizeof big);
	memcpy(big, "agency = ", 9);
	big[sizeof big - 1] = '\0';
	CHECK(refuses(big, "casetrail.conf:1: line too long"));
	/* A value of 1025 bytes is too long for a text key. */
	memset(big, 'x', sizeof big);
	memcpy(big, "agency = ", 9);
	big[9 + 1025] = '\0';
	CHECK(refuses(big, "casetrail.conf:1: agency is too long (1025 "
	    "bytes, at most 1024)"));
	big[9 + 1024] = '\0';
	CHECK(parse(&c, big) == CT_OK);
	conf_free(&c);

	/* What was read before the bad line stays read. */
	CHECK(parse(&c, "agency = 甲\ndeadline.decide = 30\nbad\n") ==
	    CT_USAGE);
	CHECK(c.agency && strcmp(c.agency, "甲") == 0);
	CHECK(c.decide_days == 30);
	conf_free(&c);
}

static void
test_load(void)
{
	char dir[] = "/tmp/casetrail-unit-XXXXXX", path[256];
	struct ct_conf c;
	FILE *fp;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/casetrail.conf", dir);

	conf_defaults(&c);
	CHECK(conf_load(&c, path) == CT_OK);        /* missing: defaults */
	CHECK(c.decide_days == 90 && c.agency == NULL);

	fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (fp != NULL) {
		fputs("agency = 大同市市场监督管理局\ndeadline.decide = 45\n", fp);
		fclose(fp);
	}
	CHECK(conf_load(&c, path) == CT_OK);
	CHECK(c.agency && strcmp(c.agency, "大同市市场监督管理局") == 0);
	CHECK(c.decide_days == 45);
	conf_free(&c);

	fp = fopen(path, "w");
	if (fp != NULL) {
		fputs("deadline.decide = 45\nunknown.key = 1\n", fp);
		fclose(fp);
	}
	conf_defaults(&c);
	CHECK(conf_load(&c, path) == CT_USAGE);
	{
		char want[300];

		snprintf(want, sizeof want, "%s:2: unknown key 'unknown.key'",
		    path);
		CHECK(strcmp(ct_errmsg(), want) == 0);
	}
	conf_free(&c);

	/* Too large to be a configuration. */
	fp = fopen(path, "w");
	if (fp != NULL) {
		for (int i = 0; i < 70000 / 16; i++)
			fputs("# padding line\n", fp);
		fclose(fp);
	}
	conf_defaults(&c);
	CHECK(conf_load(&c, path) == CT_USAGE);
	CHECK(strstr(ct_errmsg(), "too large") != NULL);
	conf_free(&c);

	/* A directory where the file should be. */
	unlink(path);
	CHECK(mkdir(path, 0700) == 0);
	conf_defaults(&c);
	CHECK(conf_load(&c, path) != CT_OK);
	conf_free(&c);
	rmdir(path);
	rmdir(dir);
}

int
main(void)
{
	test_defaults();
	test_every_key();
	test_refusals();
	test_load();
	UNIT_END();
}
