#!/usr/bin/env bats
# case-new: open a case and print its ID, and only that.
bats_require_minimum_version 1.5.0
load helper

setup() { setup_store with_wang_fang; }
with_wang_fang() { add_officer wang.fang 王芳 14020020002; }
teardown() { teardown_store; }

# The case as case-show -f json prints it.
shown() {
	case-show -f json "$1"
}

@test "a new case prints its ID and only that" {
	run --separate-stderr case-new --type penalty --title 某超市销售过期食品案
	assert_success
	assert_output 2026-000001
	assert_equal "$stderr" ""
	run case-new --type penalty --title 某餐馆无证经营案
	assert_output 2026-000002
}

@test "every option is recorded" {
	run case-new --type penalty --title 某超市销售过期食品案 \
		--party 大同市某某超市有限公司 --party-kind org \
		--party-id 91140200MA0XXXXX0P --handler wang.fang --handler li.ming \
		--basis $'《中华人民共和国食品安全法》第一百二十四条\n第一款第（五）项' \
		--at "2026-09-01 09:30"
	assert_success
	assert_output 2026-000001
	json=$(shown 2026-000001)
	assert_equal "$(json_get "$json" '$.type')" penalty
	assert_equal "$(json_get "$json" '$.status')" open
	assert_equal "$(json_get "$json" '$.stage')" filing
	assert_equal "$(json_get "$json" '$.title')" 某超市销售过期食品案
	assert_equal "$(json_get "$json" '$.party')" 大同市某某超市有限公司
	assert_equal "$(json_get "$json" '$.party_kind')" org
	assert_equal "$(json_get "$json" '$.party_id')" 91140200MA0XXXXX0P
	assert_equal "$(json_get "$json" '$.basis')" $'《中华人民共和国食品安全法》第一百二十四条\n第一款第（五）项'
	assert_equal "$(json_get "$json" '$.filed')" 2026-09-01T09:30:00+08:00
	assert_equal "$(json_get "$json" '$.deadline')" 2026-11-30
	assert_equal "$(json_get "$json" '$.handlers')" li.ming,wang.fang
	assert_equal "$(json_get "$json" '$.timeline[0].action')" case-new
	assert_equal "$(json_get "$json" '$.timeline[0].officer')" li.ming
}

@test "a person as party, and every case type" {
	for type in penalty coercion inspection license other; do
		case-new --type "$type" --title "张某某${type}案" --party 张某某 \
			--party-kind person >/dev/null
	done
	run bash -c 'case-list | cut -f1,2'
	assert_output "$(printf '%s\n' $'2026-000001\tpenalty' $'2026-000002\tcoercion' \
		$'2026-000003\tinspection' $'2026-000004\tlicense' $'2026-000005\tother')"
	assert_equal "$(json_get "$(shown 2026-000001)" '$.party_kind')" person
}

@test "without --handler the acting officer handles the case" {
	run case-new -A wang.fang --type inspection --title 日常检查
	assert_success
	json=$(shown 2026-000001)
	assert_equal "$(json_get "$json" '$.handlers')" wang.fang
	assert_equal "$(json_get "$json" '$.timeline[0].officer')" wang.fang
}

@test "CASETRAIL_OFFICER, then the caller's Unix user, name the actor" {
	CASETRAIL_OFFICER=wang.fang run case-new --type inspection --title 日常检查
	assert_output 2026-000001
	assert_equal "$(json_get "$(shown 2026-000001)" '$.handlers')" wang.fang
	add_officer zhao.lei 赵磊 3 --unix-user "$(id -un)"
	unset CASETRAIL_OFFICER
	run case-new --type inspection --title 专项检查
	assert_output 2026-000002
	assert_equal "$(json_get "$(shown 2026-000002)" '$.handlers')" zhao.lei
	# -A wins over both.
	CASETRAIL_OFFICER=wang.fang run case-new -A li.ming --type inspection \
		--title 复查
	assert_equal "$(json_get "$(shown 2026-000003)" '$.handlers')" li.ming
}

@test "--at takes RFC 3339 with Z or an offset, a date, and a date with time" {
	case-new --type penalty --title 甲案 --at 2026-03-02T01:30:00Z >/dev/null
	case-new --type penalty --title 乙案 --at 2026-03-02T09:30:00+08:00 >/dev/null
	case-new --type penalty --title 丙案 --at 2026-03-02 >/dev/null
	case-new --type penalty --title 丁案 --at "2026-03-02 17:45" >/dev/null
	case-new --type penalty --title 戊案 --at 2026-03-02T12:00:00-05:00 >/dev/null
	run bash -c 'for id in 2026-00000{1..5}; do case-show -f json $id; done'
	assert_success
	assert_json_lines "$output"
	assert_equal "$(json_get "${lines[0]}" '$.filed')" 2026-03-02T09:30:00+08:00
	assert_equal "$(json_get "${lines[1]}" '$.filed')" 2026-03-02T09:30:00+08:00
	assert_equal "$(json_get "${lines[2]}" '$.filed')" 2026-03-02T00:00:00+08:00
	assert_equal "$(json_get "${lines[3]}" '$.filed')" 2026-03-02T17:45:00+08:00
	assert_equal "$(json_get "${lines[4]}" '$.filed')" 2026-03-03T01:00:00+08:00
}

