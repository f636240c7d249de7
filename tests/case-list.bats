#!/usr/bin/env bats
# case-list: the cases that match, one per line, by ID.
bats_require_minimum_version 1.5.0
load helper

setup() {
	setup_store new_case
	id=$made
}
teardown() { teardown_store; }

# Four cases, one of each status and two years, as of 2026-11-25:
#   2025-000001 license     decided  filed 2025-11-20, decided 2026-01-10
#   2026-000001 penalty     open     filed 2026-09-01 (new_case)
#   2026-000002 inspection  open     filed 2026-06-15, an entry flagged
#   2026-000003 coercion    closed   filed 2026-11-01, closed 2026-11-20
several_cases() {
	case-new --type inspection --title 双随机抽查 --handler wang.fang \
		--at "2026-06-15 10:00" >/dev/null
	case-log -q 2026-000002 --action inspection --officer wang.fang \
		--officer li.ming -m 现场检查 --at "2026-06-16 10:00" >/dev/null
	case-new --type license --title '某药店许可证变更,"加急"' --party 张某某 \
		--party-kind person --at 2025-11-20 >/dev/null
	case-log 2025-000001 --action decision -m 准予变更 --at 2026-01-10 >/dev/null
	case-new --type coercion --title 查封过期食品 --at 2026-11-01 >/dev/null
	case-log 2026-000003 --action closing -m 解除查封 --at 2026-11-20 >/dev/null
}

# The IDs that case-list prints with the given options.
ids() {
	case-list "$@" | cut -f1 | paste -sd' ' -
}

@test "tsv by default: one case a line, by year and number" {
	several_cases
	run case-list
	assert_success
	assert_output "$(printf '%s\n' \
		$'2025-000001\tlicense\tdecided\tdecision\t2025-11-20\t2026-02-18\t51\t0\tli.ming\t张某某\t某药店许可证变更,"加急"\t' \
		$'2026-000001\tpenalty\topen\tfiling\t2026-09-01\t2026-11-30\t85\t0\tli.ming,wang.fang\t大同市某某超市有限公司\t某超市销售过期食品案\t' \
		$'2026-000002\tinspection\topen\tinvestigation\t2026-06-15\t2026-09-13\t163\t1\twang.fang\t\t双随机抽查\t' \
		$'2026-000003\tcoercion\tclosed\tclosing\t2026-11-01\t2027-01-30\t19\t0\tli.ming\t\t查封过期食品\t')"
}

@test "-H puts a header first" {
	run case-list -H
	assert_success
	assert_output "$(printf '%s\n' \
		$'id\ttype\tstatus\tstage\tfiled\tdeadline\tdays\tflags\thandlers\tparty\ttitle\tnumber' \
		$'2026-000001\tpenalty\topen\tfiling\t2026-09-01\t2026-11-30\t85\t0\tli.ming,wang.fang\t大同市某某超市有限公司\t某超市销售过期食品案\t')"
}

@test "tsv escapes a backslash in a title" {
	case-new --type other --title '举报\投诉处理' >/dev/null
	run bash -c 'case-list | tail -1 | cut -f11'
	assert_output '举报\\投诉处理'
}

@test "csv: RFC 4180 with a header, CRLF and quoting; --bom first" {
	several_cases
	case-list -f csv --type license >"$BATS_TEST_TMPDIR/out.csv"
	printf '%s\r\n' 'id,type,status,stage,filed,deadline,days,flags,handlers,party,title,number' \
		'2025-000001,license,decided,decision,2025-11-20,2026-02-18,51,0,li.ming,张某某,"某药店许可证变更,""加急""",' \
		>"$BATS_TEST_TMPDIR/want.csv"
	cmp "$BATS_TEST_TMPDIR/want.csv" "$BATS_TEST_TMPDIR/out.csv"
	run bash -c 'case-list -f csv --bom | od -An -c | head -1'
	assert_output --regexp '^ +357 273 277 +i +d +,'
	run sqlite3 :memory: ".import --csv $BATS_TEST_TMPDIR/out.csv c" \
		"SELECT title FROM c"
	assert_output '某药店许可证变更,"加急"'
}

