#!/usr/bin/env bats
# Every program that writes, killed with SIGKILL at random moments, 50
# times each: the store verifies after each kill and holds all of the
# invocation's work or none of it (tests/kill9).
load helper

setup() {
	setup_store
	case=$(new_case)
}

@test "officer-add killed at random moments" {
	run "$BATS_TEST_DIRNAME/kill9" "$(scaled 50 15)" 1 officer-add 'o{}' --name 测试员 \
		--credential 'C{}' --valid-until 2030-12-31
	assert_success
}

@test "case-new killed at random moments" {
	run "$BATS_TEST_DIRNAME/kill9" "$(scaled 50 15)" 1 case-new --type inspection \
		--title '检查案{}'
	assert_success
}

@test "case-log killed at random moments" {
	run "$BATS_TEST_DIRNAME/kill9" "$(scaled 50 15)" 1 case-log "$case" --action note \
		-m '第{}条'
	assert_success
}

@test "case-log --import of 2000 entries killed at random moments" {
	for i in $(seq 2000); do
		printf '%s\tnote\t\t\t\t\t第%d条记录\n' "$case" "$i"
	done >"$BATS_TEST_TMPDIR/import.tsv"
	run "$BATS_TEST_DIRNAME/kill9" "$(scaled 50 15)" 2000 case-log --import \
		"$BATS_TEST_TMPDIR/import.tsv"
	assert_success
	# Most kills must land inside the run, or the test tests nothing.
	[ "$output" -ge "$(($(scaled 50 15) / 4))" ] ||
		fail "only $output runs were killed"
}

@test "officer-key --rotate killed at random moments" {
	run "$BATS_TEST_DIRNAME/kill9" "$(scaled 50 15)" 1 officer-key --rotate wang.fang
	assert_success
}

@test "officer-revoke killed at random moments" {
	local i
	# An officer for each run to revoke, and one for the timing run.
	for i in $(seq 0 "$(scaled 50 15)"); do
		plain officer-add "r$i" --name 待撤销 --credential "R$i" \
			--valid-until 2030-12-31 >/dev/null
	done
	run "$BATS_TEST_DIRNAME/kill9" "$(scaled 50 15)" 1 officer-revoke 'r{}' \
		--reason 调离执法岗位
	assert_success
}

@test "evidence-add killed at random moments" {
	local i
	# A file of its own for each run: the same content twice is refused.
	for i in $(seq 0 "$(scaled 50 15)"); do
		{ printf '现场照片 %d\n' "$i"; head -c 65536 /dev/urandom; } \
			>"$BATS_TEST_TMPDIR/照片$i.jpg"
	done
	run "$BATS_TEST_DIRNAME/kill9" "$(scaled 50 15)" 1 evidence-add "$case" \
		"$BATS_TEST_TMPDIR/照片{}.jpg"
	assert_success
}
