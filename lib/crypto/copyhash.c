/* copyhash.c: copying while hashing, on two cores.
 *
 * copyhash, a durable copy of a regular file hashed as it is copied: a
 * second thread has the kernel copy the file piece by piece
 * (copy_file_range) and starts the write-back of each piece; the
 * caller's thread hashes the copy as the pieces arrive, reading them back
 * from the page cache.  So what is hashed is what was stored, and the
 * copy, the hash and the disk all work at once: evidence-add of a large
 * video costs about as much as hashing it.
 *
 * writehash, the other way round: the caller makes a file (an archive
 * being sealed) and hands over its bytes; a second thread writes them,
 * hashes them and starts their write-back.  The caller, which has a hash
 * of its own to make, no longer makes this one too: on two cores the two
 * hashes take the time of one.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "internal.h"

#define PIECE (8 << 20)         /* what one copy_file_range asks for */
#define FLUSH (192 << 20)       /* made durable as the copy goes, every */
#define READ (256 << 10)        /* what one read back asks for: fits in L2 */

struct copier {
	int in, out;
	pthread_mutex_t mu;
	pthread_cond_t moved;
	uint64_t copied;        /* bytes in the copy so far */
	int finished;           /* no more will come */
	int err;                /* errno of a failed copy, or 0 */
	int stop;               /* the hasher gave up: stop copying */
};

