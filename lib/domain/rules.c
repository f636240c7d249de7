/* rules.c: who may enforce, and with whom.  Nobody without a credential
 * valid on the day enforces (持证上岗), on-site actions have at least two
 * officers present, officers are managed by admins, and a closed case
 * takes no more steps (casetrail(7), RULES).  The rule_ functions are
 * pure (rules.h): the writer calls them through rules_entry and
 * rules_may_manage below, store-verify from its replay. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Whether credential [from, until] covers the local date day. */
static int
covers(const char *from, const char *until, const char *day)
{
	return strcmp(day, from) >= 0 && strcmp(day, until) <= 0;
}

int
rule_qualified(const struct cred *c, time_t at)
{
	char day[11], utc[21];

	time_local_date(at, day);
	time_utc(at, utc);
	/* A step recorded late is judged by the credential of its day: one
	 * renewed since still counts, one a revocation withdrew before the
	 * step does not. */
	if (!covers(c->valid_from, c->valid_until, day)) {
		size_t i;

		for (i = 0; i < c->npast; i++)
			if (covers(c->past[i].valid_from, c->past[i].valid_until,
			    day) && (c->past[i].withdrawn_at[0] == '\0' ||
			    strcmp(utc, c->past[i].withdrawn_at) < 0))
				break;
		if (i == c->npast)
			return ct_fail(CT_REFUSED, "officer '%s' holds no "
			    "credential valid on %s (credential %s is valid from "
			    "%s to %s)", c->id, day, c->credential, c->valid_from,
			    c->valid_until);
	}
	return rule_revoked(c, at);
}

int
rule_revoked(const struct cred *c, time_t at)
{
	char utc[21], when[26], until[26];
	time_t t = 0, u = 0;

	time_utc(at, utc);
	/* A revocation since ended by a restore still covers its hours. */
	for (size_t i = 0; i < c->ngaps; i++) {
		const struct cred_gap *g = &c->gaps[i];

		if (strcmp(utc, g->revoked_at) < 0 ||
		    strcmp(utc, g->restored_at) >= 0)
			continue;
		time_from_utc(g->revoked_at, &t);
		time_from_utc(g->restored_at, &u);
		return ct_fail(CT_REFUSED, "officer '%s' was revoked from %s "
		    "until %s", c->id, time_local(t, when), time_local(u, until));
	}
	if (c->revoked_at[0] == '\0' || strcmp(utc, c->revoked_at) < 0)
		return CT_OK;
	time_from_utc(c->revoked_at, &t);
	return ct_fail(CT_REFUSED, "officer '%s' has been revoked since %s",
	    c->id, time_local(t, when));
}

int
rule_onsite(const struct action *a, int n)
{
	if (a != NULL && (a->flags & ACT_ONSITE) && n < 2)
		return ct_fail(CT_REFUSED, "%s needs at least two officers "
		    "present (%d named)", a->name, n);
	return CT_OK;
}

int
rule_case_fields(const char *type, const char *party_kind)
{
	if (type == NULL || !word_in(type, vocab_types))
		return ct_fail(CT_USAGE, "unknown case type '%s' (types: %s)",
		    type ? type : "", vocab_types);
	if (party_kind != NULL && strcmp(party_kind, "person") != 0 &&
	    strcmp(party_kind, "org") != 0)
		return ct_fail(CT_USAGE, "party kind is person or org, not '%s'",
		    party_kind);
	return CT_OK;
}

int
rule_evidence_kind(const char *kind)
{
	if (kind == NULL || !word_in(kind, vocab_kinds))
		return ct_fail(CT_USAGE, "unknown kind '%s' (kinds: %s)",
		    kind ? kind : "", vocab_kinds);
	return CT_OK;
}

int
rule_case_accepts(const char *case_id, const char *status,
    const struct action *a)
{
	const struct move *m = move_find(status, a->name);

	if (m == NULL)
		return ct_fail(CT_REFUSED, "case '%s' is %s: it takes no %s",
		    case_id, status, a->name);
	if (m->refusal != NULL)
		return ct_fail(CT_REFUSED, "case '%s' is %s%s", case_id, status,
		    m->refusal);
	return CT_OK;
}

