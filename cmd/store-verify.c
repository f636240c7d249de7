/* store-verify: recompute the journal's tree and check everything the
 * store holds against it; print the checkpoint that pins the history, and
 * the proofs that let others check it later without the store. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage_text[] =
    "store-verify [-q] [-S dir] [--against file]\n"
    "       store-verify [-S dir] --proof seq [--size n]\n"
    "       store-verify [-S dir] --consistency file\n"
    "       store-verify [-q] --check-proof --against file\n"
    "       store-verify [-S dir] --checkpoint";

/* --help: a line for each option but the common ones (cli.c). */
static const struct cli_help help_text[] = {
	{ "--against=FILE", "check against the checkpoint kept in FILE" },
	{ "--proof=SEQ", "print the inclusion proof of entry SEQ" },
	{ "--size=N", "with --proof: in the tree of N entries" },
	{ "--consistency=FILE", "print a consistency proof from FILE" },
	{ "--check-proof", "check a proof on standard input" },
	{ "--checkpoint", "print the newest signed checkpoint" },
	{ NULL, NULL }
};

enum { OPT_PROOF = OPT_FIRST_LOCAL, OPT_CHECK_PROOF, OPT_CHECKPOINT,
    OPT_AGAINST, OPT_SIZE, OPT_CONSISTENCY };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "proof", required_argument, NULL, OPT_PROOF },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "consistency", required_argument, NULL, OPT_CONSISTENCY },
	{ "check-proof", no_argument, NULL, OPT_CHECK_PROOF },
	{ "checkpoint", no_argument, NULL, OPT_CHECKPOINT },
	{ "against", required_argument, NULL, OPT_AGAINST },
	{ NULL, 0, NULL, 0 }
};

/* What the options ask for: one mode at most, and its arguments. */
struct request {
	enum { VERIFY, PROOF, CONSISTENCY, CHECK_PROOF, CHECKPOINT } mode;
	int modes;
	long long seq;          /* --proof */
	long long size;         /* --size, 0 if not given */
	const char *old;        /* --consistency */
	const char *against;
};

static void
progress(uint64_t done, uint64_t total)
{
	fprintf(stderr, "\rstore-verify: %llu/%llu entries", (unsigned long long)
	    done, (unsigned long long)total);
	if (done == total)
		fputc('\n', stderr);
}

/* Reads a whole small text file ("-": stdin) into buf. */
static int
slurp(const char *path, char *buf, size_t cap, size_t *n)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");

	if (fp == NULL)
		return ct_fail(CT_NOTFOUND, "cannot open %s", path);
	*n = fread(buf, 1, cap, fp);
	if (ferror(fp) || *n == cap) {
		if (fp != stdin)
			fclose(fp);
		return ct_fail(*n == cap ? CT_USAGE : CT_SYSTEM, "cannot read %s",
		    path);
	}
	if (fp != stdin)
		fclose(fp);
	return CT_OK;
}

/* Warns, without changing the exit status, about a store that users it
 * is not for can read: it holds personal data. */
static void
warn_modes(struct ct_store *st)
{
	char warning[8400];
	int n;

	if (verify_modes(st, warning, sizeof warning, &n) == CT_OK && n > 0)
		fprintf(stderr, "store-verify: warning: %s\n", warning);
}

/* Reads the checkpoint (a note, signature lines allowed) in path. */
static int
read_checkpoint(const char *path, struct checkpoint *c, char *buf,
    size_t cap, size_t *n)
{
	int rc;

	if ((rc = slurp(path, buf, cap, n)) == CT_OK)
		rc = checkpoint_parse(c, buf, *n);
	return rc;
}

/* A proof read from stdin holds, and starts from the tree in against: an
 * inclusion proof is against that tree, a consistency proof extends it.
 * Prints what the reader now knows: the entry's line, or the newer tree's
 * checkpoint. */
static int
check_proof(const struct ct_cli *cli, const char *against)
{
	static char buf[1 << 20];
	struct proof p;
	struct checkpoint c, *from;
	size_t n = 0;
	int rc;

	if ((rc = slurp("-", buf, sizeof buf, &n)) ||
	    (rc = proof_parse(&p, buf, n)))
		return rc;
	from = p.kind == PROOF_CONSISTENCY ? &p.old : &p.head;
	if ((rc = proof_check(&p)) == CT_OK &&
	    (rc = read_checkpoint(against, &c, buf, sizeof buf, &n)) == CT_OK &&
	    (strcmp(c.origin, from->origin) != 0 || c.size != from->size ||
	    memcmp(c.root, from->root, CT_HASH) != 0))
		rc = ct_fail(CT_NO, "the proof is %s another tree than %s",
		    p.kind == PROOF_CONSISTENCY ? "from" : "against", against);
	if (rc == CT_OK && !cli->quiet) {
		if (p.kind == PROOF_CONSISTENCY)
			fputs(p.note, stdout);
		else
			printf("%s\n", p.line);
	}
	proof_free(&p);
	return rc;
}

/* The consistency proof from the checkpoint in file to the newest signed
 * one.  The checkpoint is checked as --against checks it, signatures too. */
