# Shared by every Bats suite: each test gets its own store and keys in
# $BATS_TEST_TMPDIR, an admin officer, and a fixed clock.
# tests/run hands every test bats-support and bats-assert as one file
# (CASETRAIL_TEST_BATS_LIBS): loaded the usual way they are fifteen
# files and forks, which cost each test more than its own work.
if [ -n "${CASETRAIL_TEST_BATS_LIBS:-}" ]; then
	# shellcheck source=/dev/null
	source "$CASETRAIL_TEST_BATS_LIBS"
else
	BATS_LIB_PATH=${BATS_LIB_PATH:-/usr/lib/bats}
	bats_load_library bats-support
	bats_load_library bats-assert
fi

# Bats runs a DEBUG trap before every command of a test and of the
# functions it calls, here too: a function that copies the whole call
# stack, a fifth of a suite's time.  All a failure report uses is where
# in the test file the failing command was, so the trap below only calls
# a function, which notes the line (its caller's: $LINENO in a trap is
# not the command's), when the command is in the test file; a failure
# inside a helper is reported at the line that called it.  Bats sets its
# trap in bats_setup_tracing, after it loads this file; ours replaces it.
eval "bats_full_$(declare -f bats_setup_tracing)"
bats_setup_tracing() {
	bats_full_bats_setup_tracing
	# shellcheck disable=SC2016
	trap '[[ ${BASH_SOURCE[0]} != "$BATS_TEST_SOURCE" ]] || bats_note_line' DEBUG
}
bats_note_line() {
	# Bats reads it when it reports a failure.
	# shellcheck disable=SC2034
	BATS_DEBUG_LAST_STACK_TRACE=("${BASH_LINENO[0]} ${FUNCNAME[1]} $BATS_TEST_SOURCE")
}
# Bats notes when each test starts with date(1); the shell's own clock
# costs no process.
get_mills_since_epoch() {
	local us=${EPOCHREALTIME/[.,]/}
	printf '%d\n' $((us / 1000))
}

