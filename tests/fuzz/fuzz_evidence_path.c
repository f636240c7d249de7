/* fuzz_evidence_path: evidence_path_check, the names evidence-add -r
 * records (a path under a folder).  What it accepts is at most 1,024
 * bytes of valid UTF-8, each part between single '/' a name that
 * evidence_name_check accepts; and a name evidence_name_check accepts
 * is a path it accepts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path, *part, *save;
	int ok;

	/* A name is a C string: a NUL ends it. */
	if (memchr(data, '\0', size) != NULL || (path = malloc(size + 1)) ==
	    NULL)
		return 0;
	memcpy(path, data, size);
	path[size] = '\0';
	ok = evidence_path_check(path) == CT_OK;
	if (evidence_name_check(path) == CT_OK && !ok)
		abort();
	if (ok) {
		if (size > 1024 ||
		    !utf8_valid(path, size) || path[0] == '/' ||
		    path[size - 1] == '/' || strstr(path, "//") != NULL)
			abort();
		for (part = strtok_r(path, "/", &save); part != NULL;
		    part = strtok_r(NULL, "/", &save))
			if (evidence_name_check(part) != CT_OK)
				abort();
	}
	free(path);
	return 0;
}
