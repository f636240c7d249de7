/* penalty.c: the structured decision (casetrail-formats(5), "penalty"):
 * its fields checked, its canonical JSON, the hash of a draft that a
 * head's approval (and later a legal review) binds to, and the pure
 * judgements of the catalogue: major (casetrail.conf(5), major.*) and a
 * right to a hearing (hearing.*, 行政处罚法 art. 63). */
#include <stdlib.h>
#include <string.h>

#include "decide.h"

int
ct_penalty_type(const char *word, unsigned *bit)
{
	int i = word_index(word, vocab_penalties);

	if (i < 0)
		return ct_fail(CT_USAGE, "unknown penalty '%s' (penalties: %s)",
		    word, vocab_penalties);
	*bit = 1u << i;
	return CT_OK;
}

int
penalty_types_parse(const char *list, unsigned *bits)
{
	char word[64];
	unsigned bit = 0;
	size_t n;

	*bits = 0;
	for (const char *p = list; p != NULL && *p != '\0'; p += n) {
		p += strspn(p, " ,");
		if ((n = strcspn(p, " ,")) == 0)
			break;
		if (n >= sizeof word)
			return ct_fail(CT_USAGE, "unknown penalty '%.*s'", (int)n,
			    p);
		memcpy(word, p, n);
		word[n] = '\0';
		if (ct_penalty_type(word, &bit))
			return CT_USAGE;
		*bits |= bit;
	}
	return CT_OK;
}

int
ct_penalty_given(const struct ct_penalty *p)
{
	return p != NULL && (p->types || p->fine || p->confiscation ||
	    p->basis || p->facts || p->comply || p->comply_by || p->major);
}

static int
field(const char *what, const char *s, size_t max)
{
	if (s == NULL)
		return CT_OK;
	if (*s == '\0')
		return ct_fail(CT_USAGE, "%s is empty", what);
	return utf8_check_field(what, s, strlen(s), max, 1);
}

int
ct_penalty_check(struct ct_penalty *p)
{
	unsigned fine = 1u << word_index("fine", vocab_penalties);
	unsigned gains = 1u << word_index("confiscate-gains", vocab_penalties);
	unsigned property = 1u << word_index("confiscate-property",
	    vocab_penalties);
	long day;
	int rc;

	if (p->fine < 0 || p->confiscation < 0)
		return ct_fail(CT_USAGE, "an amount is not negative");
	/* An amount names its penalty: --fine a fine, --confiscation the
	 * confiscation of gains unless of property is named. */
	if (p->fine > 0)
		p->types |= fine;
	if (p->confiscation > 0 && !(p->types & property))
		p->types |= gains;
	if ((p->types & fine) && p->fine == 0)
		return ct_fail(CT_USAGE, "a fine needs its amount, more than 0 "
		    "(--fine)");
	if (p->types >= 1u << (word_index("restrict-trade", vocab_penalties)
	    + 1))
		return ct_fail(CT_USAGE, "unknown penalty");
	if ((rc = field("basis", p->basis, 4096)) ||
	    (rc = field("facts", p->facts, 64 * 1024)) ||
	    (rc = field("comply", p->comply, 4096)))
		return rc;
	if (p->comply_by != NULL && (strlen(p->comply_by) != 10 ||
	    calendar_parse_date(p->comply_by, &day) != CT_OK))
		return ct_fail(CT_USAGE, "bad date '%s' (YYYY-MM-DD)",
		    p->comply_by);
	if (ct_penalty_given(p) && p->types == 0)
		return ct_fail(CT_USAGE, "a penalty needs its type (--penalty, "
		    "--fine or --confiscation)");
	return CT_OK;
}

/* Appends s as a JSON string, escaped as SQLite's json_object escapes. */
static int
put_string(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t need = *len + 6 * strlen(s) + 3;
	char *p;

	if ((p = grow(*buf, cap, need, 256)) == NULL)
		return CT_SYSTEM;
	*buf = p;
	p[(*len)++] = '"';
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;
		const char *esc = ch == '"' ? "\\\"" : ch == '\\' ? "\\\\" :
		    ch == '\b' ? "\\b" : ch == '\f' ? "\\f" : ch == '\n' ?
		    "\\n" : ch == '\r' ? "\\r" : ch == '\t' ? "\\t" : NULL;

		if (esc != NULL)
			*len += (size_t)sprintf(p + *len, "%s", esc);
		else if (ch < 0x20)
			*len += (size_t)sprintf(p + *len, "\\u%04x", ch);
		else
			p[(*len)++] = (char)ch;
	}
	p[(*len)++] = '"';
	p[*len] = '\0';
	return CT_OK;
}

static int
put_raw(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s);
	char *p;

	if ((p = grow(*buf, cap, *len + n + 1, 256)) == NULL)
		return CT_SYSTEM;
	*buf = p;
	memcpy(p + *len, s, n + 1);
	*len += n;
	return CT_OK;
}

