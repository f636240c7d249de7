/* random-draw: "two random, one public" (双随机一公开): commit a seed,
 * draw inspection targets and their inspectors from two lists with it,
 * on the record, and check a recorded draw against the lists. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "draw.h"

static const char usage_text[] =
    "random-draw [-Hq] [-S dir] [-A officer] [-f format] [--bom] "
    "--task name --seed seed --targets file --inspectors file [-n count] "
    "[--ratio pct] [--per-target n] [--redraw --reason text] [--open-cases]\n"
    "       random-draw [-Hq] [-S dir] [-f format] [--bom] --dry-run "
    "--seed seed --targets file --inspectors file [-n count] [--ratio pct] "
    "[--per-target n]\n"
    "       random-draw [-q] [-S dir] [-A officer] --commit --task name "
    "[--public-value text] [--targets file --inspectors file]\n"
    "       random-draw [-q] [-S dir] --check task --targets file "
    "--inspectors file";

static const struct cli_help help_text[] = {
	{ "--targets=FILE", "the targets: ID, name, [class, recused]" },
	{ "--inspectors=FILE", "the inspectors: an officer ID a line" },
	{ "--per-target=N", "inspectors for each target (default 2)" },
	{ "-n, --count=COUNT", "targets drawn from each class" },
	{ "--ratio=PCT", "percent drawn from each class, or A=5,B=3,..." },
	{ "--task=NAME", "the inspection task the draw is for" },
	{ "--seed=SEED", "the seed committed for the task" },
	{ "--commit", "commit a fresh seed, or --public-value, for --task" },
	{ "--public-value=TEXT", "commit to a public value named in advance" },
	{ "--dry-run", "draw and print, record nothing" },
	{ "--redraw", "draw a task again (with --reason)" },
	{ "--reason=TEXT", "why the task is drawn again" },
	{ "--open-cases", "open an inspection case for each target drawn" },
	{ "--check=TASK", "recompute the task's draw from the lists" },
	{ NULL, NULL }
};

enum { OPT_TARGETS = OPT_FIRST_LOCAL, OPT_INSPECTORS, OPT_PER_TARGET,
    OPT_RATIO, OPT_TASK, OPT_SEED, OPT_COMMIT, OPT_PUBLIC, OPT_DRY_RUN,
    OPT_REDRAW, OPT_REASON, OPT_OPEN_CASES, OPT_CHECK };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "targets", required_argument, NULL, OPT_TARGETS },
	{ "inspectors", required_argument, NULL, OPT_INSPECTORS },
	{ "per-target", required_argument, NULL, OPT_PER_TARGET },
	{ "count", required_argument, NULL, 'n' },
	{ "ratio", required_argument, NULL, OPT_RATIO },
	{ "task", required_argument, NULL, OPT_TASK },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "commit", no_argument, NULL, OPT_COMMIT },
	{ "public-value", required_argument, NULL, OPT_PUBLIC },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "redraw", no_argument, NULL, OPT_REDRAW },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "open-cases", no_argument, NULL, OPT_OPEN_CASES },
	{ "check", required_argument, NULL, OPT_CHECK },
	{ NULL, 0, NULL, 0 }
};

struct opts {
	const char *targets, *inspectors, *count, *ratio, *task, *seed;
	const char *public_value, *reason, *check, *per_target;
	int commit, dry_run, redraw, open_cases;
};

static void
parse(struct ct_cli *cli, int argc, char **argv, struct opts *o)
{
	int ch;

	while ((ch = getopt_long(argc, argv, CLI_SHORT "n:", long_opts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_TARGETS: o->targets = optarg; break;
		case OPT_INSPECTORS: o->inspectors = optarg; break;
		case OPT_PER_TARGET: o->per_target = optarg; break;
		case 'n': o->count = optarg; break;
		case OPT_RATIO: o->ratio = optarg; break;
		case OPT_TASK: o->task = optarg; break;
		case OPT_SEED: o->seed = optarg; break;
		case OPT_COMMIT: o->commit = 1; break;
		case OPT_PUBLIC: o->public_value = optarg; break;
		case OPT_DRY_RUN: o->dry_run = 1; break;
		case OPT_REDRAW: o->redraw = 1; break;
		case OPT_REASON: o->reason = optarg; break;
		case OPT_OPEN_CASES: o->open_cases = 1; break;
		case OPT_CHECK: o->check = optarg; break;
		default:
			if (!cli_option(cli, ch, optarg))
				cli_usage(cli);
		}
	}
	cli_operands(cli, argc - optind, argv + optind, 0, 0, NULL);
}

/* What each mode needs, and what goes with nothing else. */
static void
check_usage(struct ct_cli *cli, const struct opts *o)
{
	int modes = o->commit + o->dry_run + (o->check != NULL);

	if (modes > 1)
		cli_usage_error(cli, "--commit, --dry-run and --check go alone");
	if ((o->targets == NULL) != (o->inspectors == NULL) ||
	    (!o->commit && o->targets == NULL))
		cli_usage_error(cli, "--targets and --inspectors go together, "
		    "and a draw needs both");
	if (o->commit && (o->task == NULL || o->seed || o->count || o->ratio ||
	    o->redraw || o->open_cases))
		cli_usage_error(cli, "--commit takes --task, and --public-value "
		    "or the lists, only");
	if (o->public_value && !o->commit)
		cli_usage_error(cli, "--public-value goes with --commit");
	if (o->check && (o->seed || o->task || o->count || o->ratio))
		cli_usage_error(cli, "--check takes the lists only: the rest is "
		    "recorded");
	if (modes == 0 && (o->task == NULL || o->seed == NULL))
		cli_usage_error(cli, "a draw needs --task and --seed (or "
		    "--dry-run)");
	if (o->dry_run && (o->seed == NULL || o->task || o->redraw ||
	    o->open_cases))
		cli_usage_error(cli, "--dry-run needs --seed, and records no "
		    "task, redraw or cases");
	if (o->redraw != (o->reason != NULL))
		cli_usage_error(cli, "--redraw and --reason go together");
}