@test "csv: a text a spreadsheet would run as a formula gets a leading quote; tsv and json do not" {
	case-new --type penalty --title '-5%的折扣' --party '=cmd|" /C calc"!A0' \
		--handler li.ming --at "2026-09-01 09:30" >/dev/null
	case-new --type penalty --title '@某超市' --party 张三 \
		--handler li.ming --at "2026-09-01 09:30" >/dev/null
	case-new --type penalty --title '+86 电话举报' --party '某超市=分店' \
		--handler li.ming --at "2026-09-01 09:30" >/dev/null
	run case-list -f csv
	assert_success
	assert_line --index 2 --partial $',"\'=cmd|"" /C calc""!A0","\'-5%的折扣",\r'
	assert_line --index 3 --partial $',张三,"\'@某超市",\r'
	# Not at the start: as it was.  Numbers (days, flags) stay numbers.
	assert_line --index 4 --regexp $',[0-9]+,0,li.ming,某超市=分店,"\'\\+86 电话举报",\r$'
	run case-list
	assert_line --index 1 --partial $'\t=cmd|" /C calc"!A0\t-5%的折扣'
	run case-list -f json
	assert_equal "$(json_get "${lines[1]}" '$.party')" '=cmd|" /C calc"!A0'
}

@test "json: one object a line, numbers as numbers" {
	several_cases
	run case-list -f json
	assert_success
	assert_equal "${#lines[@]}" 4
	assert_json_lines "$output"
	assert_line --index 0 '{"id":"2025-000001","type":"license","status":"decided","stage":"decision","filed":"2025-11-20","deadline":"2026-02-18","days":51,"flags":0,"handlers":"li.ming","party":"张某某","title":"某药店许可证变更,\"加急\"","number":null}'
	assert_equal "$(json_get "${lines[2]}" '$.flags')" 1
	assert_equal "$(sqlite3 :memory: "SELECT json_type('${lines[2]}', '\$.days')")" integer
	assert_equal "$(json_get "${lines[2]}" '$.party')" ""
}

@test "--type, --stage and --status filter" {
	several_cases
	assert_equal "$(ids --type penalty)" 2026-000001
	assert_equal "$(ids --type coercion)" 2026-000003
	assert_equal "$(ids --stage investigation)" 2026-000002
	assert_equal "$(ids --stage closing)" 2026-000003
	assert_equal "$(ids --status open)" "2026-000001 2026-000002"
	assert_equal "$(ids --status decided)" 2025-000001
	assert_equal "$(ids --status closed)" 2026-000003
	assert_equal "$(ids --status sealed)" ""
	assert_equal "$(ids --status open --type inspection)" 2026-000002
}

@test "--handler and --since filter" {
	several_cases
	assert_equal "$(ids --handler wang.fang)" "2026-000001 2026-000002"
	assert_equal "$(ids --handler li.ming --status open)" 2026-000001
	# An officer with no case: nothing, and no error.
	add_officer zhao.lei 赵磊 14020020003
	run case-list --handler zhao.lei
	assert_success
	assert_output ""
	assert_equal "$(ids --since 2026-09-01)" "2026-000001 2026-000003"
	assert_equal "$(ids --since '2026-09-01 09:31')" 2026-000003
	assert_equal "$(ids --since 2026-09-01T01:30:00Z)" "2026-000001 2026-000003"
}

@test "--handler naming no officer is not found (4), not an empty list" {
	refuses 4 case-list --handler 不存在
	assert_output "case-list: cannot find officer '不存在'"
}

@test "--flagged lists the cases with entries that lacked audio or video" {
	several_cases
	assert_equal "$(ids --flagged)" 2026-000002
	case-log -q "$id" --action hearing -m 听证 --at 2026-09-20 >/dev/null
	assert_equal "$(ids --flagged)" "2026-000001 2026-000002"
	run bash -c 'case-list --flagged | cut -f1,8'
	assert_output "$(printf '%s\n' $'2026-000001\t1' $'2026-000002\t1')"
}

@test "--overdue lists the open cases past the 90-day deadline" {
	several_cases
	assert_equal "$(ids --overdue)" 2026-000002
	# 2026-11-30 is the last day for 2026-000001; the next day it is late.
	assert_equal "$(CASETRAIL_NOW='2026-11-30 23:59' ids --overdue)" 2026-000002
	assert_equal "$(CASETRAIL_NOW='2026-12-01 00:00' ids --overdue)" \
		"2026-000001 2026-000002"
	CASETRAIL_NOW='2026-12-01 08:00' run bash -c 'case-list --overdue | cut -f1,6,7'
	assert_output "$(printf '%s\n' $'2026-000001\t2026-11-30\t91' \
		$'2026-000002\t2026-09-13\t169')"
	# A decided or closed case is never overdue.
	assert_equal "$(CASETRAIL_NOW='2027-06-01' ids --overdue --status decided)" ""
}

@test "--overdue follows deadline.decide in casetrail.conf" {
	several_cases
	echo 'deadline.decide = 60' >>"$CASETRAIL_STORE/casetrail.conf"
	assert_equal "$(ids --overdue)" "2026-000001 2026-000002"
	run bash -c 'case-list --type penalty | cut -f6,7'
	assert_output $'2026-10-31\t85'
	echo 'deadline.decide = 200' >>"$CASETRAIL_STORE/casetrail.conf"
	assert_equal "$(ids --overdue)" ""
}

