#!/usr/bin/env bats
# kill -9 of a bulk import at a random moment, 20 times: the store verifies
# after each, and the import is all there or not at all.
load helper
# bats file_tags=alone

IMPORT_LINES=$(scaled 100000 20000)

setup_file() {
	# Generated once: 100,000 notes for the first case, 2026-000001.
	seq "$IMPORT_LINES" | awk -v OFS='\t' \
		'{ print "2026-000001", "note", "", "", "", "", "text " $1 }' \
		>"$BATS_FILE_TMPDIR/import.tsv"
}

setup() { setup_store; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The journal's size as store-verify finds it; fails unless it verifies.
verified_size() {
	run store-verify
	assert_success
	# The signed checkpoint note: origin, size, root, time, and (after
	# the blank line, which $lines skips) the signature line.
	assert_equal "${#lines[@]}" 5
	assert_line --index 4 --regexp '^— casetrail/[0-9a-f]{16}/li\.ming '
	size=${lines[1]}
}

@test "kill -9 of case-log --import at random moments: all or nothing" {
	file=$BATS_FILE_TMPDIR/import.tsv
	run wc -l <"$file"
	assert_output "$IMPORT_LINES"
	id=$(new_case)
	assert_equal "$id" 2026-000001
	verified_size
	base=$size
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/base"

	# One whole import, timed: the kills are drawn within its time.
	t0=$(now_ms)
	case-log --import "$file"
	full=$(($(now_ms) - t0))
	verified_size
	assert_equal "$size" $((base + IMPORT_LINES))

	# The kills are drawn within [0, hi): a kill that came after the
	# commit shows the commit came sooner, and narrows hi to its delay,
	# so that the rounds that follow land in the import, not in the
	# exit after it (under the sanitizers, the exit's leak check is a
	# good part of a run).
	mid=0 whole=0 hi=$full rounds=$(scaled 20 8)
	for round in $(seq "$rounds"); do
		# A store that took a whole import starts again small, so that
		# every round costs about the same; one that was killed
		# mid-import is kept, with whatever the kill left in it.
		if [ "$size" != "$base" ]; then
			rm -rf "$CASETRAIL_STORE"
			cp -a "$BATS_TEST_TMPDIR/base" "$CASETRAIL_STORE"
			size=$base
		fi
		before=$size
		delay=$(((RANDOM * 32768 + RANDOM) % hi))
		case-log --import "$file" >/dev/null 2>&1 3>&- &
		pid=$!
		sleep "$((delay / 1000)).$(printf %03d $((delay % 1000)))"
		kill -9 "$pid" 2>/dev/null || true
		code=0
		{ wait "$pid"; } 2>/dev/null || code=$?
		verified_size
		if [ "$size" = "$before" ]; then
			# Killed before the commit (137 = 128 + SIGKILL).
			assert_equal "$code" 137
			mid=$((mid + 1))
		elif [ "$size" = $((before + IMPORT_LINES)) ]; then
			whole=$((whole + 1))
			[ "$delay" -lt 2 ] || hi=$delay
		else
			fail "round $round: killed after $delay ms, the journal went from $before to $size entries"
		fi
	done
	echo "# a whole import took $full ms; of $rounds kills, $mid landed before its commit, $whole after" >&3
	# Some kills must land in an import, or the test tested nothing.
	[ "$mid" -ge $((rounds / 4)) ] || fail "only $mid of $rounds kills landed mid-import"

	# The store still takes writes, and verifies.
	run case-log "$id" --action note -m 收尾
	assert_success
	assert_output $((size + 1))
	run store-verify
	assert_success
}
