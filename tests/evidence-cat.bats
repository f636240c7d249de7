#!/usr/bin/env bats
# evidence-cat: an object's bytes, checked against their hash; and the
# tampering that evidence-cat and store-verify both report.
bats_require_minimum_version 1.5.0
load helper

setup() {
	setup_store a_video_and_a_document
	read -r case video doc <<<"$made"
	cd "$BATS_TEST_TMPDIR"
	obj=$CASETRAIL_STORE/objects/${video:0:2}/${video:2}
}

# A case with a video and a document; prints their IDs after the case's.
a_video_and_a_document() {
	local case video doc
	case=$(new_case) &&
		{ printf '\0\0\0\030ftypisom'; head -c 300000 /dev/urandom; } >执法记录仪.mp4 &&
		printf '询问笔录：当事人陈述\n' >询问笔录.txt &&
		video=$(evidence-add "$case" 执法记录仪.mp4 | cut -f1) &&
		doc=$(evidence-add "$case" 询问笔录.txt | cut -f1) &&
		echo "$case $video $doc"
}

@test "writes the bytes of an object" {
	run evidence-cat "$doc"
	assert_success
	assert_output '询问笔录：当事人陈述'
	evidence-cat "$video" | cmp - 执法记录仪.mp4
}

@test "in a pipeline: every object of a case, checked" {
	evidence-list "$case" | evidence-cat >all
	cat 执法记录仪.mp4 询问笔录.txt | cmp - all
	# Several arguments, and "-" among them for standard input.
	echo "$doc" | evidence-cat "$video" - "$doc" >all
	cat 执法记录仪.mp4 询问笔录.txt 询问笔录.txt | cmp - all
	# No ID at all: nothing to write.
	run evidence-cat </dev/null
	assert_success
	assert_output ""
}

@test "an unknown ID among good ones: the others are written, exit 4" {
	missing=$(printf '%064d' 0)
	run --separate-stderr evidence-cat "$doc" "$missing" "$doc"
	assert_equal "$status" 4
	assert_output $'询问笔录：当事人陈述\n询问笔录：当事人陈述'
	assert_equal "$stderr" "evidence-cat: cannot find evidence '$missing'"
}

@test "an unknown or bad ID" {
	run evidence-cat "$(printf '%064d' 0)"
	assert_equal "$status" 4
	assert_output "evidence-cat: cannot find evidence '$(printf '%064d' 0)'"
	run evidence-cat 1234
	assert_equal "$status" 2
	assert_output "evidence-cat: bad evidence ID '1234' (its 64 hex digits, or the first 8 or more)"
	refuses_usage "evidence-cat: unrecognized option '--bogus'" evidence-cat --bogus
}

@test "an ID as people type it: upper case, or its first 8 or more hex digits" {
	run evidence-cat "${doc^^}"
	assert_success
	assert_output '询问笔录：当事人陈述'
	run evidence-cat "${doc:0:8}"
	assert_success
	assert_output '询问笔录：当事人陈述'
	evidence-cat "${video:0:12}" | cmp - 执法记录仪.mp4
	run evidence-cat "${doc:0:7}"
	assert_equal "$status" 2
	assert_output "evidence-cat: bad evidence ID '${doc:0:7}' (its 64 hex digits, or the first 8 or more)"
}

@test "a prefix that two items share is ambiguous (2), with both named" {
	# Two IDs alike in their first 8 digits: made by hand, as SHA-256
	# would take a while to.
	twin=${doc:0:8}$(printf '%056d' 0)
	sqlite3 "$CASETRAIL_STORE/store.db" "INSERT INTO evidence SELECT '$twin', case_id,
	    kind, name, size, stage, collected_at, location, officers, note, seq
	    FROM evidence WHERE id = '$doc'"
	run evidence-cat "${doc:0:8}"
	assert_equal "$status" 2
	# In the order of the IDs.
	first=$twin second=$doc
	[[ $doc < $twin ]] && first=$doc second=$twin
	assert_output "evidence-cat: evidence ID '${doc:0:8}' is ambiguous: $first $second"
	# One more digit tells them apart.
	run evidence-cat "${doc:0:9}"
	assert_success
	assert_output '询问笔录：当事人陈述'
}

