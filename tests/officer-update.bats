#!/usr/bin/env bats
# officer-update: an officer's credential renewed, his name corrected, a
# revoked officer restored; each entry judged by the data of its time.
bats_require_minimum_version 1.5.0
load helper

setup() {
	setup_store
	# 王芳's credential ends on 30 November.
	add_officer wang.fang 王芳 14020020002 --valid-until 2026-11-30
	add_officer zhao.lei 赵磊 14020020003
	case-new --type penalty --title 某药店销售假药案 --handler li.ming \
		--handler zhao.lei --at "2026-09-01 09:30" >/dev/null
	id=2026-000001
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }
last_line() { db "SELECT line FROM journal ORDER BY seq DESC LIMIT 1"; }

# The officer tables, as store-rebuild must make them again.
officer_tables() {
	db "SELECT * FROM officer ORDER BY id; SELECT * FROM officer_role ORDER BY 1, 2;
	    SELECT * FROM officer_credential ORDER BY 1, 5;
	    SELECT * FROM officer_restore ORDER BY 1, 4"
}

# store-verify holds, at the clock given (the entries' day by default),
# and store-rebuild makes the same tables again.
verified_and_rebuilt() {
	local before
	run store-verify -q
	assert_success
	before=$(officer_tables)
	run store-rebuild -q
	assert_success
	assert_equal "$(officer_tables)" "$before"
	run store-verify -q
	assert_success
}

# 王芳 revoked at 10:00 and restored at 12:00 on 25 November, with a new
# credential valid from that day.
revoke_and_restore() {
	CASETRAIL_NOW="2026-11-25 10:00" officer-revoke wang.fang --reason 停职调查 >/dev/null
	CASETRAIL_NOW="2026-11-25 12:00" officer-update --restore wang.fang \
		--credential 14020020012 --valid-from 2026-11-25 \
		--valid-until 2031-11-24 --reason "调查结束，恢复执法资格" >/dev/null
}

@test "renews a credential: prints the ID, records it, officer-list shows it" {
	run officer-update wang.fang --credential 14020020012 \
		--valid-from 2026-12-01 --valid-until 2031-11-30
	assert_success
	assert_output wang.fang
	line=$(last_line)
	assert_equal "$(json_get "$line" '$.action')" officer-update
	assert_equal "$(json_get "$line" '$.officer')" li.ming
	assert_equal "$(json_get "$line" '$.body')" \
		'{"id":"wang.fang","credential":"14020020012","valid_from":"2026-12-01","valid_until":"2031-11-30"}'
	run officer-list
	assert_line --index 1 --regexp $'^wang.fang\t王芳\t14020020012\tpending\t2026-12-01\t2031-11-30\t'
	verified_and_rebuilt
}

@test "renews from today when no --valid-from is given" {
	run officer-update wang.fang --credential 14020020012 --valid-until 2031-11-30
	assert_success
	assert_equal "$(json_get "$(last_line)" '$.body.valid_from')" 2026-11-25
}

@test "corrects a name, and only the name" {
	run officer-update wang.fang --name 王芳芳
	assert_success
	assert_equal "$(json_get "$(last_line)" '$.body')" '{"id":"wang.fang","name":"王芳芳"}'
	run officer-list
	assert_line --index 1 --regexp $'^wang.fang\t王芳芳\t14020020002\t'
	# A name and a credential at once, with Chinese and Latin letters.
	run officer-update zhao.lei --name "赵磊（Zhao Lei）" --credential 14020020013 \
		--valid-from 2026-11-25 --valid-until 2031-11-24
	assert_success
	run officer-list -f json
	assert_line --index 2 --partial '"name":"赵磊（Zhao Lei）","credential":"14020020013"'
	verified_and_rebuilt
}

