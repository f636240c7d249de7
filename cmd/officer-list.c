/* officer-list: the officers, their credentials and roles. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage_text[] =
    "officer-list [-Hq] [-S dir] [-f format] [--bom]";

static const struct option long_opts[] = {
	CLI_LONG,
	{ NULL, 0, NULL, 0 }
};

static int
print(const struct officer_row *o, void *ctx)
{
	struct rec_writer *w = ctx;
	char at[32];
	time_t t;

	rec_str(w, "id", o->id);
	rec_str(w, "name", o->name);
	rec_str(w, "credential", o->credential);
	rec_str(w, "status", o->status);
	rec_str(w, "valid_from", o->valid_from);
	rec_str(w, "valid_until", o->valid_until);
	rec_str(w, "roles", o->roles);
	rec_str(w, "unix_user", o->unix_user);
	/* A key an admin reset: the officer's later entries are signed with
	 * a key he did not make himself. */
	rec_str(w, "key_reset", o->key_reset_at == NULL ||
	    time_from_utc(o->key_reset_at, &t) ? o->key_reset_at :
	    time_local(t, at));
	rec_str(w, "key_reset_by", o->key_reset_by);
	rec_str(w, "key_reset_reason", o->key_reset_reason);
	/* A revoked officer an admin restored, with a new credential. */
	rec_str(w, "restored", o->restored_at == NULL ||
	    time_from_utc(o->restored_at, &t) ? o->restored_at :
	    time_local(t, at));
	rec_str(w, "restored_by", o->restored_by);
	rec_str(w, "restore_reason", o->restore_reason);
	rec_str(w, "qualification", o->qualification);
	return rec_end(w);
}

int
main(int argc, char *argv[])
{
	enum rec_format format = REC_TSV;
	struct rec_writer *w;
	struct ct_cli cli;
	struct ct_store *st;
	int ch, rc;

	cli_init(&cli, "officer-list", usage_text, CLI_RECORDS, NULL);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1)
		if (!cli_option(&cli, ch, optarg))
			cli_usage(&cli);
	argc -= optind;
	cli_operands(&cli, argc, argv + optind, 0, 0, NULL);
	if (cli.format && rec_format_parse(cli.format, "tsv csv json", &format))
		cli_die(&cli, CT_USAGE);

	st = cli_open(&cli, STORE_READ);
	if ((w = rec_open(stdout, format, cli.header, cli.bom, st)) == NULL) {
		store_close(st);
		cli_die(&cli, CT_SYSTEM);
	}
	rc = officer_list(st, print, w);
	rec_close(w);
	store_close(st);
	if (rc)
		cli_die(&cli, rc);
	cli_exit(&cli, CT_OK);
}
