/* bag_gm.c: the national cryptography of a bag (archive-seal --gm):
 * SM3 (GB/T 32905) beside SHA-256 in the manifests, and an SM2 (GB/T
 * 32918) signature of the archivist over tagmanifest-sm3.txt, both
 * through OpenSSL 3.  The SM2 signature is made with SM3 and the
 * distinguishing ID of GB/T 35276, "1234567812345678", set explicitly:
 * OpenSSL's default ID is empty, which no other SM2 verifier assumes.
 *
 * The archivist's SM2 private key lives beside his Ed25519 one, as
 * OFFICER.sm2.key in the same directory, under the same rule (readable
 * by its owner only).  Its public key goes into the bag's data/keys/,
 * so the Ed25519 seal, over manifests that cover it, vouches for it. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "bag.h"
#include "bag_gm.h"

enum { CHUNK = 256 * 1024 };

void
sm3_hex(const void *data, size_t n, char hex[65])
{
	unsigned char h[CT_HASH];
	const EVP_MD *md = EVP_MD_fetch(NULL, "SM3", NULL);

	if (md == NULL || !EVP_Digest(data, n, h, NULL, md, NULL))
		memset(h, 0, sizeof h);
	EVP_MD_free((EVP_MD *)md);
	hex_encode(h, CT_HASH, hex);
}

EVP_MD_CTX *
sm3_start(void)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	EVP_MD *md = EVP_MD_fetch(NULL, "SM3", NULL);

	if (c == NULL || md == NULL || !EVP_DigestInit_ex(c, md, NULL)) {
		EVP_MD_CTX_free(c);
		c = NULL;
	}
	EVP_MD_free(md);
	return c;
}

/* Streams evidence object f through SM3 into f->sm3. */
static int
evidence_sm3(struct ct_store *st, struct bag_file *f, char *buf)
{
	unsigned char h[CT_HASH];
	EVP_MD_CTX *md;
	uint64_t size;
	ssize_t n;
	int fd, rc;

	if ((rc = evidence_open(st, f->evidence, &fd, &size)))
		return rc;
	if ((md = sm3_start()) == NULL) {
		close(fd);
		return ct_fail(CT_SYSTEM, "this OpenSSL has no SM3");
	}
	while ((n = read(fd, buf, CHUNK)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			EVP_DigestUpdate(md, buf, (size_t)n);
	EVP_DigestFinal_ex(md, h, NULL);
	EVP_MD_CTX_free(md);
	close(fd);
	if (n < 0)
		return ct_fail(CT_SYSTEM, "cannot read evidence %s", f->evidence);
	hex_encode(h, CT_HASH, f->sm3);
	return CT_OK;
}

int
bag_gm_hash_evidence(struct ct_store *st, struct bag *b)
{
	char *buf = malloc(CHUNK);
	int rc = CT_OK;

	if (buf == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	for (int i = 0; i < b->n && rc == CT_OK; i++)
		if (b->f[i].evidence[0] != '\0')
			rc = evidence_sm3(st, &b->f[i], buf);
	free(buf);
	return rc;
}

int
sm2_key_load(const char *officer, EVP_PKEY **out)
{
	char path[4200];
	struct stat sb;
	FILE *fp;
	size_t n;
	int rc, fd;

	*out = NULL;
	if ((rc = key_path(officer, path, sizeof path - 8)))
		return rc;
	n = strlen(path);
	snprintf(path + n - 4, sizeof path - n + 4, ".sm2.key");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return ct_fail(errno == ENOENT ? CT_REFUSED : CT_SYSTEM,
		    "no SM2 key for '%s' in %s (openssl genpkey -algorithm "
		    "SM2 makes one)", officer, path);
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (sb.st_mode & 077)
	    || sb.st_uid != geteuid() || (fp = fdopen(fd, "r")) == NULL) {
		close(fd);
		return ct_fail(CT_REFUSED, "%s must be a file its owner only "
		    "may read (chmod 600 %s)", path, path);
	}
	*out = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
	fclose(fp);
	if (*out == NULL || !EVP_PKEY_is_a(*out, "SM2")) {
		EVP_PKEY_free(*out);
		*out = NULL;
		return ct_fail(CT_USAGE, "%s is not an SM2 private key (PEM)",
		    path);
	}
	return CT_OK;
}

int
sm2_public_pem(EVP_PKEY *k, char **text, size_t *len)
{
	FILE *fp = open_memstream(text, len);
	int ok;

	if (fp == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	ok = PEM_write_PUBKEY(fp, k);
	if (fclose(fp) != 0 || !ok) {
		free(*text);
		*text = NULL;
		return ct_fail(CT_SYSTEM, "cannot write the SM2 public key");
	}
	return CT_OK;
}

/* A digest-sign or -verify context of key k with SM3 and the ID, into
 * c; its key context into p, for the caller to free after c (it is not
 * c's to free). */
static int
sm2_context(EVP_PKEY *k, int sign, EVP_MD_CTX **c, EVP_PKEY_CTX **p)
{
	*c = EVP_MD_CTX_new();
	*p = EVP_PKEY_CTX_new(k, NULL);
	if (*c == NULL || *p == NULL ||
	    EVP_PKEY_CTX_set1_id(*p, SM2_ID, strlen(SM2_ID)) <= 0)
		return 0;
	EVP_MD_CTX_set_pkey_ctx(*c, *p);
	return (sign ? EVP_DigestSignInit_ex(*c, NULL, "SM3", NULL, NULL, k,
	    NULL) : EVP_DigestVerifyInit_ex(*c, NULL, "SM3", NULL, NULL, k,
	    NULL)) > 0;
}

int
sm2_sign(EVP_PKEY *k, const void *msg, size_t n, unsigned char *sig,
    size_t *len)
{
	EVP_MD_CTX *c;
	EVP_PKEY_CTX *p;
	int ok = sm2_context(k, 1, &c, &p) &&
	    EVP_DigestSign(c, sig, len, msg, n) > 0;

	EVP_MD_CTX_free(c);
	EVP_PKEY_CTX_free(p);
	return ok ? CT_OK : ct_fail(CT_SYSTEM, "cannot make the SM2 signature");
}

/* Public key PEM text (pn bytes), or NULL if it is not an SM2 one. */
static EVP_PKEY *
sm2_public(const char *pem, size_t pn)
{
	BIO *bio = BIO_new_mem_buf(pem, (int)pn);
	EVP_PKEY *k = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;

	BIO_free(bio);
	if (k != NULL && !EVP_PKEY_is_a(k, "SM2")) {
		EVP_PKEY_free(k);
		k = NULL;
	}
	return k;
}

int
sm2_verify(const char *pem, size_t pn, const void *msg, size_t n,
    const unsigned char *sig, size_t len)
{
	EVP_PKEY *k = sm2_public(pem, pn);
	EVP_MD_CTX *c = NULL;
	EVP_PKEY_CTX *p = NULL;
	int ok = k != NULL && sm2_context(k, 0, &c, &p) &&
	    EVP_DigestVerify(c, sig, len, msg, n) == 1;

	EVP_MD_CTX_free(c);
	EVP_PKEY_CTX_free(p);
	EVP_PKEY_free(k);
	return ok;
}

int
sm2_is_public(const char *pem, size_t pn)
{
	EVP_PKEY *k = sm2_public(pem, pn);
	int ok = k != NULL;

	EVP_PKEY_free(k);
	return ok;
}
