/* env.c: the one place libcasetrail reads the environment, so that what
 * changes a program's behaviour from outside is all listed here and in
 * the ENVIRONMENT section of casetrail(7):
 *
 *   CASETRAIL_STORE         the store directory when -S is not given
 *   CASETRAIL_OFFICER       the acting officer when -A is not given
 *   CASETRAIL_BUSY_TIMEOUT  milliseconds to wait for a busy store
 *   XDG_DATA_HOME, HOME     where the default store is
 *   XDG_CONFIG_HOME, HOME   where the officers' private keys are
 *
 * TZ is not read: timefmt.c sets it to the zone of casetrail.conf(5).
 *
 * The time of an entry is the system clock's, and nothing in the
 * environment changes it: an officer who could set it could record under
 * a credential that has lapsed or been revoked, or out of order.  The
 * test builds alone (compiled with CASETRAIL_TEST_CLOCK, never installed:
 * see the Makefile) also read CASETRAIL_NOW, a fixed clock for the tests. */
#include <stdlib.h>

#include "internal.h"

static const char *const names[] = {
	[ENV_STORE] = "CASETRAIL_STORE",
	[ENV_OFFICER] = "CASETRAIL_OFFICER",
#ifdef CASETRAIL_TEST_CLOCK
	[ENV_NOW] = "CASETRAIL_NOW",
#endif
	[ENV_BUSY_TIMEOUT] = "CASETRAIL_BUSY_TIMEOUT",
	[ENV_DATA_HOME] = "XDG_DATA_HOME",
	[ENV_CONFIG_HOME] = "XDG_CONFIG_HOME",
	[ENV_HOME] = "HOME",
};

const char *
env_get(enum env_var v)
{
	const char *s = names[v] != NULL ? getenv(names[v]) : NULL;

	return s != NULL && *s != '\0' ? s : NULL;
}
