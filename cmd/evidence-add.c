/* evidence-add: store files as evidence of a case, all or none, and print
 * each one's ID and name. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define MAX_FILES 1024
#define PROGRESS_FROM (64 << 20)    /* smaller files are over at once */

static const char usage_text[] =
    "evidence-add [-q] [-S dir] [-A officer] case file ... [--kind kind] "
    "[--stage stage] [--note text] [--collected-at time] "
    "[--location text] [--officer officer]... [--name name]";

/* --help: a line for each option but the common ones (cli.c). */
static const struct cli_help help_text[] = {
	{ "--kind=KIND", "document, photo, audio, video or other" },
	{ "--stage=STAGE", "the stage it was collected in" },
	{ "--note=TEXT", "a note on the evidence" },
	{ "--collected-at=TIME", "when it was collected" },
	{ "--location=TEXT", "where it was collected" },
	{ "--officer=OFFICER", "a collecting officer (up to 16)" },
	{ "--name=NAME", "the name to record, not the file's" },
	{ NULL, NULL }
};

enum { OPT_KIND = OPT_FIRST_LOCAL, OPT_STAGE, OPT_NOTE, OPT_COLLECTED_AT,
    OPT_LOCATION, OPT_OFFICER, OPT_NAME };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "stage", required_argument, NULL, OPT_STAGE },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "collected-at", required_argument, NULL, OPT_COLLECTED_AT },
	{ "location", required_argument, NULL, OPT_LOCATION },
	{ "officer", required_argument, NULL, OPT_OFFICER },
	{ "name", required_argument, NULL, OPT_NAME },
	{ NULL, 0, NULL, 0 }
};

/* The bar for one large file, redrawn in place on the terminal; smaller
 * files are over at once. */
static void
progress(const char *name, uint64_t done, int64_t total)
{
	if (total < PROGRESS_FROM)
		return;
	fprintf(stderr, "\revidence-add: %s %3d%% (%llu/%lld MiB)", name,
	    (int)(done * 100 / (uint64_t)total), (unsigned long long)(done >> 20),
	    (long long)(total >> 20));
	if (done >= (uint64_t)total)
		fputc('\n', stderr);
}

/* The file's name as recorded: its base name. */
static const char *
base_name(const char *path)
{
	const char *slash;
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (slash = path + n; slash > path && slash[-1] != '/'; slash--)
		;
	return slash;
}

int
main(int argc, char *argv[])
{
	static struct evidence_input in[MAX_FILES];
	struct evidence_new e = { 0 };
	const char *collected = NULL, *name = NULL;
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc, n, stdin_used = 0;

	cli_init(&cli, "evidence-add", usage_text, CLI_WRITER, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_KIND:
			e.kind = optarg;
			break;
		case OPT_STAGE:
			e.stage = optarg;
			break;
		case OPT_NOTE:
			e.note = optarg;
			break;
		case OPT_COLLECTED_AT:
			collected = optarg;
			break;
		case OPT_LOCATION:
			e.location = optarg;
			break;
		case OPT_OFFICER:
			if (e.nofficers == 16)
				cli_usage_error(&cli, "at most 16 officers");
			e.officers[e.nofficers++] = optarg;
			break;
		case OPT_NAME:
			name = optarg;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	argv += optind;
	cli_operands(&cli, argc, argv, 1, argc, "case");
	cli_operands(&cli, argc - 1, argv + 1, 1, argc, "file");
	e.case_id = argv[0];
	n = argc - 1;
	if (n > MAX_FILES)
		cli_usage_error(&cli, "at most 1024 files at once");
	if (name != NULL && n != 1)
		cli_usage_error(&cli, "--name names one file");
	for (int i = 0; i < n; i++) {
		if (strcmp(argv[i + 1], "-") != 0)
			continue;
		if (name == NULL)
			cli_usage_error(&cli, "standard input ('-') needs --name");
		if (stdin_used++)
			cli_usage_error(&cli, "standard input ('-') is named twice");
		/* Evidence is brought, not typed. */
		if (isatty(0))
			cli_usage_error(&cli, "standard input ('-') is a terminal");
	}

	for (int i = 0; i < n; i++) {
		in[i].path = argv[i + 1];
		in[i].name = name ? name : base_name(argv[i + 1]);
	}

	st = cli_open(&cli, STORE_WRITE);
	if ((collected != NULL && (rc = time_parse(collected,
	    &e.collected_at))) || (rc = ct_evidence_add_files(st, &e, in, n,
	    isatty(2) && !cli.quiet ? progress : NULL))) {
		store_close(st);
		cli_die(&cli, rc);
	}
	for (int i = 0; i < n; i++)
		printf("%s\t%s\n", in[i].id, in[i].name);
	store_close(st);
	cli_exit(&cli, CT_OK);
}
