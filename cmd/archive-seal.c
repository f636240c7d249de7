/* archive-seal: seal a closed case into a BagIt archive (RFC 8493) that
 * proves itself without the store, and record the seal in the journal
 * with the archive's SHA-256.  From then on the case takes nothing.
 * Only an archivist seals; --again writes a sealed case's archive again,
 * byte for byte the one recorded.  The seal records the retention the
 * agency's table (retention.tsv) gives the case, or none: then it says
 * so, and the case is sealed all the same. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archiving.h"
#include "cli.h"

static const char usage_text[] =
    "archive-seal [-q] [-S dir] [-A officer] [-o file] "
    "[--format tar|tar.gz|zip] [--gm] [--again] case";

static const struct cli_help help_text[] = {
	{ "-o, --output=FILE", "write the archive to FILE (CASE.tar)" },
	{ "--format=FORMAT", "tar, tar.gz or zip" },
	{ "--gm", "SM3 manifests and an SM2 seal signature too" },
	{ "--again", "write a sealed case's archive again" },
	{ NULL, NULL }
};

enum { OPT_FORMAT_ARCHIVE = OPT_FIRST_LOCAL, OPT_AGAIN, OPT_GM };

/* Its --format, the archive's, comes before the common one (records). */
static const struct option long_opts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT_ARCHIVE },
	CLI_LONG,
	{ "output", required_argument, NULL, 'o' },
	{ "again", no_argument, NULL, OPT_AGAIN },
	{ "gm", no_argument, NULL, OPT_GM },
	{ NULL, 0, NULL, 0 }
};

/* What the retention table says of the case just sealed: a seal with no
 * retention is said, and with --again a table that now gives another is
 * said too, since the seal, like its archive, never changes. */
static void
retention_warn(const struct ct_cli *cli, struct ct_store *st,
    const struct archive_seal *s)
{
	char recorded[16], now[16];

	if (cli->quiet || seal_retention(st, s->case_id, recorded, now,
	    sizeof now) != CT_OK)
		return;
	if (!s->again && strcmp(recorded, "unset") == 0)
		fprintf(stderr, "%s: warning: no row of retention.tsv matches "
		    "case %s: sealed with its retention unset, and no archive "
		    "number (archive-list --retention-unset)\n", cli->prog,
		    s->case_id);
	else if (s->again && strcmp(recorded, now) != 0)
		fprintf(stderr, "%s: warning: retention.tsv now gives case %s "
		    "%s; its seal keeps the %s it recorded: a sealed archive "
		    "never changes\n", cli->prog, s->case_id, now, recorded);
}

int
main(int argc, char *argv[])
{
	struct archive_seal s = { 0 };
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc;

	cli_init(&cli, "archive-seal", usage_text, CLI_WRITER, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT "o:", long_opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'o':
			s.out = optarg;
			break;
		case OPT_FORMAT_ARCHIVE:
			s.format = optarg;
			break;
		case OPT_AGAIN:
			s.again = 1;
			break;
		case OPT_GM:
			s.gm = 1;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	argv += optind;
	cli_operands(&cli, argc, argv, 1, 1, "case ID");
	s.case_id = argv[0];

	st = cli_open(&cli, STORE_WRITE);
	if ((s.out != NULL && (rc = ct_output_check(st, s.out))) ||
	    (rc = ct_archive_seal(st, &s))) {
		store_close(st);
		cli_die(&cli, rc);
	}
	printf("%s\t%s\t%s\n", s.case_id, s.sha256, s.path);
	retention_warn(&cli, st, &s);
	store_close(st);
	cli_exit(&cli, CT_OK);
}
