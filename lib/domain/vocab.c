/* vocab.c: the actions of the journal and the other word lists (see
 * vocab.h).  The columns follow casetrail(7), ACTIONS: the stage of the
 * procedure each step belongs to, the on-site steps that two officers
 * with credentials attend, the steps that are recorded on audio or video
 * (whole-process recording), and who may record what. */
#include <string.h>

#include "casetrail.h"
#include "vocab.h"

static const struct action action_table[] = {
	/* name                    stage            status     role */
	{ "inspection",            "investigation", NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_ONSITE | ACT_AV |
	    ACT_PREFILING },
	{ "random-inspection",     "investigation", NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_ONSITE | ACT_AV |
	    ACT_PREFILING },
	{ "inquiry",               "investigation", NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_ONSITE | ACT_AV },
	{ "evidence-collection",   "evidence",      NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_ONSITE | ACT_AV |
	    ACT_PREFILING },
	{ "evidence-preservation", "evidence",      NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_ONSITE | ACT_AV |
	    ACT_PREFILING },
	{ "notice",                "decision",      NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_PENALTY },
	{ "statement",             "decision",      NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_AV },
	{ "hearing",               "decision",      NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_AV },
	{ "coercive-measure",      "investigation", NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_ONSITE | ACT_AV },
	{ "decision",              "decision",      "decided", "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_PENALTY },
	/* A decided case's decision changed (corrected, withdrawn, varied
	 * on review): never a second decision, always with its reason. */
	{ "decision-change",       "decision",      NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_REASON },
	{ "service",               "service",       NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_AV },
	{ "execution",             "execution",     NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE },
	{ "closing",               "closing",       "closed",  "officer", NULL,
	    ACT_LOG | ACT_CASE },
	{ "note",                  NULL,            NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE },
	/* The structured decision (decide.c): the party's waiver of his
	 * statement and hearing after a notice, in its text; and a head's
	 * approval of a handler's draft decision (art. 57), bound to the
	 * draft's hash. */
	{ "waiver",                "decision",      NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_REASON },
	{ "approval",              "decision",      NULL,      "head",    NULL,
	    ACT_LOG | ACT_CASE | ACT_PENALTY },
	/* The legal review (review.h): a handler's disagreement with a
	 * review's opinion (协调), with its reason, and a head's record of
	 * the collective discussion (集体讨论) that a disagreement or a
	 * case marked major asks for before the decision. */
	{ "disagreement",          "review",        NULL,      "officer", NULL,
	    ACT_LOG | ACT_CASE | ACT_REASON },
	{ "collective-discussion", "decision",      NULL,      "head",    NULL,
	    ACT_LOG | ACT_CASE | ACT_REASON },
	/* Written by their own programs, never by case-log --action. */
	/* The legal review's own entries (review-submit(1), review-decide(1)):
	 * a handler's draft submitted, a reviewer's verdict on it. */
	{ "review-submit",         "review",        NULL,      "officer", NULL,
	    ACT_CASE },
	{ "review-decide",         NULL,            NULL,      "reviewer", NULL,
	    ACT_CASE },
	{ "case-new",              "filing",        "open",    "officer", NULL,
	    ACT_CASE },
	{ "evidence-add",          NULL,            NULL,      "officer", NULL,
	    ACT_CASE | ACT_PREFILING },
	{ "officer-add",           NULL,            NULL,      "admin",
	    "add officers", ACT_OFFICERS },
	{ "officer-revoke",        NULL,            NULL,      "admin",
	    "revoke officers", ACT_OFFICERS },
	{ "officer-key",           NULL,            NULL,      "admin",
	    "make keys for other officers", ACT_OFFICERS | ACT_SELF },
	{ "officer-update",        NULL,            NULL,      "admin",
	    "update officers", ACT_OFFICERS },
	{ "officer-restore",       NULL,            NULL,      "admin",
	    "restore officers", ACT_OFFICERS },
	/* random-draw (双随机一公开): a seed committed, a draw, and a draw
	 * the rules refused, none of them on a case (draw.h). */
	{ "draw-commit",           NULL,            NULL,      "officer", NULL,
	    0 },
	{ "draw",                  NULL,            NULL,      "officer", NULL,
	    0 },
	{ "draw-attempt",          NULL,            NULL,      "officer", NULL,
	    0 },
	/* A closed case sealed into its archive by an archivist (issue 18,
	 * archive-seal(1)): the entry holds the archive's SHA-256. */
	{ "archive-seal",          NULL,            "sealed",  "archivist",
	    "seal cases", ACT_CASE },
	/* Publicity (issue 16, publish-export(1), publish-withdraw(1)): an
	 * export holds the redacted records it published, a withdrawal its
	 * case and public reason in its body; neither is an entry of a case,
	 * so a sealed case's publication can still be withdrawn. */
	{ "publish",               NULL,            NULL,      "publisher",
	    "publish", 0 },
	{ "withdraw",              NULL,            NULL,      "publisher",
	    "withdraw publications", 0 },
	/* The lists published besides the decisions (publish_list.h): the
	 * officers, the powers, the draws; the entry holds its items. */
	{ "publish-list",          NULL,            NULL,      "publisher",
	    "publish lists", 0 },
	/* casetrail.conf as changed, recorded by whichever officer's write
	 * finds it so first (conf_record.c). */
	{ "conf",                  NULL,            NULL,      NULL, NULL,
	    0 },
};

enum { NACTIONS = sizeof action_table / sizeof action_table[0] };
_Static_assert((int)NACTIONS <= (int)ACTIONS_MAX, "raise ACTIONS_MAX");

/* The lifecycle of a case (vocab.h, struct move): a case is decided
 * once, and a decision is changed (corrected, withdrawn, varied on
 * review) only in a decided case, with its reason; only a closing moves
 * a case to the closing stage; a closed case takes notes and evidence,
 * a sealed one nothing.  A refusal's text follows "case 'ID' is STATUS". */
static const struct move move_table[] = {
	/* status   action             barred     refused because */
	{ "open",    "decision",        "closing", NULL },
	{ "open",    "decision-change", NULL,
	    ": there is no decision to change" },
	{ "open",    "closing",         NULL,      NULL },
	{ "open",    "archive-seal",    NULL,
	    ": only a closed case is sealed" },
	{ "open",    NULL,              "closing", NULL },
	{ "decided", "decision",        NULL,
	    " already: a changed decision is a decision-change, with its "
	    "reason" },
	{ "decided", "decision-change", "closing", NULL },
	{ "decided", "closing",         NULL,      NULL },
	{ "decided", "archive-seal",    NULL,
	    ": only a closed case is sealed" },
	{ "decided", NULL,              "closing", NULL },
	{ "closed",  "note",            NULL,      NULL },
	{ "closed",  "evidence-add",    NULL,      NULL },
	{ "closed",  "archive-seal",    NULL,      NULL },
	{ "closed",  NULL,              NULL,      " (only a note can be added)" },
	{ "sealed",  NULL,              NULL,      "" },
};

enum { NMOVES = sizeof move_table / sizeof move_table[0] };

const char vocab_types[] = "penalty coercion inspection license other";
const char vocab_stages[] = "filing investigation evidence review decision "
    "service execution closing";
const char vocab_statuses[] = "open decided closed sealed";
const char vocab_roles[] = "officer reviewer publisher archivist admin "
    "head";
/* The penalties a decision imposes (行政处罚法 art. 9), detention aside:
 * warning; fine; confiscation of unlawful gains, of unlawful property;
 * suspension, revocation of a licence; lowering of a qualification
 * grade; an order to stop production or business, or to close; a
 * restriction on working in a trade. */
const char vocab_penalties[] = "warning fine confiscate-gains "
    "confiscate-property suspend-licence revoke-licence lower-grade "
    "stop-business restrict-trade";
const char vocab_kinds[] = "document photo audio video other";

const struct action *
action_find(const char *name)
{
	/* The last row found, per thread: store-verify looks up from two. */
	static _Thread_local size_t last;

	if (strcmp(action_table[last].name, name) == 0)
		return &action_table[last];
	for (size_t i = 0; i < NACTIONS; i++)
		if (strcmp(action_table[i].name, name) == 0) {
			last = i;
			return &action_table[i];
		}
	return NULL;
}

const struct action *
action_at(size_t i)
{
	return i < NACTIONS ? &action_table[i] : NULL;
}

int
ct_action_row(size_t i, struct ct_action_row *a)
{
	for (size_t k = 0; k < NACTIONS; k++) {
		const struct action *t = &action_table[k];

		if (!(t->flags & ACT_LOG) || i-- > 0)
			continue;
		a->name = t->name;
		a->stage = t->stage;
		a->on_site = (t->flags & ACT_ONSITE) != 0;
		a->audio_video = (t->flags & ACT_AV) != 0;
		a->status = t->status;
		a->role = t->role;
		a->before_filing = (t->flags & ACT_PREFILING) != 0;
		return 1;
	}
	return 0;
}

const struct move *
move_find(const char *status, const char *action)
{
	for (size_t i = 0; i < NMOVES; i++) {
		const struct move *m = &move_table[i];

		if (strcmp(m->status, status) == 0 &&
		    (m->action == NULL || strcmp(m->action, action) == 0))
			return m;
	}
	return NULL;
}

int
ct_move_row(size_t i, struct ct_move_row *r)
{
	const struct move *m;
	const struct action *a;

	if (i >= NMOVES)
		return 0;
	m = &move_table[i];
	a = m->action ? action_find(m->action) : NULL;
	r->status = m->status;
	r->action = m->action;
	r->becomes = m->refusal ? NULL : a && a->status ? a->status :
	    m->status;
	r->barred = m->refusal ? NULL : m->barred;
	return 1;
}

char *
action_names(unsigned want, char *buf, size_t cap)
{
	size_t len = 0;

	if (cap == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < NACTIONS; i++) {
		size_t n = strlen(action_table[i].name);

		if ((action_table[i].flags & want) != want)
			continue;
		if (len + n + 2 > cap)
			break;
		if (len > 0)
			buf[len++] = ' ';
		memcpy(buf + len, action_table[i].name, n + 1);
		len += n;
	}
	return buf;
}

int
word_index(const char *word, const char *list)
{
	size_t n = strlen(word);
	int index = 0;

	if (n == 0)
		return -1;
	for (const char *p = list; *p != '\0'; index++) {
		size_t w = strcspn(p, " ");

		if (w == n && memcmp(p, word, n) == 0)
			return index;
		p += w;
		p += *p == ' ';
	}
	return -1;
}

int
word_in(const char *word, const char *list)
{
	return word_index(word, list) >= 0;
}

unsigned
role_bit(const char *role)
{
	int i = role != NULL ? word_index(role, vocab_roles) : -1;

	return i < 0 ? 0 : 1u << i;
}

unsigned
role_set(const char *list)
{
	char word[32];
	unsigned set = 0;
	size_t n;

	for (const char *p = list; p != NULL && *p != '\0'; p += n) {
		p += strspn(p, " ,");
		n = strcspn(p, " ,");
		if (n > 0 && n < sizeof word) {
			memcpy(word, p, n);
			word[n] = '\0';
			set |= role_bit(word);
		}
	}
	return set;
}