@test "the ID's year is the agency's local year of filing" {
	# 2025-12-31 16:30 UTC is already 2026 in Beijing.
	run case-new --type penalty --title 跨年案一 --at 2025-12-31T16:30:00Z
	assert_output 2026-000001
	run case-new --type penalty --title 跨年案二 --at 2025-12-31T23:59:00+08:00
	assert_output 2025-000001
}

@test "case IDs number each year on their own and sort by year and number" {
	case-new --type penalty --title 甲案 --at 2026-02-01 >/dev/null
	case-new --type penalty --title 乙案 --at 2025-06-01 >/dev/null
	case-new --type penalty --title 丙案 --at 2024-06-01 >/dev/null
	case-new --type penalty --title 丁案 --at 2025-07-01 >/dev/null
	for i in 1 2 3 4 5 6 7 8; do
		case-new --type inspection --title "检查${i}" >/dev/null
	done
	run case-new --type penalty --title 戊案
	assert_output 2026-000010
	run bash -c 'case-list | cut -f1,11'
	assert_output "$(printf '%s\n' $'2024-000001\t丙案' $'2025-000001\t乙案' \
		$'2025-000002\t丁案' $'2026-000001\t甲案' $'2026-000002\t检查1' \
		$'2026-000003\t检查2' $'2026-000004\t检查3' $'2026-000005\t检查4' \
		$'2026-000006\t检查5' $'2026-000007\t检查6' $'2026-000008\t检查7' \
		$'2026-000009\t检查8' $'2026-000010\t戊案')"
}

@test "the new ID goes down a pipe to case-log" {
	run bash -c 'case-new --type penalty --title 某药店销售假药案 |
		xargs -I{} case-log {} --action note -m 已立案，待调查'
	assert_success
	assert_output 6
	run bash -c 'case-show -f tsv 2026-000001 | cut -f1,6,12'
	assert_output "$(printf '%s\n' $'5\tcase-new\t某药店销售假药案' $'6\tnote\t已立案，待调查')"
}

@test "an empty title is refused (2)" {
	refuses 2 case-new --type penalty --title ''
	assert_output "case-new: title is empty"
}

@test "a title too long is refused (2)" {
	refuses 2 case-new --type penalty --title "$(head -c 1025 /dev/zero | tr '\0' x)"
	assert_output "case-new: title is too long (1025 bytes, at most 1024)"
	# 1 MiB cannot pass through exec (one argument is at most 128 KiB on
	# Linux), so the largest title that can reach case-new stands in.
	big=$(head -c 131071 /dev/zero | tr '\0' x)
	refuses 2 case-new --type penalty --title "$big"
	assert_output "case-new: title is too long (131071 bytes, at most 1024)"
}

@test "a title that is not valid UTF-8 or has a control character is refused (2)" {
	refuses 2 case-new --type penalty --title $'某案\xe6\xa1'
	assert_output "case-new: title is not valid UTF-8"
	refuses 2 case-new --type penalty --title $'某超市\n销售过期食品案'
	assert_output "case-new: title contains a control character"
	refuses 2 case-new --type penalty --title 某案 --party $'\xc0\x80'
	assert_output "case-new: party is not valid UTF-8"
}

@test "an unknown case type is refused (2)" {
	refuses 2 case-new --type 处罚 --title 某案
	assert_output "case-new: unknown case type '处罚' (types: penalty coercion inspection license other)"
}

@test "a bad party kind is refused (2)" {
	refuses 2 case-new --type penalty --title 某案 --party 某公司 --party-kind 公司
	assert_output "case-new: party kind is person or org, not '公司'"
}

@test "a party's ID is checked by its kind: a resident identity number, a credit code" {
	# GB 11643's example with its X (also x), a first-generation
	# number, GB 32100's example: each recorded as typed.
	for id in 11010519491231002X 11010519491231002x 140202900101123; do
		c=$(case-new --type penalty --title 王某某案 --party 王某某 \
			--party-kind person --party-id "$id")
		assert_equal "$(json_get "$(shown "$c")" '$.party_id')" "$id"
	done
	case-new --type penalty --title 某公司案 --party 某公司 --party-kind org \
		--party-id 91350100M000100Y43 >/dev/null
	# No kind: either form.
	case-new --type penalty --title 某案 --party-id 91350100M000100Y43 >/dev/null
	case-new --type penalty --title 某案 --party-id 140202199001011234 >/dev/null
}

