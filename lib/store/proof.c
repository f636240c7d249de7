/* proof.c: proofs as text that a third party can check against a
 * checkpoint he keeps, with nothing but this file's rules
 * (casetrail-formats(5)).  An entry's inclusion in a tree:
 *
 *	casetrail-proof 1
 *	index 41
 *	line {"seq":42,...}
 *	path <base64 hash>          (one line per hash, leaf upward)
 *	<blank line>
 *	<checkpoint>
 *
 * and a tree's consistency with an older tree of the same journal:
 *
 *	casetrail-consistency 1
 *	old 1000 <base64 root>      (the older tree's size and root)
 *	path <base64 hash>          (in the order of RFC 9162 2.1.4.1)
 *	<blank line>
 *	<checkpoint, as a signed note when it was signed>
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The tree of the first size entries, as a checkpoint of this store. */
static int
tree_head(struct ct_store *st, uint64_t size, struct checkpoint *c)
{
	uint64_t have;
	int rc;

	memset(c, 0, sizeof *c);
	snprintf(c->origin, sizeof c->origin, "%s", st->origin);
	if ((rc = journal_size(st, &have)))
		return rc;
	if (size > have)
		return ct_fail(CT_NOTFOUND, "no tree of size %llu: the journal "
		    "has %llu entries", (unsigned long long)size,
		    (unsigned long long)have);
	c->size = size;
	/* Committed entries never change, nor the root of a tree of them:
	 * the proofs of many entries against one tree (an export's) make
	 * it once.  Not in a change, whose entries may yet roll back. */
	if (!st->writing && size > 0 && st->root_size == size) {
		memcpy(c->root, st->root, CT_HASH);
		return CT_OK;
	}
	if ((rc = journal_root(st, size, c->root)) == CT_OK && !st->writing) {
		memcpy(st->root, c->root, CT_HASH);
		st->root_size = size;
	}
	return rc;
}

int
proof_make(struct ct_store *st, int64_t seq, uint64_t size, struct proof *p)
{
	uint64_t have;
	int rc;

	memset(p, 0, sizeof *p);
	p->kind = PROOF_INCLUSION;
	if ((rc = journal_size(st, &have)))
		return rc;
	if (seq < 1 || (uint64_t)seq > have)
		return ct_fail(CT_NOTFOUND, "no journal entry %lld: the journal "
		    "has %llu entries", (long long)seq, (unsigned long long)have);
	if ((rc = tree_head(st, size ? size : have, &p->head)))
		return rc;
	if ((uint64_t)seq > p->head.size)
		return ct_fail(CT_USAGE, "entry %lld is not in the tree of size "
		    "%llu: that tree holds entries 1 to %llu", (long long)seq,
		    (unsigned long long)p->head.size,
		    (unsigned long long)p->head.size);
	p->index = (uint64_t)seq - 1;
	if ((rc = journal_line(st, seq, &p->line)))
		return rc;
	return merkle_inclusion(journal_node, st, p->index, p->head.size,
	    p->path, &p->len);
}

