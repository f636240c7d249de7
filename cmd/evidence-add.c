/* evidence-add: store files as evidence of a case, or every file under
 * folders (-r), all or none, and print each one's ID and name. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"

#define MAX_FILES 1024
#define PROGRESS_FROM (64 << 20)    /* smaller files are over at once */

static const char usage_text[] =
    "evidence-add [-q] [-S dir] [-A officer] case [-r] file ... [--kind kind] "
    "[--stage stage] [--note text] [--collected-at time | mtime] "
    "[--location text] [--officer officer]... [--name name]";

/* --help: a line for each option but the common ones (cli.c). */
static const struct cli_help help_text[] = {
	{ "-q, --quiet", "no progress or summary; files left out still said" },
	{ "-r, --recursive", "every file under the folders given" },
	{ "--kind=KIND", "document, photo, audio, video or other" },
	{ "--stage=STAGE", "the stage it was collected in" },
	{ "--note=TEXT", "a note on the evidence" },
	{ "--collected-at=TIME", "when it was collected; mtime: each file's" },
	{ "--location=TEXT", "where it was collected" },
	{ "--officer=OFFICER", "a collecting officer (up to 16)" },
	{ "--name=NAME", "the name to record, not the file's" },
	{ NULL, NULL }
};

enum { OPT_KIND = OPT_FIRST_LOCAL, OPT_STAGE, OPT_NOTE, OPT_COLLECTED_AT,
    OPT_LOCATION, OPT_OFFICER, OPT_NAME };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "recursive", no_argument, NULL, 'r' },
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

/* The progress of a walk (-r), in files and bytes, redrawn in place on
 * the terminal as each file is stored.  The library tells a file's end
 * once; files are staged several at once, so a large one's part is
 * counted with those done. */
static struct {
	int files, nfiles;
	uint64_t bytes, nbytes;
} walk_done;

static void
walk_progress(const char *name, uint64_t done, int64_t total)
{
	uint64_t bytes = walk_done.bytes + done;

	(void)name;
	if (total >= 0 && done >= (uint64_t)total) {
		walk_done.files++;
		walk_done.bytes += (uint64_t)total;
		bytes = walk_done.bytes;
	}
	fprintf(stderr, "\revidence-add: %d/%d files, %llu/%llu MiB",
	    walk_done.files, walk_done.nfiles, (unsigned long long)(bytes >> 20),
	    (unsigned long long)(walk_done.nbytes >> 20));
	if (walk_done.files == walk_done.nfiles)
		fputc('\n', stderr);
}

static void
report(const char *path, const char *what, void *ctx)
{
	fprintf(stderr, "%s: %s: %s\n", (const char *)ctx, path, what);
}

/* Each staged file holds a descriptor until the commit: the files of
 * the folders must fit under the limit of open files, raised to its
 * hard limit. */
static void
fit_open_files(const struct ct_cli *cli, int n)
{
	struct rlimit rl;
	char msg[160];

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur != RLIM_INFINITY && (rlim_t)n + 64 > rl.rlim_cur) {
		snprintf(msg, sizeof msg, "%d files under the folders: at most "
		    "%llu at once (the limit of open files); add the folders "
		    "in turn", n, (unsigned long long)(rl.rlim_cur - 64));
		cli_usage_error(cli, msg);
	}
}

/* -r: every file under the folders dirs, into *w; the summary's counts
 * too.  Exits on failure. */
static void
walk(const struct ct_cli *cli, char **dirs, int n, struct evidence_walk *w)
{
	int rc;

	w->report = report;
	w->ctx = (void *)cli->prog;
	for (int i = 0; i < n; i++)
		if ((rc = ct_evidence_walk(w, dirs[i]))) {
			ct_evidence_walk_free(w);
			cli_die(cli, rc);
		}
	fit_open_files(cli, w->n);
	walk_done.nfiles = w->n;
	walk_done.nbytes = w->bytes;
}

/* The IDs and names of what was added; what was evidence already, said
 * on stderr; the summary of a walk unless -q. */
