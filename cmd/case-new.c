/* case-new: open a case and print its ID, and only that. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage_text[] =
    "case-new [-q] [-S dir] [-A officer] --type type --title text "
    "[--party name] [--party-kind person|org] [--party-id id "
    "[--party-id-unchecked]] [--party-minor] "
    "[--handler officer]... [--basis text] [--at time]";

/* --help: a line for each option but the common ones (cli.c). */
static const struct cli_help help_text[] = {
	{ "--type=TYPE", "penalty, coercion, inspection, license, other" },
	{ "--title=TEXT", "a one-line title" },
	{ "--party=NAME", "the party's name" },
	{ "--party-kind=person|org", "a natural person or an organisation" },
	{ "--party-id=ID", "the party's identity number or credit code" },
	{ "--party-id-unchecked", "the ID is foreign or of another kind" },
	{ "--party-minor", "the party is a minor: never published" },
	{ "--handler=OFFICER", "an officer who handles it (up to 16)" },
	{ "--basis=TEXT", "the legal basis or the source of the case" },
	{ "--at=TIME", "when the case was filed, if not now" },
	{ NULL, NULL }
};

enum { OPT_TYPE = OPT_FIRST_LOCAL, OPT_TITLE, OPT_PARTY, OPT_PARTY_KIND,
    OPT_PARTY_ID, OPT_PARTY_ID_UNCHECKED, OPT_PARTY_MINOR, OPT_HANDLER, OPT_BASIS, OPT_AT };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "party", required_argument, NULL, OPT_PARTY },
	{ "party-kind", required_argument, NULL, OPT_PARTY_KIND },
	{ "party-id", required_argument, NULL, OPT_PARTY_ID },
	{ "party-id-unchecked", no_argument, NULL, OPT_PARTY_ID_UNCHECKED },
	{ "party-minor", no_argument, NULL, OPT_PARTY_MINOR },
	{ "handler", required_argument, NULL, OPT_HANDLER },
	{ "basis", required_argument, NULL, OPT_BASIS },
	{ "at", required_argument, NULL, OPT_AT },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct case_new c = { 0 };
	const char *at = NULL;
	char id[16];
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc;

	cli_init(&cli, "case-new", usage_text, CLI_WRITER, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_TYPE:
			c.type = optarg;
			break;
		case OPT_TITLE:
			c.title = optarg;
			break;
		case OPT_PARTY:
			c.party = optarg;
			break;
		case OPT_PARTY_KIND:
			c.party_kind = optarg;
			break;
		case OPT_PARTY_ID:
			c.party_id = optarg;
			break;
		case OPT_PARTY_ID_UNCHECKED:
			c.party_id_unchecked = 1;
			break;
		case OPT_PARTY_MINOR:
			c.party_minor = 1;
			break;
		case OPT_HANDLER:
			if (c.nhandlers == 16)
				cli_usage(&cli);
			c.handlers[c.nhandlers++] = optarg;
			break;
		case OPT_BASIS:
			c.basis = optarg;
			break;
		case OPT_AT:
			at = optarg;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	cli_operands(&cli, argc, argv + optind, 0, 0, NULL);
	if (c.type == NULL || c.title == NULL) {
		cli_usage_error(&cli, "--type and --title are required");
	}

	st = cli_open(&cli, STORE_WRITE);
	c.filed_at = time_now();
	if ((at != NULL && (rc = time_parse(at, &c.filed_at))) ||
	    (rc = ct_case_new(st, &c, id))) {
		store_close(st);
		cli_die(&cli, rc);
	}
	puts(id);
	store_close(st);
	cli_exit(&cli, CT_OK);
}
