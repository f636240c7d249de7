/* conf.c: casetrail.conf, the agency's settings.  The format is the
 * simplest that cron users edit safely: "key = value" lines, # comments. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum kind { TEXT, DAYS, MINUTES, MONEY, MONTHS, YEARS };

static const struct key {
	const char *name;
	enum kind kind;
	size_t offset;
} keys[] = {
	{ "agency", TEXT, offsetof(struct ct_conf, agency) },
	{ "timezone", TEXT, offsetof(struct ct_conf, timezone) },
	{ "holidays", TEXT, offsetof(struct ct_conf, holidays) },
	{ "deadline.decide", DAYS, offsetof(struct ct_conf, decide_days) },
	{ "deadline.serve", DAYS, offsetof(struct ct_conf, serve_days) },
	{ "deadline.publish", DAYS, offsetof(struct ct_conf, publish_days) },
	{ "deadline.publish-penalty", DAYS,
	    offsetof(struct ct_conf, publish_penalty_days) },
	{ "deadline.withdraw", DAYS, offsetof(struct ct_conf, withdraw_days) },
	{ "deadline.review", DAYS, offsetof(struct ct_conf, review_days) },
	{ "major.fine-person", MONEY,
	    offsetof(struct ct_conf, major_fine_person) },
	{ "major.fine-org", MONEY, offsetof(struct ct_conf, major_fine_org) },
	{ "major.confiscation-person", MONEY,
	    offsetof(struct ct_conf, major_confiscation_person) },
	{ "major.confiscation-org", MONEY,
	    offsetof(struct ct_conf, major_confiscation_org) },
	{ "major.types", TEXT, offsetof(struct ct_conf, major_types) },
	{ "hearing.fine-person", MONEY,
	    offsetof(struct ct_conf, hearing_fine_person) },
	{ "hearing.fine-org", MONEY, offsetof(struct ct_conf, hearing_fine_org) },
	{ "hearing.confiscation-person", MONEY,
	    offsetof(struct ct_conf, hearing_confiscation_person) },
	{ "hearing.confiscation-org", MONEY,
	    offsetof(struct ct_conf, hearing_confiscation_org) },
	{ "hearing.types", TEXT, offsetof(struct ct_conf, hearing_types) },
	{ "deadline.statement", DAYS, offsetof(struct ct_conf, statement_days) },
	{ "deadline.hearing", DAYS, offsetof(struct ct_conf, hearing_days) },
	{ "number.penalty", TEXT, offsetof(struct ct_conf, number_penalty) },
	/* How long a publication stays on the site (publish-export(1)). */
	{ "publish.keep-penalty", MONTHS,
	    offsetof(struct ct_conf, keep_penalty_months) },
	{ "publish.keep", MONTHS, offsetof(struct ct_conf, keep_months) },
	{ "clock.tolerance", MINUTES,
	    offsetof(struct ct_conf, clock_tolerance_min) },
	{ "archive.gm", TEXT, offsetof(struct ct_conf, archive_gm) },
	{ "archive.fonds", TEXT, offsetof(struct ct_conf, archive_fonds) },
	{ "archive.transfer-after", YEARS,
	    offsetof(struct ct_conf, transfer_years) },
};

