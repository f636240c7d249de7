#!/usr/bin/env bats
# publish-what: publish-export --what officers, powers, inspections and
# all, the lists the agency publishes besides its decisions.  Each is a
# publish-list entry holding exactly the items published; a list of
# officers or powers is published again only when it changed, a draw's
# target when it is new or its result was recorded; the powers files
# are checked line by line before anything is recorded; store-verify
# holds the entries to their form and store-rebuild makes the publicity
# table again.  The officers: 李明 (admin and officer), 王芳, 周强 (a
# head), 赵敏 (the publisher, no enforcement), 孙丽 (credential expired),
# 钱伟 (revoked).  The draw: a company and 张三, a natural person by his
# resident ID, each inspected by two.
bats_require_minimum_version 1.5.0
load helper
load forge

# The clock: 2026-11-25 10:00 Beijing time, a Wednesday (setup_store).
setup() {
	setup_store officers_draws_lists
	cd "$BATS_TEST_TMPDIR" || return
}

ID18=140202199003071230                 # 张三's resident ID
USCC=91140200MA0L3K5P2N                 # a company's credit code
TASK=2026年第4季度食品安全抽查

officers_draws_lists() {
	add_officer wang.fang 王芳 14020020002 &&
		add_officer zhou.qiang 周强 14020020009 --role officer --role head &&
		add_officer zhao.min 赵敏 14020020003 --role publisher &&
		add_officer sun.li 孙丽 14020020005 --valid-until 2025-12-31 &&
		add_officer qian.wei 钱伟 14020020006 &&
		plain officer-revoke qian.wei --reason 调离执法岗位 >/dev/null || return
	printf '%s\n' $'# 企业名录\n'"$USCC"$'\t大同市某某商贸有限公司\tA' \
		"$ID18"$'\t张三\tA' >targets.tsv
	printf '%s\n' li.ming wang.fang zhou.qiang >inspectors.tsv
	local seed
	seed=$(plain random-draw --commit --task "$TASK" 2>/dev/null) &&
		plain random-draw --task "$TASK" --seed "$seed" --ratio 100 \
			--per-target 2 --targets targets.tsv --inspectors inspectors.tsv \
			--open-cases >/dev/null || return
	powers_files
}

# The powers files as the agency keeps them, in the store, private as
# the store's files are.
powers_files() {
	umask 077
	printf '%s\n' '# 大同市市场监督管理局权责清单' \
		$'code\ttype\tname\tbasis\tresponsibility' \
		$'330217001000\t行政处罚\t对销售过期食品的处罚\t《中华人民共和国食品安全法》第一百二十四条\t立案、调查、审查、决定、执行' \
		$'330217002000\t行政检查\t食品生产经营监督检查\t《中华人民共和国食品安全法》第一百一十条\t制定计划、实施检查、处理结果' \
		>"$CASETRAIL_STORE/powers.tsv"
	printf '%s\n' $'code\ttype\tname\ttargets\tbasis\tmethod' \
		$'SJ-001\t重点检查\t食品销售者经营资质检查\t食品销售企业\t《食品经营许可和备案管理办法》\t现场检查' \
		>"$CASETRAIL_STORE/inspection-items.tsv"
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }
export_as() { publish-export -A zhao.min "$@"; }

# The cases the draw opened, by target.
draw_case() { db "SELECT id FROM cases WHERE party_id = '$1'"; }

@test "--what officers: those who act in enforcement with a valid credential, their duties in Chinese, nothing internal" {
	run -0 --separate-stderr export_as --what officers
	assert_equal "${#lines[@]}" 3
	assert_equal "$(json_get "${lines[0]}" '$.kind')" officers
	assert_equal "$(json_get "${lines[0]}" '$.name')" 李明
	assert_equal "$(json_get "${lines[1]}" '$.name')" 王芳
	assert_equal "$(json_get "${lines[2]}" '$.name')" 周强
	assert_equal "$(json_get "${lines[2]}" '$.duties')" 行政执法、行政机关负责人
	assert_equal "$(json_get "${lines[2]}" '$.credential')" 14020020009
	assert_equal "$(json_get "${lines[2]}" '$.valid_until')" 2030-12-31
	# The publisher is no enforcement officer; an expired credential and
	# a revoked officer are not published; nor IDs or keys.
	refute_output --partial 赵敏
	refute_output --partial 孙丽
	refute_output --partial 钱伟
	refute_output --partial zhou.qiang
	refute_output --partial key
	n=$(db "SELECT max(seq) FROM journal WHERE action = 'publish-list'")
	assert_equal "$stderr" "publish-export: officers: 3 items published in entry $n"
	assert_equal "$(db "SELECT kind, items FROM publicity")" "officers|3"
	# The entry holds exactly what was published.
	assert_equal "$(db "SELECT json_array_length(line, '\$.body.items'), line->>'\$.body.items[2].name' FROM journal WHERE seq = $n")" "3|周强"
	run -0 store-verify -q
}

