/* copyhash.c: a durable copy of a regular file, hashed as it is copied,
 * on two cores.  A second thread has the kernel copy the file piece by
 * piece (copy_file_range) and starts the write-back of each piece; the
 * caller's thread hashes the copy as the pieces arrive, mapping them from
 * the page cache.  So what is hashed is what was stored, and the
 * copy, the hash and the disk all work at once: evidence-add of a large
 * video costs about as much as hashing it. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "internal.h"

#define PIECE (8 << 20)         /* what one copy_file_range asks for */
#define MAP_MAX (64 << 20)      /* the most mapped at once */

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
	long page = sysconf(_SC_PAGESIZE);
	int finished, err = 0, rc = 0;
	pthread_t t;

	pthread_mutex_init(&c.mu, NULL);
	pthread_cond_init(&c.moved, NULL);
	if ((err = pthread_create(&t, NULL, copy_pieces, &c)) != 0) {
		pthread_mutex_destroy(&c.mu);
		pthread_cond_destroy(&c.moved);
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
		/* Hashed straight from the page cache through a map: no
		 * copy into buf, which would cost a sixth of the hash. */
		while (hashed < avail) {
			uint64_t base = hashed & ~(uint64_t)(page - 1);
			size_t len = avail - base < MAP_MAX ? avail - base : MAP_MAX;
			unsigned char *m = mmap(NULL, len, PROT_READ,
			    MAP_SHARED | MAP_POPULATE, out, (off_t)base);

			if (m == MAP_FAILED) {
				err = errno;
				goto stop;
			}
			EVP_DigestUpdate(h, m + (hashed - base),
			    len - (size_t)(hashed - base));
			munmap(m, len);
			hashed = base + len;
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
