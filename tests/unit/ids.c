/* ids.c: lib/ids.c, the pipe contract, and lib/env.c.  IDs come as
 * arguments or, with none or "-", as the first field of each line of a
 * stream; every ID is tried, and the status is the highest seen. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

struct seen {
	char ids[256];          /* the IDs fn was called with, each + "|" */
	int status[8];          /* what fn returns for the n-th ID */
	int n;
};

static int
collect(const char *id, void *ctx)
{
	struct seen *s = ctx;
	size_t len = strlen(s->ids);

	snprintf(s->ids + len, sizeof s->ids - len, "%s|", id);
	return s->status[s->n++ & 7];
}

/* Runs ids_each over argv with text as the stream; s->status is kept. */
static int
each(int argc, char **argv, const char *text, struct seen *s)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int rc;

	s->ids[0] = '\0';
	s->n = 0;
	rc = ids_each(argc, argv, in, collect, s);
	fclose(in);
	return rc;
}

int
main(void)
{
	struct seen s = { 0 };
	char *args[] = { "2026-000001", "-", "2026-000003" };
	char *dash[] = { "-" };

	/* No argument: the stream, its first field up to a tab, no empty
	 * line, CRLF as LF, a last line without one. */
	CHECK(each(0, NULL, "2026-000001\t罚款\tli.ming\n\n2026-000002\r\n"
	    "2026-000004", &s) == CT_OK);
	CHECK(strcmp(s.ids, "2026-000001|2026-000002|2026-000004|") == 0);
	CHECK(each(1, dash, "2026-000009\n", &s) == CT_OK);
	CHECK(strcmp(s.ids, "2026-000009|") == 0);

	/* Arguments, and "-" among them reads the stream in its place. */
	CHECK(each(3, args, "2026-000002\n", &s) == CT_OK);
	CHECK(strcmp(s.ids, "2026-000001|2026-000002|2026-000003|") == 0);
	/* With arguments and no "-", the stream is not read. */
	CHECK(each(1, args, "2026-000002\n", &s) == CT_OK);
	CHECK(strcmp(s.ids, "2026-000001|") == 0);

	/* Every ID is tried after a failure; the status is the highest,
	 * from the stream and from the arguments. */
	s.status[1] = CT_NOTFOUND;
	s.status[2] = CT_REFUSED;
	CHECK(each(0, NULL, "a\nb\nc\nd\n", &s) == CT_NOTFOUND);
	CHECK(strcmp(s.ids, "a|b|c|d|") == 0);
	CHECK(each(3, args, "2026-000002\n", &s) == CT_NOTFOUND);
	CHECK(strcmp(s.ids, "2026-000001|2026-000002|2026-000003|") == 0);

	/* env.c: an empty variable is as good as unset. */
	setenv("CASETRAIL_OFFICER", "", 1);
	CHECK(env_get(ENV_OFFICER) == NULL);
	setenv("CASETRAIL_OFFICER", "li.ming", 1);
	CHECK(env_get(ENV_OFFICER) != NULL &&
	    strcmp(env_get(ENV_OFFICER), "li.ming") == 0);
	unsetenv("CASETRAIL_OFFICER");
	CHECK(env_get(ENV_OFFICER) == NULL);
	UNIT_END();
}
