/* officer_key.c: an officer's key pair, made or found, and registered:
 * the write of officer-key(1). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Who may make id's key: the officer itself, or an admin, who then signs
 * with its own key.  A revoked officer gets no new key. */
static int
allowed(struct ct_store *st, const char *id)
{
	const struct cred *c = NULL;
	int rc;

	if (strcmp(id, st->actor) != 0 &&
	    ((rc = officer_admin(st, "make keys for other officers")) ||
	    (rc = officer_key_load(st))))
		return rc;
	if ((rc = rules_cred(st, id, &c)) || c == NULL)
		return rc ? rc : CT_SYSTEM;
	if (c->revoked_at[0] != '\0')
		return ct_fail(CT_REFUSED, "officer '%s' is revoked", id);
	return CT_OK;
}

/* Undoes key_retire when the new key could not take its place. */
static void
rename_back(const struct ct_key *old)
{
	char from[sizeof old->path + KEY_ID_LEN + 2];

	snprintf(from, sizeof from, "%s.%s", old->path, old->id);
	rename(from, old->path);
}

/* Registers key as id's, in one transaction.  The officer's own change
 * is signed with the key it registers: st takes key's private key. */
static int
register_key(struct ct_store *st, const char *id, struct ct_key *key)
{
	int rc;

	if ((rc = store_begin(st)))
		return rc;
	if ((rc = officer_key_register(st, id, key)) == CT_OK &&
	    strcmp(id, st->actor) == 0) {
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
    struct officer_key_made *out)
{
	struct ct_key old = { 0 }, key = { 0 };
	char cur[KEY_ID_LEN + 1];
	unsigned char pub[KEY_PUB];
	int rc, have_old, have_cur;

	if (id == NULL)
		id = st->actor;
	if ((rc = officer_id_check(id)) || (rc = allowed(st, id)))
		return rc;
	if ((have_cur = officer_key_current(st, id, cur, pub)) < 0)
		return CT_SYSTEM;
	rc = key_load(&old, id);
	if (rc != CT_OK && rc != CT_NOTFOUND)
		return rc;
	have_old = rc == CT_OK;
	if (have_old && !rotate) {
		/* A key the officer has: register it, or nothing to do. */
		key = old;
		memset(&old, 0, sizeof old);
		if (!(have_cur && strcmp(cur, key.id) == 0))
			rc = register_key(st, id, &key);
	} else if ((rc = key_generate(&key, id)) == CT_OK &&
	    (!have_old || (rc = key_retire(&old)) == CT_OK)) {
		if ((rc = key_save(&key)) == CT_OK &&
		    (rc = register_key(st, id, &key)) != CT_OK)
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
