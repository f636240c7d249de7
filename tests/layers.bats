#!/usr/bin/env bats
# lib's layers (ARCHITECTURE.md), read by tests/layers from the object
# files of the build under test: no call to a layer above, no cycle.

# Checks text against text: the first build's pass only (tests/run).
# bats file_tags=once
load helper

setup() {
	build=$(cd "$(dirname "$(command -v case-log)")/.." && pwd)
	layers="$CASETRAIL_TOP/tests/layers"
	[ -d "$build/lib/base" ] || fail "no layered objects in $build/lib"
}

# A copy of the build's objects to plant calls in.
copy_objects() {
	mkdir -p "$BATS_TEST_TMPDIR/b"
	cp -r "$build/lib" "$BATS_TEST_TMPDIR/b/"
}

# plant LAYER NAME CODE: one more module, compiled into the copy.
plant() {
	printf '#include "casetrail.h"\n%s\n' "$3" >"$BATS_TEST_TMPDIR/$2.c"
	cc -I"$CASETRAIL_TOP/lib" -c "$BATS_TEST_TMPDIR/$2.c" \
		-o "$BATS_TEST_TMPDIR/b/lib/$1/$2.o"
}

@test "the build's layers hold: no call upward, no cycle" {
	run "$layers" "$build"
	assert_success
	assert_output ''
}

@test "a call from a lower layer to a higher one fails the check" {
	copy_objects
	plant base planted 'int planted(void); int planted(void) { return verify_store(0, 0, 0); }'
	run "$layers" "$BATS_TEST_TMPDIR/b"
	assert_failure 1
	assert_output "layers: lib/base/planted.c calls verify_store() of lib/verify/verify.c, a layer above"
}

@test "a cycle of calls within a layer fails the check" {
	copy_objects
	plant domain ping 'int ping(int); int pong(int); int ping(int n) { return n ? pong(n - 1) : 0; }'
	plant domain pong 'int ping(int); int pong(int); int pong(int n) { return n ? ping(n - 1) : 1; }'
	run "$layers" "$BATS_TEST_TMPDIR/b"
	assert_failure 1
	assert_output "layers: a cycle of calls between modules: lib/domain/ping.c lib/domain/pong.c"
}

@test "an object outside the layers fails the check" {
	copy_objects
	mkdir "$BATS_TEST_TMPDIR/b/lib/misc"
	plant misc stray 'int stray(void); int stray(void) { return 0; }'
	run "$layers" "$BATS_TEST_TMPDIR/b"
	assert_failure 1
	assert_output "layers: misc/stray is in no layer"
}
