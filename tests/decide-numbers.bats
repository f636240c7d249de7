#!/usr/bin/env bats
# Document numbers (文号) under two writers at once: each decides its own
# cases, and together the decisions get the numbers 1 to N of the year,
# each once, with no gap; store-verify replays the sequence.
load helper
# bats file_tags=alone

setup() { setup_store cases_with_notices; }
# A head, zhou.qiang, and $(scaled 12 4) prepaid-card cases, each with its
# notice three weeks ago, its periods passed.
cases_with_notices() {
	add_officer zhou.qiang 周强 14020020009 --role officer --role head || return
	for i in $(seq "$(scaled 12 4)"); do
		plain case-new --type penalty --title "某商户单用途预付卡未备案案之$i" \
			--party "大同市某商户$i" --party-kind org --handler li.ming \
			--at "2026-09-01 09:30" >/dev/null &&
			plain case-log -q "2026-$(printf '%06d' "$i")" --action notice \
				--fine 5000 -m 行政处罚事先告知书 --at "2026-11-02 10:00" ||
			return
	done
}

@test "two writers deciding at once get distinct numbers, 1 to N, no gap" {
	local n d=$BATS_TEST_TMPDIR
	n=$(scaled 12 4)
	for w in 1 2; do
		(
			for i in $(seq "$w" 2 "$n"); do
				case-log -q -A zhou.qiang "2026-$(printf '%06d' "$i")" \
					--action decision --fine 5000 -m 行政处罚决定书 ||
					echo "writer $w case $i: case-log exited $?" >&2
			done
		) >"$d/out.$w" 2>"$d/err.$w" 3>&- &
	done
	wait
	run cat "$d"/err.*
	assert_output ""
	run sqlite3 "$CASETRAIL_STORE/store.db" "SELECT group_concat(serial, ' ') FROM (SELECT serial FROM doc_number ORDER BY serial);
	    SELECT count(DISTINCT number), count(DISTINCT case_id) FROM doc_number"
	assert_line --index 0 "$(seq -s ' ' "$n")"
	assert_line --index 1 "$n|$n"
	# In the order they were recorded.
	run sqlite3 "$CASETRAIL_STORE/store.db" "SELECT count(*) FROM doc_number a JOIN doc_number b ON a.seq < b.seq AND a.serial > b.serial"
	assert_output 0
	run store-verify -q
	assert_success
}
