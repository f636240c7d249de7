/* officer-add: register an officer.  The first officer of a store
 * registers itself and becomes admin, unsigned, as no key exists yet;
 * after that only admins add, signing with their keys. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage_text[] =
    "officer-add [-q] [-S dir] [-A officer] id --name name "
    "--credential number --valid-until date [--valid-from date] "
    "[--role role]... [--unix-user user] [--qualification number]";

/* --help: a line for each option but the common ones (cli.c). */
static const struct cli_help help_text[] = {
	{ "--name=NAME", "the officer's full name" },
	{ "--credential=NUMBER", "the number of the officer's credential" },
	{ "--valid-until=DATE", "the credential's last valid day" },
	{ "--valid-from=DATE", "its first valid day (default today)" },
	{ "--role=ROLE", "a role of the officer's (default officer)" },
	{ "--unix-user=USER", "the Unix user who acts as the officer" },
	{ "--qualification=NUMBER", "a reviewer's 法律职业资格 number" },
	{ NULL, NULL }
};

enum { OPT_NAME = OPT_FIRST_LOCAL, OPT_CREDENTIAL, OPT_VALID_UNTIL,
    OPT_VALID_FROM, OPT_ROLE, OPT_UNIX_USER, OPT_QUALIFICATION };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "name", required_argument, NULL, OPT_NAME },
	{ "credential", required_argument, NULL, OPT_CREDENTIAL },
	{ "valid-until", required_argument, NULL, OPT_VALID_UNTIL },
	{ "valid-from", required_argument, NULL, OPT_VALID_FROM },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "unix-user", required_argument, NULL, OPT_UNIX_USER },
	{ "qualification", required_argument, NULL, OPT_QUALIFICATION },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct officer_new o = { 0 };
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc;

	cli_init(&cli, "officer-add", usage_text, CLI_WRITER, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_NAME:
			o.name = optarg;
			break;
		case OPT_CREDENTIAL:
			o.credential = optarg;
			break;
		case OPT_VALID_UNTIL:
			o.valid_until = optarg;
			break;
		case OPT_VALID_FROM:
			o.valid_from = optarg;
			break;
		case OPT_ROLE:
			if (o.nroles == 8)
				cli_usage(&cli);
			o.roles[o.nroles++] = optarg;
			break;
		case OPT_UNIX_USER:
			o.unix_user = optarg;
			break;
		case OPT_QUALIFICATION:
			o.qualification = optarg;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	argv += optind;
	cli_operands(&cli, argc, argv, 1, 1, "officer ID");
	o.id = argv[0];
	if (o.name == NULL || o.credential == NULL || o.valid_until == NULL) {
		cli_usage_error(&cli, "--name, --credential and "
		    "--valid-until are required");
	}

	/* Check first: a refusal must not leave a new, empty store. */
	if ((rc = officer_check(&o)))
		cli_die(&cli, rc);
	st = cli_open(&cli, STORE_CREATE);
	if ((rc = ct_officer_add(st, &o))) {
		store_close(st);
		cli_die(&cli, rc);
	}
	puts(o.id);
	store_close(st);
	cli_exit(&cli, CT_OK);
}
