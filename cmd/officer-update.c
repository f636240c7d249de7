/* officer-update: change an officer's data on the record: a renewed
 * credential, a corrected name, or, with --restore, a revoked officer
 * restored with a new credential and a reason.  Only an admin does it,
 * and no admin restores himself.  Entries made before stay judged by the
 * data of their time. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage_text[] =
    "officer-update [-q] [-S dir] [-A officer] id [--name name] "
    "[--qualification number] "
    "[--credential number --valid-until date [--valid-from date]]\n"
    "       officer-update [-q] [-S dir] [-A officer] --restore id "
    "--credential number --valid-until date [--valid-from date] "
    "--reason text";

/* --help: a line for each option but the common ones (cli.c). */
static const struct cli_help help_text[] = {
	{ "--name=NAME", "the officer's corrected name" },
	{ "--credential=NUMBER", "the number of a new credential" },
	{ "--valid-until=DATE", "the new credential's last valid day" },
	{ "--valid-from=DATE", "its first valid day (default today)" },
	{ "--restore", "restore the revoked officer ID" },
	{ "--reason=TEXT", "why the officer is restored" },
	{ "--qualification=NUMBER", "a new 法律职业资格 number" },
	{ NULL, NULL }
};

enum { OPT_NAME = OPT_FIRST_LOCAL, OPT_CREDENTIAL, OPT_VALID_UNTIL,
    OPT_VALID_FROM, OPT_RESTORE, OPT_REASON, OPT_QUALIFICATION };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "name", required_argument, NULL, OPT_NAME },
	{ "credential", required_argument, NULL, OPT_CREDENTIAL },
	{ "valid-until", required_argument, NULL, OPT_VALID_UNTIL },
	{ "valid-from", required_argument, NULL, OPT_VALID_FROM },
	{ "restore", no_argument, NULL, OPT_RESTORE },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "qualification", required_argument, NULL, OPT_QUALIFICATION },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct officer_update u = { 0 };
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc;

	cli_init(&cli, "officer-update", usage_text, CLI_WRITER, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_NAME:
			u.name = optarg;
			break;
		case OPT_CREDENTIAL:
			u.credential = optarg;
			break;
		case OPT_VALID_UNTIL:
			u.valid_until = optarg;
			break;
		case OPT_VALID_FROM:
			u.valid_from = optarg;
			break;
		case OPT_RESTORE:
			u.restore = 1;
			break;
		case OPT_REASON:
			u.reason = optarg;
			break;
		case OPT_QUALIFICATION:
			u.qualification = optarg;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	argv += optind;
	cli_operands(&cli, argc, argv, 1, 1, "officer ID");
	u.id = argv[0];
	/* A restore says why, and gives the credential the revocation
	 * took; an update changes something. */
	if (u.restore && (u.reason == NULL || u.credential == NULL))
		cli_usage_error(&cli, "--restore needs a --reason and a new "
		    "--credential with --valid-until");
	if (!u.restore && u.reason != NULL)
		cli_usage_error(&cli, "--reason goes with --restore");
	if (u.name == NULL && u.credential == NULL && u.valid_from == NULL &&
	    u.valid_until == NULL && u.qualification == NULL)
		cli_usage_error(&cli, "--name, --qualification or --credential "
		    "is required");

	if ((rc = officer_update_check(&u)))
		cli_die(&cli, rc);
	st = cli_open(&cli, STORE_WRITE);
	if ((rc = ct_officer_update(st, &u))) {
		store_close(st);
		cli_die(&cli, rc);
	}
	puts(u.id);
	store_close(st);
	cli_exit(&cli, CT_OK);
}
