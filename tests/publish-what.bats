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

# The powers files as the agency keeps them, in the store.
powers_files() {
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
	run -0 store-verify -q
}

@test "debug" {
	run -0 --separate-stderr export_as --what inspections
	echo "$output" >&3
	echo "$stderr" >&3
	run -0 --separate-stderr export_as --what powers -f tsv -H
	echo "$output" >&3
	echo "$stderr" >&3
	c=$(draw_case "$USCC")
	case-log "$c" --action random-inspection --officer li.ming --officer wang.fang -m "未发现问题" >&3 2>&3
	run -0 --separate-stderr export_as --what all
	echo "$output" >&3
	echo "$stderr" >&3
	run -0 --separate-stderr export_as --what all --all
	echo "$output" >&3
	run store-verify
	echo "$output" >&3
}
