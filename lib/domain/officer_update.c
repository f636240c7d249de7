/* officer_update.c: an officer's data changed on the record: a credential
 * renewed, a name corrected (officer-update), a revoked officer restored
 * with a new credential (officer-restore).  Each is one journal entry,
 * held to rule_may_manage and rule_officer_change, which store-verify's
 * replay applies again; the tables change through apply_entry. */
#include <string.h>

#include "apply.h"

int
officer_update_check(const struct officer_update *u)
{
	time_t t;
	int rc;

	if ((rc = officer_id_check(u->id)))
		return rc;
	if (u->name != NULL && *u->name == '\0')
		return ct_fail(CT_USAGE, "the name is empty");
	if (u->name != NULL && (rc = utf8_check_field("name", u->name,
	    strlen(u->name), 256, 0)))
		return rc;
	if (u->credential == NULL && (u->valid_from || u->valid_until))
		return ct_fail(CT_USAGE, "--valid-from and --valid-until go with "
		    "a new --credential");
	if (u->credential != NULL && (*u->credential == '\0' ||
	    u->valid_until == NULL))
		return ct_fail(CT_USAGE, "a new credential needs --credential "
		    "and --valid-until");
	if (u->credential != NULL && (rc = utf8_check_field("credential",
	    u->credential, strlen(u->credential), 64, 0)))
		return rc;
	if ((u->valid_from && (rc = time_parse_date(u->valid_from, &t))) ||
	    (u->valid_until && (rc = time_parse_date(u->valid_until, &t))))
		return rc;
	if (u->valid_from && u->valid_until &&
	    strcmp(u->valid_until, u->valid_from) < 0)
		return ct_fail(CT_USAGE, "credential valid until a day before "
		    "it is valid from");
	if (!u->restore && u->reason != NULL)
		return ct_fail(CT_USAGE, "--reason goes with --restore");
	if (u->restore && (u->reason == NULL || *u->reason == '\0'))
		return ct_fail(CT_USAGE, "a restore needs a --reason");
	if (u->reason != NULL && (rc = utf8_check_field("reason", u->reason,
	    strlen(u->reason), 1024, 0)))
		return rc;
	if (u->restore && u->credential == NULL)
		return ct_fail(CT_USAGE, "a restore needs a new credential: the "
		    "old one was withdrawn (--credential, --valid-from, "
		    "--valid-until)");
	if (u->restore && u->qualification != NULL)
		return ct_fail(CT_USAGE, "--qualification goes with an update, "
		    "not a restore");
	if (u->name == NULL && u->credential == NULL &&
	    u->qualification == NULL)
		return ct_fail(CT_USAGE, "nothing to change (--name, "
		    "--qualification, or --credential with --valid-from and "
		    "--valid-until)");
	return rule_reviewer_qualified(0, u->qualification);
}

int
officer_update(struct ct_store *st, const struct officer_update *u)
{
	const char *action = u->restore ? "officer-restore" : "officer-update";
	struct officer_claim k = { .restore = u->restore, .name = u->name,
	    .credential = u->credential, .valid_until = u->valid_until,
	    .reason = u->reason, .qualification = u->qualification };
	const struct cred *c = NULL;
	char from[11], holder[65];
	sqlite3_stmt *ins;
	int64_t seq;
	int rc;

	if ((rc = officer_update_check(u)))
		return rc;
	if ((rc = rules_may_manage(st, action, u->id)) ||
	    (rc = rules_cred(st, u->id, &c)) || c == NULL)
		return rc ? rc : CT_SYSTEM;
	if (u->credential != NULL) {
		/* As officer-add: from today unless said otherwise. */
		if (u->valid_from != NULL)
			snprintf(from, sizeof from, "%s", u->valid_from);
		else
			time_local_date(time_now(), from);
		k.valid_from = from;
		if ((rc = officer_credential_holder(st, u->credential, u->id,
		    holder)) < 0)
			return CT_SYSTEM;
		k.holder = rc ? holder : NULL;
	}
	if ((rc = rule_officer_change(c, &k)))
		return rc;
	rules_forget(st);
	/* The fields it changes, in this order, and none that is NULL. */
	ins = journal_prepare(st, SLOT_JOURNAL_UPDATE, "(SELECT "
	    "json_group_object(key, value) FROM json_each(json_object('id',?7,"
	    "'name',?8,'credential',?9,'valid_from',?10,'valid_until',?11,"
	    "'reason',?12,'qualification',?13)) WHERE value IS NOT NULL)");
	if (ins == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(ins, 5, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, u->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 8, k.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 9, k.credential, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 10, k.valid_from, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 11, k.valid_until, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 12, k.reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 13, u->qualification, -1, SQLITE_STATIC);
	if ((rc = journal_step(st, ins, &seq)))
		return rc;
	return apply_entry(st, action_find(action), seq);
}
