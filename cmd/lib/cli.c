/* cli.c: what every program does with its common options, its usage, its
 * messages and its exit status. */
#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The common options, described once, in the order --help shows them. */
static const struct common_option {
	unsigned bit;
	int ch;
	struct cli_help help;
} common_options[] = {
	{ CLI_STORE, 'S', { "-S, --store=DIR",
	    "the store in DIR (else $CASETRAIL_STORE)" } },
	{ CLI_ACTOR, 'A', { "-A, --actor=OFFICER",
	    "act as OFFICER (else $CASETRAIL_OFFICER)" } },
	{ CLI_FORMAT, 'f', { "-f, --format=FORMAT",
	    "write tsv (the default), csv or json records" } },
	{ CLI_HEADER, 'H', { "-H, --header",
	    "a header line of field names first" } },
	{ CLI_QUIET, 'q', { "-q, --quiet",
	    "nothing on standard error but errors" } },
	{ CLI_BOM, OPT_BOM, { "--bom",
	    "a byte order mark first, for spreadsheets" } },
};

enum { NCOMMON = sizeof common_options / sizeof common_options[0] };

/* What every program takes, after its own options. */
static const struct cli_help last_lines[] = {
	{ "-h, --help", "print this help and exit" },
	{ "-V, --version", "print the version and exit" },
	{ NULL, NULL }
};

void
cli_init(struct ct_cli *cli, const char *prog, const char *usage,
    unsigned common, const struct cli_help *help)
{
	static const struct cli_help none[] = { { NULL, NULL } };

	/* A large text (an export's entry, a long case's records) is
	 * copied a few times on its way into SQLite and out.  Each copy in
	 * a mapping of its own is faulted in page by page, and page faults
	 * are dear on a virtual machine; from the heap, freed pages are
	 * used again.  (glibc's; ASan's allocator ignores it.) */
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
	memset(cli, 0, sizeof *cli);
	cli->prog = prog;
	cli->usage = usage;
	cli->common = common;
	cli->help = help ? help : none;
}

/* The common option ch, or NULL if ch is none (-h, -V, the program's). */
static const struct common_option *
common_option(int ch)
{
	for (size_t i = 0; i < NCOMMON; i++)
		if (common_options[i].ch == ch)
			return &common_options[i];
	return NULL;
}

/* The length of the option a help line is about: 2 for "-f" of
 * "-f, --format=FORMAT", 5 for "--bom". */
static size_t
option_key(const char *option)
{
	return strcspn(option, ", =");
}

/* The program's own line for the common option c, or NULL. */
static const struct cli_help *
own_line(const struct ct_cli *cli, const struct common_option *c)
{
	size_t n = option_key(c->help.option);

	for (const struct cli_help *h = cli->help; h->option != NULL; h++)
		if (option_key(h->option) == n &&
		    strncmp(h->option, c->help.option, n) == 0)
			return h;
	return NULL;
}

/* The line --help prints for common option i, or NULL if the program
 * does not take it. */
static const struct cli_help *
common_line(const struct ct_cli *cli, size_t i)
{
	const struct cli_help *own;

	if (!(cli->common & common_options[i].bit))
		return NULL;
	own = own_line(cli, &common_options[i]);
	return own ? own : &common_options[i].help;
}

/* Whether the program's line h was printed as a common option's. */
static int
printed_as_common(const struct ct_cli *cli, const struct cli_help *h)
{
	for (size_t i = 0; i < NCOMMON; i++)
		if (common_line(cli, i) == h)
			return 1;
	return 0;
}

/* Long options without a short one are indented as if they had one. */
static int
option_width(const struct cli_help *h)
{
	return (int)strlen(h->option) + (h->option[1] == '-' ? 4 : 0);
}

/* The width of the column of options: the widest of the program's. */
static int
help_width(const struct ct_cli *cli)
{
	const struct cli_help *h;
	int width = 0;

	for (size_t i = 0; i < NCOMMON; i++)
		if ((h = common_line(cli, i)) && option_width(h) > width)
			width = option_width(h);
	for (h = cli->help; h->option != NULL; h++)
		if (option_width(h) > width)
			width = option_width(h);
	for (h = last_lines; h->option != NULL; h++)
		if (option_width(h) > width)
			width = option_width(h);
	return width;
}

/* "  -S, --store=DIR    the store ...", the texts in one column. */
static void
help_line(const struct cli_help *h, int width)
{
	const char *indent = h->option[1] == '-' ? "    " : "";

	printf("  %s%-*s  %s\n", indent, width - (int)strlen(indent),
	    h->option, h->text);
}

/* --help: the usage, a line for each option the program takes (the
 * common ones first, then its own), and the manual that says the rest. */
static void
help(const struct ct_cli *cli)
{
	int width = help_width(cli);
	const struct cli_help *h;

	printf("usage: %s\n\n", cli->usage);
	for (size_t i = 0; i < NCOMMON; i++)
		if ((h = common_line(cli, i)) != NULL)
			help_line(h, width);
	for (h = cli->help; h->option != NULL; h++)
		if (!printed_as_common(cli, h))
			help_line(h, width);
	for (h = last_lines; h->option != NULL; h++)
		help_line(h, width);
	printf("\nSee %s(1).\n", cli->prog);
}

