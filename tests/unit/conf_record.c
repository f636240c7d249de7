/* conf_record.c: the settings in force at a time, lib/domain/conf_record.c
 * (ct_conf_at), over conf entries put in the tables directly, and the
 * hash that names a text. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

/* Conf entry seq of text at time at (UTC), with its conf row. */
static int
entry(struct ct_store *st, int seq, const char *at, const char *text)
{
	char sha[65], sql[1024];

	conf_sha256(text, strlen(text), sha);
	snprintf(sql, sizeof sql, "INSERT INTO journal(seq, action, line, "
	    "leaf) VALUES (%d, 'conf', json_object('seq', %d, 'at', '%s', "
	    "'officer', 'li.ming', 'case', NULL, 'action', 'conf', 'stage', "
	    "NULL, 'body', json_object('sha256', '%s', 'text', '%s')), "
	    "zeroblob(32)); INSERT INTO conf VALUES (%d, '%s')", seq, seq, at,
	    sha, text, seq, sha);
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

/* The text in force at the UTC time at: "" if none, NULL on an error. */
static char *
at_time(struct ct_store *st, const char *at, int64_t *seq)
{
	time_t t;
	char *text;
	int rc;

	if (time_from_utc(at, &t) != CT_OK)
		return NULL;
	rc = ct_conf_at(st, t, &text, seq);
	if (rc == CT_NOTFOUND)
		return strdup("");
	return rc == CT_OK ? text : NULL;
}

static int
in_force(struct ct_store *st, const char *at, const char *want,
    int64_t want_seq)
{
	int64_t seq = -1;
	char *text = at_time(st, at, &seq);
	int ok = text != NULL && strcmp(text, want) == 0 && seq == want_seq;

	if (!ok)
		fprintf(stderr, "at %s: '%s' (entry %lld), not '%s'\n", at,
		    text ? text : ct_errmsg(), (long long)seq, want);
	free(text);
	return ok;
}

int
main(void)
{
	char dir[] = "/tmp/casetrail-unit-conf.XXXXXX", cmd[64], sha[65];
	struct ct_store *st;

	/* SHA-256 of "abc" (FIPS 180-2, B.1). */
	conf_sha256("abc", 3, sha);
	CHECK(strcmp(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb"
	    "410ff61f20015ad") == 0);
	if (mkdtemp(dir) == NULL)
		return 2;
	CHECK(store_open(&st, dir, STORE_WRITE) == CT_OK);
	if (st == NULL)
		return 1;
	CHECK(in_force(st, "2026-11-25T02:00:00Z", "", 0));
	CHECK(entry(st, 3, "2026-11-25T02:00:00Z", "deadline.decide = 120\n"));
	CHECK(entry(st, 7, "2026-11-26T02:00:00Z",
	    "agency = 大同市商务局\ndeadline.decide = 60\n"));
	/* Before the first: none; from each entry's time on, its text. */
	CHECK(in_force(st, "2026-11-25T01:59:59Z", "", 0));
	CHECK(in_force(st, "2026-11-25T02:00:00Z", "deadline.decide = 120\n",
	    3));
	CHECK(in_force(st, "2026-11-26T01:59:59Z", "deadline.decide = 120\n",
	    3));
	CHECK(in_force(st, "2026-11-26T02:00:00Z",
	    "agency = 大同市商务局\ndeadline.decide = 60\n", 7));
	CHECK(in_force(st, "2027-01-01T00:00:00Z",
	    "agency = 大同市商务局\ndeadline.decide = 60\n", 7));
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 2;
	UNIT_END();
}
