/* bag_sign.c: archive-verify's authenticity: the signatures of the
 * checkpoint (data/checkpoint.txt, a C2SP signed note) and of the seal
 * (seal.sig, a signature line over tagmanifest-sha256.txt; seal-sm2.sig,
 * an SM2 signature over tagmanifest-sm3.txt, when the bag has one), held
 * against the Ed25519 public keys given with --key or, without, those
 * the bag carries in data/keys/ (which prove only that the bag is
 * whole, hence the warning). */
#include <stdlib.h>
#include <string.h>

#include "bag.h"
#include "bag_gm.h"
#include "bag_verify.h"

enum { MAXKEYS = 64 };

/* A PEM public key (RFC 8410 SubjectPublicKeyInfo) into pub. */
static int
pem_public(const char *text, size_t n, unsigned char pub[KEY_PUB])
{
	static const unsigned char spki[12] = { 0x30, 0x2a, 0x30, 0x05, 0x06,
	    0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };
	const char *begin = "-----BEGIN PUBLIC KEY-----\n";
	unsigned char der[64];
	char b64[128];
	const char *p;
	size_t len = 0;

	if (n < strlen(begin) || strncmp(text, begin, strlen(begin)) != 0)
		return -1;
	for (p = text + strlen(begin); p < text + n && *p != '-'; p++)
		if (*p != '\n' && *p != '\r' && len + 1 < sizeof b64)
			b64[len++] = *p;
	b64[len] = '\0';
	if (base64_decode(b64, der, sizeof der) != sizeof spki + KEY_PUB ||
	    memcmp(der, spki, sizeof spki) != 0)
		return -1;
	memcpy(pub, der + sizeof spki, KEY_PUB);
	return 0;
}

/* Key file path: an Ed25519 public key into pub, or an SM2 one, whose
 * PEM text goes into sm2 (allocated). */
static int
key_file(const char *path, unsigned char pub[KEY_PUB], char **sm2)
{
	char buf[4096];
	size_t n;
	FILE *fp = fopen(path, "r");

	*sm2 = NULL;
	if (fp == NULL)
		return ct_fail(CT_USAGE, "cannot read key %s", path);
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if (pem_public(buf, n, pub) == 0)
		return CT_OK;
	if (sm2_is_public(buf, n)) {
		if ((*sm2 = strdup(buf)) == NULL)
			return ct_fail(CT_SYSTEM, "out of memory");
		return CT_OK;
	}
	return ct_fail(CT_USAGE, "%s is not an Ed25519 or SM2 public key "
	    "(PEM)", path);
}

/* Whether signature line (n bytes) holds over msg with one of the keys. */
static int
line_holds(const char *line, size_t n, const char *msg, size_t mlen,
    unsigned char (*pub)[KEY_PUB], int npub, char *who, size_t cap)
{
	unsigned char raw[4 + KEY_SIG], hash[4];

	if (note_signature_parse(line, n, who, cap, raw) != CT_OK)
		return 0;
	for (int i = 0; i < npub; i++) {
		note_key_hash(who, pub[i], hash);
		if (memcmp(hash, raw, 4) == 0 && key_verify(pub[i], msg, mlen,
		    raw + 4, KEY_SIG))
			return 1;
	}
	return 0;
}

/* The checkpoint's text and its signature lines, each to hold. */
static void
checkpoint_signed(const struct vfile *c, unsigned char (*pub)[KEY_PUB],
    int npub, char *why)
{
	const char *sep = c ? strstr(c->data, "\n\n") : NULL;
	char who[400];
	int lines = 0;

	if (sep == NULL) {
		snprintf(why, BAG_FAULT, "data/checkpoint.txt is not signed");
		return;
	}
	for (const char *p = sep + 2, *nl; *p != '\0'; p = nl + 1, lines++) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p) - 1;
		if (!line_holds(p, (size_t)(nl - p), c->data,
		    (size_t)(sep - c->data + 1), pub, npub, who, sizeof who)) {
			snprintf(why, BAG_FAULT, "a signature of "
			    "data/checkpoint.txt does not hold with the keys");
			return;
		}
	}
	if (lines == 0)
		snprintf(why, BAG_FAULT, "data/checkpoint.txt is not signed");
}

/* seal-sm2.sig, if the bag has one: it holds over tagmanifest-sm3.txt
 * with one of the SM2 keys given, or with none given one in data/keys/
 * (which the SHA-256 manifests, and so seal.sig, cover). */
static void
sm2_sealed(const struct vbag *v, char *const *sm2, int nsm2, char *why)
{
	const struct vfile *sig = vbag_find(v, BAG_SM2_SIG);
	const struct vfile *tm = vbag_find(v, "tagmanifest-sm3.txt");
	int holds = 0;

	if (sig == NULL)
		return;
	for (int i = 0; i < nsm2 && tm != NULL && !holds; i++)
		holds = sm2_verify(sm2[i], strlen(sm2[i]), tm->data, tm->len,
		    (const unsigned char *)sig->data, sig->len);
	for (int i = 0; i < v->n && nsm2 == 0 && tm != NULL && !holds; i++) {
		size_t n = strlen(v->f[i].path);

		if (strncmp(v->f[i].path, "data/keys/", 10) == 0 && n > 8 &&
		    strcmp(v->f[i].path + n - 8, ".sm2.pem") == 0)
			holds = sm2_verify(v->f[i].data, v->f[i].len, tm->data,
			    tm->len, (const unsigned char *)sig->data, sig->len);
	}
	if (!holds)
		snprintf(why, BAG_FAULT, "%s does not hold over "
		    "tagmanifest-sm3.txt with the SM2 keys", BAG_SM2_SIG);
}

int
bag_authentic(const struct vbag *v, const char *const *keys, int nkeys,
    FILE *err, char *why)
{
	unsigned char pub[MAXKEYS][KEY_PUB];
	const struct vfile *sig = vbag_find(v, BAG_SIG);
	const struct vfile *tm = vbag_find(v, "tagmanifest-sha256.txt");
	char who[400], *sm2[MAXKEYS];
	int npub = 0, nsm2 = 0, rc = CT_OK;

	for (int i = 0; i < nkeys && npub < MAXKEYS && rc == CT_OK; i++)
		if ((rc = key_file(keys[i], pub[npub], &sm2[nsm2])) == CT_OK) {
			if (sm2[nsm2] != NULL)
				nsm2++;
			else
				npub++;
		}
	if (rc != CT_OK)
		goto done;
	if (nkeys == 0) {
		for (int i = 0; i < v->n && npub < MAXKEYS; i++)
			if (strncmp(v->f[i].path, "data/keys/", 10) == 0 &&
			    pem_public(v->f[i].data, v->f[i].len, pub[npub]) == 0)
				npub++;
		fprintf(err, "archive-verify: warning: the keys in the archive "
		    "are trusted (--key names keys kept elsewhere)\n");
	}
	checkpoint_signed(vbag_find(v, "data/checkpoint.txt"), pub, npub, why);
	if (why[0] != '\0')
		goto done;
	if (sig == NULL || tm == NULL || sig->len == 0 ||
	    sig->data[sig->len - 1] != '\n' || !line_holds(sig->data,
	    sig->len - 1, tm->data, tm->len, pub, npub, who, sizeof who))
		snprintf(why, BAG_FAULT, "seal.sig does not hold over "
		    "tagmanifest-sha256.txt with the keys");
	else
		sm2_sealed(v, sm2, nsm2, why);
done:
	for (int i = 0; i < nsm2; i++)
		free(sm2[i]);
	return rc;
}
