/* fuzz_review_points: rule_review_points, the check of a reviewer's
 * verdict and its ten points (review-decide(1), and store-verify's replay
 * of a review-decide entry).  The input is lines: the verdict, then the
 * points, an empty line for a point without a verdict.  Whatever it
 * accepts has a known verdict, and every point given is ok or an issue
 * with its text; an approval has all ten. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_review_verdict v = { .id = 1 };
	char *s, *line, *next;
	int n = 0, given = 0;

	if (size > 4096 || (s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	v.verdict = s;
	if ((next = strchr(s, '\n')) != NULL)
		*next++ = '\0';
	for (line = next; line != NULL && n < CT_REVIEW_POINTS; line = next,
	    n++) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		v.points[n] = *line ? line : NULL;
	}
	if (rule_review_points(&v) == CT_OK) {
		if (strcmp(v.verdict, "approved") && strcmp(v.verdict,
		    "rejected") && strcmp(v.verdict, "returned") &&
		    strcmp(v.verdict, "transferred"))
			abort();
		for (int i = 0; i < CT_REVIEW_POINTS; i++) {
			if (v.points[i] == NULL)
				continue;
			given++;
			if (strcmp(v.points[i], "ok") != 0 &&
			    (strncmp(v.points[i], "issue:", 6) != 0 ||
			    v.points[i][6] == '\0'))
				abort();
		}
		if (strcmp(v.verdict, "approved") == 0 &&
		    given != CT_REVIEW_POINTS)
			abort();
	}
	free(s);
	return 0;
}
