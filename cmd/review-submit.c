/* review-submit: submit the intended decision of each case named for
 * legal review (法制审核), with the materials, and print the review's ID
 * and what the pre-check found. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "penalty_opts.h"

#define TEXT_MAX (256 * 1024)

static const char usage_text[] =
    "review-submit [-q] [-S dir] [-A officer] [-f format] [-H] [--bom]\n"
    "                [--penalty type]... [--fine yuan] [--confiscation yuan] "
    "[--basis text]\n"
    "                [--facts text] [--comply text] [--comply-by date] "
    "[--major]\n"
    "                [-m text | -F file] [--evidence id]... [case ...]";

static const struct cli_help help_text[] = {
	PENALTY_HELP,
	{ "-m, --message=TEXT", "the text of the intended decision" },
	{ "-F, --file=FILE", "read the text from FILE, - standard input" },
	{ "--evidence=ID", "an evidence item submitted (up to 64)" },
	{ NULL, NULL }
};

enum { OPT_EVIDENCE = OPT_FIRST_LOCAL };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "message", required_argument, NULL, 'm' },
	{ "file", required_argument, NULL, 'F' },
	{ "evidence", required_argument, NULL, OPT_EVIDENCE },
	PENALTY_LONG,
	{ NULL, 0, NULL, 0 }
};

struct submitting {
	struct ct_cli *cli;
	struct ct_store *st;
	struct rec_writer *w;
	struct ct_review_new r;
	int64_t id;
	int findings;
};

static int
finding(const struct ct_finding *f, void *ctx)
{
	struct submitting *s = ctx;

	s->findings++;
	rec_int(s->w, "review", s->id);
	rec_str(s->w, "case", s->r.case_id);
	rec_int(s->w, "point", f->point);
	rec_str(s->w, "finding", f->text);
	return rec_end(s->w);
}

/* One case: the review in a transaction of its own, then the pre-check
 * on the record it was submitted on. */
static int
submit(const char *id, void *ctx)
{
	struct submitting *s = ctx;
	int rc;

	s->r.case_id = id;
	s->findings = 0;
	if ((rc = ct_review_submit(s->st, &s->r, &s->id)))
		return cli_warn_status(s->cli, rc);
	if ((rc = ct_review_check(s->st, id, s->r.penalty, finding, s)))
		return cli_warn_status(s->cli, rc);
	if (s->findings > 0)
		return CT_OK;
	/* None found: the review's ID all the same. */
	rec_int(s->w, "review", s->id);
	rec_str(s->w, "case", id);
	rec_str(s->w, "point", "");
	rec_str(s->w, "finding", "");
	return cli_warn_status(s->cli, rec_end(s->w));
}

int
main(int argc, char *argv[])
{
	struct submitting s = { 0 };
	struct ct_penalty penalty = { 0 };
	enum rec_format format = REC_TSV;
	const char *file = NULL;
	char *file_text = NULL;
	struct ct_cli cli;
	int ch, rc = CT_OK;

	cli_init(&cli, "review-submit", usage_text, CLI_RECORDS | CLI_ACTOR,
	    help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT "m:F:", long_opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'm':
			s.r.text = optarg;
			break;
		case 'F':
			file = optarg;
			break;
		case OPT_EVIDENCE:
			if (s.r.nevidence == 64)
				cli_usage_error(&cli, "at most 64 evidence items");
			s.r.evidence[s.r.nevidence++] = optarg;
			break;
		default:
			if (!penalty_option(&cli, ch, optarg, &penalty) &&
			    !cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	argv += optind;
	if (s.r.text && file)
		cli_usage_error(&cli, "-m and -F exclude each other");
	if (!ct_penalty_given(&penalty))
		cli_usage_error(&cli, "the intended decision's penalty options "
		    "are required (--penalty, --fine, ...)");
	penalty_options_done(&cli, &penalty);
	s.r.penalty = &penalty;
	if (cli.format && rec_format_parse(cli.format, "tsv csv json", &format))
		cli_die(&cli, CT_USAGE);

	s.cli = &cli;
	s.st = cli_open(&cli, STORE_WRITE);
	if ((file != NULL && (s.r.text = file_text = cli_read_text(file,
	    TEXT_MAX, &rc)) == NULL) ||
	    (s.w = rec_open(stdout, format, cli.header, cli.bom, s.st)) == NULL) {
		free(file_text);
		store_close(s.st);
		cli_die(&cli, rc ? rc : CT_SYSTEM);
	}
	rc = ids_each(argc, argv, stdin, submit, &s);
	rec_close(s.w);
	free(file_text);
	store_close(s.st);
	cli_exit(&cli, rc);
}
