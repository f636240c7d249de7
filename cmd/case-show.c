/* case-show: a case and its whole timeline. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "case-show [-Hq] [-S dir] [-f format] [--bom] [case ...]";

/* --help: a line for each option but the common ones (cli.c). */
static const struct cli_help help_text[] = {
	{ "-f, --format=FORMAT", "text (the default), tsv, csv or json" },
	{ NULL, NULL }
};

static const struct option long_opts[] = {
	CLI_LONG,
	{ NULL, 0, NULL, 0 }
};

struct show {
	const struct ct_cli *cli;
	struct ct_store *st;
	struct rec_writer *w;
	enum rec_format format;
	const char *id;
	int shown;
};

/* "2026-03-02T09:30:00+08:00" as "2026-03-02 09:30". */
static const char *
short_time(const char *utc, char *buf)
{
	time_t t;
	char full[32];

	if (utc == NULL || time_from_utc(utc, &t) != CT_OK)
		return "";
	time_local(t, full);
	snprintf(buf, 17, "%.10s %.5s", full, full + 11);
	return buf;
}

static void
print_list(const char *label, const char *json)
{
	/* Arrays of IDs: print them without the JSON punctuation. */
	if (json == NULL || strcmp(json, "[]") == 0)
		return;
	printf("  %s ", label);
	for (const char *p = json; *p; p++)
		if (*p != '[' && *p != ']' && *p != '"')
			putchar(*p == ',' ? ' ' : *p);
}

/* One line per entry, and no carriage return or tab that could make a
 * text look like another entry on a terminal. */
