/* cli.c: what every program does with its common options. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "casetrail.h"

void
cli_init(struct ct_cli *cli, const char *prog)
{
	memset(cli, 0, sizeof *cli);
	cli->prog = prog;
}

int
cli_option(struct ct_cli *cli, int ch, const char *arg, const char *usage)
{
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
		printf("usage: %s\n", usage);
		exit(CT_OK);
	case 'V':
		printf("%s (casetrail) %s\n", cli->prog, CT_VERSION);
		exit(CT_OK);
	}
	return 0;
}

void
cli_die(struct ct_cli *cli, int status)
{
	fprintf(stderr, "%s: %s\n", cli->prog, ct_errmsg());
	exit(status);
}

int
cli_warn_status(struct ct_cli *cli, int status)
{
	if (status != CT_OK)
		fprintf(stderr, "%s: %s\n", cli->prog, ct_errmsg());
	return status;
}

/* Only officer-add creates a store: any other writer would find no officer
 * to act in a new one and be refused, and a refusal leaves nothing behind,
 * not even an empty store.  Returns CT_OK, or CT_NOTFOUND if dir has no
 * store.db; other faults are left for store_open to report. */
static int
store_present(const char *dir)
{
	char *path = store_path(dir), db[4096];
	int rc = CT_OK;

	if (path == NULL)
		return CT_OK;
	snprintf(db, sizeof db, "%s/store.db", path);
	if (access(db, F_OK) != 0 && errno == ENOENT)
		rc = ct_fail(CT_NOTFOUND, "no store at %s (officer-add creates "
		    "one)", path);
	free(path);
	return rc;
}

struct ct_store *
cli_open(struct ct_cli *cli, int mode)
{
	struct ct_store *st;
	int rc;

	if ((rc = time_now_check()) ||
	    (mode != STORE_READ && (rc = store_present(cli->store))) ||
	    (rc = store_open(&st, cli->store, mode == STORE_READ ? STORE_READ :
	    STORE_WRITE)))
		cli_die(cli, rc);
	if (mode != STORE_READ && ((rc = officer_resolve(st, cli->actor)) ||
	    (mode == STORE_WRITE && (rc = officer_key_load(st))))) {
		store_close(st);
		cli_die(cli, rc);
	}
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