int
cli_option(struct ct_cli *cli, int ch, const char *arg)
{
	const struct common_option *c = common_option(ch);
	char message[128];

	/* Taken by getopt as every program's, refused as not this one's. */
	if (c != NULL && !(cli->common & c->bit)) {
		snprintf(message, sizeof message, "%.*s: not an option of %s",
		    (int)strcspn(c->help.option, "="), c->help.option,
		    cli->prog);
		cli_usage_error(cli, message);
	}
	switch (ch) {
	case 'S':
		cli->store = arg;
		return 1;
	case 'A':
		cli->actor = arg;
		return 1;
	case 'f':
		cli->format = arg;
		return 1;
	case 'H':
		cli->header = 1;
		return 1;
	case 'q':
		cli->quiet = 1;
		return 1;
	case OPT_BOM:
		cli->bom = 1;
		return 1;
	case 'h':
		help(cli);
		cli_exit(cli, CT_OK);
	case 'V':
		printf("%s (casetrail) %s\n", cli->prog, CT_VERSION);
		cli_exit(cli, CT_OK);
	}
	return 0;
}

void
cli_usage(const struct ct_cli *cli)
{
	fprintf(stderr, "usage: %s\n", cli->usage);
	exit(CT_USAGE);
}

void
cli_usage_error(const struct ct_cli *cli, const char *message)
{
	fprintf(stderr, "%s: %s\n", cli->prog, message);
	cli_usage(cli);
}

void
cli_operands(const struct ct_cli *cli, int argc, char **argv, int min,
    int max, const char *what)
{
	char message[256];

	if (argc < min)
		snprintf(message, sizeof message, "no %s given", what);
	else if (argc > max && max == 0)
		snprintf(message, sizeof message, "unexpected operand '%s'",
		    argv[0]);
	else if (argc > max)
		snprintf(message, sizeof message, "one %s, not also '%s'",
		    what, argv[max]);
	else
		return;
	cli_usage_error(cli, message);
}

/* Whether standard output is a pipe whose reader has gone.  Writes past
 * stdio (evidence-cat's) leave no error on the stream: the pipe tells. */
static int
reader_gone(void)
{
	struct pollfd p = { .fd = STDOUT_FILENO, .events = 0 };
	struct stat sb;

	return fstat(STDOUT_FILENO, &sb) == 0 && S_ISFIFO(sb.st_mode) &&
	    poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

/* Whether writing to standard output has failed, or would. */
static int
stdout_broken(void)
{
	return ferror(stdout) || reader_gone();
}

void
cli_exit(const struct ct_cli *cli, int status)
{
	int e = 0;

	/* A write that failed as stdio's buffer overflowed leaves its bytes
	 * there: flushing again tells why (-1: no longer known).  A stdout
	 * closed before the program ran (>&-) is no failure if nothing was
	 * written to it. */
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		e = errno ? errno : -1;
	errno = 0;
	if (fclose(stdout) != 0 && e == 0 && errno != EBADF)
		e = errno ? errno : -1;
	if (e == -1 && reader_gone())
		e = EPIPE;
	/* Nobody reads what a gone reader would be told; SIGPIPE, which by
	 * default ends the program before it gets here, says nothing
	 * either. */
	if (e != 0 && e != EPIPE)
		fprintf(stderr, "%s: cannot write standard output%s%s\n",
		    cli->prog, e > 0 ? ": " : "", e > 0 ? strerror(e) : "");
	if (e != 0 && status == CT_OK)
		status = CT_SYSTEM;
	exit(status);
}

void
cli_die(const struct ct_cli *cli, int status)
{
	if (status != CT_SYSTEM || !stdout_broken())
		fprintf(stderr, "%s: %s\n", cli->prog, ct_errmsg());
	cli_exit(cli, status);
}

int
cli_warn_status(const struct ct_cli *cli, int status)
{
	if (status == CT_SYSTEM && stdout_broken())
		cli_die(cli, status);
	if (status != CT_OK)
		fprintf(stderr, "%s: %s\n", cli->prog, ct_errmsg());
	return status;
}

struct ct_store *
cli_open(struct ct_cli *cli, int mode)
{
	struct ct_store *st;
	int rc;

	if ((rc = ct_open(&st, cli->store, cli->actor, mode)))
		cli_die(cli, rc);
	return st;
}

char *
cli_read_text(const char *path, size_t max, int *status)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf;
	size_t n;

	if (fp == NULL) {
		*status = ct_fail(errno == ENOENT ? CT_NOTFOUND : CT_SYSTEM,
		    "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	if ((buf = malloc(max + 2)) == NULL) {
		*status = ct_fail(CT_SYSTEM, "out of memory");
		goto out;
	}
	n = fread(buf, 1, max + 1, fp);
	if (ferror(fp)) {
		*status = ct_fail(CT_SYSTEM, "cannot read %s: %s", path,
		    strerror(errno));
		goto fail;
	}
	buf[n] = '\0';
	if ((*status = utf8_check_field(path, buf, n, max, 1)) != CT_OK)
		goto fail;
	/* A file's final newline is the file's, not the text's. */
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
out:
	if (fp != stdin)
		fclose(fp);
	return buf;
fail:
	free(buf);
	buf = NULL;
	goto out;
}
