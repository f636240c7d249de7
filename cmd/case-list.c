/* case-list: the cases that match, one per line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage_text[] =
    "case-list [-Hq] [-S dir] [-f format] [--bom] [--type type] "
    "[--stage stage] [--status status] [--overdue] [--flagged] "
    "[--handler officer] [--since date] [--unpublished] "
    "[--publish-overdue]";

/* --help: a line for each option but the common ones (cli.c). */
static const struct cli_help help_text[] = {
	{ "--type=TYPE", "only cases of TYPE" },
	{ "--stage=STAGE", "only cases in STAGE" },
	{ "--status=STATUS", "only cases with STATUS" },
	{ "--overdue", "only open cases past their deadline" },
	{ "--flagged", "only cases with a flagged entry" },
	{ "--handler=OFFICER", "only cases OFFICER handles" },
	{ "--since=DATE", "only cases filed at or after DATE" },
	{ "--unpublished", "only decided cases not yet published" },
	{ "--publish-overdue", "only those past their publication due day" },
	{ NULL, NULL }
};

enum { OPT_TYPE = OPT_FIRST_LOCAL, OPT_STAGE, OPT_STATUS, OPT_OVERDUE,
    OPT_FLAGGED, OPT_HANDLER, OPT_SINCE, OPT_UNPUBLISHED,
    OPT_PUBLISH_OVERDUE };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "stage", required_argument, NULL, OPT_STAGE },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "overdue", no_argument, NULL, OPT_OVERDUE },
	{ "flagged", no_argument, NULL, OPT_FLAGGED },
	{ "handler", required_argument, NULL, OPT_HANDLER },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "unpublished", no_argument, NULL, OPT_UNPUBLISHED },
	{ "publish-overdue", no_argument, NULL, OPT_PUBLISH_OVERDUE },
	{ NULL, 0, NULL, 0 }
};

struct printer {
	struct rec_writer *w;
	int publication;            /* the fields of the publication due */
};

static int
print(const struct case_row *c, void *ctx)
{
	const struct printer *p = ctx;
	struct rec_writer *w = p->w;
	char filed[11], decided[11];

	rec_str(w, "id", c->id);
	rec_str(w, "type", c->type);
	rec_str(w, "status", c->status);
	rec_str(w, "stage", c->stage);
	rec_str(w, "filed", time_local_date(c->filed_at, filed));
	rec_str(w, "deadline", c->deadline);
	rec_int(w, "days", c->days_open);
	rec_int(w, "flags", c->flags);
	rec_str(w, "handlers", c->handlers);
	rec_str(w, "party", c->party);
	rec_str(w, "title", c->title);
	rec_str(w, "number", c->number);
	if (p->publication) {
		rec_str(w, "decided", time_local_date(c->decided_at, decided));
		rec_str(w, "publish_due", c->publish_due);
		rec_str(w, "calendar_ends", c->calendar_ends ? "yes" : "no");
	}
	return rec_end(w);
}

int
main(int argc, char *argv[])
{
	struct case_filter f = { 0 };
	enum rec_format format = REC_TSV;
	const char *since = NULL;
	struct printer p;
	int needs_year = 0;
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc;

	cli_init(&cli, "case-list", usage_text, CLI_RECORDS, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_TYPE:
			f.type = optarg;
			break;
		case OPT_STAGE:
			f.stage = optarg;
			break;
		case OPT_STATUS:
			f.status = optarg;
			break;
		case OPT_OVERDUE:
			f.overdue = 1;
			break;
		case OPT_FLAGGED:
			f.flagged = 1;
			break;
		case OPT_HANDLER:
			f.handler = optarg;
			break;
		case OPT_SINCE:
			since = optarg;
			break;
		case OPT_UNPUBLISHED:
			f.unpublished = 1;
			break;
		case OPT_PUBLISH_OVERDUE:
			f.publish_overdue = 1;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	cli_operands(&cli, argc, argv + optind, 0, 0, NULL);
	if (cli.format && rec_format_parse(cli.format, "tsv csv json", &format))
		cli_die(&cli, CT_USAGE);

	st = cli_open(&cli, STORE_READ);
	if (since != NULL && (rc = time_parse(since, &f.since))) {
		store_close(st);
		cli_die(&cli, rc);
	}
	p.publication = f.unpublished || f.publish_overdue;
	f.needs_year = &needs_year;
	if ((p.w = rec_open(stdout, format, cli.header, cli.bom, st)) == NULL) {
		store_close(st);
		cli_die(&cli, CT_SYSTEM);
	}
	rc = case_list(st, &f, print, &p);
	rec_close(p.w);
	store_close(st);
	if (rc)
		cli_die(&cli, rc);
	/* Once, so that a year missing from the calendar is never silent. */
	if (needs_year && !cli.quiet)
		fprintf(stderr, "%s: calendar-ends: a publication due day was "
		    "counted Monday to Friday in %d, which the holiday calendar "
		    "does not list: it needs %d's lines\n", cli.prog,
		    needs_year, needs_year);
	cli_exit(&cli, CT_OK);
}
