/* case-log: record a step of a case in the journal, or many at once. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define TEXT_MAX (256 * 1024)

static const char usage_text[] =
    "case-log [-q] [-S dir] [-A officer] case --action action "
    "[--stage stage] [-m text | -F file] [--officer officer]... "
    "[--evidence id]... [--at time]\n"
    "       case-log [-q] [-S dir] [-A officer] --import [file | -]";

enum { OPT_ACTION = OPT_FIRST_LOCAL, OPT_STAGE, OPT_OFFICER, OPT_EVIDENCE,
    OPT_AT, OPT_IMPORT };

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
	{ NULL, 0, NULL, 0 }
};

/* Appends every line of path in one transaction: all or nothing. */
static int
import(struct ct_cli *cli, struct ct_store *st, const char *path)
{
	struct import_stats stats;
	FILE *fp = stdin;
	int rc;

	if (strcmp(path, "-") != 0 && (fp = fopen(path, "r")) == NULL)
		return ct_fail(errno == ENOENT ? CT_NOTFOUND : CT_SYSTEM,
		    "cannot open %s: %s", path, strerror(errno));
	rc = ct_case_import(st, fp, strcmp(path, "-") ? path : "stdin",
	    &stats);
	if (fp != stdin)
		fclose(fp);
	if (rc == CT_OK && stats.flagged > 0 && !cli->quiet)
		fprintf(stderr, "%s: %llu of %llu entries need an audio or "
		    "video record and have none (flagged)\n", cli->prog,
		    (unsigned long long)stats.flagged,
		    (unsigned long long)stats.entries);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct case_entry e = { 0 };
	const char *text = NULL, *file = NULL, *at = NULL;
	char *file_text = NULL;
	int64_t seq;
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc, bulk = 0;

	cli_init(&cli, "case-log", usage_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT "m:F:", long_opts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_ACTION:
			e.action = optarg;
			break;
		case OPT_STAGE:
			e.stage = optarg;
			break;
		case 'm':
			text = optarg;
			break;
		case 'F':
			file = optarg;
			break;
		case OPT_OFFICER:
			if (e.nofficers == 16)
				cli_usage(&cli);
			e.officers[e.nofficers++] = optarg;
			break;
		case OPT_EVIDENCE:
			if (e.nevidence == 64)
				cli_usage(&cli);
			e.evidence[e.nevidence++] = optarg;
			break;
		case OPT_AT:
			at = optarg;
			break;
		case OPT_IMPORT:
			bulk = 1;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	argv += optind;
	if (bulk) {
		if (argc > 1 || e.action || e.stage || text || file || at ||
		    e.nofficers || e.nevidence)
			cli_usage_error(&cli, "--import takes a file and no "
			    "other entry options");
		st = cli_open(&cli, STORE_WRITE);
		rc = import(&cli, st, argc ? argv[0] : "-");
		store_close(st);
		if (rc)
			cli_die(&cli, rc);
		return CT_OK;
	}
	if (argc != 1 || e.action == NULL)
		cli_usage(&cli);
	if (text && file)
		cli_usage_error(&cli, "-m and -F exclude each other");
	e.case_id = argv[0];

	st = cli_open(&cli, STORE_WRITE);
	e.at = time_now();
	e.text = text;
	if (file != NULL && (e.text = file_text = cli_read_text(file, TEXT_MAX,
	    &rc)) == NULL)
		goto fail;
	if ((at != NULL && (rc = time_parse(at, &e.at))) ||
	    (rc = ct_case_log(st, &e, &seq)))
		goto fail;
	if (e.flagged && !cli.quiet)
		fprintf(stderr, "case-log: %s: %s needs an audio or video record "
		    "and has none (flagged)\n", e.case_id, e.action);
	printf("%lld\n", (long long)seq);
	free(file_text);
	store_close(st);
	return CT_OK;
fail:
	free(file_text);
	store_close(st);
	cli_die(&cli, rc);
}
