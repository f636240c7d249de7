#!/usr/bin/env bats
# store-rebuild: the derived tables recomputed from a journal that
# verifies; nothing changed when it does not.

load helper

setup() {
	setup_store every_kind_of_entry
	read -r case doc <<<"$made"
}

# A case with evidence, an inspection and a decision, and a revoked
# officer; prints the case's ID and the evidence's.
every_kind_of_entry() {
	local case doc
	case=$(new_case) &&
		add_officer zhao.lei 赵磊 14020020003 &&
		officer-revoke -q zhao.lei --reason 调离执法岗位 >/dev/null &&
		printf '现场检查笔录：货架上有过期食品。\n' >笔录.txt &&
		doc=$(evidence-add "$case" 笔录.txt | cut -f1) &&
		case-log -q "$case" --action inspection --officer li.ming \
			--officer wang.fang -m 现场检查 >/dev/null &&
		case-log -q "$case" --action decision -m 罚款五千元 >/dev/null &&
		echo "$case $doc"
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }

# The entry of action $1 (the last one).
entry_of() { db "SELECT max(seq) FROM journal WHERE action = '$1'"; }

# Changes the tables with SQL $1; store-verify must name the row and the
# entry, $2; store-rebuild must make the store verify again and give back
# the dump of before.
rebuilds() {
	local before
	before=$(store_dump)
	db "$1"
	run store-verify
	assert_failure 1
	assert_output "store-verify: $2"
	run store-rebuild
	assert_success
	assert_output ''
	run store-verify -q
	assert_success
	assert_equal "$(store_dump)" "$before"
}

@test "a case's status changed by hand is named with its entry and rebuilt" {
	rebuilds "UPDATE cases SET status = 'closed' WHERE id = '$case'" \
		"case $case: status is 'closed' but entry $(entry_of decision) made it 'decided'"
	assert_equal "$(db "SELECT status FROM cases WHERE id = '$case'")" decided
}

@test "an officer's credential changed by hand is named with its entry and rebuilt" {
	n=$(db "SELECT seq FROM officer WHERE id = 'wang.fang'")
	rebuilds "UPDATE officer SET credential = '99999999999' WHERE id = 'wang.fang'" \
		"officer wang.fang: name or credential differs from the journal's (entry $n)"
	assert_equal "$(db "SELECT credential FROM officer WHERE id = 'wang.fang'")" 14020020002
}

@test "an evidence row changed or deleted by hand is named with its entry and rebuilt" {
	n=$(entry_of evidence-add)
	rebuilds "UPDATE evidence SET name = '改名.txt'" \
		"evidence $doc of case $case differs from what entry $n made"
	rebuilds "DELETE FROM evidence" \
		"entry $n adds evidence $doc of case $case, which is not in the evidence table"
	assert_equal "$(db "SELECT name FROM evidence")" 笔录.txt
}

@test "handlers, roles, keys and revocations are rebuilt too" {
	rebuilds "DELETE FROM case_handler WHERE officer = 'wang.fang'" \
		"entry $(entry_of case-new) adds case $case: handler wang.fang, which is not in the case_handler table"
	rebuilds "DELETE FROM officer_role WHERE role = 'admin'" \
		"entry 1 adds officer li.ming: role admin, which is not in the officer_role table"
	rebuilds "UPDATE officer SET revoked_at = NULL, revoked_reason = NULL WHERE id = 'zhao.lei'" \
		"officer zhao.lei: revocation differs from the journal's (entry $(entry_of officer-revoke))"
	rebuilds "DROP TRIGGER officer_key_no_delete; DELETE FROM officer_key WHERE officer = 'zhao.lei'" \
		"entry $(entry_of officer-key) adds key $(key_id zhao.lei), which is not in the officer_key table"
	rebuilds "UPDATE cases SET stage = 'closing', flags = 7, last_seq = 1" \
		"case $case: its newest entry is 1 in the table, entry $(entry_of decision) in the journal"
}

@test "the keys stay append-only after a rebuild" {
	run store-rebuild
	assert_success
	run db "DELETE FROM officer_key"
	assert_failure
	assert_output --partial 'keys are append-only'
}

