#!/usr/bin/env bats
load helper

setup() { setup_store; }

@test "a case from filing to decision verifies" {
	id=$(new_case)
	assert_equal "$id" 2026-000001
	run case-log "$id" --action inspection --officer li.ming --officer wang.fang \
		-m 现场检查 --at "2026-09-02 10:00"
	assert_success
	run store-verify
	assert_success
	assert_line --index 1 6
}