@test "a step under the old credential stays valid after the renewal, and one of its days may still be recorded" {
	run case-log -q "$id" --action inspection --officer li.ming \
		--officer wang.fang --at "2026-11-24 15:00" -m 续证前的检查
	assert_success
	officer-update wang.fang --credential 14020020012 --valid-from 2026-12-10 \
		--valid-until 2031-12-09 >/dev/null
	# Recorded late: judged by the credential of its day, the old one.
	run case-log -q "$id" --action inquiry --officer li.ming \
		--officer wang.fang --at "2026-11-25 09:00" -m 续证前的询问
	assert_success
	# Between the two credentials she held none.
	CASETRAIL_NOW="2026-12-05 10:00" refuses 3 case-log "$id" --action inspection \
		--officer li.ming --officer wang.fang -m 证件空档期检查
	assert_output "case-log: officer 'wang.fang' holds no credential valid on 2026-12-05 (credential 14020020012 is valid from 2026-12-10 to 2031-12-09)"
	CASETRAIL_NOW="2026-12-10 10:00" run case-log -q "$id" --action inspection \
		--officer li.ming --officer wang.fang -m 新证检查
	assert_success
	CASETRAIL_NOW="2026-12-10 10:00" verified_and_rebuilt
}

@test "restores a revoked officer with a new credential and a reason; officer-list shows it" {
	revoke_and_restore
	line=$(last_line)
	assert_equal "$(json_get "$line" '$.action')" officer-restore
	assert_equal "$(json_get "$line" '$.body')" \
		'{"id":"wang.fang","credential":"14020020012","valid_from":"2026-11-25","valid_until":"2031-11-24","reason":"调查结束，恢复执法资格"}'
	run officer-list
	assert_line --index 1 "$(printf 'wang.fang\t王芳\t14020020012\tvalid\t2026-11-25\t2031-11-24\tofficer\t\t\t\t\t2026-11-25T12:00:00+08:00\tli.ming\t调查结束，恢复执法资格\t')"
	assert_equal "$(db "SELECT * FROM officer_restore")" \
		"wang.fang|2026-11-25T02:00:00Z|2026-11-25T04:00:00Z|$(db "SELECT max(seq) FROM journal")"
	# She acts again, and may be revoked again.
	CASETRAIL_NOW="2026-11-25 12:30" run case-log -q -A wang.fang "$id" --action note -m 复职后记录
	assert_success
	CASETRAIL_NOW="2026-11-25 13:00" run officer-revoke wang.fang --reason 再次停职
	assert_success
	CASETRAIL_NOW="2026-11-25 13:00" verified_and_rebuilt
}

@test "no step is dated inside a revocation that a restore ended" {
	run case-log -q -A wang.fang "$id" --action note --at "2026-11-25 09:00" -m 撤销前
	assert_success
	revoke_and_restore
	export CASETRAIL_NOW="2026-11-25 13:00"
	# As actor, as an officer present, at either end and between.
	for at in "2026-11-25 10:00" "2026-11-25 11:00" "2026-11-25 11:59"; do
		refuses 3 case-log -A wang.fang "$id" --action note --at "$at" -m 撤销期间
		assert_output "case-log: officer 'wang.fang' was revoked from 2026-11-25T10:00:00+08:00 until 2026-11-25T12:00:00+08:00"
	done
	refuses 3 case-log "$id" --action inspection --officer li.ming \
		--officer wang.fang --at "2026-11-25 11:00" -m 撤销期间检查
	# Before the revocation, under the credential it withdrew; after the
	# restore, under the new one.
	run case-log -q "$id" --action inspection --officer li.ming \
		--officer wang.fang --at "2026-11-25 09:30" -m 撤销前检查
	assert_success
	run case-log -q -A wang.fang "$id" --action note --at "2026-11-25 12:00" -m 复职时
	assert_success
	verified_and_rebuilt
}

@test "the withdrawn credential does not come back with the restore" {
	CASETRAIL_NOW="2026-11-25 10:00" officer-revoke wang.fang --reason 停职 >/dev/null
	# The new credential begins in December: in between she holds none,
	# though the old one's days run to 30 November.
	CASETRAIL_NOW="2026-11-25 12:00" officer-update --restore wang.fang \
		--credential 14020020012 --valid-from 2026-12-01 \
		--valid-until 2031-11-30 --reason 复职 >/dev/null
	CASETRAIL_NOW="2026-11-26 10:00" refuses 3 case-log -A wang.fang "$id" --action note -m 旧证
	assert_output "case-log: officer 'wang.fang' holds no credential valid on 2026-11-26 (credential 14020020012 is valid from 2026-12-01 to 2031-11-30)"
	CASETRAIL_NOW="2026-12-01 10:00" verified_and_rebuilt
}

