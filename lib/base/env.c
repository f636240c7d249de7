/* env.c: the one place libcasetrail reads the environment, so that what
 * changes a program's behaviour from outside is all listed here and in
 * the ENVIRONMENT section of casetrail(7):
 *
 *   CASETRAIL_STORE         the store directory when -S is not given
 *   CASETRAIL_OFFICER       the acting officer when -A is not given
 *   CASETRAIL_NOW           the current time instead of the clock
 *   CASETRAIL_BUSY_TIMEOUT  milliseconds to wait for a busy store
 *   XDG_DATA_HOME, HOME     where the default store is
 *   XDG_CONFIG_HOME, HOME   where the officers' private keys are
 *
 * TZ is not read: timefmt.c sets it to the zone of casetrail.conf(5). */
#include <stdlib.h>

#include "internal.h"

static const char *const names[] = {
	[ENV_STORE] = "CASETRAIL_STORE",
	[ENV_OFFICER] = "CASETRAIL_OFFICER",
	[ENV_NOW] = "CASETRAIL_NOW",
	[ENV_BUSY_TIMEOUT] = "CASETRAIL_BUSY_TIMEOUT",
	[ENV_DATA_HOME] = "XDG_DATA_HOME",
	[ENV_CONFIG_HOME] = "XDG_CONFIG_HOME",
	[ENV_HOME] = "HOME",
};

const char *
env_get(enum env_var v)
{
	const char *s = getenv(names[v]);

	return s != NULL && *s != '\0' ? s : NULL;
}
