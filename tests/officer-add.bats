#!/usr/bin/env bats
# officer-add: the first officer of a store registers itself as admin;
# after that only an admin adds officers.
bats_require_minimum_version 1.5.0
load helper

setup() { setup_store; }
teardown() { teardown_store; }

# The acting officer of the newest journal entry.
last_actor() {
	sqlite3 "$CASETRAIL_STORE/store.db" \
		"SELECT line->>'officer' FROM journal ORDER BY seq DESC LIMIT 1"
}

@test "the first officer of an empty store becomes admin and acts for itself" {
	export CASETRAIL_STORE="$BATS_TEST_TMPDIR/new"
	unset CASETRAIL_OFFICER
	run officer-add zhang.wei --name 张伟 --credential 14020020009 \
		--valid-from 2021-03-01 --valid-until 2031-02-28
	assert_success
	assert_output zhang.wei
	run officer-list
	assert_output "$(printf 'zhang.wei\t张伟\t14020020009\tvalid\t2021-03-01\t2031-02-28\tofficer,admin\t\t\t\t\t\t\t\t')"
	assert_equal "$(last_actor)" zhang.wei
	# It made the store: database, evidence directory, settings.
	[ -f "$CASETRAIL_STORE/store.db" ]
	[ -d "$CASETRAIL_STORE/objects" ]
	[ -f "$CASETRAIL_STORE/casetrail.conf" ]
}

@test "the store is \$XDG_DATA_HOME/casetrail, else ~/.local/share/casetrail" {
	unset CASETRAIL_STORE CASETRAIL_OFFICER
	XDG_DATA_HOME="$BATS_TEST_TMPDIR/data" run officer-add zhang.wei \
		--name 张伟 --credential 1 --valid-until 2031-02-28
	assert_success
	[ -f "$BATS_TEST_TMPDIR/data/casetrail/store.db" ]
	unset XDG_DATA_HOME
	HOME="$BATS_TEST_TMPDIR/home" run officer-add zhao.lei \
		--name 赵磊 --credential 2 --valid-until 2031-02-28
	assert_success
	HOME="$BATS_TEST_TMPDIR/home" run officer-list
	assert_output --partial "$(printf 'zhao.lei\t赵磊\t2\t')"
	# -S wins over both and over CASETRAIL_STORE.
	CASETRAIL_STORE="$BATS_TEST_TMPDIR/data/casetrail" run officer-add \
		-S "$BATS_TEST_TMPDIR/third" sun.li --name 孙丽 --credential 3 \
		--valid-until 2031-02-28
	assert_success
	run officer-list -S "$BATS_TEST_TMPDIR/third"
	assert_output --partial "$(printf 'sun.li\t孙丽\t3\t')"
}

@test "a refused first officer leaves no store behind" {
	export CASETRAIL_STORE="$BATS_TEST_TMPDIR/new"
	run officer-add 张伟 --name 张伟 --credential 1 --valid-until 2031-02-28
	assert_failure 2
	run officer-add zhang.wei --name 张伟 --credential 1 --valid-until 2031-02-30
	assert_failure 2
	assert_output "officer-add: bad date '2031-02-30' (use YYYY-MM-DD)"
	run officer-add zhang.wei --name 张伟 --credential 1 --valid-until 2031-02-28 \
		--role 局长
	assert_failure 2
	[ ! -e "$CASETRAIL_STORE" ]
}

@test "the first officer keeps the roles it asks for, and admin besides" {
	export CASETRAIL_STORE="$BATS_TEST_TMPDIR/new"
	run officer-add zhang.wei --name 张伟 --credential 1 \
		--valid-until 2031-02-28 --role reviewer --qualification A20183101234567
	assert_success
	run officer-list
	assert_output --partial "$(printf '\treviewer,admin\t')"
}

@test "an admin adds an officer with every option" {
	run officer-add wang.fang --name 王芳 --credential 14020020002 \
		--valid-from 2022-07-01 --valid-until 2028-06-30 \
		--role publisher --role reviewer --unix-user daemon \
		--qualification A20183101234567
	assert_success
	assert_output wang.fang
	run officer-list
	assert_line --index 1 "$(printf 'wang.fang\t王芳\t14020020002\tvalid\t2022-07-01\t2028-06-30\treviewer,publisher\tdaemon\t\t\t\t\t\t\t%s' A20183101234567)"
	assert_equal "$(last_actor)" li.ming
}

@test "without --role an officer is an officer, and valid from today" {
	run officer-add zhao.lei --name 赵磊 --credential 14020020003 \
		--valid-until 2029-12-31
	assert_success
	run officer-list
	assert_line --index 1 "$(printf 'zhao.lei\t赵磊\t14020020003\tvalid\t2026-11-25\t2029-12-31\tofficer\t\t\t\t\t\t\t\t')"
}

