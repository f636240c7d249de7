#!/usr/bin/env bats
# Every program that writes, killed with SIGKILL at random moments, 50
# times each: the store verifies after each kill and holds all of the
# invocation's work or none of it (tests/kill9).  Each test then checks
# that what the runs that finished did is there, by the programs that
# read it, and that the store still takes the next write.
load helper
# bats file_tags=alone

setup() {
	setup_store new_case
	case=$made
	base=$(entries)
	runs=$(scaled 50 15)
}

entries() { sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT count(*) FROM journal'; }

# kill9 ENTRIES CMD...: tests/kill9 over $runs runs; sets $committed, the
# runs (the whole one among them) whose work is in the store, and checks
# that the journal holds their entries and nothing more.
kill9() {
	local want=$1
	run "$BATS_TEST_DIRNAME/kill9" "$runs" "$@"
	assert_success
	assert_output --regexp "^runs $runs killed [0-9]+ committed [0-9]+\$"
	committed=${output##* }
	assert_equal "$(entries)" $((base + committed * want))
}

@test "officer-add killed at random moments" {
	kill9 1 officer-add 'o{}' --name 测试员 --credential 'C{}' --valid-until 2030-12-31
	assert_equal "$(officer-list | grep -c $'^o[0-9]*\t测试员\tC[0-9]*\tvalid\t')" "$committed"
	run officer-add zhao.lei --name 赵磊 --credential 14020020009 --valid-until 2030-12-31
	assert_success
}

@test "case-new killed at random moments" {
	kill9 1 case-new --type inspection --title '检查案{}'
	assert_equal "$(case-list | grep -c $'\tinspection\topen\t.*\t检查案[0-9]*\t')" "$committed"
	run case-new --type inspection --title 收尾检查
	assert_success
	assert_output "2026-$(printf %06d $((committed + 2)))"
}

@test "case-log killed at random moments" {
	kill9 1 case-log "$case" --action note -m '第{}条'
	assert_equal "$(case-show -f json "$case" | grep -o '"text":"第[0-9]*条"' | wc -l)" \
		"$committed"
	run case-log "$case" --action note -m 收尾
	assert_success
	assert_output $((base + committed + 1))
}

@test "case-log --import of 2000 entries killed at random moments" {
	for i in $(seq 2000); do
		printf '%s\tnote\t\t\t\t\t第%d条记录\n' "$case" "$i"
	done >"$BATS_TEST_TMPDIR/import.tsv"
	kill9 2000 case-log --import "$BATS_TEST_TMPDIR/import.tsv"
	assert_equal "$(case-show -f json "$case" | grep -o '"text":"第2000条记录"' | wc -l)" \
		"$committed"
}

@test "officer-key --rotate killed at random moments" {
	local keys=$XDG_CONFIG_HOME/casetrail/keys
	kill9 1 officer-key -A wang.fang --rotate
	# He signs with the newest key the store has for him: the key file,
	# or, after a rotation killed before its commit, the registered key
	# under the name the rotation retired it to.
	newest=$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT key_id FROM officer_key
	    WHERE officer = 'wang.fang' ORDER BY seq DESC LIMIT 1")
	[ -e "$keys/wang.fang.key.$newest" ] || assert_equal "$(openssl pkey \
		-in "$keys/wang.fang.key" -pubout -outform DER | tail -c 32 |
		openssl dgst -sha256 -r | cut -c1-16)" "$newest"
	assert_equal "$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT count(*) FROM officer_key
	    WHERE officer = 'wang.fang'")" $((committed + 1))
	run case-log -A wang.fang "$case" --action note -m 轮换后
	assert_success
	assert_equal "$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT key_id FROM
	    checkpoint ORDER BY size DESC LIMIT 1")" "$newest"
	run store-verify -q
	assert_success
}

@test "officer-revoke killed at random moments" {
	local i
	# An officer for each run to revoke, and one for the whole run.
	for i in $(seq 0 "$runs"); do
		plain officer-add "r$i" --name 待撤销 --credential "R$i" \
			--valid-until 2030-12-31 >/dev/null
	done
	base=$(entries)
	kill9 1 officer-revoke 'r{}' --reason 调离执法岗位
	assert_equal "$(officer-list | grep -c $'^r[0-9]*\t待撤销\t.*\trevoked\t')" "$committed"
	assert_equal "$(officer-list | grep -c $'^r[0-9]*\t待撤销\t.*\tvalid\t')" \
		$((runs + 1 - committed))
}

@test "evidence-add killed at random moments" {
	local i
	# A file of its own for each run: the same content twice is refused.
	for i in $(seq 0 "$runs"); do
		{ printf '现场照片 %d\n' "$i"; head -c 65536 /dev/urandom; } \
			>"$BATS_TEST_TMPDIR/照片$i.jpg"
	done
	kill9 1 evidence-add "$case" "$BATS_TEST_TMPDIR/照片{}.jpg"
	assert_equal "$(evidence-list "$case" | grep -c $'\t照片[0-9]*\\.jpg\t')" "$committed"
	run evidence-add "$case" "$BATS_TEST_TMPDIR/照片0.jpg"
	assert_failure
	run store-verify -q
	assert_success
}
