/* site_page.c: the frame of every page of the site, and the page of one
 * decision.  A page carries its own style and nothing from elsewhere (no
 * external sheet, script or font), so that a saved copy still shows and
 * checks: one column that fits a phone, and print styles that drop the
 * controls and keep the text. */
#include "internal.h"
#include "output/site.h"

static const char style[] =
    "body{margin:0 auto;max-width:50rem;padding:0 1rem 2rem;"
    "font:16px/1.7 system-ui,\"PingFang SC\",\"Microsoft YaHei\","
    "\"Noto Sans CJK SC\",sans-serif;color:#1a1a1a;background:#fff}"
    "h1{font-size:1.35rem;line-height:1.4}"
    "h2{font-size:1.1rem;border-bottom:1px solid #ccc;margin-top:2rem}"
    "h3{font-size:1rem;margin-bottom:.2rem}"
    "a{color:#0645ad}"
    "dt{font-weight:bold;margin-top:.8rem}"
    "dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}"
    "pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;"
    "padding:.5rem;font-size:.8rem}"
    "#list{padding-left:1.6rem}#list li{margin:.7rem 0}"
    ".meta{color:#555;font-size:.9rem}"
    "form{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}"
    "input,select{font:inherit;padding:.3rem;max-width:100%}"
    "input{flex:1 1 14rem}"
    ".wide{overflow-x:auto}table{border-collapse:collapse;min-width:100%}"
    "th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;"
    "vertical-align:top}th{background:#f4f4f4}"
    "@media print{form,nav{display:none}a{color:#000;text-decoration:none}"
    "pre{background:none;font-size:.7rem}body{max-width:none}}";

void
site_head(struct site_buf *b, const char *title, const char *more,
    const char *root)
{
	site_raw(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	site_esc(b, title);
	if (more != NULL) {
		site_raw(b, " ");
		site_esc(b, more);
	}
	site_raw(b, "</title>\n<link rel=\"alternate\" "
	    "type=\"application/atom+xml\" title=\"订阅\" href=\"");
	site_raw(b, root);
	site_raw(b, "feed.atom\">\n<style>");
	site_raw(b, style);
	site_raw(b, "</style>\n</head>\n<body>\n");
}

void
site_foot(struct site_buf *b)
{
	site_raw(b, "</body>\n</html>\n");
}

static void
field(struct site_buf *b, const char *label, const char *value)
{
	if (value == NULL)
		return;
	site_raw(b, "<dt>");
	site_raw(b, label);
	site_raw(b, "</dt><dd>");
	site_esc(b, value);
	site_raw(b, "</dd>\n");
}

static void
block(struct site_buf *b, const char *label, const char *id,
    const char *text)
{
	site_raw(b, "<h3>");
	site_raw(b, label);
	site_raw(b, "</h3>\n<pre id=\"");
	site_raw(b, id);
	/* The parser drops one newline after <pre>: this one, not the text's. */
	site_raw(b, "\">\n");
	site_esc(b, text);
	site_raw(b, "</pre>\n");
}

/* How anyone checks the page, in a few lines; casetrail(7) says more. */
static const char howto[] =
    "<p>本页内容记录在行政执法全过程记录的防篡改日志中。下面是记录本次公示"
    "的日志条目（规范行）、它的包含证明和机关签名的检查点。核验方法：将"
    "“包含证明”一栏的全文保存为 proof.txt，将本站的 "
    "<a href=\"";
static const char howto_rest[] =
    "checkpoint.txt\">checkpoint.txt</a> 保存在同一目录，运行：</p>\n"
    "<pre>store-verify --check-proof --against checkpoint.txt &lt; proof.txt</pre>\n"
    "<p>通过即说明本页公示的内容与机关签名的日志所记录的一致；日志只能"
    "追加，此后对它的改动或删除都会被发现。也可以按 RFC 9162 用 openssl "
    "自行计算核验。</p>\n";

void
site_verify_html(struct site_buf *b, const char *root,
    const char *entry_line, const char *proof, const char *checkpoint)
{
	site_raw(b, "<section id=\"verify\">\n<h2>核验</h2>\n");
	site_raw(b, howto);
	site_raw(b, root);
	site_raw(b, howto_rest);
	block(b, "日志条目（规范行）", "entry", entry_line);
	block(b, "包含证明", "proof", proof);
	block(b, "签名检查点", "checkpoint", checkpoint);
	site_raw(b, "</section>\n");
}

void
site_page_html(struct site_buf *b, const char *agency,
    const char *checkpoint, const struct site_page *p)
{
	site_head(b, p->doc_number, p->party, "../");
	site_raw(b, "<nav><a href=\"../index.html\">");
	site_esc(b, agency);
	site_raw(b, " · 行政处罚决定公示</a></nav>\n<main>\n<h1>");
	site_esc(b, p->doc_number);
	site_raw(b, " ");
	site_esc(b, p->party);
	site_raw(b, "</h1>\n<dl>\n");
	field(b, "行政处罚决定书文号", p->doc_number);
	field(b, "当事人", p->party);
	field(b, "统一社会信用代码", p->party_code);
	field(b, "主要违法事实", p->facts);
	field(b, "处罚依据", p->basis);
	field(b, "处罚种类和金额", p->penalty);
	field(b, "作出处罚决定的机关", p->agency);
	field(b, "作出处罚决定的日期", p->decided);
	field(b, "公示日期", p->published);
	field(b, "公示截止日期", p->ends);
	field(b, "案件编号", p->case_id);
	site_raw(b, "</dl>\n</main>\n");
	site_verify_html(b, "../", p->entry_line, p->proof, checkpoint);
	site_foot(b);
}
