/* publish-export: what the agency publishes (公示), redacted: the
 * decisions of decided cases not yet published, as records or (html) as
 * the site of what is published now.  Each export that publishes is one
 * publish entry holding exactly the records published, so a re-run
 * exports only what is new; --dry-run shows them and records nothing.
 * Only a publisher exports. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "publish.h"

static const char usage_text[] =
    "publish-export [-Hq] [-S dir] [-A officer] [-f format] [--bom] "
    "[-o path] [--what what] [--all] [--dry-run] [--redact-also text]...";

static const struct cli_help help_text[] = {
	{ "-f, --format=FORMAT", "json, csv, tsv, or html (a site, with -o)" },
	{ "-o, --output=PATH", "write to PATH, a file (a directory for html)" },
	{ "--what=WHAT", "decisions (the default)" },
	{ "--all", "what is published now, not only what is new" },
	{ "--dry-run", "show the redacted records, record nothing" },
	{ "--redact-also=TEXT", "a name to redact, besides those known" },
	{ NULL, NULL }
};

enum { OPT_WHAT = OPT_FIRST_LOCAL, OPT_ALL, OPT_DRY_RUN, OPT_REDACT_ALSO };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "output", required_argument, NULL, 'o' },
	{ "what", required_argument, NULL, OPT_WHAT },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "redact-also", required_argument, NULL, OPT_REDACT_ALSO },
	{ NULL, 0, NULL, 0 }
};

struct writing {
	struct rec_writer *w;
	const struct publish_set *s;
	int checks;             /* json: each record with what checks it */
};

/* Record i and, in json, what checks it once published: its entry's
 * inclusion proof (the entry's line in it) and the signed checkpoint it
 * leads to.  Texts of many lines, for a program to check, not for a
 * spreadsheet's cells: csv and tsv name the entry only. */
static int
write_record(void *ctx, size_t i, const char *line, const char *proof,
    const char *checkpoint)
{
	struct writing *x = ctx;
	const struct publish_record *r = &x->s->r[i];

	(void)line;     /* in the proof, and the record is the rest of it */
	rec_str(x->w, "case_id", r->case_id);
	rec_str(x->w, "doc_number", r->doc_number);
	rec_str(x->w, "party", r->party);
	rec_str(x->w, "party_code", r->party_code);
	rec_str(x->w, "facts", r->facts);
	rec_str(x->w, "basis", r->basis);
	rec_str(x->w, "penalty", r->penalty);
	rec_str(x->w, "agency", r->agency);
	rec_str(x->w, "decided", r->decided);
	rec_str(x->w, "published", r->published);
	rec_str(x->w, "ends", r->ends);
	rec_int(x->w, "entry", r->entry);
	if (x->checks) {
		rec_str(x->w, "proof", proof);
		rec_str(x->w, "checkpoint", checkpoint);
	}
	return rec_end(x->w);
}

static int
write_records(struct ct_store *st, const struct ct_cli *cli,
    const struct publish_set *s, enum rec_format f, FILE *fp)
{
	struct writing x = { rec_open(fp, f, cli->header, cli->bom, st), s,
	    f == REC_JSON };
	int rc;

	if (x.w == NULL)
		return CT_SYSTEM;
	rc = publish_checks(st, s, write_record, &x);
	rec_close(x.w);
	return rc;
}

/* What the export held back and took down, said on stderr. */
static void
tell(const struct ct_cli *cli, const struct publish_set *s)
{
	if (s->held_back > 0)
		fprintf(stderr, "%s: %d decision%s of minors held back, not "
		    "published\n", cli->prog, s->held_back,
		    s->held_back == 1 ? "" : "s");
	for (size_t i = 0; i < s->ngone; i++)
		fprintf(stderr, "%s: removed %s %s: %s: %s (%s)\n", cli->prog,
		    s->gone[i].case_id, s->gone[i].doc_number ?
		    s->gone[i].doc_number : "", s->gone[i].because,
		    s->gone[i].reason, s->gone[i].day);
	if (s->entry == 0 || cli->quiet)
		return;
	if (s->n > 1)
		fprintf(stderr, "%s: %zu records published in entries %lld to "
		    "%lld\n", cli->prog, s->n, (long long)s->entry,
		    (long long)s->r[s->n - 1].entry);
	else
		fprintf(stderr, "%s: %zu record%s published in entry %lld\n",
		    cli->prog, s->n, s->n == 1 ? "" : "s", (long long)s->entry);
}

int
main(int argc, char *argv[])
{
	struct publish_opts o = { 0 };
	struct publish_set s = { 0 };
	const char *what = "decisions", *out = NULL, *also[64];
	enum rec_format f = REC_JSON;
	int html = 0, ch, rc;
	struct ct_cli cli;
	struct ct_store *st;
	FILE *fp = stdout;

	cli_init(&cli, "publish-export", usage_text, CLI_RECORDS | CLI_ACTOR,
	    help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT "o:", long_opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case OPT_WHAT:
			what = optarg;
			break;
		case OPT_ALL:
			o.all = 1;
			break;
		case OPT_DRY_RUN:
			o.dry_run = 1;
			break;
		case OPT_REDACT_ALSO:
			if (o.nalso == 64)
				cli_usage_error(&cli, "at most 64 --redact-also");
			also[o.nalso++] = optarg;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	cli_operands(&cli, argc - optind, argv + optind, 0, 0, NULL);
	o.also = also;
	if (strcmp(what, "decisions") != 0)
		cli_usage_error(&cli, "unknown --what (what it takes: decisions)");
	if (cli.format != NULL && strcmp(cli.format, "html") == 0)
		html = 1;
	else if (cli.format != NULL &&
	    (rc = rec_format_parse(cli.format, "json csv tsv html", &f)))
		cli_die(&cli, rc);
	if (html && out == NULL)
		cli_usage_error(&cli, "--format html writes a site: it needs "
		    "-o DIR");
	/* Where it goes is made ready first: a publication recorded and
	 * not written would wait for the next export. */
	if (html && (rc = publish_site_ready(out)))
		cli_die(&cli, rc);
	if (!html && out != NULL && (fp = fopen(out, "w")) == NULL)
		cli_die(&cli, ct_fail(CT_SYSTEM, "cannot write '%s': %s", out,
		    strerror(errno)));
	/* The site is what is published now: it publishes first. */
	st = cli_open(&cli, STORE_WRITE);
	if (html && !o.dry_run) {
		if ((rc = ct_publish_decisions(st, &o, &s)) == CT_OK) {
			tell(&cli, &s);
			publish_set_free(&s);
			o.all = 1;
			rc = ct_publish_decisions(st, &o, &s);
		}
		if (rc == CT_OK)
			rc = publish_site(st, &s, out);
	} else {
		rc = ct_publish_decisions(st, &o, &s);
		if (rc == CT_OK && !html)
			rc = write_records(st, &cli, &s, f, fp);
		/* The records first, then what is said about them. */
		if (rc == CT_OK && fflush(fp) == 0)
			tell(&cli, &s);
		if (fp != stdout && fp != NULL && fclose(fp) != 0 && rc == CT_OK)
			rc = ct_fail(CT_SYSTEM, "cannot write '%s'", out);
	}
	publish_set_free(&s);
	store_close(st);
	if (rc)
		cli_die(&cli, rc);
	cli_exit(&cli, CT_OK);
}