static void
print_flat(const char *text)
{
	for (const char *p = text ? text : ""; *p; p++)
		putchar(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
}

static int
text_entry(const struct entry_row *e, void *ctx)
{
	char at[17];

	(void)ctx;
	printf("%6lld  %s  %-13s  %-21s %-12s ", (long long)e->seq,
	    short_time(e->at, at), e->stage ? e->stage : "", e->action,
	    e->officer);
	print_flat(e->text);
	print_list("with:", e->officers);
	print_list("credentials:", e->credentials);
	print_list("evidence:", e->evidence);
	if (e->flags && strstr(e->flags, "no-av"))
		printf("  [flagged: no audio/video]");
	/* Signed with a key the officer did not make: an admin reset it. */
	if (e->key_reset_at != NULL) {
		printf("  [key reset %s by %s: ", short_time(e->key_reset_at,
		    at), e->key_reset_by ? e->key_reset_by : "");
		print_flat(e->key_reset_reason);
		putchar(']');
	}
	putchar('\n');
	return ferror(stdout) ? ct_fail(CT_SYSTEM, "cannot write") : CT_OK;
}

static int
record_entry(const struct entry_row *e, void *ctx)
{
	struct show *s = ctx;
	char at[32], rec[32], reset[32];
	time_t t;

	rec_int(s->w, "seq", e->seq);
	rec_str(s->w, "case", e->case_id);
	rec_str(s->w, "at", time_from_utc(e->at, &t) ? e->at :
	    time_local(t, at));
	rec_str(s->w, "recorded", time_from_utc(e->recorded_at, &t) ?
	    e->recorded_at : time_local(t, rec));
	rec_str(s->w, "stage", e->stage);
	rec_str(s->w, "action", e->action);
	rec_str(s->w, "officer", e->officer);
	rec_list(s->w, "officers", e->officers);
	rec_list(s->w, "credentials", e->credentials);
	rec_list(s->w, "evidence", e->evidence);
	rec_list(s->w, "flags", e->flags);
	rec_str(s->w, "text", e->text);
	rec_str(s->w, "key_reset", e->key_reset_at == NULL ||
	    time_from_utc(e->key_reset_at, &t) ? e->key_reset_at :
	    time_local(t, reset));
	rec_str(s->w, "key_reset_by", e->key_reset_by);
	rec_str(s->w, "key_reset_reason", e->key_reset_reason);
	return rec_end(s->w);
}

static int
json_case(const struct case_row *c, struct show *s)
{
	char filed[32], decided[32], closed[32], *timeline;
	int rc;

	if ((rc = case_timeline_json(s->st, c->id, &timeline)))
		return rc;
	rec_str(s->w, "id", c->id);
	rec_str(s->w, "type", c->type);
	rec_str(s->w, "status", c->status);
	rec_str(s->w, "stage", c->stage);
	rec_str(s->w, "title", c->title);
	rec_str(s->w, "party", c->party);
	rec_str(s->w, "party_kind", c->party_kind);
	rec_str(s->w, "party_id", c->party_id);
	rec_str(s->w, "basis", c->basis);
	rec_str(s->w, "filed", time_local(c->filed_at, filed));
	rec_str(s->w, "decided", c->decided_at ?
	    time_local(c->decided_at, decided) : NULL);
	rec_str(s->w, "closed", c->closed_at ?
	    time_local(c->closed_at, closed) : NULL);
	rec_str(s->w, "deadline", c->deadline);
	rec_int(s->w, "flags", c->flags);
	rec_str(s->w, "handlers", c->handlers);
	rec_list(s->w, "timeline", timeline);
	rc = rec_end(s->w);
	free(timeline);
	return rc;
}

static int
show_case(const struct case_row *c, void *ctx)
{
	struct show *s = ctx;
	char t[32];

	switch (s->format) {
	case REC_JSON:
		return json_case(c, s);
	case REC_TEXT:
		break;
	default:
		return case_timeline(s->st, c->id, record_entry, s);
	}
	if (s->shown++)
		putchar('\n');
	printf("%s  %s  %s  stage: %s\n", c->id, c->type, c->status, c->stage);
	printf("title:     %s\n", c->title);
	if (c->party)
		printf("party:     %s (%s%s%s)\n", c->party,
		    c->party_kind ? c->party_kind : "party",
		    c->party_id ? ", " : "", c->party_id ? c->party_id : "");
	printf("handlers:  %s\n", c->handlers ? c->handlers : "");
	time_local(c->filed_at, t);
	printf("filed:     %.10s %.5s", t, t + 11);
	if (c->decided_at) {
		time_local(c->decided_at, t);
		printf("   decided: %.10s %.5s", t, t + 11);
	} else if (strcmp(c->status, "open") == 0) {
		printf("   decide by: %s%s", c->deadline,
		    c->overdue ? " (OVERDUE)" : "");
	}
	if (c->closed_at) {
		time_local(c->closed_at, t);
		printf("   closed: %.10s %.5s", t, t + 11);
	}
	putchar('\n');
	if (c->basis) {
		/* Continuation lines of a basis stay in its column. */
		printf("basis:     ");
		for (const char *p = c->basis; *p; p++)
			if (*p == '\n')
				printf("\n           ");
			else if (*p != '\r')
				putchar(*p == '\t' ? ' ' : *p);
		putchar('\n');
	}
	if (c->flags)
		printf("flagged:   %d %s without the audio/video record the "
		    "law asks for\n", c->flags, c->flags == 1 ? "entry" :
		    "entries");
	printf("\n");
	return case_timeline(s->st, c->id, text_entry, s);
}

static int
show(const char *id, void *ctx)
{
	struct show *s = ctx;

	/* A broken stdout ends everything; a missing case only itself. */
	return cli_warn_status(s->cli, case_get(s->st, id, show_case, s));
}

int
main(int argc, char *argv[])
{
	struct show s = { 0 };
	struct ct_cli cli;
	int ch, rc;

	cli_init(&cli, "case-show", usage_text, CLI_RECORDS, help_text);
	s.cli = &cli;
	while ((ch = getopt_long(argc, argv, CLI_SHORT, long_opts, NULL)) != -1)
		if (!cli_option(&cli, ch, optarg))
			cli_usage(&cli);
	argc -= optind;
	argv += optind;
	s.format = REC_TEXT;
	if (cli.format && rec_format_parse(cli.format, "text tsv csv json",
	    &s.format))
		cli_die(&cli, CT_USAGE);

	s.st = cli_open(&cli, STORE_READ);
	if ((s.w = rec_open(stdout, s.format, cli.header, cli.bom, s.st)) ==
	    NULL) {
		store_close(s.st);
		cli_die(&cli, CT_SYSTEM);
	}
	rc = ids_each(argc, argv, stdin, show, &s);
	rec_close(s.w);
	store_close(s.st);
	cli_exit(&cli, rc);
}
