/* bag_gm.h: SM3 and SM2 for a bag (bag_gm.c), for the seal and for
 * archive-verify. */
#ifndef CASETRAIL_BAG_GM_H
#define CASETRAIL_BAG_GM_H

#include <openssl/evp.h>

/* The SM2 distinguishing ID of GB/T 35276, the one every SM2 verifier
 * assumes: set explicitly, as OpenSSL 3's default is empty. */
#define SM2_ID "1234567812345678"
#define SM2_SIG_MAX 80          /* DER of two 256-bit integers */

#define BAG_SM2_SIG "seal-sm2.sig"

struct bag;
struct ct_store;

void sm3_hex(const void *data, size_t n, char hex[65]);
/* An SM3 digest context, or NULL if OpenSSL has no SM3. */
EVP_MD_CTX *sm3_start(void);
/* Each evidence file's SM3, streamed from the store. */
int bag_gm_hash_evidence(struct ct_store *st, struct bag *b);

/* The SM2 private key of officer, OFFICER.sm2.key beside his Ed25519
 * key; CT_REFUSED if he has none or others may read it. */
int sm2_key_load(const char *officer, EVP_PKEY **out);
/* Its public key as PEM, allocated. */
int sm2_public_pem(EVP_PKEY *k, char **text, size_t *len);
/* The DER signature of msg with SM3 and SM2_ID into sig (SM2_SIG_MAX). */
int sm2_sign(EVP_PKEY *k, const void *msg, size_t n, unsigned char *sig,
    size_t *len);
/* Whether sig holds over msg with the SM2 public key PEM (pn bytes). */
int sm2_verify(const char *pem, size_t pn, const void *msg, size_t n,
    const unsigned char *sig, size_t len);
/* Whether pem is an SM2 public key. */
int sm2_is_public(const char *pem, size_t pn);

#endif
