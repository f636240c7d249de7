/* verify_officers.c: store-verify's replay of officers' data as it
 * changes (officer-update, officer-restore), and the check of the
 * officer tables against it.  The replay keeps each officer's credentials
 * and ended revocations as the writer's tables keep them (schema version
 * 4), so that rule_qualified judges every later entry by the officer's
 * data at its time, as the writer did. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "verify.h"

/* The replayed officer id, or NULL: the tables' checks look up each
 * officer once, so a plain walk. */
static const struct vofficer *
replayed(const struct vrules *v, const char *id)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->o[i].c.id, id) == 0)
			return &v->o[i];
	return NULL;
}

/* A text column of the entry's fields (v->aux), or NULL if absent. */
static const char *
field(struct vrules *v, int col)
{
	return sqlite3_column_type(v->aux, col) == SQLITE_NULL ? NULL :
	    sql_text(v->aux, col);
}

const char *
vofficers_holder(const struct vrules *v, const char *credential,
    const struct vofficer *except)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct cred *c = &v->o[i].c;

		if (&v->o[i] == except)
			continue;
		if (strcmp(c->credential, credential) == 0)
			return c->id;
		for (size_t k = 0; k < c->npast; k++)
			if (strcmp(c->past[k].credential, credential) == 0)
				return c->id;
	}
	return NULL;
}

/* Gives o the credential of the entry's fields, issued by entry seq. */
static void
issue(struct vrules *v, struct vofficer *o, int64_t seq)
{
	struct cred *c = &o->c;

	snprintf(c->credential, sizeof c->credential, "%s", sql_text(v->aux, 1));
	snprintf(c->valid_from, sizeof c->valid_from, "%s", sql_text(v->aux, 2));
	snprintf(c->valid_until, sizeof c->valid_until, "%s",
	    sql_text(v->aux, 3));
	c->cred_seq = seq;
	o->data_seq = seq;
}

int
vofficers_change(struct vrules *v, struct verify_report *r, int64_t seq,
    const struct action *a, struct vofficer *o, const char *target)
{
	struct officer_claim k = { .name = field(v, 13),
	    .credential = field(v, 1), .valid_from = field(v, 2),
	    .valid_until = field(v, 3), .reason = field(v, 9),
	    .qualification = field(v, 14) };
	const char *at = sql_text(v->aux, 8);
	char *name = NULL;

	if (o == NULL)
		return verify_found(r, "entry %lld: %s of unknown officer '%s'",
		    (long long)seq, a->name, target);
	k.restore = strcmp(a->name, "officer-restore") == 0;
	if (k.credential != NULL)
		k.holder = vofficers_holder(v, k.credential, o);
	if ((k.name != NULL && utf8_check_field("name", k.name,
	    strlen(k.name), 256, 0) != CT_OK) ||
	    (k.credential != NULL && utf8_check_field("credential",
	    k.credential, strlen(k.credential), 64, 0) != CT_OK) ||
	    rule_officer_change(&o->c, &k) != CT_OK)
		return verify_found(r, "entry %lld: %s", (long long)seq,
		    ct_errmsg());
	if (k.name != NULL) {
		if ((name = strdup(k.name)) == NULL)
			return ct_fail(CT_SYSTEM, "out of memory");
		free(o->name);
		o->name = name;
		o->data_seq = seq;
	}
	if (!k.restore) {
		if (k.credential != NULL) {
			if (cred_add_past(&o->c, ""))
				return CT_SYSTEM;
			issue(v, o, seq);
		}
		return CT_OK;
	}
	/* The revocation withdrew every credential he held; it ends now. */
	for (size_t i = 0; i < o->c.npast; i++)
		if (o->c.past[i].withdrawn_at[0] == '\0')
			snprintf(o->c.past[i].withdrawn_at,
			    sizeof o->c.past[i].withdrawn_at, "%s",
			    o->c.revoked_at);
	if (cred_add_past(&o->c, o->c.revoked_at) ||
	    cred_add_gap(&o->c, at, seq))
		return CT_SYSTEM;
	o->c.revoked_at[0] = '\0';
	free(o->reason);
	o->reason = NULL;
	o->revoke_seq = 0;
	issue(v, o, seq);
	return CT_OK;
}

/* The credential of o issued by entry seq, or NULL. */
static const struct cred_past *
issued(const struct vofficer *o, int64_t seq, struct cred_past *now)
{
	const struct cred *c = &o->c;

	for (size_t i = 0; i < c->npast; i++)
		if (c->past[i].seq == seq)
			return &c->past[i];
	if (c->cred_seq != seq)
		return NULL;
	memcpy(now->credential, c->credential, sizeof now->credential);
	memcpy(now->valid_from, c->valid_from, sizeof now->valid_from);
	memcpy(now->valid_until, c->valid_until, sizeof now->valid_until);
	now->seq = seq;
	return now;
}

/* Every row of officer_credential is a credential the replay issued,
 * and each officer has as many rows as it issued him. */
