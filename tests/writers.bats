#!/usr/bin/env bats
# Writers of different kinds on one store at once (case-log, its --import,
# officer-add, case-new, evidence-add): nothing lost, nobody
# locked out, the tree intact.
load helper
# bats file_tags=alone

setup() {
	setup_store new_case
	case=$made
}

@test "10 writers of 5 kinds at once lose nothing" {
	for i in $(seq 300); do
		printf '%s\tnote\t\t\t\t\t导入第%d条\n' "$case" "$i"
	done >"$BATS_TEST_TMPDIR/import.tsv"
	before=$(sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT count(*) FROM journal')
	pids=()
	for w in 1 2; do
		( for i in $(seq 40); do
			case-log "$case" --action note -m "写入者$w 第$i条" >/dev/null || exit 1
		done ) & pids+=($!)
		( for i in $(seq 3); do
			case-log --import "$BATS_TEST_TMPDIR/import.tsv" || exit 1
		done ) & pids+=($!)
		( for i in $(seq 20); do
			officer-add "w$w.o$i" --name 临时人员 --credential "T$w-$i" \
				--valid-until 2030-12-31 >/dev/null || exit 1
		done ) & pids+=($!)
		( for i in $(seq 20); do
			case-new --type inspection --title "并发检查$w-$i" >/dev/null || exit 1
		done ) & pids+=($!)
		( for i in $(seq 20); do
			printf '写入者%d 第%d份笔录\n' "$w" "$i" >"$BATS_TEST_TMPDIR/e$w"
			evidence-add "$case" "$BATS_TEST_TMPDIR/e$w" \
				--name "笔录$w-$i.txt" >/dev/null || exit 1
		done ) & pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || fail "a writer failed"; done
	after=$(sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT count(*) FROM journal')
	assert_equal "$((after - before))" "$((2 * (40 + 3 * 300 + 20 + 20 + 20)))"
	run store-verify -q
	assert_success
	run officer-list
	assert_equal "$(grep -c '^w[12]\.o' <<<"$output")" 40
	run evidence-list "$case"
	assert_equal "${#lines[@]}" 40
}
