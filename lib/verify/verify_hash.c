/* verify_hash.c: store-verify's hashing, on a thread of its own.
 *
 * Re-hashing every line and rebuilding the tree is half of store-verify's
 * work, and the other half (reading the rows, replaying the rules) needs
 * none of its results until the end.  So the reading thread copies each
 * row's line and stored hashes into a chunk and goes on; this thread
 * hashes the chunks in order, compares, and keeps the first fault it
 * finds.  The chunks are few and reused: memory stays bounded whatever
 * the journal's size. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "verify.h"

enum { CHUNK_ROWS = 8192, NCHUNKS = 4 };

struct hrow {
	uint64_t seq;
	size_t line, line_len;        /* offsets into the chunk's bytes */
	size_t nodes, nodes_len;
	int leaf_ok;                  /* the stored leaf is 32 bytes */
	unsigned char leaf[CT_HASH];
	int checkpoint;               /* a stored tree head ends here */
	uint64_t cp_prev;             /* the checkpoint before it */
	unsigned char root[CT_HASH];
};

struct chunk {
	struct hrow row[CHUNK_ROWS];
	int n;
	unsigned char *bytes;
	size_t len, cap;
};

struct vhash {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct chunk chunk[NCHUNKS];
	uint64_t filled, hashed;      /* chunks handed over, and done */
	int done;                     /* no more chunks will come */
	struct chunk *cur;            /* the one being filled */
	struct merkle_frontier tree;
	struct vhash_fault fault;
	atomic_uint_least64_t fault_seq;
	int oom;
};

/* Keeps the first fault: its message is already in h->fault.msg. */
static void
fault(struct vhash *h, uint64_t seq, int phase)
{
	h->fault.seq = seq;
	h->fault.phase = phase;
	atomic_store(&h->fault_seq, seq);
}

static void
hash_row(struct vhash *h, const struct chunk *c, const struct hrow *w)
{
	unsigned char leaf[CT_HASH], done[64][CT_HASH], root[CT_HASH];
	int ndone;

	merkle_leaf(c->bytes + w->line, w->line_len, leaf);
	if (!w->leaf_ok || memcmp(w->leaf, leaf, CT_HASH) != 0) {
		snprintf(h->fault.msg, sizeof h->fault.msg, "entry %llu does "
		    "not match its leaf hash: it was changed after it was "
		    "written", (unsigned long long)w->seq);
		fault(h, w->seq, VHASH_LEAF);
		return;
	}
	ndone = merkle_append(&h->tree, leaf, done);
	if (w->nodes_len != (size_t)ndone * CT_HASH || (ndone > 0 &&
	    memcmp(c->bytes + w->nodes, done, w->nodes_len) != 0)) {
		snprintf(h->fault.msg, sizeof h->fault.msg, "entry %llu: stored "
		    "tree hashes are wrong", (unsigned long long)w->seq);
		fault(h, w->seq, VHASH_NODES);
		return;
	}
	if (!w->checkpoint)
		return;
	merkle_root(&h->tree, root);
	if (memcmp(root, w->root, CT_HASH) == 0)
		return;
	if (w->cp_prev + 1 == w->seq)
		snprintf(h->fault.msg, sizeof h->fault.msg, "entry %llu was "
		    "changed after checkpoint %llu: the tree no longer matches "
		    "it", (unsigned long long)w->seq, (unsigned long long)w->seq);
	else
		snprintf(h->fault.msg, sizeof h->fault.msg, "an entry from %llu "
		    "to %llu was changed after checkpoint %llu: the tree no "
		    "longer matches it", (unsigned long long)w->cp_prev + 1,
		    (unsigned long long)w->seq, (unsigned long long)w->seq);
	fault(h, w->seq, VHASH_ROOT);
}

