#!/usr/bin/env bats
# review (issue 15, part B): the legal reviewers.  A reviewer (法制审核
# 人员) holds a legal professional qualification (法律职业资格): the entry
# that gives him the role records its number, officer-list shows it, and
# store-verify's replay holds a forged entry to the same rule.
bats_require_minimum_version 1.5.0
load helper

setup() { setup_store with_wang_fang; }
with_wang_fang() { add_officer wang.fang 王芳 14020020002; }
teardown() { teardown_store; }

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }
QUAL=A20183101234567

# officer-add zhou.min (周敏), a reviewer: its options.
REVIEWER=(zhou.min --name 周敏 --credential 14020020006 --valid-from 2020-01-01
	--valid-until 2030-12-31 --role reviewer)
add_reviewer() { officer-add "${REVIEWER[@]}" "$@"; }

@test "a reviewer without a qualification number is refused (2), the store unchanged" {
	refuses 2 officer-add "${REVIEWER[@]}"
	assert_output "officer-add: a reviewer needs a --qualification: the number of his legal professional qualification (法律职业资格)"
	refuses 2 officer-add "${REVIEWER[@]}" --qualification ''
	refuses 2 officer-add "${REVIEWER[@]}" --qualification $'A2018\t1'
	run officer-list
	refute_output --partial zhou.min
}

@test "a reviewer's qualification number is in his entry, officer-list and store-verify" {
	run add_reviewer --qualification "$QUAL"
	assert_success
	assert_output zhou.min
	run db "SELECT line->>'\$.body.qualification' FROM journal
	    WHERE action = 'officer-add' AND line->>'\$.body.id' = 'zhou.min'"
	assert_output "$QUAL"
	run bash -c "officer-list | grep '^zhou.min' | cut -f7,15"
	assert_output "$(printf 'reviewer\t%s' "$QUAL")"
	run officer-list -f json
	assert_line --index 2 --partial ",\"qualification\":\"$QUAL\"}"
	# An officer without one has the entry of before: no such field.
	run db "SELECT count(*) FROM journal WHERE line LIKE '%qualification%'"
	assert_output 1
	run store-verify -q
	assert_success
}

@test "officer-update records a new qualification number; officer-list shows the newest" {
	add_reviewer --qualification "$QUAL" >/dev/null
	run officer-update zhou.min --qualification A20193101230001
	assert_success
	run db "SELECT line->'\$.body' FROM journal ORDER BY seq DESC LIMIT 1"
	assert_output '{"id":"zhou.min","qualification":"A20193101230001"}'
	run bash -c "officer-list | grep '^zhou.min' | cut -f15"
	assert_output A20193101230001
	# An officer who is no reviewer may have his recorded too.
	run officer-update wang.fang --qualification A20203101230002
	assert_success
	run store-verify -q
	assert_success
	run store-rebuild -q
	assert_success
	run db "SELECT officer || ' ' || number FROM officer_qualification ORDER BY seq"
	assert_output "$(printf '%s\n' "zhou.min $QUAL" 'zhou.min A20193101230001' \
		'wang.fang A20203101230002')"
}

@test "officer-update: --qualification is no restore's, and is not empty (2)" {
	refuses 2 officer-update wang.fang --qualification ''
	assert_output "officer-update: the qualification number is empty"
	officer-revoke wang.fang --reason 调离 >/dev/null
	refuses 2 officer-update --restore wang.fang --credential 14020020012 \
		--valid-until 2031-11-30 --reason 调回 --qualification "$QUAL"
}

@test "store-verify: a qualification row that is not its entry's, or missing" {
	add_reviewer --qualification "$QUAL" >/dev/null
	seq=$(db "SELECT seq FROM officer_qualification")
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/clean"
	db "UPDATE officer_qualification SET number = 'A1'"
	run store-verify
	assert_failure 1
	assert_output --partial "officer zhou.min: qualification A1 names entry $seq, which does not record it"
	rm -rf "$CASETRAIL_STORE" && cp -a "$BATS_TEST_TMPDIR/clean" "$CASETRAIL_STORE"
	db "DELETE FROM officer_qualification"
	run store-verify
	assert_failure 1
	assert_output --partial "entry $seq records officer zhou.min: qualification $QUAL, which is not in the officer_qualification table"
}

# The officer-add of zhou.min as a reviewer, with the extra fields $1,
# appended as a forger would (tests/tools/forge), with its rows.
forge_reviewer() {
	local forge last="(SELECT max(seq) FROM journal)"
	forge=$(dirname "$(command -v store-verify)")/../tools/forge
	run "$forge" -x "INSERT INTO officer VALUES ('zhou.min', '周敏',
	    '14020020006', '2020-01-01', '2030-12-31', NULL, NULL, NULL, $last);
	    INSERT INTO officer_role VALUES ('zhou.min', 'reviewer');
	    INSERT INTO officer_credential VALUES ('zhou.min', '14020020006',
	    '2020-01-01', '2030-12-31', $last)${2:+; $2}" li.ming - officer-add - \
		"{\"id\":\"zhou.min\",\"name\":\"周敏\",\"credential\":\"14020020006\",\"valid_from\":\"2020-01-01\",\"valid_until\":\"2030-12-31\",\"roles\":[\"reviewer\"],\"unix_user\":null$1}"
	assert_success
	n=$output
}

@test "store-verify: a reviewer added without a qualification number is reported" {
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/clean"
	# Its twin, within the rule, verifies.
	forge_reviewer ",\"qualification\":\"$QUAL\"" \
		"INSERT INTO officer_qualification VALUES ((SELECT max(seq) FROM journal), 'zhou.min', '$QUAL')"
	CASETRAIL_NOW="2026-11-26 10:00" run store-verify -q
	assert_success
	rm -rf "$CASETRAIL_STORE" && cp -a "$BATS_TEST_TMPDIR/clean" "$CASETRAIL_STORE"
	forge_reviewer ""
	CASETRAIL_NOW="2026-11-26 10:00" run store-verify
	assert_failure 1
	assert_output "store-verify: entry $n: a reviewer needs a --qualification: the number of his legal professional qualification (法律职业资格)"
}

@test "a store of schema version 8 keeps its reviewers, added without a number, when migrated" {
	# A reviewer added before version 9, made back into version 8.
	forge_reviewer ""
	db "DROP TABLE review; DROP TABLE publication; DROP TABLE withdrawal; DROP TABLE publicity; DROP TABLE seal; DROP TABLE officer_qualification; DELETE FROM meta WHERE key = 'qualification_since'; PRAGMA user_version = 8"
	run officer-update zhou.min --qualification "$QUAL"
	assert_success
	assert_equal "$(db 'PRAGMA user_version')" 13
	assert_equal "$(db "SELECT value FROM meta WHERE key = 'qualification_since'")" "$n"
	CASETRAIL_NOW="2026-11-26 10:00" run store-verify -q
	assert_success
	run bash -c "officer-list | grep '^zhou.min' | cut -f15"
	assert_output "$QUAL"
}
