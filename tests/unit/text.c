/* text.c: the small text codecs of lib: base64 and hex (base64.c),
 * UTF-8 checks (utf8.c), money (money.c), TSV escapes (rec.c) and the
 * import TSV splitter (import.c). */
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

/* --- base64.c --- */

static void
test_base64(void)
{
	/* RFC 4648 section 10. */
	static const char *const vec[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
		{ "立案", "56uL5qGI" },
	};
	unsigned char bin[256], back[256 + 3];
	char enc[400];

	for (size_t i = 0; i < sizeof vec / sizeof vec[0]; i++) {
		size_t n = strlen(vec[i][0]);
		long got;

		CHECK(strcmp(base64_encode((const unsigned char *)vec[i][0], n,
		    enc), vec[i][1]) == 0);
		got = base64_decode(vec[i][1], back, sizeof back);
		CHECK(got == (long)n);
		CHECK(got >= 0 && memcmp(back, vec[i][0], n) == 0);
	}

	/* Every length 0..256 of every byte value round trips, and the
	 * decoder needs no more room than it says. */
	for (int i = 0; i < 256; i++)
		bin[i] = (unsigned char)(i * 37 + 11);
	for (size_t n = 0; n <= 256; n++) {
		long got;

		base64_encode(bin, n, enc);
		CHECK(strlen(enc) == 4 * ((n + 2) / 3));
		got = base64_decode(enc, back, n);
		CHECK(got == (long)n);
		CHECK(got >= 0 && memcmp(back, bin, n) == 0);
		if (n > 0)
			CHECK(base64_decode(enc, back, n - 1) == -1);
	}

	/* A 32-byte hash: 44 characters, one '='. */
	base64_encode(bin, CT_HASH, enc);
	CHECK(strlen(enc) == 44 && enc[43] == '=' && enc[42] != '=');

	/* Rejections. */
	static const char *const bad[] = {
		"Z", "Zg", "Zg=", "Zm9", "Zm9vY",          /* lengths */
		"Zg==Zg==",                                 /* padding inside */
		"=Zg=", "Z===", "====", "Zm=v",             /* padding misplaced */
		"Zh==", "Zm9=",                             /* padding bits set */
		"Zm9v\n", " Zm9v", "Zm9v ", "Zm 9v",        /* whitespace */
		"Zm9-", "Zm9_", "Zm9.", "Zm9*",             /* url-safe, others */
		"5Y+X\xe6\xa1\x88", "\xff\xff\xff\xff",     /* non-ASCII */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long got = base64_decode(bad[i], back, sizeof back);

		if (got != -1)
			fprintf(stderr, "base64_decode accepted '%s'\n", bad[i]);
		CHECK(got == -1);
	}
	/* Every non-canonical last character of a one- and two-byte tail. */
	for (const char *c = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+/"; *c; c++) {
		char s1[5] = { 'Z', *c, '=', '=', 0 };
		char s2[5] = { 'Z', 'm', *c, '=', 0 };
		int v = (int)(c - "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789+/");

		CHECK((base64_decode(s1, back, sizeof back) == 1) ==
		    ((v & 15) == 0));
		CHECK((base64_decode(s2, back, sizeof back) == 2) ==
		    ((v & 3) == 0));
	}
}

