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
	int reviews;            /* reviews of the case shown so far */
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

/* "13 bytes", "2.5 MiB": a size for people; the records have it exact. */
static void
print_size(int64_t n)
{
	static const char units[][4] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)n;
	int u = -1;

	if (n < 1024) {
		printf("%lld byte%s", (long long)n, n == 1 ? "" : "s");
		return;
	}
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	printf("%.1f %s", v, units[u]);
}

/* What an evidence-add entry added, where other entries have a text. */
static void
print_item(const struct evidence_row *item)
{
	print_flat(item->name);
	printf(" (%s, ", item->kind ? item->kind : "");
	print_size(item->size);
	putchar(')');
	/* Local RFC 3339, "2026-09-02T10:00:00+08:00", shown as the time
	 * column is; what is not that (a forged line) is shown as it is. */
	if (item->collected_at != NULL) {
		printf("  collected: ");
		if (strlen(item->collected_at) >= 16)
			printf("%.10s %.5s", item->collected_at,
			    item->collected_at + 11);
		else
			print_flat(item->collected_at);
	}
	if (item->location) {
		printf("  location: ");
		print_flat(item->location);
	}
	if (item->note) {
		printf("  note: ");
		print_flat(item->note);
	}
}

static int
text_entry(const struct entry_row *e, void *ctx)
{
	char at[17], recorded[17];

	(void)ctx;
	printf("%6lld  %s  %-13s  %-21s %-12s ", (long long)e->seq,
	    short_time(e->at, at), e->stage ? e->stage : "", e->action,
	    e->officer);
	if (e->item)
		print_item(e->item);
	else
		print_flat(e->text);
	print_list("with:", e->officers);
	print_list("credentials:", e->credentials);
	print_list("evidence:", e->evidence);
	if (e->ref) {
		printf("  ref: ");
		print_flat(e->ref);
	}
	/* The structured decision, as its body records it. */
	if (e->number)
		printf("  number: %s", e->number);
	if (e->penalty) {
		printf("  penalty: ");
		print_flat(e->penalty);
	}
	if (e->major)
		printf("  major: %s", e->major);
	/* A step logged later than it happened (--at, an import): when it
	 * entered the journal is part of its story. */
	if (strcmp(short_time(e->recorded_at, recorded), at) != 0)
		printf("  recorded: %s", recorded);
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

/* The fields of an evidence-add entry's item; absent for other entries
 * (an absent size is an empty field, null in JSON, as an absent text). */
static void
record_item(struct rec_writer *w, const struct evidence_row *item)
{
	rec_str(w, "name", item ? item->name : NULL);
	rec_str(w, "kind", item ? item->kind : NULL);
	if (item)
		rec_int(w, "size", item->size);
	else
		rec_str(w, "size", NULL);
	rec_str(w, "collected", item ? item->collected_at : NULL);
	rec_str(w, "location", item ? item->location : NULL);
	rec_str(w, "note", item ? item->note : NULL);
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
	rec_str(s->w, "ref", e->ref);
	record_item(s->w, e->item);
	rec_str(s->w, "penalty", e->penalty);
	rec_str(s->w, "major", e->major);
	rec_str(s->w, "number", e->number);
	return rec_end(s->w);
}

/* The case's legal reviews, after its timeline: each one's state, its
 * reviewer and opinion, the points he found an issue with. */
static int
text_review(const struct review_row *r, void *ctx)
{
	struct show *s = ctx;

	if (s->reviews++ == 0)
		printf("\nreviews:\n");
	printf("%6lld  %-11s  due %s%s  ", (long long)r->id, r->state, r->due,
	    r->calendar_ends ? " (calendar-ends)" : "");
	if (r->reviewer) {
		printf("%s: ", r->reviewer);
		print_flat(r->opinion);
	}
	if (r->issues) {
		printf("  issues: ");
		print_flat(r->issues);
	}
	putchar('\n');
	return ferror(stdout) ? ct_fail(CT_SYSTEM, "cannot write") : CT_OK;
}

static int
json_case(const struct case_row *c, struct show *s)
{
	char filed[32], decided[32], closed[32], *timeline, *reviews = NULL;
	int rc;

	if ((rc = case_timeline_json(s->st, c->id, &timeline)))
		return rc;
	if ((rc = review_history_json(s->st, c->id, &reviews))) {
		free(timeline);
		return rc;
	}
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
	rec_str(s->w, "number", c->number);
	rec_list(s->w, "reviews", reviews);
	rc = rec_end(s->w);
	free(timeline);
	free(reviews);
	return rc;
}

static int
show_case(const struct case_row *c, void *ctx)
{
	struct show *s = ctx;
	char t[32];
	int rc;

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
	if (c->party) {
		printf("party:     %s", c->party);
		if (c->party_kind || c->party_id)
			printf(" (%s%s%s)", c->party_kind ? c->party_kind : "",
			    c->party_kind && c->party_id ? ", " : "",
			    c->party_id ? c->party_id : "");
		putchar('\n');
	}
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
	if (c->number)
		printf("number:    %s\n", c->number);
	if (c->flags)
		printf("flagged:   %d %s without the audio/video record the "
		    "law asks for\n", c->flags, c->flags == 1 ? "entry" :
		    "entries");
	printf("\n");
	if ((rc = case_timeline(s->st, c->id, text_entry, s)))
		return rc;
	s->reviews = 0;
	return review_list(s->st, &(struct review_filter){ .case_id = c->id },
	    text_review, s);
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