int
proof_consistency(struct ct_store *st, const struct checkpoint *old,
    uint64_t size, struct proof *p)
{
	unsigned char root[CT_HASH];
	char note[1024];
	int rc;

	memset(p, 0, sizeof *p);
	p->kind = PROOF_CONSISTENCY;
	if (size == 0) {
		if ((rc = checkpoint_note(st, 1, note, sizeof note)) ||
		    (rc = checkpoint_parse(&p->head, note, strlen(note))))
			return rc;
	} else {
		if ((rc = tree_head(st, size, &p->head)))
			return rc;
		checkpoint_format(&p->head, note, sizeof note);
	}
	if (strcmp(old->origin, p->head.origin) != 0)
		return ct_fail(CT_NO, "the checkpoint is for '%s', not this store "
		    "('%s')", old->origin, p->head.origin);
	if (old->size == 0)
		return ct_fail(CT_USAGE, "a checkpoint of no entries needs no "
		    "consistency proof");
	if (old->size > p->head.size)
		return ct_fail(CT_NO, "the checkpoint has %llu entries, the tree "
		    "to prove it against only %llu", (unsigned long long)
		    old->size, (unsigned long long)p->head.size);
	/* A proof from a tree the journal never had would not hold: say
	 * what is wrong rather than print it. */
	if ((rc = journal_root(st, old->size, root)))
		return rc;
	if (memcmp(root, old->root, CT_HASH) != 0)
		return ct_fail(CT_NO, "entries 1 to %llu do not match the "
		    "checkpoint: history was rewritten",
		    (unsigned long long)old->size);
	p->old = *old;
	if ((p->note = strdup(note)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	return merkle_consistency(journal_node, st, old->size, p->head.size,
	    p->path, &p->len);
}

int
proof_write(const struct proof *p, FILE *fp)
{
	char b64[64], note[512];

	if (p->kind == PROOF_CONSISTENCY)
		fprintf(fp, "casetrail-consistency 1\nold %llu %s\n",
		    (unsigned long long)p->old.size,
		    base64_encode(p->old.root, CT_HASH, b64));
	else
		fprintf(fp, "casetrail-proof 1\nindex %llu\nline %s\n",
		    (unsigned long long)p->index, p->line);
	for (int i = 0; i < p->len; i++)
		fprintf(fp, "path %s\n", base64_encode(p->path[i], CT_HASH, b64));
	fprintf(fp, "\n%s", p->kind == PROOF_CONSISTENCY ? p->note :
	    checkpoint_format(&p->head, note, sizeof note));
	return ferror(fp) ? ct_fail(CT_SYSTEM, "cannot write the proof") : CT_OK;
}

void
proof_free(struct proof *p)
{
	free(p->line);
	free(p->note);
	p->line = NULL;
	p->note = NULL;
}

/* A tree size as a checkpoint writes it: decimal, no leading zero, at
 * most 19 digits.  Returns 0, or -1. */
static int
size_parse(const char *s, size_t n, uint64_t *v)
{
	if (n == 0 || n > 19 || (s[0] == '0' && n > 1))
		return -1;
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return 0;
}

/* "old SIZE ROOT": the older tree of a consistency proof. */
static int
old_parse(struct proof *p, const char *line)
{
	const char *sp;
	unsigned char h[CT_HASH + 3];

	if (strncmp(line, "old ", 4) != 0 || (sp = strchr(line + 4, ' ')) ==
	    NULL || size_parse(line + 4, (size_t)(sp - line - 4),
	    &p->old.size) || p->old.size == 0 ||
	    base64_decode(sp + 1, h, sizeof h) != CT_HASH)
		return -1;
	memcpy(p->old.root, h, CT_HASH);
	return 0;
}

/* Line lineno (from 1) of a proof before its blank line, into p.
 * Returns 0, or -1 if it is not of the format. */
static int
header_line(struct proof *p, int lineno, const char *line)
{
	unsigned char h[CT_HASH + 3];
	char *e;

	if (lineno == 1) {
		if (strcmp(line, "casetrail-proof 1") == 0)
			p->kind = PROOF_INCLUSION;
		else if (strcmp(line, "casetrail-consistency 1") == 0)
			p->kind = PROOF_CONSISTENCY;
		else
			return -1;
		return 0;
	}
	if (lineno == 2 && p->kind == PROOF_CONSISTENCY)
		return old_parse(p, line);
	if (lineno == 2) {
		if (strncmp(line, "index ", 6) != 0 || line[6] < '0' ||
		    line[6] > '9' || strlen(line) > 26)
			return -1;
		errno = 0;
		p->index = strtoull(line + 6, &e, 10);
		return *e != '\0' || errno == ERANGE ? -1 : 0;
	}
	if (lineno == 3 && p->kind == PROOF_INCLUSION) {
		if (strncmp(line, "line ", 5) != 0 ||
		    (p->line = strdup(line + 5)) == NULL)
			return -1;
		return 0;
	}
	if (strncmp(line, "path ", 5) != 0 || p->len == (p->kind ==
	    PROOF_INCLUSION ? 64 : 128) ||
	    base64_decode(line + 5, h, sizeof h) != CT_HASH)
		return -1;
	memcpy(p->path[p->len++], h, CT_HASH);
	return 0;
}

/* The newer tree of a consistency proof: a checkpoint, then nothing, or a
 * blank line and the signature lines of a signed note.  Kept as it is, to
 * be printed when the proof holds. */
static int
note_parse(struct proof *p, const char *s, size_t n)
{
	const char *q = s, *end = s + n, *nl;
	unsigned char raw[4 + KEY_SIG];
	char name[400];
	int rc;

	if ((rc = checkpoint_parse(&p->head, s, n)))
		return rc;
	/* Origin, size, root and the time if it has one: checkpoint_parse
	 * found them. */
	for (int i = 0; i < 3 + (p->head.at[0] != '\0'); i++)
		q = (const char *)memchr(q, '\n', (size_t)(end - q)) + 1;
	if (q < end && (*q++ != '\n' || q == end))
		return ct_fail(CT_USAGE, "checkpoint has lines that are not "
		    "signature lines");
	for (; q < end; q = nl + 1)
		if ((nl = memchr(q, '\n', (size_t)(end - q))) == NULL ||
		    note_signature_parse(q, (size_t)(nl - q), name, sizeof name,
		    raw) != CT_OK)
			return ct_fail(CT_USAGE, "checkpoint has a bad signature "
			    "line");
	snprintf(p->old.origin, sizeof p->old.origin, "%s", p->head.origin);
	if (p->old.size > p->head.size)
		return ct_fail(CT_USAGE, "proof: the older tree has more entries "
		    "than the newer");
	if ((p->note = strndup(s, n)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	return CT_OK;
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
		char *line;

		if (nl == NULL)
			goto bad;
		lineno++;
		if (nl == s) {
			s = nl + 1;
			break;
		}
		if ((line = strndup(s, (size_t)(nl - s))) == NULL) {
			proof_free(p);
			return ct_fail(CT_SYSTEM, "out of memory");
		}
		s = nl + 1;
		rc = header_line(p, lineno, line);
		free(line);
		if (rc != 0)
			goto bad;
	}
	if (p->kind == PROOF_INCLUSION ? p->line == NULL : lineno < 3)
		goto bad;
	/* A refusal leaves nothing to free, as on the lines above. */
	if ((rc = p->kind == PROOF_INCLUSION ? checkpoint_parse(&p->head, s,
	    (size_t)(end - s)) : note_parse(p, s, (size_t)(end - s))))
		proof_free(p);
	return rc;
bad:
	proof_free(p);
	return ct_fail(CT_USAGE, "proof line %d is not of the proof format",
	    lineno);
}

static int
inclusion_check(const struct proof *p)
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

int
proof_check(const struct proof *p)
{
	if (p->kind == PROOF_INCLUSION)
		return inclusion_check(p);
	if (!merkle_consistency_ok(p->old.size, p->head.size, p->old.root,
	    p->head.root, p->path, p->len))
		return ct_fail(CT_NO, "proof: the tree of size %llu does not "
		    "extend the tree of size %llu",
		    (unsigned long long)p->head.size,
		    (unsigned long long)p->old.size);
	return CT_OK;
}
