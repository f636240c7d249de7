#!/usr/bin/env bats
# trust: nobody acts as another officer, or at another time.  The
# attacker is a second Unix user with write access to the store, as an
# agency's shared host allows, an officer of his own and a key of his
# own; what the programs refuse him, and what store-verify finds when he
# writes the store by hand with sqlite3 and signs with his own key.  And
# the clock: an installed program takes no time from its environment.
bats_require_minimum_version 1.5.0
load helper

setup() {
	setup_store new_case
	id=$made
	inst=${CASETRAIL_TEST_INSTALLED_BIN:-}
	FORGE=$(dirname "$(command -v store-verify)")/../tools/forge
}

teardown() {
	if [ -n "${attacker:-}" ]; then
		userdel "$attacker" 2>/dev/null || true
		rm -rf "$shared"
	fi
	teardown_store
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }

# --- the clock ------------------------------------------------------------------

@test "an installed program takes its time from the clock, whatever CASETRAIL_NOW says" {
	[ -x "$inst/case-log" ] || fail "no installed programs in '$inst' (tests/run sets CASETRAIL_TEST_INSTALLED_BIN)"
	before=$(date -u +%s)
	CASETRAIL_NOW='2030-01-01 00:00' run "$inst/case-log" "$id" --action note -m 真实时间
	assert_success
	after=$(date -u +%s)
	at=$(date -u -d "$(db "SELECT line->>'\$.at' FROM journal ORDER BY seq DESC LIMIT 1")" +%s)
	[ "$at" -ge "$before" ] && [ "$at" -le "$after" ] ||
		fail "recorded at $at, not between $before and $after"
	# Not even read: a time the test build refuses is no error here.
	CASETRAIL_NOW=yesterday run "$inst/case-log" -q "$id" --action note -m 再记
	assert_success
	# The installed store-verify judges by the clock too: today's entries
	# verify; the test build's clock, fixed days before, finds them after it.
	run "$inst/store-verify" -q
	assert_success
	run store-verify
	assert_failure 1
	assert_output --regexp "^store-verify: entry [0-9]+ is dated .*, after this host's clock \(2026-11-25T10:00:00\+08:00\)$"
}

@test "a revoked officer cannot record by setting the clock back" {
	[ -x "$inst/case-log" ] || fail "no installed programs in '$inst'"
	"$inst/officer-revoke" wang.fang --reason 调离 >/dev/null
	CASETRAIL_NOW='2026-11-01 09:00' refuses 3 "$inst/case-log" -A wang.fang "$id" \
		--action note --at '2026-11-01 09:00' -m 倒拨时钟
	assert_output --regexp "^case-log: officer 'wang.fang' has been revoked since "
}

# --- a second Unix user -----------------------------------------------------------

# A second Unix user, $attacker, with write access to a copy of the store
# at $shared/store (every file a+rw, as a careless shared host has it)
# and a home of his own, where his officer zhao.lei keeps his own key.
# The admin's keys stay where he cannot read them.
make_attacker() {
	[ "$(id -u)" = 0 ] || skip "machine: needs root to add a Unix user"
	attacker=ctatk$RANDOM
	useradd -M -d /nonexistent -s /usr/sbin/nologin "$attacker"
	shared=$(mktemp -d /tmp/casetrail-trust.XXXXXX)
	chmod 755 "$shared"
	add_officer zhao.lei 赵磊 14020020003 --unix-user "$attacker"
	# The admin made zhao.lei's key; zhao.lei keeps it in his own home.
	mkdir -p "$shared/home/casetrail/keys"
	mv "$XDG_CONFIG_HOME/casetrail/keys/zhao.lei.key" "$shared/home/casetrail/keys/"
	chmod 700 "$shared/home/casetrail/keys"
	chown -R "$attacker" "$shared/home"
	cp -a "$CASETRAIL_STORE" "$shared/store"
	chmod -R a+rwX "$shared/store"
	export CASETRAIL_STORE=$shared/store
	as_attacker test -x "$(command -v case-log)" ||
		skip "machine: the programs are not where another user can run them"
	run as_attacker store-verify -q
	assert_success
}

# as_attacker COMMAND...: COMMAND run as $attacker, with his keys.
as_attacker() {
	runuser -u "$attacker" -- env -u CASETRAIL_OFFICER PATH="$PATH" CASETRAIL_STORE="$CASETRAIL_STORE" \
		XDG_CONFIG_HOME="$shared/home" CASETRAIL_NOW="$CASETRAIL_NOW" \
		LC_ALL=C.UTF-8 TZ=UTC "$@"
}

# refused STATUS PROGRAM ARGS...: as the helper's refuses, PROGRAM run as
# $attacker: status STATUS, one line of message, the store unchanged.
refused() {
	local want=$1 before
	shift
	before=$(store_state)
	run as_attacker "$@"
	assert_equal "$status" "$want"
	same_store "$before" "$@"
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^$1: "
}