static void
test_hex(void)
{
	unsigned char bin[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	char out[2 * sizeof bin + 1];

	memset(out, 'X', sizeof out);
	CHECK(strcmp(hex_encode(bin, sizeof bin, out), "00017f80abff") == 0);
	CHECK(strcmp(hex_encode(bin, 0, out), "") == 0);
}

/* --- utf8.c --- */

#include "utf8_ref.h"

static void
test_utf8(void)
{
	static const struct {
		const char *s;
		size_t n;
		int ok;
	} v[] = {
#define V(lit, ok) { lit, sizeof(lit) - 1, ok }
		V("", 1),
		V("plain ASCII", 1),
		V("某超市销售过期食品案：当事人到场，执法人员出示证件。", 1),
		V("行政处罚决定书（〔2026〕第42号）", 1),
		V("\xf0\x9f\x93\x84 emoji U+1F4C4", 1),
		V("\xf4\x8f\xbf\xbf", 1),                 /* U+10FFFF */
		V("\xef\xbf\xbf", 1),                     /* U+FFFF */
		V("\xed\x9f\xbf", 1),                     /* U+D7FF */
		V("\xee\x80\x80", 1),                     /* U+E000 */
		V("\xc2\x80", 1),                         /* U+0080 */
		V("\xc0\x80", 0),                         /* overlong NUL */
		V("\xc1\xbf", 0),                         /* overlong '?' */
		V("\xe0\x80\xaf", 0),                     /* overlong '/' */
		V("\xe0\x9f\xbf", 0),                     /* overlong U+07FF */
		V("\xf0\x80\x80\xaf", 0),                 /* overlong '/' */
		V("\xf0\x8f\xbf\xbf", 0),                 /* overlong U+FFFF */
		V("\xed\xa0\x80", 0),                     /* U+D800 */
		V("\xed\xbf\xbf", 0),                     /* U+DFFF */
		V("\xed\xa0\xbd\xed\xb2\xa9", 0),         /* a CESU-8 pair */
		V("\xf4\x90\x80\x80", 0),                 /* U+110000 */
		V("\xf5\x80\x80\x80", 0),
		V("\xf7\xbf\xbf\xbf", 0),
		V("\xf8\x88\x80\x80\x80", 0),             /* 5-byte form */
		V("\xfc\x84\x80\x80\x80\x80", 0),         /* 6-byte form */
		V("\xfe", 0), V("\xff", 0),
		V("\x80", 0), V("\xbf", 0),               /* lone continuation */
		V("立\x80", 0),
		V("\xe7\xab", 0),                         /* truncated 立 */
		V("\xe7", 0),
		V("立案\xe7\xab", 0),
		V("\xf0\x9f\x93", 0),                     /* truncated emoji */
		V("\xe7\xab\x41", 0),                     /* bad continuation */
		V("\xe7\x41\x8b", 0),
		V("a\0b", 0),                             /* NUL */
		V("\0", 0),
		V("立案\0", 0),
#undef V
	};
	unsigned char s[4];

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		int got = utf8_valid(v[i].s, v[i].n);

		if (got != v[i].ok)
			fprintf(stderr, "utf8_valid case %zu: got %d\n", i, got);
		CHECK(got == v[i].ok);
		CHECK(reference_valid((const unsigned char *)v[i].s, v[i].n) ==
		    v[i].ok);
	}
	/* Length limits the scan: a valid prefix of an invalid buffer. */
	CHECK(utf8_valid("立案\xff", 6) == 1);
	CHECK(utf8_valid("立案\xff", 5) == 0);

	/* Exhaustively, every sequence of one to three bytes, and four-byte
	 * ones over the interesting values. */
	for (unsigned a = 0; a < 256; a++) {
		s[0] = (unsigned char)a;
		CHECK(utf8_valid((char *)s, 1) == reference_valid(s, 1));
		for (unsigned b = 0; b < 256; b++) {
			s[1] = (unsigned char)b;
			if (utf8_valid((char *)s, 2) != reference_valid(s, 2))
				CHECK(!"two-byte sequence");
			for (unsigned c = 0; c < 256; c++) {
				s[2] = (unsigned char)c;
				if (utf8_valid((char *)s, 3) !=
				    reference_valid(s, 3)) {
					fprintf(stderr, "%02x %02x %02x\n", a, b, c);
					CHECK(!"three-byte sequence");
				}
			}
		}
	}
	/* ASCII is taken eight bytes at a time: one odd byte at each place
	 * of runs long and short, and a character after them. */
	for (size_t len = 1; len <= 40; len++)
		for (size_t at = 0; at < len; at++) {
			static const unsigned char odd[] = { 0x00, 0x01, 0x7f,
			    0x80, 0xc3, 0xe4, 0xed, 0xf0, 0xff };
			unsigned char buf[48];

			for (size_t k = 0; k < sizeof odd; k++) {
				memset(buf, 'a', sizeof buf);
				buf[at] = odd[k];
				if (utf8_valid((char *)buf, len) !=
				    reference_valid(buf, len)) {
					fprintf(stderr, "len %zu at %zu: %02x\n",
					    len, at, odd[k]);
					CHECK(!"ASCII run");
				}
			}
			memset(buf, 'a', sizeof buf);
			memcpy(buf + at, "\xe7\xab\x8b", len - at >= 3 ? 3 :
			    len - at);
			if (utf8_valid((char *)buf, len) != reference_valid(buf, len))
				CHECK(!"a character after an ASCII run");
		}
	for (unsigned a = 0xe0; a < 256; a++)
		for (unsigned b = 0; b < 256; b++) {
			static const unsigned char tail[] = { 0x00, 0x41, 0x7f,
			    0x80, 0x8f, 0x90, 0xbf, 0xc0, 0xff };

			for (size_t c = 0; c < sizeof tail; c++)
				for (size_t d = 0; d < sizeof tail; d++) {
					s[0] = (unsigned char)a;
					s[1] = (unsigned char)b;
					s[2] = tail[c];
					s[3] = tail[d];
					if (utf8_valid((char *)s, 4) !=
					    reference_valid(s, 4))
						CHECK(!"four-byte sequence");
				}
		}
}