@test "-S names the store, over CASETRAIL_STORE" {
	store=$CASETRAIL_STORE
	export CASETRAIL_STORE="$BATS_TEST_TMPDIR/other"
	officer-add zhang.wei --name 张伟 --credential 1 --valid-until 2030-12-31 >/dev/null
	run case-list -S "$store"
	assert_success
	assert_output --partial 某超市销售过期食品案
	run case-list --store "$store" --status closed
	assert_output ""
	run case-list
	assert_output ""
}

@test "an empty store lists nothing" {
	export CASETRAIL_STORE="$BATS_TEST_TMPDIR/empty"
	officer-add zhang.wei --name 张伟 --credential 1 --valid-until 2030-12-31 >/dev/null
	run case-list -H
	assert_success
	assert_output ""
}

@test "the overdue cases go down a pipe to case-show" {
	several_cases
	run bash -c 'case-list --overdue | case-show | head -5'
	assert_success
	assert_output "$(cat <<-EOF
	2026-000002  inspection  open  stage: investigation
	title:     双随机抽查
	handlers:  wang.fang
	filed:     2026-06-15 10:00   decide by: 2026-09-13 (OVERDUE)
	flagged:   1 entry without the audio/video record the law asks for
	EOF
	)"
}

@test "the open cases of a handler go down a pipe to case-log" {
	several_cases
	run bash -c 'case-list --status open --handler wang.fang | cut -f1 |
		xargs -I{} case-log {} --action note -m 已督办'
	assert_success
	assert_output "$(printf '%s\n' 12 13)"
	run bash -c 'case-show -f tsv 2026-000001 2026-000002 | grep 已督办 | cut -f2'
	assert_output "$(printf '%s\n' 2026-000001 2026-000002)"
}

@test "unknown filters are usage errors (2)" {
	refuses 2 case-list --status 已结案
	assert_output "case-list: unknown status '已结案' (open, decided, closed, sealed)"
	refuses 2 case-list --type 处罚
	assert_output "case-list: unknown case type '处罚'"
	refuses 2 case-list --stage 调查
	assert_output "case-list: unknown stage '调查'"
	refuses 2 case-list --since 2026-02-30
	assert_output "case-list: bad time '2026-02-30' (use YYYY-MM-DD[ HH:MM] or RFC 3339)"
}

@test "an unknown format is a usage error (2)" {
	refuses 2 case-list -f text
	assert_output "case-list: unknown format 'text' (formats: tsv csv json)"
}

@test "an unknown option or an operand is a usage error (2)" {
	refuses_usage "case-list: unrecognized option '--party'" case-list --party 张某某
	refuses_usage "case-list: unexpected operand '$id'" case-list "$id"
}

@test "a bad casetrail.conf is a usage error naming its line (2)" {
	echo 'deadline.decide = 九十天' >>"$CASETRAIL_STORE/casetrail.conf"
	n=$(wc -l <"$CASETRAIL_STORE/casetrail.conf")
	refuses 2 case-list
	assert_output "case-list: $CASETRAIL_STORE/casetrail.conf:$n: deadline.decide takes a number of days, not '九十天'"
}

@test "a bad CASETRAIL_NOW is a usage error (2)" {
	CASETRAIL_NOW=2026-11-31 refuses 2 case-list --overdue
	assert_output "case-list: bad CASETRAIL_NOW '2026-11-31'"
}

@test "a missing store is not found (4)" {
	run case-list -S "$BATS_TEST_TMPDIR/none"
	assert_failure 4
	assert_output "case-list: no store at $BATS_TEST_TMPDIR/none (officer-add creates one)"
	[ ! -e "$BATS_TEST_TMPDIR/none" ]
}

@test "a store directory that is a file is refused (5)" {
	touch "$BATS_TEST_TMPDIR/file"
	refuses 5 case-list -S "$BATS_TEST_TMPDIR/file"
	assert_output "case-list: store $BATS_TEST_TMPDIR/file is not a directory"
}

@test "a store from a newer schema version is refused (5)" {
	sqlite3 "$CASETRAIL_STORE/store.db" 'PRAGMA user_version=99'
	refuses 5 case-list
	assert_output --regexp "^case-list: store $CASETRAIL_STORE has schema version 99, newer than this casetrail's [0-9]+: upgrade casetrail$"
}

@test "-h prints the usage and -V the version" {
	run case-list -h
	assert_success
	assert_output --partial "usage: case-list [-Hq] [-S dir] [-f format] [--bom] [--type type]"
	run case-list -V
	assert_success
	assert_output --regexp '^case-list \(casetrail\) [0-9.]+$'
}
