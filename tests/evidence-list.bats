#!/usr/bin/env bats
# evidence-list: the evidence of cases, one record per item.
bats_require_minimum_version 1.5.0
load helper

setup() {
	setup_store a_document_and_a_photo
	read -r case doc photo <<<"$made"
	cd "$BATS_TEST_TMPDIR"
}

# A case with a document and a photo; prints their IDs after the case's.
a_document_and_a_photo() {
	local case
	case=$(new_case) &&
		printf '询问笔录：当事人承认销售过期食品\n' >询问笔录.txt &&
		printf '\377\330\377\340现场照片' >现场照片.jpg &&
		evidence-add "$case" 询问笔录.txt --officer wang.fang --location 大同市 \
			--note $'第一页\t签字' --collected-at '2026-09-02 14:30' >/dev/null &&
		evidence-add "$case" 现场照片.jpg --stage investigation >/dev/null &&
		echo "$case $(sha256sum 询问笔录.txt | cut -d' ' -f1)" \
			"$(sha256sum 现场照片.jpg | cut -d' ' -f1)"
}

@test "lists a case's evidence as tsv, in the order added" {
	run evidence-list "$case"
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 "$doc	$case	询问笔录.txt	document	49	filing	2026-09-02T14:30:00+08:00	li.ming	6	wang.fang	大同市	第一页\\t签字"
	assert_line --index 1 "$photo	$case	现场照片.jpg	photo	16	investigation		li.ming	7			"
}

@test "csv has a header, json one object per line" {
	run evidence-list -f csv "$case"
	assert_success
	assert_equal "${lines[0]%$'\r'}" 'id,case,name,kind,size,stage,collected_at,officer,seq,officers,location,note'
	run evidence-list -f json "$case"
	assert_success
	assert_json_lines "$output"
	assert_equal "$(json_get "${lines[0]}" '$.officers[0]')" wang.fang
	assert_equal "$(json_get "${lines[1]}" '$.kind')" photo
	assert_equal "$(json_get "${lines[1]}" '$.collected_at')" ''
}

@test "reads case IDs from standard input, the first field of each line" {
	other=$(new_case 另一案件)
	evidence-add "$other" 询问笔录.txt >/dev/null
	run bash -c 'case-list | evidence-list | cut -f2,3'
	assert_success
	assert_output "$case	询问笔录.txt
$case	现场照片.jpg
$other	询问笔录.txt"
}

@test "an unknown case is reported and the others are listed" {
	run evidence-list 2026-999999 "$case"
	assert_equal "$status" 4
	assert_line --index 0 "evidence-list: cannot find case '2026-999999'"
	assert_equal "${#lines[@]}" 3
	run evidence-list 2026-1
	assert_equal "$status" 2
	assert_output "evidence-list: bad case ID '2026-1' (like 2026-000042)"
}

@test "usage errors" {
	refuses_usage "evidence-list: unrecognized option '--bogus'" evidence-list --bogus
	run evidence-list -f xml "$case"
	assert_equal "$status" 2
	assert_output "evidence-list: unknown format 'xml' (formats: tsv csv json)"
}
