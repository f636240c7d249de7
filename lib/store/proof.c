/* proof.c: an entry's inclusion proof as text that a third party can
 * check against a published checkpoint with nothing but this file's
 * rules (casetrail-formats(5)):
 *
 *	casetrail-proof 1
 *	index 41
 *	line {"seq":42,...}
 *	path <base64 hash>          (one line per hash, leaf upward)
 *	<blank line>
 *	<checkpoint note>
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int
proof_make(struct ct_store *st, int64_t seq, struct proof *p)
{
	int rc;

	memset(p, 0, sizeof *p);
	if ((rc = checkpoint_current(st, &p->head)))
		return rc;
	if (seq < 1 || (uint64_t)seq > p->head.size)
		return ct_fail(CT_NOTFOUND, "no journal entry %lld", (long long)seq);
	p->index = (uint64_t)seq - 1;
	if ((rc = journal_line(st, seq, &p->line)))
		return rc;
	return merkle_inclusion(journal_node, st, p->index, p->head.size,
	    p->path, &p->len);
}

int
proof_write(const struct proof *p, FILE *fp)
{
	char b64[64], note[512];

	fprintf(fp, "casetrail-proof 1\nindex %llu\nline %s\n",
	    (unsigned long long)p->index, p->line);
	for (int i = 0; i < p->len; i++)
		fprintf(fp, "path %s\n", base64_encode(p->path[i], CT_HASH, b64));
	fprintf(fp, "\n%s", checkpoint_format(&p->head, note, sizeof note));
	return ferror(fp) ? ct_fail(CT_SYSTEM, "cannot write the proof") : CT_OK;
}

void
proof_free(struct proof *p)
{
	free(p->line);
	p->line = NULL;
}

int
proof_parse(struct proof *p, const char *text, size_t n)
{
	const char *s = text, *end = text + n;
	int lineno = 0, rc;

	memset(p, 0, sizeof *p);
	if (memchr(text, 0, n) != NULL || !utf8_valid(text, n))
		return ct_fail(CT_USAGE, "proof is not UTF-8 text");
	for (;;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len;
		char *line;

		if (nl == NULL)
			goto bad;
		len = (size_t)(nl - s);
		lineno++;
		if (len == 0) {
			s = nl + 1;
			break;
		}
		if ((line = strndup(s, len)) == NULL)
			return ct_fail(CT_SYSTEM, "out of memory");
		s = nl + 1;
		if (lineno == 1) {
			if (strcmp(line, "casetrail-proof 1") != 0) {
				free(line);
				goto bad;
			}
		} else if (lineno == 2) {
			char *e;

			if (strncmp(line, "index ", 6) != 0 || line[6] < '0' ||
			    line[6] > '9' || strlen(line) > 26) {
				free(line);
				goto bad;
			}
			errno = 0;
			p->index = strtoull(line + 6, &e, 10);
			if (*e != '\0' || errno == ERANGE) {
				free(line);
				goto bad;
			}
		} else if (lineno == 3) {
			if (strncmp(line, "line ", 5) != 0 || p->line) {
				free(line);
				goto bad;
			}
			p->line = strdup(line + 5);
		} else {
			unsigned char h[CT_HASH + 3];

			if (strncmp(line, "path ", 5) != 0 || p->len == 64 ||
			    base64_decode(line + 5, h, sizeof h) != CT_HASH) {
				free(line);
				goto bad;
			}
			memcpy(p->path[p->len++], h, CT_HASH);
		}
		free(line);
	}
	if (p->line == NULL)
		goto bad;
	/* A refusal leaves nothing to free, as on the lines above. */
	if ((rc = checkpoint_parse(&p->head, s, (size_t)(end - s))))
		proof_free(p);
	return rc;
bad:
	proof_free(p);
	return ct_fail(CT_USAGE, "proof line %d is not of the proof format",
	    lineno);
}

int
proof_check(const struct proof *p)
{
	unsigned char leaf[CT_HASH];
	char prefix[48];

	/* The canonical line starts with its own sequence number: the proof
	 * must be for the entry it names. */
	snprintf(prefix, sizeof prefix, "{\"seq\":%llu,",
	    (unsigned long long)p->index + 1);
	if (strncmp(p->line, prefix, strlen(prefix)) != 0)
		return ct_fail(CT_NO, "proof: the line is not entry %llu",
		    (unsigned long long)p->index + 1);
	merkle_leaf(p->line, strlen(p->line), leaf);
	if (!merkle_inclusion_ok(p->index, p->head.size, leaf, p->path, p->len,
	    p->head.root))
		return ct_fail(CT_NO, "proof: entry %llu is not in the tree of "
		    "size %llu", (unsigned long long)p->index + 1,
		    (unsigned long long)p->head.size);
	return CT_OK;
}
