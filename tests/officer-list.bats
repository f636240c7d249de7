#!/usr/bin/env bats
# officer-list: the officers, their credentials and roles, by ID.
bats_require_minimum_version 1.5.0
load helper

setup() { setup_store with_wang_fang; }
with_wang_fang() {
	officer-add wang.fang --name 王芳 --credential 14020020002 \
		--valid-from 2022-07-01 --valid-until 2028-06-30 \
		--role reviewer --role officer --unix-user daemon \
		--qualification A20183101234567 >/dev/null
}
teardown() { teardown_store; }

@test "tsv by default: one officer a line, by ID, no header" {
	run officer-list
	assert_success
	assert_output "$(printf '%s\n' \
		$'li.ming\t李明\t14020020001\tvalid\t2020-01-01\t2030-12-31\tofficer,admin\t\t\t\t\t\t\t\t' \
		$'wang.fang\t王芳\t14020020002\tvalid\t2022-07-01\t2028-06-30\tofficer,reviewer\tdaemon\t\t\t\t\t\t\tA20183101234567')"
}

@test "-H puts a header first, and -f tsv is the default" {
	run officer-list -H -f tsv
	assert_success
	assert_line --index 0 "$(printf 'id\tname\tcredential\tstatus\tvalid_from\tvalid_until\troles\tunix_user\tkey_reset\tkey_reset_by\tkey_reset_reason\trestored\trestored_by\trestore_reason\tqualification')"
	assert_line --index 1 --partial "$(printf 'li.ming\t李明\t')"
	assert_equal "${#lines[@]}" 3
}

@test "tsv escapes a backslash in a name" {
	officer-add zhao.lei --name '赵\磊' --credential 'A\3' \
		--valid-from 2020-01-01 --valid-until 2030-12-31 >/dev/null
	run officer-list
	assert_line --index 2 "$(printf 'zhao.lei\t赵\\\\磊\tA\\\\3\tvalid\t2020-01-01\t2030-12-31\tofficer\t\t\t\t\t\t\t\t')"
}

@test "csv: RFC 4180 with a header, CRLF line ends and quoting" {
	officer-add zhao.lei --name '赵磊,"二组"' --credential ' 3' \
		--valid-from 2020-01-01 --valid-until 2030-12-31 >/dev/null
	officer-list -f csv >"$BATS_TEST_TMPDIR/out.csv"
	printf '%s\r\n' \
		'id,name,credential,status,valid_from,valid_until,roles,unix_user,key_reset,key_reset_by,key_reset_reason,restored,restored_by,restore_reason,qualification' \
		'li.ming,李明,14020020001,valid,2020-01-01,2030-12-31,"officer,admin",,,,,,,,' \
		'wang.fang,王芳,14020020002,valid,2022-07-01,2028-06-30,"officer,reviewer",daemon,,,,,,,A20183101234567' \
		'zhao.lei,"赵磊,""二组"""," 3",valid,2020-01-01,2030-12-31,officer,,,,,,,,' \
		>"$BATS_TEST_TMPDIR/want.csv"
	cmp "$BATS_TEST_TMPDIR/want.csv" "$BATS_TEST_TMPDIR/out.csv"
	# sqlite3 reads it back as the same table.
	run sqlite3 :memory: ".import --csv $BATS_TEST_TMPDIR/out.csv o" \
		"SELECT name || '|' || credential FROM o WHERE id = 'zhao.lei'"
	assert_output '赵磊,"二组"| 3'
}

@test "--bom puts a UTF-8 byte order mark before a csv header, and only there" {
	run bash -c 'officer-list -f csv --bom | head -c 5 | od -An -tx1'
	assert_output " ef bb bf 69 64"
	run bash -c 'officer-list -H --bom | head -c 3 | od -An -tx1'
	assert_output " 69 64 09"
	run bash -c 'officer-list -f json --bom | head -c 2'
	assert_output '{"'
}

@test "json: one object a line, with stable keys" {
	run officer-list -f json
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_json_lines "$output"
	assert_line --index 0 '{"id":"li.ming","name":"李明","credential":"14020020001","status":"valid","valid_from":"2020-01-01","valid_until":"2030-12-31","roles":"officer,admin","unix_user":null,"key_reset":null,"key_reset_by":null,"key_reset_reason":null,"restored":null,"restored_by":null,"restore_reason":null,"qualification":null}'
	assert_equal "$(json_get "${lines[1]}" '$.unix_user')" daemon
	assert_equal "$(json_get "${lines[1]}" '$.name')" 王芳
}

