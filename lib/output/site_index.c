/* site_index.c: index.html, the list of every published decision.  The
 * list is plain HTML, whole without a script and when printed; a data
 * block (JSON in <script type="application/json">, one item per list
 * entry, in its order) holds what the filter reads that the list does
 * not show, and a short inline script filters by year, penalty type and
 * text.  The filter is kept in the URL's fragment (#q=...&year=...&type=)
 * so that a filtered list can be linked to, from a file:// URL too. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "output/site.h"

static const char script[] =
    "(function(){\n"
    "var data=JSON.parse(document.getElementById('data').textContent);\n"
    "var rows=document.querySelectorAll('#list>li');\n"
    "var f=document.getElementById('filter'),q=document.getElementById('q'),"
    "y=document.getElementById('year'),t=document.getElementById('type'),"
    "c=document.getElementById('count'),text=[],i;\n"
    "for(i=0;i<rows.length;i++)text.push([rows[i].textContent,"
    "data[i].f,data[i].b].join('\\n').toLowerCase());\n"
    "function apply(){\n"
    "var terms=q.value.toLowerCase().split(/\\s+/).filter(Boolean),n=0,i,j,ok;\n"
    "for(i=0;i<rows.length;i++){\n"
    "ok=(!y.value||data[i].y===y.value)&&"
    "(!t.value||data[i].p.indexOf(t.value)>=0);\n"
    "for(j=0;ok&&j<terms.length;j++)ok=text[i].indexOf(terms[j])>=0;\n"
    "rows[i].hidden=!ok;if(ok)n++;}\n"
    "c.textContent='显示 '+n+' 条，共 '+rows.length+' 条';}\n"
    "function load(){var h=new URLSearchParams(location.hash.slice(1));\n"
    "q.value=h.get('q')||'';y.value=h.get('year')||'';"
    "t.value=h.get('type')||'';}\n"
    "function save(){var h=new URLSearchParams();\n"
    "if(q.value)h.set('q',q.value);if(y.value)h.set('year',y.value);"
    "if(t.value)h.set('type',t.value);\n"
    "try{history.replaceState(null,'','#'+h.toString());}catch(e){}}\n"
    "f.hidden=false;\n"
    "f.addEventListener('input',function(){apply();save();});\n"
    "f.addEventListener('submit',function(e){e.preventDefault();});\n"
    "window.addEventListener('hashchange',function(){load();apply();});\n"
    "load();apply();\n"
    "})();\n";

static int
newer_year(const void *a, const void *b)
{
	return strcmp((const char *)b, (const char *)a);
}

/* The filter's choices: the years of the decisions, newest first, and the
 * penalty types any of them has, in site_penalty_words' order. */
static void
filter_form(struct site_buf *b, const struct site_page *pages, size_t n)
{
	char years[100][5];
	size_t nyears = 0, y;

	for (size_t i = 0; i < n; i++) {
		for (y = 0; y < nyears; y++)
			if (strncmp(years[y], pages[i].decided, 4) == 0)
				break;
		if (y == nyears && nyears < sizeof years / sizeof years[0]) {
			memcpy(years[nyears], pages[i].decided, 4);
			years[nyears++][4] = '\0';
		}
	}
	qsort(years, nyears, sizeof years[0], newer_year);
	site_raw(b, "<form id=\"filter\" role=\"search\" hidden>\n"
	    "<input id=\"q\" type=\"search\" aria-label=\"搜索\" "
	    "placeholder=\"搜索文号、当事人、违法事实、处罚依据\">\n"
	    "<select id=\"year\" aria-label=\"年份\">"
	    "<option value=\"\">全部年份</option>");
	for (y = 0; y < nyears; y++) {
		site_raw(b, "<option>");
		site_esc(b, years[y]);
		site_raw(b, "</option>");
	}
	site_raw(b, "</select>\n<select id=\"type\" aria-label=\"处罚种类\">"
	    "<option value=\"\">全部处罚种类</option>");
	for (size_t w = 0; site_penalty_words[w] != NULL; w++)
		for (size_t i = 0; i < n; i++)
			if (strstr(pages[i].penalty, site_penalty_words[w])) {
				site_raw(b, "<option>");
				site_raw(b, site_penalty_words[w]);
				site_raw(b, "</option>");
				break;
			}
	site_raw(b, "</select>\n<output id=\"count\"></output>\n</form>\n");
}