static void *
copy_pieces(void *arg)
{
	struct copier *c = arg;
	uint64_t off = 0;
	int err = 0;

	for (;;) {
		ssize_t n;

		pthread_mutex_lock(&c->mu);
		if (c->stop) {
			pthread_mutex_unlock(&c->mu);
			break;
		}
		pthread_mutex_unlock(&c->mu);
		if ((n = copy_file_range(c->in, NULL, c->out, NULL, PIECE, 0)) < 0) {
			err = errno;
			break;
		}
		if (n == 0)
			break;
		/* Start the write-back now, so that the final flush has
		 * little left to wait for. */
		sync_file_range(c->out, (off_t)off, n, SYNC_FILE_RANGE_WRITE);
		/* And flush the disk's own cache as we go: a virtual disk
		 * keeps what it was given in the host's memory until told,
		 * and one flush at the end waited 0.3 to 0.7 s for 1 GiB.
		 * The hasher goes on meanwhile (1 GiB: 1.23 s became 0.93 s
		 * on average over 8 runs, against 1.08 s flushing every
		 * 128 MiB). */
		if ((off + (uint64_t)n) / FLUSH != off / FLUSH)
			fdatasync(c->out);
		off += (uint64_t)n;
		pthread_mutex_lock(&c->mu);
		c->copied = off;
		pthread_cond_signal(&c->moved);
		pthread_mutex_unlock(&c->mu);
	}
	pthread_mutex_lock(&c->mu);
	c->err = err;
	c->finished = 1;
	pthread_cond_signal(&c->moved);
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

int
copyhash(int in, int out, struct evp_md_ctx_st *h, uint64_t *done, void (*tick)(uint64_t done, void *ctx), void *ctx)
{
	struct copier c = { .in = in, .out = out };
	uint64_t hashed = 0, avail;
	unsigned char *buf;
	int finished, err = 0, rc = 0;
	pthread_t t;

	if ((buf = malloc(READ)) == NULL)
		return -1;
	pthread_mutex_init(&c.mu, NULL);
	pthread_cond_init(&c.moved, NULL);
	if ((err = pthread_create(&t, NULL, copy_pieces, &c)) != 0) {
		pthread_mutex_destroy(&c.mu);
		pthread_cond_destroy(&c.moved);
		free(buf);
		errno = err;
		return -1;
	}
	for (;;) {
		pthread_mutex_lock(&c.mu);
		while (c.copied == hashed && !c.finished)
			pthread_cond_wait(&c.moved, &c.mu);
		avail = c.copied;
		finished = c.finished;
		err = c.err;
		pthread_mutex_unlock(&c.mu);
		/* Read back rather than mapped: on a virtual machine, the
		 * first touch of each mapped page costs the hypervisor a
		 * fault, and hashing 1 GiB through maps took 1.3 s against
		 * 0.75 s through a small buffer the cache keeps. */
		while (hashed < avail) {
			size_t want = avail - hashed < READ ? avail - hashed : READ;
			ssize_t n = pread(out, buf, want, (off_t)hashed);

			if (n <= 0) {
				err = n < 0 ? errno : EIO;
				goto stop;
			}
			EVP_DigestUpdate(h, buf, (size_t)n);
			hashed += (uint64_t)n;
			if (tick != NULL)
				tick(hashed, ctx);
		}
		if (finished)
			break;
	}
	goto joined;
stop:
	pthread_mutex_lock(&c.mu);
	c.stop = 1;
	pthread_mutex_unlock(&c.mu);
joined:
	pthread_join(t, NULL);
	free(buf);
	pthread_mutex_destroy(&c.mu);
	pthread_cond_destroy(&c.moved);
	*done = hashed;
	if (err != 0) {
		/* Nothing copied and the kernel cannot: the caller falls back
		 * to reading and writing. */
		if (hashed == 0 && (err == EXDEV || err == EINVAL ||
		    err == ENOSYS || err == EOPNOTSUPP))
			return 1;
		errno = err;
		rc = -1;
	}
	return rc;
}

/* writehash: the caller's side and the thread's share the mutex.  The
 * slots form a ring: the caller fills slot[head % SLOTS], the thread
 * writes and hashes slot[tail % SLOTS]; head - tail are full. */
#define SLOTS 4
#define SLOT (256 << 10)        /* at most one write(2): fits in L2 */
#define FLUSH_STEP (16 << 20)   /* the write-back started every */

struct writehash {
	int fd;
	struct evp_md_ctx_st *h;
	pthread_t t;
	pthread_mutex_t mu;
	pthread_cond_t filled;  /* a slot was filled, or the caller ended */
	pthread_cond_t emptied; /* a slot was emptied, or the thread failed */
	unsigned char *slot[SLOTS];
	size_t len[SLOTS];
	unsigned head, tail;
	int ended;              /* the caller is done: write what is left */
	int abandoned;          /* the caller gave up: stop */
	int err;                /* errno of a failed write, or 0 */
	uint64_t written;       /* bytes written and hashed */
};

/* Writes the n bytes at p to fd; 0 or an errno. */
static int
write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void *
write_slots(void *arg)
{
	struct writehash *wh = arg;
	uint64_t flushed = 0;
	int err = 0;

	for (;;) {
		unsigned i;

		pthread_mutex_lock(&wh->mu);
		while (wh->tail == wh->head && !wh->ended && !wh->abandoned)
			pthread_cond_wait(&wh->filled, &wh->mu);
		if (wh->abandoned || wh->tail == wh->head) {
			pthread_mutex_unlock(&wh->mu);
			break;
		}
		i = wh->tail % SLOTS;
		pthread_mutex_unlock(&wh->mu);
		if ((err = write_all(wh->fd, wh->slot[i], wh->len[i])) == 0) {
			EVP_DigestUpdate(wh->h, wh->slot[i], wh->len[i]);
			wh->written += wh->len[i];
		}
		/* The disk starts on each FLUSH_STEP as the next is
		 * written, so that the caller's fsync at the end waits for
		 * little.  Only a hint: an error here is fsync's. */
		if (err == 0 && wh->written - flushed >= FLUSH_STEP) {
			(void)sync_file_range(wh->fd, (off_t)flushed,
			    (off_t)(wh->written - flushed), SYNC_FILE_RANGE_WRITE);
			flushed = wh->written;
		}
		pthread_mutex_lock(&wh->mu);
		wh->err = err;
		wh->tail++;
		pthread_cond_signal(&wh->emptied);
		pthread_mutex_unlock(&wh->mu);
		if (err != 0)
			break;
	}
	return NULL;
}

struct writehash *
writehash_start(int fd, struct evp_md_ctx_st *h)
{
	struct writehash *wh = calloc(1, sizeof *wh);
	int err = ENOMEM, i;

	if (wh == NULL)
		return NULL;
	wh->fd = fd;
	wh->h = h;
	for (i = 0; i < SLOTS; i++)
		if ((wh->slot[i] = malloc(SLOT)) == NULL)
			goto fail;
	pthread_mutex_init(&wh->mu, NULL);
	pthread_cond_init(&wh->filled, NULL);
	pthread_cond_init(&wh->emptied, NULL);
	if ((err = pthread_create(&wh->t, NULL, write_slots, wh)) == 0)
		return wh;
	pthread_mutex_destroy(&wh->mu);
	pthread_cond_destroy(&wh->filled);
	pthread_cond_destroy(&wh->emptied);
fail:
	for (i = 0; i < SLOTS; i++)
		free(wh->slot[i]);
	free(wh);
	errno = err;
	return NULL;
}

int
writehash_write(struct writehash *wh, const void *buf, size_t n)
{
	const unsigned char *p = buf;
	int err = 0;

	while (n > 0 && err == 0) {
		size_t m = n < SLOT ? n : SLOT;
		unsigned i;

		pthread_mutex_lock(&wh->mu);
		while (wh->err == 0 && wh->head - wh->tail == SLOTS)
			pthread_cond_wait(&wh->emptied, &wh->mu);
		err = wh->err;
		i = wh->head % SLOTS;
		pthread_mutex_unlock(&wh->mu);
		if (err != 0)
			break;
		/* A copy: the caller's buffer is its own again on return,
		 * while the thread writes and hashes the slot. */
		memcpy(wh->slot[i], p, m);
		wh->len[i] = m;
		pthread_mutex_lock(&wh->mu);
		wh->head++;
		pthread_cond_signal(&wh->filled);
		pthread_mutex_unlock(&wh->mu);
		p += m;
		n -= m;
	}
	return err;
}

int
writehash_end(struct writehash *wh, int abandon, uint64_t *written)
{
	int err;

	pthread_mutex_lock(&wh->mu);
	wh->ended = 1;
	wh->abandoned = abandon;
	pthread_cond_signal(&wh->filled);
	pthread_mutex_unlock(&wh->mu);
	pthread_join(wh->t, NULL);
	*written = wh->written;
	err = wh->err;
	pthread_mutex_destroy(&wh->mu);
	pthread_cond_destroy(&wh->filled);
	pthread_cond_destroy(&wh->emptied);
	for (int i = 0; i < SLOTS; i++)
		free(wh->slot[i]);
	free(wh);
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}
