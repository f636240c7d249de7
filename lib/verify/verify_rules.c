/* verify_rules.c: store-verify's replay of who could do what.  The
 * officers, their credentials, revocations and keys are rebuilt from the
 * journal alone, entry by entry, and every entry and checkpoint is held
 * to the rules the programs enforced when they wrote it: a credential
 * valid on the action's date, two officers on site, admins managing
 * officers, and each checkpoint signed by the officer whose entries it
 * covers, with the key that officer had then. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "verify.h"

/* Whether the officer ID have is the n bytes at id. */
static int
same(const char *have, const char *id, size_t n)
{
	return strncmp(have, id, n) == 0 && have[n] == '\0';
}

static struct vofficer *
find(struct vrules *v, const char *id, size_t n)
{
	if (v->last < v->n && same(v->o[v->last].c.id, id, n))
		return &v->o[v->last];
	for (size_t i = 0; i < v->n; i++)
		if (same(v->o[i].c.id, id, n)) {
			v->last = i;
			return &v->o[i];
		}
	return NULL;
}

struct vofficer *
vrules_officer(struct vrules *v, const char *id)
{
	return find(v, id, strlen(id));
}

int
vrules_open(struct vrules *v, struct ct_store *st)
{
	memset(v, 0, sizeof *v);
	v->st = st;
	v->now = time_now();
	v->tolerance = (time_t)st->conf.clock_tolerance_min * 60;
	/* For the few entries that change officers: read with SQLite's own
	 * JSON functions rather than by hand. */
	if (sqlite3_prepare_v2(st->db, "SELECT ?1->>'$.body.id', "
	    "?1->>'$.body.credential', ?1->>'$.body.valid_from', "
	    "?1->>'$.body.valid_until', (SELECT group_concat(value, ' ') FROM "
	    "json_each(?1, '$.body.roles')), ?1->>'$.body.officer', "
	    "?1->>'$.body.key_id', ?1->>'$.body.public_key', ?1->>'$.at', "
	    "?1->>'$.body.reason', ?1->>'$.body.unix_user', "
	    "?1->>'$.body.replaces', ?1->>'$.body.rotation_sig', "
	    "?1->>'$.body.name', ?1->>'$.body.qualification'", -1, &v->aux,
	    NULL) != SQLITE_OK ||
	    /* The type of the list, then each element: a list that is
	     * absent gives one row of NULLs. */
	    sqlite3_prepare_v2(st->db, "SELECT json_type(?1, ?2), x.value, "
	    "x.type FROM (SELECT 1) LEFT JOIN json_each(?1, ?2) x", -1,
	    &v->list, NULL) != SQLITE_OK ||
	    /* The fields of the rare entries that add rows, checked as the
	     * writer checks its input. */
	    sqlite3_prepare_v2(st->db, "SELECT ?1->>'$.body.type', "
	    "?1->>'$.body.party_kind', ?1->>'$.body.id', ?1->>'$.body.kind', "
	    "json_type(?1, '$.body.size'), ?1->>'$.body.size'", -1,
	    &v->fields, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the journal");
	return CT_OK;
}

const struct cred *
vrules_actor(struct vrules *v)
{
	struct vofficer *o = vrules_officer(v, v->actor);

	return o ? &o->c : NULL;
}

void
vrules_close(struct vrules *v)
{
	vdecide_free(v->decide);
	sqlite3_finalize(v->aux);
	sqlite3_finalize(v->list);
	sqlite3_finalize(v->fields);
	for (size_t i = 0; i < v->n; i++) {
		free(v->o[i].reason);
		free(v->o[i].name);
		cred_free(&v->o[i].c);
	}
	free(v->o);
	memset(v, 0, sizeof *v);
}

/* Applies an officer-key entry (in v->aux) for officer o, held to
 * rule_key: a first key by an admin, the store's founder or the
 * officer's own Unix user; a new one signed with the key it replaces, or
 * an admin's reset with a reason. */
static int
key_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const struct vofficer *actor, struct vofficer *o, const char *target)
{
	sqlite3_stmt *s = v->aux;
	const char *key_id = sql_text(s, 6), *replaces = sql_text(s, 11);
	unsigned char pub[KEY_PUB + 3], sig[KEY_SIG + 3];
	char want[KEY_ID_LEN + 1], text[512];
	struct key_claim k = { .target = target, .unix_user = sql_text(s, 10),
	    .reason = sql_text(s, 9) };

	if (o == NULL)
		return verify_found(r, "entry %lld registers a key for unknown "
		    "officer '%s'", (long long)seq, target);
	if (base64_decode(sql_text(s, 7), pub, sizeof pub) == KEY_PUB)
		key_id_of(pub, want);
	else
		want[0] = '\0';
	if (strcmp(want, key_id) != 0)
		return verify_found(r, "entry %lld: key %s is not the public key "
		    "it registers", (long long)seq, key_id);
	k.target_has_key = o->has_key;
	k.store_has_keys = v->keys > 0;
	if (o->has_key) {
		if (strcmp(replaces, o->key_id) != 0)
			return verify_found(r, "entry %lld: key %s of '%s' "
			    "replaces key %s, not '%s'", (long long)seq, key_id,
			    target, o->key_id, replaces);
		key_rotation_text(v->st->origin, target, o->key_id,
		    sql_text(s, 7), text, sizeof text);
		k.rotation_signed = base64_decode(sql_text(s, 12), sig,
		    sizeof sig) == KEY_SIG && key_verify(o->pub, text,
		    strlen(text), sig, KEY_SIG);
	}
	/* The founder's first key comes with no actor known yet. */
	if (actor == NULL || rule_key(&actor->c, &o->c, &k) != CT_OK)
		return verify_found(r, "entry %lld: key %s of '%s' was not "
		    "registered by anyone who could: %s", (long long)seq,
		    key_id, target, actor == NULL ? "no such officer" :
		    ct_errmsg());
	memcpy(o->pub, pub, KEY_PUB);
	snprintf(o->key_id, sizeof o->key_id, "%s", key_id);
	o->has_key = 1;
	v->keys++;
	return CT_OK;
}

/* Applies an officer entry (officer-add, officer-revoke, officer-key,
 * officer-update, officer-restore), held to the rule the writer applied
 * (rule_may_manage) at the entry's time. */
static int
officer_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, const struct action *a, const struct vofficer *actor)
{
	sqlite3_stmt *s = v->aux;
	const char *target;
	struct vofficer *o;
	time_t at;

	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, line, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		return ct_fail_sqlite(v->st->db, "cannot read the journal");
	if (time_from_utc(sql_text(s, 8), &at) != CT_OK)
		return verify_found(r, "entry %lld has no time", (long long)seq);
	target = sql_text(s, strcmp(a->name, "officer-key") == 0 ? 5 : 0);
	/* The first officer of a store adds himself: the founding entry. */
	if (strcmp(a->name, "officer-add") == 0 && v->n == 0 &&
	    actor == NULL && strcmp(target, v->actor) == 0)
		;
	else if (actor == NULL)
		return verify_found(r, "entry %lld is by unknown officer '%s'",
		    (long long)seq, v->actor);
	else if (rule_may_manage(a, &actor->c, target, at) != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	o = find(v, target, strlen(target));
	if (strcmp(a->name, "officer-add") == 0) {
		const char *held;
		void *p;

		/* A reviewer is added with his qualification number, since
		 * the store knows of them (schema.c, version 9). */
		if (seq > v->st->qualification_since &&
		    rule_reviewer_qualified((role_set(sql_text(s, 4)) &
		    role_bit("reviewer")) != 0, sqlite3_column_type(s, 14) ==
		    SQLITE_NULL ? NULL : sql_text(s, 14)) != CT_OK)
			return verify_found(r, "entry %lld: %s", (long long)seq,
			    ct_errmsg());
		if (o != NULL)
			return verify_found(r, "entry %lld: officer '%s' is "
			    "added twice", (long long)seq, target);
		if ((held = vofficers_holder(v, sql_text(s, 1), NULL)) != NULL)
			return verify_found(r, "entry %lld: credential %s is held "
			    "by officer '%s' already", (long long)seq,
			    sql_text(s, 1), held);
		if ((p = grow(v->o, &v->cap, (v->n + 1) * sizeof *v->o,
		    16 * sizeof *v->o)) == NULL)
			return CT_SYSTEM;
		v->o = p;
		o = &v->o[v->n++];
		memset(o, 0, sizeof *o);
		snprintf(o->c.id, sizeof o->c.id, "%s", target);
		snprintf(o->c.credential, sizeof o->c.credential, "%s", sql_text(s, 1));
		snprintf(o->c.valid_from, sizeof o->c.valid_from, "%s", sql_text(s, 2));
		snprintf(o->c.valid_until, sizeof o->c.valid_until, "%s",
		    sql_text(s, 3));
		o->c.roles = role_set(sql_text(s, 4));
		o->c.admin = (o->c.roles & role_bit("admin")) != 0;
		snprintf(o->c.unix_user, sizeof o->c.unix_user, "%s",
		    sql_text(s, 10));
		o->c.cred_seq = o->data_seq = seq;
		if ((o->name = strdup(sql_text(s, 13))) == NULL)
			return ct_fail(CT_SYSTEM, "out of memory");
	} else if (strcmp(a->name, "officer-revoke") == 0) {
		if (o == NULL || o->c.revoked_at[0] != '\0')
			return verify_found(r, "entry %lld revokes officer '%s', "
			    "who is unknown or revoked already", (long long)seq,
			    target);
		snprintf(o->c.revoked_at, sizeof o->c.revoked_at, "%s",
		    sql_text(s, 8));
		if ((o->reason = strdup(sql_text(s, 9))) == NULL)
			return ct_fail(CT_SYSTEM, "out of memory");
		o->revoke_seq = seq;
	} else if (strcmp(a->name, "officer-key") == 0) {
		return key_entry(v, r, seq, actor, o, target);
	} else {
		return vofficers_change(v, r, seq, a, o, target);
	}
	return CT_OK;
}

/* Copies the string value after pat ("key":") in the object text obj
 * into out.
 * Our lines are json_object's output: a '"' inside a string is always
 * escaped, so ,"key": or {"key": can only be a key, and the values read
 * here (times, officer IDs) never hold an escape. */
static int
str_value(const char *obj, const char *pat, char *out, size_t cap)
{
	const char *p, *end;
	size_t n = strlen(pat);

	for (p = obj; (p = strstr(p, pat)) != NULL; p += n)
		if (p > obj && (p[-1] == '{' || p[-1] == ','))
			break;
	if (p == NULL || (end = strchr(p + n, '"')) == NULL ||
	    (size_t)(end - p - n) >= cap)
		return 0;
	memcpy(out, p + n, (size_t)(end - p - n));
	out[end - p - n] = '\0';
	return 1;
}

/* Checks the officers an entry names (the array at path in its line)
 * against the rules at t, as the writer did: a list, of known officers,
 * each named once and qualified then; *count gets their number.  Lines
 * that cannot hold the key (its name nowhere, no escape at all) pass at
 * once: a bulk import of notes must not pay for a JSON parse each. */
static int
named_officers(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, const char *path, time_t t, int *count)
{
	const char *key = strrchr(path, '.') + 1;
	sqlite3_stmt *s = v->list;
	int rc = CT_OK, step;

	*count = 0;
	if (strstr(line, key) == NULL && strchr(line, '\\') == NULL)
		return CT_OK;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, line, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW && rc == CT_OK &&
	    r->status == CT_OK) {
		const char *id = sql_text(s, 1);
		struct vofficer *o;

		if (sqlite3_column_type(s, 0) == SQLITE_NULL ||
		    (strcmp(sql_text(s, 0), "array") == 0 &&
		    sqlite3_column_type(s, 2) == SQLITE_NULL))
			break;                  /* no such key; an empty list */
		if (strcmp(sql_text(s, 0), "array") != 0 ||
		    strcmp(sql_text(s, 2), "text") != 0)
			return verify_found(r, "entry %lld: its %s are not a list "
			    "of officer IDs", (long long)seq, key);
		if ((o = find(v, id, strlen(id))) == NULL)
			return verify_found(r, "entry %lld names an unknown "
			    "officer", (long long)seq);
		if (o->named == seq)
			return verify_found(r, "entry %lld: officer '%s' is "
			    "named twice", (long long)seq, id);
		o->named = seq;
		if (rule_present(&o->c) != CT_OK ||
		    rule_qualified(&o->c, t) != CT_OK)
			return verify_found(r, "entry %lld: %s", (long long)seq,
			    ct_errmsg());
		++*count;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = ct_fail_sqlite(v->st->db, "cannot read the journal");
	sqlite3_reset(s);
	return rc;
}

/* The fields of a case-new or evidence-add entry, held to the checks the
 * writer makes of its input (rules.c). */
static int
entry_fields(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, const struct action *a)
{
	sqlite3_stmt *s = v->fields;
	int rc, evidence = strcmp(a->name, "evidence-add") == 0;

	if (!evidence && strcmp(a->name, "case-new") != 0)
		return CT_OK;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, line, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		return ct_fail_sqlite(v->st->db, "cannot read the journal");
	if (!evidence)
		rc = rule_case_fields((const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 1));
	else if ((rc = evidence_id_check(sql_text(s, 2))) == CT_OK &&
	    (rc = rule_evidence_kind(sql_text(s, 3))) == CT_OK &&
	    (strcmp(sql_text(s, 4), "integer") != 0 ||
	    sqlite3_column_int64(s, 5) <= 0))
		rc = ct_fail(CT_USAGE, "the evidence's size is not a number of "
		    "bytes");
	sqlite3_reset(s);
	return rc == CT_OK ? CT_OK : verify_found(r, "entry %lld: %s",
	    (long long)seq, ct_errmsg());
}

int
vrules_entry(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *line, const char *body, const struct action *a, int on_case)
{
	const char *action = a->name;
	struct vofficer *actor = find(v, v->actor, strlen(v->actor));
	char when[32];
	const char *path = "$.body.officers";
	time_t t;
	int n = 0, rc;

	if (a->flags & ACT_OFFICERS) {
		v->gen++;       /* and o[] may move: forget the memo */
		v->memo_actor = NULL;
		return officer_entry(v, r, seq, line, a, actor);
	}
	if (strcmp(action, "conf") == 0)
		return vconf_entry(v, r, seq, line, actor);
	if (!on_case)
		return CT_OK;
	if ((rc = entry_fields(v, r, seq, line, a)) || r->status != CT_OK)
		return rc;
	if (actor == NULL)
		return verify_found(r, "entry %lld is by unknown officer '%s'",
		    (long long)seq, v->actor);
	/* The actor holds the role, and was not revoked when he recorded. */
	if (rule_role(a, &actor->c) != CT_OK ||
	    rule_revoked(&actor->c, v->at) != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	/* The action's time: when it happened, as the entry says. */
	if (strcmp(action, "case-new") == 0) {
		if (!str_value(body, "\"filed_at\":\"", when, sizeof when))
			when[0] = '\0';
		path = "$.body.handlers";
	} else if (strcmp(action, "evidence-add") != 0 ||
	    !str_value(body, "\"collected_at\":\"", when, sizeof when)) {
		if (!str_value(strcmp(action, "evidence-add") == 0 ? line : body,
		    "\"at\":\"", when, sizeof when))
			when[0] = '\0';
	}
	/* A bulk import gives many entries one time and one actor: judged
	 * once, until an officer entry changes what the judgement rests on. */
	if (actor == v->memo_actor && v->gen == v->memo_gen &&
	    strcmp(when, v->memo_when) == 0) {
		t = v->memo_t;
	} else {
		if (time_from_utc(when, &t) != CT_OK)
			return verify_found(r, "entry %lld has no time",
			    (long long)seq);
		if (rule_qualified(&actor->c, t) != CT_OK)
			return verify_found(r, "entry %lld: %s", (long long)seq,
			    ct_errmsg());
		v->memo_actor = actor;
		v->memo_gen = v->gen;
		v->memo_t = t;
		memcpy(v->memo_when, when, sizeof when);
	}
	v->action_t = t;
	if ((rc = named_officers(v, r, seq, line, path, t, &n)) ||
	    r->status != CT_OK)
		return rc;
	if (rule_onsite(a, n) != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	return CT_OK;
}

int
vrules_time(struct vrules *v, struct verify_report *r, int64_t seq,
    const char *at)
{
	char prev[26], when[26], now[26];
	time_t t;

	/* A bulk import stamps many entries with one time. */
	if (strcmp(at, v->at_text) == 0)
		return CT_OK;
	if (time_from_utc(at, &t) != CT_OK)
		return verify_found(r, "entry %lld has no time", (long long)seq);
	if (v->at_text[0] != '\0' && t < v->at - v->tolerance)
		return verify_found(r, "entry %lld is dated %s, %lld minutes "
		    "before entry %lld (%s): a clock set back, or an entry "
		    "written by hand", (long long)seq, time_local(t, when),
		    (long long)((v->at - t + 59) / 60), (long long)seq - 1,
		    time_local(v->at, prev));
	if (t > v->now)
		return verify_found(r, "entry %lld is dated %s, after this "
		    "host's clock (%s)", (long long)seq, time_local(t, when),
		    time_local(v->now, now));
	snprintf(v->at_text, sizeof v->at_text, "%s", at);
	v->at = t;
	return CT_OK;
}

int
vrules_checkpoint(struct vrules *v, struct verify_report *r,
    uint64_t from, const struct checkpoint *c, const char *officer,
    const char *key_id, const void *sig, size_t siglen)
{
	struct vofficer *o = find(v, officer, strlen(officer));
	char note[512];

	if (sig == NULL) {
		if (v->keys == 0)
			return CT_OK;   /* before any key: the founding officer */
		return verify_found(r, "entries %llu to %llu are not signed: "
		    "checkpoint %llu has no signature", (unsigned long long)from,
		    (unsigned long long)c->size, (unsigned long long)c->size);
	}
	if (o == NULL || !o->has_key)
		return verify_found(r, "checkpoint %llu is signed by '%s', who "
		    "had no key then", (unsigned long long)c->size, officer);
	if (strcmp(o->key_id, key_id) != 0)
		return verify_found(r, "checkpoint %llu is signed with key %s, "
		    "which is not the key of '%s' (%s) at the time",
		    (unsigned long long)c->size, key_id, officer, o->key_id);
	checkpoint_format(c, note, sizeof note);
	if (!key_verify(o->pub, note, strlen(note), sig, siglen))
		return verify_found(r, "checkpoint %llu: the signature of '%s' "
		    "does not verify: it was forged or the checkpoint changed",
		    (unsigned long long)c->size, officer);
	r->signed_checkpoints++;
	return CT_OK;
}

int
vrules_tables(struct vrules *v, struct verify_report *r)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(v->st->db, "SELECT id, ifnull(revoked_at, ''), "
	    "revoked_reason FROM officer", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(v->st->db, "cannot read officers");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && r->status == CT_OK) {
		const char *id = sql_text(s, 0), *reason = sql_text(s, 2);
		struct vofficer *o = find(v, id, strlen(id));

		if (o == NULL)
			continue;       /* reported by the officer checks */
		if (strcmp(o->c.revoked_at, sql_text(s, 1)) == 0 &&
		    strcmp(o->reason ? o->reason : "", reason) == 0)
			continue;
		if (o->revoke_seq == 0)
			verify_found(r, "officer %s is revoked in the table, but "
			    "no entry revokes him", id);
		else
			verify_found(r, "officer %s: revocation differs from the "
			    "journal's (entry %lld)", id, (long long)o->revoke_seq);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ct_fail_sqlite(v->st->db, "cannot read officers");
	return r->status == CT_OK ? vofficers_tables(v, r) : CT_OK;
}
