/* officer.c: the registry of officers, who act and who are recorded. */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"

static int
token_ok(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || !((s[0] >= 'a' && s[0] <= 'z') ||
	    (s[0] >= '0' && s[0] <= '9')))
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

int
officer_id_check(const char *id)
{
	if (!token_ok(id, 64))
		return ct_fail(CT_USAGE, "bad officer ID '%s' (use a-z, 0-9, "
		    "'.', '_' and '-', at most 64)", id);
	return CT_OK;
}

int
officer_exists(struct ct_store *st, const char *id)
{
	sqlite3_stmt *s = store_stmt(st, SLOT_OFFICER_EXISTS,
	    "SELECT 1 FROM officer WHERE id = ?");
	int found;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return found;
}

int
officer_count(struct ct_store *st, int *n)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM officer", -1, &s,
	    NULL) != SQLITE_OK || sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ct_fail_sqlite(st->db, "cannot read officers");
	}
	*n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return CT_OK;
}

int
officer_resolve(struct ct_store *st, const char *want)
{
	const char *env = env_get(ENV_OFFICER);
	struct passwd *pw;
	sqlite3_stmt *s;
	int rc;

	if (want == NULL && env != NULL && *env != '\0')
		want = env;
	if (want != NULL) {
		const struct cred *c;

		/* The actor's credential is read once, for the rules too. */
		if ((rc = officer_id_check(want)) ||
		    (rc = rules_cred(st, want, &c)))
			return rc;
		snprintf(st->actor, sizeof st->actor, "%s", want);
		return CT_OK;
	}
	if ((pw = getpwuid(geteuid())) == NULL)
		return ct_fail(CT_NOTFOUND, "no acting officer (use -A OFFICER "
		    "or set CASETRAIL_OFFICER)");
	if (sqlite3_prepare_v2(st->db, "SELECT id FROM officer WHERE "
	    "unix_user = ?", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read officers");
	sqlite3_bind_text(s, 1, pw->pw_name, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ct_fail(CT_NOTFOUND, "no officer for Unix user '%s' (use "
		    "-A OFFICER, set CASETRAIL_OFFICER, or officer-add "
		    "--unix-user)", pw->pw_name);
	}
	snprintf(st->actor, sizeof st->actor, "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return CT_OK;
}

/* Writes a JSON array of words that need no escaping (validated IDs and
 * role names) into buf.  Returns CT_OK or CT_USAGE if it does not fit. */
int
json_words(const char *const *words, int n, char *buf, size_t cap)
{
	size_t len = 0;

	buf[len++] = '[';
	for (int i = 0; i < n; i++) {
		size_t w = strlen(words[i]);

		if (len + w + 4 >= cap)
			return ct_fail(CT_USAGE, "too many items");
		if (i > 0)
			buf[len++] = ',';
		buf[len++] = '"';
		memcpy(buf + len, words[i], w);
		len += w;
		buf[len++] = '"';
	}
	buf[len++] = ']';
	buf[len] = '\0';
	return CT_OK;
}

static int
role_named(const struct officer_new *o, const char *role)
{
	for (int i = 0; i < o->nroles; i++)
		if (strcmp(o->roles[i], role) == 0)
			return 1;
	return 0;
}

int
officer_check(const struct officer_new *o)
{
	time_t from = 0, until;
	int rc;

	if ((rc = officer_id_check(o->id)))
		return rc;
	if (o->name == NULL || *o->name == '\0')
		return ct_fail(CT_USAGE, "officer needs a --name");
	if ((rc = utf8_check_field("name", o->name, strlen(o->name), 256, 0)))
		return rc;
	if (o->credential == NULL || *o->credential == '\0')
		return ct_fail(CT_USAGE, "officer needs a --credential");
	if ((rc = utf8_check_field("credential", o->credential,
	    strlen(o->credential), 64, 0)))
		return rc;
	if (o->unix_user != NULL && !token_ok(o->unix_user, 32))
		return ct_fail(CT_USAGE, "bad Unix user name '%s'", o->unix_user);
	if (o->valid_until == NULL)
		return ct_fail(CT_USAGE, "officer needs a --valid-until");
	if ((rc = time_parse_date(o->valid_until, &until)) ||
	    (o->valid_from && (rc = time_parse_date(o->valid_from, &from))))
		return rc;
	if (o->valid_from && strcmp(o->valid_until, o->valid_from) < 0)
		return ct_fail(CT_USAGE, "credential valid until a day before "
		    "it is valid from");
	for (int i = 0; i < o->nroles; i++)
		if (!word_in(o->roles[i], vocab_roles))
			return ct_fail(CT_USAGE, "unknown role '%s' (roles: %s)",
			    o->roles[i], vocab_roles);
	return rule_reviewer_qualified(role_named(o, "reviewer"),
	    o->qualification);
}

/* CT_REFUSED with the message fmt (the value, then the officer) if an
 * officer's column holds value already; CT_OK if none does. */
static int
held(struct ct_store *st, const char *column, const char *value,
    const char *fmt)
{
	char sql[64];
	sqlite3_stmt *s;
	int rc = CT_OK;

	snprintf(sql, sizeof sql, "SELECT id FROM officer WHERE %s = ?",
	    column);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read officers");
	sqlite3_bind_text(s, 1, value, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		rc = ct_fail(CT_REFUSED, fmt, value, sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return rc;
}

int
officer_credential_holder(struct ct_store *st, const char *credential,
    const char *except, char holder[65])
{
	sqlite3_stmt *s;
	int found;

	/* Every credential ever issued: a number names one officer, in
	 * the entries that recorded it too. */
	if (sqlite3_prepare_v2(st->db, "SELECT officer FROM officer_credential "
	    "WHERE credential = ?1 AND officer IS NOT ?2 LIMIT 1", -1, &s,
	    NULL) != SQLITE_OK) {
		ct_fail_sqlite(st->db, "cannot read officers");
		return -1;
	}
	sqlite3_bind_text(s, 1, credential, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, except, -1, SQLITE_STATIC);
	if ((found = sqlite3_step(s) == SQLITE_ROW))
		snprintf(holder, 65, "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return found;
}

int
officer_add(struct ct_store *st, const struct officer_new *o)
{
	static const char *const order[] = { "officer", "reviewer",
	    "publisher", "archivist", "admin", "head" };
	const char *roles[6];
	char roles_json[128], from[11], until[11], holder[65];
	int nroles = 0, count = 0, rc, first;
	int64_t seq;
	sqlite3_stmt *ins;

	if ((rc = officer_check(o)) || (rc = officer_count(st, &count)))
		return rc;
	first = count == 0;
	if (first) {
		/* The first officer of a store registers itself, as admin:
		 * the one write that nobody can sign, as no key exists yet. */
		snprintf(st->actor, sizeof st->actor, "%s", o->id);
		st->founding = 1;
	} else if (st->actor[0] == '\0') {
		return ct_fail(CT_REFUSED, "no acting officer");
	} else if ((rc = rules_may_manage(st, "officer-add", o->id))) {
		return rc;
	}
	if (officer_exists(st, o->id) == 1)
		return ct_fail(CT_REFUSED, "officer '%s' exists", o->id);
	for (int k = 0; k < 6; k++) {
		int want = (first && k == 4) || (o->nroles == 0 && k == 0);

		for (int i = 0; i < o->nroles; i++)
			want |= strcmp(o->roles[i], order[k]) == 0;
		if (want)
			roles[nroles++] = order[k];
	}
	json_words(roles, nroles, roles_json, sizeof roles_json);
	rules_forget(st);
	if (o->valid_from != NULL)
		snprintf(from, sizeof from, "%s", o->valid_from);
	else
		time_local_date(time_now(), from);
	snprintf(until, sizeof until, "%s", o->valid_until);
	if (strcmp(until, from) < 0)
		return ct_fail(CT_USAGE, "credential valid until a day before "
		    "it is valid from");

	/* A credential number names one officer (事中公示 shows it), and a
	 * Unix user acts as one; it exists on this host, since its logins
	 * act as the officer and may make his first key. */
	if ((rc = officer_credential_holder(st, o->credential, NULL,
	    holder)) != 0)
		return rc < 0 ? CT_SYSTEM : ct_fail(CT_REFUSED, "credential %s "
		    "is held by officer '%s' already", o->credential, holder);
	if (o->unix_user != NULL && getpwnam(o->unix_user) == NULL)
		return ct_fail(CT_USAGE, "no Unix user '%s' on this host",
		    o->unix_user);
	if (o->unix_user != NULL && (rc = held(st, "unix_user", o->unix_user,
	    "Unix user '%s' is officer '%s' already")))
		return rc;
	/* A qualification number, a reviewer's, comes last; an officer
	 * without one has an entry as before version 9. */
	ins = journal_prepare(st, SLOT_JOURNAL_OFFICER, "json_patch("
	    "json_object('id',?7,'name',?8,'credential',?9,'valid_from',?10,"
	    "'valid_until',?11,'roles',json(?12),'unix_user',?13),"
	    "json_object('qualification',?14))");
	if (ins == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(ins, 5, "officer-add", -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, o->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 8, o->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 9, o->credential, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 10, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 11, until, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 12, roles_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 13, o->unix_user, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 14, o->qualification, -1, SQLITE_STATIC);
	if ((rc = journal_step(st, ins, &seq)))
		return rc;
	return apply_entry(st, action_find("officer-add"), seq);
}

int
officer_list(struct ct_store *st, int (*fn)(const struct officer_row *,
    void *), void *ctx)
{
	char today[11], soon[11];
	time_t now = time_now();
	sqlite3_stmt *s;
	int rc = CT_OK;

	time_local_date(now, today);
	time_local_date(now + 30 * 86400, soon);
	if (sqlite3_prepare_v2(st->db, "SELECT id, name, credential, "
	    "valid_from, valid_until, unix_user, (SELECT group_concat(role, ',')"
	    " FROM (SELECT role FROM officer_role r WHERE r.officer = o.id "
	    "ORDER BY CASE role WHEN 'officer' THEN 0 WHEN 'reviewer' THEN 1 "
	    "WHEN 'publisher' THEN 2 WHEN 'archivist' THEN 3 WHEN 'admin' THEN 4 "
	    "ELSE 5 END)), "
	    "CASE WHEN revoked_at IS NOT NULL AND revoked_at <= ?3 THEN "
	    "'revoked' WHEN valid_from > ?1 THEN 'pending' WHEN valid_until < ?1"
	    " THEN 'expired' WHEN valid_until < ?2 THEN 'expiring' ELSE 'valid'"
	    " END, revoked_at, revoked_reason, r.at, r.actor, r.reason, x.at,"
	    " x.actor, x.reason, (SELECT q.number FROM officer_qualification q"
	    " WHERE q.officer = o.id ORDER BY q.seq DESC LIMIT 1) FROM "
	    "officer o LEFT JOIN (SELECT k.officer, j.line->>'$.at' AS at, "
	    "j.line->>'$.officer' AS actor, j.line->>'$.body.reason' AS "
	    "reason, max(k.seq) FROM officer_key k JOIN journal j ON j.seq = "
	    "k.seq WHERE j.line->>'$.body.reason' IS NOT NULL GROUP BY "
	    "k.officer) r ON r.officer = o.id LEFT JOIN (SELECT x.officer, "
	    "x.restored_at AS at, j.line->>'$.officer' AS actor, "
	    "j.line->>'$.body.reason' AS reason, max(x.seq) FROM "
	    "officer_restore x JOIN journal j ON j.seq = x.seq GROUP BY "
	    "x.officer) x ON x.officer = o.id ORDER BY id",
	    -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot list officers");
	{
		char now_utc[21];

		sqlite3_bind_text(s, 1, today, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, soon, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, time_utc(now, now_utc), -1,
		    SQLITE_TRANSIENT);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct officer_row r = {
			(const char *)sqlite3_column_text(s, 0),
			(const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			(const char *)sqlite3_column_text(s, 3),
			(const char *)sqlite3_column_text(s, 4),
			(const char *)sqlite3_column_text(s, 5),
			(const char *)sqlite3_column_text(s, 6),
			(const char *)sqlite3_column_text(s, 7),
			(const char *)sqlite3_column_text(s, 8),
			(const char *)sqlite3_column_text(s, 9),
			(const char *)sqlite3_column_text(s, 10),
			(const char *)sqlite3_column_text(s, 11),
			(const char *)sqlite3_column_text(s, 12),
			(const char *)sqlite3_column_text(s, 13),
			(const char *)sqlite3_column_text(s, 14),
			(const char *)sqlite3_column_text(s, 15),
			(const char *)sqlite3_column_text(s, 16),
		};

		if ((rc = fn(&r, ctx)) != CT_OK) {
			sqlite3_finalize(s);
			return rc;
		}
	}
	if (rc != SQLITE_DONE)
		rc = ct_fail_sqlite(st->db, "cannot list officers");
	else
		rc = CT_OK;
	sqlite3_finalize(s);
	return rc;
}

int
officer_check_list(struct ct_store *st, const char *const *ids, int n)
{
	const struct cred *c;
	int rc;

	/* Through the credentials read once (rules.c), which rules_entry
	 * needs next anyway: an import asks the database once per officer,
	 * not once per entry. */
	for (int i = 0; i < n; i++) {
		if ((rc = officer_id_check(ids[i])) ||
		    (rc = rules_cred(st, ids[i], &c)))
			return rc;
		for (int k = 0; k < i; k++)
			if (strcmp(ids[k], ids[i]) == 0)
				return ct_fail(CT_USAGE, "officer '%s' is named "
				    "twice", ids[i]);
	}
	return CT_OK;
}

int
officer_admin(struct ct_store *st, const char *what)
{
	const struct action *a;

	for (size_t i = 0; (a = action_at(i)) != NULL; i++)
		if (a->doing != NULL && strcmp(a->doing, what) == 0)
			return rules_may_manage(st, a->name, "");
	return ct_fail(CT_SYSTEM, "no action is to %s", what);
}

int
officer_revoke(struct ct_store *st, const char *id, const char *reason)
{
	const struct cred *c = NULL;
	sqlite3_stmt *ins;
	int64_t seq;
	int rc;

	if ((rc = officer_id_check(id)))
		return rc;
	if (reason == NULL || *reason == '\0')
		return ct_fail(CT_USAGE, "a revocation needs a --reason");
	if ((rc = utf8_check_field("reason", reason, strlen(reason), 1024, 0)))
		return rc;
	if ((rc = rules_may_manage(st, "officer-revoke", id)) ||
	    (rc = rules_cred(st, id, &c)) || c == NULL)
		return rc ? rc : CT_SYSTEM;
	if (c->revoked_at[0] != '\0')
		return ct_fail(CT_REFUSED, "officer '%s' is revoked already", id);
	rules_forget(st);
	ins = journal_prepare(st, SLOT_JOURNAL_REVOKE,
	    "json_object('id',?7,'reason',?8)");
	if (ins == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(ins, 5, "officer-revoke", -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 8, reason, -1, SQLITE_STATIC);
	if ((rc = journal_step(st, ins, &seq)))
		return rc;
	return apply_entry(st, action_find("officer-revoke"), seq);
}

int
officer_key_current(struct ct_store *st, const char *officer,
    char id[KEY_ID_LEN + 1], unsigned char pub[KEY_PUB])
{
	sqlite3_stmt *s;
	int found;

	if (sqlite3_prepare_v2(st->db, "SELECT key_id, public_key FROM "
	    "officer_key WHERE officer = ? ORDER BY seq DESC LIMIT 1", -1, &s,
	    NULL) != SQLITE_OK) {
		ct_fail_sqlite(st->db, "cannot read keys");
		return -1;
	}
	sqlite3_bind_text(s, 1, officer, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_bytes(s, 1) == KEY_PUB;
	if (found) {
		snprintf(id, KEY_ID_LEN + 1, "%s", sqlite3_column_text(s, 0));
		memcpy(pub, sqlite3_column_blob(s, 1), KEY_PUB);
	}
	sqlite3_finalize(s);
	return found;
}

int
officer_key_register(struct ct_store *st, const char *officer,
    const struct ct_key *k, const struct key_entry *e)
{
	char b64[64];
	sqlite3_stmt *s, *ins;
	int64_t seq;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT officer, seq FROM officer_key "
	    "WHERE key_id = ?", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read keys");
	sqlite3_bind_text(s, 1, k->id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		rc = ct_fail(CT_REFUSED, "key %s was registered for officer '%s' "
		    "at entry %lld already (officer-key --rotate makes a new "
		    "one)", k->id, sqlite3_column_text(s, 0),
		    (long long)sqlite3_column_int64(s, 1));
		sqlite3_finalize(s);
		return rc;
	}
	sqlite3_finalize(s);
	/* The fields that apply, in this order, and none that is NULL. */
	ins = journal_prepare(st, SLOT_JOURNAL_KEY, "(SELECT json_group_object("
	    "key, value) FROM json_each(json_object('officer',?7,'key_id',?8,"
	    "'public_key',?9,'unix_user',?10,'replaces',?11,'rotation_sig',?12,"
	    "'reason',?13)) WHERE value IS NOT NULL)");
	if (ins == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(ins, 5, "officer-key", -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, officer, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 8, k->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 9, base64_encode(k->pub, KEY_PUB, b64), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(ins, 10, e->unix_user, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 11, e->replaces, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 12, e->rotation_sig, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 13, e->reason, -1, SQLITE_STATIC);
	if ((rc = journal_step(st, ins, &seq)))
		return rc;
	return apply_entry(st, action_find("officer-key"), seq);
}

char *
key_rotation_text(const char *origin, const char *officer,
    const char *old_id, const char *new_pub, char *buf, size_t cap)
{
	snprintf(buf, cap, "casetrail officer-key rotation\n%s\n%s\n%s\n%s\n",
	    origin, officer, old_id, new_pub);
	return buf;
}

int
officer_key_load(struct ct_store *st)
{
	char id[KEY_ID_LEN + 1];
	unsigned char pub[KEY_PUB];
	struct ct_key retired;
	char msg[512];
	int rc, have;

	if ((have = officer_key_current(st, st->actor, id, pub)) < 0)
		return CT_SYSTEM;
	rc = key_load(&st->key, st->actor);
	snprintf(msg, sizeof msg, "%s", ct_errmsg());
	/* A rotation killed between retiring the old key file and committing
	 * the new key leaves the key the store has under the name key_retire
	 * gave it: sign with that, and the next rotation starts from it. */
	if (have && (rc == CT_NOTFOUND || (rc == CT_OK &&
	    memcmp(pub, st->key.pub, KEY_PUB) != 0)) &&
	    key_load_retired(&retired, st->actor, id) == CT_OK) {
		if (memcmp(pub, retired.pub, KEY_PUB) == 0) {
			key_free(&st->key);
			st->key = retired;
			return CT_OK;
		}
		key_free(&retired);
	}
	if (rc == CT_NOTFOUND && !have)
		return ct_fail(CT_NOTFOUND, "officer '%s' has no key to sign "
		    "with (make one with: officer-key -A %s)", st->actor,
		    st->actor);
	if (rc)
		return ct_fail(rc, "%s", msg);
	if (!have || memcmp(pub, st->key.pub, KEY_PUB) != 0) {
		rc = ct_fail(CT_REFUSED, "the key in %s (%s) is not the "
		    "registered key of officer '%s'%s%s (officer-key registers "
		    "it)", st->key.path, st->key.id, st->actor,
		    have ? ", which is " : "", have ? id : "");
		key_free(&st->key);
		return rc;
	}
	return CT_OK;
}
