#!/usr/bin/env bats
# archive-list: retention (保管期限) from the agency's table, archive
# numbers (档号), the transfer and appraisal lists, and the publication
# history in the bag.  The retention table is a file of the store with no
# rows of casetrail's own; a seal records what it gave, or "unset" and
# says so; the archive number is FONDS-YEAR-CODE-NNNN, its item counted
# per fonds, year and retention in seal order, and store-verify replays
# it; archive-list reads the seal table, which store-rebuild makes again.
bats_require_minimum_version 1.5.0
load helper
load forge

# Officers: wang.fang, a head zhou.qiang (周强), a publisher zhao.min
# (赵敏), an archivist zhao.lan (赵兰).  Cases, all closed on 2026-11-25:
# 1 (penalty, warning and fine, published), 2 (penalty, a decision in
# words alone), 3 (inspection, closed with no decision), 4 (penalty,
# fine) and 5 (open).
closed_cases() {
	sed -i 's/^#agency = .*/agency = 大同市商务局/' "$CASETRAIL_STORE/casetrail.conf" &&
		add_officer wang.fang 王芳 14020020002 &&
		add_officer zhou.qiang 周强 14020020009 --role officer --role head &&
		add_officer zhao.min 赵敏 14020020004 --role publisher &&
		add_officer zhao.lan 赵兰 14020020003 --role archivist || return
	for t in 'penalty 某超市销售过期食品案' 'penalty 某药店无证经营案' \
		'inspection 某餐馆卫生检查' 'penalty 某商店销售假冒商品案' \
		'penalty 某网吧接纳未成年人案'; do
		plain case-new --type "${t%% *}" --title "${t#* }" --party 某某有限公司 \
			--party-kind org --handler li.ming --handler wang.fang \
			--at "2026-09-01 09:30" >/dev/null || return
	done
	decided 2026-000001 --penalty warning --fine 5000 &&
		plain publish-export -q -A zhao.min >/dev/null &&
		plain case-log -q 2026-000002 --action decision -m 罚款五千元 &&
		decided 2026-000004 --fine 8000 || return
	for c in 1 2 3 4; do
		plain case-log -q 2026-00000$c --action closing -m 结案 || return
	done
}

# A decided case: a waiver, then the head's decision with the penalty $2...
decided() {
	local id=$1
	shift
	plain case-log -q "$id" --action waiver -m 当事人书面放弃陈述、申辩权利 &&
		plain case-log -q "$id" --action decision "$@" \
			--basis 《中华人民共和国食品安全法》第一百二十四条 \
			--facts 销售超过保质期的食品 -m 行政处罚决定书 -A zhou.qiang >/dev/null
}

setup() {
	setup_store closed_cases
	cd "$BATS_TEST_TMPDIR" || return
}
teardown() { teardown_store; }

seal() { CASETRAIL_OFFICER=zhao.lan archive-seal "$@"; }
db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }
conf() { printf '%s\n' "$@" >>"$CASETRAIL_STORE/casetrail.conf"; }
# The agency's table: penalties 10 years, but fines 30, a decision in
# words 10 (inspections closed with none have no row).
table() {
	printf '# 大同市商务局 文书档案保管期限表（经市档案局审批）\n' >"$CASETRAIL_STORE/retention.tsv"
	printf 'penalty\t*\t10y\npenalty\tfine\t30y\n*\tdecided\t10y\n' \
		>>"$CASETRAIL_STORE/retention.tsv" &&
		chmod 600 "$CASETRAIL_STORE/retention.tsv"
}
seal_line() { db "SELECT line FROM journal WHERE action = 'archive-seal' AND case_id = '$1'"; }