@test "only an admin updates or restores (3), and no admin restores himself (3)" {
	refuses 3 officer-update -A zhao.lei wang.fang --name 王芳芳
	assert_output "officer-update: only an admin can update officers ('zhao.lei' is not one)"
	officer-revoke wang.fang --reason 停职 >/dev/null
	refuses 3 officer-update -A zhao.lei --restore wang.fang --credential 14020020012 \
		--valid-until 2031-11-30 --reason 越权恢复
	assert_output "officer-update: only an admin can restore officers ('zhao.lei' is not one)"
	add_officer zhou.min 周敏 14020020006 --role officer --role admin
	officer-revoke -A zhou.min li.ming --reason 调任 >/dev/null
	refuses 3 officer-update -A li.ming --restore li.ming --credential 14020020011 \
		--valid-until 2031-11-30 --reason 自行恢复
	assert_output "officer-update: officer 'li.ming' cannot restore itself: another admin must"
	# A revoked admin updates nobody.
	refuses 3 officer-update -A li.ming zhao.lei --name 赵磊磊
	assert_output --partial "officer 'li.ming' has been revoked since"
}

@test "an unknown officer (4), a bad ID (2)" {
	refuses 4 officer-update zhang.san --name 张三
	assert_output "officer-update: cannot find officer 'zhang.san'"
	refuses 4 officer-update --restore zhang.san --credential 9 --valid-until 2031-11-30 --reason 无
	refuses 2 officer-update 'Zhang San' --name 张三
}

@test "a credential number another officer holds, or held, is refused (3)" {
	refuses 3 officer-update wang.fang --credential 14020020003 --valid-until 2031-11-30
	assert_output "officer-update: credential 14020020003 is held by officer 'zhao.lei' already"
	# zhao.lei renews; his old number still names him, in the entries
	# that recorded it.
	officer-update zhao.lei --credential 14020020013 --valid-until 2031-11-30 >/dev/null
	refuses 3 officer-update wang.fang --credential 14020020003 --valid-until 2031-11-30
	assert_output "officer-update: credential 14020020003 is held by officer 'zhao.lei' already"
	refuses 3 officer-add sun.li --name 孙丽 --credential 14020020003 --valid-until 2031-11-30
	assert_output "officer-add: credential 14020020003 is held by officer 'zhao.lei' already"
	# Her own number with new days is a renewal.
	run officer-update wang.fang --credential 14020020002 --valid-until 2031-11-30
	assert_success
	verified_and_rebuilt
}

@test "a restore needs a revoked officer (3), a reason and a new credential (2)" {
	refuses 3 officer-update --restore wang.fang --credential 14020020012 \
		--valid-until 2031-11-30 --reason 复职
	assert_output "officer-update: officer 'wang.fang' is not revoked: there is nothing to restore"
	officer-revoke wang.fang --reason 停职 >/dev/null
	refuses_usage "officer-update: --restore needs a --reason and a new --credential with --valid-until" \
		officer-update --restore wang.fang --credential 14020020012 --valid-until 2031-11-30
	refuses_usage "officer-update: --restore needs a --reason and a new --credential with --valid-until" \
		officer-update --restore wang.fang --reason 复职
	refuses_usage "officer-update: --restore needs a --reason and a new --credential with --valid-until" \
		officer-update --restore wang.fang --name 王芳芳 --reason 复职
	refuses 2 officer-update --restore wang.fang --credential 14020020012 \
		--valid-until 2031-11-30 --reason ""
	refuses 2 officer-update --restore wang.fang --credential 14020020012 \
		--valid-until 2031-11-30 --reason $'两行\n原因'
	# The number the revocation withdrew is not given back.
	refuses 3 officer-update --restore wang.fang --credential 14020020002 \
		--valid-until 2031-11-30 --reason 复职
	assert_output "officer-update: credential 14020020002 was withdrawn with the revocation of 'wang.fang': a restore needs a new one"
}