int
rule_case_move(const char *case_id, const char *status,
    const struct action *a, const char *stage, int has_text)
{
	const struct move *m = move_find(status, a->name);
	int rc;

	if ((rc = rule_case_accepts(case_id, status, a)))
		return rc;
	if ((a->flags & ACT_REASON) && !has_text)
		return ct_fail(CT_USAGE, "a %s needs its reason (-m)", a->name);
	/* The closing stage is the one the table bars. */
	if (m->barred != NULL && word_in(stage, m->barred))
		return ct_fail(CT_REFUSED, "case '%s' is %s: only a closing "
		    "moves it to the %s stage", case_id, status, stage);
	return CT_OK;
}

int
rule_may_manage(const struct action *a, const struct cred *actor,
    const char *target, time_t at)
{
	int self = strcmp(actor->id, target) == 0;

	if (!((a->flags & ACT_SELF) && self) && !actor->admin)
		return ct_fail(CT_REFUSED, "only an admin can %s ('%s' is not "
		    "one)", a->doing, actor->id);
	if (self && strcmp(a->name, "officer-revoke") == 0)
		return ct_fail(CT_REFUSED, "officer '%s' cannot revoke itself: "
		    "another admin must", actor->id);
	if (self && strcmp(a->name, "officer-restore") == 0)
		return ct_fail(CT_REFUSED, "officer '%s' cannot restore itself: "
		    "another admin must", actor->id);
	/* Managing officers is done at at, by someone not revoked then. */
	return rule_revoked(actor, at);
}

int
rule_case_order(const char *case_id, time_t filed, const struct action *a,
    time_t at)
{
	char when[26], filing[26];

	if (at >= filed || (a->flags & ACT_PREFILING))
		return CT_OK;
	return ct_fail(CT_REFUSED, "%s: the %s is dated %s, before the case "
	    "was filed (%s)", case_id, a->name, time_local(at, when),
	    time_local(filed, filing));
}

int
rule_role(const struct action *a, const struct cred *actor)
{
	if (a->role == NULL || (actor->roles & role_bit(a->role)))
		return CT_OK;
	return ct_fail(CT_REFUSED, "officer '%s' cannot record %s: that needs "
	    "the %s role", actor->id, a->name, a->role);
}

int
rule_present(const struct cred *c)
{
	if (c->roles & role_bit("officer"))
		return CT_OK;
	return ct_fail(CT_REFUSED, "officer '%s' does not hold the officer "
	    "role: he cannot be named present at enforcement", c->id);
}

int
rule_key(const struct cred *actor, const struct cred *target,
    const struct key_claim *k)
{
	if (target->revoked_at[0] != '\0')
		return ct_fail(CT_REFUSED, "officer '%s' is revoked", k->target);
	if (strcmp(actor->id, k->target) != 0) {
		if (k->target_has_key && (k->reason == NULL || *k->reason == '\0'))
			return ct_fail(CT_REFUSED, "officer '%s' has a key: an "
			    "admin replaces it only with --reset and a --reason",
			    k->target);
		return CT_OK;
	}
	if (k->target_has_key) {
		if (!k->rotation_signed)
			return ct_fail(CT_REFUSED, "officer '%s' has a key: a new "
			    "one is signed with it (officer-key --rotate), or an "
			    "admin resets it (officer-key --reset)", k->target);
		return CT_OK;
	}
	if (k->store_has_keys && (target->unix_user[0] == '\0' ||
	    k->unix_user == NULL || strcmp(k->unix_user, target->unix_user) != 0))
		return ct_fail(CT_REFUSED, "the first key of officer '%s' is made "
		    "by an admin, or by his own Unix user%s%s%s", k->target,
		    target->unix_user[0] ? " ('" : " (none is mapped: "
		    "officer-add --unix-user", target->unix_user,
		    target->unix_user[0] ? "')" : ")");
	return CT_OK;
}

