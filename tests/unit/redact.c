/* redact.c: lib/base/cnid.c, identity numbers by their check
 * characters, and lib/output/redact.c, text made fit to publish. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

static const char *const names[] = { "张三", "欧阳娜娜", "王", "李四光",
    "李四" };

/* redact_text of text equals want. */
static int
redacts(const char *text, const char *want, int org)
{
	struct redact r = { names, sizeof names / sizeof *names, org };
	char *got = redact_text(text, &r);
	int ok = got != NULL && strcmp(got, want) == 0;

	if (!ok)
		fprintf(stderr, "  text: %s\n  want: %s\n  got:  %s\n", text,
		    want, got ? got : "(null)");
	free(got);
	return ok;
}

/* text comes out as it went in. */
static int
keeps(const char *text)
{
	return redacts(text, text, 0);
}

static void
identity_numbers(void)
{
	/* GB 11643's own example, and one with a check digit. */
	CHECK(cnid_resident("11010519491231002X", 18));
	CHECK(cnid_resident("11010519491231002x", 18));
	CHECK(cnid_resident("140202199001011234", 18));
	CHECK(!cnid_resident("140202199001011235", 18));   /* check */
	CHECK(!cnid_resident("140202199002301230", 18));   /* 30 February */
	CHECK(!cnid_resident("14020219900101123", 17));
	CHECK(!cnid_resident("1402021990010112X4", 18));
	CHECK(cnid_resident_check_char("11010519491231002") == 'X');
	/* The first generation: 15 digits, born 19YY. */
	CHECK(cnid_resident("140202900101123", 15));
	CHECK(!cnid_resident("140202901301123", 15));      /* month 13 */
	/* Credit codes. */
	CHECK(cnid_uscc("91350100M000100Y43", 18));
	CHECK(cnid_uscc("91140200MA0L8X2Q3Q", 18));
	CHECK(!cnid_uscc("91140200MA0L8X2Q3K", 18));       /* check */
	CHECK(!cnid_uscc("91140200MA0L8X2Q3", 17));
	CHECK(!cnid_uscc("9114020OMA0L8X2Q3Q", 18));       /* O: no digit */
	CHECK(!cnid_uscc("91140200MI0L8X2Q3Q", 18));       /* I */
	CHECK(cnid_uscc_check_char("91140200MA0L8X2QI") == '\0');
}

static void
numbers(void)
{
	/* Identity numbers, with X, in full width, and the old kind; one
	 * whose check character is wrong is left as the number it is. */
	CHECK(redacts("身份证号码11010519491231002X，", "身份证号码［已隐去］，", 0));
	CHECK(redacts("身份证：11010519491231002x", "身份证：［已隐去］", 0));
	CHECK(redacts("号码１４０２０２１９９００１０１１２３４。",
	    "号码［已隐去］。", 0));
	CHECK(redacts("旧证140202900101123", "旧证［已隐去］", 0));
	CHECK(keeps("编号140202199001011235"));
	/* Mobiles: plain, grouped, +86, full width. */
	CHECK(redacts("手机13800138000", "手机［已隐去］", 0));
	CHECK(redacts("联系 138 0013 8000。", "联系 ［已隐去］。", 0));
	CHECK(redacts("+86 138-0013-8000", "［已隐去］", 0));
	CHECK(redacts("8613800138000", "［已隐去］", 0));
	CHECK(redacts("１３９１２３４５６７８", "［已隐去］", 0));
	/* Landlines: with an area code in groups or brackets, or labelled. */
	CHECK(redacts("电话0351-7654321，", "电话［已隐去］，", 0));
	CHECK(redacts("（0351）7654321", "［已隐去］", 0));
	CHECK(redacts("(010)12345678", "［已隐去］", 0));
	CHECK(redacts("座机：7654321", "座机：［已隐去］", 0));
	/* Bank cards: by Luhn's check, or labelled. */
	CHECK(redacts("付款6222021234567890128", "付款［已隐去］", 0));
	CHECK(redacts("账号：6222 0212 3456 7890 120", "账号：［已隐去］", 0));
	CHECK(keeps("流水6222021234567890120"));
	/* What is not a person's number stays: amounts, dates, case IDs,
	 * a credit code, a landline's digits unlabelled and ungrouped. */
	CHECK(keeps("罚款100000元，没收违法所得25000元。"));
	CHECK(keeps("2026-11-30 09:00 立案 2026-000001"));
	CHECK(keeps("统一社会信用代码91140200MA0L8X2Q3Q"));
	CHECK(keeps("共7654321元"));
	CHECK(keeps("03517654321"));
	/* An X after anything but 17 digits is a letter. */
	CHECK(redacts("13800138000x2", "［已隐去］x2", 0));
	/* Two in a row, and one after another's X. */
	CHECK(redacts("13800138000 13900139000", "［已隐去］ ［已隐去］", 0));
	CHECK(redacts("11010519491231002X 13800138000",
	    "［已隐去］ ［已隐去］", 0));
}

static void
addresses(void)
{
	CHECK(redacts("住址：山西省太原市小店区坞城路92号3单元502室，",
	    "住址：山西省太原市小店区［已隐去］，", 0));
	CHECK(redacts("家住阳光小区3号楼。", "家住［已隐去］。", 0));
	CHECK(redacts("现住太原市迎泽区。", "现住太原市迎泽区。", 0));
	CHECK(redacts("住所：太原市小店区长风街1号", "住所：太原市小店区［已隐去］", 0));
	/* An organisation's 住所 is its premises: published. */
	CHECK(keeps("经营场所太原市小店区长风街1号"));
	CHECK(redacts("住所：太原市小店区长风街1号", "住所：太原市小店区长风街1号", 1));
	CHECK(keeps("住宿登记"));
}

static void
person_names(void)
{
	CHECK(redacts("当事人张三于2026年", "当事人张某于2026年", 0));
	CHECK(redacts("欧阳娜娜称", "欧阳某称", 0));
	/* Longest first; a name of one character is no name to find. */
	CHECK(redacts("李四光与李四", "李某与李某", 0));
	CHECK(keeps("王府井"));
	CHECK(redacts("张三，住址：太原市小店区坞城路92号，电话13800138000。",
	    "张某，住址：太原市小店区［已隐去］，电话［已隐去］。", 0));
}

int
main(void)
{
	identity_numbers();
	numbers();
	addresses();
	person_names();
	UNIT_END();
}
