/* bag_build.c: the bag of a case, as casetrail-formats(5) lays it out:
 * data/ with the case record, its journal entries and the publish and
 * withdraw entries that concern it, an inclusion proof of each against
 * the signed checkpoint of the seal, that checkpoint, the keys that
 * signed, the evidence list and files, and the summary; then bagit.txt,
 * bag-info.txt with the archival metadata (archive number, title, dates,
 * retention, classification) and the SHA-256 manifests (and with gm the
 * SM3 ones).  Everything but
 * the evidence is small and made in memory; the evidence is named here
 * and streamed by bag_write.c. */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "bag.h"
#include "bag_gm.h"

/* One text that SQLite makes from the case (?1) and tree size (?2). */
static int
add_sql(struct ct_store *st, struct bag *b, const char *path, const char *sql)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the case");
	sqlite3_bind_text(s, 1, b->case_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *t = sql_text(s, 0);
		size_t n = strlen(t);
		char *line = malloc(n + 2);

		if (line == NULL) {
			sqlite3_finalize(s);
			return ct_fail(CT_SYSTEM, "out of memory");
		}
		/* The line and its newline; bag_add takes n bytes, no NUL. */
		snprintf(line, n + 2, "%s\n", t);
		n++;
		rc = bag_add(b, path, line, n, NULL, 0);
		free(line);
	} else {
		rc = ct_fail(CT_NOTFOUND, "cannot find case '%s'", b->case_id);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Its record as it stood when sealed: closed, in its closing stage. */
static const char case_sql[] = "SELECT json_object('id',id,'type',type,"
    "'title',title,'party',party,'party_kind',party_kind,'party_id',"
    "party_id,'basis',basis,'status','closed','stage',stage,'filed_at',"
    "filed_at,'decided_at',decided_at,'closed_at',closed_at,'handlers',"
    "(SELECT json_group_array(officer) FROM (SELECT officer FROM "
    "case_handler WHERE case_id = ?1 ORDER BY officer))) FROM cases "
    "WHERE id = ?1";
static const char evidence_sql[] = "SELECT json_group_array(json_object("
    "'file','evidence/' || id,'id',id,'name',name,'kind',kind,'size',size,"
    "'stage',stage,'collected_at',collected_at,'location',location,"
    "'officers',json(officers),'note',note,'seq',seq)) FROM (SELECT * "
    "FROM evidence WHERE case_id = ?1 ORDER BY seq, id)";

/* The entries of the case in the tree of the seal: its own, then the
 * publish and withdraw entries that concern it (publish.h), which are
 * no case's entries.  ?1 the case, ?2 the tree size. */
static const char journal_sql[] = "SELECT seq, line FROM journal WHERE "
    "case_id = ?1 AND seq <= ?2 ORDER BY seq";
static const char publication_sql[] = "SELECT seq, line FROM journal "
    "WHERE seq IN (SELECT seq FROM publication WHERE case_id = ?1 UNION "
    "SELECT seq FROM withdrawal WHERE case_id = ?1) AND seq <= ?2 "
    "ORDER BY seq";

/* The proof of entry seq in the tree of the seal, as data/proofs/SEQ.txt. */
static int
add_proof(struct ct_store *st, struct bag *b, int64_t seq)
{
	char *ptext = NULL, path[64];
	size_t pn = 0;
	struct proof p;
	FILE *pf;
	int rc;

	if ((rc = proof_make(st, seq, b->seal.tree_size, &p))) {
		proof_free(&p);
		return rc;
	}
	if ((pf = open_memstream(&ptext, &pn)) == NULL) {
		rc = ct_fail(CT_SYSTEM, "out of memory");
	} else {
		rc = proof_write(&p, pf);
		if (fclose(pf) != 0 && rc == CT_OK)
			rc = ct_fail(CT_SYSTEM, "cannot write a proof");
	}
	proof_free(&p);
	snprintf(path, sizeof path, "data/proofs/%012lld.txt", (long long)seq);
	if (rc == CT_OK)
		rc = bag_add(b, path, ptext, pn, NULL, 0);
	free(ptext);
	return rc;
}

/* The entries sql selects, one line each, as file; each one's inclusion
 * proof in the tree of the seal beside them in data/proofs/. */
static int
add_entries(struct ct_store *st, struct bag *b, const char *file,
    const char *sql)
{
	char *text = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&text, &n);
	sqlite3_stmt *s = NULL;
	int rc = CT_OK;

	if (fp == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL)) {
		fclose(fp);
		free(text);
		return ct_fail_sqlite(st->db, "cannot read the journal");
	}
	sqlite3_bind_text(s, 1, b->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)b->seal.tree_size);
	while (rc == CT_OK && sqlite3_step(s) == SQLITE_ROW) {
		fprintf(fp, "%s\n", sql_text(s, 1));
		rc = add_proof(st, b, sqlite3_column_int64(s, 0));
	}
	sqlite3_finalize(s);
	if (fclose(fp) && rc == CT_OK)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	if (rc == CT_OK)
		rc = bag_add(b, file, text, n, NULL, 0);
	free(text);
	return rc;
}

