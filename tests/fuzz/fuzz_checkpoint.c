/* fuzz_checkpoint: checkpoint_parse over tlog-checkpoint note text.  What
 * it accepts must format and parse back to the same tree head. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "casetrail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct checkpoint c, back;
	char *copy, text[512];

	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if (checkpoint_parse(&c, copy, size) == CT_OK) {
		if (c.origin[0] == '\0' || strchr(c.origin, '\n') != NULL)
			abort();
		checkpoint_format(&c, text, sizeof text);
		if (checkpoint_parse(&back, text, strlen(text)) != CT_OK ||
		    strcmp(back.origin, c.origin) != 0 ||
		    back.size != c.size ||
		    memcmp(back.root, c.root, CT_HASH) != 0)
			abort();
	}
	free(copy);
	return 0;
}
