/* import_csv.c: case-log --import --format csv, as spreadsheets write
 * it (RFC 4180): a header line that names the columns by the keys of the
 * JSON format, then one record a line, or more than one where a quoted
 * field holds a line break (casetrail-formats(5)).  Pure: no store, so
 * that the reader's thread and the fuzzer (fuzz_csv) may call it. */
#include <stdio.h>
#include <string.h>

#include "import.h"

int
csv_quotes_open(const char *s, size_t n, int open)
{
	for (const char *q = s; (q = memchr(q, '"', n - (size_t)(q - s)));
	    q++)
		open = !open;
	return open;
}

int
csv_split(char *rec, size_t n, char **field, int max, int *nfields)
{
	char *r = rec, *w = rec, *end = rec + n;

	*nfields = 0;
	for (;;) {
		if (*nfields == max) {
			*nfields = max + 1;
			return ct_fail(CT_USAGE, "more than %d fields", max);
		}
		field[(*nfields)++] = w;
		if (r < end && *r == '"') {
			/* Quoted: "" is a quote; anything else is itself. */
			for (r++;; r++) {
				if (r == end)
					return ct_fail(CT_USAGE, "a quoted field "
					    "does not end");
				if (*r == '"' && (r + 1 == end || r[1] != '"'))
					break;
				*w++ = *r;
				if (*r == '"')
					r++;
			}
			if (++r < end && *r != ',')
				return ct_fail(CT_USAGE, "field %d: text after "
				    "its closing quote", *nfields);
		} else {
			for (; r < end && *r != ','; r++) {
				if (*r == '"')
					return ct_fail(CT_USAGE, "field %d: a "
					    "quote in a field not quoted",
					    *nfields);
				*w++ = *r;
			}
		}
		if (r == end)
			break;
		*w++ = '\0';          /* w <= r: the comma is behind */
		r++;
	}
	*w = '\0';
	return CT_OK;
}

/* The field a column name names, or -1. */
static int
field_named(const char *name)
{
	for (int i = 0; i < NFIELDS; i++)
		if (strcmp(name, field_names[i]) == 0)
			return i;
	return -1;
}

int
csv_header(char *rec, size_t n, struct csv_header *h)
{
	char *col[NFIELDS + 1], unknown[512] = "", why[256];
	size_t len = 0;
	int has[NFIELDS] = { 0 }, rc;

	/* One more than there are fields: the error names the unknown. */
	if ((rc = csv_split(rec, n, col, NFIELDS + 1, &h->ncols))) {
		snprintf(why, sizeof why, "%s", ct_errmsg());
		return ct_fail(rc, "the header: %s", why);
	}
	for (int i = 0; i < h->ncols; i++) {
		int f = field_named(col[i]);

		if (f < 0) {
			buf_put(unknown, sizeof unknown, &len, "%s'%s'",
			    len ? ", " : "", col[i]);
			continue;
		}
		if (has[f]++)
			return ct_fail(CT_USAGE, "the header names column "
			    "'%s' twice", col[i]);
		if (i < NFIELDS)        /* past that, some name is unknown */
			h->field[i] = f;
	}
	if (len > 0)
		return ct_fail(CT_USAGE, "the header names unknown columns: %s "
		    "(columns: case, action, stage, at, officers, evidence, "
		    "text, ref)", unknown);
	if (!has[F_CASE] || !has[F_ACTION])
		return ct_fail(CT_USAGE, "the header names no %s column",
		    has[F_CASE] ? "action" : "case");
	return CT_OK;
}

int
csv_fields(char *rec, size_t n, const struct csv_header *h,
    char *field[NFIELDS])
{
	char *col[NFIELDS];
	int ncols, rc;

	rc = csv_split(rec, n, col, h->ncols, &ncols);
	if (ncols > h->ncols)
		return ct_fail(CT_USAGE, "more fields than the header's %d",
		    h->ncols);
	if (rc)
		return rc;
	if (ncols < h->ncols)
		return ct_fail(CT_USAGE, "%d fields where the header has %d",
		    ncols, h->ncols);
	for (int i = 0; i < NFIELDS; i++)
		field[i] = NULL;
	for (int i = 0; i < ncols; i++)
		if (*col[i] != '\0')
			field[h->field[i]] = col[i];
	return CT_OK;
}
