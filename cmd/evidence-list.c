/* evidence-list: the evidence items of cases, one per line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage_text[] =
    "evidence-list [-Hq] [-S dir] [-f format] [--bom] [case ...]";

static const struct option long_opts[] = {
	CLI_LONG,
	{ NULL, 0, NULL, 0 }
};

struct listing {
	struct ct_cli *cli;
	struct ct_store *st;
	struct rec_writer *w;
};

static int
print(const struct evidence_row *r, void *ctx)
{
	struct rec_writer *w = ctx;

	rec_str(w, "id", r->id);
	rec_str(w, "case", r->case_id);
	rec_str(w, "name", r->name);
	rec_str(w, "kind", r->kind);
	rec_int(w, "size", r->size);
	rec_str(w, "stage", r->stage);
	rec_str(w, "collected_at", r->collected_at);
	rec_str(w, "officer", r->officer);
	rec_int(w, "seq", r->seq);
	rec_list(w, "officers", r->officers);
	rec_str(w, "location", r->location);
	rec_str(w, "note", r->note);
	return rec_end(w);
}

/* One case: its failure is reported and the others go on. */
static int
list_case(const char *id, void *ctx)
{
	struct listing *l = ctx;
	int rc = evidence_list(l->st, id, print, l->w);

	/* A broken stdout ends everything; a missing case only itself. */
	if (rc == CT_SYSTEM)
		cli_die(l->cli, rc);
	return cli_warn_status(l->cli, rc);
}

int
main(int argc, char *argv[])
{
	enum rec_format format = REC_TSV;
	struct listing l;
	struct ct_cli cli;
	int ch, rc;

	cli_init(&cli, "evidence-list", usage_text, CLI_RECORDS, NULL);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1)
		if (!cli_option(&cli, ch, optarg))
			cli_usage(&cli);
	argc -= optind;
	argv += optind;
	if (cli.format && rec_format_parse(cli.format, "tsv csv json", &format))
		cli_die(&cli, CT_USAGE);

	l.cli = &cli;
	l.st = cli_open(&cli, STORE_READ);
	if ((l.w = rec_open(stdout, format, cli.header, cli.bom, l.st)) ==
	    NULL) {
		store_close(l.st);
		cli_die(&cli, CT_SYSTEM);
	}
	rc = ids_each(argc, argv, stdin, list_case, &l);
	rec_close(l.w);
	store_close(l.st);
	cli_exit(&cli, rc);
}