static int
consistency(struct ct_store *st, const char *file)
{
	static char buf[65536];
	struct verify_report r = { 0 };
	struct checkpoint old;
	struct proof p;
	size_t n = 0;
	int rc;

	if ((rc = read_checkpoint(file, &old, buf, sizeof buf, &n)) ||
	    (rc = verify_against(st, &old, buf, n, &r)))
		return rc;
	if (r.status != CT_OK)
		return ct_fail(CT_NO, "%s", r.first);
	if ((rc = proof_consistency(st, &old, 0, &p)) == CT_OK)
		rc = proof_write(&p, stdout);
	proof_free(&p);
	return rc;
}

/* The whole check, then what --against asks; prints the checkpoint. */
static int
verify(const struct ct_cli *cli, struct ct_store *st, const char *against)
{
	static char buf[65536];
	struct verify_report r = { 0 };
	struct checkpoint c;
	char note[1024];
	size_t n = 0;
	int rc;

	if ((rc = verify_store(st, &r, isatty(2) && !cli->quiet ? progress :
	    NULL)))
		return rc;
	if (!cli->quiet)
		warn_modes(st);
	if (r.status == CT_OK && against != NULL &&
	    ((rc = read_checkpoint(against, &c, buf, sizeof buf, &n)) ||
	    (rc = verify_against(st, &c, buf, n, &r))))
		return rc;
	if (r.status != CT_OK)
		return ct_fail(CT_NO, "%s", r.first);
	if (cli->quiet)
		return CT_OK;
	/* The bare checkpoint while only the founding entry is there. */
	if ((rc = checkpoint_note(st, 0, note, sizeof note)) == CT_NOTFOUND &&
	    (rc = checkpoint_current(st, &c)) == CT_OK)
		checkpoint_format(&c, note, sizeof note);
	if (rc == CT_OK)
		fputs(note, stdout);
	return rc;
}

/* A positive decimal number of an option, or the usage. */
static long long
number(const struct ct_cli *cli, const char *what, const char *arg)
{
	char *end, msg[128];
	long long v = strtoll(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < 1) {
		snprintf(msg, sizeof msg, "bad %s '%s'", what, arg);
		cli_usage_error(cli, msg);
	}
	return v;
}

static void
options(struct ct_cli *cli, int argc, char *argv[], struct request *q)
{
	int ch;

	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) !=
	    -1) {
		switch (ch) {
		case OPT_PROOF:
			q->seq = number(cli, "entry number", optarg);
			q->mode = PROOF;
			break;
		case OPT_SIZE:
			q->size = number(cli, "tree size", optarg);
			continue;
		case OPT_CONSISTENCY:
			q->old = optarg;
			q->mode = CONSISTENCY;
			break;
		case OPT_CHECK_PROOF:
			q->mode = CHECK_PROOF;
			break;
		case OPT_CHECKPOINT:
			q->mode = CHECKPOINT;
			break;
		case OPT_AGAINST:
			q->against = optarg;
			continue;
		default:
			if (!cli_option(cli, ch, optarg))
				cli_usage(cli);
			continue;
		}
		q->modes++;
	}
	if (optind != argc || q->modes > 1 || (q->size && q->mode != PROOF) ||
	    (q->against && q->mode != VERIFY && q->mode != CHECK_PROOF))
		cli_usage(cli);
	/* A proof checked against its own checkpoint shows nothing: anyone
	 * can make a tree that holds any line. */
	if (q->mode == CHECK_PROOF && q->against == NULL)
		cli_usage_error(cli, "--check-proof checked nothing: give the "
		    "checkpoint you trust with --against file");
	if (q->mode == CHECK_PROOF && strcmp(q->against, "-") == 0)
		cli_usage_error(cli, "--check-proof reads the proof from "
		    "standard input: --against needs a file");
}

int
main(int argc, char *argv[])
{
	struct request q = { 0 };
	struct ct_cli cli;
	struct ct_store *st;
	char note[1024];
	struct proof p;
	int rc;

	cli_init(&cli, "store-verify", usage_text, CLI_STORE | CLI_QUIET, help_text);
	options(&cli, argc, argv, &q);
	if (q.mode == CHECK_PROOF) {
		if ((rc = check_proof(&cli, q.against)))
			cli_die(&cli, rc);
		cli_exit(&cli, CT_OK);
	}
	st = cli_open(&cli, STORE_READ);
	switch (q.mode) {
	case PROOF:
		if ((rc = proof_make(st, q.seq, (uint64_t)q.size, &p)) == CT_OK)
			rc = proof_write(&p, stdout);
		proof_free(&p);
		break;
	case CONSISTENCY:
		rc = consistency(st, q.old);
		break;
	case CHECKPOINT:
		if ((rc = checkpoint_note(st, 1, note, sizeof note)) == CT_OK)
			fputs(note, stdout);
		break;
	default:
		rc = verify(&cli, st, q.against);
	}
	store_close(st);
	if (rc)
		cli_die(&cli, rc);
	cli_exit(&cli, CT_OK);
}
