/* publist_kind.c: the kinds of list publish-export publishes besides
 * the decisions (publish_list.h), each with the fields of its items:
 * what the writer makes (lib/output/publish_list.c) and what the replay
 * holds a publish-list entry to (lib/verify/verify_publish_list.c).
 * casetrail-formats(5) documents the fields. */
#include <string.h>

#include "publish_list.h"

static const char *const officer_fields[] = { "name", "credential",
    "duties", "valid_until", NULL };
static const char *const power_fields[] = { "list", "code", "type", "name",
    "basis", "responsibility", "targets", "method", NULL };
static const char *const inspection_fields[] = { "task", "draw", "drawn",
    "seed", "params", "targets_sha256", "inspectors_sha256",
    "redraw_reason", "target", "name", "inspectors", "result", NULL };

/* Every field of an officer is given.  A power has a responsibility, an
 * inspection item targets and a method.  A draw has a reason only when
 * it was made again, a target a result only once one is recorded. */
const struct publist_kind publist_officers = { "officers", officer_fields,
    0, 0 };
const struct publist_kind publist_powers = { "powers", power_fields, 0,
    1u << 5 | 1u << 6 | 1u << 7 };
const struct publist_kind publist_inspections = { "inspections",
    inspection_fields, 1, 1u << 7 | 1u << 11 };

const struct publist_kind *
publist_kind_find(const char *name)
{
	const struct publist_kind *k[] = { &publist_officers, &publist_powers,
	    &publist_inspections };

	for (size_t i = 0; i < 3; i++)
		if (strcmp(k[i]->name, name) == 0)
			return k[i];
	return NULL;
}

