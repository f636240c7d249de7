/* grow.c: room in a buffer that grows by doubling, for the import's batch
 * and store-verify's chunks. */
#include <stdlib.h>

#include "internal.h"

void *
grow(void *buf, size_t *cap, size_t need, size_t first)
{
	size_t n = *cap ? *cap : first;
	void *p;

	if (need <= *cap)
		return buf;
	while (n < need)
		n *= 2;
	if ((p = realloc(buf, n)) == NULL) {
		ct_fail(CT_SYSTEM, "out of memory");
		return NULL;
	}
	*cap = n;
	return p;
}
