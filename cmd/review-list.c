/* review-list: list the legal reviews: all, those pending, those past
 * their due day, a reviewer's, a case's. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "review-list [-S dir] [-f format] [-H] [--bom] [--pending] [--overdue]\n"
    "                [--reviewer officer] [--case case]";

static const struct cli_help help_text[] = {
	{ "--pending", "only the reviews pending" },
	{ "--overdue", "only the reviews pending past their due day" },
	{ "--reviewer=OFFICER", "only the reviews OFFICER decided" },
	{ "--case=CASE", "only the reviews of CASE" },
	{ NULL, NULL }
};

enum { OPT_PENDING = OPT_FIRST_LOCAL, OPT_OVERDUE, OPT_REVIEWER, OPT_CASE };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "pending", no_argument, NULL, OPT_PENDING },
	{ "overdue", no_argument, NULL, OPT_OVERDUE },
	{ "reviewer", required_argument, NULL, OPT_REVIEWER },
	{ "case", required_argument, NULL, OPT_CASE },
	{ NULL, 0, NULL, 0 }
};

static int
print(const struct review_row *r, void *ctx)
{
	struct rec_writer *w = ctx;

	rec_int(w, "id", r->id);
	rec_str(w, "case", r->case_id);
	rec_str(w, "state", r->state);
	rec_str(w, "submitted", r->submitted_at);
	rec_str(w, "due", r->due);
	rec_str(w, "overdue", r->overdue ? "yes" : "no");
	rec_str(w, "reviewer", r->reviewer);
	rec_str(w, "opinion", r->opinion);
	rec_list(w, "points", r->points ? r->points : "[]");
	rec_str(w, "draft", r->draft);
	rec_str(w, "calendar_ends", r->calendar_ends ? "yes" : "no");
	return rec_end(w);
}

int
main(int argc, char *argv[])
{
	enum rec_format format = REC_TSV;
	struct review_filter f = { 0 };
	struct rec_writer *w;
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc;

	cli_init(&cli, "review-list", usage_text, CLI_RECORDS, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1)
		switch (ch) {
		case OPT_PENDING:
			f.pending = 1;
			break;
		case OPT_OVERDUE:
			f.overdue = 1;
			break;
		case OPT_REVIEWER:
			f.reviewer = optarg;
			break;
		case OPT_CASE:
			f.case_id = optarg;
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
	rc = review_list(st, &f, print, w);
	rec_close(w);
	store_close(st);
	if (rc)
		cli_die(&cli, rc);
	cli_exit(&cli, CT_OK);
}