@test "the table's row gives the retention; the longest of those that match" {
	table
	conf 'archive.fonds = J012'
	run --separate-stderr seal 2026-000001 -o 1.tar
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(json_get "$(seal_line 2026-000001)" '$.body.retention')" 30y
	assert_equal "$(json_get "$(seal_line 2026-000001)" '$.body.archive_no')" J012-2026-D30-0001
	seal -q 2026-000002 -o 2.tar >/dev/null
	assert_equal "$(json_get "$(seal_line 2026-000002)" '$.body.retention')" 10y
	mkdir bag && bsdtar -xf 1.tar -C bag
	grep -qx 'Archive-Number: J012-2026-D30-0001' bag/bag-info.txt
	grep -qx 'Title: 某超市销售过期食品案' bag/bag-info.txt
	grep -qx 'Date-Filed: 2026-09-01' bag/bag-info.txt
	grep -qx 'Date-Closed: 2026-11-25' bag/bag-info.txt
	grep -qx 'Retention: 30y (D30)' bag/bag-info.txt
	grep -qx 'Classification: 非密' bag/bag-info.txt
	grep -qx '档号：J012-2026-D30-0001' bag/data/case.txt
	grep -qx '保管期限：30年' bag/data/case.txt
	run store-verify -q
	assert_success
}

@test "no matching row: sealed all the same, retention unset, said on stderr" {
	table
	conf 'archive.fonds = J012'
	run --separate-stderr seal 2026-000003 -o 3.tar
	assert_success
	assert_equal "$stderr" "archive-seal: warning: no row of retention.tsv matches case 2026-000003: sealed with its retention unset, and no archive number (archive-list --retention-unset)"
	line=$(seal_line 2026-000003)
	assert_equal "$(json_get "$line" '$.body.retention')" unset
	assert_equal "$(json_get "$line" '$.body.archive_no')" ""
	mkdir bag && bsdtar -xf 3.tar -C bag
	grep -qx 'Retention: unset' bag/bag-info.txt
	grep -qx 'Archive-Number: unset' bag/bag-info.txt
	# No table at all: the same, every case.
	rm "$CASETRAIL_STORE/retention.tsv"
	run --separate-stderr seal 2026-000001 -o 1.tar
	assert_success
	assert_equal "$(json_get "$(seal_line 2026-000001)" '$.body.retention')" unset
	run -0 archive-list --retention-unset
	assert_equal "$(cut -f1 <<<"$output" | tr '\n' ' ')" "2026-000001 2026-000003 "
}

@test "--again once the table has a row: the same archive, the retention kept, said" {
	seal -q 2026-000001 -o a.tar 2>/dev/null
	table
	run --separate-stderr seal --again 2026-000001 -o b.tar
	assert_success
	cmp a.tar b.tar
	assert_equal "$stderr" "archive-seal: warning: retention.tsv now gives case 2026-000001 30y; its seal keeps the unset it recorded: a sealed archive never changes"
	assert_equal "$(db "SELECT retention FROM seal")" unset
}

@test "archive numbers: items counted per fonds, year and retention in seal order" {
	table
	conf 'archive.fonds = J012'
	seal -q 2026-000002 -o 2.tar >/dev/null
	seal -q 2026-000004 -o 4.tar >/dev/null
	seal -q 2026-000001 -o 1.tar >/dev/null
	run -0 db "SELECT case_id, archive_no FROM seal ORDER BY seq"
	assert_output "2026-000002|J012-2026-D10-0001
2026-000004|J012-2026-D30-0001
2026-000001|J012-2026-D30-0002"
	run store-verify -q
	assert_success
}

@test "no archive.fonds: no number; a bad one refuses the seal (2), nothing recorded" {
	table
	seal -q 2026-000001 -o 1.tar >/dev/null
	assert_equal "$(db "SELECT retention, ifnull(archive_no, '-') FROM seal")" "30y|-"
	conf 'archive.fonds = 全宗/1'
	CASETRAIL_OFFICER=zhao.lan refuses 2 archive-seal 2026-000002 -o 2.tar
	assert_output --partial "archive.fonds is a fonds code of 1 to 16 letters and digits"
	[ ! -e 2.tar ] || fail "a refused seal left its archive"
}

