#!/usr/bin/env bats
# publish-deadline: the publication due day of a decision, counted in
# working days on the holiday calendar (casetrail.conf(5): holidays,
# deadline.publish-penalty, deadline.publish), case-list --unpublished
# and --publish-overdue; a count past the calendar's last year flagged
# calendar-ends wherever a due day shows (case-list, publish-withdraw's
# late check, the decide rule's periods), and said on stderr so that a
# missing year is never silent.  The shipped calendar, data/holidays-cn.tsv,
# lists 2025 and 2026.
bats_require_minimum_version 1.5.0
load helper

# The store is made on 2025-12-01; each test sets its own clock.
setup() {
	export CASETRAIL_NOW="2025-12-01 09:00"
	setup_store deadline_cases
}
teardown() { teardown_store; }

conf() { printf '%s\n' "$@" >>"$CASETRAIL_STORE/casetrail.conf"; }
db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }

# at TIME PROGRAM ARGS...: a setup program run with the clock at TIME.
at() { CASETRAIL_NOW=$1 plain "${@:2}"; }

# Officers wang.fang and zhao.min (赵敏, a publisher); the shipped
# calendar; eight cases filed on 2026-01-02:
#   1 penalty  decided Tue 2026-09-29, before National Day (国庆节)
#   2 other    decided Mon 2026-02-09, before the Spring Festival (春节)
#   3 penalty  decided Mon 2026-12-28: its due day falls in 2027
#   4 penalty  a minor's, decided 2026-01-05: held back, never published
#   5 penalty  decided 2026-01-05, published 2026-01-06
#   6 penalty  decided 2026-01-05, published 2026-01-06, withdrawn 01-07
#   7 penalty  open
#   8 license  decided Thu 2026-04-30, before Labour Day (劳动节)
deadline_cases() {
	add_officer wang.fang 王芳 14020020002 &&
		add_officer zhao.min 赵敏 14020020003 --role publisher || return
	conf "holidays = $CASETRAIL_TOP/data/holidays-cn.tsv"
	local type title minor
	while IFS=' ' read -r type title minor; do
		at "2026-01-02 09:00" case-new --type "$type" --title "$title" \
			--party 大同市某某商贸有限公司 --party-kind org \
			--handler li.ming --handler wang.fang ${minor:+--party 李小明 \
			--party-kind person --party-minor} >/dev/null || return
	done <<-'C'
	penalty 国庆节前作出决定的处罚案
	other 春节前作出决定的其他案件
	penalty 年末作出决定的处罚案
	penalty 未成年人违法案 minor
	penalty 已公示的处罚案
	penalty 公示后撤回的处罚案
	penalty 尚在调查的处罚案
	license 劳动节前作出决定的许可案
	C
	for c in 4 5 6; do
		at "2026-01-05 10:00" case-log -q 2026-00000$c --action decision \
			-m 不予行政处罚决定书 || return
	done
	at "2026-01-06 10:00" publish-export -A zhao.min -q >/dev/null &&
		at "2026-01-07 10:00" publish-withdraw -A zhao.min 2026-000006 \
			--because revoked --reason 原决定已被撤销 &&
		at "2026-02-09 10:00" case-log -q 2026-000002 --action decision \
			-m 处理决定书 &&
		at "2026-04-30 10:00" case-log -q 2026-000008 --action decision \
			-m 准予行政许可决定书 &&
		at "2026-09-29 10:00" case-log -q 2026-000001 --action decision \
			-m 不予行政处罚决定书 &&
		at "2026-12-28 10:00" case-log -q 2026-000003 --action decision \
			-m 不予行政处罚决定书
}

# The ID, decided, publish_due and calendar_ends fields of case-list's
# records with the options given.
dues() {
	case-list "$@" | cut -f1,13-15
}

