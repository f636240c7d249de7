/* ids.c: the pipe contract.  IDs come as arguments or, with none or "-",
 * as the first field of each line of the program's standard input, so
 * that the output of any listing program is the input of any program
 * that takes IDs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casetrail.h"

static int
from_stream(FILE *in, int (*fn)(const char *, void *), void *ctx)
{
	char *line = NULL;
	size_t cap = 0;
	int worst = CT_OK, rc;

	while (getline(&line, &cap, in) >= 0) {
		line[strcspn(line, "\t\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		if ((rc = fn(line, ctx)) > worst)
			worst = rc;
	}
	free(line);
	if (ferror(in) && worst < CT_SYSTEM)
		worst = ct_fail(CT_SYSTEM, "cannot read standard input");
	return worst;
}

int
ids_each(int argc, char **argv, FILE *in,
    int (*fn)(const char *id, void *ctx), void *ctx)
{
	int worst = CT_OK, rc;

	if (argc == 0)
		return from_stream(in, fn, ctx);
	for (int i = 0; i < argc; i++) {
		rc = strcmp(argv[i], "-") == 0 ? from_stream(in, fn, ctx) :
		    fn(argv[i], ctx);
		if (rc > worst)
			worst = rc;
	}
	return worst;
}
