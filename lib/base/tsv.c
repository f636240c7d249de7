/* tsv.c: the escapes of a TSV field (casetrail-formats(5)): written by
 * the record writer, read back by case-log --import. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

void
tsv_escape(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\t': fputs("\\t", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\\': fputs("\\\\", fp); break;
		default: putc(*s, fp);
		}
	}
}

int
tsv_unescape(char *s)
{
	char *o;

	/* Most fields have no escape at all. */
	if ((s = strchr(s, '\\')) == NULL)
		return CT_OK;
	for (o = s; *s; s++) {
		if (*s != '\\') {
			*o++ = *s;
			continue;
		}
		switch (*++s) {
		case 't': *o++ = '\t'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case '\\': *o++ = '\\'; break;
		default:
			return ct_fail(CT_USAGE, "bad escape '\\%c' in a field",
			    *s ? *s : ' ');
		}
	}
	*o = '\0';
	return CT_OK;
}