/* A public key as PEM (RFC 8410 SubjectPublicKeyInfo), as openssl
 * pkey -pubin reads it. */
static int
add_key(struct bag *b, const char *officer, const unsigned char *pub)
{
	static const unsigned char spki[12] = { 0x30, 0x2a, 0x30, 0x05, 0x06,
	    0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };
	unsigned char der[44];
	char b64[64], text[160], path[128], id[KEY_ID_LEN + 1];

	memcpy(der, spki, sizeof spki);
	memcpy(der + sizeof spki, pub, KEY_PUB);
	key_id_of(pub, id);
	snprintf(path, sizeof path, "data/keys/%s.%s.pem", officer, id);
	for (int i = 0; i < b->n; i++)
		if (strcmp(b->f[i].path, path) == 0)
			return CT_OK;
	snprintf(text, sizeof text, "-----BEGIN PUBLIC KEY-----\n%s\n"
	    "-----END PUBLIC KEY-----\n", base64_encode(der, sizeof der, b64));
	return bag_add(b, path, text, strlen(text), NULL, 0);
}

/* data/checkpoint.txt: the signed checkpoint of the seal's tree, and the
 * key that signed it. */
static int
add_checkpoint(struct ct_store *st, struct bag *b)
{
	struct checkpoint c;
	char buf[1024], name[400];
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT c.root, c.officer, c.signature, "
	    "k.public_key, c.at FROM checkpoint c JOIN officer_key k ON "
	    "k.key_id = c.key_id WHERE c.size = ?1 AND c.signature IS NOT NULL",
	    -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the checkpoints");
	sqlite3_bind_int64(s, 1, (sqlite3_int64)b->seal.tree_size);
	if (sqlite3_step(s) != SQLITE_ROW || sqlite3_column_bytes(s, 0) !=
	    CT_HASH || sqlite3_column_bytes(s, 2) != KEY_SIG ||
	    sqlite3_column_bytes(s, 3) != KEY_PUB) {
		sqlite3_finalize(s);
		return ct_fail(CT_SYSTEM, "no signed checkpoint of size %llu",
		    (unsigned long long)b->seal.tree_size);
	}
	memset(&c, 0, sizeof c);
	snprintf(c.origin, sizeof c.origin, "%s", st->origin);
	c.size = b->seal.tree_size;
	memcpy(c.root, sqlite3_column_blob(s, 0), CT_HASH);
	checkpoint_set_time(st, &c, (const char *)sqlite3_column_text(s, 4));
	checkpoint_format(&c, buf, sizeof buf);
	snprintf(name, sizeof name, "%s/%s", st->origin, sql_text(s, 1));
	snprintf(b->signer, sizeof b->signer, "%s", sql_text(s, 1));
	strcat(buf, "\n");
	note_signature_line(name, sqlite3_column_blob(s, 3),
	    sqlite3_column_blob(s, 2), buf + strlen(buf),
	    sizeof buf - strlen(buf));
	rc = bag_add(b, "data/checkpoint.txt", buf, strlen(buf), NULL, 0);
	if (rc == CT_OK)
		rc = add_key(b, b->signer, sqlite3_column_blob(s, 3));
	sqlite3_finalize(s);
	return rc;
}

