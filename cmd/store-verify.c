/* store-verify: recompute the journal's tree and check everything the
 * store holds against it; print the checkpoint that pins the history. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage_text[] =
    "store-verify [-q] [-S dir] [--proof seq | --check-proof | "
    "--checkpoint | --against file]";

enum { OPT_PROOF = OPT_FIRST_LOCAL, OPT_CHECK_PROOF, OPT_CHECKPOINT,
    OPT_AGAINST };

static const struct option long_opts[] = {
	CLI_LONG,
	{ "proof", required_argument, NULL, OPT_PROOF },
	{ "check-proof", no_argument, NULL, OPT_CHECK_PROOF },
	{ "checkpoint", no_argument, NULL, OPT_CHECKPOINT },
	{ "against", required_argument, NULL, OPT_AGAINST },
	{ NULL, 0, NULL, 0 }
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

static int
check_proof(struct ct_cli *cli, const char *against)
{
	static char buf[1 << 20];
	struct proof p;
	struct checkpoint c;
	size_t n = 0;
	int rc;

	if ((rc = slurp("-", buf, sizeof buf, &n)) ||
	    (rc = proof_parse(&p, buf, n)))
		return rc;
	if ((rc = proof_check(&p)) == CT_OK && against != NULL) {
		if ((rc = slurp(against, buf, sizeof buf, &n)) == CT_OK &&
		    (rc = checkpoint_parse(&c, buf, n)) == CT_OK &&
		    (strcmp(c.origin, p.head.origin) != 0 || c.size !=
		    p.head.size || memcmp(c.root, p.head.root, CT_HASH) != 0))
			rc = ct_fail(CT_NO, "the proof is against another tree "
			    "than %s", against);
	}
	if (rc == CT_OK && !cli->quiet)
		printf("%s\n", p.line);
	proof_free(&p);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct verify_report r;
	struct checkpoint c;
	struct proof p;
	const char *against = NULL;
	char note[1024], *end;
	static char buf[65536];
	long long seq = 0;
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc, modes = 0, check = 0, head = 0;
	size_t n = 0;

	cli_init(&cli, "store-verify", usage_text);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_PROOF:
			seq = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || seq < 1) {
				fprintf(stderr, "store-verify: bad entry number "
				    "'%s'\n", optarg);
				cli_usage(&cli);
			}
			modes++;
			break;
		case OPT_CHECK_PROOF:
			check = 1;
			modes++;
			break;
		case OPT_CHECKPOINT:
			head = 1;
			modes++;
			break;
		case OPT_AGAINST:
			against = optarg;
			break;
		default:
			if (!cli_option(&cli, ch, optarg))
				cli_usage(&cli);
		}
	}
	argc -= optind;
	if (argc != 0 || modes > 1 || (against && (seq || head)))
		cli_usage(&cli);

	if (check) {
		if ((rc = check_proof(&cli, against)))
			cli_die(&cli, rc);
		return CT_OK;
	}
	st = cli_open(&cli, STORE_READ);
	if (seq) {
		if ((rc = proof_make(st, seq, &p)) == CT_OK)
			rc = proof_write(&p, stdout);
		proof_free(&p);
		goto out;
	}
	if (head) {
		if ((rc = checkpoint_note(st, 1, note, sizeof note)) == CT_OK)
			fputs(note, stdout);
		goto out;
	}
	if ((rc = verify_store(st, &r, isatty(2) && !cli.quiet ? progress :
	    NULL)))
		goto out;
	if (!cli.quiet)
		warn_modes(st);
	if (r.status == CT_OK && against != NULL) {
		if ((rc = slurp(against, buf, sizeof buf, &n)) ||
		    (rc = checkpoint_parse(&c, buf, n)) ||
		    (rc = verify_against(st, &c, buf, n, &r)))
			goto out;
	}
	if (r.status != CT_OK) {
		rc = ct_fail(CT_NO, "%s", r.first);
		goto out;
	}
	if (!cli.quiet && (rc = checkpoint_note(st, 0, note, sizeof note)) ==
	    CT_NOTFOUND && (rc = checkpoint_current(st, &c)) == CT_OK)
		fputs(checkpoint_format(&c, note, sizeof note), stdout);
	else if (rc == CT_OK && !cli.quiet)
		fputs(note, stdout);
out:
	store_close(st);
	if (rc)
		cli_die(&cli, rc);
	return CT_OK;
}
