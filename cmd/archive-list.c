/* archive-list: list the sealed cases with their archive numbers,
 * hashes, sizes, retention and dates: all, those due for transfer to the
 * archives in a year, those due for appraisal, those sealed with no
 * retention.  casetrail never deletes anything. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage_text[] =
    "archive-list [-S dir] [-f format] [-H] [--bom] [--transfer-due year]\n"
    "                [--appraisal-due year] [--retention-unset]";

static const struct cli_help help_text[] = {
	{ "--transfer-due=YEAR", "only the cases that go to the archives in "
	  "YEAR" },
	{ "--appraisal-due=YEAR", "only the cases whose retention runs out "
	  "in YEAR" },
	{ "--retention-unset", "only the cases sealed with no retention" },
	{ NULL, NULL }
};

enum { OPT_TRANSFER = OPT_FIRST_LOCAL, OPT_APPRAISAL, OPT_UNSET };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "transfer-due", required_argument, NULL, OPT_TRANSFER },
	{ "appraisal-due", required_argument, NULL, OPT_APPRAISAL },
	{ "retention-unset", no_argument, NULL, OPT_UNSET },
	{ NULL, 0, NULL, 0 }
};

static int
year_arg(struct ct_cli *cli, const char *opt, const char *arg)
{
	char *end;
	long y;

	errno = 0;
	y = strtol(arg, &end, 10);
	if (errno || end == arg || *end != '\0' || y < 1000 || y > 9999)
		cli_die(cli, ct_fail(CT_USAGE, "%s takes a year, as 2036, not "
		    "'%s'", opt, arg));
	return (int)y;
}

static int
print(const struct seal_row *r, void *ctx)
{
	struct rec_writer *w = ctx;

	rec_str(w, "case", r->case_id);
	rec_str(w, "archive_no", r->archive_no);
	rec_str(w, "sha256", r->sha256);
	rec_int(w, "bytes", r->bytes);
	rec_str(w, "retention", r->retention);
	rec_str(w, "filed", r->filed);
	rec_str(w, "closed", r->closed);
	rec_str(w, "sealed", r->sealed);
	rec_int(w, "transfer", r->transfer_year);
	if (r->appraisal_year)
		rec_int(w, "appraisal", r->appraisal_year);
	else
		rec_str(w, "appraisal", NULL);
	return rec_end(w);
}

int
main(int argc, char *argv[])
{
	enum rec_format format = REC_TSV;
	struct seal_filter f = { 0 };
	struct rec_writer *w;
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc;

	cli_init(&cli, "archive-list", usage_text, CLI_RECORDS, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1)
		switch (ch) {
		case OPT_TRANSFER:
			f.transfer_due = year_arg(&cli, "--transfer-due", optarg);
			break;
		case OPT_APPRAISAL:
			f.appraisal_due = year_arg(&cli, "--appraisal-due",
			    optarg);
			break;
		case OPT_UNSET:
			f.retention_unset = 1;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	argc -= optind;
	cli_operands(&cli, argc, argv + optind, 0, 0, NULL);
	if (cli.format && rec_format_parse(cli.format, "tsv csv json", &format))
		cli_die(&cli, CT_USAGE);

	st = cli_open(&cli, STORE_READ);
	if ((w = rec_open(stdout, format, cli.header, cli.bom, st)) == NULL) {
		store_close(st);
		cli_die(&cli, CT_SYSTEM);
	}
	rc = seal_list(st, &f, print, w);
	rec_close(w);
	store_close(st);
	if (rc)
		cli_die(&cli, rc);
	cli_exit(&cli, CT_OK);
}
