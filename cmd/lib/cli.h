/*
 * cli.h: what every program does with its options, its usage, its output
 * and its exit status.  The programs' side of the line: libcasetrail
 * never prints and never exits; these functions do both, for cmd/ only.
 */
#ifndef CASETRAIL_CLI_H
#define CASETRAIL_CLI_H

#include <getopt.h>
#include <stddef.h>

#include "casetrail.h"

/* One line of a program's --help: an option as written, "-m, --message=TEXT"
 * or "--since=DATE", and what it does, in a few words. */
struct cli_help {
	const char *option;
	const char *text;
};

/* The common options (CLI_SHORT, CLI_LONG) a program takes, for cli_init:
 * its --help describes those, and it refuses the others as unknown. */
enum {
	CLI_STORE = 1 << 0,     /* -S */
	CLI_ACTOR = 1 << 1,     /* -A */
	CLI_FORMAT = 1 << 2,    /* -f */
	CLI_HEADER = 1 << 3,    /* -H */
	CLI_QUIET = 1 << 4,     /* -q */
	CLI_BOM = 1 << 5,       /* --bom */
	/* What the programs that list records take. */
	CLI_RECORDS = CLI_STORE | CLI_FORMAT | CLI_HEADER | CLI_QUIET | CLI_BOM,
	/* What the programs that write entries take. */
	CLI_WRITER = CLI_STORE | CLI_ACTOR | CLI_QUIET
};

struct ct_cli {
	const char *prog;
	const char *usage;      /* the synopsis, without "usage: " */
	const struct cli_help *help;    /* the program's own options */
	unsigned common;        /* the common options it takes: CLI_ */
	const char *store;      /* -S */
	const char *actor;      /* -A */
	const char *format;     /* -f */
	int header;             /* -H */
	int quiet;              /* -q */
	int bom;                /* --bom */
};

#define CLI_SHORT "S:A:f:HqhV"
enum { OPT_BOM = 1000, OPT_FIRST_LOCAL = 1100 };
#define CLI_LONG \
	{ "store", required_argument, NULL, 'S' }, \
	{ "actor", required_argument, NULL, 'A' }, \
	{ "format", required_argument, NULL, 'f' }, \
	{ "header", no_argument, NULL, 'H' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }, \
	{ "bom", no_argument, NULL, OPT_BOM }

/* usage is the program's synopsis, printed by -h and by cli_usage; common
 * the common options it takes (CLI_STORE ...); help the lines of --help
 * for its own options, up to one whose option is NULL.  A line in help
 * for a common option (a -f that reads, not writes) is printed instead of
 * the common one's. */
void cli_init(struct ct_cli *cli, const char *prog, const char *usage,
    unsigned common, const struct cli_help *help);
/* Handles a common option.  Returns 1 if ch was one, 0 if not; one the
 * program does not take (cli_init) is a usage error.  -h prints the
 * usage, a line for each option and the manual's name to stdout and
 * exits 0; -V prints the version and exits 0. */
int cli_option(struct ct_cli *cli, int ch, const char *arg);
/* Prints the usage to stderr and exits CT_USAGE. */
void cli_usage(const struct ct_cli *cli) __attribute__((noreturn));
/* Prints "prog: message" and the usage, and exits CT_USAGE: for a usage
 * error that needs saying. */
void cli_usage_error(const struct ct_cli *cli, const char *message)
	__attribute__((noreturn));
/* Checks that there are min to max operands, what naming one ("officer
 * ID"): else a usage error that says which is missing or too many. */
void cli_operands(const struct ct_cli *cli, int argc, char **argv, int min,
    int max, const char *what);
/* Opens the store in mode (ct_open); on failure prints the message and
 * exits with its status. */
struct ct_store *cli_open(struct ct_cli *cli, int mode);
/* Ends the program with status, as every main() does: standard output is
 * flushed and closed first, and if that or any write before it failed,
 * "prog: cannot write standard output: REASON" is said and the status is
 * CT_SYSTEM, unless it was already another failure.  A reader that went
 * away (EPIPE, when SIGPIPE is ignored; by default SIGPIPE ends the
 * program at once) is not told: the status alone says it. */
void cli_exit(const struct ct_cli *cli, int status) __attribute__((noreturn));
/* Prints "prog: message" for status (ct_errmsg) and ends with it
 * (cli_exit).  A CT_SYSTEM after standard output failed is that failure,
 * said once by cli_exit. */
void cli_die(const struct ct_cli *cli, int status) __attribute__((noreturn));
/* Prints "prog: message" for a status other than CT_OK without exiting;
 * returns status.  A CT_SYSTEM after standard output failed ends the
 * program (cli_die): the output of the IDs still to come would be lost
 * too, and each would say so. */
int cli_warn_status(const struct ct_cli *cli, int status);
/* Reads a whole file or stdin ("-") as text for -m/-F: checks UTF-8 and
 * NUL, at most max bytes.  Returns a malloc'd string or NULL (message). */
char *cli_read_text(const char *path, size_t max, int *status);

#endif
