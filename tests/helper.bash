# Shared by every Bats suite: each test gets its own store and keys in
# $BATS_TEST_TMPDIR, an admin officer, and a fixed clock.
BATS_LIB_PATH=${BATS_LIB_PATH:-/usr/lib/bats}
bats_load_library bats-support
bats_load_library bats-assert

# A new store with one admin (li.ming, 李明) acting, the clock at
# 2026-11-25 10:00 Beijing time.
setup_store() {
	export CASETRAIL_STORE="$BATS_TEST_TMPDIR/store"
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config"
	export CASETRAIL_NOW="${CASETRAIL_NOW:-2026-11-25 10:00}"
	unset CASETRAIL_OFFICER
	officer-add li.ming --name 李明 --credential 14020020001 \
		--valid-from 2020-01-01 --valid-until 2030-12-31 >/dev/null
	export CASETRAIL_OFFICER=li.ming
}

# A second officer, wang.fang (王芳), and a penalty case; prints its ID.
new_case() {
	officer-list | grep -q '^wang.fang' ||
		officer-add wang.fang --name 王芳 --credential 14020020002 \
			--valid-from 2020-01-01 --valid-until 2030-12-31 >/dev/null
	case-new --type penalty --title "${1:-某超市销售过期食品案}" \
		--party 大同市某某超市有限公司 --party-kind org \
		--handler li.ming --handler wang.fang --at "2026-09-01 09:30"
}

# The whole store as SQL text, to compare before and after a refusal.
store_dump() {
	sqlite3 "$CASETRAIL_STORE/store.db" .dump
}

# Runs a command that must be refused with status $1 and leave the store
# exactly as it was: `refuses 4 case-log 2026-999999 --action note`.
refuses() {
	local want=$1 before after
	shift
	before=$(store_dump)
	run "$@"
	after=$(store_dump)
	assert_equal "$status" "$want"
	[ "$before" = "$after" ] || fail "the store changed although '$*' was refused"
	# One line, prefixed with the program's name.
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^${1##*/}: "
}
