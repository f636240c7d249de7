/* bag_scan.c: usability in the sense of the four-property checks: the
 * payload files archive-verify recognises as encrypted or protected by a
 * password, which nobody can read in decades without it.  What it
 * recognises: a zip (and so DOCX, XLSX, ODF) whose first entry is
 * encrypted, a PDF whose trailer names /Encrypt, and an OLE compound
 * file with an EncryptionInfo stream (an encrypted DOCX, XLSX or PPTX,
 * which Office keeps in OLE).  Files stream past once: the scan keeps
 * the last bytes and a carry across chunks, never a whole file. */
#include <string.h>

#include "bag.h"
#include "bag_verify.h"

/* "EncryptionInfo" as OLE names its streams, in UTF-16LE. */
static const unsigned char ole_name[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0"
    "I\0n\0f\0o\0";
#define OLE_NAME (sizeof ole_name - 1)
#define CARRY (OLE_NAME - 1)

static const unsigned char ole_magic[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1,
    0xb1, 0x1a, 0xe1 };

void
bag_scan(struct vfile *f, const unsigned char *buf, size_t n,
    unsigned char *carry, size_t *carried)
{
	size_t keep = sizeof f->tail;

	/* The tail: the last bytes seen. */
	if (n >= keep) {
		memcpy(f->tail, buf + n - keep, keep);
		f->tail_len = keep;
	} else {
		size_t old = f->tail_len + n > keep ? keep - n : f->tail_len;

		memmove(f->tail, f->tail + f->tail_len - old, old);
		memcpy(f->tail + old, buf, n);
		f->tail_len = old + n;
	}
	/* An OLE file's directory may be anywhere in it: look everywhere,
	 * across the seam of two chunks too. */
	if (f->ole_encrypted ||
	    memcmp(f->head, ole_magic, sizeof ole_magic) != 0)
		return;
	if (*carried > 0) {
		unsigned char seam[2 * CARRY];
		size_t m = n < CARRY ? n : CARRY;

		memcpy(seam, carry, *carried);
		memcpy(seam + *carried, buf, m);
		if (memmem(seam, *carried + m, ole_name, OLE_NAME) != NULL)
			f->ole_encrypted = 1;
	}
	if (memmem(buf, n, ole_name, OLE_NAME) != NULL)
		f->ole_encrypted = 1;
	*carried = n < CARRY ? n : CARRY;
	memcpy(carry, buf + n - *carried, *carried);
}

const char *
bag_encrypted(const struct vfile *f)
{
	size_t n = f->size < sizeof f->head ? (size_t)f->size : sizeof f->head;

	/* A local file header (30 bytes at least, a version to extract of
	 * 1.0 to 6.3) whose general-purpose flags have bit 0. */
	if (n >= 8 && f->size >= 30 && memcmp(f->head, "PK\3\4", 4) == 0 &&
	    f->head[4] >= 10 && f->head[4] <= 63 && f->head[5] == 0 &&
	    (f->head[6] & 1))
		return "an encrypted zip";
	if (n >= 5 && memcmp(f->head, "%PDF-", 5) == 0 &&
	    memmem(f->tail, f->tail_len, "/Encrypt", 8) != NULL)
		return "an encrypted PDF";
	if (f->ole_encrypted)
		return "an encrypted Office file";
	return NULL;
}
