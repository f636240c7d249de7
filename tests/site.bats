#!/usr/bin/env bats
# The static site of published decisions (lib/output/site*.c), written
# by tests/tools/site-demo from Chinese sample decisions: an organisation
# with its code, a natural person as 张某 whose ID number was redacted,
# "</script><b>", "&" and quotes in the texts, two withdrawals.
# tests/unit/site.c checks the escapes and file names one by one.
bats_require_minimum_version 1.5.0
load helper

setup() {
	demo=$(dirname "$(command -v store-verify)")/../tools/site-demo
	site=$BATS_TEST_TMPDIR/site
}

# The three sample decisions' titles, as a reader sees them.
titles=('同市监罚〔2026〕12号 大同市某某超市有限公司'
	'同市监罚〔2026〕31号 大同市"云端"网络科技有限公司'
	'同市监罚〔2025〕207号 张某')
# The ID number redacted out of 张某's facts before they reached the site.
redacted_id=11010519491231002X

# The data block of index.html, as JSON.parse will read it.
data_block() {
	sed -n '/<script type="application\/json" id="data">/,/<\/script>/p' "$site/index.html"
}

@test "the site: an index, a page per decision, the feed and the checkpoint, and no more" {
	run -0 "$demo" "$site"
	assert_output ''
	run -0 find "$site" -type f
	assert_equal "$(sort <<<"$output")" "$(printf '%s\n' "$site/checkpoint.txt" \
		"$site/d/2025-000318.html" "$site/d/2026-000042.html" \
		"$site/d/2026-000077.html" "$site/feed.atom" "$site/index.html")"
	assert_equal "$(sed -n 4p "$site/checkpoint.txt")" ''
	assert_equal "$(head -n 2 "$site/checkpoint.txt")" $'casetrail/8600a7dcf61f2fe1\n1432'
}

@test "a decision's page: every field under its Chinese label, and what checks it" {
	"$demo" "$site"
	page=$site/d/2026-000042.html
	local want
	for want in '<title>同市监罚〔2026〕12号 大同市某某超市有限公司</title>' \
		'<dt>行政处罚决定书文号</dt><dd>同市监罚〔2026〕12号</dd>' \
		'<dt>当事人</dt><dd>大同市某某超市有限公司</dd>' \
		'<dt>统一社会信用代码</dt><dd>91140200MA0GRQ8L3K</dd>' \
		'<dt>主要违法事实</dt><dd>2026年9月1日，执法人员检查发现当事人在其经营场所销售超过保质期的食品共计 36 件，货值 1,200 元 &amp; 违法所得 300 元。</dd>' \
		'<dt>处罚依据</dt><dd>《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条第一款第（五）项</dd>' \
		'<dt>处罚种类和金额</dt><dd>罚款 50000.00 元；没收违法所得 300.00 元</dd>' \
		'<dt>作出处罚决定的机关</dt><dd>大同市市场监督管理局</dd>' \
		'<dt>作出处罚决定的日期</dt><dd>2026-11-20</dd>' \
		'<dt>公示日期</dt><dd>2026-11-24</dd>' \
		'<dt>公示截止日期</dt><dd>2029-11-24</dd>' \
		'<dt>案件编号</dt><dd>2026-000042</dd>' \
		'<meta name="viewport" content="width=device-width, initial-scale=1">' \
		'store-verify --check-proof --against checkpoint.txt &lt; proof.txt' \
		'<pre id="entry">' \
		'{&quot;seq&quot;:1201,&quot;at&quot;:&quot;2026-11-24T02:00:00Z&quot;,&quot;action&quot;:&quot;publish&quot;,&quot;case&quot;:&quot;2026-000042&quot;}' \
		'<pre id="proof">' 'casetrail-proof 1' 'index 1200' \
		'path NLT03H+Bzn370hSW3XPS/F/jDmOHvBQSwDe0qbRa7UI=' \
		'<pre id="checkpoint">' \
		'— casetrail/8600a7dcf61f2fe1/li.ming xOz/iCLEQ/nnzH6TU+OLfv02jbOFme589+JrvyiJH6ZifsbZr/HtqW+zsoXdlbjR4VQjzAExSq6hQPJYHuieF5Q+XQA='; do
		grep -qF -- "$want" "$page" || fail "not in $page: $want"
	done
	# A natural person has no code: no empty label.
	run -1 grep -F 统一社会信用代码 "$site/d/2025-000318.html"
	# Nothing from elsewhere: no URL, no source, no import.
	run -1 grep -E 'https?://|src=|@import|url\(' "$page" "$site/index.html"
}