@test "a revoked officer is updated only by a restore (3)" {
	officer-revoke wang.fang --reason 停职 >/dev/null
	refuses 3 officer-update wang.fang --name 王芳芳
	assert_output "officer-update: officer 'wang.fang' is revoked (officer-update --restore with a new credential and a --reason restores him)"
	refuses 3 officer-update wang.fang --credential 14020020012 --valid-until 2031-11-30
}

@test "bad dates, a bad name or credential, nothing to change (2)" {
	refuses 2 officer-update wang.fang --credential 14020020012 --valid-until 2031-02-30
	assert_output "officer-update: bad date '2031-02-30' (use YYYY-MM-DD)"
	refuses 2 officer-update wang.fang --credential 14020020012 --valid-from 2026/12/01 \
		--valid-until 2031-11-30
	refuses 2 officer-update wang.fang --credential 14020020012 --valid-from 2026-12-01 \
		--valid-until 2026-11-30
	assert_output "officer-update: credential valid until a day before it is valid from"
	# From today, ending before today.
	refuses 2 officer-update wang.fang --credential 14020020012 --valid-until 2026-11-24
	refuses 2 officer-update wang.fang --valid-until 2031-11-30
	assert_output "officer-update: --valid-from and --valid-until go with a new --credential"
	refuses 2 officer-update wang.fang --credential 14020020012
	refuses 2 officer-update wang.fang --name ""
	refuses 2 officer-update wang.fang --name $'王\n芳'
	refuses 2 officer-update wang.fang --name "$(printf '王\xff芳')"
	refuses_usage "officer-update: --name, --qualification or --credential is required" officer-update wang.fang
	refuses_usage "officer-update: --reason goes with --restore" \
		officer-update wang.fang --name 王芳芳 --reason 更正
	refuses_usage "officer-update: no officer ID given" officer-update
	refuses_usage "officer-update: one officer ID, not also 'zhao.lei'" \
		officer-update wang.fang zhao.lei --name 王芳芳
	refuses_usage "officer-update: unrecognized option '--bogus'" officer-update --bogus
}

@test "store-verify reports an update or a restore made by hand in the tables" {
	officer-update wang.fang --credential 14020020012 --valid-until 2031-11-30 >/dev/null
	seq=$(db "SELECT max(seq) FROM journal")
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/clean"
	again() { rm -rf "$CASETRAIL_STORE"; cp -a "$BATS_TEST_TMPDIR/clean" "$CASETRAIL_STORE"; }

	db "UPDATE officer SET valid_until = '2040-12-31' WHERE id = 'wang.fang'"
	run store-verify
	assert_failure 1
	assert_output "store-verify: officer wang.fang: name or credential differs from the journal's (entry $seq)"
	again
	db "UPDATE officer SET name = '王大芳' WHERE id = 'wang.fang'"
	run store-verify
	assert_failure 1
	assert_output "store-verify: officer wang.fang: name or credential differs from the journal's (entry $seq)"
	again
	db "UPDATE officer_credential SET valid_until = '2040-12-31' WHERE seq = $seq"
	run store-verify
	assert_failure 1
	assert_output "store-verify: officer wang.fang: credential 14020020012 differs from what entry $seq issued"
	again
	db "DELETE FROM officer_credential WHERE seq = $seq"
	run store-verify
	assert_failure 1
	assert_output "store-verify: officer wang.fang has 1 credentials in the table, 2 issued in the journal"
	again
	db "INSERT INTO officer_credential VALUES ('zhao.lei', '9999', '2020-01-01', '2040-12-31', $seq)"
	run store-verify
	assert_failure 1
	assert_output "store-verify: officer zhao.lei: credential 9999 was issued by no entry ($seq)"

	# A restore by hand: the revocation erased, or a restore row made up.
	again
	officer-revoke wang.fang --reason 停职 >/dev/null
	seq=$(db "SELECT max(seq) FROM journal")
	db "UPDATE officer SET revoked_at = NULL, revoked_reason = NULL WHERE id = 'wang.fang'"
	run store-verify
	assert_failure 1
	assert_output "store-verify: officer wang.fang: revocation differs from the journal's (entry $seq)"
	db "INSERT INTO officer_restore VALUES ('wang.fang', '2026-11-25T02:00:00Z', '2026-11-25T02:00:00Z', $seq)"
	run store-verify
	assert_failure 1
	assert_output "store-verify: officer wang.fang: revocation differs from the journal's (entry $seq)"
}