static void
entry(struct site_buf *b, const struct site_page *p, const char *name)
{
	site_raw(b, "<li><a href=\"d/");
	site_raw(b, name);           /* site_file_name's: nothing to escape */
	site_raw(b, ".html\">");
	site_esc(b, p->doc_number);
	site_raw(b, " ");
	site_esc(b, p->party);
	site_raw(b, "</a><br><span class=\"meta\">");
	site_esc(b, p->penalty);
	site_raw(b, " · 决定日期 ");
	site_esc(b, p->decided);
	site_raw(b, " · 公示日期 ");
	site_esc(b, p->published);
	site_raw(b, "</span></li>\n");
}

static void
data_item(struct site_buf *b, const struct site_page *p, int first)
{
	char year[5];

	memcpy(year, p->decided, 4);
	year[4] = '\0';
	site_raw(b, first ? "\n{\"y\":" : ",\n{\"y\":");
	site_json(b, year);
	site_raw(b, ",\"p\":");
	site_json(b, p->penalty);
	site_raw(b, ",\"f\":");
	site_json(b, p->facts);
	site_raw(b, ",\"b\":");
	site_json(b, p->basis);
	site_raw(b, "}");
}

static void
removals(struct site_buf *b, const struct site_removal *gone, size_t n)
{
	site_raw(b, "<section id=\"removed\">\n<h2>已撤下的公示</h2>\n");
	if (n == 0)
		site_raw(b, "<p>无。</p>\n");
	else
		site_raw(b, "<ul>\n");
	for (size_t i = 0; i < n; i++) {
		site_raw(b, "<li><b>");
		site_esc(b, site_because(gone[i].because));
		site_raw(b, "</b> ");
		site_esc(b, gone[i].date);
		site_raw(b, " ");
		site_esc(b, gone[i].doc_number);
		site_raw(b, "（案件编号 ");
		site_esc(b, gone[i].case_id);
		site_raw(b, "）：");
		site_esc(b, gone[i].reason);
		site_raw(b, "</li>\n");
	}
	if (n > 0)
		site_raw(b, "</ul>\n");
	site_raw(b, "</section>\n");
}

void
site_index_html(struct site_buf *b, const char *agency,
    const char *checkpoint, const struct site_page *pages,
    const size_t *order, size_t npages, char *const *names,
    const struct site_removal *gone, size_t ngone, const char *now,
    const struct site_link *links, size_t nlinks)
{
	site_head(b, agency, "行政处罚决定公示", "");
	site_raw(b, "<header>\n<h1>");
	site_esc(b, agency);
	site_raw(b, " 行政处罚决定公示</h1>\n<p class=\"meta\">更新时间 ");
	site_esc(b, now);
	site_raw(b, " · <a href=\"feed.atom\">订阅（Atom）</a> · "
	    "<a href=\"#checkpoint\">核验</a></p>\n</header>\n");
	if (nlinks > 0) {
		site_raw(b, "<nav id=\"lists\"><h2>其他公示信息</h2>\n<ul>\n");
		for (size_t i = 0; i < nlinks; i++) {
			site_raw(b, "<li><a href=\"");
			site_esc(b, links[i].file);
			site_raw(b, "\">");
			site_esc(b, links[i].title);
			site_raw(b, "</a></li>\n");
		}
		site_raw(b, "</ul>\n</nav>\n");
	}
	site_raw(b, "<main>\n");
	filter_form(b, pages, npages);
	if (npages == 0)
		site_raw(b, "<p>暂无公示的行政处罚决定。</p>\n");
	site_raw(b, "<ol id=\"list\">\n");
	for (size_t i = 0; i < npages; i++)
		entry(b, &pages[order[i]], names[order[i]]);
	site_raw(b, "</ol>\n</main>\n");
	removals(b, gone, ngone);
	site_raw(b, "<section id=\"checkpoint\">\n<h2>当前签名检查点</h2>\n"
	    "<p>每个决定页末附有公示记录的包含证明，可用下面的检查点"
	    "（<a href=\"checkpoint.txt\">checkpoint.txt</a>）以 "
	    "store-verify --check-proof 核验。</p>\n<pre>\n");
	site_esc(b, checkpoint);
	site_raw(b, "</pre>\n</section>\n"
	    "<script type=\"application/json\" id=\"data\">[");
	for (size_t i = 0; i < npages; i++)
		data_item(b, &pages[order[i]], i == 0);
	site_raw(b, "]</script>\n<script>\n");
	site_raw(b, script);
	site_raw(b, "</script>\n");
	site_foot(b);
}