@test "the index: every decision newest first, the filters, the removals with their reason, the checkpoint" {
	"$demo" "$site"
	run -0 grep -o '<li><a href="d/[^"]*">[^<]*</a>' "$site/index.html"
	assert_equal "$output" "$(printf '%s\n' \
		'<li><a href="d/2026-000042.html">同市监罚〔2026〕12号 大同市某某超市有限公司</a>' \
		'<li><a href="d/2026-000077.html">同市监罚〔2026〕31号 大同市&quot;云端&quot;网络科技有限公司</a>' \
		'<li><a href="d/2025-000318.html">同市监罚〔2025〕207号 张某</a>')"
	run -0 grep -o '<option>[^<]*</option>' "$site/index.html"
	assert_equal "$(tr -d '\n' <<<"$output")" \
		'<option>2026</option><option>2025</option><option>警告</option><option>罚款</option><option>没收违法所得</option><option>责令停产停业</option>'
	grep -qF '<li><b>撤销</b> 2026-11-20 同市监罚〔2026〕3号（案件编号 2026-000007）：经行政复议，原处罚决定被撤销</li>' "$site/index.html"
	grep -qF '<li><b>变更</b> 2026-11-22 同市监罚〔2026〕9号（案件编号 2026-000019）：罚款数额变更为 &lt;5000&gt; 元 &amp; &quot;重新公示&quot;</li>' "$site/index.html"
	grep -qF '<h1>大同市市场监督管理局 行政处罚决定公示</h1>' "$site/index.html"
	grep -qF '<h2>当前签名检查点</h2>' "$site/index.html"
	grep -qF '@media print{' "$site/index.html"
	# The checkpoint shown is checkpoint.txt, byte for byte.
	assert_equal "$(sed -n '/<section id="checkpoint">/,/<\/pre>/p' "$site/index.html" |
		sed '1,/<pre>/d; /<\/pre>/d')" "$(cat "$site/checkpoint.txt")"
}

@test "escapes hold: markup, </script>, & and quotes are text in the pages, the data block and the feed" {
	"$demo" "$site"
	page=$site/d/2026-000077.html
	grep -qF '<dd>当事人在网店页面中插入&lt;/script&gt;&lt;b&gt;最佳&lt;/b&gt;等字样 &amp; &#39;国家级&#39; 用语，' "$page"
	grep -qF '<title>同市监罚〔2026〕31号 大同市&quot;云端&quot;网络科技有限公司</title>' "$page"
	run -1 grep -F '<b>最佳' "$page" "$site/index.html" "$site/feed.atom"
	# In the data block the text is JSON with no < > & ' of its own: the
	# block ends at its own </script> and nowhere before.
	run -0 data_block
	assert_line --partial '"f":"当事人在网店页面中插入\u003c/script\u003e\u003cb\u003e最佳\u003c/b\u003e等字样 \u0026 \u0027国家级\u0027 用语，\n构成虚假宣传。"'
	assert_equal "$(grep -c '</script>' <<<"$output")" 1
	assert_equal "$(grep -o '</script>' "$site/index.html" | wc -l)" 2
	# SQLite reads the block as the JSON the script parses.
	block=$(data_block | sed '1s/.*id="data">//; $s/<\/script>$//')
	assert_equal "$(json_get "$block" '$[1].f')" "当事人在网店页面中插入</script><b>最佳</b>等字样 & '国家级' 用语，
构成虚假宣传。"
	assert_equal "$(json_get "$block" '$[2].y')" 2025
	grep -qF '<summary type="text">当事人：大同市&quot;云端&quot;网络科技有限公司；处罚：责令停产停业；罚款 10000.00 元；作出决定日期：2026-10-30；主要违法事实：当事人在网店页面中插入&lt;/script&gt;&lt;b&gt;最佳&lt;/b&gt;等字样 &amp; &#39;国家级&#39; 用语，' "$site/feed.atom"
}