static void
test_utf8_field(void)
{
	const char *title = "某超市销售过期食品案";
	size_t n = strlen(title);

	CHECK(utf8_check_field("title", title, n, n, 0) == CT_OK);
	CHECK(utf8_check_field("title", title, n, n - 1, 0) == CT_USAGE);
	CHECK(strstr(ct_errmsg(), "title is too long") != NULL);
	CHECK(utf8_check_field("title", "", 0, 0, 0) == CT_OK);
	CHECK(utf8_check_field("title", "a\tb", 3, 100, 0) == CT_USAGE);
	CHECK(strcmp(ct_errmsg(), "title contains a control character") == 0);
	CHECK(utf8_check_field("text", "询问\n笔录\r\n\t第1页",
	    strlen("询问\n笔录\r\n\t第1页"), 100, 1) ==
	    CT_OK);
	CHECK(utf8_check_field("text", "a\nb", 3, 100, 0) == CT_USAGE);
	CHECK(utf8_check_field("text", "a\x1b[31mb", 7, 100, 1) == CT_USAGE);
	CHECK(utf8_check_field("text", "a\x7f", 2, 100, 1) == CT_USAGE);
	CHECK(utf8_check_field("text", "a\x01", 2, 100, 1) == CT_USAGE);
	CHECK(utf8_check_field("text", "a\vb", 3, 100, 1) == CT_USAGE);
	CHECK(utf8_check_field("text", "a\fb", 3, 100, 1) == CT_USAGE);
	CHECK(utf8_check_field("text", "a\0b", 3, 100, 1) == CT_USAGE);
	CHECK(strcmp(ct_errmsg(), "text contains a NUL byte") == 0);
	CHECK(utf8_check_field("text", "a\xc0\x80", 3, 100, 1) == CT_USAGE);
	CHECK(strcmp(ct_errmsg(), "text is not valid UTF-8") == 0);
	/* Only n bytes are looked at. */
	CHECK(utf8_check_field("text", "ab\x01", 2, 100, 0) == CT_OK);
}

/* --- money.c --- */

