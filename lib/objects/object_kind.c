/* object_kind.c: the kind of an evidence object, guessed from its first
 * bytes. */
#include <string.h>

#include "object.h"

/* Returns 1 if the n bytes at s are UTF-8 text, allowing a character cut
 * off at the end of the sample. */
static int
looks_like_text(const unsigned char *s, size_t n)
{
	size_t cut = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] == 0x7f || (s[i] < 0x20 && s[i] != '\n' &&
		    s[i] != '\r' && s[i] != '\t' && s[i] != '\f'))
			return 0;
	/* Drop an incomplete sequence at the end of the sample. */
	while (cut < 3 && cut < n && (s[n - 1 - cut] & 0xc0) == 0x80)
		cut++;
	if (cut < n && s[n - 1 - cut] >= 0xc0) {
		unsigned c = s[n - 1 - cut];
		size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

		if (cut + 1 < len)
			n -= cut + 1;
	}
	return utf8_valid((const char *)s, n);
}

const char *
evidence_kind_guess(const unsigned char *h, size_t n)
{
	if (n >= 3 && memcmp(h, "\xff\xd8\xff", 3) == 0)
		return "photo";
	if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "photo";
	if (n >= 6 && (memcmp(h, "GIF87a", 6) == 0 ||
	    memcmp(h, "GIF89a", 6) == 0))
		return "photo";
	if (n >= 4 && (memcmp(h, "II*\0", 4) == 0 || memcmp(h, "MM\0*", 4) == 0))
		return "photo";
	if (n >= 12 && memcmp(h + 4, "ftyp", 4) == 0) {
		const unsigned char *b = h + 8;

		if (memcmp(b, "heic", 4) == 0 || memcmp(b, "heix", 4) == 0 ||
		    memcmp(b, "heim", 4) == 0 || memcmp(b, "heis", 4) == 0 ||
		    memcmp(b, "hevc", 4) == 0 || memcmp(b, "mif1", 4) == 0 ||
		    memcmp(b, "msf1", 4) == 0 || memcmp(b, "avif", 4) == 0)
			return "photo";
		if (memcmp(b, "M4A ", 4) == 0 || memcmp(b, "M4B ", 4) == 0)
			return "audio";
		return "video";     /* isom, mp41, mp42, qt, 3gp, ... */
	}
	if (n >= 12 && memcmp(h, "RIFF", 4) == 0) {
		if (memcmp(h + 8, "AVI ", 4) == 0)
			return "video";
		if (memcmp(h + 8, "WAVE", 4) == 0)
			return "audio";
		if (memcmp(h + 8, "WEBP", 4) == 0)
			return "photo";
	}
	if (n >= 4 && memcmp(h, "\x1a\x45\xdf\xa3", 4) == 0)
		return "video";     /* Matroska, WebM */
	if (n >= 4 && memcmp(h, "\0\0\x01\xba", 4) == 0)
		return "video";     /* MPEG program stream */
	if (n >= 189 && h[0] == 0x47 && h[188] == 0x47 &&
	    (n < 377 || h[376] == 0x47))
		return "video";     /* MPEG transport stream */
	if (n >= 3 && memcmp(h, "ID3", 3) == 0)
		return "audio";
	if (n >= 2 && h[0] == 0xff && (h[1] & 0xe0) == 0xe0)
		return "audio";     /* an MPEG audio frame (MP3) or ADTS */
	if (n >= 5 && memcmp(h, "#!AMR", 5) == 0)
		return "audio";
	if (n >= 4 && (memcmp(h, "OggS", 4) == 0 || memcmp(h, "fLaC", 4) == 0))
		return "audio";
	if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
		return "document";
	if (n >= 8 && memcmp(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
		return "document";  /* DOC, XLS, PPT */
	if (n >= 4 && memcmp(h, "PK\x03\x04", 4) == 0)
		return "document";  /* DOCX, XLSX, ODF: zip */
	if (n > 0 && looks_like_text(h, n))
		return "document";
	return "other";
}