@test "a flipped byte: evidence-cat and store-verify say the object was altered" {
	printf '\377' | dd of="$obj" bs=1 seek=1000 conv=notrunc status=none
	run --separate-stderr evidence-cat "$video"
	assert_equal "$status" 1
	assert_equal "$stderr" "evidence-cat: object $video was altered"
	# The bytes were written all the same, as they are.
	assert_equal "$(evidence-cat "$video" 2>/dev/null | wc -c)" 300012
	run store-verify -q
	assert_equal "$status" 1
	assert_output "store-verify: object $video was altered: its content does not match its hash"
}

@test "a truncated object" {
	truncate -s 1000 "$obj"
	run evidence-cat "$video"
	assert_equal "$status" 1
	assert_output "evidence-cat: object $video was altered: 1000 bytes, 300012 recorded"
	run store-verify -q
	assert_equal "$status" 1
	assert_output "store-verify: object $video was altered: 1000 bytes, 300012 recorded"
}

@test "a deleted object" {
	rm -f "$obj"
	run evidence-cat "$video"
	assert_equal "$status" 1
	assert_output "evidence-cat: object $video is missing"
	run store-verify -q
	assert_equal "$status" 1
	assert_output "store-verify: object $video is missing"
}

@test "an object replaced by another object's bytes" {
	local small=$CASETRAIL_STORE/objects/${doc:0:2}/${doc:2}
	cp -f "$obj" "$small"
	run evidence-cat "$doc"
	assert_equal "$status" 1
	assert_output --partial "evidence-cat: object $doc was altered"
	# Same size too: only the hash tells.
	cp 执法记录仪.mp4 其他.mp4
	# One byte changed ('x', or 'y' where the random byte is an 'x').
	byte=x
	[ "$(od -An -tx1 -j200 -N1 其他.mp4 | tr -d ' ')" = 78 ] && byte=y
	printf '%s' "$byte" | dd of=其他.mp4 bs=1 seek=200 conv=notrunc status=none
	if cmp -s 执法记录仪.mp4 其他.mp4; then fail "the altered copy is the same"; fi
	cp -f 其他.mp4 "$obj"
	run evidence-cat "$video"
	assert_equal "$status" 1
	run store-verify -q
	assert_equal "$status" 1
	assert_output --regexp "^store-verify: object ($doc was altered: 300012 bytes, 31 recorded|$video was altered: its content does not match its hash) \(and 1 more in objects/\)\$"
}

@test "store-verify finds unreferenced objects and removes stray temporary files" {
	mkdir -p "$CASETRAIL_STORE/objects/ab"
	id=ab$(printf '%062d' 0)
	echo 无主 >"$CASETRAIL_STORE/objects/ab/${id:2}"
	echo 残留 >"$CASETRAIL_STORE/objects/tmp/0123456789abcdef"
	run store-verify -q
	assert_equal "$status" 1
	assert_output "store-verify: object $id is unreferenced: no evidence names it"
	[ ! -e "$CASETRAIL_STORE/objects/tmp/0123456789abcdef" ] ||
		fail "the stray temporary file is still there"
	rm "$CASETRAIL_STORE/objects/ab/${id:2}"
	run store-verify -q
	assert_success
}

@test "store-verify finds an evidence row that is not its entry's" {
	sqlite3 "$CASETRAIL_STORE/store.db" \
		"UPDATE evidence SET name = '改名.txt' WHERE id = '$doc'"
	run store-verify -q
	assert_equal "$status" 1
	seq=$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT seq FROM evidence WHERE id = '$doc'")
	assert_output "store-verify: evidence $doc of case $case differs from what entry $seq made"
}

@test "store-verify finds an evidence row deleted, naming its entry" {
	seq=$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT seq FROM evidence WHERE id = '$doc'")
	sqlite3 "$CASETRAIL_STORE/store.db" "DELETE FROM evidence WHERE id = '$doc'"
	run store-verify -q
	assert_equal "$status" 1
	assert_output "store-verify: entry $seq adds evidence $doc of case $case, which is not in the evidence table"
}
