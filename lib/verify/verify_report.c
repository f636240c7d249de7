/* verify_report.c: the first fault store-verify finds. */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"
#include "verify.h"

int
verify_found(struct verify_report *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (r->status == CT_OK)
		/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
		vsnprintf(r->first, sizeof r->first, fmt, ap);
	va_end(ap);
	r->status = CT_NO;
	return CT_OK;
}