@test "the long option forms of the common options work" {
	run officer-add --store "$CASETRAIL_STORE" --actor li.ming --quiet \
		zhao.lei --name 赵磊 --credential 3 --valid-until 2029-12-31
	assert_success
	assert_output zhao.lei
}

@test "an officer who is not an admin cannot add officers (3)" {
	officer-add wang.fang --name 王芳 --credential 2 --valid-until 2030-12-31 >/dev/null
	officer-key wang.fang >/dev/null
	CASETRAIL_OFFICER=wang.fang refuses 3 officer-add zhao.lei --name 赵磊 \
		--credential 3 --valid-until 2030-12-31
	assert_output "officer-add: only an admin can add officers ('wang.fang' is not one)"
}

@test "-A names the acting officer and wins over CASETRAIL_OFFICER" {
	officer-add wang.fang --name 王芳 --credential 2 --valid-until 2030-12-31 >/dev/null
	officer-key wang.fang >/dev/null
	CASETRAIL_OFFICER=wang.fang run officer-add -A li.ming zhao.lei \
		--name 赵磊 --credential 3 --valid-until 2030-12-31
	assert_success
	assert_equal "$(last_actor)" li.ming
	refuses 3 officer-add -A wang.fang sun.li --name 孙丽 --credential 4 \
		--valid-until 2030-12-31
	assert_output "officer-add: only an admin can add officers ('wang.fang' is not one)"
}

@test "CASETRAIL_OFFICER names the acting officer" {
	officer-add zhao.lei --name 赵磊 --credential 3 --valid-until 2030-12-31 \
		--role admin >/dev/null
	officer-key zhao.lei >/dev/null
	CASETRAIL_OFFICER=zhao.lei run officer-add sun.li --name 孙丽 \
		--credential 4 --valid-until 2030-12-31
	assert_success
	assert_equal "$(last_actor)" zhao.lei
}

@test "without -A or CASETRAIL_OFFICER the caller's Unix user acts" {
	officer-add zhao.lei --name 赵磊 --credential 3 --valid-until 2030-12-31 \
		--role admin --unix-user "$(id -un)" >/dev/null
	officer-key zhao.lei >/dev/null
	unset CASETRAIL_OFFICER
	run officer-add sun.li --name 孙丽 --credential 4 --valid-until 2030-12-31
	assert_success
	assert_equal "$(last_actor)" zhao.lei
	run officer-list
	assert_line --index 2 "$(printf 'zhao.lei\t赵磊\t3\tvalid\t2026-11-25\t2030-12-31\tadmin\t%s\t\t\t\t\t\t\t' "$(id -un)")"
}

@test "a caller who is no officer is refused (4)" {
	unset CASETRAIL_OFFICER
	refuses 4 officer-add sun.li --name 孙丽 --credential 4 \
		--valid-until 2030-12-31
	assert_output "officer-add: no officer for Unix user '$(id -un)' (use -A OFFICER, set CASETRAIL_OFFICER, or officer-add --unix-user)"
}

@test "an unknown acting officer is refused (4)" {
	refuses 4 officer-add -A nobody sun.li --name 孙丽 --credential 4 \
		--valid-until 2030-12-31
	assert_output "officer-add: cannot find officer 'nobody'"
}

@test "an officer ID that exists is refused (3)" {
	refuses 3 officer-add li.ming --name 李明 --credential 1 \
		--valid-until 2030-12-31
	assert_output "officer-add: officer 'li.ming' exists"
}

@test "a Unix user that is another officer's is refused (3)" {
	officer-add zhao.lei --name 赵磊 --credential 3 --valid-until 2030-12-31 \
		--unix-user bin >/dev/null
	refuses 3 officer-add sun.li --name 孙丽 --credential 4 \
		--valid-until 2030-12-31 --unix-user bin
	assert_output "officer-add: Unix user 'bin' is officer 'zhao.lei' already"
}

@test "a bad officer ID is refused (2)" {
	refuses 2 officer-add 孙丽 --name 孙丽 --credential 4 --valid-until 2030-12-31
	assert_output "officer-add: bad officer ID '孙丽' (use a-z, 0-9, '.', '_' and '-', at most 64)"
	refuses 2 officer-add Sun.Li --name 孙丽 --credential 4 --valid-until 2030-12-31
	assert_output --partial "bad officer ID 'Sun.Li'"
}

@test "an unknown role is refused (2)" {
	refuses 2 officer-add sun.li --name 孙丽 --credential 4 \
		--valid-until 2030-12-31 --role 局长
	assert_output "officer-add: unknown role '局长' (roles: officer reviewer publisher archivist admin head)"
}

