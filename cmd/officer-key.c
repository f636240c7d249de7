/* officer-key: make an officer's Ed25519 key pair and register its
 * public key, or register a key the officer already has (the same key
 * can serve several stores).  --rotate replaces the key; the store keeps
 * every public key it had, so old checkpoints still verify. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "casetrail.h"

static const char usage_text[] =
    "officer-key [-q] [-S dir] [-A officer] [--rotate] [id]";

enum { OPT_ROTATE = OPT_FIRST_LOCAL };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "rotate", no_argument, NULL, OPT_ROTATE },
	{ NULL, 0, NULL, 0 }
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: %s\n", usage_text);
	exit(CT_USAGE);
}

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

int
main(int argc, char *argv[])
{
	struct ct_key old = { 0 }, key = { 0 };
	char cur[KEY_ID_LEN + 1];
	unsigned char pub[KEY_PUB];
	const char *id;
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc, rotate = 0, have_old, have_cur, made = 0;

	cli_init(&cli, "officer-key");
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_ROTATE:
			rotate = 1;
			break;
		default:
			if (!cli_option(&cli, ch, optarg, usage_text))
				usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	if (argc == 1 && (rc = officer_id_check(argv[0])))
		cli_die(&cli, rc);

	st = cli_open(&cli, STORE_WRITE_NOKEY);
	id = argc == 1 ? argv[0] : st->actor;
	if ((rc = allowed(st, id)))
		goto fail;
	if ((have_cur = officer_key_current(st, id, cur, pub)) < 0) {
		rc = CT_SYSTEM;
		goto fail;
	}
	rc = key_load(&old, id);
	if (rc != CT_OK && rc != CT_NOTFOUND)
		goto fail;
	have_old = rc == CT_OK;
	if (have_old && !rotate) {
		/* A key the officer has: register it, or nothing to do. */
		key = old;
		memset(&old, 0, sizeof old);
		if (have_cur && strcmp(cur, key.id) == 0)
			goto done;
	} else {
		if ((rc = key_generate(&key, id)) ||
		    (have_old && (rc = key_retire(&old))))
			goto fail;
		if ((rc = key_save(&key))) {
			if (have_old)
				rename_back(&old);
			goto fail;
		}
		made = 1;
	}
	if ((rc = store_begin(st)) ||
	    (rc = officer_key_register(st, id, &key)))
		goto undo;
	if (strcmp(id, st->actor) == 0) {
		/* The officer's first signature is with the key it just
		 * registered. */
		key_free(&st->key);
		st->key = key;
		key.pkey = NULL;        /* st owns it now; id and path stay */
	}
	if ((rc = store_commit(st)))
		goto undo;
done:
	printf("%s\t%s\n", key.id, key.path);
	key_free(&key);
	key_free(&old);
	store_close(st);
	return CT_OK;
undo:
	store_rollback(st);
	if (made) {
		unlink(key.path);
		if (have_old)
			rename_back(&old);
	}
fail:
	key_free(&key);
	key_free(&old);
	store_close(st);
	cli_die(&cli, rc);
}