static void
print_added(const struct ct_cli *cli, const struct evidence_input *in, int n,
    const struct evidence_walk *w)
{
	int added = 0, dups = 0;

	for (int i = 0; i < n; i++) {
		if (in[i].dup) {
			fprintf(stderr, "%s: %s: already evidence %s of the case, "
			    "not added again\n", cli->prog, in[i].name, in[i].id);
			dups++;
			continue;
		}
		printf("%s\t%s\n", in[i].id, in[i].name);
		added++;
	}
	if (w != NULL && !cli->quiet)
		fprintf(stderr, "%s: %d added, %d already evidence, %d skipped "
		    "(hidden/system), %d not regular\n", cli->prog, added, dups,
		    w->skipped, w->not_regular);
}

/* Standard input ('-') is read once, by a name, and only as a file. */
static void
check_stdin(const struct ct_cli *cli, char **files, int n, const char *name,
    int recursive, int mtime)
{
	int stdin_used = 0;

	for (int i = 0; i < n; i++) {
		if (strcmp(files[i], "-") != 0)
			continue;
		if (recursive)
			cli_usage_error(cli, "-r takes folders, not standard "
			    "input ('-')");
		if (mtime)
			cli_usage_error(cli, "standard input ('-') has no "
			    "modification time (--collected-at mtime)");
		if (name == NULL)
			cli_usage_error(cli, "standard input ('-') needs --name");
		if (stdin_used++)
			cli_usage_error(cli, "standard input ('-') is named twice");
		/* Evidence is brought, not typed. */
		if (isatty(0))
			cli_usage_error(cli, "standard input ('-') is a terminal");
	}
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
	static struct evidence_input files[MAX_FILES];
	struct evidence_input *in = files;
	struct evidence_walk w = { 0 };
	struct evidence_new e = { 0 };
	const char *collected = NULL, *name = NULL;
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc, n, recursive = 0;
	void (*shown)(const char *, uint64_t, int64_t) = progress;

	cli_init(&cli, "evidence-add", usage_text, CLI_WRITER, help_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT "r", long_opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'r':
			recursive = 1;
			break;
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
	cli_operands(&cli, argc - 1, argv + 1, 1, argc, recursive ? "folder" :
	    "file");
	/* One case: its files are read in one transaction, and '-' among
	 * them is standard input. */
	if (strcmp(argv[0], "-") == 0)
		cli_usage_error(&cli, "one case, named as the first operand, not "
		    "read from standard input ('-' is a file)");
	e.case_id = argv[0];
	n = argc - 1;
	if (collected != NULL && strcmp(collected, "mtime") == 0) {
		e.collected_mtime = 1;
		collected = NULL;
	}
	if (recursive && name != NULL)
		cli_usage_error(&cli, "--name names one file, not folders (-r)");
	if (!recursive && n > MAX_FILES)
		cli_usage_error(&cli, "at most 1024 files at once");
	if (name != NULL && n != 1)
		cli_usage_error(&cli, "--name names one file");
	check_stdin(&cli, argv + 1, n, name, recursive, e.collected_mtime);
	if (recursive) {
		walk(&cli, argv + 1, n, &w);
		in = w.in;
		n = w.n;
		shown = walk_progress;
	} else {
		for (int i = 0; i < n; i++) {
			in[i].path = argv[i + 1];
			in[i].name = name ? name : base_name(argv[i + 1]);
		}
	}

	st = cli_open(&cli, STORE_WRITE);
	/* A time is read in the agency's zone, which the store gives. */
	if ((collected == NULL || (rc = time_parse(collected,
	    &e.collected_at)) == CT_OK))
		rc = ct_evidence_add_files(st, &e, in, n,
		    isatty(2) && !cli.quiet ? shown : NULL);
	store_close(st);
	if (rc == CT_OK)
		print_added(&cli, in, n, recursive ? &w : NULL);
	ct_evidence_walk_free(&w);
	if (rc != CT_OK)
		cli_die(&cli, rc);
	cli_exit(&cli, CT_OK);
}
