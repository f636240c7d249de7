/* review-decide: a reviewer's verdict on each review named: approve,
 * reject, return to the handlers, or transfer the case to the judicial
 * authorities; with the opinion and a verdict on each of the ten
 * points. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define TEXT_MAX (256 * 1024)

static const char usage_text[] =
    "review-decide [-q] [-S dir] [-A officer] "
    "--approve|--reject|--return|--transfer\n"
    "                -m opinion | -F file [--point N=verdict]... "
    "[review ...]";

static const struct cli_help help_text[] = {
	{ "--approve", "the draft may be decided as it is" },
	{ "--reject", "the draft may not be decided" },
	{ "--return", "back to the handlers, to submit again" },
	{ "--transfer", "a suspected crime: to the judicial authorities" },
	{ "-m, --message=TEXT", "the opinion" },
	{ "-F, --file=FILE", "read the opinion from FILE, - standard input" },
	{ "--point=POINT", "N=ok or N=issue:TEXT, for point N of 1-10" },
	{ NULL, NULL }
};

enum { OPT_APPROVE = OPT_FIRST_LOCAL, OPT_REJECT, OPT_RETURN, OPT_TRANSFER,
    OPT_POINT };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "approve", no_argument, NULL, OPT_APPROVE },
	{ "reject", no_argument, NULL, OPT_REJECT },
	{ "return", no_argument, NULL, OPT_RETURN },
	{ "transfer", no_argument, NULL, OPT_TRANSFER },
	{ "message", required_argument, NULL, 'm' },
	{ "file", required_argument, NULL, 'F' },
	{ "point", required_argument, NULL, OPT_POINT },
	{ NULL, 0, NULL, 0 }
};

struct deciding {
	struct ct_cli *cli;
	struct ct_store *st;
	struct ct_review_verdict v;
};

/* --point N=VERDICT into v. */
static void
point(const struct ct_cli *cli, const char *arg, struct ct_review_verdict *v)
{
	char *end;
	long n = strtol(arg, &end, 10);
	char msg[256];

	if (end == arg || *end != '=' || n < 1 || n > CT_REVIEW_POINTS) {
		snprintf(msg, sizeof msg, "--point takes N=ok or N=issue:TEXT, N "
		    "from 1 to %d, not '%.64s'", CT_REVIEW_POINTS, arg);
		cli_usage_error(cli, msg);
	}
	if (v->points[n - 1] != NULL) {
		snprintf(msg, sizeof msg, "point %ld is given twice", n);
		cli_usage_error(cli, msg);
	}
	v->points[n - 1] = end + 1;
}

static int
decide(const char *id, void *ctx)
{
	struct deciding *d = ctx;
	char *end;
	int rc;

	d->v.id = strtoll(id, &end, 10);
	if (end == id || *end != '\0' || d->v.id <= 0)
		return cli_warn_status(d->cli, ct_fail(CT_USAGE, "bad review ID "
		    "'%s' (a number, as review-submit prints it)", id));
	if ((rc = ct_review_decide(d->st, &d->v)))
		return cli_warn_status(d->cli, rc);
	if (!d->cli->quiet)
		printf("%s\n", id);
	return CT_OK;
}

int
main(int argc, char *argv[])
{
	static const char *const verdicts[] = { "approved", "rejected",
	    "returned", "transferred" };
	struct deciding d = { 0 };
	const char *file = NULL;
	char *file_text = NULL;
	struct ct_cli cli;
	int ch, rc = CT_OK;

	cli_init(&cli, "review-decide", usage_text, CLI_WRITER, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT "m:F:", long_opts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_APPROVE: case OPT_REJECT: case OPT_RETURN:
		case OPT_TRANSFER:
			if (d.v.verdict != NULL &&
			    d.v.verdict != verdicts[ch - OPT_APPROVE])
				cli_usage_error(&cli, "--approve, --reject, --return "
				    "and --transfer exclude each other");
			d.v.verdict = verdicts[ch - OPT_APPROVE];
			break;
		case 'm':
			d.v.opinion = optarg;
			break;
		case 'F':
			file = optarg;
			break;
		case OPT_POINT:
			point(&cli, optarg, &d.v);
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	argv += optind;
	if (d.v.verdict == NULL)
		cli_usage_error(&cli, "--approve, --reject, --return or "
		    "--transfer is required");
	if (d.v.opinion && file)
		cli_usage_error(&cli, "-m and -F exclude each other");
	if (d.v.opinion == NULL && file == NULL)
		cli_usage_error(&cli, "the opinion is required (-m or -F)");
	if (rule_review_points(&d.v) != CT_OK)
		cli_usage_error(&cli, ct_errmsg());

	d.cli = &cli;
	d.st = cli_open(&cli, STORE_WRITE);
	if (file != NULL && (d.v.opinion = file_text = cli_read_text(file,
	    TEXT_MAX, &rc)) == NULL) {
		store_close(d.st);
		cli_die(&cli, rc);
	}
	rc = ids_each(argc, argv, stdin, decide, &d);
	free(file_text);
	store_close(d.st);
	cli_exit(&cli, rc);
}