@test "--unpublished: each decided case not yet published, with its due day; never a minor's, a published or a withdrawn one" {
	export CASETRAIL_NOW="2026-12-30 10:00"
	run -0 --separate-stderr dues --unpublished
	# Penalty: 7 working days.  After Tue 09-29: 09-30; 10-01 to 10-07
	# off; 10-08, 10-09, Saturday 10-10 (调休, worked), 10-12, 10-13,
	# 10-14.  Other: 20 working days after Mon 02-09: 02-10 to 02-13,
	# Saturday 02-14 (调休), 02-15 to 02-23 off, 02-24 to 02-27,
	# Saturday 02-28 (调休), then 03-02 to 03-13.  After Mon 12-28:
	# 12-29 to 12-31, then 2027, which the calendar does not list:
	# Monday to Friday, 01-01, 01-04 to 01-06, flagged.  Licensing,
	# 7 too: after Thu 04-30, 05-01 to 05-05 off, 05-06 to 05-08,
	# Saturday 05-09 (调休), 05-11 to 05-13.
	assert_output "2026-000001	2026-09-29	2026-10-14	no
2026-000002	2026-02-09	2026-03-13	no
2026-000003	2026-12-28	2027-01-06	yes
2026-000008	2026-04-30	2026-05-13	no"
	assert_equal "$stderr" "case-list: calendar-ends: a publication due day was counted Monday to Friday in 2027, which the holiday calendar does not list: it needs 2027's lines"
	run -0 case-list -H --unpublished --type other
	assert_output "id	type	status	stage	filed	deadline	days	flags	handlers	party	title	number	decided	publish_due	calendar_ends
2026-000002	other	decided	decision	2026-01-02	2026-04-02	38	0	li.ming,wang.fang	大同市某某商贸有限公司	春节前作出决定的其他案件		2026-02-09	2026-03-13	no"
	# Without the options, the records are as they were.
	run -0 case-list -H --type other
	assert_line --index 0 "id	type	status	stage	filed	deadline	days	flags	handlers	party	title	number"
}

@test "--publish-overdue: past the due day; the due day itself is on time" {
	export CASETRAIL_NOW="2026-10-14 23:59"
	run -0 --separate-stderr dues --publish-overdue
	assert_output "2026-000002	2026-02-09	2026-03-13	no
2026-000008	2026-04-30	2026-05-13	no"
	export CASETRAIL_NOW="2026-10-15 00:00"
	run -0 --separate-stderr dues --publish-overdue
	assert_output "2026-000001	2026-09-29	2026-10-14	no
2026-000002	2026-02-09	2026-03-13	no
2026-000008	2026-04-30	2026-05-13	no"
	# Within the Spring Festival's count: not yet.
	CASETRAIL_NOW="2026-03-13 18:00" run -0 --separate-stderr case-list --publish-overdue
	assert_output ""
	CASETRAIL_NOW="2026-03-16 08:00" run -0 --separate-stderr case-list --publish-overdue
	assert_output --regexp '^2026-000002	'
	assert_equal "${#lines[@]}" 1
}

@test "the same decisions counted Monday to Friday without a calendar: earlier, and nothing flagged" {
	sed -i '/^holidays = /d' "$CASETRAIL_STORE/casetrail.conf"
	export CASETRAIL_NOW="2026-12-30 10:00"
	run -0 --separate-stderr dues --unpublished
	assert_output "2026-000001	2026-09-29	2026-10-08	no
2026-000002	2026-02-09	2026-03-09	no
2026-000003	2026-12-28	2027-01-06	no
2026-000008	2026-04-30	2026-05-11	no"
	assert_equal "$stderr" ""
}

