/* sign.c: officers' Ed25519 keys and the signatures on checkpoints.
 *
 * A private key lives with its officer, as ssh keeps one: a PEM PKCS#8
 * file (what `openssl genpkey -algorithm ed25519` writes) under
 * ${XDG_CONFIG_HOME:-$HOME/.config}/casetrail/keys/, refused when anyone
 * but its owner may read it.  The store keeps only public keys.  What is
 * signed is the checkpoint note text, so a signature can be checked by
 * any C2SP signed-note verifier given the officer's public key. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "internal.h"

static void
crypto_init(void)
{
	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
}

int
key_path(const char *officer, char *buf, size_t cap)
{
	const char *xdg = env_get(ENV_CONFIG_HOME), *home = env_get(ENV_HOME);
	int n;

	if (xdg != NULL && *xdg == '/')
		n = snprintf(buf, cap, "%s/casetrail/keys/%s.key", xdg, officer);
	else if (home != NULL && *home != '\0')
		n = snprintf(buf, cap, "%s/.config/casetrail/keys/%s.key", home,
		    officer);
	else
		return ct_fail(CT_SYSTEM, "neither XDG_CONFIG_HOME nor HOME is "
		    "set: no place for keys");
	if (n < 0 || (size_t)n >= cap)
		return ct_fail(CT_SYSTEM, "the key directory's path is too long");
	return CT_OK;
}

void
key_id_of(const unsigned char pub[KEY_PUB], char id[KEY_ID_LEN + 1])
{
	unsigned char h[CT_HASH];

	crypto_init();
	EVP_Digest(pub, KEY_PUB, h, NULL, EVP_sha256(), NULL);
	hex_encode(h, KEY_ID_LEN / 2, id);
}

/* Fills k's public key and ID from its private key. */
static int
key_fill(struct ct_key *k)
{
	size_t n = KEY_PUB;

	if (EVP_PKEY_get_id(k->pkey) != EVP_PKEY_ED25519 ||
	    !EVP_PKEY_get_raw_public_key(k->pkey, k->pub, &n) || n != KEY_PUB)
		return ct_fail(CT_USAGE, "%s is not an Ed25519 private key",
		    k->path);
	key_id_of(k->pub, k->id);
	return CT_OK;
}

EVP_PKEY *
key_parse_pem(const char *text, size_t n)
{
	/* RFC 8410: PKCS#8 of an Ed25519 seed is this prefix, then 32 bytes. */
	static const unsigned char prefix[16] = { 0x30, 0x2e, 0x02, 0x01, 0x00,
	    0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20 };
	static const char begin[] = "-----BEGIN PRIVATE KEY-----\n",
	    end[] = "\n-----END PRIVATE KEY-----\n";
	char b64[128];
	unsigned char der[96];
	size_t body;
	EVP_PKEY *pkey;

	if (n < sizeof begin + sizeof end - 2 || memcmp(text, begin,
	    sizeof begin - 1) != 0 || memcmp(text + n - (sizeof end - 1), end,
	    sizeof end - 1) != 0)
		return NULL;
	body = n - (sizeof begin - 1) - (sizeof end - 1);
	if (body >= sizeof b64)
		return NULL;
	memcpy(b64, text + sizeof begin - 1, body);
	b64[body] = '\0';
	if (base64_decode(b64, der, sizeof der) != 48 ||
	    memcmp(der, prefix, sizeof prefix) != 0) {
		OPENSSL_cleanse(b64, sizeof b64);
		return NULL;
	}
	crypto_init();
	pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL,
	    der + sizeof prefix, 32);
	OPENSSL_cleanse(der, sizeof der);
	OPENSSL_cleanse(b64, sizeof b64);
	return pkey;
}

static int load_file(struct ct_key *k, const char *officer);

int
key_load(struct ct_key *k, const char *officer)
{
	int rc;

	memset(k, 0, sizeof *k);
	if ((rc = key_path(officer, k->path, sizeof k->path)))
		return rc;
	return load_file(k, officer);
}

