#!/usr/bin/env bats
# officer-revoke: an officer's credential withdrawn from a moment on.
bats_require_minimum_version 1.5.0
load helper

setup() {
	setup_store three_officers_and_a_case
	id=2026-000001
}
three_officers_and_a_case() {
	add_officer wang.fang 王芳 14020020002 &&
		add_officer zhao.lei 赵磊 14020020003 &&
		case-new --type penalty --title 某药店销售假药案 --handler li.ming \
			--handler wang.fang --at "2026-09-01 09:30" >/dev/null
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }

@test "revokes: prints the ID, records the reason, officer-list shows it" {
	run officer-revoke wang.fang --reason "调离执法岗位（人事〔2026〕12号）"
	assert_success
	assert_output wang.fang
	line=$(db "SELECT line FROM journal ORDER BY seq DESC LIMIT 1")
	assert_equal "$(json_get "$line" '$.action')" officer-revoke
	assert_equal "$(json_get "$line" '$.body.id')" wang.fang
	assert_equal "$(json_get "$line" '$.body.reason')" "调离执法岗位（人事〔2026〕12号）"
	run officer-list -f json
	assert_output --partial '"id":"wang.fang"'
	assert_output --regexp '"id":"wang.fang".*"status":"revoked"'
	run store-verify
	assert_success
}

@test "a revoked officer records nothing from the revocation on, not even what came before" {
	CASETRAIL_NOW="2026-11-25 10:00" officer-revoke wang.fang --reason 停职 >/dev/null
	# As actor: nothing recorded at or after 10:00, not even a step of
	# 09:59; recorded at 09:59, that step passed.
	refuses 3 case-log -A wang.fang "$id" --action note --at "2026-11-25 09:59" -m 撤销前
	assert_output "case-log: officer 'wang.fang' has been revoked since 2026-11-25T10:00:00+08:00"
	CASETRAIL_NOW="2026-11-25 09:59" run case-log -A wang.fang "$id" --action note -m 撤销前
	assert_success
	CASETRAIL_NOW="2026-11-26 08:00" refuses 3 case-log -A wang.fang "$id" --action note -m 撤销后
	# As an officer present.
	run case-log -q "$id" --action inspection --officer li.ming \
		--officer wang.fang --at "2026-11-25 09:00" -m 撤销前检查
	assert_success
	refuses 3 case-log "$id" --action inspection --officer li.ming \
		--officer wang.fang -m 撤销后检查
	run store-verify
	assert_success
}

@test "only an admin revokes (3), and not itself (3), and only once (3)" {
	refuses 3 officer-revoke -A wang.fang zhao.lei --reason 越权
	assert_output "officer-revoke: only an admin can revoke officers ('wang.fang' is not one)"
	refuses 3 officer-revoke li.ming --reason 自我撤销
	assert_output "officer-revoke: officer 'li.ming' cannot revoke itself: another admin must"
	officer-revoke zhao.lei --reason 退休 >/dev/null
	refuses 3 officer-revoke zhao.lei --reason 再次
	assert_output "officer-revoke: officer 'zhao.lei' is revoked already"
}

@test "an unknown officer (4), a bad ID or a bad reason (2)" {
	refuses 4 officer-revoke zhang.san --reason 不存在
	refuses 2 officer-revoke 'Zhang San' --reason 坏名字
	refuses 2 officer-revoke wang.fang --reason ""
	refuses 2 officer-revoke wang.fang --reason $'两行\n原因'
	refuses_usage "officer-revoke: --reason is required" officer-revoke wang.fang
	refuses_usage "officer-revoke: no officer ID given" officer-revoke
	refuses_usage "officer-revoke: unrecognized option '--bogus'" officer-revoke --bogus
}

@test "store-verify catches a revocation erased from the officer table" {
	officer-revoke wang.fang --reason 停职 >/dev/null
	db "UPDATE officer SET revoked_at = NULL, revoked_reason = NULL WHERE id = 'wang.fang'"
	run store-verify
	assert_failure 1
	seq=$(db "SELECT max(seq) FROM journal WHERE action = 'officer-revoke'")
	assert_output "store-verify: officer wang.fang: revocation differs from the journal's (entry $seq)"
}

@test "-h prints the usage" {
	run officer-revoke --help
	assert_success
	assert_line --index 0 "usage: officer-revoke [-q] [-S dir] [-A officer] id --reason text"
}

@test "a revoked admin manages no officers any more (3)" {
	add_officer zhou.min 周敏 14020020006 --role officer --role admin
	officer-revoke -A zhou.min li.ming --reason 调任 >/dev/null
	refuses 3 officer-add -A li.ming sun.li --name 孙丽 --credential 14020020007 \
		--valid-until 2030-12-31
	assert_output --partial "officer 'li.ming' has been revoked since"
	refuses 3 officer-revoke -A li.ming zhao.lei --reason 越权
	refuses 3 officer-key -A li.ming --rotate
}
