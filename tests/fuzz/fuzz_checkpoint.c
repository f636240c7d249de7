/* fuzz_checkpoint: checkpoint_parse over tlog-checkpoint note text.  What
 * it accepts must format and parse back to the same tree head.  Each line
 * after the first blank one goes to note_signature_parse, and what that
 * accepts must format back to the same line.  The whole input also goes
 * to key_parse_pem, the other text about keys. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* key_parse_pem, the private key file read without OpenSSL's PEM reader:
 * a key it reads, that reader must read too, and the same key. */
static void
key_file(const char *text, size_t size)
{
	EVP_PKEY *mine = key_parse_pem(text, size), *theirs;
	unsigned char a[32], b[32];
	size_t na = sizeof a, nb = sizeof b;
	BIO *bio;

	if (mine == NULL)
		return;
	if ((bio = BIO_new_mem_buf(text, (int)size)) == NULL)
		abort();
	theirs = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (theirs == NULL ||
	    !EVP_PKEY_get_raw_private_key(mine, a, &na) ||
	    !EVP_PKEY_get_raw_private_key(theirs, b, &nb) || na != nb ||
	    memcmp(a, b, na) != 0)
		abort();
	EVP_PKEY_free(mine);
	EVP_PKEY_free(theirs);
}

static void
signatures(const char *text, size_t size)
{
	const char *p = memmem(text, size, "\n\n", 2), *end = text + size, *nl;
	unsigned char raw[4 + KEY_SIG];
	char name[256], b64[128], back[512];

	for (p = p ? p + 2 : end; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (note_signature_parse(p, (size_t)(nl - p), name, sizeof name,
		    raw) != CT_OK)
			continue;
		snprintf(back, sizeof back, "\xe2\x80\x94 %s %s", name,
		    base64_encode(raw, sizeof raw, b64));
		if (strlen(back) != (size_t)(nl - p) ||
		    memcmp(back, p, (size_t)(nl - p)) != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct checkpoint c, back;
	char *copy, text[512];

	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if (checkpoint_parse(&c, copy, size) == CT_OK) {
		if (c.origin[0] == '\0' || strchr(c.origin, '\n') != NULL)
			abort();
		checkpoint_format(&c, text, sizeof text);
		if (checkpoint_parse(&back, text, strlen(text)) != CT_OK ||
		    strcmp(back.origin, c.origin) != 0 ||
		    back.size != c.size ||
		    memcmp(back.root, c.root, CT_HASH) != 0)
			abort();
	}
	signatures(copy, size);
	key_file(copy, size);
	free(copy);
	return 0;
}
