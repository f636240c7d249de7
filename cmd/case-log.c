/* case-log: record a step in the journal of each case named (arguments
 * or, with none or "-", the first field of each stdin line), one
 * transaction a case; or --import many entries in one. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "penalty_opts.h"

#define TEXT_MAX (256 * 1024)

static const char usage_text[] =
    "case-log [-q] [-S dir] [-A officer] --action action "
    "[--stage stage] [-m text | -F file] [--officer officer]... "
    "[--evidence id]... [--at time] [case ...]\n"
    "       case-log [-q] [-S dir] [-A officer] [-f csv] --import "
    "[file | -]\n"
    "       case-log [-q] [-S dir] [-A officer] --action notice|approval|"
    "decision\n"
    "                [--penalty type]... [--fine yuan] [--confiscation yuan] "
    "[--basis text]\n"
    "                [--facts text] [--comply text] [--comply-by date] "
    "[--major] ... [case ...]\n"
    "       case-log [-H] --actions\n"
    "       case-log [-H] --moves";

/* --help: a line for each option but the common ones (cli.c). */
static const struct cli_help help_text[] = {
	{ "--action=ACTION", "what was done (see --actions)" },
	{ "--stage=STAGE", "the stage the case is in after it" },
	{ "-m, --message=TEXT", "the text of the entry" },
	{ "-F, --file=FILE", "read the text from FILE, - standard input" },
	{ "--officer=OFFICER", "an officer present (up to 16)" },
	{ "--evidence=ID", "an evidence item of the step (up to 64)" },
	{ "--at=TIME", "when it happened, if not now" },
	PENALTY_HELP,
	{ "-f, --format=FORMAT", "with --import: csv, or json and tsv lines" },
	{ "--import", "record the entries of FILE or standard input" },
	{ "--actions", "print the actions --action takes" },
	{ "--moves", "print the moves of a case's status and stage" },
	{ "-H, --header", "with --actions or --moves: a header line" },
	{ NULL, NULL }
};

struct logging {
	struct ct_cli *cli;
	struct ct_store *st;
	struct case_entry e;    /* the same entry for every case */
};

enum { OPT_ACTION = OPT_FIRST_LOCAL, OPT_STAGE, OPT_OFFICER, OPT_EVIDENCE,
    OPT_AT, OPT_IMPORT, OPT_ACTIONS, OPT_MOVES };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "action", required_argument, NULL, OPT_ACTION },
	{ "stage", required_argument, NULL, OPT_STAGE },
	{ "message", required_argument, NULL, 'm' },
	{ "file", required_argument, NULL, 'F' },
	{ "officer", required_argument, NULL, OPT_OFFICER },
	{ "evidence", required_argument, NULL, OPT_EVIDENCE },
	{ "at", required_argument, NULL, OPT_AT },
	{ "import", no_argument, NULL, OPT_IMPORT },
	{ "actions", no_argument, NULL, OPT_ACTIONS },
	{ "moves", no_argument, NULL, OPT_MOVES },
	PENALTY_LONG,
	{ NULL, 0, NULL, 0 }
};

/* The import format -f names: CSV, or JSON Lines and TSV line by line. */
static enum import_format
import_format(struct ct_cli *cli)
{
	if (cli->format == NULL || strcmp(cli->format, "tsv") == 0 ||
	    strcmp(cli->format, "json") == 0)
		return IMPORT_LINES;
	if (strcmp(cli->format, "csv") != 0)
		cli_usage_error(cli, "--import reads csv, json or tsv");
	return IMPORT_CSV;
}

/* Appends every line of path in one transaction: all or nothing.  Says
 * how many were recorded and how many were skipped, their refs had. */
static int
import(struct ct_cli *cli, struct ct_store *st, const char *path,
    enum import_format format)
{
	struct import_stats stats;
	FILE *fp = stdin;
	int rc;

	if (strcmp(path, "-") != 0 && (fp = fopen(path, "r")) == NULL)
		return ct_fail(errno == ENOENT ? CT_NOTFOUND : CT_SYSTEM,
		    "cannot open %s: %s", path, strerror(errno));
	rc = ct_case_import(st, fp, strcmp(path, "-") ? path : "stdin",
	    format, &stats);
	if (fp != stdin)
		fclose(fp);
	if (rc != CT_OK || cli->quiet)
		return rc;
	if (stats.flagged > 0)
		fprintf(stderr, "%s: %llu of %llu entries need an audio or "
		    "video record and have none (flagged)\n", cli->prog,
		    (unsigned long long)stats.flagged,
		    (unsigned long long)stats.entries);
	fprintf(stderr, "%s: %llu recorded, %llu skipped (ref already "
	    "recorded for the case)\n", cli->prog,
	    (unsigned long long)stats.entries,
	    (unsigned long long)stats.skipped);
	return rc;
}

/* One case: the entry is logged in a transaction of its own, so that a
 * refusal is reported and changes nothing, and the other cases go on. */
static int
log_case(const char *id, void *ctx)
{
	struct logging *l = ctx;
	int64_t seq;
	int rc;

	l->e.case_id = id;
	if ((rc = ct_case_log(l->st, &l->e, &seq)))
		return cli_warn_status(l->cli, rc);
	if (l->e.flagged && !l->cli->quiet)
		fprintf(stderr, "case-log: %s: %s needs an audio or video "
		    "record and has none (flagged)\n", id, l->e.action);
	printf("%lld\n", (long long)seq);
	return CT_OK;
}

