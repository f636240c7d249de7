#!/usr/bin/env bats
# The harness itself: what tests/helper.bash compares after a refusal
# (store_state, printed by tests/tools/state) sees every change that a
# refused program could make, and nothing that a reader makes.  Without
# this, a refusal test could pass by comparing blind states.
# Checks text against text: the first build's pass only (tests/run).
# bats file_tags=once
load helper

setup() {
	setup_store new_case
	id=$made
	before=$(store_state)
}

# differs COMMAND...: the state after COMMAND is not the one before.
differs() {
	"$@"
	[ "$(store_state)" != "$before" ] || fail "store_state missed: $*"
}

@test "a changed, added or removed row is seen, in every table" {
	differs sqlite3 "$CASETRAIL_STORE/store.db" "UPDATE cases SET title = '某超市案' WHERE id = '$id'"
	before=$(store_state)
	differs sqlite3 "$CASETRAIL_STORE/store.db" "INSERT INTO meta VALUES ('x', '1')"
	before=$(store_state)
	differs sqlite3 "$CASETRAIL_STORE/store.db" "DELETE FROM officer_role WHERE role = 'officer' AND officer = 'wang.fang'"
	before=$(store_state)
	differs sqlite3 "$CASETRAIL_STORE/store.db" "PRAGMA user_version = 99"
	before=$(store_state)
	differs sqlite3 "$CASETRAIL_STORE/store.db" "CREATE INDEX t ON cases(title)"
}

@test "a file written, touched, made, removed or given another mode is seen" {
	differs touch -d '2026-01-01' "$CASETRAIL_STORE/casetrail.conf"
	before=$(store_state)
	differs chmod 640 "$CASETRAIL_STORE/casetrail.conf"
	before=$(store_state)
	mkdir -p "$CASETRAIL_STORE/objects/ab"
	differs touch "$CASETRAIL_STORE/objects/ab/cdef"
	before=$(store_state)
	differs rm "$CASETRAIL_STORE/objects/ab/cdef"
	before=$(store_state)
	differs rm "$XDG_CONFIG_HOME/casetrail/keys/wang.fang.key"
	before=$(store_state)
	differs ln -s store.db "$CASETRAIL_STORE/link"
}

@test "a reader's -wal and -shm files and empty object directories are not changes" {
	run case-show "$id"
	assert_success
	mkdir -p "$CASETRAIL_STORE/objects/tmp" "$CASETRAIL_STORE/objects/ab"
	assert_equal "$(store_state)" "$before"
}

@test "refuses fails a refusal that changed the store" {
	# A program that says no (exit 3, one line) and changes a file.
	changes() { touch "$CASETRAIL_STORE/objects/x"; echo "changes: no"; return 3; }
	# In the background, so that the subshell stops at the first
	# failure as a test does (a tested status would switch that off).
	(refuses 3 changes) >"$BATS_TEST_TMPDIR/out" 2>&1 &
	status=0
	wait $! || status=$?
	[ "$status" != 0 ] || fail "refuses passed a refusal that changed the store"
	grep -q "the store changed although 'changes' was refused" "$BATS_TEST_TMPDIR/out" ||
		fail "refuses failed for another reason: $(cat "$BATS_TEST_TMPDIR/out")"
}