int
rule_officer_change(const struct cred *target, const struct officer_claim *k)
{
	const char *id = target->id;
	time_t t;

	if (k->restore && target->revoked_at[0] == '\0')
		return ct_fail(CT_REFUSED, "officer '%s' is not revoked: there is "
		    "nothing to restore", id);
	if (!k->restore && target->revoked_at[0] != '\0')
		return ct_fail(CT_REFUSED, "officer '%s' is revoked (officer-update "
		    "--restore with a new credential and a --reason restores "
		    "him)", id);
	if (k->restore && (k->reason == NULL || *k->reason == '\0'))
		return ct_fail(CT_USAGE, "a restore needs a --reason");
	if (k->restore && k->credential == NULL)
		return ct_fail(CT_USAGE, "a restore needs a new credential: the "
		    "old one was withdrawn (--credential, --valid-from, "
		    "--valid-until)");
	if (!k->restore && k->reason != NULL)
		return ct_fail(CT_USAGE, "--reason goes with --restore");
	if (k->restore && k->qualification != NULL)
		return ct_fail(CT_USAGE, "--qualification goes with an update, "
		    "not a restore");
	if (k->name == NULL && k->credential == NULL &&
	    k->qualification == NULL)
		return ct_fail(CT_USAGE, "nothing to change (--name, "
		    "--qualification, or --credential with --valid-from and "
		    "--valid-until)");
	if (rule_reviewer_qualified(0, k->qualification) != CT_OK)
		return CT_USAGE;
	if (k->name != NULL && *k->name == '\0')
		return ct_fail(CT_USAGE, "the name is empty");
	/* Days with no credential would change the current one's. */
	if (k->credential == NULL && (k->valid_from || k->valid_until))
		return ct_fail(CT_USAGE, "--valid-from and --valid-until go with "
		    "a new --credential");
	if (k->credential == NULL)
		return CT_OK;
	if (*k->credential == '\0' || k->valid_from == NULL ||
	    k->valid_until == NULL)
		return ct_fail(CT_USAGE, "a new credential needs --credential, "
		    "--valid-from and --valid-until");
	if (time_parse_date(k->valid_from, &t) ||
	    time_parse_date(k->valid_until, &t))
		return CT_USAGE;
	if (strcmp(k->valid_until, k->valid_from) < 0)
		return ct_fail(CT_USAGE, "credential valid until a day before "
		    "it is valid from");
	if (k->holder != NULL)
		return ct_fail(CT_REFUSED, "credential %s is held by officer '%s' "
		    "already", k->credential, k->holder);
	if (!k->restore)
		return CT_OK;
	/* The revocation withdrew every credential he held. */
	if (strcmp(k->credential, target->credential) == 0)
		return ct_fail(CT_REFUSED, "credential %s was withdrawn with the "
		    "revocation of '%s': a restore needs a new one",
		    k->credential, id);
	for (size_t i = 0; i < target->npast; i++)
		if (strcmp(k->credential, target->past[i].credential) == 0)
			return ct_fail(CT_REFUSED, "credential %s was withdrawn "
			    "with a revocation of '%s': a restore needs a new one",
			    k->credential, id);
	return CT_OK;
}

