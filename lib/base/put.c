/* put.c: text appended to a fixed buffer (internal.h). */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

void
buf_put(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, cap - *len, fmt, ap);
	va_end(ap);
	*len += n > 0 ? (size_t)n : 0;
}
