/* officer_key.c: an officer's key pair, made or found, and registered:
 * the write of officer-key(1).  Who may register which key is rule_key's
 * (rules.c): the entry says what the rule needs to judge it again in
 * store-verify, the Unix user who ran it, the key it replaces with that
 * key's signature of the change, or an admin's reason to reset it. */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* What a registration by st->actor for officer id needs, found out before
 * anything is written. */
struct key_job {
	const char *id;
	int self;
	int have_cur;                   /* id has a registered key */
	char cur[KEY_ID_LEN + 1];       /* and this is it */
	struct key_claim claim;
	char unix_user[64];
};

static int
store_has_keys(struct ct_store *st, int *yes)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, "SELECT EXISTS (SELECT 1 FROM "
	    "officer_key)", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read keys");
	*yes = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return CT_OK;
}

/* Finds out who acts on whose key, and loads the key that signs: an
 * admin's own, or the officer's current key when he replaces it, which
 * proves he holds it (acting as an officer needs his private key). */
static int
prepare(struct ct_store *st, struct key_job *j, const char *reason)
{
	unsigned char pub[KEY_PUB];
	struct passwd *pw = getpwuid(geteuid());
	int rc;

	j->self = strcmp(j->id, st->actor) == 0;
	if (reason != NULL && j->self)
		return ct_fail(CT_USAGE, "an officer does not reset his own key "
		    "(officer-key --rotate replaces it)");
	if (!j->self && ((rc = officer_admin(st, "make keys for other "
	    "officers")) || (rc = officer_key_load(st))))
		return rc;
	if ((j->have_cur = officer_key_current(st, j->id, j->cur, pub)) < 0)
		return CT_SYSTEM;
	if (reason != NULL && !j->have_cur)
		return ct_fail(CT_USAGE, "officer '%s' has no key to reset "
		    "(officer-key %s makes his first)", j->id, j->id);
	if (j->self && j->have_cur && (rc = officer_key_load(st)) != CT_OK) {
		if (rc != CT_NOTFOUND)
			return rc;
		return ct_fail(CT_REFUSED, "officer '%s' has a registered key "
		    "(%s) but its private key is not here: an admin resets it "
		    "(officer-key --reset %s --reason TEXT)", j->id, j->cur,
		    j->id);
	}
	snprintf(j->unix_user, sizeof j->unix_user, "%s",
	    pw != NULL ? pw->pw_name : "");
	j->claim.target = j->id;
	j->claim.target_has_key = j->have_cur;
	j->claim.unix_user = j->unix_user;
	j->claim.reason = reason;
	return store_has_keys(st, &j->claim.store_has_keys);
}

/* The rules, before a key pair is made or a file touched. */
static int
allowed(struct ct_store *st, const struct key_job *j)
{
	const struct cred *actor = NULL, *target = NULL;
	struct key_claim k = j->claim;
	int rc;

	/* The rotation's signature is made below, with the key just loaded. */
	k.rotation_signed = j->self && j->have_cur;
	if ((rc = rules_may_manage(st, "officer-key", j->id)) ||
	    (rc = rules_cred(st, j->id, &target)) || target == NULL)
		return rc ? rc : CT_SYSTEM;
	if ((rc = rules_cred(st, st->actor, &actor)) || actor == NULL)
		return rc ? rc : CT_SYSTEM;
	return rule_key(actor, target, &k);
}

/* Undoes key_retire when the new key could not take its place. */
static void
rename_back(const struct ct_key *old)
{
	char from[sizeof old->path + KEY_ID_LEN + 2];

	snprintf(from, sizeof from, "%s.%s", old->path, old->id);
	rename(from, old->path);
}

/* Registers key as j->id's, in one transaction.  An officer's own new key
 * replacing his current one is signed with the current one (st->key) in
 * the entry; the checkpoint that ends it is signed with the new key,
 * which st takes. */
static int
register_key(struct ct_store *st, const struct key_job *j, struct ct_key *key)
{
	struct key_entry e = { .unix_user = j->unix_user,
	    .reason = j->claim.reason };
	unsigned char sig[KEY_SIG];
	char text[512], pub[64], sig64[128];
	int rc;

	if (j->have_cur) {
		e.replaces = j->cur;
		if (j->self) {
			key_rotation_text(st->origin, j->id, j->cur,
			    base64_encode(key->pub, KEY_PUB, pub), text,
			    sizeof text);
			if ((rc = key_sign(&st->key, text, strlen(text), sig)))
				return rc;
			e.rotation_sig = base64_encode(sig, KEY_SIG, sig64);
		}
	}
	if ((rc = write_begin(st)))
		return rc;
	if ((rc = officer_key_register(st, j->id, key, &e)) == CT_OK &&
	    j->self) {
		key_free(&st->key);
		st->key = *key;
		key->pkey = NULL;       /* st owns it now; id and path stay */
	}
	return store_end(st, rc);
}

_Static_assert(sizeof ((struct officer_key_made *)0)->id == KEY_ID_LEN + 1,
    "a key ID fits officer_key_made");

int
ct_officer_key(struct ct_store *st, const char *id, int rotate,
    const char *reason, struct officer_key_made *out)
{
	struct key_job j = { 0 };
	struct ct_key old = { 0 }, key = { 0 };
	int rc, have_old;

	j.id = id != NULL ? id : st->actor;
	if (reason != NULL && *reason == '\0')
		return ct_fail(CT_USAGE, "a reset needs a --reason");
	if ((rc = officer_id_check(j.id)) ||
	    (reason != NULL && (rc = utf8_check_field("reason", reason,
	    strlen(reason), 1024, 0))) ||
	    (rc = prepare(st, &j, reason)) || (rc = allowed(st, &j)))
		return rc;
	rc = key_load(&old, j.id);
	if (rc != CT_OK && rc != CT_NOTFOUND)
		return rc;
	have_old = rc == CT_OK;
	if (have_old && !rotate && reason == NULL) {
		/* A key the officer has: register it, or nothing to do. */
		key = old;
		memset(&old, 0, sizeof old);
		if (!(j.have_cur && strcmp(j.cur, key.id) == 0))
			rc = register_key(st, &j, &key);
	} else if ((rc = key_generate(&key, j.id)) == CT_OK &&
	    (!have_old || (rc = key_retire(&old)) == CT_OK)) {
		if ((rc = key_save(&key)) == CT_OK &&
		    (rc = register_key(st, &j, &key)) != CT_OK)
			unlink(key.path);
		/* The old key file is back where it was unless the new
		 * one took its place. */
		if (rc != CT_OK && have_old)
			rename_back(&old);
	}
	if (rc == CT_OK) {
		snprintf(out->id, sizeof out->id, "%s", key.id);
		snprintf(out->path, sizeof out->path, "%s", key.path);
	}
	key_free(&key);
	key_free(&old);
	return rc;
}
