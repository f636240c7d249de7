/* import-unsigned FILE: case-log --import with no signature, for
 * bench/sign-cost to measure what signing adds.  The same library calls
 * as case-log, except that no key is loaded and the checkpoint is left
 * unsigned (the founding officer's privilege).  A benchmark tool only:
 * built by `make bench`, never installed; the store it leaves fails
 * store-verify, as it should. */
#include <stdio.h>

#include "internal.h"

int
main(int argc, char *argv[])
{
	struct import_stats stats;
	struct ct_store *st;
	FILE *fp;
	int rc;

	if (argc != 2 || (fp = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "usage: import-unsigned file\n");
		return CT_USAGE;
	}
	if ((rc = store_open(&st, NULL, STORE_WRITE)) == CT_OK) {
		st->founding = 1;
		if ((rc = officer_resolve(st, NULL)) == CT_OK &&
		    (rc = store_begin(st)) == CT_OK) {
			rc = import_entries(st, fp, argv[1], IMPORT_LINES, &stats);
			rc = rc ? rc : store_commit(st);
		}
		store_close(st);
	}
	fclose(fp);
	if (rc)
		fprintf(stderr, "import-unsigned: %s\n", ct_errmsg());
	return rc;
}