int
cred_add_past(struct cred *c, const char *withdrawn_at)
{
	struct cred_past *p = realloc(c->past, (c->npast + 1) * sizeof *p);

	if (p == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	c->past = p;
	p = &c->past[c->npast++];
	memcpy(p->credential, c->credential, sizeof p->credential);
	memcpy(p->valid_from, c->valid_from, sizeof p->valid_from);
	memcpy(p->valid_until, c->valid_until, sizeof p->valid_until);
	snprintf(p->withdrawn_at, sizeof p->withdrawn_at, "%s", withdrawn_at);
	p->seq = c->cred_seq;
	return CT_OK;
}

int
cred_add_gap(struct cred *c, const char *restored_at, int64_t seq)
{
	struct cred_gap *g = realloc(c->gaps, (c->ngaps + 1) * sizeof *g);

	if (g == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	c->gaps = g;
	g = &c->gaps[c->ngaps++];
	memcpy(g->revoked_at, c->revoked_at, sizeof g->revoked_at);
	snprintf(g->restored_at, sizeof g->restored_at, "%s", restored_at);
	g->seq = seq;
	return CT_OK;
}

void
cred_free(struct cred *c)
{
	free(c->past);
	free(c->gaps);
	c->past = NULL;
	c->gaps = NULL;
	c->npast = c->ngaps = 0;
}

static void
copy(char *dst, size_t cap, const unsigned char *src)
{
	snprintf(dst, cap, "%s", src ? (const char *)src : "");
}

/* Reads officer c's earlier credentials and ended revocations into c,
 * oldest first: most officers have none, and two lookups say so. */
static int
cred_history(struct ct_store *st, struct cred *c)
{
	sqlite3_stmt *s;
	int rc = CT_OK, step = SQLITE_DONE;

	/* Each withdrawn by the first revocation after it that a restore
	 * ended (one still in force is c->revoked_at). */
	if ((s = store_stmt(st, SLOT_CRED_PAST, "SELECT credential, "
	    "valid_from, valid_until, seq, ifnull((SELECT r.revoked_at FROM "
	    "officer_restore r WHERE r.officer = c.officer AND r.seq > c.seq "
	    "ORDER BY r.seq LIMIT 1), '') FROM officer_credential c WHERE "
	    "officer = ?1 AND seq < ?2 ORDER BY seq")) == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, c->cred_seq);
	while (rc == CT_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct cred_past *p = realloc(c->past, (c->npast + 1) * sizeof *p);

		if (p == NULL) {
			rc = ct_fail(CT_SYSTEM, "out of memory");
			break;
		}
		c->past = p;
		p = &c->past[c->npast++];
		copy(p->credential, sizeof p->credential, sqlite3_column_text(s, 0));
		copy(p->valid_from, sizeof p->valid_from, sqlite3_column_text(s, 1));
		copy(p->valid_until, sizeof p->valid_until,
		    sqlite3_column_text(s, 2));
		p->seq = sqlite3_column_int64(s, 3);
		copy(p->withdrawn_at, sizeof p->withdrawn_at,
		    sqlite3_column_text(s, 4));
	}
	if (rc == CT_OK && step != SQLITE_DONE)
		rc = ct_fail_sqlite(st->db, "cannot read credentials");
	sqlite3_reset(s);
	if (rc != CT_OK)
		return rc;
	if ((s = store_stmt(st, SLOT_CRED_GAPS, "SELECT revoked_at, "
	    "restored_at, seq FROM officer_restore WHERE officer = ? ORDER BY "
	    "seq")) == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, c->id, -1, SQLITE_STATIC);
	while (rc == CT_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct cred_gap *g = realloc(c->gaps, (c->ngaps + 1) * sizeof *g);

		if (g == NULL) {
			rc = ct_fail(CT_SYSTEM, "out of memory");
			break;
		}
		c->gaps = g;
		g = &c->gaps[c->ngaps++];
		copy(g->revoked_at, sizeof g->revoked_at, sqlite3_column_text(s, 0));
		copy(g->restored_at, sizeof g->restored_at,
		    sqlite3_column_text(s, 1));
		g->seq = sqlite3_column_int64(s, 2);
	}
	if (rc == CT_OK && step != SQLITE_DONE)
		rc = ct_fail_sqlite(st->db, "cannot read restores");
	sqlite3_reset(s);
	return rc;
}

int
rules_cred(struct ct_store *st, const char *id, const struct cred **out)
{
	struct cred *c;
	sqlite3_stmt *s;
	void *more;

	for (size_t i = 0; i < st->ncreds; i++)
		if (strcmp(st->creds[i].id, id) == 0) {
			*out = &st->creds[i];
			return CT_OK;
		}
	if ((s = store_stmt(st, SLOT_CRED, "SELECT credential, valid_from, "
	    "valid_until, revoked_at, (SELECT group_concat(role, ' ') FROM "
	    "officer_role r WHERE r.officer = o.id), unix_user, (SELECT "
	    "max(seq) FROM officer_credential c WHERE c.officer = o.id) FROM "
	    "officer o WHERE id = ?")) == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return ct_fail(CT_NOTFOUND, "cannot find officer '%s'", id);
	}
	if ((more = realloc(st->creds, (st->ncreds + 1) * sizeof *c)) == NULL) {
		sqlite3_reset(s);
		return ct_fail(CT_SYSTEM, "out of memory");
	}
	st->creds = more;
	c = &st->creds[st->ncreds++];
	memset(c, 0, sizeof *c);
	snprintf(c->id, sizeof c->id, "%s", id);
	copy(c->credential, sizeof c->credential, sqlite3_column_text(s, 0));
	copy(c->valid_from, sizeof c->valid_from, sqlite3_column_text(s, 1));
	copy(c->valid_until, sizeof c->valid_until, sqlite3_column_text(s, 2));
	copy(c->revoked_at, sizeof c->revoked_at, sqlite3_column_text(s, 3));
	c->roles = role_set((const char *)sqlite3_column_text(s, 4));
	c->admin = (c->roles & role_bit("admin")) != 0;
	copy(c->unix_user, sizeof c->unix_user, sqlite3_column_text(s, 5));
	c->cred_seq = sqlite3_column_int64(s, 6);
	sqlite3_reset(s);
	*out = c;
	return cred_history(st, c);
}

void
rules_forget(struct ct_store *st)
{
	for (size_t i = 0; i < st->ncreds; i++)
		cred_free(&st->creds[i]);
	free(st->creds);
	st->creds = NULL;
	st->ncreds = 0;
}

int
rules_may_manage(struct ct_store *st, const char *action, const char *target)
{
	const struct action *a = action_find(action);
	const struct cred *c = NULL;
	int rc;

	if (a == NULL)
		return ct_fail(CT_SYSTEM, "no action '%s'", action);
	if ((rc = rules_cred(st, st->actor, &c)) || c == NULL)
		return rc ? rc : CT_SYSTEM;
	return rule_may_manage(a, c, target, time_now());
}

int
rules_entry(struct ct_store *st, const struct action *a, time_t at,
    const char *const *officers, int n)
{
	const struct cred *c = NULL;
	int rc;

	/* The actor holds the role, is not revoked now, when he records,
	 * and held a credential when it happened (a step recorded late,
	 * after the credential ended, is still his to record). */
	if ((rc = rules_cred(st, st->actor, &c)) || c == NULL)
		return rc ? rc : CT_SYSTEM;
	if ((rc = rule_role(a, c)) || (rc = rule_revoked(c, time_now())) ||
	    (rc = rule_qualified(c, at)) || (rc = rule_onsite(a, n)))
		return rc;
	for (int i = 0; i < n; i++) {
		if ((rc = rules_cred(st, officers[i], &c)) || c == NULL)
			return rc ? rc : CT_SYSTEM;
		if ((rc = rule_present(c)) || (rc = rule_qualified(c, at)))
			return rc;
	}
	return CT_OK;
}

int
rule_conf(const char *in_force, const char *sha256, int keys_set)
{
	if (in_force == NULL && keys_set == 0)
		return ct_fail(CT_REFUSED, "the settings it records set "
		    "nothing: the defaults are in force");
	if (in_force != NULL && strcmp(in_force, sha256) == 0)
		return ct_fail(CT_REFUSED, "the settings it records are in "
		    "force already (%.16s)", sha256);
	return CT_OK;
}

int
rule_reviewer_qualified(int reviewer, const char *qualification)
{
	/* Exit 2, as for an officer without a --name: the command line
	 * alone shows the officer incomplete, whatever the store holds. */
	if (reviewer && (qualification == NULL || *qualification == '\0'))
		return ct_fail(CT_USAGE, "a reviewer needs a --qualification: "
		    "the number of his legal professional qualification "
		    "(法律职业资格)");
	if (qualification != NULL && *qualification == '\0')
		return ct_fail(CT_USAGE, "the qualification number is empty");
	if (qualification != NULL && utf8_check_field("qualification",
	    qualification, strlen(qualification), 64, 0) != CT_OK)
		return CT_USAGE;
	return CT_OK;
}
