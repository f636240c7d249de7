/* bag_tsr.c: an RFC 3161 timestamp over an archive, archive-verify's
 * part of authenticity.  The timestamp is over the archive file's
 * SHA-256, the hash the seal entry records, and is kept beside it
 * (ARCHIVE.tsr), not in it: anything put inside would change the bytes
 * the seal recorded and that --again writes again.  It is asked of a
 * time-stamping authority after the seal, as archive-seal(1) shows with
 * openssl ts.  Checked here with OpenSSL's TS API: the response is
 * granted, its imprint is the archive's SHA-256, and, given the TSA's
 * CA certificates, its signature holds; without them, a warning. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "bag.h"
#include "bag_verify.h"

enum { CHUNK = 256 * 1024, TSR_MAX = 1 << 20 };

/* The SHA-256 of the file at path into h. */
static int
file_sha256(const char *path, unsigned char h[CT_HASH])
{
	FILE *fp = fopen(path, "rb");
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	char *buf = malloc(CHUNK);
	size_t n;
	int ok = fp != NULL && md != NULL && buf != NULL &&
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL);

	while (ok && (n = fread(buf, 1, CHUNK, fp)) > 0)
		EVP_DigestUpdate(md, buf, n);
	ok = ok && !ferror(fp) && EVP_DigestFinal_ex(md, h, NULL);
	if (fp != NULL)
		fclose(fp);
	EVP_MD_CTX_free(md);
	free(buf);
	return ok;
}

/* The response at path, if it is one and not past TSR_MAX bytes. */
static TS_RESP *
tsr_read(const char *path)
{
	struct stat sb;
	TS_RESP *r = NULL;
	BIO *in;

	if (stat(path, &sb) != 0 || sb.st_size > TSR_MAX ||
	    (in = BIO_new_file(path, "rb")) == NULL)
		return NULL;
	r = d2i_TS_RESP_bio(in, NULL);
	BIO_free(in);
	return r;
}

/* A verify context for the archive's imprint h, with the CA file ca or
 * without a signature check. */
static TS_VERIFY_CTX *
tsr_context(const unsigned char h[CT_HASH], const char *ca)
{
	TS_VERIFY_CTX *c = TS_VERIFY_CTX_new();
	unsigned char *imprint = OPENSSL_memdup(h, CT_HASH);
	X509_STORE *store = NULL;
	int flags = TS_VFY_VERSION | TS_VFY_IMPRINT;

	if (c == NULL || imprint == NULL) {
		TS_VERIFY_CTX_free(c);
		OPENSSL_free(imprint);
		return NULL;
	}
	TS_VERIFY_CTX_set_imprint(c, imprint, CT_HASH);
	if (ca != NULL) {
		if ((store = X509_STORE_new()) == NULL ||
		    X509_STORE_load_file(store, ca) != 1) {
			X509_STORE_free(store);
			TS_VERIFY_CTX_free(c);
			return NULL;
		}
		TS_VERIFY_CTX_set_store(c, store);
		flags |= TS_VFY_SIGNATURE;
	}
	TS_VERIFY_CTX_set_flags(c, flags);
	return c;
}

int
bag_timestamp(const char *archive, const char *tsr, const char *ca,
    FILE *err, char *why)
{
	unsigned char h[CT_HASH];
	TS_RESP *r;
	TS_VERIFY_CTX *c;
	TS_TST_INFO *info;
	int nid;

	if ((r = tsr_read(tsr)) == NULL) {
		snprintf(why, BAG_FAULT, "%s is not an RFC 3161 timestamp "
		    "response", tsr);
		return CT_OK;
	}
	if (!file_sha256(archive, h)) {
		TS_RESP_free(r);
		return ct_fail(CT_SYSTEM, "cannot read %s", archive);
	}
	if ((c = tsr_context(h, ca)) == NULL) {
		TS_RESP_free(r);
		return ct_fail(CT_USAGE, "cannot read the TSA certificates in %s",
		    ca ? ca : "(none)");
	}
	info = TS_RESP_get_tst_info(r);
	nid = info ? OBJ_obj2nid(TS_MSG_IMPRINT_get_algo(
	    TS_TST_INFO_get_msg_imprint(info))->algorithm) : NID_undef;
	if (nid != NID_sha256 || TS_RESP_verify_response(c, r) != 1)
		snprintf(why, BAG_FAULT, "the timestamp %s does not hold over "
		    "the archive's SHA-256%s", tsr, ca ? " with the TSA's "
		    "certificates" : "");
	else if (ca == NULL)
		fprintf(err, "archive-verify: warning: the timestamp's signature "
		    "is not checked (--tsa-ca names the TSA's certificates)\n");
	TS_VERIFY_CTX_free(c);
	TS_RESP_free(r);
	return CT_OK;
}