@test "a bad retention table refuses the seal (2), naming its line; nothing recorded" {
	table
	printf 'penalty\tfine\t5y\n' >>"$CASETRAIL_STORE/retention.tsv"
	CASETRAIL_OFFICER=zhao.lan refuses 2 archive-seal 2026-000001 -o 1.tar
	assert_output "archive-seal: $CASETRAIL_STORE/retention.tsv:5: unknown retention '5y' (permanent, 30y or 10y)"
	table
	printf '*\tdecided\t30y\n' >>"$CASETRAIL_STORE/retention.tsv"
	CASETRAIL_OFFICER=zhao.lan refuses 2 archive-seal 2026-000001 -o 1.tar
	assert_output --partial "retention.tsv:5: case type * and outcome decided have a row already, line 4"
	printf 'civil\t*\t10y\n' >"$CASETRAIL_STORE/retention.tsv"
	CASETRAIL_OFFICER=zhao.lan refuses 2 archive-seal 2026-000001 -o 1.tar
	assert_output --partial "retention.tsv:1: unknown case type 'civil'"
	printf 'penalty 罚款 10y\n' >"$CASETRAIL_STORE/retention.tsv"
	CASETRAIL_OFFICER=zhao.lan refuses 2 archive-seal 2026-000001 -o 1.tar
	assert_output --partial "retention.tsv:1: a row is three fields"
	printf 'penalty\t罚款\t10y\n' >"$CASETRAIL_STORE/retention.tsv"
	CASETRAIL_OFFICER=zhao.lan refuses 2 archive-seal 2026-000001 -o 1.tar
	assert_output --partial "retention.tsv:1: unknown outcome '罚款'"
	# Unreadable: a system error (5).
	rm "$CASETRAIL_STORE/retention.tsv" && mkdir "$CASETRAIL_STORE/retention.tsv"
	CASETRAIL_OFFICER=zhao.lan refuses 5 archive-seal 2026-000001 -o 1.tar
}

@test "archive-list: every field, tsv, csv with a header, json" {
	table
	conf 'archive.fonds = J012'
	seal -q 2026-000001 -o 1.tar >/dev/null
	seal -q 2026-000003 -o 3.tar 2>/dev/null >/dev/null
	sum=$(sha256sum 1.tar | cut -c1-64)
	size=$(stat -c %s 1.tar)
	run -0 archive-list
	assert_line --index 0 "2026-000001	J012-2026-D30-0001	$sum	$size	30y	2026-09-01	2026-11-25	2026-11-25	2036	2056"
	assert_line --index 1 --regexp '^2026-000003		[0-9a-f]{64}	[0-9]+	unset	2026-09-01	2026-11-25	2026-11-25	2036	$'
	run -0 archive-list -H -f csv --bom
	assert_line --index 0 --partial $'\xef\xbb\xbfcase,archive_no,sha256,bytes,retention,filed,closed,sealed,transfer,appraisal'
	run -0 archive-list -f json
	assert_line --index 0 --partial '"archive_no":"J012-2026-D30-0001"'
	assert_line --index 1 --partial '"archive_no":null'
	assert_line --index 1 --partial '"appraisal":null'
}

@test "--transfer-due and --appraisal-due pick their year; archive.transfer-after moves it" {
	table
	seal -q 2026-000001 -o 1.tar >/dev/null
	seal -q 2026-000002 -o 2.tar >/dev/null
	run -0 archive-list --appraisal-due 2036
	assert_output --regexp '^2026-000002	'
	run -0 archive-list --appraisal-due 2056
	assert_output --regexp '^2026-000001	'
	run -0 archive-list --transfer-due 2036
	assert_equal "${#lines[@]}" 2
	run -0 archive-list --transfer-due 2031
	assert_output ""
	conf 'archive.transfer-after = 5'
	run -0 archive-list --transfer-due 2031
	assert_equal "${#lines[@]}" 2
	run archive-list --transfer-due 明年
	assert_failure 2
	assert_output "archive-list: --transfer-due takes a year, as 2036, not '明年'"
	run archive-list --appraisal-due 36
	assert_failure 2
}

@test "store-rebuild makes the seal table again; a row changed by hand is found" {
	table
	conf 'archive.fonds = J012'
	seal -q 2026-000001 -o 1.tar >/dev/null
	before=$(db "SELECT * FROM seal")
	run -0 store-rebuild -q
	assert_equal "$(db "SELECT * FROM seal")" "$before"
	db "UPDATE seal SET retention = 'permanent'"
	run store-verify -q
	assert_failure 1
	assert_output --partial "seal of case 2026-000001"
}