@test "deadline.publish-penalty and deadline.publish are the working days counted" {
	conf 'deadline.publish-penalty = 1' 'deadline.publish = 5'
	export CASETRAIL_NOW="2026-12-30 10:00"
	# 1 after 09-29: 09-30.  5 after 02-09: 02-10 to 02-13, 02-14 (调休).
	# 1 after 12-28: 12-29, inside the calendar: not flagged.  1 after
	# 04-30: 05-06.
	run -0 --separate-stderr dues --unpublished
	assert_output "2026-000001	2026-09-29	2026-09-30	no
2026-000002	2026-02-09	2026-02-14	no
2026-000003	2026-12-28	2026-12-29	no
2026-000008	2026-04-30	2026-05-06	no"
	assert_equal "$stderr" ""
}

@test "calendar-ends: said once on stderr, also when the flagged case is not overdue; -q silences it" {
	export CASETRAIL_NOW="2026-12-30 10:00"
	run -0 --separate-stderr dues --publish-overdue
	assert_output "2026-000001	2026-09-29	2026-10-14	no
2026-000002	2026-02-09	2026-03-13	no
2026-000008	2026-04-30	2026-05-13	no"
	assert_equal "$stderr" "case-list: calendar-ends: a publication due day was counted Monday to Friday in 2027, which the holiday calendar does not list: it needs 2027's lines"
	run -0 --separate-stderr case-list --publish-overdue -q
	assert_equal "$stderr" ""
	# A filter that leaves out every case counted past the calendar:
	# nothing to say.
	run -0 --separate-stderr case-list --unpublished --type other
	assert_equal "$stderr" ""
	# With 2027's lines, the count knows them: 2027-01-01 is a holiday.
	cp "$CASETRAIL_TOP/data/holidays-cn.tsv" "$BATS_TEST_TMPDIR/holidays.tsv"
	printf '2027-01-01\toff\t元旦\n' >>"$BATS_TEST_TMPDIR/holidays.tsv"
	conf "holidays = $BATS_TEST_TMPDIR/holidays.tsv"
	run -0 --separate-stderr dues --unpublished --type penalty
	assert_line --index 1 "2026-000003	2026-12-28	2027-01-07	no"
	assert_equal "$stderr" ""
}

@test "csv and json: decided, publish_due and calendar_ends" {
	export CASETRAIL_NOW="2026-12-30 10:00"
	run -0 --separate-stderr case-list --unpublished -f json
	assert_json_lines "$output"
	assert_equal "${#lines[@]}" 4
	assert_equal "$(json_get "${lines[2]}" '$.publish_due')" 2027-01-06
	assert_equal "$(json_get "${lines[2]}" '$.calendar_ends')" yes
	assert_equal "$(json_get "${lines[0]}" '$.calendar_ends')" no
	assert_equal "$(json_get "${lines[0]}" '$.decided')" 2026-09-29
	run -0 --separate-stderr case-list --publish-overdue -f csv
	assert_line --index 0 --partial $',number,decided,publish_due,calendar_ends\r'
	assert_line --index 1 --partial $',2026-09-29,2026-10-14,no\r'
}

@test "a calendar file with a bad line: the file and its line number (3), for --unpublished only" {
	printf '# 测试日历\n2026-10-01\toff\t国庆节\n' >"$BATS_TEST_TMPDIR/holidays.tsv"
	printf '2026-10-02\t休息\t国庆节\n' >>"$BATS_TEST_TMPDIR/holidays.tsv"
	conf "holidays = $BATS_TEST_TMPDIR/holidays.tsv"
	refuses 2 case-list --unpublished
	assert_output "case-list: $BATS_TEST_TMPDIR/holidays.tsv:3: the kind is off or work"
	refuses 2 case-list --publish-overdue
	# case-list without them does not read the calendar.
	run -0 case-list --type other
	assert_output --regexp '^2026-000002	'
}

