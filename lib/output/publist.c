/* publist.c: a kind's items as texts (publish_list.h), what the writer
 * (publish_list.c) and the lists' readers (publish_kinds.c) fill. */
#include <stdlib.h>
#include <string.h>

#include "publish_list.h"

int
publist_add(struct publist *l, const char *const *v, int64_t entry)
{
	char **p = grow(l->v, &l->cap, (l->n + 1) * l->nfields * sizeof *p,
	    64 * l->nfields * sizeof *p);
	int64_t *e;

	if (p == NULL)
		return CT_SYSTEM;
	l->v = p;
	if ((e = grow(l->entry, &l->ecap, (l->n + 1) * sizeof *e,
	    64 * sizeof *e)) == NULL)
		return CT_SYSTEM;
	l->entry = e;
	p = &l->v[l->n * l->nfields];
	memset(p, 0, l->nfields * sizeof *p);
	l->entry[l->n++] = entry;
	for (size_t i = 0; i < l->nfields; i++)
		if (v[i] != NULL && (p[i] = strdup(v[i])) == NULL)
			return ct_fail(CT_SYSTEM, "out of memory");
	return CT_OK;
}

void
publist_free(struct publist *l)
{
	for (size_t i = 0; l->v != NULL && i < l->n * l->nfields; i++)
		free(l->v[i]);
	free(l->v);
	free(l->entry);
	memset(l, 0, sizeof *l);
}
