/* put.c: text appended to a fixed buffer (internal.h). */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

void
buf_put(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	va_start(ap, fmt);
	/* clang-tidy 14 loses va_start here and warns; ap is started. */
	if (*len < cap)
		n = vsnprintf(buf + *len, cap - *len, fmt, ap); /* NOLINT(clang-analyzer-valist.Uninitialized) */
	va_end(ap);
	*len += n > 0 ? (size_t)n : 0;
}
