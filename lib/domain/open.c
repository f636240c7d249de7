/* open.c: how a program opens its store: which programs may create one,
 * and when the acting officer is resolved and its signing key loaded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

/* Only officer-add creates a store: any other writer would find no officer
 * to act in a new one and be refused, and a refusal leaves nothing behind,
 * not even an empty store.  Returns CT_OK, or CT_NOTFOUND if dir has no
 * store.db; other faults are left for store_open to report. */
static int
store_present(const char *dir)
{
	char *path = store_path(dir), db[4096];
	int rc = CT_OK;

	if (path == NULL)
		return CT_OK;
	snprintf(db, sizeof db, "%s/store.db", path);
	if (access(db, F_OK) != 0 && errno == ENOENT)
		rc = ct_fail(CT_NOTFOUND, "no store at %s (officer-add creates "
		    "one)", path);
	free(path);
	return rc;
}

int
ct_open(struct ct_store **out, const char *dir, const char *actor, int mode)
{
	struct ct_store *st;
	int rc, count = 1;

	*out = NULL;
	if ((rc = time_now_check()) ||
	    ((mode == STORE_WRITE || mode == STORE_WRITE_NOKEY) &&
	    (rc = store_present(dir))) ||
	    (rc = store_open(&st, dir, mode == STORE_READ ? STORE_READ :
	    STORE_WRITE)))
		return rc;
	/* A store with no officer yet is founded by the officer-add that
	 * registers its first officer, with no actor and no key. */
	if (mode == STORE_CREATE && (rc = officer_count(st, &count)))
		goto fail;
	if (mode != STORE_READ && count > 0 &&
	    ((rc = officer_resolve(st, actor)) ||
	    (mode != STORE_WRITE_NOKEY && (rc = officer_key_load(st)))))
		goto fail;
	*out = st;
	return CT_OK;
fail:
	store_close(st);
	return rc;
}
