/* store-rebuild: recompute the tables derived from the journal (cases,
 * officers, keys, evidence) from a journal that verifies, in one
 * transaction. */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"

static const char usage_text[] = "store-rebuild [-q] [-S dir]";

static const struct option long_opts[] = {
	CLI_LONG,
	{ NULL, 0, NULL, 0 }
};

static void
progress(uint64_t done, uint64_t total)
{
	fprintf(stderr, "\rstore-rebuild: %llu/%llu entries",
	    (unsigned long long)done, (unsigned long long)total);
	if (done == total)
		fputc('\n', stderr);
}

int
main(int argc, char *argv[])
{
	struct verify_report r = { 0 };
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc;

	cli_init(&cli, "store-rebuild", usage_text, CLI_STORE | CLI_QUIET, NULL);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1)
		if (!cli_option(&cli, ch, optarg))
			cli_usage(&cli);
	cli_operands(&cli, argc - optind, argv + optind, 0, 0, NULL);

	st = cli_open(&cli, STORE_READ);
	rc = verify_rebuild(st, &r, isatty(2) && !cli.quiet ? progress : NULL);
	if (rc == CT_OK && r.status != CT_OK)
		rc = ct_fail(CT_NO, "the journal does not verify, nothing was "
		    "rebuilt: %s", r.first);
	store_close(st);
	if (rc)
		cli_die(&cli, rc);
	cli_exit(&cli, CT_OK);
}