/* One line a target drawn: ID, name, class, inspectors, its case. */
static int
print(const struct draw_lists *l, const struct draw_result *r,
    const char *case_ids, struct ct_cli *cli, struct ct_store *st)
{
	enum rec_format format = REC_TSV;
	struct rec_writer *w;
	char list[DRAW_PER_TARGET_MAX * 68 + 3], cls[2] = "";
	int rc = CT_OK;

	if (cli->format && rec_format_parse(cli->format, "tsv csv json",
	    &format))
		return CT_USAGE;
	if ((w = rec_open(stdout, format, cli->header, cli->bom, st)) == NULL)
		return CT_SYSTEM;
	for (size_t k = 0; k < r->npick && rc == CT_OK; k++) {
		const struct draw_target *t = &l->t[r->pick[k]];
		size_t len = 0;

		list[len++] = '[';
		for (int i = 0; i < r->per_target; i++)
			len += (size_t)snprintf(list + len, sizeof list - len,
			    "%s\"%s\"", i ? "," : "", l->insp[r->who[k *
			    (size_t)r->per_target + (size_t)i]]);
		snprintf(list + len, sizeof list - len, "]");
		cls[0] = l->classed ? (char)('A' + t->cls) : '\0';
		rec_str(w, "target", t->id);
		rec_str(w, "name", t->name);
		rec_str(w, "class", cls);
		rec_list(w, "inspectors", list);
		if (case_ids != NULL)
			rec_str(w, "case", case_ids + 16 * k);
		rc = rec_end(w);
	}
	rec_close(w);
	return rc;
}

/* --commit: the seed, printed once, or the public value on the record. */
static int
commit(struct ct_cli *cli, const struct opts *o, struct draw_request *q)
{
	struct ct_store *st = cli_open(cli, STORE_WRITE);
	char seed[65];
	int rc = ct_draw_commit(st, q, seed);

	if (rc == CT_OK && seed[0] != '\0')
		puts(seed);
	if (rc == CT_OK && seed[0] != '\0' && !cli->quiet)
		fprintf(stderr, "random-draw: keep the seed of task '%s' secret "
		    "until the draw: it is shown once\n", o->task);
	store_close(st);
	return rc;
}

