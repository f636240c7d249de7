/* evidence-cat: write evidence objects' bytes, one after another, checking
 * each against its hash on the way.  IDs come as arguments or, with none
 * or "-", as the first field of each line of standard input:
 * `evidence-list ID | evidence-cat` writes every item of a case. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

static const char usage_text[] = "evidence-cat [-q] [-S dir] [id ...]";

static const struct option long_opts[] = {
	CLI_LONG,
	{ NULL, 0, NULL, 0 }
};

struct cat {
	struct ct_cli *cli;
	struct ct_store *st;
};

/* Writes one object; a missing or damaged one is said and the others
 * still written, a broken standard output ends everything. */
static int
cat_one(const char *id, void *ctx)
{
	struct cat *c = ctx;
	char full[65];
	uint64_t size;
	int rc, fd;

	if ((rc = evidence_resolve(c->st, id, NULL, full, NULL)) == CT_OK &&
	    (rc = evidence_open(c->st, full, &fd, &size)) == CT_OK) {
		rc = evidence_copy(fd, full, STDOUT_FILENO);
		close(fd);
	}
	return cli_warn_status(c->cli, rc);
}

int
main(int argc, char *argv[])
{
	struct ct_cli cli;
	struct cat c = { &cli, NULL };
	int ch, rc;

	cli_init(&cli, "evidence-cat", usage_text, CLI_STORE | CLI_QUIET, NULL);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1)
		if (!cli_option(&cli, ch, optarg))
			cli_usage(&cli);
	argc -= optind;
	argv += optind;

	c.st = cli_open(&cli, STORE_READ);
	rc = ids_each(argc, argv, stdin, cat_one, &c);
	store_close(c.st);
	cli_exit(&cli, rc);
}