@test "feed.atom is well-formed Atom, its publications newest first" {
	"$demo" "$site"
	if command -v xmllint >/dev/null; then
		run -0 xmllint --noout "$site/feed.atom"
	fi
	run -0 python3 - "$site/feed.atom" <<-'EOF'
		import sys, xml.etree.ElementTree as ET
		a = '{http://www.w3.org/2005/Atom}'
		feed = ET.parse(sys.argv[1]).getroot()
		assert feed.tag == a + 'feed'
		for need in ('id', 'title', 'updated', 'author'):
		    assert feed.find(a + need) is not None, need
		print(feed.find(a + 'updated').text)
		for e in feed.findall(a + 'entry'):
		    print(e.find(a + 'published').text, e.find(a + 'title').text,
		          e.find(a + 'link').get('href'), e.find(a + 'id').text[:9])
	EOF
	assert_output "2026-11-25T10:00:00+08:00
2026-11-24T00:00:00+08:00 同市监罚〔2026〕12号 大同市某某超市有限公司 d/2026-000042.html urn:uuid:
2026-11-03T00:00:00+08:00 同市监罚〔2026〕31号 大同市\"云端\"网络科技有限公司 d/2026-000077.html urn:uuid:
2025-12-15T00:00:00+08:00 同市监罚〔2025〕207号 张某 d/2025-000318.html urn:uuid:"
}

