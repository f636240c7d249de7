#!/usr/bin/env bats
# publish: publicity (公示) of decisions, publish-export and
# publish-withdraw.  Only a publisher publishes or withdraws; an export
# publishes the decided cases not yet published, redacted, in one publish
# entry that holds exactly what it published; a minor's decision is held
# back; a withdrawal takes a record down with its public reason, flagged
# late past deadline.withdraw working days after the decision was changed;
# store-verify replays both entries.  The cases: a person, 张三, whose
# decision's facts are full of his numbers; a company with its credit
# code; a minor; an open case.
bats_require_minimum_version 1.5.0
load helper
load forge

# The clock: 2026-11-25 10:00 Beijing time, a Wednesday (setup_store).
setup() {
	setup_store decided_cases
	cd "$BATS_TEST_TMPDIR" || return
}

ID18=140202199003071230                 # a resident ID, its check character right
MOBILE=13812345678
CARD=6222021234567890128                # passes Luhn
USCC=91140200MA0L3K5P2N                 # a unified social credit code
FACTS="当事人张三（身份证号${ID18}，手机 ${MOBILE}，银行卡号${CARD}）未取得营业执照从事经营活动，违法所得人民币三千元；证人王小二（电话 138 0000 1111）证实"

# A decided case: a waiver, then the head's decision.  $1 the case, the
# rest the penalty's fields.
decided() {
	local id=$1
	shift
	plain case-log -q "$id" --action waiver -m 当事人书面放弃陈述、申辩权利 &&
		plain case-log -q "$id" --action decision "$@" -m 行政处罚决定书 -A zhou.qiang >/dev/null
}

# A publisher zhao.min (赵敏), a head zhou.qiang (周强), wang.fang; cases
# 1 (张三, a person), 2 (a company), 3 (a minor) decided, 4 open.
decided_cases() {
	add_officer wang.fang 王芳 14020020002 &&
		add_officer zhou.qiang 周强 14020020009 --role officer --role head &&
		add_officer zhao.min 赵敏 14020020003 --role publisher || return
	plain case-new --type penalty --title 张三无照经营案 --party 张三 \
		--party-kind person --party-id "$ID18" --handler li.ming \
		--handler wang.fang --at "2026-09-01 09:30" >/dev/null &&
		plain case-new --type penalty --title 某商贸公司销售过期食品案 \
			--party 大同市某某商贸有限公司 --party-kind org --party-id "$USCC" \
			--handler li.ming --handler wang.fang --at "2026-09-02 09:30" >/dev/null &&
		plain case-new --type penalty --title 李小明损坏公物案 --party 李小明 \
			--party-kind person --party-minor --handler li.ming \
			--handler wang.fang --at "2026-09-03 09:30" >/dev/null &&
		plain case-new --type penalty --title 某网吧接纳未成年人案 \
			--party 大同市某某网吧 --party-kind org --handler li.ming \
			--handler wang.fang --at "2026-09-04 09:30" >/dev/null || return
	decided 2026-000001 --penalty warning --fine 5000 \
		--basis 《无证无照经营查处办法》第十三条 --facts "$FACTS" &&
		decided 2026-000002 --fine 20000 --confiscation 3000 \
			--basis 《中华人民共和国食品安全法》第一百二十四条 \
			--facts 销售超过保质期的食品，货值金额人民币八千元 &&
		decided 2026-000003 --penalty warning --basis 《治安管理处罚法》第四十九条 \
			--facts 李小明损坏公共设施
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }
conf() { printf '%s\n' "$@" >>"$CASETRAIL_STORE/casetrail.conf"; }
export_as() { publish-export -A zhao.min "$@"; }

# The numbers of natural persons, as patterns: none may be in an export.
assert_no_numbers() {
	refute_output --regexp '[0-9]{17}[0-9Xx]'
	refute_output --regexp '1[3-9][0-9]{9}'
	refute_output --regexp '[0-9]{16,19}'
	refute_output --regexp '138 0000 1111'
	refute_output --partial 张三
}