@test "officers: a re-run publishes and records nothing; a change publishes the whole list again" {
	export_as --what officers >/dev/null 2>&1
	state_into before
	run -0 --separate-stderr export_as --what officers
	assert_output ''
	assert_equal "$stderr" ''
	same_store "$before" publish-export --what officers
	plain officer-update wang.fang --credential 14020020012 \
		--valid-from 2026-11-01 --valid-until 2027-06-30 >/dev/null
	run -0 --separate-stderr export_as --what officers -f tsv -H
	assert_equal "${#lines[@]}" 4
	assert_line --index 0 $'kind\tname\tcredential\tduties\tvalid_until\tentry'
	assert_line --index 3 --regexp $'^officers\t王芳\t14020020012\t行政执法\t2027-06-30\t[0-9]+$'
	assert_equal "$(db "SELECT group_concat(items) FROM publicity")" "3,3"
	# --all: the list published now, as its last entry holds it.
	run -0 export_as --what officers --all
	assert_equal "${#lines[@]}" 3
	assert_equal "$(json_get "${lines[2]}" '$.valid_until')" 2027-06-30
}

@test "--what powers: the power list and the inspection item list as one list; again only when a file changed" {
	run -0 --separate-stderr export_as --what powers -f csv
	assert_line --index 0 $'kind,list,code,type,name,basis,responsibility,targets,method,entry\r'
	assert_line --index 1 --partial 'powers,权责清单,330217001000,行政处罚,对销售过期食品的处罚,'
	assert_line --index 3 --partial 'powers,随机抽查事项清单,SJ-001,重点检查,食品销售者经营资质检查,《食品经营许可和备案管理办法》,,食品销售企业,现场检查,'
	assert_equal "${#lines[@]}" 4
	run -0 --separate-stderr export_as --what powers
	assert_output ''
	printf '%s\n' $'SJ-002\t一般检查\t食品标签检查\t食品生产企业\t《食品安全法》\t抽样检验' \
		>>"$CASETRAIL_STORE/inspection-items.tsv"
	run -0 --separate-stderr export_as --what powers
	assert_equal "${#lines[@]}" 4
	assert_equal "$(json_get "${lines[3]}" '$.code')" SJ-002
	assert_equal "$(db "SELECT group_concat(items) FROM publicity WHERE kind = 'powers'")" "3,4"
	run -0 store-verify -q
}

# bad_powers FILE TEXT MESSAGE: the powers file FILE as TEXT is refused
# (2) with MESSAGE naming its line, and nothing is recorded, for --what
# all either.
bad_powers() {
	printf '%s\n' "$2" >"$CASETRAIL_STORE/$1"
	refuses 2 publish-export -A zhao.min --what powers
	assert_output "publish-export: $CASETRAIL_STORE/$1:$3"
	refuses 2 publish-export -A zhao.min --what all
	assert_output "publish-export: $CASETRAIL_STORE/$1:$3"
}

@test "bad powers files: the file and line named (2), nothing recorded; a missing file (4)" {
	head=$'code\ttype\tname\tbasis\tresponsibility'
	bad_powers powers.tsv $'code\ttype\tname\tbasis' \
		"1: the header must be the 5 columns code type name basis responsibility, tab-separated"
	bad_powers powers.tsv "$head"$'\nA1\t行政处罚\t\t《法》\t调查' "2: the name is empty"
	bad_powers powers.tsv "# 清单"$'\n'"$head"$'\nA1\t行政处罚\t处罚\t《法》' "3: fewer fields, not 5"
	bad_powers powers.tsv "$head"$'\nA1\t行政命令\t处罚\t《法》\t调查' \
		"2: unknown type '行政命令' (types: 行政许可 行政处罚 行政强制 行政征收 行政给付 行政检查 行政确认 行政奖励 行政裁决 其他行政权力)"
	bad_powers powers.tsv "$head"$'\nA1\t行政处罚\t处罚\t《法》\t调查\n\nA2\t行政检查\t检查\t《法》\t检查\nA1\t行政许可\t许可\t《法》\t审批' \
		"5: code 'A1' is on line 2 too"
	powers_files
	bad_powers inspection-items.tsv $'code\ttype\tname\ttargets\tbasis\tmethod\nSJ-001\t专项检查\t检查\t企业\t《法》\t现场' \
		"2: unknown type '专项检查' (types: 重点检查 一般检查)"
	rm "$CASETRAIL_STORE/inspection-items.tsv"
	refuses 4 publish-export -A zhao.min --what powers
	assert_output "publish-export: no $CASETRAIL_STORE/inspection-items.tsv: the random-inspection item list is published from it (casetrail-formats(5), Power lists)"
}

