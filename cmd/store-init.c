/* store-init: make an empty store, private to its maker or shared with
 * the officers of one Unix group on this host. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char usage_text[] = "store-init [--shared --group group] dir";

/* --help: a line for each option but the common ones (cli.c). */
static const struct cli_help help_text[] = {
	{ "--shared", "share the store with a Unix group" },
	{ "--group=GROUP", "the group whose members share it" },
	{ NULL, NULL }
};

enum { OPT_SHARED = OPT_FIRST_LOCAL, OPT_GROUP };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "shared", no_argument, NULL, OPT_SHARED },
	{ "group", required_argument, NULL, OPT_GROUP },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	const char *group = NULL;
	struct ct_cli cli;
	int ch, rc, shared = 0;

	cli_init(&cli, "store-init", usage_text, 0, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_SHARED:
			shared = 1;
			break;
		case OPT_GROUP:
			group = optarg;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	argv += optind;
	cli_operands(&cli, argc, argv, 1, 1, "directory");
	if (shared && group == NULL)
		cli_usage_error(&cli, "--shared needs --group: the group whose "
		    "members share the store");
	if (group != NULL && !shared)
		cli_usage_error(&cli, "--group goes with --shared");

	if ((rc = ct_store_init(argv[0], group)))
		cli_die(&cli, rc);
	return CT_OK;
}