@test "a party ID with a wrong check character, date or form is refused (2) unless unchecked" {
	local person=(case-new --type penalty --title 王某某案 --party 王某某 --party-kind person)
	local org=(case-new --type penalty --title 某公司案 --party 某公司 --party-kind org)
	refuses 2 "${person[@]}" --party-id 140202199001011235
	assert_output "case-new: party ID '140202199001011235' is not a valid resident identity number: its length, date of birth or check character is wrong (--party-id-unchecked takes a foreign or other document as it is)"
	refuses 2 "${person[@]}" --party-id 140202199002301233   # 30 February, check right
	refuses 2 "${person[@]}" --party-id 140202901301123      # month 13
	refuses 2 "${person[@]}" --party-id 14020219900101123
	# A credit code is no person's ID, nor an ID an organisation's.
	refuses 2 "${person[@]}" --party-id 91350100M000100Y43
	refuses 2 "${org[@]}" --party-id 140202199001011234
	refuses 2 "${org[@]}" --party-id 91350100M000100Y44
	assert_output --partial "is not a valid unified social credit code: its length, characters or check character"
	refuses 2 "${org[@]}" --party-id 91350I00M000100Y43
	refuses 2 case-new --type penalty --title 某案 --party-id E12345678
	assert_output --partial "resident identity number or unified social credit code"
	# A passport: recorded as given.
	c=$("${person[@]}" --party-id E12345678 --party-id-unchecked)
	assert_equal "$(json_get "$(shown "$c")" '$.party_id')" E12345678
}

@test "an unknown handler is refused (4), a handler named twice (2)" {
	refuses 4 case-new --type penalty --title 某案 --handler zhao.lei
	assert_output "case-new: cannot find officer 'zhao.lei'"
	refuses 2 case-new --type penalty --title 某案 --handler wang.fang \
		--handler wang.fang
	assert_output "case-new: officer 'wang.fang' is named twice"
	refuses 2 case-new --type penalty --title 某案 --handler 王芳
	assert_output --partial "case-new: bad officer ID '王芳'"
}

@test "a filing time in the future is refused (2), a bad one too (2)" {
	refuses 2 case-new --type penalty --title 某案 --at 2026-11-26
	assert_output "case-new: filing time is in the future"
	refuses 2 case-new --type penalty --title 某案 --at 2026-02-30
	assert_output "case-new: bad time '2026-02-30' (use YYYY-MM-DD[ HH:MM] or RFC 3339)"
	refuses 2 case-new --type penalty --title 某案 --at "2026-11-01 25:00"
	assert_output --partial "case-new: bad time '2026-11-01 25:00'"
	refuses 2 case-new --type penalty --title 某案 --at 2026/11/01
	assert_output --partial "case-new: bad time '2026/11/01'"
}

@test "an unknown acting officer is refused (4)" {
	refuses 4 case-new -A zhao.lei --type penalty --title 某案
	assert_output "case-new: cannot find officer 'zhao.lei'"
	unset CASETRAIL_OFFICER
	refuses 4 case-new --type penalty --title 某案
	assert_output "case-new: no officer for Unix user '$(id -un)' (use -A OFFICER, set CASETRAIL_OFFICER, or officer-add --unix-user)"
}

@test "missing or unknown options are usage errors (2)" {
	refuses_usage "case-new: --type and --title are required" case-new --type penalty
	refuses_usage "case-new: unrecognized option '--fine'" \
		case-new --type penalty --title 某案 --fine 5000
	refuses_usage "case-new: unexpected operand '多余'" case-new --type penalty --title 某案 多余
}

@test "a missing store is not found (4) and is not created" {
	refuses 4 case-new -S "$BATS_TEST_TMPDIR/none" --type penalty --title 某案
	assert_output "case-new: no store at $BATS_TEST_TMPDIR/none (officer-add creates one)"
	[ ! -e "$BATS_TEST_TMPDIR/none" ]
}

@test "a store directory that is a file is refused (5)" {
	touch "$BATS_TEST_TMPDIR/file"
	refuses 5 case-new -S "$BATS_TEST_TMPDIR/file" --type penalty --title 某案
	assert_output "case-new: store $BATS_TEST_TMPDIR/file is not a directory"
}

@test "a read-only store is refused (5)" {
	refuses_readonly 5 case-new --type penalty --title 某案
	assert_output "case-new: store $CASETRAIL_STORE is read-only"
}

@test "a store from a newer schema version is refused (5)" {
	sqlite3 "$CASETRAIL_STORE/store.db" 'PRAGMA user_version=99'
	refuses 5 case-new --type penalty --title 某案
	assert_output --regexp "^case-new: store $CASETRAIL_STORE has schema version 99, newer than this casetrail's [0-9]+: upgrade casetrail$"
}

@test "-h prints the usage and -V the version" {
	run case-new -h
	assert_success
	assert_output --partial "usage: case-new [-q] [-S dir] [-A officer] --type type --title text"
	run case-new -V
	assert_success
	assert_output --regexp '^case-new \(casetrail\) [0-9.]+$'
}