/* Whether the IDs come from standard input (ids_each). */
static int
ids_from_stdin(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			return 1;
	return argc == 0;
}

/* --actions: the vocabulary, one action a line, as casetrail(7) has it. */
static int
list_actions(const struct ct_cli *cli)
{
	struct ct_action_row a;

	if (cli->header)
		printf("action\tstage\ton_site\taudio_video\tstatus\trole\t"
		    "before_filing\n");
	for (size_t i = 0; ct_action_row(i, &a); i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.name,
		    a.stage ? a.stage : "-", a.on_site ? "yes" : "no",
		    a.audio_video ? "yes" : "no", a.status ? a.status : "-",
		    a.role, a.before_filing ? "yes" : "no");
	return CT_OK;           /* cli_exit checks the output */
}

/* --moves: what an entry does to a case, one row of the table a line, as
 * casetrail(7) has it: "*" is any action an earlier row of the status
 * does not name, "refused" an entry refused. */
static int
list_moves(const struct ct_cli *cli)
{
	struct ct_move_row m;

	if (cli->header)
		printf("status\taction\tbecomes\tstages\n");
	for (size_t i = 0; ct_move_row(i, &m); i++)
		printf("%s\t%s\t%s\t%s%s\n", m.status,
		    m.action ? m.action : "*", m.becomes ? m.becomes : "refused",
		    m.becomes == NULL ? "-" : m.barred ? "not " : "any",
		    m.becomes && m.barred ? m.barred : "");
	return CT_OK;           /* cli_exit checks the output */
}

int
main(int argc, char *argv[])
{
	struct logging l = { 0 };
	struct case_entry *e = &l.e;
	struct ct_penalty penalty = { 0 };
	const char *text = NULL, *file = NULL, *at = NULL;
	char *file_text = NULL;
	struct ct_cli cli;
	int ch, rc, bulk = 0, actions = 0, moves = 0;
	enum import_format format;

	cli_init(&cli, "case-log", usage_text,
	    CLI_WRITER | CLI_FORMAT | CLI_HEADER, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT "m:F:", long_opts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_ACTION:
			e->action = optarg;
			break;
		case OPT_STAGE:
			e->stage = optarg;
			break;
		case 'm':
			text = optarg;
			break;
		case 'F':
			file = optarg;
			break;
		case OPT_OFFICER:
			if (e->nofficers == 16)
				cli_usage_error(&cli, "at most 16 officers");
			e->officers[e->nofficers++] = optarg;
			break;
		case OPT_EVIDENCE:
			if (e->nevidence == 64)
				cli_usage_error(&cli, "at most 64 evidence items");
			e->evidence[e->nevidence++] = optarg;
			break;
		case OPT_AT:
			at = optarg;
			break;
		case OPT_IMPORT:
			bulk = 1;
			break;
		case OPT_ACTIONS:
			actions = 1;
			break;
		case OPT_MOVES:
			moves = 1;
			break;
		default:
			if (!penalty_option(&cli, ch, optarg, &penalty) &&
			    !cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	argv += optind;
	if (actions || moves) {
		if (actions && moves)
			cli_usage_error(&cli, "--actions and --moves exclude "
			    "each other");
		if (argc || bulk || e->action || e->stage || text || file ||
		    at || e->nofficers || e->nevidence ||
		    ct_penalty_given(&penalty) ||
		    (cli.format && strcmp(cli.format, "tsv") != 0))
			cli_usage_error(&cli, actions ? "--actions takes no "
			    "other option but -H" : "--moves takes no other "
			    "option but -H");
		if ((rc = actions ? list_actions(&cli) : list_moves(&cli)))
			cli_die(&cli, rc);
		cli_exit(&cli, CT_OK);
	}
	if (bulk) {
		if (argc > 1 || e->action || e->stage || text || file || at ||
		    e->nofficers || e->nevidence || ct_penalty_given(&penalty))
			cli_usage_error(&cli, "--import takes a file and no "
			    "other entry options");
		format = import_format(&cli);
		l.st = cli_open(&cli, STORE_WRITE);
		rc = import(&cli, l.st, argc ? argv[0] : "-", format);
		store_close(l.st);
		if (rc)
			cli_die(&cli, rc);
		cli_exit(&cli, CT_OK);
	}
	if (e->action == NULL)
		cli_usage_error(&cli, "--action or --import is required");
	if (text && file)
		cli_usage_error(&cli, "-m and -F exclude each other");
	if (ct_penalty_given(&penalty)) {
		if (strcmp(e->action, "notice") != 0 &&
		    strcmp(e->action, "approval") != 0 &&
		    strcmp(e->action, "decision") != 0)
			cli_usage_error(&cli, "the penalty options go with "
			    "--action notice, approval or decision");
		penalty_options_done(&cli, &penalty);
		e->penalty = &penalty;
	}
	if (file && strcmp(file, "-") == 0 && ids_from_stdin(argc, argv))
		cli_usage_error(&cli, "-F - and case IDs from standard input "
		    "exclude each other");

	l.cli = &cli;
	l.st = cli_open(&cli, STORE_WRITE);
	e->at = time_now();
	e->text = text;
	if ((file != NULL && (e->text = file_text = cli_read_text(file,
	    TEXT_MAX, &rc)) == NULL) ||
	    (at != NULL && (rc = time_parse(at, &e->at)))) {
		free(file_text);
		store_close(l.st);
		cli_die(&cli, rc);
	}
	rc = ids_each(argc, argv, stdin, log_case, &l);
	free(file_text);
	store_close(l.st);
	cli_exit(&cli, rc);
}
