/* officer-key: make an officer's Ed25519 key pair and register its
 * public key, or register a key the officer already has (the same key
 * can serve several stores).  --rotate replaces the key; the store keeps
 * every public key it had, so old checkpoints still verify. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage_text[] =
    "officer-key [-q] [-S dir] [-A officer] [--rotate] [id]\n"
    "       officer-key [-q] [-S dir] [-A officer] --reset id --reason text";

/* --help: a line for each option but the common ones (cli.c). */
static const struct cli_help help_text[] = {
	{ "--rotate", "a new key pair, signed with the old key" },
	{ "--reset", "as an admin, replace the key of officer ID" },
	{ "--reason=TEXT", "why the key is reset" },
	{ NULL, NULL }
};

enum { OPT_ROTATE = OPT_FIRST_LOCAL, OPT_RESET, OPT_REASON };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "rotate", no_argument, NULL, OPT_ROTATE },
	{ "reset", no_argument, NULL, OPT_RESET },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct officer_key_made made;
	struct ct_cli cli;
	struct ct_store *st;
	const char *reason = NULL;
	int ch, rc, rotate = 0, reset = 0;

	cli_init(&cli, "officer-key", usage_text, CLI_WRITER, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_ROTATE:
			rotate = 1;
			break;
		case OPT_RESET:
			reset = 1;
			break;
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
	cli_operands(&cli, argc, argv, 0, 1, "officer ID");
	if (argc == 1 && (rc = officer_id_check(argv[0])))
		cli_die(&cli, rc);
	/* A reset names the officer and says why; nothing else does. */
	if (reset && (argc != 1 || rotate))
		cli_usage_error(&cli, "--reset takes the officer's ID, and no "
		    "--rotate");
	if (reset != (reason != NULL))
		cli_usage_error(&cli, reset ? "--reset needs a --reason" :
		    "--reason goes with --reset");

	st = cli_open(&cli, STORE_WRITE_NOKEY);
	if ((rc = ct_officer_key(st, argc == 1 ? argv[0] : NULL, rotate,
	    reason, &made))) {
		store_close(st);
		cli_die(&cli, rc);
	}
	printf("%s\t%s\n", made.id, made.path);
	store_close(st);
	cli_exit(&cli, CT_OK);
}