static void *
hasher(void *arg)
{
	struct vhash *h = arg;

	pthread_mutex_lock(&h->lock);
	for (;;) {
		struct chunk *c;

		while (h->hashed == h->filled && !h->done)
			pthread_cond_wait(&h->changed, &h->lock);
		if (h->hashed == h->filled)
			break;
		c = &h->chunk[h->hashed % NCHUNKS];
		pthread_mutex_unlock(&h->lock);
		/* After the first fault the rest is only taken off the queue. */
		for (int i = 0; i < c->n && h->fault.seq == 0; i++)
			hash_row(h, c, &c->row[i]);
		pthread_mutex_lock(&h->lock);
		h->hashed++;
		pthread_cond_broadcast(&h->changed);
	}
	pthread_mutex_unlock(&h->lock);
	merkle_thread_end();
	return NULL;
}

int
vhash_start(struct vhash **out)
{
	struct vhash *h = calloc(1, sizeof *h);

	*out = NULL;
	if (h == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->changed, NULL);
	atomic_init(&h->fault_seq, 0);
	h->cur = &h->chunk[0];
	if (pthread_create(&h->thread, NULL, hasher, h) != 0) {
		pthread_mutex_destroy(&h->lock);
		pthread_cond_destroy(&h->changed);
		free(h);
		return ct_fail(CT_SYSTEM, "cannot start a thread");
	}
	*out = h;
	return CT_OK;
}

/* Hands the current chunk over and waits for a free one. */
static void
hand_over(struct vhash *h)
{
	pthread_mutex_lock(&h->lock);
	h->filled++;
	pthread_cond_broadcast(&h->changed);
	while (h->filled - h->hashed == NCHUNKS)
		pthread_cond_wait(&h->changed, &h->lock);
	pthread_mutex_unlock(&h->lock);
	h->cur = &h->chunk[h->filled % NCHUNKS];
	h->cur->n = 0;
	h->cur->len = 0;
}

static int
keep(struct chunk *c, const void *p, size_t n, size_t *off)
{
	unsigned char *b = grow(c->bytes, &c->cap, c->len + n, 256 * 1024);

	if (b == NULL)
		return CT_SYSTEM;
	c->bytes = b;
	if (n > 0)
		memcpy(c->bytes + c->len, p, n);
	*off = c->len;
	c->len += n;
	return CT_OK;
}

int
vhash_row(struct vhash *h, uint64_t seq, const char *line, size_t n,
    const void *leaf, size_t leaf_len, const void *nodes, size_t nodes_len)
{
	struct chunk *c;
	struct hrow *w;
	int rc;

	/* A full chunk goes when the next row comes: vhash_checkpoint may
	 * still mark its last row. */
	if (h->cur->n == CHUNK_ROWS)
		hand_over(h);
	c = h->cur;
	w = &c->row[c->n];
	if ((rc = keep(c, line, n, &w->line)) ||
	    (rc = keep(c, nodes, nodes_len, &w->nodes)))
		return rc;
	w->seq = seq;
	w->line_len = n;
	w->nodes_len = nodes_len;
	w->leaf_ok = leaf != NULL && leaf_len == CT_HASH;
	if (w->leaf_ok)
		memcpy(w->leaf, leaf, CT_HASH);
	w->checkpoint = 0;
	c->n++;
	return CT_OK;
}

void
vhash_checkpoint(struct vhash *h, const unsigned char root[CT_HASH],
    uint64_t prev)
{
	/* The row just queued, still in the chunk being filled. */
	struct hrow *w = &h->cur->row[h->cur->n - 1];

	w->checkpoint = 1;
	w->cp_prev = prev;
	memcpy(w->root, root, CT_HASH);
}

uint64_t
vhash_fault_seq(struct vhash *h)
{
	return atomic_load(&h->fault_seq);
}

void
vhash_finish(struct vhash *h, struct vhash_fault *f)
{
	memset(f, 0, sizeof *f);
	if (h == NULL)
		return;
	pthread_mutex_lock(&h->lock);
	if (h->cur->n > 0) {
		h->filled++;
		h->cur = NULL;
	}
	h->done = 1;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->thread, NULL);
	*f = h->fault;
	for (int i = 0; i < NCHUNKS; i++)
		free(h->chunk[i].bytes);
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->changed);
	free(h);
}