@test "only a publisher publishes or withdraws (3), the store unchanged" {
	refuses 3 publish-export -A li.ming
	assert_output "publish-export: officer 'li.ming' cannot record publish: that needs the publisher role"
	refuses 3 publish-export -A zhou.qiang --dry-run
	export_as -q >/dev/null
	refuses 3 publish-withdraw -A li.ming 2026-000001 --because revoked --reason 原处罚决定已被撤销
	assert_output "publish-withdraw: officer 'li.ming' cannot record withdraw: that needs the publisher role"
}

@test "an export publishes the decided cases, redacted, a publish entry each" {
	run -0 export_as
	assert_equal "${#lines[@]}" 4  # two records, the held back, the entries
	# Each record with its entry, that entry's proof and the checkpoint.
	n=$(db 'SELECT max(seq) FROM journal')
	assert_line --index 1 --regexp '^\{"case_id":"2026-000002","doc_number":"罚〔2026〕2号","party":"大同市某某商贸有限公司","party_code":"91140200MA0L3K5P2N","facts":"销售超过保质期的食品，货值金额人民币八千元","basis":"《中华人民共和国食品安全法》第一百二十四条","penalty":"罚款 20000.00 元；没收违法所得 3000.00 元","agency":null,"decided":"2026-11-25","published":"2026-11-25","ends":"2029-11-25","entry":'"$n"',"proof":"casetrail-proof 1\\nindex '"$((n - 1))"'\\nline .*","checkpoint":"casetrail/[0-9a-f]+\\n'"$n"'\\n.*"\}$'
	assert_line --index 0 --partial '"party":"张某","party_code":null,"facts":"当事人张某（身份证号［已隐去］，手机 ［已隐去］，银行卡号［已隐去］）'
	assert_line --index 0 --partial '"entry":'"$((n - 1))"','
	assert_line --index 2 "publish-export: 1 decision of minors held back, not published"
	assert_line --index 3 "publish-export: 2 records published in entries $((n - 1)) to $n"
	refute_output --partial 2026-000003
	refute_output --partial 2026-000004
	# Each entry holds its record as published, the first also what was
	# held back, and the table says so.
	run db "SELECT action, line->>'\$.body.records[0].case_id', json_array_length(line->'\$.body.records'), line->>'\$.body.held_back' FROM journal ORDER BY seq DESC LIMIT 2"
	assert_output "publish|2026-000002|1|0
publish|2026-000001|1|1"
	run db "SELECT case_id, published, ends FROM publication ORDER BY case_id"
	assert_output "2026-000001|2026-11-25|2029-11-25
2026-000002|2026-11-25|2029-11-25"
	CASETRAIL_NOW="2026-11-26 10:00" run -0 store-verify -q
}

@test "no ID, mobile or bank card number, nor the party's name, in any format or in the entry" {
	for f in json csv tsv; do
		run -0 export_as --dry-run -f "$f"
		assert_output --partial 张某
		assert_no_numbers
	done
	run -0 export_as -f csv --bom
	assert_no_numbers
	run -0 db "SELECT line FROM journal WHERE action = 'publish'"
	assert_output --partial 张某
	assert_no_numbers
}

@test "--redact-also: a witness's name the record cannot know" {
	run -0 export_as --dry-run -f tsv
	assert_output --partial 证人王小二
	run -0 export_as --redact-also 王小二 -f tsv
	assert_output --partial 证人王某（电话 ［已隐去］）证实
	refute_output --partial 王小二
	run -0 db "SELECT line FROM journal WHERE action = 'publish'"
	assert_output --partial 证人王某（电话 ［已隐去］）证实
}

@test "--dry-run shows the records and records nothing" {
	local before
	state_into before
	run -0 --separate-stderr export_as --dry-run
	assert_line --index 0 --partial '"case_id":"2026-000001"'
	assert_line --index 0 --partial '"entry":0,"proof":null,"checkpoint":null}'
	assert_equal "$stderr" "publish-export: 1 decision of minors held back, not published"
	same_store "$before" publish-export --dry-run
}