@test "store-verify reports a restore erased or changed in the tables" {
	revoke_and_restore
	seq=$(db "SELECT max(seq) FROM journal")
	export CASETRAIL_NOW="2026-11-25 13:00"
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/clean"
	db "UPDATE officer_restore SET revoked_at = '2026-11-25T03:00:00Z'"
	run store-verify
	assert_failure 1
	assert_output "store-verify: officer wang.fang: restore differs from the journal's (entry $seq)"
	rm -rf "$CASETRAIL_STORE"; cp -a "$BATS_TEST_TMPDIR/clean" "$CASETRAIL_STORE"
	db "DELETE FROM officer_restore"
	run store-verify
	assert_failure 1
	assert_output "store-verify: entry $seq restores officer 'wang.fang', which is not in the officer_restore table"
	# store-rebuild puts it back.
	run store-rebuild -q
	assert_success
	assert_equal "$(db "SELECT seq FROM officer_restore")" "$seq"
	run store-verify -q
	assert_success
}

@test "a store of schema version 3 keeps its officers' credentials when migrated" {
	# Made back into version 3: no credential history, no restores, none
	# of the tables of the versions after.
	v=$(db 'PRAGMA user_version')
	db "DROP TABLE officer_credential; DROP TABLE officer_restore; DROP TABLE conf; DROP TABLE case_ref; DROP TABLE draw_commit; DROP TABLE draw; DROP TABLE draw_attempt; DROP TABLE doc_number; DROP TABLE officer_qualification; DROP TABLE review; DROP TABLE publication; DROP TABLE withdrawal; DROP TABLE publicity; DROP TABLE seal; DELETE FROM meta WHERE key = 'qualification_since'; PRAGMA user_version = 3"
	run officer-update wang.fang --credential 14020020012 --valid-until 2031-11-30
	assert_success
	assert_equal "$(db 'PRAGMA user_version')" "$v"
	assert_equal "$(db "SELECT officer, credential FROM officer_credential ORDER BY officer, seq")" \
		"$(printf 'li.ming|14020020001\nwang.fang|14020020002\nwang.fang|14020020012\nzhao.lei|14020020003')"
	verified_and_rebuilt
}

@test "the officers whose credential ends within the month, renewed down a pipe" {
	officer-list | awk -F '\t' '$4 == "expiring" { print $1 }' |
		while read -r who; do
			officer-update "$who" --credential "${who}-2026" --valid-from 2026-12-01 \
				--valid-until 2031-11-30
		done >"$BATS_TEST_TMPDIR/out"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" wang.fang
	run officer-list
	assert_line --index 1 --regexp $'^wang.fang\t王芳\twang.fang-2026\tpending\t'
}

@test "-h prints the usage" {
	run officer-update --help
	assert_success
	assert_line --index 0 "usage: officer-update [-q] [-S dir] [-A officer] id [--name name] [--qualification number] [--credential number --valid-until date [--valid-from date]]"
	assert_line --index 1 "       officer-update [-q] [-S dir] [-A officer] --restore id --credential number --valid-until date [--valid-from date] --reason text"
}

@test "standard output on /dev/full: exit 5, and the officer is updated all the same" {
	run --separate-stderr bash -c 'officer-update wang.fang --name 王芳芳 >/dev/full'
	assert_equal "$status" 5
	assert_equal "$stderr" "officer-update: cannot write standard output: No space left on device"
	run officer-list
	assert_line --index 1 --regexp $'^wang.fang\t王芳芳\t'
}