@test "--what inspections: each target drawn, a natural person redacted, the result once recorded" {
	run -0 --separate-stderr export_as --what inspections
	assert_equal "${#lines[@]}" 2
	refute_output --partial "$ID18"
	refute_output --partial 张三
	assert_output --partial '"target":"［已隐去］","name":"张某"'
	assert_output --partial "\"target\":\"$USCC\",\"name\":\"大同市某某商贸有限公司\""
	assert_equal "$(json_get "${lines[0]}" '$.task')" "$TASK"
	assert_equal "$(json_get "${lines[0]}" '$.seed')" "$(db "SELECT seed FROM draw")"
	assert_equal "$(json_get "${lines[0]}" '$.targets_sha256')" "$(sha256sum <targets.tsv | cut -d' ' -f1)"
	assert_output --partial '"result":null'
	# Nothing new: nothing.  A result recorded on the company's case: that
	# item again, with it; --all has each target once, as last published.
	run -0 --separate-stderr export_as --what inspections
	assert_output ''
	plain case-log "$(draw_case "$USCC")" --action random-inspection --officer li.ming \
		--officer wang.fang -m "未发现问题（检查人员电话 13812345678）" >/dev/null 2>&1
	run -0 --separate-stderr export_as --what inspections
	assert_equal "${#lines[@]}" 1
	assert_equal "$(json_get "${lines[0]}" '$.result')" "未发现问题（检查人员电话 ［已隐去］）"
	run -0 export_as --what inspections --all
	assert_equal "${#lines[@]}" 2
	assert_output --partial 未发现问题
	refute_output --partial 13812345678
	run -0 store-verify -q
}

@test "--dry-run shows what would be published and records nothing; with html it is refused (2)" {
	state_into before
	run -0 --separate-stderr export_as --what all --dry-run
	assert_equal "$(grep -c '"kind":"officers"' <<<"$output")" 3
	assert_equal "$(grep -c '"kind":"powers"' <<<"$output")" 3
	assert_equal "$(grep -c '"kind":"inspections"' <<<"$output")" 2
	assert_output --partial '"entry":0'
	same_store "$before" publish-export --dry-run
	refuses_usage "publish-export: --dry-run shows records: it takes json, csv or tsv, not html" \
		publish-export -A zhao.min --what officers --dry-run -f html -o site
}

@test "only a publisher publishes a list (3), the store unchanged" {
	for what in officers powers inspections all; do
		refuses 3 publish-export -A li.ming --what "$what"
		assert_output "publish-export: officer 'li.ming' cannot record publish-list: that needs the publisher role"
	done
}

@test "an unknown --what names what it takes (2); --what all takes json or html, not csv or tsv" {
	refuses_usage "publish-export: unknown --what 'everything' (what it takes: decisions officers powers inspections all)" \
		publish-export -A zhao.min --what everything
	refuses_usage "publish-export: --what all mixes kinds of records: it takes json or html" \
		publish-export -A zhao.min --what all -f csv
	refuses_usage "publish-export: --what all mixes kinds of records: it takes json or html" \
		publish-export -A zhao.min --what all -f tsv
}

@test "--what all: every kind, each line saying its kind, one entry per kind" {
	run -0 --separate-stderr export_as --what all
	assert_equal "${#lines[@]}" 8
	assert_equal "$(db "SELECT group_concat(kind) FROM (SELECT kind FROM publicity ORDER BY seq)")" powers,officers,inspections
	run -0 --separate-stderr export_as --what all --all
	assert_equal "${#lines[@]}" 8
	for line in "${lines[@]}"; do
		[ -n "$(json_get "$line" '$.kind')" ] || fail "no kind: $line"
	done
	run -0 store-verify -q
}