static void
test_money(void)
{
	static const struct {
		const char *s;
		int64_t fen;
	} good[] = {
		{ "0", 0 }, { "0.0", 0 }, { "0.00", 0 }, { "0.01", 1 },
		{ "0.1", 10 }, { "5000", 500000 }, { "5000.5", 500050 },
		{ "5000.50", 500050 }, { "5000.05", 500005 },
		{ "10000", 1000000 }, { "007", 700 },
		{ "92233720368547749.99", INT64_C(9223372036854774999) },
	};
	static const char *const bad[] = {
		"", " ", "-5", "+5", "5.", ".5", "5.001", "5.5.5", "5,000",
		" 5", "5 ", "5元", "五千", "１", "1e3", "0x10", "5.-1", "5. 0",
		"99999999999999999999", "92233720368547758",
		"9223372036854775807", "NaN", "inf",
	};
	char buf[32];

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int64_t fen = -1;

		CHECK(money_parse(good[i].s, &fen) == CT_OK);
		CHECK(fen == good[i].fen);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t fen = 42;

		if (money_parse(bad[i], &fen) != CT_USAGE)
			fprintf(stderr, "money_parse accepted '%s'\n", bad[i]);
		CHECK(fen == 42);
	}
	CHECK(money_parse("5,000", &(int64_t){ 0 }) == CT_USAGE);
	CHECK(strstr(ct_errmsg(), "bad amount '5,000'") != NULL);

	CHECK(strcmp(money_format(0, buf, sizeof buf), "0.00") == 0);
	CHECK(strcmp(money_format(1, buf, sizeof buf), "0.01") == 0);
	CHECK(strcmp(money_format(10, buf, sizeof buf), "0.10") == 0);
	CHECK(strcmp(money_format(500050, buf, sizeof buf), "5000.50") == 0);
	CHECK(strcmp(money_format(INT64_MAX, buf, sizeof buf),
	    "92233720368547758.07") == 0);
	CHECK(strcmp(money_format(-1, buf, sizeof buf), "-0.01") == 0);
	CHECK(strcmp(money_format(-150, buf, sizeof buf), "-1.50") == 0);
	CHECK(strcmp(money_format(INT64_MIN, buf, sizeof buf),
	    "-92233720368547758.08") == 0);
	/* Truncates to the room given, always terminated. */
	CHECK(strcmp(money_format(500050, buf, 5), "5000") == 0);

	/* Round trips: format(parse(s)) == s for canonical texts, and
	 * parse(format(f)) == f for every non-negative f tried. */
	for (int64_t f = 0; f < 100000; f += 7) {
		int64_t back = -1;

		money_format(f, buf, sizeof buf);
		CHECK(money_parse(buf, &back) == CT_OK && back == f);
	}
}

/* --- rec.c: TSV escapes --- */

static char *
escaped(const char *s)
{
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);

	if (fp == NULL)
		exit(2);
	tsv_escape(fp, s);
	fclose(fp);
	return out;
}

static void
test_tsv(void)
{
	static const struct {
		const char *raw, *esc;
	} v[] = {
		{ "", "" },
		{ "询问笔录", "询问笔录" },
		{ "a\tb", "a\\tb" },
		{ "第一行\n第二行\r\n", "第一行\\n第二行\\r\\n" },
		{ "C:\\证据\\照片", "C:\\\\证据\\\\照片" },
		{ "\\t", "\\\\t" },
		{ "\\", "\\\\" },
		{ "\t\t\n\n\\\\", "\\t\\t\\n\\n\\\\\\\\" },
	};
	static const char *const bad[] = {
		"\\", "a\\", "\\x", "\\0", "\\N", "\\ ", "\\\\\\", "a\\b",
		"\\\xe7\xab\x8b",
	};

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char *e = escaped(v[i].raw), *u;

		CHECK(strcmp(e, v[i].esc) == 0);
		CHECK(strpbrk(e, "\t\n\r") == NULL);
		u = strdup(e);
		CHECK(tsv_unescape(u) == CT_OK);
		CHECK(strcmp(u, v[i].raw) == 0);
		free(u);
		free(e);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *u = strdup(bad[i]);

		CHECK(tsv_unescape(u) == CT_USAGE);
		CHECK(strstr(ct_errmsg(), "bad escape") != NULL);
		free(u);
	}
	/* Every byte but NUL survives escape and unescape. */
	{
		char all[256], *e;

		for (int i = 1; i < 256; i++)
			all[i - 1] = (char)i;
		all[255] = '\0';
		e = escaped(all);
		CHECK(tsv_unescape(e) == CT_OK);
		CHECK(strcmp(e, all) == 0);
		free(e);
	}
}

