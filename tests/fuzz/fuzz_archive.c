/* fuzz_archive: ct_archive_verify on any bytes, as an archive file.  It
 * must answer (all hold, one fails, or not an archive) without a crash,
 * a leak or undefined behaviour, whatever the headers declare.  The seed
 * is a small sealed case, as tar.gz. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "archiving.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz_archive.XXXXXX";
	const char *tmp = getenv("TMPDIR");
	char buf[4200];
	FILE *null = fopen("/dev/null", "w");
	int fd, rc;

	if (tmp != NULL) {
		snprintf(buf, sizeof buf, "%s/fuzz_archive.XXXXXX", tmp);
		fd = mkstemp(buf);
	} else {
		fd = mkstemp(path);
		snprintf(buf, sizeof buf, "%s", path);
	}
	if (fd < 0 || null == NULL || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	rc = ct_archive_verify(&(struct archive_verify){ .path = buf }, null,
	    null);
	if (rc != CT_OK && rc != CT_NO && rc != CT_USAGE && rc != CT_SYSTEM)
		abort();
	unlink(buf);
	fclose(null);
	return 0;
}
