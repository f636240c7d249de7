/* rec.c: records to the FILE a program hands over: tsv (default), csv
 * (RFC 4180) and JSON Lines.  JSON objects are made by SQLite's
 * json_object, like the journal's, so there is one JSON writer in
 * casetrail and it is not ours. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum { T_TEXT, T_INT, T_LIST };

struct rec_writer {
	FILE *fp;
	enum rec_format format;
	int header;             /* -H for tsv; csv always has one */
	int bom;
	int started;
	sqlite3 *db;            /* the store's: json_object, json_each */
	sqlite3_stmt *json;
	int nfields;
	const char *keys[32];
	int types[32];
	char *values[32];
	int64_t ints[32];
};

int
rec_format_parse(const char *s, const char *allowed, enum rec_format *f)
{
	static const struct { const char *name; enum rec_format f; } names[] = {
		{ "tsv", REC_TSV }, { "csv", REC_CSV }, { "json", REC_JSON },
		{ "text", REC_TEXT },
	};

	if (word_in(s, allowed))
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strcmp(names[i].name, s) == 0) {
				*f = names[i].f;
				return CT_OK;
			}
	return ct_fail(CT_USAGE, "unknown format '%s' (formats: %s)", s,
	    allowed);
}

struct rec_writer *
rec_open(FILE *fp, enum rec_format f, int header, int bom,
    struct ct_store *st)
{
	struct rec_writer *w = calloc(1, sizeof *w);

	if (w == NULL) {
		ct_fail(CT_SYSTEM, "out of memory");
		return NULL;
	}
	w->fp = fp;
	w->format = f;
	w->header = header || f == REC_CSV;
	w->bom = bom && f == REC_CSV;   /* for spreadsheets, which read csv */
	w->db = st->db;
	return w;
}

static void
add(struct rec_writer *w, const char *key, int type, const char *s,
    int64_t n)
{
	if (w->nfields == 32)
		return;
	w->keys[w->nfields] = key;
	w->types[w->nfields] = type;
	w->values[w->nfields] = s ? strdup(s) : NULL;
	w->ints[w->nfields] = n;
	w->nfields++;
}

void
rec_str(struct rec_writer *w, const char *key, const char *value)
{
	add(w, key, T_TEXT, value, 0);
}

void
rec_int(struct rec_writer *w, const char *key, int64_t value)
{
	add(w, key, T_INT, NULL, value);
}

void
rec_list(struct rec_writer *w, const char *key, const char *json)
{
	add(w, key, T_LIST, json ? json : "[]", 0);
}

/* A csv field, quoted when it must be (RFC 4180).  A text that a
 * spreadsheet would run as a formula (it starts with =, +, -, @, a tab
 * or a carriage return) gets a leading ' inside its quotes, as the
 * guidance on CSV injection asks: a party named =HYPERLINK(...) is shown,
 * never run.  Numbers (text is false) are numbers. */
static void
csv_field(FILE *fp, const char *s, int text)
{
	int formula = text && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;

	if (!formula && strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' &&
	    (s[0] == '\0' || s[strlen(s) - 1] != ' ')) {
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	if (formula)
		putc('\'', fp);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	putc('"', fp);
}

/* The elements of a JSON array joined by commas, malloc'd. */
static char *
joined(struct rec_writer *w, const char *json)
{
	sqlite3_stmt *s;
	char *out = NULL;

	if (sqlite3_prepare_v2(w->db, "SELECT ifnull(group_concat(value, ','),"
	    " '') FROM json_each(?)", -1, &s, NULL) != SQLITE_OK)
		return strdup(json);
	sqlite3_bind_text(s, 1, json, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		out = strdup((const char *)sqlite3_column_text(s, 0));
	else
		out = strdup(json);
	sqlite3_finalize(s);
	return out;
}

static void
text_field(struct rec_writer *w, int i)
{
	char num[24], *list = NULL;
	const char *v = w->values[i];

	if (w->types[i] == T_INT) {
		snprintf(num, sizeof num, "%lld", (long long)w->ints[i]);
		v = num;
	} else if (w->types[i] == T_LIST) {
		v = list = joined(w, v);
	}
	if (v == NULL)
		v = "";
	if (w->format == REC_CSV)
		csv_field(w->fp, v, w->types[i] != T_INT);
	else
		tsv_escape(w->fp, v);
	free(list);
}

static int
json_record(struct rec_writer *w)
{
	int rc = CT_OK;

	if (w->json == NULL) {
		char sql[2048];
		size_t n = 0;

		n += (size_t)snprintf(sql + n, sizeof sql - n, "SELECT json_object(");
		for (int i = 0; i < w->nfields; i++)
			n += (size_t)snprintf(sql + n, sizeof sql - n,
			    "%s?%d,%s?%d%s", i ? "," : "", 2 * i + 1,
			    w->types[i] == T_LIST ? "json(" : "", 2 * i + 2,
			    w->types[i] == T_LIST ? ")" : "");
		snprintf(sql + n, sizeof sql - n, ")");
		if (sqlite3_prepare_v2(w->db, sql, -1, &w->json, NULL))
			return ct_fail(CT_SYSTEM, "cannot write JSON: %s",
			    sqlite3_errmsg(w->db));
	}
	for (int i = 0; i < w->nfields; i++) {
		sqlite3_bind_text(w->json, 2 * i + 1, w->keys[i], -1,
		    SQLITE_STATIC);
		if (w->types[i] == T_INT)
			sqlite3_bind_int64(w->json, 2 * i + 2, w->ints[i]);
		else
			sqlite3_bind_text(w->json, 2 * i + 2, w->values[i], -1,
			    SQLITE_STATIC);
	}
	if (sqlite3_step(w->json) == SQLITE_ROW) {
		fputs((const char *)sqlite3_column_text(w->json, 0), w->fp);
		putc('\n', w->fp);
	} else {
		rc = ct_fail(CT_SYSTEM, "cannot write JSON: %s",
		    sqlite3_errmsg(w->db));
	}
	sqlite3_reset(w->json);
	return rc;
}

int
rec_end(struct rec_writer *w)
{
	int rc = CT_OK;
	const char *eol = w->format == REC_CSV ? "\r\n" : "\n";

	if (!w->started) {
		w->started = 1;
		if (w->bom)
			fputs("\xef\xbb\xbf", w->fp);
		if (w->header && w->format != REC_JSON) {
			for (int i = 0; i < w->nfields; i++) {
				if (i)
					putc(w->format == REC_CSV ? ',' : '\t',
					    w->fp);
				fputs(w->keys[i], w->fp);
			}
			fputs(eol, w->fp);
		}
	}
	if (w->format == REC_JSON) {
		rc = json_record(w);
	} else {
		for (int i = 0; i < w->nfields; i++) {
			if (i)
				putc(w->format == REC_CSV ? ',' : '\t', w->fp);
			text_field(w, i);
		}
		fputs(eol, w->fp);
	}
	for (int i = 0; i < w->nfields; i++)
		free(w->values[i]);
	w->nfields = 0;
	if (rc == CT_OK && ferror(w->fp))
		rc = ct_fail(CT_SYSTEM, "cannot write the records");
	return rc;
}

void
rec_close(struct rec_writer *w)
{
	if (w == NULL)
		return;
	for (int i = 0; i < w->nfields; i++)
		free(w->values[i]);
	sqlite3_finalize(w->json);
	free(w);
}
