/* publish-export: what the agency publishes (公示), redacted: the
 * decisions of decided cases not yet published, the officers, the power
 * and inspection item lists and the random draws (--what), as records
 * or (html) as the site of what is published now.  Each export that
 * publishes is one entry per kind holding exactly what it published, so
 * a re-run exports only what is new or changed; --dry-run shows it and
 * records nothing.  Only a publisher exports. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "publish.h"
#include "publish_list.h"

static const char usage_text[] =
    "publish-export [-Hq] [-S dir] [-A officer] [-f format] [--bom] "
    "[-o path] [--what what] [--all] [--dry-run] [--redact-also text]...";

static const struct cli_help help_text[] = {
	{ "-f, --format=FORMAT", "json, csv, tsv, or html (a site, with -o)" },
	{ "-o, --output=PATH", "write to PATH, a file (a directory for html)" },
	{ "--what=WHAT", "decisions officers powers inspections all" },
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

/* What --what takes, each a bit of the kinds to export. */
enum { W_DECISIONS = 1, W_OFFICERS = 2, W_POWERS = 4, W_INSPECTIONS = 8,
    W_ALL = 15 };

static int
what_parse(const char *s)
{
	static const char *const words[] = { "decisions", "officers", "powers",
	    "inspections", "all" };
	static const int bits[] = { W_DECISIONS, W_OFFICERS, W_POWERS,
	    W_INSPECTIONS, W_ALL };

	for (size_t i = 0; i < 5; i++)
		if (strcmp(s, words[i]) == 0)
			return bits[i];
	return 0;
}

struct writing {
	struct rec_writer *w;
	const struct publish_set *s;
	int kind;               /* each says it is a decision's (one stream
				 * of several kinds) */
	int checks;             /* each with what checks it (json) */
};

/* Decision i and, in json, what checks it once published: its entry's
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
	if (x->kind)
		rec_str(x->w, "kind", "decision");
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
write_records(struct ct_store *st, struct rec_writer *w,
    const struct publish_set *s, int kind, int checks)
{
	struct writing x = { w, s, kind, checks };

	return publish_checks(st, s, write_record, &x);
}

/* A list's items, each with its kind first. */
static int
write_items(struct rec_writer *w, const struct publist *l)
{
	int rc = CT_OK;

	for (size_t i = 0; i < l->n && rc == CT_OK; i++) {
		rec_str(w, "kind", l->kind->name);
		for (size_t f = 0; f < l->nfields; f++)
			rec_str(w, l->kind->fields[f], l->v[i * l->nfields + f]);
		rec_int(w, "entry", l->entry[i]);
		rc = rec_end(w);
	}
	return rc;
}

static void
tell_list(const struct ct_cli *cli, const struct publist *l)
{
	if (l->seq > 0 && !cli->quiet)
		fprintf(stderr, "%s: %s: %zu item%s published in entry %lld\n",
		    cli->prog, l->kind->name, l->n, l->n == 1 ? "" : "s",
		    (long long)l->seq);
}

/* A writer of one kind's records to fp (NULL for html: none); each kind
 * has its own, for the fields of a record are its writer's. */
static int
writer(struct ct_store *st, const struct ct_cli *cli, enum rec_format f,
    FILE *fp, struct rec_writer **w)
{
	*w = NULL;
	if (fp != NULL && (*w = rec_open(fp, f, cli->header, cli->bom,
	    st)) == NULL)
		return CT_SYSTEM;
	return CT_OK;
}

/* The lists of what (powers first: a bad powers file stops the export
 * before anything is recorded). */