@test "store-verify: a list published by a non-publisher, of no known kind, an item missing a field or with one too many" {
	export_as --what officers >/dev/null 2>&1
	save
	item='{"name":"王芳","credential":"14020020002","duties":"行政执法","valid_until":"2030-12-31"}'
	row="INSERT INTO publicity SELECT max(seq), 'officers', '2026-11-25', 1 FROM journal"
	forged -x "$row" li.ming - publish-list - "{\"kind\":\"officers\",\"published\":\"2026-11-25\",\"items\":[$item]}"
	caught "entry $n: officer 'li.ming' cannot record publish-list: that needs the publisher role"
	restore
	forged -x "$row" zhao.min - publish-list - "{\"kind\":\"officers\",\"published\":\"2026-11-25\",\"items\":[$item]}"
	accepted
	restore
	forged -x "INSERT INTO publicity SELECT max(seq), 'secrets', '2026-11-25', 1 FROM journal" \
		zhao.min - publish-list - "{\"kind\":\"secrets\",\"published\":\"2026-11-25\",\"items\":[$item]}"
	caught "entry $n publishes a list of no known kind ('secrets')"
	restore
	forged -x "$row" zhao.min - publish-list - '{"kind":"officers","published":"2026-11-25","items":[{"name":"王芳","credential":"14020020002","duties":"行政执法"}]}'
	caught "entry $n: item 1 of the officers published is not well-formed: its valid_until is missing"
	restore
	forged -x "$row" zhao.min - publish-list - '{"kind":"officers","published":"2026-11-25","items":[{"name":"王芳","credential":"14020020002","duties":"行政执法","valid_until":"2030-12-31","key":"MCowBQYDK2VwAyEA"}]}'
	caught "entry $n: item 1 of the officers published is not well-formed: it has 5 fields, not 4"
	restore
	db "UPDATE publicity SET items = 2"
	CASETRAIL_NOW="2026-11-26 10:00" run store-verify
	assert_failure 1
	assert_output --partial "publication of entry"
}

@test "store-rebuild makes the publicity table again, as it was" {
	export_as --what all >/dev/null 2>&1
	before=$(db "SELECT * FROM publicity")
	run -0 store-rebuild
	assert_equal "$(db "SELECT * FROM publicity")" "$before"
	assert_equal "$(db "SELECT group_concat(kind || ' ' || items, ', ') FROM publicity")" \
		"powers 3, officers 3, inspections 2"
	run -0 store-verify -q
}

@test "--format html: a page for each list, linked from the index, each with its entry, proof and checkpoint" {
	export_as --what all >/dev/null 2>&1
	run -0 export_as -f html -o site
	for page in officers powers items draws; do
		[ -s "site/$page.html" ] || fail "no site/$page.html"
	done
	run -0 cat site/index.html
	assert_output --partial '<li><a href="officers.html">执法人员公示</a></li>'
	assert_output --partial '<li><a href="draws.html">双随机抽查结果公示</a></li>'
	run -0 cat site/officers.html
	assert_output --partial '<th>姓名</th><th>执法证件号</th><th>职责</th><th>证件有效期至</th>'
	assert_output --partial '<tr><td>周强</td><td>14020020009</td><td>行政执法、行政机关负责人</td><td>2030-12-31</td></tr>'
	refute_output --regexp '(src|href)="https?:'
	run -0 cat site/draws.html
	assert_output --partial '<tr><td>2026年第4季度食品安全抽查</td><td>2026-11-25</td><td>张某</td><td>［已隐去］</td>'
	assert_output --partial "<dt>随机种子</dt><dd>$(db "SELECT seed FROM draw")</dd>"
	refute_output --partial 张三
	refute_output --partial "$ID18"
	# The officers' page holds its entry's canonical line and a proof
	# that checks against the site's checkpoint.
	n=$(db "SELECT seq FROM publicity WHERE kind = 'officers'")
	sed -n '/<pre id="proof">/,/<\/pre>/p' site/officers.html | sed '1d; $d' |
		sed 's/&quot;/"/g; s/&#39;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' >proof.txt
	run -0 store-verify --check-proof --against site/checkpoint.txt <proof.txt
	assert_equal "$(head -n 1 proof.txt)" "$(store-verify --proof "$n" | head -n 1)"
}


