/* evidence-add: store files as evidence of a case, all or none, and print
 * each one's ID and name. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casetrail.h"

#define MAX_FILES 1024
#define PROGRESS_FROM (64 << 20)    /* smaller files are over at once */

static const char usage_text[] =
    "evidence-add [-q] [-S dir] [-A officer] case file ... [--kind kind] "
    "[--stage stage] [--note text] [--collected-at time] "
    "[--location text] [--officer officer]... [--name name]";

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

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: %s\n", usage_text);
	exit(CT_USAGE);
}

static void __attribute__((noreturn))
usage_error(const char *message)
{
	fprintf(stderr, "evidence-add: %s\n", message);
	usage();
}

/* The bar for one large file, redrawn in place on the terminal. */
static void
progress(uint64_t done, int64_t total, void *ctx)
{
	const char *name = ctx;

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

/* Opens an input and names it; *expect gets a regular file's size. */
static int
open_input(const char *path, const char *name, int *fd, int64_t *expect)
{
	struct stat sb;
	int rc;

	*expect = -1;
	if (strcmp(path, "-") == 0) {
		*fd = 0;
	} else if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		return ct_fail(errno == ENOENT ? CT_NOTFOUND : CT_SYSTEM,
		    "cannot open %s: %s", path, strerror(errno));
	}
	if (fstat(*fd, &sb) != 0)
		return ct_fail(CT_SYSTEM, "cannot read %s: %s", path,
		    strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return ct_fail(CT_USAGE, "%s is a directory", path);
	if (!S_ISREG(sb.st_mode) && !S_ISFIFO(sb.st_mode) &&
	    !S_ISCHR(sb.st_mode) && !S_ISSOCK(sb.st_mode))
		return ct_fail(CT_USAGE, "%s is not a file", path);
	if (S_ISREG(sb.st_mode))
		*expect = sb.st_size;
	if ((rc = evidence_name_check(name)))
		return rc;
	return CT_OK;
}

int
main(int argc, char *argv[])
{
	static struct evidence_obj obj[MAX_FILES];
	struct evidence_new e = { 0 };
	const char *collected = NULL, *name = NULL, *names[MAX_FILES];
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc, n, fd, stdin_used = 0, staged = 0;

	cli_init(&cli, "evidence-add");
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
				usage_error("at most 16 officers");
			e.officers[e.nofficers++] = optarg;
			break;
		case OPT_NAME:
			name = optarg;
			break;
		default:
			if (!cli_option(&cli, ch, optarg, usage_text))
				usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		usage();
	e.case_id = argv[0];
	n = argc - 1;
	if (n > MAX_FILES)
		usage_error("at most 1024 files at once");
	if (name != NULL && n != 1)
		usage_error("--name names one file");
	for (int i = 0; i < n; i++) {
		if (strcmp(argv[i + 1], "-") != 0)
			continue;
		if (name == NULL)
			usage_error("standard input ('-') needs --name");
		if (stdin_used++)
			usage_error("standard input ('-') is named twice");
	}

	st = cli_open(&cli, STORE_WRITE);
	if (collected != NULL && (rc = time_parse(collected, &e.collected_at)))
		goto fail;
	/* What the store can refuse is refused before a byte is copied. */
	if ((rc = evidence_check(st, &e)))
		goto fail;
	for (int i = 0; i < n; i++) {
		const char *path = argv[i + 1];
		int64_t expect;

		names[i] = name ? name : base_name(path);
		rc = open_input(path, names[i], &fd, &expect);
		if (rc == CT_OK)
			rc = evidence_stage(st, fd, strcmp(path, "-") ? path :
			    "standard input", expect, &obj[i], isatty(2) &&
			    !cli.quiet && expect >= PROGRESS_FROM ? progress : NULL,
			    (void *)names[i]);
		if (fd > 0)
			close(fd);
		if (rc)
			goto fail;
		staged++;
	}

	if ((rc = store_begin(st)))
		goto fail;
	if ((rc = evidence_clean(st, NULL)))
		goto abort;
	for (int i = 0; i < n; i++) {
		e.name = names[i];
		if ((rc = evidence_add(st, &obj[i], &e)))
			goto abort;
	}
	if ((rc = store_commit(st))) {
		/* The lock is gone: the objects linked are left, with their
		 * temporary files, for the next writer to judge. */
		store_close(st);
		cli_die(&cli, rc);
	}
	for (int i = 0; i < n; i++) {
		printf("%s\t%s\n", obj[i].id, names[i]);
		evidence_release(&obj[i]);
	}
	store_close(st);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "evidence-add: cannot write the IDs\n");
		return CT_SYSTEM;
	}
	return CT_OK;
abort:
	evidence_abort(st, obj, staged);
	store_rollback(st);
fail:
	for (int i = 0; i < staged; i++)
		evidence_release(&obj[i]);
	store_close(st);
	cli_die(&cli, rc);
}
