/* vocab.h: the vocabulary of the journal, two tables.
 *
 * Every action an entry can record is one row of action_table (vocab.c):
 * the stage it is logged in, whether it is done on site (two officers),
 * whether it needs an audio or video record, the status it gives the
 * case, and the role its actor needs.  The writer, store-verify's replay,
 * store-rebuild, case-log --actions and the documentation test all read
 * this table; adding an action is adding a row.  The legal sources of
 * each column are in casetrail(7).  move_table says what an entry does to
 * a case of each status (struct move below; case-log --moves). */
#ifndef CASETRAIL_VOCAB_H
#define CASETRAIL_VOCAB_H

#include <stddef.h>

enum {
	ACT_LOG = 1 << 0,       /* case-log --action takes it */
	ACT_CASE = 1 << 1,      /* recorded on a case */
	ACT_ONSITE = 1 << 2,    /* on site: at least two officers present */
	ACT_AV = 1 << 3,        /* needs an audio or video record */
	ACT_OFFICERS = 1 << 4,  /* changes the registry of officers */
	ACT_SELF = 1 << 5,      /* an officer may do it for himself */
	ACT_PREFILING = 1 << 7, /* may have happened before the case was
				 * filed: the step that led to it */
	ACT_REASON = 1 << 8,    /* its text, the reason, is required */
	ACT_PENALTY = 1 << 9    /* takes a structured penalty (decide.c) */
};

/* At most this many actions (store-verify counts them in an array). */
enum { ACTIONS_MAX = 64 };

struct action {
	const char *name;
	const char *stage;      /* the stage it is logged in when none is
				 * given; NULL: the case's current stage */
	const char *status;     /* the status it gives the case, or NULL */
	const char *role;       /* the role the actor needs */
	const char *doing;      /* for refusals: "only an admin can ..." */
	unsigned flags;
};

/* The row of action name, or NULL if there is none.  Constant time for
 * the same name asked again (a bulk import asks once per entry). */
const struct action *action_find(const char *name);
/* The i-th row, from 0, or NULL past the last. */
const struct action *action_at(size_t i);
/* The names of the actions that have every flag of want, separated by
 * single spaces, into buf (a static buffer per want is the caller's
 * choice); returns buf.  Truncates at cap. */
char *action_names(unsigned want, char *buf, size_t cap);

/* A move of a case: what an entry of an action does to a case of a
 * status.  move_table (vocab.c) is read in order, and the first row of
 * the case's status that names the entry's action, or names none, holds:
 * the entry is refused, or it is recorded, gives the case the status its
 * action gives (struct action) or leaves it, and moves the case to its
 * stage, which must not be one the row bars.  rule_case_accepts and
 * rule_case_move (rules.c), which the writer and the replay call, read
 * it; case-log --moves prints it, and casetrail(7), Cases, shows it. */
struct move {
	const char *status;     /* the case's status */
	const char *action;     /* the action, or NULL: any other */
	const char *barred;     /* the stages, space-separated, it may not
				 * move the case to, or NULL */
	const char *refusal;    /* NULL, or why it is refused: what follows
				 * "case 'ID' is STATUS" in the message */
};

/* The row for an entry of action in a case of status, or NULL if none. */
const struct move *move_find(const char *status, const char *action);

/* The other word lists, space-separated, in the order they are shown. */
extern const char vocab_types[];      /* case types */
extern const char vocab_stages[];     /* stages of a case */
extern const char vocab_statuses[];   /* statuses of a case */
extern const char vocab_roles[];      /* officers' roles, least first */
extern const char vocab_kinds[];      /* kinds of evidence */
extern const char vocab_penalties[];  /* types of penalty */

/* Returns 1 if word is one of the space-separated words of list. */
int word_in(const char *word, const char *list);
/* The index of word in list (0 for the first), or -1. */
int word_index(const char *word, const char *list);
/* The bit of a role of vocab_roles in a set of roles; 0 for no role. */
unsigned role_bit(const char *role);
/* The set of the roles named in list, separated by spaces or commas;
 * words that are no role are left out. */
unsigned role_set(const char *list);

#endif