/* --check TASK: the recorded draw made again from the lists. */
static int
check(struct ct_cli *cli, const struct opts *o, struct draw_lists *l)
{
	struct ct_store *st = cli_open(cli, STORE_READ);
	struct draw_recorded d;
	struct draw_params p;
	struct draw_result r = { 0 };
	char *json = NULL;
	int rc, same = 0;

	if ((rc = ct_draw_find(st, o->check, &d))) {
		store_close(st);
		return rc;
	}
	if (strcmp(d.targets_sha256, l->targets_sha256) != 0 ||
	    strcmp(d.inspectors_sha256, l->inspectors_sha256) != 0)
		rc = ct_fail(CT_NO, "task '%s' (entry %lld) was drawn from other "
		    "lists: targets %.16s..., inspectors %.16s...", o->check,
		    (long long)d.seq, d.targets_sha256, d.inspectors_sha256);
	else if ((rc = draw_params_parse(&p, d.params)) == CT_OK &&
	    (rc = draw_run(l, d.seed, &p, &r)) == CT_OK &&
	    (rc = draw_result_json(l, &r, &json)) == CT_OK &&
	    (rc = ct_draw_same_json(st, json, d.result, &same)) == CT_OK &&
	    !same)
		rc = ct_fail(CT_NO, "task '%s' (entry %lld): the draw made again "
		    "is not the one recorded", o->check, (long long)d.seq);
	if (rc == CT_OK)
		printf("task '%s' (entry %lld): the draw recorded is the draw of "
		    "these lists\n", o->check, (long long)d.seq);
	free(json);
	draw_result_free(&r);
	ct_draw_recorded_free(&d);
	store_close(st);
	return rc;
}

/* A draw, recorded, or with --dry-run not; then its lines. */
static int
draw(struct ct_cli *cli, const struct opts *o, struct draw_request *q)
{
	struct ct_store *st;
	struct draw_result r = { 0 };
	char *case_ids = NULL;
	int64_t seq = 0;
	int rc;

	if (q->lists == NULL)           /* check_usage made sure */
		return CT_USAGE;
	st = cli_open(cli, o->dry_run ? STORE_READ : STORE_WRITE);
	rc = o->dry_run ? ct_draw_dry(st, q, &r) :
	    ct_draw_record(st, q, &r, &seq, &case_ids);

	/* Printed only once it is on the record. */
	if (rc == CT_OK)
		rc = print(q->lists, &r, case_ids, cli, st);
	free(case_ids);
	draw_result_free(&r);
	store_close(st);
	return rc;
}

/* --per-target N: 0, which the draw refuses, if N is no number. */
static int
per_target(const char *arg)
{
	char *end;
	long n;

	if (arg == NULL)
		return 2;
	n = strtol(arg, &end, 10);
	return *arg != '\0' && *end == '\0' && n > 0 && n <= 100 ? (int)n : 0;
}

int
main(int argc, char *argv[])
{
	struct opts o = { 0 };
	struct draw_lists lists = { 0 };
	struct draw_params params = { 0 };
	struct draw_request q = { 0 };
	struct ct_cli cli;
	int rc = CT_OK;

	cli_init(&cli, "random-draw", usage_text, CLI_WRITER | CLI_FORMAT |
	    CLI_HEADER | CLI_BOM, help_text);
	parse(&cli, argc, argv, &o);
	check_usage(&cli, &o);
	if (!o.commit && !o.check && ct_draw_params(&params, o.count, o.ratio,
	    per_target(o.per_target)))
		cli_usage_error(&cli, ct_errmsg());
	if (o.targets != NULL)
		rc = ct_draw_lists_read(&lists, o.targets, o.inspectors);
	q.task = o.task;
	q.seed = o.seed;
	q.public_value = o.public_value;
	q.lists = o.targets ? &lists : NULL;
	q.params = &params;
	q.redraw_reason = o.reason;
	q.open_cases = o.open_cases;
	if (rc == CT_OK)
		rc = o.commit ? commit(&cli, &o, &q) : o.check ?
		    check(&cli, &o, &lists) : draw(&cli, &o, &q);
	ct_draw_lists_free(&lists);
	if (rc != CT_OK)
		cli_die(&cli, rc);
	cli_exit(&cli, CT_OK);
}