static int
add_evidence(struct ct_store *st, struct bag *b)
{
	sqlite3_stmt *s;
	char path[128];
	int rc = CT_OK;

	if (sqlite3_prepare_v2(st->db, "SELECT DISTINCT id, size FROM evidence "
	    "WHERE case_id = ?1 ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the evidence");
	sqlite3_bind_text(s, 1, b->case_id, -1, SQLITE_STATIC);
	while (rc == CT_OK && sqlite3_step(s) == SQLITE_ROW) {
		snprintf(path, sizeof path, "data/evidence/%s", sql_text(s, 0));
		rc = bag_add(b, path, NULL, 0, sql_text(s, 0),
		    (uint64_t)sqlite3_column_int64(s, 1));
	}
	sqlite3_finalize(s);
	return rc;
}

/* data/keys/OFFICER.sm2.pem: the archivist's SM2 public key, which the
 * SHA-256 manifests and so seal.sig cover. */
static int
add_sm2_key(struct bag *b)
{
	char *pem = NULL, path[128];
	size_t n = 0;
	int rc;

	if ((rc = sm2_public_pem(b->sm2, &pem, &n)))
		return rc;
	snprintf(path, sizeof path, "data/keys/%s.sm2.pem", b->seal.officer);
	rc = bag_add(b, path, pem, n, NULL, 0);
	free(pem);
	return rc;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(((const struct bag_file *)a)->path,
	    ((const struct bag_file *)b)->path);
}

/* "12.3 MB", as BagIt's Bag-Size is meant for people. */
static void
human_size(uint64_t n, char *buf, size_t cap)
{
	static const char *const unit[] = { "B", "KB", "MB", "GB", "TB" };
	double v = (double)n;
	int u = 0;

	while (v >= 1000 && u < 4) {
		v /= 1000;
		u++;
	}
	snprintf(buf, cap, u == 0 ? "%.0f %s" : "%.1f %s", v, unit[u]);
}

static const char bagit_txt[] = "BagIt-Version: 1.0\n"
    "Tag-File-Character-Encoding: UTF-8\n";

static int add_manifests(struct bag *b, int first_tag);

/* The archival metadata of bag-info.txt (casetrail-formats(5)): the
 * archive number (档号), the case's title and its dates as local days,
 * the retention (保管期限) and the classification (密级): casetrail holds
 * no state secrets, so every archive is 非密. */
static int
info_archival(struct ct_store *st, struct bag *b, FILE *fp)
{
	sqlite3_stmt *s;
	const char *code = retention_code(b->seal.retention);

	if (sqlite3_prepare_v2(st->db, "SELECT replace(replace(title, "
	    "char(10), ' '), char(13), ' '), substr(ct_local(filed_at), 1, 10), "
	    "substr(ct_local(closed_at), 1, 10) FROM cases WHERE id = ?1", -1,
	    &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the case");
	sqlite3_bind_text(s, 1, b->case_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ct_fail(CT_NOTFOUND, "cannot find case '%s'", b->case_id);
	}
	fprintf(fp, "Archive-Number: %s\nTitle: %s\nDate-Filed: %s\n"
	    "Date-Closed: %s\nRetention: %s%s%s%s\nClassification: 非密\n",
	    b->seal.archive_no[0] ? b->seal.archive_no : "unset",
	    sql_text(s, 0), sql_text(s, 1), sql_text(s, 2), b->seal.retention,
	    code ? " (" : "", code ? code : "", code ? ")" : "");
	sqlite3_finalize(s);
	return CT_OK;
}

/* bagit.txt, bag-info.txt and the manifests. */
static int
add_tags(struct ct_store *st, struct bag *b)
{
	char *text = NULL, size[32], date[11], local[26];
	size_t n = 0;
	FILE *fp;
	time_t at;
	int rc, first_tag;

	if ((rc = time_from_utc(b->seal.at, &at)))
		return rc;
	b->oxum_bytes = 0;
	for (int i = 0; i < b->payload; i++)
		b->oxum_bytes += b->f[i].size;
	human_size(b->oxum_bytes, size, sizeof size);
	first_tag = b->n;
	if ((rc = bag_add(b, "bagit.txt", bagit_txt, sizeof bagit_txt - 1,
	    NULL, 0)))
		return rc;
	if ((fp = open_memstream(&text, &n)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	fprintf(fp, "Source-Organization: %s\nBagging-Date: %s\n"
	    "External-Identifier: %s\nPayload-Oxum: %llu.%d\nBag-Size: %s\n"
	    "Bag-Software-Agent: casetrail %s\nCasetrail-Sealed-At: %s\n"
	    "Casetrail-Archivist: %s\nCasetrail-Tree-Size: %llu\n",
	    st->conf.agency ? st->conf.agency : "(agency not set)",
	    time_local_date(at, date), b->case_id,
	    (unsigned long long)b->oxum_bytes, b->payload, size, CT_VERSION,
	    time_local(at, local), b->seal.officer,
	    (unsigned long long)b->seal.tree_size);
	if (b->gm)
		fprintf(fp, "Casetrail-SM2-ID: %s\n", SM2_ID);
	rc = info_archival(st, b, fp);
	if (fclose(fp) && rc == CT_OK)
		rc = ct_fail(CT_SYSTEM, "out of memory");
	if (rc) {
		free(text);
		return rc;
	}
	rc = bag_add(b, "bag-info.txt", text, n, NULL, 0);
	free(text);
	if (rc)
		return rc;
	return add_manifests(b, first_tag);
}

/* manifest-ALG.txt of the payload for SHA-256 (and SM3 with gm), then
 * tagmanifest-ALG.txt of the tag files from first_tag on, the payload
 * manifests among them. */
static int
add_manifests(struct bag *b, int first_tag)
{
	static const char *const name[2][2] = {
		{ "manifest-sha256.txt", "manifest-sm3.txt" },
		{ "tagmanifest-sha256.txt", "tagmanifest-sm3.txt" },
	};
	int tags_end = 0;

	for (int pass = 0; pass < 2; pass++) {
		int from = pass ? first_tag : 0, to = pass ? tags_end : b->payload;

		for (int alg = 0; alg < 1 + b->gm; alg++) {
			char *text = NULL;
			size_t n = 0;
			FILE *fp = open_memstream(&text, &n);
			int rc;

			if (fp == NULL)
				return ct_fail(CT_SYSTEM, "out of memory");
			for (int i = from; i < to; i++)
				fprintf(fp, "%s  %s\n", alg ? b->f[i].sm3 :
				    b->f[i].sha256, b->f[i].path);
			if (fclose(fp))
				return ct_fail(CT_SYSTEM, "out of memory");
			rc = bag_add(b, name[pass][alg], text, n, NULL, 0);
			free(text);
			if (rc)
				return rc;
		}
		tags_end = b->n;
	}
	return CT_OK;
}

int
bag_build(struct ct_store *st, struct bag *b)
{
	int rc;

	/* A new seal's retention and archive number; --again's are those
	 * its entry recorded. */
	if (b->seal.retention[0] == '\0' &&
	    (rc = seal_number(st, b->case_id, &b->seal)))
		return rc;
	if ((rc = add_sql(st, b, "data/case.json", case_sql)) ||
	    (rc = add_sql(st, b, "data/evidence.json", evidence_sql)) ||
	    (rc = add_entries(st, b, "data/journal.jsonl", journal_sql)) ||
	    (rc = add_entries(st, b, "data/publication.jsonl",
	    publication_sql)) || (rc = add_checkpoint(st, b)) ||
	    (rc = add_key(b, b->seal.officer, st->key.pub)) ||
	    (rc = add_evidence(st, b)) || (rc = bag_summary(st, b)) ||
	    (b->gm && (rc = add_sm2_key(b))))
		return rc;
	qsort(b->f, (size_t)b->n, sizeof *b->f, by_path);
	b->payload = b->n;
	if (b->gm && (rc = bag_gm_hash_evidence(st, b)))
		return rc;
	return add_tags(st, b);
}