@test "a rebuild of a clean store changes nothing and needs no officer or key" {
	before=$(store_dump)
	unset CASETRAIL_OFFICER
	rm -rf "$XDG_CONFIG_HOME"
	run store-rebuild
	assert_success
	assert_output ''
	assert_equal "$(store_dump)" "$before"
}

@test "a journal that does not verify is refused (1) and nothing changes" {
	db "UPDATE cases SET status = 'closed'"
	db "DROP TRIGGER journal_no_update;
	    UPDATE journal SET line = replace(line, '现场检查', '补录') WHERE action = 'inspection'"
	n=$(entry_of inspection)
	refuses 1 store-rebuild
	assert_output "store-rebuild: the journal does not verify, nothing was rebuilt: entry $n does not match its leaf hash: it was changed after it was written"
	assert_equal "$(db "SELECT status FROM cases")" closed
}

@test "a forged entry that breaks a rule is refused (1) and nothing is rebuilt" {
	db "UPDATE cases SET status = 'open'"
	n=$(($(db 'SELECT count(*) FROM journal') + 1))
	forge_append "$(note_line "$n" zhao.lei 冒名补录)"
	forge_checkpoint zhao.lei "$(key_id zhao.lei)" "$XDG_CONFIG_HOME/casetrail/keys/zhao.lei.key"
	refuses 1 store-rebuild
	assert_output --partial "store-rebuild: the journal does not verify, nothing was rebuilt: entry $n: officer 'zhao.lei' has been revoked since"
}

@test "a usage error (2), no store (4)" {
	refuses_usage "store-rebuild: unexpected operand 'extra'" store-rebuild extra
	run store-rebuild -S "$BATS_TEST_TMPDIR/nowhere"
	assert_failure 4
	assert_output --partial "store-rebuild: "
}

@test "in a pipeline: rebuild when verify finds a table fault, then verify" {
	db "UPDATE cases SET title = '改过的标题'"
	run sh -c 'store-verify -q 2>/dev/null || { store-rebuild && store-verify | sed -n 2p; }'
	assert_success
	assert_output "$(db 'SELECT count(*) FROM journal')"
	assert_equal "$(db 'SELECT title FROM cases')" 某超市销售过期食品案
}

# Seconds, with nanoseconds, that "$@" takes; fails if it fails.
seconds() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null || return 1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

# bats test_tags=slow
@test "a rebuild takes at most 3 times a verify (1,000,000 entries in make check-slow)" {
	local n=20000 lines=10000 v r best_v=0 best_r=0 i
	[ "${CASETRAIL_TEST_SLOW:-0}" = 1 ] && n=1000000 lines=100000
	n=$(scaled "$n" 4000) lines=$(scaled "$lines" 2000)
	awk -v n="$lines" -v c="$case" 'BEGIN { for (i = 0; i < n; i++)
		printf "%s\tnote\t\t\t\t\t第%d条记录：现场检查情况说明\n", c, i }' \
		>"$BATS_TEST_TMPDIR/import.tsv"
	for ((i = 0; i < n / lines; i++)); do
		case-log -q --import "$BATS_TEST_TMPDIR/import.tsv" || fail "import $i failed"
	done
	assert [ "$(db 'SELECT count(*) FROM journal')" -ge "$n" ]
	db "UPDATE cases SET flags = 0"
	# The best of three each: the machine is shared.
	for i in 1 2 3; do
		r=$(seconds store-rebuild) || fail "store-rebuild failed"
		v=$(seconds store-verify -q) || fail "store-verify failed after the rebuild"
		((best_r == 0 || r < best_r)) && best_r=$r
		((best_v == 0 || v < best_v)) && best_v=$v
	done
	echo "# $n entries: store-verify $best_v ms, store-rebuild $best_r ms" >&3
	assert [ "$best_r" -le $((3 * best_v)) ]
}

@test "a rebuild makes the append-only guards again, if someone dropped them" {
	db "DROP TRIGGER journal_no_update; DROP TRIGGER officer_key_no_update"
	run store-rebuild
	assert_success
	run db "UPDATE journal SET line = line WHERE seq = 1"
	assert_failure
	assert_output --partial 'the journal is append-only'
	run db "UPDATE officer_key SET seq = seq"
	assert_failure
	assert_output --partial 'keys are append-only'
}