@test "publish-withdraw: a late check counted past the calendar says calendar-ends" {
	# Case 5, published; its decision changed on Wed 2026-12-30.  Three
	# working days: 12-31, then 2027-01-01 and 01-04, Monday to Friday.
	CASETRAIL_NOW="2026-12-30 10:00" case-log -q 2026-000005 --action decision-change -m 行政复议决定变更原处罚决定
	CASETRAIL_NOW="2027-01-05 10:00" run -0 publish-withdraw -A zhao.min 2026-000005 --because changed --reason 原处罚决定已变更
	assert_output "publish-withdraw: late: the decision was changed on 2026-12-30, more than deadline.withdraw working days ago
publish-withdraw: calendar-ends: deadline.withdraw was counted Monday to Friday in 2027, a year the holiday calendar does not list yet: it needs 2027's lines"
	CASETRAIL_NOW="2027-01-05 10:00" run -0 store-verify -q
}

@test "publish-withdraw: a late check inside the calendar says nothing of its end" {
	CASETRAIL_NOW="2026-12-24 10:00" case-log -q 2026-000005 --action decision-change -m 变更
	# Three working days after Thu 12-24: 12-25, 12-28, 12-29.
	CASETRAIL_NOW="2026-12-29 10:00" run -0 publish-withdraw -A zhao.min 2026-000005 --because changed --reason 原处罚决定已变更
	assert_output ""
}

@test "the decide rule: a statement period counted past the calendar says calendar-ends" {
	CASETRAIL_NOW="2026-12-29 10:00" case-log -q 2026-000007 --action notice --penalty warning -m 行政处罚事先告知书
	# Five working days after Tue 12-29: 12-30, 12-31, then 2027-01-01,
	# 01-04 and 01-05, Monday to Friday.
	CASETRAIL_NOW="2027-01-04 10:00" refuses 3 case-log 2026-000007 --action decision --penalty warning -m 行政处罚决定书
	assert_output "case-log: case '2026-000007': the party's statement period runs until 2027-01-05 (5 working days after the notice; calendar-ends: counted Monday to Friday past the holiday calendar's last year): no decision before"
}

@test "the calendar is recorded with the settings: next year's lines added later leave every due day counted before as it was" {
	cp "$CASETRAIL_TOP/data/holidays-cn.tsv" "$BATS_TEST_TMPDIR/holidays.tsv"
	sed -i "s|^holidays = .*|holidays = $BATS_TEST_TMPDIR/holidays.tsv|" "$CASETRAIL_STORE/casetrail.conf"
	# Five working days after Mon 12-28, Monday to Friday past 2026:
	# 12-29, 12-30, 12-31, 2027-01-01, 01-04.
	CASETRAIL_NOW="2026-12-28 10:00" review-submit -q 2026-000007 --penalty warning -m 行政处罚决定书（草稿） >/dev/null
	assert_equal "$(db "SELECT line->>'\$.body.due' FROM journal WHERE action = 'review-submit'")" 2027-01-04
	conf_entries=$(db "SELECT count(*) FROM conf")
	# 2027's lines, as calendar-ends asked: by them it would be due
	# 01-05, but the submission was counted by the calendar then.
	printf '2027-01-01\toff\t元旦\n' >>"$BATS_TEST_TMPDIR/holidays.tsv"
	CASETRAIL_NOW="2026-12-29 10:00" run -0 store-verify -q
	# The next write records the new calendar with the settings, and
	# counts by it; the replay holds for both.
	CASETRAIL_NOW="2026-12-29 10:00" review-submit -q 2026-000007 --penalty warning -m 行政处罚决定书（草稿二） >/dev/null
	assert_equal "$(db "SELECT count(*) FROM conf")" $((conf_entries + 1))
	assert_equal "$(db "SELECT line->>'\$.body.due' FROM journal WHERE action = 'review-submit' ORDER BY seq DESC LIMIT 1")" 2027-01-06
	run -0 db "SELECT instr(line->>'\$.body.holidays', '2027-01-01	off	元旦') > 0 FROM journal WHERE action = 'conf' ORDER BY seq DESC LIMIT 1"
	assert_output 1
	CASETRAIL_NOW="2026-12-29 10:00" run -0 store-verify -q
}