static const char template[] =
"# casetrail.conf: the agency's settings (casetrail.conf(5)).\n"
"# \"key = value\" lines; # starts a comment.  Days are calendar days,\n"
"# except where a working-day count is noted.\n"
"\n"
"# The agency's name, as it appears on the documents it issues.\n"
"#agency = 大同市商务局\n"
"\n"
"# The zone in which times are read and shown.\n"
"#timezone = Asia/Shanghai\n"
"\n"
"# The holiday calendar (date<TAB>off|work<TAB>name) for working days.\n"
"#holidays = /usr/local/share/casetrail/holidays-cn.tsv\n"
"\n"
"# Days from filing to decision of a case (行政处罚法 art. 60).\n"
"#deadline.decide = 90\n"
"# Days from decision to service of the decision (art. 61).\n"
"#deadline.serve = 7\n"
"# Working days to publish a decision; penalties and licences.\n"
"#deadline.publish = 20\n"
"#deadline.publish-penalty = 7\n"
"# Days to withdraw a publication that was revoked.\n"
"#deadline.withdraw = 3\n"
"# Working days for a legal review.\n"
"#deadline.review = 5\n"
"\n"
"# Fines (yuan) from which a decision is major and needs legal review.\n"
"#major.fine-person = 10000\n"
"#major.fine-org = 100000\n"
"# Confiscations (yuan) from which a decision is major; penalty types\n"
"# that always make it major.  A hearing held, or --major, does too.\n"
"#major.confiscation-person = 10000\n"
"#major.confiscation-org = 100000\n"
"#major.types = revoke-licence lower-grade stop-business restrict-trade\n"
"\n"
"# Amounts (yuan) from which a notice gives the right to a hearing\n"
"# (较大数额, art. 63), and the types that always give it.\n"
"#hearing.fine-person = 10000\n"
"#hearing.fine-org = 100000\n"
"#hearing.confiscation-person = 10000\n"
"#hearing.confiscation-org = 100000\n"
"#hearing.types = revoke-licence lower-grade stop-business restrict-trade\n"
"# Working days after a notice for the party's statement, and to ask for\n"
"# a hearing (art. 64).\n"
"#deadline.statement = 5\n"
"#deadline.hearing = 5\n"
"\n"
"# The number (文号) of a penalty decision: {year}, {seq}.\n"
"#number.penalty = 罚〔{year}〕{seq}号\n"
"\n"
"# Minutes an entry's time may fall behind the entry before it (clocks of\n"
"# two hosts writing one store) before store-verify reports it.\n"
"#clock.tolerance = 5\n"
"\n"
"# How long a published decision stays published: penalties, others\n"
"# (Ny years or Nm months).\n"
"#publish.keep-penalty = 3y\n"
"#publish.keep = 3y\n"
"# yes: every archive-seal also writes SM3 manifests and an SM2 seal\n"
"# (archive-seal --gm).\n"
"#archive.gm = no\n"
"# The fonds code (全宗号) the archives gave the agency, the first part\n"
"# of every archive number (档号); with none, seals get no number.\n"
"#archive.fonds = J012\n"
"# Years after a case's closing year in which its archive goes to the\n"
"# archives (移交; archive-list --transfer-due).\n"
"#archive.transfer-after = 10\n";

const char *
conf_template(void)
{
	return template;
}

void
conf_defaults(struct ct_conf *c)
{
	memset(c, 0, sizeof *c);
	c->decide_days = 90;
	c->serve_days = 7;
	c->publish_days = 20;
	c->publish_penalty_days = 7;
	c->withdraw_days = 3;
	c->review_days = 5;
	c->major_fine_person = 1000000;
	c->major_fine_org = 10000000;
	c->major_confiscation_person = 1000000;
	c->major_confiscation_org = 10000000;
	c->hearing_fine_person = 1000000;
	c->hearing_fine_org = 10000000;
	c->hearing_confiscation_person = 1000000;
	c->hearing_confiscation_org = 10000000;
	c->statement_days = 5;
	c->hearing_days = 5;
	c->keep_penalty_months = 36;
	c->keep_months = 36;
	c->clock_tolerance_min = 5;
	c->transfer_years = 10;
}

void
conf_free(struct ct_conf *c)
{
	free(c->agency);
	free(c->timezone);
	free(c->holidays);
	free(c->holidays_text);
	free(c->text);
	free(c->major_types);
	free(c->hearing_types);
	free(c->number_penalty);
	free(c->archive_gm);
	free(c->archive_fonds);
	c->archive_gm = c->archive_fonds = NULL;
	c->agency = c->timezone = c->holidays = c->text = NULL;
	c->holidays_text = NULL;
	c->holidays_len = 0;
	c->major_types = c->hearing_types = c->number_penalty = NULL;
	c->text_len = 0;
}

static char *
trim(char *s, char *end)
{
	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return s;
}

/* Puts the file and line before the message a check left: copied first,
 * since ct_fail writes the buffer that ct_errmsg returns. */
static int
line_fail(const char *name, int lineno)
{
	char msg[1024];

	snprintf(msg, sizeof msg, "%s", ct_errmsg());
	return ct_fail(CT_USAGE, "%s:%d: %s", name, lineno, msg);
}