static int
credentials(struct vrules *v, struct verify_report *r)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(v->st->db, "SELECT officer, credential, "
	    "valid_from, valid_until, seq, count(*) OVER w, row_number() OVER "
	    "w FROM officer_credential WINDOW w AS (PARTITION BY officer ORDER "
	    "BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) "
	    "ORDER BY officer, seq", -1, &s, NULL) !=
	    SQLITE_OK)
		return ct_fail_sqlite(v->st->db, "cannot read credentials");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && r->status == CT_OK) {
		const char *id = sql_text(s, 0);
		int64_t seq = sqlite3_column_int64(s, 4);
		const struct vofficer *o = replayed(v, id);
		const struct cred_past *p;
		struct cred_past now;

		if (o == NULL || (p = issued(o, seq, &now)) == NULL)
			verify_found(r, "officer %s: credential %s was issued by "
			    "no entry (%lld)", id, sql_text(s, 1), (long long)seq);
		else if (strcmp(p->credential, sql_text(s, 1)) != 0 ||
		    strcmp(p->valid_from, sql_text(s, 2)) != 0 ||
		    strcmp(p->valid_until, sql_text(s, 3)) != 0)
			verify_found(r, "officer %s: credential %s differs from "
			    "what entry %lld issued", id, sql_text(s, 1),
			    (long long)seq);
		else if (sqlite3_column_int64(s, 6) ==
		    sqlite3_column_int64(s, 5) &&
		    (size_t)sqlite3_column_int64(s, 5) != o->c.npast + 1)
			verify_found(r, "officer %s has %lld credentials in the "
			    "table, %zu issued in the journal", id,
			    (long long)sqlite3_column_int64(s, 5), o->c.npast + 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ct_fail_sqlite(v->st->db, "cannot read credentials");
	return CT_OK;
}

/* Every row of officer_restore is a restore the replay made, and each
 * officer has as many rows as he was restored. */
static int
restores(struct vrules *v, struct verify_report *r)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(v->st->db, "SELECT officer, revoked_at, "
	    "restored_at, seq, count(*) OVER w, row_number() OVER w FROM "
	    "officer_restore WINDOW w AS (PARTITION BY officer ORDER BY seq "
	    "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER "
	    "BY officer, seq", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(v->st->db, "cannot read restores");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && r->status == CT_OK) {
		const char *id = sql_text(s, 0);
		int64_t seq = sqlite3_column_int64(s, 3);
		const struct vofficer *o = replayed(v, id);
		const struct cred_gap *g = NULL;

		for (size_t i = 0; o != NULL && i < o->c.ngaps; i++)
			if (o->c.gaps[i].seq == seq)
				g = &o->c.gaps[i];
		if (g == NULL)
			verify_found(r, "officer %s is restored in the table by "
			    "entry %lld, which does not restore him", id,
			    (long long)seq);
		else if (strcmp(g->revoked_at, sql_text(s, 1)) != 0 ||
		    strcmp(g->restored_at, sql_text(s, 2)) != 0)
			verify_found(r, "officer %s: restore differs from the "
			    "journal's (entry %lld)", id, (long long)seq);
		else if (sqlite3_column_int64(s, 5) ==
		    sqlite3_column_int64(s, 4) &&
		    (size_t)sqlite3_column_int64(s, 4) != o->c.ngaps)
			verify_found(r, "officer %s has %lld restores in the "
			    "table, %zu in the journal", id,
			    (long long)sqlite3_column_int64(s, 4), o->c.ngaps);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ct_fail_sqlite(v->st->db, "cannot read restores");
	return CT_OK;
}

/* The entry that gave officers their last credential or restore, of
 * those the tables lack altogether: an officer with history in the
 * journal and no rows at all is not seen by the walks above. */
static int
missing(struct vrules *v, struct verify_report *r)
{
	sqlite3_stmt *s;
	int rc = CT_OK;

	if (sqlite3_prepare_v2(v->st->db, "SELECT (SELECT count(*) FROM "
	    "officer_credential WHERE officer = ?1), (SELECT count(*) FROM "
	    "officer_restore WHERE officer = ?1)", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(v->st->db, "cannot read credentials");
	for (size_t i = 0; i < v->n && r->status == CT_OK; i++) {
		const struct vofficer *o = &v->o[i];

		sqlite3_bind_text(s, 1, o->c.id, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_ROW) {
			rc = ct_fail_sqlite(v->st->db, "cannot read credentials");
			break;
		}
		if (sqlite3_column_int64(s, 0) == 0)
			verify_found(r, "entry %lld issues credential %s of '%s', "
			    "which is not in the officer_credential table",
			    (long long)o->c.cred_seq, o->c.credential, o->c.id);
		else if (sqlite3_column_int64(s, 1) == 0 && o->c.ngaps > 0)
			verify_found(r, "entry %lld restores officer '%s', which "
			    "is not in the officer_restore table",
			    (long long)o->c.gaps[0].seq, o->c.id);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc;
}

int
vofficers_tables(struct vrules *v, struct verify_report *r)
{
	sqlite3_stmt *s;
	int rc;

	/* His data now: the last entry that set it. */
	if (sqlite3_prepare_v2(v->st->db, "SELECT id, name, credential, "
	    "valid_from, valid_until FROM officer", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(v->st->db, "cannot read officers");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && r->status == CT_OK) {
		const char *id = sql_text(s, 0);
		const struct vofficer *o = replayed(v, id);

		if (o == NULL)
			continue;       /* reported by the officer checks */
		if (strcmp(o->name ? o->name : "", sql_text(s, 1)) != 0 ||
		    strcmp(o->c.credential, sql_text(s, 2)) != 0 ||
		    strcmp(o->c.valid_from, sql_text(s, 3)) != 0 ||
		    strcmp(o->c.valid_until, sql_text(s, 4)) != 0)
			verify_found(r, "officer %s: name or credential differs "
			    "from the journal's (entry %lld)", id,
			    (long long)o->data_seq);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ct_fail_sqlite(v->st->db, "cannot read officers");
	if (r->status == CT_OK && (rc = credentials(v, r)))
		return rc;
	if (r->status == CT_OK && (rc = restores(v, r)))
		return rc;
	if (r->status == CT_OK)
		return missing(v, r);
	return CT_OK;
}
