/* unit.h: the C unit tests' one macro.  A test program exits 0 when
 * every CHECK held, and names each one that did not. */
#include <stdio.h>
#include <stdlib.h>

static int unit_failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, \
		    __LINE__, #cond); \
		unit_failures++; \
	} \
} while (0)

#define UNIT_END() do { \
	if (unit_failures) \
		fprintf(stderr, "%d checks failed\n", unit_failures); \
	return unit_failures ? 1 : 0; \
} while (0)
