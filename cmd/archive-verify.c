/* archive-verify: check an archive that archive-seal wrote, with no
 * store: its integrity, authenticity, usability and security, one line
 * each (casetrail(7), ARCHIVES).  Exit 0 only if all four hold. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "archiving.h"
#include "cli.h"

static const char usage_text[] =
    "archive-verify [-q] [--key pubkey]... [--tsr response] "
    "[--tsa-ca certs] file";

static const struct cli_help help_text[] = {
	{ "--key=FILE", "trust this Ed25519 or SM2 public key (PEM); repeatable" },
	{ "--tsr=FILE", "the RFC 3161 timestamp response (FILE.tsr)" },
	{ "--tsa-ca=FILE", "the time-stamping authority's CA certificates" },
	{ NULL, NULL }
};

enum { OPT_KEY = OPT_FIRST_LOCAL, OPT_TSR, OPT_TSA_CA };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "key", required_argument, NULL, OPT_KEY },
	{ "tsr", required_argument, NULL, OPT_TSR },
	{ "tsa-ca", required_argument, NULL, OPT_TSA_CA },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	const char *keys[64];
	struct archive_verify o = { .keys = keys };
	struct ct_cli cli;
	FILE *err;
	int ch, rc, nkeys = 0;

	cli_init(&cli, "archive-verify", usage_text, CLI_QUIET, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_KEY:
			if (nkeys == 64)
				cli_usage_error(&cli, "at most 64 keys");
			keys[nkeys++] = optarg;
			break;
		case OPT_TSR:
			o.tsr = optarg;
			break;
		case OPT_TSA_CA:
			o.tsa_ca = optarg;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	argv += optind;
	cli_operands(&cli, argc, argv, 1, 1, "archive file");

	/* -q: the warnings go nowhere. */
	if ((err = cli.quiet ? fopen("/dev/null", "w") : stderr) == NULL)
		cli_die(&cli, ct_fail(CT_SYSTEM, "cannot open /dev/null"));
	o.path = argv[0];
	o.nkeys = nkeys;
	rc = ct_archive_verify(&o, stdout, err);
	if (err != stderr)
		fclose(err);
	if (rc == CT_NO)
		cli_exit(&cli, rc);
	if (rc != CT_OK)
		cli_die(&cli, rc);
	cli_exit(&cli, CT_OK);
}
