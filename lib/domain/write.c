/* write.c: one library call per write.  Each call begins the
 * transaction (write_begin: with a conf entry first if casetrail.conf
 * changed), checks and appends (the functions that need store_begin),
 * and commits, which signs the checkpoint; a refusal or a failure rolls
 * everything back.  A program makes one such call per ID. */
#include "internal.h"

int
store_end(struct ct_store *st, int rc)
{
	if (rc != CT_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int
ct_case_new(struct ct_store *st, const struct case_new *c, char *id)
{
	int rc;

	if ((rc = write_begin(st)))
		return rc;
	return store_end(st, case_create(st, c, id));
}

int
ct_case_log(struct ct_store *st, struct case_entry *e, int64_t *seq)
{
	struct case_log_batch b = { 0 };
	int rc;

	if ((rc = write_begin(st)))
		return rc;
	if ((rc = case_log(st, &b, e, seq)) != CT_OK)
		case_log_batch_free(&b);
	else
		rc = case_log_flush(st, &b);
	return store_end(st, rc);
}

int
ct_case_import(struct ct_store *st, FILE *fp, const char *name,
    enum import_format format, struct import_stats *stats)
{
	int rc;

	if ((rc = write_begin(st)))
		return rc;
	return store_end(st, import_entries(st, fp, name, format, stats));
}

int
ct_officer_add(struct ct_store *st, const struct officer_new *o)
{
	int rc;

	if ((rc = write_begin(st)))
		return rc;
	return store_end(st, officer_add(st, o));
}

int
ct_officer_revoke(struct ct_store *st, const char *id, const char *reason)
{
	int rc;

	if ((rc = write_begin(st)))
		return rc;
	return store_end(st, officer_revoke(st, id, reason));
}

int
ct_officer_update(struct ct_store *st, const struct officer_update *u)
{
	int rc;

	if ((rc = write_begin(st)))
		return rc;
	return store_end(st, officer_update(st, u));
}
