#!/usr/bin/env bats
# Writers at once: 8 case-log processes, 200 entries each, to one case.
load helper
# bats file_tags=alone

setup() { setup_store; }

@test "8 writers of 200 entries each to one case at once" {
	id=$(new_case)
	before=$(sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT count(*) FROM journal')
	d=$BATS_TEST_TMPDIR
	per=$(scaled 200 50)
	pids=()
	for p in 1 2 3 4 5 6 7 8; do
		(
			for i in $(seq "$per"); do
				case-log "$id" --action note -m "writer $p entry $i" ||
					echo "writer $p entry $i: case-log exited $?" >&2
			done
		) >"$d/out.$p" 2>"$d/err.$p" 3>&- &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid"
	done
	# No writer failed or complained (no "database is locked", no busy).
	run cat "$d"/err.*
	assert_output ""
	# Each writer got 200 entry numbers, rising; together 1600 distinct
	# numbers, the ones after what was there.
	for p in 1 2 3 4 5 6 7 8; do
		run wc -l <"$d/out.$p"
		assert_output "$per"
		sort -n -c "$d/out.$p"
	done
	run bash -c "cat '$d'/out.* | sort -n | uniq | wc -l"
	assert_output $((8 * per))
	assert_equal "$(cat "$d"/out.* | sort -n | head -n 1)" $((before + 1))
	assert_equal "$(cat "$d"/out.* | sort -n | tail -n 1)" $((before + 8 * per))
	run sqlite3 "$CASETRAIL_STORE/store.db" "SELECT count(*) FROM journal;
	    SELECT count(*) FROM journal WHERE case_id = '$id';
	    SELECT count(*) FROM checkpoint"
	assert_output "$(printf '%s\n%s\n%s' $((before + 8 * per)) $((8 * per + 1)) \
		$((before + 8 * per)))"
	run store-verify
	assert_success
	assert_line --index 1 $((before + 8 * per))
}