@test "a second Unix user: acting as another officer is refused, and the store is unchanged" {
	make_attacker
	# He is zhao.lei: his key, his Unix user.
	run as_attacker case-log -q "$id" --action note -m 赵磊的记录
	assert_success
	# Not li.ming, though he names him: not with a key of his making, not
	# to add an admin, revoke a colleague or record.
	refused 3 officer-key -A li.ming
	assert_output --regexp "^officer-key: officer 'li.ming' has a registered key \([0-9a-f]{16}\) but its private key is not here"
	refused 3 officer-key -A li.ming --rotate
	refused 4 officer-add qian.wei --name 钱伟 --credential 14020020005 --valid-until 2030-12-31 \
		--role admin -A li.ming
	assert_output --regexp "^officer-add: no private key for officer 'li.ming'"
	refused 4 officer-revoke wang.fang --reason 越权 -A li.ming
	refused 4 case-log -A li.ming "$id" --action note -m 冒名
	# As himself he is no admin.
	refused 3 officer-add qian.wei --name 钱伟 --credential 14020020005 --valid-until 2030-12-31 \
		--role admin
	refused 3 officer-key --reset li.ming --reason 夺权
	refused 3 officer-revoke wang.fang --reason 越权
	run store-verify -q
	assert_success
}

@test "a second Unix user: a key, an admin or a revocation forged by hand is reported" {
	make_attacker
	as_attacker sh -c 'openssl genpkey -algorithm ed25519 -out "$XDG_CONFIG_HOME/casetrail/keys/evil.key" 2>/dev/null &&
		chmod 600 "$XDG_CONFIG_HOME/casetrail/keys/evil.key"'
	pub=$(as_attacker sh -c 'openssl pkey -in "$XDG_CONFIG_HOME/casetrail/keys/evil.key" -pubout -outform DER' |
		tail -c 32 | base64)
	kid=$(as_attacker sh -c 'openssl pkey -in "$XDG_CONFIG_HOME/casetrail/keys/evil.key" -pubout -outform DER' |
		tail -c 32 | sha256sum | cut -c1-16)
	old=$(key_id li.ming)
	cp -a "$CASETRAIL_STORE" "$shared/clean"
	# A key for li.ming, in his name, signed with the attacker's own key.
	run as_attacker "$FORGE" -s evil \
		-x "INSERT INTO officer_key SELECT '$kid', 'li.ming', X'$(base64 -d <<<"$pub" | od -An -tx1 | tr -d ' \n')', max(seq) FROM journal" \
		li.ming - officer-key - \
		"{\"officer\":\"li.ming\",\"key_id\":\"$kid\",\"public_key\":\"$pub\",\"unix_user\":\"$attacker\",\"replaces\":\"$old\"}"
	assert_success
	n=$output
	# -q: no warning that others can read the store; the fault is said.
	run store-verify -q
	assert_failure 1
	assert_output "store-verify: entry $n: key $kid of 'li.ming' was not registered by anyone who could: officer 'li.ming' has a key: a new one is signed with it (officer-key --rotate), or an admin resets it (officer-key --reset)"
	# An admin added in his own name, signed with his own key.
	rm -rf "$CASETRAIL_STORE" && cp -a "$shared/clean" "$CASETRAIL_STORE"
	run as_attacker "$FORGE" \
		-x "INSERT INTO officer VALUES ('qian.wei', '钱伟', '14020020005', '2020-01-01', '2030-12-31', NULL, NULL, NULL, (SELECT max(seq) FROM journal)); INSERT INTO officer_role VALUES ('qian.wei', 'admin')" \
		zhao.lei - officer-add - \
		'{"id":"qian.wei","name":"钱伟","credential":"14020020005","valid_from":"2020-01-01","valid_until":"2030-12-31","roles":["admin"],"unix_user":null}'
	assert_success
	n=$output
	# -q: no warning that others can read the store; the fault is said.
	run store-verify -q
	assert_failure 1
	assert_output "store-verify: entry $n: only an admin can add officers ('zhao.lei' is not one)"
	# A colleague revoked in li.ming's name, signed with the attacker's key.
	rm -rf "$CASETRAIL_STORE" && cp -a "$shared/clean" "$CASETRAIL_STORE"
	run as_attacker "$FORGE" -s zhao.lei \
		-x "UPDATE officer SET revoked_at = '2026-11-25T02:00:00Z', revoked_reason = '越权' WHERE id = 'wang.fang'" \
		li.ming - officer-revoke - '{"id":"wang.fang","reason":"越权"}'
	assert_success
	n=$output
	# -q: no warning that others can read the store; the fault is said.
	run store-verify -q
	assert_failure 1
	assert_output "store-verify: checkpoint $n is signed with key $(key_id zhao.lei), which is not the key of 'li.ming' ($old) at the time"
}