int
key_load_retired(struct ct_key *k, const char *officer, const char *id)
{
	size_t n;
	int rc;

	memset(k, 0, sizeof *k);
	if ((rc = key_path(officer, k->path, sizeof k->path)))
		return rc;
	n = strlen(k->path);
	if (n + 1 + strlen(id) >= sizeof k->path)
		return ct_fail(CT_SYSTEM, "the key's path is too long");
	snprintf(k->path + n, sizeof k->path - n, ".%s", id);
	return load_file(k, officer);
}

/* Reads the key file at k->path, officer's. */
static int
load_file(struct ct_key *k, const char *officer)
{
	struct stat sb;
	FILE *fp;
	char text[256];
	size_t n;
	int fd, rc;

	if ((fd = open(k->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		if (errno == ENOENT)
			return ct_fail(CT_NOTFOUND, "no private key for officer "
			    "'%s' in %s (officer-key makes one)", officer, k->path);
		return ct_fail(CT_SYSTEM, "cannot open %s: %s", k->path,
		    strerror(errno));
	}
	/* As ssh: a key others can read may be someone else's by now. */
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return ct_fail(CT_SYSTEM, "%s is not a key file", k->path);
	}
	if (sb.st_mode & 077) {
		close(fd);
		return ct_fail(CT_REFUSED, "permissions %04o for '%s' are too "
		    "open: a private key must be accessible by its owner only "
		    "(chmod 600 %s)", (unsigned)(sb.st_mode & 07777), k->path,
		    k->path);
	}
	if (sb.st_uid != geteuid()) {
		close(fd);
		return ct_fail(CT_REFUSED, "%s belongs to another user: a "
		    "private key must be its owner's", k->path);
	}
	if ((fp = fdopen(fd, "r")) == NULL) {
		close(fd);
		return ct_fail(CT_SYSTEM, "cannot read %s", k->path);
	}
	crypto_init();
	n = fread(text, 1, sizeof text, fp);
	if ((k->pkey = key_parse_pem(text, n)) == NULL) {
		rewind(fp);
		k->pkey = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
	}
	OPENSSL_cleanse(text, sizeof text);
	fclose(fp);
	if (k->pkey == NULL)
		return ct_fail(CT_USAGE, "%s is not a PEM private key", k->path);
	if ((rc = key_fill(k))) {
		key_free(k);
		return rc;
	}
	return CT_OK;
}

/* Makes the directories of path (mode 0700), like mkdir -p. */
static int
make_dirs(char *path)
{
	for (char *p = strchr(path + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			int e = errno;

			*p = '/';
			return ct_fail(CT_SYSTEM, "cannot create the key directory "
			    "for %s: %s", path, strerror(e));
		}
		*p = '/';
	}
	return CT_OK;
}

int
key_generate(struct ct_key *k, const char *officer)
{
	int rc;

	memset(k, 0, sizeof *k);
	if ((rc = key_path(officer, k->path, sizeof k->path)))
		return rc;
	crypto_init();
	if ((k->pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519")) == NULL)
		return ct_fail(CT_SYSTEM, "cannot make an Ed25519 key");
	if ((rc = key_fill(k))) {
		key_free(k);
		return rc;
	}
	return CT_OK;
}

/* Flushes the directory that holds path, so that a name made or changed
 * in it lasts a crash: a key file whose entry committed must be there. */
static int
sync_parent(const char *path)
{
	char dir[sizeof ((struct ct_key *)0)->path];
	char *slash;
	int fd, ok;

	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(dir, sizeof dir, ".");
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return ct_fail(CT_SYSTEM, "cannot flush %s: %s", dir,
		    strerror(errno));
	ok = fsync(fd) == 0;
	close(fd);
	return ok ? CT_OK : ct_fail(CT_SYSTEM, "cannot flush %s: %s", dir,
	    strerror(errno));
}

int
key_save(struct ct_key *k)
{
	char tmp[sizeof k->path + 16];
	FILE *fp;
	int fd, rc, ok;

	if ((rc = make_dirs(k->path)))
		return rc;
	/* Written whole under a temporary name, then linked: the key file
	 * is never half there, and an existing one is never replaced. */
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", k->path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		return ct_fail(CT_SYSTEM, "cannot create %s: %s", tmp,
		    strerror(errno));
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(tmp);
		return ct_fail(CT_SYSTEM, "cannot write %s", tmp);
	}
	ok = PEM_write_PrivateKey(fp, k->pkey, NULL, NULL, 0, NULL, NULL) &&
	    fflush(fp) == 0 && fsync(fd) == 0;
	ok &= fclose(fp) == 0;
	if (!ok) {
		unlink(tmp);
		return ct_fail(CT_SYSTEM, "cannot write %s", tmp);
	}
	if (link(tmp, k->path) != 0) {
		rc = ct_fail(errno == EEXIST ? CT_REFUSED : CT_SYSTEM,
		    "cannot create %s: %s", k->path, strerror(errno));
		unlink(tmp);
		return rc;
	}
	unlink(tmp);
	return sync_parent(k->path);
}

int
key_retire(const struct ct_key *old)
{
	char to[sizeof old->path + KEY_ID_LEN + 2];

	snprintf(to, sizeof to, "%s.%s", old->path, old->id);
	if (rename(old->path, to) != 0)
		return ct_fail(CT_SYSTEM, "cannot keep the old key as %s: %s", to,
		    strerror(errno));
	return sync_parent(to);
}

void
key_free(struct ct_key *k)
{
	EVP_PKEY_free(k->pkey);
	k->pkey = NULL;
}

int
key_sign(const struct ct_key *k, const void *msg, size_t n,
    unsigned char sig[KEY_SIG])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t len = KEY_SIG;
	int ok;

	ok = ctx != NULL && EVP_DigestSignInit(ctx, NULL, NULL, NULL,
	    k->pkey) == 1 && EVP_DigestSign(ctx, sig, &len, msg, n) == 1 &&
	    len == KEY_SIG;
	EVP_MD_CTX_free(ctx);
	return ok ? CT_OK : ct_fail(CT_SYSTEM, "cannot sign with %s", k->path);
}

