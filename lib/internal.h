/* internal.h: what lib's files share and the programs must not use. */
#ifndef CASETRAIL_INTERNAL_H
#define CASETRAIL_INTERNAL_H

#include "casetrail.h"

/* schema.c */
extern const char *const schema_steps[];
extern const int schema_version;

/* journal.c: registers the SQL functions the journal insert calls. */
void journal_register(struct ct_store *st);

#endif