@test "a re-run exports nothing new and records nothing" {
	local before
	export_as >/dev/null 2>&1
	state_into before
	run -0 export_as
	assert_output "publish-export: 1 decision of minors held back, not published"
	same_store "$before" publish-export
	# A case decided since: only it.
	plain case-log -q 2026-000004 --action waiver -m 放弃陈述申辩
	case-log -q 2026-000004 --action decision --fine 30000 --facts 接纳未成年人进入营业场所 -m 决定书 -A zhou.qiang
	run -0 export_as -q -f tsv
	assert_output "2026-000004	罚〔2026〕4号	大同市某某网吧		接纳未成年人进入营业场所		罚款 30000.00 元		2026-11-25	2026-11-25	2029-11-25	$(db 'SELECT max(seq) FROM journal')
publish-export: 1 decision of minors held back, not published"
	run -0 export_as --all -f tsv
	assert_equal "$(cut -f1 <<<"$output" | tr '\n' ' ')" "2026-000001 2026-000002 2026-000004 "
}

@test "-o in the store: refused (2) before anything is written, its database and settings intact" {
	local conf
	conf=$(cat "$CASETRAIL_STORE/casetrail.conf")
	refuses 2 publish-export -A zhao.min -o "$CASETRAIL_STORE/store.db"
	assert_output "publish-export: '$CASETRAIL_STORE/store.db' is in the store $CASETRAIL_STORE: an output there would overwrite or clutter what the store keeps"
	# Whoever asks, before his role is known.
	refuses 2 publish-export -A li.ming -o "$CASETRAIL_STORE/casetrail.conf"
	assert_equal "$(cat "$CASETRAIL_STORE/casetrail.conf")" "$conf"
	refuses 2 publish-export -A zhao.min -f html -o "$CASETRAIL_STORE/objects/site"
	[ ! -e "$CASETRAIL_STORE/objects/site" ]
	CASETRAIL_NOW="2026-11-26 10:00" run -0 store-verify -q
}

@test "bad input: an unknown --what, a format, html without a directory (2)" {
	refuses_usage "publish-export: unknown --what 'everything' (what it takes: decisions officers powers inspections all)" \
		publish-export -A zhao.min --what everything
	refuses 2 publish-export -A zhao.min -f xml
	assert_output "publish-export: unknown format 'xml' (formats: json csv tsv html)"
	refuses_usage "publish-export: --format html writes a site: it needs -o DIR" \
		publish-export -A zhao.min -f html
	refuses_usage "publish-withdraw: --because and --reason are required" \
		publish-withdraw -A zhao.min 2026-000001 --because revoked
}