int
ct_penalty_json(const struct ct_penalty *p, char **json)
{
	const char *keys[4] = { "basis", "facts", "comply", "comply_by" };
	const char *vals[4] = { p->basis, p->facts, p->comply, p->comply_by };
	char *buf = NULL, num[48];
	size_t len = 0, cap = 0;
	int rc = put_raw(&buf, &len, &cap, "{\"types\":[");
	int i = 0, first = 1;

	for (const char *w = vocab_penalties; rc == CT_OK && *w != '\0'; i++) {
		size_t n = strcspn(w, " ");
		char word[64];

		memcpy(word, w, n);
		word[n] = '\0';
		if (p->types & (1u << i)) {
			rc = put_raw(&buf, &len, &cap, first ? "" : ",");
			if (rc == CT_OK)
				rc = put_string(&buf, &len, &cap, word);
			first = 0;
		}
		w += n;
		w += *w == ' ';
	}
	if (rc == CT_OK)
		rc = put_raw(&buf, &len, &cap, "]");
	if (rc == CT_OK && p->fine > 0) {
		snprintf(num, sizeof num, ",\"fine\":%lld", (long long)p->fine);
		rc = put_raw(&buf, &len, &cap, num);
	}
	if (rc == CT_OK && p->confiscation > 0) {
		snprintf(num, sizeof num, ",\"confiscation\":%lld",
		    (long long)p->confiscation);
		rc = put_raw(&buf, &len, &cap, num);
	}
	for (i = 0; i < 4 && rc == CT_OK; i++) {
		if (vals[i] == NULL)
			continue;
		snprintf(num, sizeof num, ",\"%s\":", keys[i]);
		if ((rc = put_raw(&buf, &len, &cap, num)) == CT_OK)
			rc = put_string(&buf, &len, &cap, vals[i]);
	}
	if (rc == CT_OK)
		rc = put_raw(&buf, &len, &cap, p->major ? ",\"major\":true}" :
		    "}");
	if (rc != CT_OK) {
		free(buf);
		return rc;
	}
	*json = buf;
	return CT_OK;
}

int
ct_penalty_draft_hash(const struct ct_penalty *p, const char *text,
    char hex[65])
{
	char *json, *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;

	if ((rc = ct_penalty_json(p, &json)))
		return rc;
	if ((rc = put_raw(&buf, &len, &cap, "{\"penalty\":")) == CT_OK &&
	    (rc = put_raw(&buf, &len, &cap, json)) == CT_OK &&
	    (rc = put_raw(&buf, &len, &cap, ",\"text\":")) == CT_OK &&
	    (rc = put_string(&buf, &len, &cap, text ? text : "")) == CT_OK &&
	    (rc = put_raw(&buf, &len, &cap, "}")) == CT_OK)
		conf_sha256(buf, len, hex);
	free(json);
	free(buf);
	return rc;
}

/* Whether an amount reaches its threshold for the party's kind: an
 * organisation's, or else a person's, the lower, when it is not known. */
static int
reaches(int64_t amount, const char *party_kind, int64_t person, int64_t org)
{
	int is_org = party_kind != NULL && strcmp(party_kind, "org") == 0;

	return amount > 0 && amount >= (is_org ? org : person);
}

int
penalty_major(const struct ct_conf *c, const char *party_kind,
    const struct ct_penalty *p, int hearing_held, const char **rule)
{
	unsigned always = 0;
	int rc;

	*rule = NULL;
	if ((rc = penalty_types_parse(c->major_types ? c->major_types :
	    PENALTY_MAJOR_TYPES, &always)))
		return rc;
	if (p->major)
		*rule = "manual";
	else if (p->types & always)
		*rule = "type";
	else if (reaches(p->fine, party_kind, c->major_fine_person,
	    c->major_fine_org))
		*rule = "fine";
	else if (reaches(p->confiscation, party_kind,
	    c->major_confiscation_person, c->major_confiscation_org))
		*rule = "confiscation";
	else if (hearing_held)
		*rule = "hearing";
	return CT_OK;
}

int
penalty_hearing_right(const struct ct_conf *c, const char *party_kind,
    const struct ct_penalty *p, int *right)
{
	unsigned always = 0;
	int rc;

	if ((rc = penalty_types_parse(c->hearing_types ? c->hearing_types :
	    PENALTY_HEARING_TYPES, &always)))
		return rc;
	*right = (p->types & always) != 0 ||
	    reaches(p->fine, party_kind, c->hearing_fine_person,
	    c->hearing_fine_org) ||
	    reaches(p->confiscation, party_kind,
	    c->hearing_confiscation_person, c->hearing_confiscation_org);
	return CT_OK;
}