int
key_verify(const unsigned char pub[KEY_PUB], const void *msg, size_t n,
    const unsigned char *sig, size_t siglen)
{
	EVP_PKEY *p;
	EVP_MD_CTX *ctx;
	int ok;

	if (siglen != KEY_SIG)
		return 0;
	crypto_init();
	if ((p = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub,
	    KEY_PUB)) == NULL)
		return 0;
	ctx = EVP_MD_CTX_new();
	ok = ctx != NULL && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, p) == 1
	    && EVP_DigestVerify(ctx, sig, siglen, msg, n) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(p);
	return ok;
}

/* C2SP signed-note: the key hash is the first four bytes of
 * SHA-256(name || "\n" || 0x01 || public key), 0x01 being Ed25519. */
void
note_key_hash(const char *name, const unsigned char pub[KEY_PUB],
    unsigned char out[4])
{
	unsigned char h[CT_HASH];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	crypto_init();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_DigestUpdate(ctx, name, strlen(name));
	EVP_DigestUpdate(ctx, "\n\x01", 2);
	EVP_DigestUpdate(ctx, pub, KEY_PUB);
	EVP_DigestFinal_ex(ctx, h, NULL);
	EVP_MD_CTX_free(ctx);
	memcpy(out, h, 4);
}

char *
note_signature_line(const char *name, const unsigned char pub[KEY_PUB],
    const unsigned char sig[KEY_SIG], char *buf, size_t cap)
{
	unsigned char raw[4 + KEY_SIG];
	char b64[((4 + KEY_SIG + 2) / 3) * 4 + 1];

	note_key_hash(name, pub, raw);
	memcpy(raw + 4, sig, KEY_SIG);
	snprintf(buf, cap, "\xe2\x80\x94 %s %s\n", name,
	    base64_encode(raw, sizeof raw, b64));
	return buf;
}
