/* evidence-cat: write an evidence object's bytes, checking them against
 * their hash on the way. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

static const char usage_text[] = "evidence-cat [-q] [-S dir] id";

static const struct option long_opts[] = {
	CLI_LONG,
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct ct_cli cli;
	struct ct_store *st;
	uint64_t size;
	int ch, rc, fd;

	cli_init(&cli, "evidence-cat", usage_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1)
		if (!cli_option(&cli, ch, optarg))
			cli_usage(&cli);
	argc -= optind;
	argv += optind;
	if (argc != 1)
		cli_usage(&cli);
	if ((rc = evidence_id_check(argv[0])))
		cli_die(&cli, rc);

	st = cli_open(&cli, STORE_READ);
	if ((rc = evidence_open(st, argv[0], &fd, &size)) == CT_OK) {
		rc = evidence_copy(fd, argv[0], STDOUT_FILENO);
		close(fd);
	}
	store_close(st);
	if (rc)
		cli_die(&cli, rc);
	cli_exit(&cli, CT_OK);
}