static int
export_lists(struct ct_store *st, const struct ct_cli *cli,
    const struct publish_opts *o, int what, enum rec_format f, FILE *fp)
{
	const struct publist_kind *kinds[] = { &publist_powers,
	    &publist_officers, &publist_inspections };
	const int bits[] = { W_POWERS, W_OFFICERS, W_INSPECTIONS };
	struct rec_writer *w;
	struct publist l;
	int rc = CT_OK;

	for (size_t i = 0; i < 3 && rc == CT_OK; i++) {
		if (!(what & bits[i]))
			continue;
		rc = ct_publish_list(st, kinds[i], o, &l);
		if (rc == CT_OK && (rc = writer(st, cli, f, fp, &w)) == CT_OK &&
		    w != NULL) {
			rc = write_items(w, &l);
			rec_close(w);
		}
		if (rc == CT_OK && (fp == NULL || fflush(fp) == 0))
			tell_list(cli, &l);
		publist_free(&l);
	}
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

/* What the options ask, to fp, or (fp NULL) as the site in out. */
static int
export(struct ct_store *st, const struct ct_cli *cli,
    const struct publish_opts *o, int what, const char *out, enum rec_format f,
    FILE *fp)
{
	struct publish_set s = { 0 };
	struct rec_writer *w = NULL;
	int rc;

	rc = export_lists(st, cli, o, what, f, fp);
	if (rc == CT_OK && (what & W_DECISIONS)) {
		rc = ct_publish_decisions(st, o, &s);
		if (rc == CT_OK && (rc = writer(st, cli, f, fp, &w)) == CT_OK &&
		    w != NULL) {
			rc = write_records(st, w, &s, what == W_ALL,
			    f == REC_JSON);
			rec_close(w);
		}
		/* The records first, then what is said about them. */
		if (rc == CT_OK && (fp == NULL || fflush(fp) == 0))
			tell(cli, &s);
		publish_set_free(&s);
	}
	/* The site is what is published now: it publishes first. */
	if (rc == CT_OK && fp == NULL)
		rc = ct_publish_site(st, o, out);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct publish_opts o = { 0 };
	const char *out = NULL, *also[64];
	char msg[512];
	enum rec_format f = REC_JSON;
	int html = 0, what = W_DECISIONS, ch, rc;
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
			if ((what = what_parse(optarg)) == 0) {
				snprintf(msg, sizeof msg, "unknown --what '%s' "
				    "(what it takes: decisions officers powers "
				    "inspections all)", optarg);
				cli_usage_error(&cli, msg);
			}
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
	if (cli.format != NULL && strcmp(cli.format, "html") == 0)
		html = 1;
	else if (cli.format != NULL &&
	    (rc = rec_format_parse(cli.format, "json csv tsv html", &f)))
		cli_die(&cli, rc);
	if (html && out == NULL)
		cli_usage_error(&cli, "--format html writes a site: it needs "
		    "-o DIR");
	/* A site holds only what is on the record, each page with its
	 * proof: a dry run has neither. */
	if (html && o.dry_run)
		cli_usage_error(&cli, "--dry-run shows records: it takes json, "
		    "csv or tsv, not html");
	/* Several kinds have several sets of fields: one header cannot
	 * name them. */
	if (what == W_ALL && (f == REC_CSV || f == REC_TSV) && !html)
		cli_usage_error(&cli, "--what all mixes kinds of records: it "
		    "takes json or html");
	/* The store first: nothing is written, nor a file emptied, for a
	 * store that cannot be opened or inside it.  Then where it goes is
	 * made ready: a publication recorded and not written would wait for
	 * the next export. */
	st = cli_open(&cli, STORE_WRITE);
	if (out != NULL && (rc = ct_output_check(st, out)))
		cli_die(&cli, rc);
	if (html && (rc = publish_site_ready(out)))
		cli_die(&cli, rc);
	if (html)
		fp = NULL;
	else if (out != NULL && (fp = fopen(out, "w")) == NULL)
		cli_die(&cli, ct_fail(CT_SYSTEM, "cannot write '%s': %s", out,
		    strerror(errno)));
	rc = export(st, &cli, &o, what, out, f, fp);
	if (fp != stdout && fp != NULL && fclose(fp) != 0 && rc == CT_OK)
		rc = ct_fail(CT_SYSTEM, "cannot write '%s'", out);
	store_close(st);
	if (rc)
		cli_die(&cli, rc);
	cli_exit(&cli, CT_OK);
}