# Under the sanitizers (tests/run), LeakSanitizer looks at the programs
# a test runs with `run`, the invocations it tests, and not at those that
# only prepare them: its look at each exit costs a process more than its
# own work here, and it doubled the time of the pass.
if [ "${CASETRAIL_TEST_SANITIZED:-0}" = 1 ] && [ -z "${CASETRAIL_TEST_VALGRIND:-}" ]; then
	export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
	eval "bats_$(declare -f run)"
	run() { ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=1" bats_run "$@"; }
fi

# setup_store [FUNCTION]: a new store with one admin (li.ming, 李明)
# acting with his signing key, the clock at 2026-11-25 10:00 Beijing
# time.  With FUNCTION, what it adds next, as li.ming and in the test's
# directory (officers, cases, files), is part of it, and what it prints
# is in $made.  All of it is made by the first test of a suite (for each
# clock and FUNCTION); the others get a copy: a test's own programs are
# the ones it tests, and a process costs more than its work here.
setup_store() {
	export CASETRAIL_STORE="$BATS_TEST_TMPDIR/store"
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config"
	export CASETRAIL_NOW="${CASETRAIL_NOW:-2026-11-25 10:00}"
	unset CASETRAIL_OFFICER
	from_template make_store "${1:-}" || return
	export CASETRAIL_OFFICER=li.ming
	made=
	[ ! -f "$BATS_TEST_TMPDIR/made" ] || {
		IFS= read -r -d '' made <"$BATS_TEST_TMPDIR/made" || true
		made=${made%$'\n'}
	}
}

# make_store [FUNCTION]: the store of setup_store, FUNCTION's additions,
# and what FUNCTION printed in the file made.
make_store() {
	plain officer-add li.ming --name 李明 --credential 14020020001 \
		--valid-from 2020-01-01 --valid-until 2030-12-31 >/dev/null &&
		CASETRAIL_OFFICER=li.ming plain officer-key >/dev/null || return
	[ -z "$1" ] ||
		(cd "$BATS_TEST_TMPDIR" && CASETRAIL_OFFICER=li.ming "$1") >"$BATS_TEST_TMPDIR/made"
}

# from_template FUNCTION ARGS...: a copy of what FUNCTION made in the
# test's directory in an earlier test of the suite, or FUNCTION run now
# and what it made kept for the next.  What it makes depends on the clock
# and the data directory too, which name the template with FUNCTION and
# ARGS.  Shell builtins and one cp: a template must cost less than the
# programs it replaces.
from_template() {
	local dir want have tmp
	printf -v want '%s\n%s\n%s' "$*" "$CASETRAIL_NOW" "${XDG_DATA_HOME:-}"
	for dir in "$BATS_FILE_TMPDIR"/template.*; do
		[ -f "$dir/key" ] || continue
		IFS= read -r -d '' have <"$dir/key" || true
		if [ "$have" = "$want" ]; then
			cp -a "$dir/data/." "$BATS_TEST_TMPDIR/"
			return
		fi
	done
	"$@" || return
	# Made aside and renamed into place, for the tests that run at once.
	tmp=$(mktemp -d "$BATS_FILE_TMPDIR/making.XXXXXX")
	cp -a "$BATS_TEST_TMPDIR/." "$tmp/data" &&
		printf '%s' "$want" >"$tmp/key" || return
	mv -T "$tmp" "$BATS_FILE_TMPDIR/template.${tmp##*.}"
}

# plain PROGRAM ARGS...: a program run by the setup.  Under memcheck
# (make check-valgrind) every test's setup is the same few invocations,
# each checked in its own suite: they run unwrapped, at native speed.
plain() {
	if [ -n "${CASETRAIL_TEST_PLAIN_BIN:-}" ]; then
		"$CASETRAIL_TEST_PLAIN_BIN/$1" "${@:2}"
	else
		"$@"
	fi
}

# add_officer ID NAME CREDENTIAL [officer-add options]: an officer, valid
# 2020 to 2030 unless the options say otherwise, with a key made by the
# admin (the keys of a test all live in its $XDG_CONFIG_HOME).
add_officer() {
	local id=$1 name=$2 credential=$3
	shift 3
	plain officer-add "$id" --name "$name" --credential "$credential" \
		--valid-from 2020-01-01 --valid-until 2030-12-31 "$@" >/dev/null &&
		plain officer-key "$id" >/dev/null
}

# A second officer, wang.fang (王芳), and a penalty case; prints its ID.
new_case() {
	plain officer-list | grep -q '^wang.fang' ||
		add_officer wang.fang 王芳 14020020002
	plain case-new --type penalty --title "${1:-某超市销售过期食品案}" \
		--party 大同市某某超市有限公司 --party-kind org \
		--handler li.ming --handler wang.fang --at "2026-09-01 09:30"
}

# scaled FULL SMALL: FULL, or SMALL in the sanitizer pass, where every
# process runs several times slower and the point is memory errors, not
# scale (tests/run sets CASETRAIL_TEST_SANITIZED).
scaled() {
	if [ "${CASETRAIL_TEST_SANITIZED:-0}" = 1 ]; then echo "$2"; else echo "$1"; fi
}

# The whole store as SQL text, to compare before and after a refusal.
store_dump() {
	sqlite3 "$CASETRAIL_STORE/store.db" .dump
}

# What a refusal must leave as it was: the database's content, and every
# file under the store (objects/ too) and under the keys directories: the
# one a program finds from the environment now, and the test's own, which
# a test that empties XDG_CONFIG_HOME and HOME must still leave alone.
# tests/tools/state prints them (what it leaves out, and why, is at its
# top), in one process: a test checks many refusals.
store_state() {
	local keys=$BATS_TEST_TMPDIR/config/casetrail/keys state now=
	if [ -n "${XDG_CONFIG_HOME:-}" ]; then
		now=$XDG_CONFIG_HOME/casetrail/keys
	elif [ -n "${HOME:-}" ]; then
		now=$HOME/.config/casetrail/keys
	fi
	[ "$now" != "$keys" ] || now=
	state=${CASETRAIL_TEST_PLAIN_BIN:-}
	[ -n "$state" ] || { state=$(command -v store-verify) && state=${state%/*}; }
	"$state/../tools/state" -d "$CASETRAIL_STORE/store.db" \
		"$CASETRAIL_STORE" "$keys" ${now:+"$now"}
}

# state_into VAR: what VAR=$(store_state) sets, without its subshell: a
# test checks many refusals.
state_into() {
	local state_text
	store_state >"$BATS_TEST_TMPDIR/state" || return
	IFS= read -r -d '' state_text <"$BATS_TEST_TMPDIR/state" || true
	printf -v "$1" '%s' "${state_text%"${state_text##*[!$'\n']}"}"
}

# same_store BEFORE COMMAND...: fails, naming the first difference, unless
# the state now is BEFORE (state_into's).
same_store() {
	local before=$1 after
	shift
	state_into after || return
	[ "$before" = "$after" ] && return
	fail "the store changed although '$*' was refused:
$(diff <(echo "$before") <(echo "$after") | head -n 20)"
}

# Runs a command that must be refused with status $1 and leave the store
# exactly as it was: `refuses 4 case-log 2026-999999 --action note`.
refuses() {
	local want=$1 before
	shift
	state_into before || return
	run "$@"
	assert_equal "$status" "$want"
	same_store "$before" "$@"
	# One line, prefixed with the program's name.
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^${1##*/}: "
}

# A usage error (unknown option, missing operand): status 2, the store
# unchanged, the message first (when there is one) and the usage after it:
# `refuses_usage "case-log: unrecognized option '--bogus'" case-log --bogus`.
refuses_usage() {
	local message=$1 before
	shift
	state_into before || return
	run "$@"
	assert_equal "$status" 2
	same_store "$before" "$@"
	if [ -n "$message" ]; then
		assert_line --index 0 "$message"
		assert_line --index 1 --partial "usage: ${1##*/} "
	else
		assert_line --index 0 --partial "usage: ${1##*/} "
	fi
}

# The value at a JSON path of one JSON text, read by SQLite as the programs
# do; fails if the text is not JSON: `json_get "$line" '$.id'`.
json_get() {
	sqlite3 :memory: "SELECT json_extract('${1//\'/\'\'}', '$2')"
}

# Fails unless every line of $1 is one JSON object (JSON Lines).
assert_json_lines() {
	local line ok
	while IFS= read -r line; do
		ok=$(sqlite3 :memory: "SELECT CASE WHEN json_valid('${line//\'/\'\'}')
		    THEN json_type('${line//\'/\'\'}') = 'object' ELSE 0 END")
		[ "$ok" = 1 ] || fail "not a JSON object: $line"
	done <<<"$1"
}

# Makes the store directory read-only, even for root, with chattr +i; skips
# the test where the file system cannot.  Suites that use it undo it in
# teardown with teardown_store, so that Bats can remove the directory.
readonly_store() {
	readonly_made=1
	chattr +i "$CASETRAIL_STORE" 2>/dev/null ||
		skip "machine: chattr +i does not work here (as root, permissions cannot make a store read-only)"
}

teardown_store() {
	[ -z "${readonly_made:-}" ] || chattr -i "$CASETRAIL_STORE" 2>/dev/null || true
}

# refuses for a read-only store: `refuses_readonly 5 case-log ...`.  The
# dumps are taken while the store is writable, since sqlite3 cannot open a
# WAL database in a directory where it cannot make its -shm file.
refuses_readonly() {
	local want=$1 before
	shift
	before=$(store_state)
	readonly_store
	run "$@"
	teardown_store
	assert_equal "$status" "$want"
	same_store "$before" "$@"
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^${1##*/}: "
}

# --- forgeries, as a forger with sqlite3 and openssl makes them ---------------

# Appends a forged entry with LINE as entry N+1, its leaf and subtree
# hashes recomputed by hand, as the programs would have stored them.  The
# row's case, action and stage are those of a note on case 2026-000001
# unless given: `forge_append LINE NULL "'officer-revoke'" NULL`.
forge_append() {
	local line=$1 case=${2:-"'2026-000001'"} action=${3:-"'note'"}
	local stage=${4:-"'filing'"} n out
	n=$(($(sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT count(*) FROM journal') + 1))
	mapfile -t out < <({ sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT line FROM journal ORDER BY seq'
		printf '%s\n' "$line"; } |
		bash "$BATS_TEST_DIRNAME/rfc9162.bash" leaf "$n" nodes "$n" roothex "$n")
	local nodes=NULL
	[ -n "${out[1]}" ] && nodes="X'${out[1]}'"
	sqlite3 "$CASETRAIL_STORE/store.db" "INSERT INTO journal(seq, case_id, action, stage, line, leaf, nodes)
	    VALUES ($n, $case, $action, $stage,
	    '${line//\'/\'\'}', X'${out[0]}', $nodes)"
	ROOT=${out[2]} SIZE=$n
}

# A note line for entry N by OFFICER, as case-log writes it.
note_line() {
	printf '{"seq":%d,"at":"2026-11-25T02:00:00Z","officer":"%s","case":"2026-000001","action":"note","stage":"filing","body":{"at":"2026-11-25T02:00:00Z","text":"%s"}}' \
		"$1" "$2" "$3"
}

# Inserts a checkpoint row for the forged tree, signed with KEYFILE (or
# unsigned when it is "-"), claiming OFFICER and KEYID.
forge_checkpoint() {
	local officer=$1 keyid=NULL keyfile=$3 sig=NULL origin
	[ -n "$2" ] && keyid="'$2'"
	origin=$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT value FROM meta WHERE key = 'origin'")
	if [ "$keyfile" != - ]; then
		printf '%s\n%s\n%s\ntime 2026-11-25T02:00:00Z\n' "$origin" "$SIZE" \
			"$(bash "$BATS_TEST_DIRNAME/rfc9162.bash" b64 "$ROOT" </dev/null)" \
			>"$BATS_TEST_TMPDIR/note"
		sig="X'$(openssl pkeyutl -sign -inkey "$keyfile" -rawin \
			-in "$BATS_TEST_TMPDIR/note" | od -An -tx1 | tr -d ' \n')'"
	fi
	sqlite3 "$CASETRAIL_STORE/store.db" "INSERT INTO checkpoint(size, root, at, officer, key_id, signature)
	    VALUES ($SIZE, X'$ROOT', '2026-11-25T02:00:00Z', '$officer',
	    $keyid, $sig)"
}

key_id() { sqlite3 "$CASETRAIL_STORE/store.db" "SELECT key_id FROM officer_key WHERE officer = '$1' ORDER BY seq DESC LIMIT 1"; }