/* --- import.c: TSV lines --- */

static void
test_import_tsv(void)
{
	char *f[8];
	char line[512];

	strcpy(line, "2026-000001\tinquiry");
	CHECK(import_tsv_split(line, f) == CT_OK);
	CHECK(strcmp(f[0], "2026-000001") == 0 && strcmp(f[1], "inquiry") == 0);
	for (int i = 2; i < 7; i++)
		CHECK(f[i] == NULL);

	strcpy(line, "2026-000001\tinquiry\tinvestigation\t2026-11-25 09:30\t"
	    "li.ming,wang.fang\tabc,def\t当事人称：\\t不知情\\n另附说明\\\\");
	CHECK(import_tsv_split(line, f) == CT_OK);
	CHECK(strcmp(f[2], "investigation") == 0);
	CHECK(strcmp(f[3], "2026-11-25 09:30") == 0);
	CHECK(strcmp(f[4], "li.ming,wang.fang") == 0);
	CHECK(strcmp(f[5], "abc,def") == 0);
	CHECK(strcmp(f[6], "当事人称：\t不知情\n另附说明\\") == 0);

	/* Empty fields are absent. */
	strcpy(line, "2026-000001\tnote\t\t\t\t\t备注");
	CHECK(import_tsv_split(line, f) == CT_OK);
	CHECK(f[2] == NULL && f[3] == NULL && f[4] == NULL && f[5] == NULL);
	CHECK(strcmp(f[6], "备注") == 0);
	strcpy(line, "\t");
	CHECK(import_tsv_split(line, f) == CT_OK);
	CHECK(f[0] == NULL && f[1] == NULL);

	/* Too few, too many, a bad escape anywhere. */
	strcpy(line, "2026-000001");
	CHECK(import_tsv_split(line, f) == CT_USAGE);
	strcpy(line, "");
	CHECK(import_tsv_split(line, f) == CT_USAGE);
	strcpy(line, "a\tb\tc\td\te\tf\tg\th\ti");
	CHECK(import_tsv_split(line, f) == CT_USAGE);
	CHECK(strstr(ct_errmsg(), "more than 8 fields") != NULL);
	strcpy(line, "a\tb\tc\td\te\tf\tg\th\t");
	CHECK(import_tsv_split(line, f) == CT_USAGE);

	/* The ref, an eighth field after the text. */
	strcpy(line, "2026-000001\tnote\t\t\t\t\t备注\tOA-2026-0001");
	CHECK(import_tsv_split(line, f) == CT_OK);
	CHECK(strcmp(f[6], "备注") == 0 && strcmp(f[7], "OA-2026-0001") == 0);
	strcpy(line, "2026-000001\tnote\t\t\t\t\tbad \\q escape");
	CHECK(import_tsv_split(line, f) == CT_USAGE);
	strcpy(line, "2026-000001\\\tnote");
	CHECK(import_tsv_split(line, f) == CT_USAGE);

	/* What tsv_escape writes, import_tsv_split reads back. */
	{
		const char *text = "第一行\n\t缩进\\结束\r";
		char *e = escaped(text);

		snprintf(line, sizeof line, "2026-000001\tnote\t\t\t\t\t%s", e);
		CHECK(import_tsv_split(line, f) == CT_OK);
		CHECK(f[6] != NULL && strcmp(f[6], text) == 0);
		free(e);
	}
}

int
main(void)
{
	test_base64();
	test_hex();
	test_utf8();
	test_utf8_field();
	test_money();
	test_tsv();
	test_import_tsv();
	UNIT_END();
}
