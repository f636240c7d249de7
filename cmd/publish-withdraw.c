/* publish-withdraw: withdraw a case's publication, because its decision
 * was changed, revoked, found unlawful or void, with the reason the
 * public reads; the next publish-export takes the record down and lists
 * the withdrawal.  A withdrawal later than deadline.withdraw working days
 * after the decision-change entry is recorded, and flagged late.  Only a
 * publisher withdraws. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "publish.h"

static const char usage_text[] =
    "publish-withdraw [-q] [-S dir] [-A officer] --because "
    "changed|revoked|unlawful|void --reason text case";

static const struct cli_help help_text[] = {
	{ "--because=WHY", "changed, revoked, unlawful or void" },
	{ "--reason=TEXT", "the public reason" },
	{ NULL, NULL }
};

enum { OPT_BECAUSE = OPT_FIRST_LOCAL, OPT_REASON };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "because", required_argument, NULL, OPT_BECAUSE },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	const char *because = NULL, *reason = NULL;
	struct ct_cli cli;
	struct ct_store *st;
	char changed[11];
	int ch, late, needs_year, rc;

	cli_init(&cli, "publish-withdraw", usage_text, CLI_WRITER, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) !=
	    -1) {
		switch (ch) {
		case OPT_BECAUSE:
			because = optarg;
			break;
		case OPT_REASON:
			reason = optarg;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	cli_operands(&cli, argc - optind, argv + optind, 1, 1, "case ID");
	if (because == NULL || reason == NULL)
		cli_usage_error(&cli, "--because and --reason are required");

	st = cli_open(&cli, STORE_WRITE);
	if ((rc = ct_publish_withdraw(st, argv[optind], because, reason,
	    &late, changed, &needs_year))) {
		store_close(st);
		cli_die(&cli, rc);
	}
	if (late)
		fprintf(stderr, "%s: late: the decision was changed on %s, "
		    "more than deadline.withdraw working days ago\n", cli.prog,
		    changed);
	if (needs_year)
		fprintf(stderr, "%s: calendar-ends: deadline.withdraw was "
		    "counted Monday to Friday in %d, a year the holiday "
		    "calendar does not list yet: it needs %d's lines\n",
		    cli.prog, needs_year, needs_year);
	store_close(st);
	cli_exit(&cli, CT_OK);
}