static int
set_key(struct ct_conf *c, const struct key *k, const char *value,
    const char *name, int lineno)
{
	char *field = (char *)c + k->offset;
	char *end;
	long days;

	switch (k->kind) {
	case TEXT:
		if (utf8_check_field(k->name, value, strlen(value), 1024, 0))
			return line_fail(name, lineno);
		free(*(char **)field);
		if ((*(char **)field = strdup(value)) == NULL)
			return ct_fail(CT_SYSTEM, "out of memory");
		return CT_OK;
	case DAYS:
	case MINUTES:
		errno = 0;
		days = strtol(value, &end, 10);
		if (errno || end == value || *end != '\0' || days < 0 ||
		    days > 3660)
			return ct_fail(CT_USAGE, "%s:%d: %s takes a number of "
			    "%s, not '%s'", name, lineno, k->name,
			    k->kind == DAYS ? "days" : "minutes", value);
		*(int *)field = (int)days;
		return CT_OK;
	case MONEY:
		if (money_parse(value, (int64_t *)field))
			return line_fail(name, lineno);
		return CT_OK;
	case MONTHS:
		errno = 0;
		days = strtol(value, &end, 10);
		if (errno || end == value || (strcmp(end, "y") != 0 &&
		    strcmp(end, "m") != 0) || days < 1 ||
		    days > (*end == 'y' ? 10 : 120))
			return ct_fail(CT_USAGE, "%s:%d: %s takes years or "
			    "months, as 3y or 6m, up to 10 years, not '%s'",
			    name, lineno, k->name, value);
		*(int *)field = (int)(*end == 'y' ? days * 12 : days);
		return CT_OK;
	case YEARS:
		errno = 0;
		days = strtol(value, &end, 10);
		if (errno || end == value || *end != '\0' || days < 0 ||
		    days > 100)
			return ct_fail(CT_USAGE, "%s:%d: %s takes a number of "
			    "years, 0 to 100, not '%s'", name, lineno, k->name,
			    value);
		*(int *)field = (int)days;
		return CT_OK;
	}
	return CT_OK;
}

int
conf_parse(struct ct_conf *c, const char *text, size_t n, const char *name)
{
	const char *p = text, *end = text + n;
	int lineno = 0;
	char line[2048];

	if (memchr(text, 0, n) != NULL || !utf8_valid(text, n))
		return ct_fail(CT_USAGE, "%s: not UTF-8 text", name);
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t len = (nl ? nl : end) - p;
		char *key, *value, *eq, *hash;
		size_t i;

		lineno++;
		if (len >= sizeof line)
			return ct_fail(CT_USAGE, "%s:%d: line too long", name,
			    lineno);
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : end;
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		key = trim(line, line + strlen(line));
		if (*key == '\0')
			continue;
		if ((eq = strchr(key, '=')) == NULL)
			return ct_fail(CT_USAGE, "%s:%d: expected 'key = value'",
			    name, lineno);
		value = trim(eq + 1, eq + 1 + strlen(eq + 1));
		key = trim(key, eq);
		for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
			if (strcmp(keys[i].name, key) == 0)
				break;
		if (i == sizeof keys / sizeof keys[0])
			return ct_fail(CT_USAGE, "%s:%d: unknown key '%s'", name,
			    lineno, key);
		if (*value == '\0')
			return ct_fail(CT_USAGE, "%s:%d: %s has no value", name,
			    lineno, key);
		if (set_key(c, &keys[i], value, name, lineno))
			return CT_USAGE;
		c->keys_set++;
	}
	return CT_OK;
}

int
conf_load(struct ct_conf *c, const char *path)
{
	FILE *fp = fopen(path, "r");
	char buf[65536];
	size_t n;
	int rc;

	if (fp == NULL) {
		if (errno == ENOENT)
			return CT_OK;
		return ct_fail(CT_SYSTEM, "cannot open %s: %s", path,
		    strerror(errno));
	}
	n = fread(buf, 1, sizeof buf, fp);
	if (ferror(fp)) {
		fclose(fp);
		return ct_fail(CT_SYSTEM, "cannot read %s", path);
	}
	if (n == sizeof buf) {
		fclose(fp);
		return ct_fail(CT_USAGE, "%s: too large", path);
	}
	fclose(fp);
	/* The text itself, for the conf entry that records it (a write's
	 * first step, conf_record.c). */
	free(c->text);
	if ((c->text = malloc(n + 1)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	memcpy(c->text, buf, n);
	c->text[n] = '\0';
	c->text_len = n;
	if ((rc = conf_parse(c, buf, n, path)) != CT_OK)
		return rc;
	/* The calendar's text too, which is recorded with the settings: a
	 * due day counted by it is checked again by it.  One that cannot
	 * be read says so where it is used. */
	free(c->holidays_text);
	c->holidays_text = NULL;
	if (c->holidays != NULL)
		(void)calendar_read(c->holidays, &c->holidays_text,
		    &c->holidays_len);
	return CT_OK;
}
