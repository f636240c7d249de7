/* officer-revoke: withdraw an officer's credential from now on.  Entries
 * the officer made before stay valid; from this moment the officer can
 * no longer act.  Only an admin revokes, and never itself. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "casetrail.h"

static const char usage_text[] =
    "officer-revoke [-q] [-S dir] [-A officer] id --reason text";

enum { OPT_REASON = OPT_FIRST_LOCAL };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "reason", required_argument, NULL, OPT_REASON },
	{ NULL, 0, NULL, 0 }
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: %s\n", usage_text);
	exit(CT_USAGE);
}

int
main(int argc, char *argv[])
{
	const char *reason = NULL;
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc;

	cli_init(&cli, "officer-revoke");
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_REASON:
			reason = optarg;
			break;
		default:
			if (!cli_option(&cli, ch, optarg, usage_text))
				usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	if (reason == NULL) {
		fprintf(stderr, "officer-revoke: --reason is required\n");
		usage();
	}

	if ((rc = officer_id_check(argv[0])))
		cli_die(&cli, rc);
	st = cli_open(&cli, STORE_WRITE);
	if ((rc = store_begin(st)) || (rc = officer_revoke(st, argv[0],
	    reason)) || (rc = store_commit(st))) {
		store_close(st);
		cli_die(&cli, rc);
	}
	puts(argv[0]);
	store_close(st);
	return CT_OK;
}
