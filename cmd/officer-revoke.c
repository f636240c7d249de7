/* officer-revoke: withdraw an officer's credential from now on.  Entries
 * the officer made before stay valid; from this moment the officer can
 * no longer act.  Only an admin revokes, and never itself. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage_text[] =
    "officer-revoke [-q] [-S dir] [-A officer] id --reason text";

/* --help: a line for each option but the common ones (cli.c). */
static const struct cli_help help_text[] = {
	{ "--reason=TEXT", "why the credential is revoked" },
	{ NULL, NULL }
};

enum { OPT_REASON = OPT_FIRST_LOCAL };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "reason", required_argument, NULL, OPT_REASON },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	const char *reason = NULL;
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc;

	cli_init(&cli, "officer-revoke", usage_text, CLI_WRITER, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_REASON:
			reason = optarg;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	argv += optind;
	cli_operands(&cli, argc, argv, 1, 1, "officer ID");
	if (reason == NULL) {
		cli_usage_error(&cli, "--reason is required");
	}

	if ((rc = officer_id_check(argv[0])))
		cli_die(&cli, rc);
	st = cli_open(&cli, STORE_WRITE);
	if ((rc = ct_officer_revoke(st, argv[0], reason))) {
		store_close(st);
		cli_die(&cli, rc);
	}
	puts(argv[0]);
	store_close(st);
	cli_exit(&cli, CT_OK);
}
