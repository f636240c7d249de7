/* signed-insert DB TEXT: the least a signed append can cost, for
 * bench/log-loop to show how much of case-log's time is its own.  What
 * every writing invocation must do and no more: load libcrypto and
 * libsqlite3, make an Ed25519 key, sign TEXT, hash it with SHA-256, and
 * insert one row into the WAL database DB (table t of three columns),
 * durably.  The key is a fixed throw-away one.  A benchmark tool only:
 * built by `make bench`, never installed. */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sqlite3.h>

int
main(int argc, char *argv[])
{
	static const unsigned char seed[32] = { 1 };
	unsigned char sig[64], hash[32];
	size_t siglen = sizeof sig;
	EVP_PKEY *key;
	EVP_MD_CTX *ctx;
	sqlite3 *db;
	sqlite3_stmt *ins;
	int ok;

	if (argc != 3) {
		fprintf(stderr, "usage: signed-insert db text\n");
		return 2;
	}
	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
	key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed,
	    sizeof seed);
	ctx = EVP_MD_CTX_new();
	ok = key != NULL && ctx != NULL &&
	    EVP_DigestSignInit(ctx, NULL, NULL, NULL, key) == 1 &&
	    EVP_DigestSign(ctx, sig, &siglen, (unsigned char *)argv[2],
	    strlen(argv[2])) == 1 &&
	    EVP_Digest(argv[2], strlen(argv[2]), hash, NULL, EVP_sha256(),
	    NULL) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(key);
	if (!ok) {
		fprintf(stderr, "signed-insert: cannot sign\n");
		return 1;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?, ?)", -1, &ins,
	    NULL) != SQLITE_OK) {
		fprintf(stderr, "signed-insert: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	sqlite3_bind_text(ins, 1, argv[2], -1, SQLITE_STATIC);
	sqlite3_bind_blob(ins, 2, sig, (int)siglen, SQLITE_STATIC);
	sqlite3_bind_blob(ins, 3, hash, sizeof hash, SQLITE_STATIC);
	ok = sqlite3_step(ins) == SQLITE_DONE;
	sqlite3_finalize(ins);
	ok = ok && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
	if (!ok)
		fprintf(stderr, "signed-insert: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
	return ok ? 0 : 1;
}