@test "the same decisions give the same bytes; unchanged files are left alone" {
	"$demo" "$site"
	"$demo" "$BATS_TEST_TMPDIR/again"
	run -0 diff -r "$site" "$BATS_TEST_TMPDIR/again"
	before=$(stat -c '%i %Y' "$site"/index.html "$site"/d/*.html)
	touch -d '2020-01-01' "$site"/index.html "$site"/d/*.html
	old=$(stat -c '%i %Y' "$site"/index.html "$site"/d/*.html)
	"$demo" "$site"
	assert_equal "$(stat -c '%i %Y' "$site"/index.html "$site"/d/*.html)" "$old"
	[ "$before" != "$old" ]
}

@test "a second write with one decision fewer removes its page, and what a crash left" {
	"$demo" "$site"
	: >"$site/d/.tmp-2026-000042.html"
	: >"$site/d/2020-000001.html"
	echo 留着 >"$site/d/说明.txt"
	run -0 "$demo" -n 2 "$site"
	run -0 find "$site/d" -type f
	assert_equal "$(sort <<<"$output")" "$(printf '%s\n' "$site/d/2025-000318.html" \
		"$site/d/2026-000042.html" "$site/d/说明.txt")"
	run -1 grep -F 2026-000077 "$site/index.html" "$site/feed.atom"
	grep -qF '同市监罚〔2025〕207号 张某' "$site/index.html"
}

@test "an output path that is a file is refused, and the file left as it was" {
	echo 不是目录 >"$BATS_TEST_TMPDIR/file"
	run -2 "$demo" "$BATS_TEST_TMPDIR/file"
	assert_output "site-demo: '$BATS_TEST_TMPDIR/file' exists and is not a directory"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/file")" 不是目录
	mkdir "$site"
	: >"$site/d"
	run -2 "$demo" "$site"
	assert_output "site-demo: '$site/d' exists and is not a directory"
	run -0 find "$site" -mindepth 1
	assert_output "$site/d"
	[ ! -s "$site/d" ]
}

@test "a directory that cannot be written: exit 5, naming it" {
	mkdir -p "$site/d"
	# chattr +i stops root too; Bats could not remove it: teardown undoes it.
	chattr +i "$site/d" 2>/dev/null ||
		skip "machine: chattr +i does not work here"
	immutable=$site/d
	run -5 "$demo" "$site"
	assert_output --regexp "^site-demo: cannot write '$site/d/\.tmp-[^']*': Operation not permitted$"
	run -0 find "$site" -mindepth 1
	assert_output "$site/d"
}

teardown() {
	[ -z "${immutable:-}" ] || chattr -i "$immutable"
}

# Headless Chromium: one start to read the index as the browser built it
# after its script ran, filtered by the URL, and a decision's page; one
# for a screenshot, filtered too.
chromium_bin() {
	local c
	for c in chromium chromium-browser google-chrome; do
		command -v "$c" && return
	done
	return 1
}

@test "chromium: the titles are in the rendered page, the redacted ID is not, and the filter in the URL works" {
	chrome=$(chromium_bin) ||
		skip "machine: no chromium (make deps installs Debian's chromium)"
	"$demo" "$site"
	run -0 --separate-stderr timeout 120 "$chrome" --headless --no-sandbox \
		--disable-gpu --virtual-time-budget=5000 --dump-dom \
		"file://$site/index.html#q=%E9%A3%9F%E5%93%81%E5%AE%89%E5%85%A8%E6%B3%95&year=2026"
	local title
	for title in "${titles[@]}"; do
		assert_output --partial "$title"
	done
	refute_output --partial "$redacted_id"
	# The script ran: the form shown, the filter of the URL applied.  The
	# text is in the legal basis of two decisions, of 2025 and 2026, which
	# only the data block holds; the year leaves one.
	assert_output --partial '<output id="count">显示 1 条，共 3 条</output>'
	refute_output --partial '<form id="filter" role="search" hidden'
	assert_line '<li><a href="d/2026-000042.html">同市监罚〔2026〕12号 大同市某某超市有限公司</a><br><span class="meta">罚款 50000.00 元；没收违法所得 300.00 元 · 决定日期 2026-11-20 · 公示日期 2026-11-24</span></li>'
	assert_line --partial '<li hidden=""><a href="d/2026-000077.html">'
	assert_line --partial '<li hidden=""><a href="d/2025-000318.html">'
	# A decision's page as the browser reads it.
	run -0 --separate-stderr timeout 120 "$chrome" --headless --no-sandbox \
		--disable-gpu --dump-dom "file://$site/d/2025-000318.html"
	assert_output --partial '<h1>同市监罚〔2025〕207号 张某</h1>'
	assert_output --partial '<dd>当事人张某（身份证号码［已隐去］，住山西省大同市平城区［已隐去］）未取得食品经营许可从事食品销售活动。</dd>'
	refute_output --partial "$redacted_id"
}

@test "chromium: a screenshot at a phone's width, filtered by penalty type" {
	chrome=$(chromium_bin) ||
		skip "machine: no chromium (make deps installs Debian's chromium)"
	"$demo" "$site"
	shot=$BATS_TEST_TMPDIR/index.png
	run -0 --separate-stderr timeout 120 "$chrome" --headless --no-sandbox \
		--disable-gpu --hide-scrollbars --window-size=412,900 \
		--virtual-time-budget=5000 --screenshot="$shot" --dump-dom \
		"file://$site/index.html#type=%E8%AD%A6%E5%91%8A"
	[ -s "$shot" ] || fail "no screenshot in $shot"
	assert_equal "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a
	[ "$(stat -c %s "$shot")" -gt 10000 ] || fail "the screenshot is nearly empty"
	# 警告 (a warning) is 张某's penalty alone.
	assert_output --partial '<output id="count">显示 1 条，共 3 条</output>'
	assert_line --partial '<li><a href="d/2025-000318.html">'
	assert_line --partial '<li hidden=""><a href="d/2026-000042.html">'
	assert_line --partial '<li hidden=""><a href="d/2026-000077.html">'
}

# Officers for publish-export --what officers: 王芳, 周强 (a head), and
# 赵敏, who publishes.
officers_to_publish() {
	add_officer wang.fang 王芳 14020020002 &&
		add_officer zhou.qiang 周强 14020020009 --role officer --role head &&
		add_officer zhao.min 赵敏 14020020003 --role publisher
}

@test "chromium: publish-export's officers page, linked from the index, its table and what checks it" {
	chrome=$(chromium_bin) ||
		skip "machine: no chromium (make deps installs Debian's chromium)"
	setup_store officers_to_publish
	publish-export -A zhao.min -q --what officers >/dev/null
	publish-export -A zhao.min -f html -o "$site"
	run -0 --separate-stderr timeout 120 "$chrome" --headless --no-sandbox \
		--disable-gpu --dump-dom "file://$site/index.html"
	assert_output --partial '<li><a href="officers.html">执法人员公示</a></li>'
	shot=$BATS_TEST_TMPDIR/officers.png
	run -0 --separate-stderr timeout 120 "$chrome" --headless --no-sandbox \
		--disable-gpu --hide-scrollbars --window-size=412,900 \
		--screenshot="$shot" --dump-dom "file://$site/officers.html"
	assert_output --partial '<tr><td>周强</td><td>14020020009</td><td>行政执法、行政机关负责人</td><td>2030-12-31</td></tr>'
	assert_output --partial '<h2>核验</h2>'
	assert_output --partial '<pre id="checkpoint">'
	refute_output --partial zhou.qiang
	refute_output --partial 赵敏
	[ -s "$shot" ] || fail "no screenshot in $shot"
}