@test "the status follows the clock: valid, expiring, expired, pending" {
	officer-add zhao.lei --name 赵磊 --credential 3 \
		--valid-from 2020-01-01 --valid-until 2026-12-01 >/dev/null
	officer-add sun.li --name 孙丽 --credential 4 \
		--valid-from 2020-01-01 --valid-until 2026-11-24 >/dev/null
	officer-add zhou.jie --name 周杰 --credential 5 \
		--valid-from 2027-01-01 --valid-until 2031-12-31 >/dev/null
	run bash -c 'officer-list | cut -f1,4'
	assert_output "$(printf '%s\n' $'li.ming\tvalid' $'sun.li\texpired' \
		$'wang.fang\tvalid' $'zhao.lei\texpiring' $'zhou.jie\tpending')"
	CASETRAIL_NOW="2027-01-01 08:00" run bash -c 'officer-list | cut -f1,4'
	assert_output "$(printf '%s\n' $'li.ming\tvalid' $'sun.li\texpired' \
		$'wang.fang\tvalid' $'zhao.lei\texpired' $'zhou.jie\tvalid')"
}

@test "the officers go down a pipe as the handlers of a joint inspection" {
	run bash -c "officer-list | cut -f1 | sed 's/^/--handler=/' |
		xargs case-new --type inspection --title 联合执法检查"
	assert_success
	assert_output 2026-000001
	run bash -c 'case-list | cut -f9'
	assert_output li.ming,wang.fang
}

@test "a missing store is not found (4)" {
	run officer-list -S "$BATS_TEST_TMPDIR/none"
	assert_failure 4
	assert_output "officer-list: no store at $BATS_TEST_TMPDIR/none (officer-add creates one)"
	[ ! -e "$BATS_TEST_TMPDIR/none" ]
}

@test "an unknown format is a usage error (2)" {
	refuses 2 officer-list -f xml
	assert_output "officer-list: unknown format 'xml' (formats: tsv csv json)"
	refuses 2 officer-list -f text
	assert_output "officer-list: unknown format 'text' (formats: tsv csv json)"
}

@test "an unknown option or an operand is a usage error (2)" {
	refuses_usage "officer-list: unrecognized option '--role'" officer-list --role admin
	refuses_usage "officer-list: unexpected operand 'li.ming'" officer-list li.ming
}

@test "a store directory that is a file is refused (5)" {
	touch "$BATS_TEST_TMPDIR/file"
	refuses 5 officer-list -S "$BATS_TEST_TMPDIR/file"
	assert_output "officer-list: store $BATS_TEST_TMPDIR/file is not a directory"
}

@test "a store from a newer schema version is refused (5)" {
	sqlite3 "$CASETRAIL_STORE/store.db" 'PRAGMA user_version=99'
	refuses 5 officer-list
	assert_output --regexp "^officer-list: store $CASETRAIL_STORE has schema version 99, newer than this casetrail's [0-9]+: upgrade casetrail$"
}

@test "a bad CASETRAIL_NOW is a usage error (2)" {
	CASETRAIL_NOW=昨天 refuses 2 officer-list
	assert_output "officer-list: bad CASETRAIL_NOW '昨天'"
}

@test "-h prints the usage and -V the version" {
	run officer-list --help
	assert_success
	assert_line --index 0 "usage: officer-list [-Hq] [-S dir] [-f format] [--bom]"
	run officer-list -V
	assert_success
	assert_output --regexp '^officer-list \(casetrail\) [0-9.]+$'
}

@test "an admin's reset of a key is shown: when, by whom, why" {
	officer-key wang.fang >/dev/null
	CASETRAIL_NOW="2026-11-25 11:30" officer-key --reset wang.fang \
		--reason 笔记本电脑遗失 >/dev/null
	run officer-list -f json
	assert_success
	assert_equal "$(json_get "${lines[1]}" '$.key_reset')" 2026-11-25T11:30:00+08:00
	assert_equal "$(json_get "${lines[1]}" '$.key_reset_by')" li.ming
	assert_equal "$(json_get "${lines[1]}" '$.key_reset_reason')" 笔记本电脑遗失
	# Her own rotation is no reset, and leaves the reset shown.
	assert_equal "$(json_get "${lines[0]}" '$.key_reset')" ''
	CASETRAIL_NOW="2026-11-25 11:40" officer-key -A wang.fang --rotate >/dev/null
	run officer-list
	assert_line --index 1 "$(printf 'wang.fang\t王芳\t14020020002\tvalid\t2022-07-01\t2028-06-30\tofficer,reviewer\tdaemon\t2026-11-25T11:30:00+08:00\tli.ming\t笔记本电脑遗失\t\t\t\tA20183101234567')"
}