@test "store-verify replays the archive numbers: an item skipped is found" {
	table
	conf 'archive.fonds = J012'
	seal -q 2026-000004 -o 4.tar >/dev/null
	# A seal of case 1 numbered item 3 where 2 is next, its rows made to
	# match by hand: the replay, not the tables, finds it.  Its twin
	# numbered 2 is accepted.
	save
	forge_seal 0003
	caught "entry 29: archive number J012-2026-D30-0003 is not item 0002, the next of J012-2026-D30"
	restore
	forge_seal 0002
	accepted
}

# A forged seal of case 1 with item number $1, the tables as a writer
# would leave them.
forge_seal() {
	local zero
	zero=$(printf %064d 0)
	"$FORGE" -x "UPDATE cases SET status = 'sealed', last_seq = (SELECT max(seq) FROM journal) WHERE id = '2026-000001'" \
		-x "INSERT INTO seal SELECT case_id, seq, '2026-11-25T02:00:00Z', '$zero', 1, 'tar', '30y', 'J012-2026-D30-$1' FROM journal WHERE seq = (SELECT max(seq) FROM journal)" \
		zhao.lan 2026-000001 archive-seal closing \
		'{"at":"2026-11-25T02:00:00Z","sha256":"'"$zero"'","bytes":1,"format":"tar","tree_size":1,"retention":"30y","archive_no":"J012-2026-D30-'"$1"'"}' >/dev/null
}

@test "publication.jsonl: the publish entries of the case with their proofs; the summary says so" {
	seal -q 2026-000001 -o 1.tar 2>/dev/null
	mkdir bag && bsdtar -xf 1.tar -C bag && cd bag
	assert_equal "$(wc -l <data/publication.jsonl)" 1
	seq=$(json_get "$(cat data/publication.jsonl)" '$.seq')
	assert_equal "$(json_get "$(cat data/publication.jsonl)" '$.action')" publish
	store-verify -q --check-proof --against data/checkpoint.txt \
		<"data/proofs/$(printf %012d "$seq").txt"
	grep -q ' data/publication.jsonl$' manifest-sha256.txt
	grep -q '起公示' data/case.txt
	cd .. && run -0 archive-verify -q 1.tar
	# A case never published: an empty file, and the summary says so.
	seal -q 2026-000002 -o 2.tar 2>/dev/null
	mkdir b2 && bsdtar -xf 2.tar -C b2
	[ ! -s b2/data/publication.jsonl ] || fail "case 2 has publications"
	grep -qx '归档时未曾公示。' b2/data/case.txt
}

@test "publication.jsonl: a withdrawal of the case comes too, after its publication" {
	publish-withdraw -q -A zhao.min --because revoked --reason 原处罚决定已被撤销 2026-000001
	seal -q 2026-000001 -o 1.tar 2>/dev/null
	mkdir bag && bsdtar -xf 1.tar -C bag
	assert_equal "$(wc -l <bag/data/publication.jsonl)" 2
	assert_equal "$(json_get "$(sed -n 2p bag/data/publication.jsonl)" '$.action')" withdraw
	grep -q '撤回公示（revoked）：原处罚决定已被撤销$' bag/data/case.txt
	run -0 archive-verify -q 1.tar
}

@test "tampered: a byte of publication.jsonl fails integrity; with its manifests made again, the proof" {
	seal -q 2026-000001 -o 1.tar 2>/dev/null
	mkdir bag && bsdtar -xf 1.tar -C bag
	sed -i '1s/"publish"/"publisH"/' bag/data/publication.jsonl
	(cd bag && bsdtar -cf ../t.tar -- *)
	run archive-verify -q t.tar
	assert_failure 1
	assert_line --regexp '^integrity: FAILED: data/publication.jsonl does not match'
	# The manifests made again: the proof still says no.
	(cd bag && sed -i "s/^.*  data\/publication.jsonl\$/$(sha256sum data/publication.jsonl | cut -c1-64)  data\/publication.jsonl/" manifest-sha256.txt &&
		sed -i "s/^.*  manifest-sha256.txt\$/$(sha256sum manifest-sha256.txt | cut -c1-64)  manifest-sha256.txt/" tagmanifest-sha256.txt &&
		bsdtar -cf ../u.tar -- *)
	run archive-verify -q u.tar
	assert_failure 1
	assert_line 'integrity: FAILED: publication.jsonl line 1 is not the entry its proof proves'
}