@test "--format html: the site of what is published, each page with its entry and proof; a file for -o refused (2)" {
	: >site.txt
	refuses 2 publish-export -A zhao.min -f html -o site.txt
	assert_output --partial "exists and is not a directory"
	run -0 export_as -f html -o site
	run -0 cat site/index.html site/d/*.html site/feed.atom
	assert_output --partial 大同市某某商贸有限公司
	assert_output --partial 张某
	assert_no_numbers
	refute_output --partial 李小明
	# Each page holds its publish entry's canonical line and a proof
	# that checks against the checkpoint the site shows.
	n=$(db "SELECT max(seq) FROM journal WHERE action = 'publish'")
	line=$(store-verify --proof "$n" | head -n 1)
	grep -qF "$(printf '%s' "$line" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&quot;/g' | cut -c1-60)" site/d/2026-000002.html
	[ -s site/checkpoint.txt ]
	run -0 store-verify --check-proof --against site/checkpoint.txt < <(store-verify --proof "$n")
}

@test "case-new --party-minor is in the case-new entry, and only then" {
	run db "SELECT case_id, line->>'\$.body.party_minor' FROM journal WHERE action = 'case-new' ORDER BY seq"
	assert_output "2026-000001|
2026-000002|
2026-000003|1
2026-000004|"
}

@test "withdrawing an unpublished case is refused (3), an unknown case (4), a bad --because (2)" {
	refuses 3 publish-withdraw -A zhao.min 2026-000001 --because revoked --reason 原处罚决定已被撤销
	assert_output "publish-withdraw: case '2026-000001' is not published: there is nothing to withdraw"
	refuses 4 publish-withdraw -A zhao.min 2026-000099 --because revoked --reason 撤销
	export_as >/dev/null 2>&1
	refuses 2 publish-withdraw -A zhao.min 2026-000001 --because 撤销 --reason 撤销
	assert_output "publish-withdraw: unknown reason '撤销' (--because: changed revoked unlawful void)"
	publish-withdraw -A zhao.min 2026-000001 --because revoked --reason 原处罚决定已被撤销
	refuses 3 publish-withdraw -A zhao.min 2026-000001 --because revoked --reason 又一次
}

@test "a withdrawal: the next export lists it with its reason, --all omits the record" {
	export_as >/dev/null 2>&1
	run -0 publish-withdraw -A zhao.min 2026-000002 --because void --reason 经复议确认原处罚决定无效
	assert_output ""
	run -0 export_as
	assert_output "publish-export: 1 decision of minors held back, not published
publish-export: removed 2026-000002 罚〔2026〕2号: void: 经复议确认原处罚决定无效 (2026-11-25)
publish-export: 0 records published in entry $(db 'SELECT max(seq) FROM journal')"
	run -0 db "SELECT line->'\$.body.removed' FROM journal ORDER BY seq DESC LIMIT 1"
	assert_output '[{"case_id":"2026-000002","doc_number":"罚〔2026〕2号","because":"void","reason":"经复议确认原处罚决定无效","day":"2026-11-25"}]'
	run -0 --separate-stderr export_as --all -f tsv
	assert_output --regexp '^2026-000001	'
	refute_output --partial 2026-000002
	assert_equal "$stderr" "publish-export: removed 2026-000002 罚〔2026〕2号: void: 经复议确认原处罚决定无效 (2026-11-25)"
	CASETRAIL_NOW="2026-11-26 10:00" run -0 store-verify -q
}

# A calendar with a holiday on Thursday and Friday 11-26, 11-27 and a
# make-up working day (调休) on Sunday 11-29: 3 working days after
# Wednesday 11-25 end on Tuesday 12-01, not on Monday 11-30 as Monday to
# Friday would count.
holidays() {
	printf '# 测试日历\n2026-11-26\toff\t假日\n2026-11-27\toff\t假日\n2026-11-29\twork\t调休\n' >"$BATS_TEST_TMPDIR/holidays.tsv"
	conf "holidays = $BATS_TEST_TMPDIR/holidays.tsv"
}

@test "a withdrawal after deadline.withdraw working days from the change is flagged late, across 调休" {
	export_as >/dev/null 2>&1
	CASETRAIL_NOW="2026-11-25 11:00" case-log -q 2026-000001 --action decision-change -m 行政复议决定变更原处罚决定
	holidays
	save
	CASETRAIL_NOW="2026-12-01 10:00" run -0 publish-withdraw -A zhao.min 2026-000001 --because changed --reason 原处罚决定已变更
	assert_output ""
	run db "SELECT line->>'\$.body.changed', line->>'\$.body.late' FROM journal ORDER BY seq DESC LIMIT 1"
	assert_output "2026-11-25|"
	restore
	CASETRAIL_NOW="2026-12-02 10:00" run -0 publish-withdraw -A zhao.min 2026-000001 --because changed --reason 原处罚决定已变更
	assert_output "publish-withdraw: late: the decision was changed on 2026-11-25, more than deadline.withdraw working days ago"
	run db "SELECT line->>'\$.body.late' FROM journal ORDER BY seq DESC LIMIT 1"
	assert_output "1"
}

@test "a calendar with a bad line: its line number (2), nothing withdrawn" {
	export_as >/dev/null 2>&1
	CASETRAIL_NOW="2026-11-25 11:00" case-log -q 2026-000001 --action decision-change -m 变更
	printf '2026-11-26\toff\n2026-13-01\toff\n' >"$BATS_TEST_TMPDIR/holidays.tsv"
	conf "holidays = $BATS_TEST_TMPDIR/holidays.tsv"
	refuses 2 publish-withdraw -A zhao.min 2026-000001 --because changed --reason 变更
	assert_output --partial "holidays.tsv:2:"
}

@test "a publication's last day: publish.keep-penalty; the export after it lists the removal" {
	conf "publish.keep-penalty = 1m"
	export_as >/dev/null 2>&1
	run db "SELECT DISTINCT ends FROM publication"
	assert_output "2026-12-25"
	CASETRAIL_NOW="2026-12-25 10:00" run -0 export_as -q --all -f tsv
	assert_equal "${#lines[@]}" 2
	CASETRAIL_NOW="2026-12-26 10:00" run -0 export_as -q
	assert_output "publish-export: 1 decision of minors held back, not published
publish-export: removed 2026-000001 罚〔2026〕1号: ended: 公示期满 (2026-12-25)
publish-export: removed 2026-000002 罚〔2026〕2号: ended: 公示期满 (2026-12-25)"
	CASETRAIL_NOW="2026-12-26 10:00" run -0 --separate-stderr export_as --all -f tsv
	assert_output ""
	# The journal keeps what was published.
	run db "SELECT count(*) FROM journal j, json_each(j.line, '\$.body.records') WHERE j.action = 'publish'"
	assert_output 2
	conf "publish.keep = 3w"
	refuses 2 publish-export -A zhao.min
	assert_output --partial "publish.keep takes years or months, as 3y or 6m, up to 10 years, not '3w'"
}

# The shell of casetrail(7), Publication, that checks a proof with
# openssl, as the page has it.
man_check() {
	sed -n '/^line=\$(sed -n/,/^\techo "\$line"$/p' "$CASETRAIL_TOP/man/casetrail.7" |
		sed 's/\\e/\\/g'
}

@test "anyone checks a published record as casetrail(7) says: store-verify, or openssl and shell" {
	export_as -f json >published.json 2>/dev/null
	head -n 1 published.json >record.json
	# As the manual says: the record carries its entry's proof and the
	# checkpoint, the same the store gives for its entry.
	jq -j .proof <record.json >record.proof
	jq -j .checkpoint <record.json >checkpoint.txt
	seq=$(jq -r .entry <record.json)
	assert_equal "$(cat record.proof)" "$(store-verify --proof "$seq")"
	run -0 store-verify -S nowhere --check-proof --against checkpoint.txt <record.proof
	line=$output
	assert_equal "$(jq -r .action <<<"$line")" publish
	assert_equal "$(jq -r .seq <<<"$line")" "$seq"
	# The line that holds holds the record, field for field.
	run -0 jq -c '.body.records[0]' <<<"$line"
	assert_equal "$output" "$(jq -c 'del(.entry, .proof, .checkpoint)' record.json)"
	# The page's shell, with openssl: the same line.
	[ "$(man_check | wc -l)" -gt 15 ] || fail "no script in casetrail(7)"
	run -0 bash -c "$(man_check)"
	assert_output "$line"
	# A record changed after publication holds for neither.
	sed 's/张某/李某/' record.proof >changed.proof
	run store-verify -S nowhere --check-proof --against checkpoint.txt <changed.proof
	assert_failure 1
	mv changed.proof record.proof
	run bash -c "$(man_check)"
	assert_failure 1
	assert_output ""
}

@test "store-verify: a publish entry by a non-publisher, a withdrawal of nothing published, a publication row without its entry" {
	export_as >/dev/null 2>&1
	save
	forged li.ming - publish - '{"published":"2026-11-25","records":[],"held_back":0,"removed":[]}'
	caught "entry $n: officer 'li.ming' cannot record publish: that needs the publisher role"
	restore
	forged zhao.min - publish - '{"published":"2026-11-25","records":[],"held_back":0,"removed":[]}'
	accepted
	restore
	forged -x "INSERT INTO withdrawal VALUES ((SELECT max(seq) FROM journal), '2026-000004', 'void', '无效', '2026-11-25')" \
		zhao.min - withdraw - '{"case_id":"2026-000004","because":"void","reason":"无效","day":"2026-11-25"}'
	caught "entry $n withdraws a publication of a case that no earlier entry published"
	restore
	forged -x "INSERT INTO withdrawal VALUES ((SELECT max(seq) FROM journal), '2026-000002', 'void', '无效', '2026-11-25')" \
		zhao.min - withdraw - '{"case_id":"2026-000002","because":"void","reason":"无效","day":"2026-11-25"}'
	accepted
	restore
	db "INSERT INTO publication VALUES ('2026-000004', 3, NULL, '2026-11-25', '2029-11-25')"
	caught "publication of case 2026-000004 in entry 3 is not what entry 3 published"
	restore
	db "DELETE FROM publication WHERE case_id = '2026-000002'"
	local of2="SELECT seq FROM journal WHERE action = 'publish' AND line->>'\$.body.records[0].case_id' = '2026-000002'"
	caught "entry $(db "$of2") publishes case 2026-000002, which is not in the publication table"
	restore
	db "UPDATE publication SET ends = '2099-12-31' WHERE case_id = '2026-000002'"
	caught "publication of case 2026-000002 in entry $(db "$of2") is not what entry $(db "$of2") published"
}

# A publish entry's body of one record of case $1 with party $2,
# party_code $3 (null or a JSON string) and facts $4.
record_body() {
	printf '{"published":"2026-11-25","records":[{"case_id":"%s","doc_number":null,"party":"%s","party_code":%s,"facts":"%s","basis":null,"penalty":null,"agency":null,"decided":"2026-11-25","published":"2026-11-25","ends":"2029-11-25"}],"held_back":0,"removed":[]}' "$@"
}

@test "store-verify: a publish entry holds what an export would: a decided case, not a minor's, every text redacted" {
	export_as >/dev/null 2>&1
	save
	publication() { echo "INSERT INTO publication VALUES ('$1', (SELECT max(seq) FROM journal), NULL, '2026-11-25', '2029-11-25')"; }
	forged -x "$(publication 2026-000003)" zhao.min - publish - "$(record_body 2026-000003 李某 null 损坏公物)"
	caught "entry $n publishes case 2026-000003, a minor's decision"
	restore
	forged -x "$(publication 2026-000004)" zhao.min - publish - "$(record_body 2026-000004 大同市某某网吧 null 接纳未成年人)"
	caught "entry $n publishes case 2026-000004, which no decision before it decided"
	restore
	forged -x "$(publication 2026-000001)" zhao.min - publish - "$(record_body 2026-000001 张三 null 无照经营)"
	caught "entry $n publishes case 2026-000001 with its party not redacted"
	restore
	forged -x "$(publication 2026-000001)" zhao.min - publish - "$(record_body 2026-000001 张某 "\"$ID18\"" 无照经营)"
	caught "entry $n publishes case 2026-000001 with a person's identity number"
	restore
	forged -x "$(publication 2026-000002)" zhao.min - publish - "$(record_body 2026-000002 大同市某某商贸有限公司 "\"$USCC\"" "联系人手机$MOBILE")"
	caught "entry $n publishes case 2026-000002 with its facts not redacted"
	restore
	# Its twin made right passes.
	forged -x "$(publication 2026-000002)" zhao.min - publish - "$(record_body 2026-000002 大同市某某商贸有限公司 "\"$USCC\"" "联系人手机［已隐去］")"
	accepted
}

@test "store-rebuild makes the publication and withdrawal tables again, as they were" {
	export_as >/dev/null 2>&1
	publish-withdraw -A zhao.min 2026-000002 --because revoked --reason 原处罚决定已被撤销
	before=$(db "SELECT * FROM publication; SELECT * FROM withdrawal")
	run -0 store-rebuild
	assert_equal "$(db "SELECT * FROM publication; SELECT * FROM withdrawal")" "$before"
	assert_equal "$(db "SELECT count(*) FROM publication")" 2
	CASETRAIL_NOW="2026-11-26 10:00" run -0 store-verify -q
}