@test "bad dates are refused (2)" {
	refuses 2 officer-add sun.li --name 孙丽 --credential 4 --valid-until 2030-02-30
	assert_output "officer-add: bad date '2030-02-30' (use YYYY-MM-DD)"
	refuses 2 officer-add sun.li --name 孙丽 --credential 4 \
		--valid-until 2030-12-31 --valid-from 明天
	assert_output "officer-add: bad date '明天' (use YYYY-MM-DD)"
	refuses 2 officer-add sun.li --name 孙丽 --credential 4 \
		--valid-from 2027-01-01 --valid-until 2026-12-31
	assert_output "officer-add: credential valid until a day before it is valid from"
}

@test "a name that is not valid UTF-8 or has a control character is refused (2)" {
	refuses 2 officer-add sun.li --name $'\xe5\xad' --credential 4 \
		--valid-until 2030-12-31
	assert_output "officer-add: name is not valid UTF-8"
	refuses 2 officer-add sun.li --name $'孙\n丽' --credential 4 \
		--valid-until 2030-12-31
	assert_output "officer-add: name contains a control character"
	refuses 2 officer-add sun.li --name 孙丽 --credential '' \
		--valid-until 2030-12-31
	assert_output "officer-add: officer needs a --credential"
}

@test "a credential number another officer holds is refused (3)" {
	officer-add zhao.lei --name 赵磊 --credential 14020020003 \
		--valid-until 2030-12-31 >/dev/null
	refuses 3 officer-add sun.li --name 孙丽 --credential 14020020003 \
		--valid-until 2030-12-31
	assert_output "officer-add: credential 14020020003 is held by officer 'zhao.lei' already"
	officer-revoke zhao.lei --reason 调离 >/dev/null
	refuses 3 officer-add sun.li --name 孙丽 --credential 14020020003 \
		--valid-until 2030-12-31
}

@test "a Unix user that does not exist is refused (2)" {
	refuses 2 officer-add sun.li --name 孙丽 --credential 4 \
		--valid-until 2030-12-31 --unix-user ct-no-such-user
	assert_output "officer-add: no Unix user 'ct-no-such-user' on this host"
}

@test "a bad Unix user name is refused (2)" {
	refuses 2 officer-add sun.li --name 孙丽 --credential 4 \
		--valid-until 2030-12-31 --unix-user 'sun li'
	assert_output "officer-add: bad Unix user name 'sun li'"
}

@test "missing options and unknown options are usage errors (2)" {
	refuses_usage "officer-add: --name, --credential and --valid-until are required" \
		officer-add sun.li --name 孙丽
	refuses_usage "officer-add: unrecognized option '--rank'" \
		officer-add sun.li --name 孙丽 --credential 4 --valid-until 2030-12-31 --rank 科长
	refuses_usage "officer-add: no officer ID given" officer-add --name 孙丽 --credential 4 --valid-until 2030-12-31
}

@test "a store directory that is a file is refused (5)" {
	touch "$BATS_TEST_TMPDIR/file"
	refuses 5 officer-add -S "$BATS_TEST_TMPDIR/file" sun.li --name 孙丽 \
		--credential 4 --valid-until 2030-12-31
	assert_output "officer-add: store $BATS_TEST_TMPDIR/file is not a directory"
}

@test "a read-only store is refused (5)" {
	refuses_readonly 5 officer-add sun.li --name 孙丽 --credential 4 --valid-until 2030-12-31
	assert_output "officer-add: store $CASETRAIL_STORE is read-only"
}

@test "a store from a newer schema version is refused (5)" {
	sqlite3 "$CASETRAIL_STORE/store.db" 'PRAGMA user_version=99'
	refuses 5 officer-add sun.li --name 孙丽 --credential 4 --valid-until 2030-12-31
	assert_output --regexp "^officer-add: store $CASETRAIL_STORE has schema version 99, newer than this casetrail's [0-9]+: upgrade casetrail$"
}

@test "the new officer's ID goes down a pipe as a case handler" {
	run bash -c 'officer-add sun.li --name 孙丽 --credential 4 \
		--valid-until 2030-12-31 | xargs -I{} case-new --type inspection \
		--title 双随机抽查 --handler {}'
	assert_success
	assert_output 2026-000001
	run case-list
	assert_output --partial "$(printf '\tsun.li\t\t双随机抽查')"
}

@test "-h prints the usage and -V the version" {
	run officer-add -h
	assert_success
	assert_output --partial "usage: officer-add [-q] [-S dir] [-A officer] id --name name"
	run officer-add --version
	assert_success
	assert_output --regexp '^officer-add \(casetrail\) [0-9]+\.[0-9]+\.[0-9]+$'
}
