/* checkpoint.c: tree heads as C2SP tlog-checkpoint note text:
 * origin, tree size and base64 root hash, one per line. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

char *
checkpoint_format(const struct checkpoint *c, char *buf, size_t cap)
{
	char root[64];

	/* The time is an extension line: inside what is signed, so that a
	 * signed checkpoint says when its officer signed it. */
	snprintf(buf, cap, "%s\n%llu\n%s\n%s%s%s", c->origin,
	    (unsigned long long)c->size, base64_encode(c->root, CT_HASH, root),
	    c->at[0] ? "time " : "", c->at, c->at[0] ? "\n" : "");
	return buf;
}

/* Takes the next line of [*p, end) into line (NUL-terminated); returns 0,
 * or -1 at the end or for a line that is too long. */
static int
next_line(const char **p, const char *end, char *line, size_t cap)
{
	const char *nl;
	size_t n;

	if (*p >= end)
		return -1;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	if (nl == NULL)
		return -1;      /* every line of a note ends with a newline */
	n = (size_t)(nl - *p);
	if (n >= cap)
		return -1;
	memcpy(line, *p, n);
	line[n] = '\0';
	*p = nl + 1;
	return 0;
}

int
checkpoint_parse(struct checkpoint *c, const char *text, size_t n)
{
	const char *p = text, *end = text + n;
	char line[512];
	unsigned char root[CT_HASH + 3];
	char *e;

	memset(c, 0, sizeof *c);
	if (memchr(text, 0, n) != NULL || !utf8_valid(text, n))
		return ct_fail(CT_USAGE, "checkpoint is not text");
	if (next_line(&p, end, line, sizeof c->origin) || line[0] == '\0')
		return ct_fail(CT_USAGE, "checkpoint has no origin line");
	strcpy(c->origin, line);
	if (next_line(&p, end, line, sizeof line) || !isdigit((unsigned char)
	    line[0]) || (line[0] == '0' && line[1] != '\0'))
		return ct_fail(CT_USAGE, "checkpoint has no tree size");
	c->size = strtoull(line, &e, 10);
	if (*e != '\0' || strlen(line) > 19)
		return ct_fail(CT_USAGE, "checkpoint has a bad tree size");
	if (next_line(&p, end, line, sizeof line) ||
	    base64_decode(line, root, sizeof root) != CT_HASH)
		return ct_fail(CT_USAGE, "checkpoint has a bad root hash");
	memcpy(c->root, root, CT_HASH);
	/* Extension lines up to the blank line, then signatures: read by
	 * whoever checks signatures.  Of the extensions, the time is ours. */
	while (next_line(&p, end, line, sizeof line) == 0) {
		time_t t;

		if (line[0] == '\0')
			break;
		if (strncmp(line, "time ", 5) != 0)
			continue;
		if (c->at[0] != '\0' || strlen(line + 5) != sizeof c->at - 1 ||
		    time_from_utc(line + 5, &t) != CT_OK)
			return ct_fail(CT_USAGE, "checkpoint has a bad time line");
		memcpy(c->at, line + 5, sizeof c->at);
	}
	return CT_OK;
}

int
checkpoint_current(struct ct_store *st, struct checkpoint *c)
{
	int rc;

	memset(c, 0, sizeof *c);
	snprintf(c->origin, sizeof c->origin, "%s", st->origin);
	if ((rc = journal_size(st, &c->size)))
		return rc;
	return journal_root(st, c->size, c->root);
}

void
checkpoint_set_time(const struct ct_store *st, struct checkpoint *c,
    const char *at)
{
	if (c->size > st->cp_time_since && at != NULL)
		snprintf(c->at, sizeof c->at, "%s", at);
}

int
checkpoint_note(struct ct_store *st, int signed_only, char *buf, size_t cap)
{
	struct checkpoint c;
	char name[400];
	size_t len;
	sqlite3_stmt *s;
	int rc = CT_OK;

	if (sqlite3_prepare_v2(st->db, "SELECT c.size, c.root, c.officer, "
	    "c.signature, k.public_key, c.at FROM checkpoint c LEFT JOIN officer_key "
	    "k ON k.key_id = c.key_id WHERE ?1 = 0 OR c.signature IS NOT NULL "
	    "ORDER BY c.size DESC LIMIT 1", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the checkpoints");
	sqlite3_bind_int(s, 1, signed_only);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ct_fail(CT_NOTFOUND, "no signed checkpoint yet (every "
		    "write after officer-key signs one)");
	}
	memset(&c, 0, sizeof c);
	snprintf(c.origin, sizeof c.origin, "%s", st->origin);
	c.size = (uint64_t)sqlite3_column_int64(s, 0);
	if (sqlite3_column_bytes(s, 1) == CT_HASH)
		memcpy(c.root, sqlite3_column_blob(s, 1), CT_HASH);
	checkpoint_set_time(st, &c, (const char *)sqlite3_column_text(s, 5));
	checkpoint_format(&c, buf, cap);
	if (sqlite3_column_bytes(s, 3) == KEY_SIG &&
	    sqlite3_column_bytes(s, 4) == KEY_PUB) {
		len = strlen(buf);
		snprintf(name, sizeof name, "%s/%s", st->origin,
		    sqlite3_column_text(s, 2));
		if (len + 1 < cap) {
			buf[len++] = '\n';
			note_signature_line(name, sqlite3_column_blob(s, 4),
			    sqlite3_column_blob(s, 3), buf + len, cap - len);
		}
	} else if (signed_only) {
		rc = ct_fail(CT_SYSTEM, "checkpoint %llu is signed with an "
		    "unknown key", (unsigned long long)c.size);
	}
	sqlite3_finalize(s);
	return rc;
}

int
note_signature_parse(const char *line, size_t n, char *name, size_t cap,
    unsigned char raw[4 + KEY_SIG])
{
	unsigned char buf[4 + KEY_SIG + 3];
	char b64[((4 + KEY_SIG + 2) / 3) * 4 + 1];
	const char *sp;
	size_t nlen, blen;

	/* "— " (U+2014, a space), the key name, a space, base64. */
	if (n < 4 || memcmp(line, "\xe2\x80\x94 ", 4) != 0 ||
	    (sp = memchr(line + 4, ' ', n - 4)) == NULL)
		return ct_fail(CT_USAGE, "bad signature line");
	nlen = (size_t)(sp - line - 4);
	blen = (size_t)(line + n - sp - 1);
	if (nlen == 0 || nlen >= cap || memchr(line + 4, '+', nlen) != NULL ||
	    blen >= sizeof b64 || !utf8_valid(line + 4, nlen))
		return ct_fail(CT_USAGE, "bad signature line");
	for (size_t i = 0; i < nlen; i++)
		if ((unsigned char)line[4 + i] < 0x20 || line[4 + i] == 0x7f)
			return ct_fail(CT_USAGE, "bad signature line");
	memcpy(name, line + 4, nlen);
	name[nlen] = '\0';
	memcpy(b64, sp + 1, blen);
	b64[blen] = '\0';
	if (base64_decode(b64, buf, sizeof buf) != 4 + KEY_SIG)
		return ct_fail(CT_USAGE, "bad signature in the line of '%s'",
		    name);
	memcpy(raw, buf, 4 + KEY_SIG);
	return CT_OK;
}
