#!/usr/bin/env bats
# case-show: a case and its whole timeline; IDs as arguments or on stdin.
bats_require_minimum_version 1.5.0
load helper

setup() {
	setup_store new_case
	id=$made
}
teardown() { teardown_store; }

# A case with every field and a timeline from filing to closing.
full_case() {
	full=$(case-new --type penalty --title 某餐馆使用过期原料案 \
		--party 大同市某某餐饮有限公司 --party-kind org \
		--party-id 91140200MA0XXXXX1T --handler li.ming --handler wang.fang \
		--basis $'《食品安全法》第一百二十四条\n第一款第（三）项' \
		--at "2026-09-10 09:30")
	case-log -q "$full" --action inspection --officer li.ming --officer wang.fang \
		-m 现场检查，后厨发现过期原料 --at "2026-09-11 10:00" >/dev/null
	case-log -q "$full" --action inquiry --officer wang.fang --officer li.ming \
		-m $'询问\t负责人\r\n第二页' --at "2026-09-12 10:00" >/dev/null
	case-log "$full" --action decision -m '罚款"五千"元,没收原料' \
		--at "2026-10-08 15:00" >/dev/null
	case-log "$full" --action closing -m 结案 --at "2026-10-20 16:00" >/dev/null
}

@test "text by default: the case, then one line per entry" {
	full_case
	run case-show "$full"
	assert_success
	assert_output "$(cat <<-EOF
	2026-000002  penalty  closed  stage: closing
	title:     某餐馆使用过期原料案
	party:     大同市某某餐饮有限公司 (org, 91140200MA0XXXXX1T)
	handlers:  li.ming,wang.fang
	filed:     2026-09-10 09:30   decided: 2026-10-08 15:00   closed: 2026-10-20 16:00
	basis:     《食品安全法》第一百二十四条
	           第一款第（三）项
	flagged:   2 entries without the audio/video record the law asks for

	     6  2026-09-10 09:30  filing         case-new              li.ming      某餐馆使用过期原料案  recorded: 2026-11-25 10:00
	     7  2026-09-11 10:00  investigation  inspection            li.ming      现场检查，后厨发现过期原料  with: li.ming wang.fang  credentials: 14020020001 14020020002  recorded: 2026-11-25 10:00  [flagged: no audio/video]
	     8  2026-09-12 10:00  investigation  inquiry               li.ming      询问 负责人  第二页  with: wang.fang li.ming  credentials: 14020020002 14020020001  recorded: 2026-11-25 10:00  [flagged: no audio/video]
	     9  2026-10-08 15:00  decision       decision              li.ming      罚款"五千"元,没收原料  recorded: 2026-11-25 10:00
	    10  2026-10-20 16:00  closing        closing               li.ming      结案  recorded: 2026-11-25 10:00
	EOF
	)"
}

@test "text: an open case shows its deadline, and OVERDUE past it" {
	run case-show "$id"
	assert_line --index 4 "filed:     2026-09-01 09:30   decide by: 2026-11-30"
	CASETRAIL_NOW="2026-11-30 23:59" run case-show "$id"
	assert_line --index 4 "filed:     2026-09-01 09:30   decide by: 2026-11-30"
	CASETRAIL_NOW="2026-12-01 00:00" run case-show "$id"
	assert_line --index 4 "filed:     2026-09-01 09:30   decide by: 2026-11-30 (OVERDUE)"
}

@test "text: several cases are parted by a blank line" {
	other=$(new_case 某药店销售过期药品案)
	run case-show "$id" "$other"
	assert_success
	assert_line --index 0 "$id  penalty  open  stage: filing"
	assert_line --index 1 "title:     某超市销售过期食品案"
	assert_line --index 2 "party:     大同市某某超市有限公司 (org)"
	assert_line --index 3 "handlers:  li.ming,wang.fang"
	assert_output --partial "$(printf '某超市销售过期食品案  recorded: 2026-11-25 10:00\n\n%s  penalty  open' "$other")"
}

@test "tsv: one entry a line, escaped, with -H a header" {
	full_case
	run case-show -f tsv -H "$full"
	assert_success
	assert_output "$(printf '%s\n' \
		$'seq\tcase\tat\trecorded\tstage\taction\tofficer\tofficers\tcredentials\tevidence\tflags\ttext\tkey_reset\tkey_reset_by\tkey_reset_reason\tref\tname\tkind\tsize\tcollected\tlocation\tnote\tpenalty\tmajor\tnumber' \
		$'6\t2026-000002\t2026-09-10T09:30:00+08:00\t2026-11-25T10:00:00+08:00\tfiling\tcase-new\tli.ming\t\t\t\t\t某餐馆使用过期原料案\t\t\t\t\t\t\t\t\t\t\t\t\t' \
		$'7\t2026-000002\t2026-09-11T10:00:00+08:00\t2026-11-25T10:00:00+08:00\tinvestigation\tinspection\tli.ming\tli.ming,wang.fang\t14020020001,14020020002\t\tno-av\t现场检查，后厨发现过期原料\t\t\t\t\t\t\t\t\t\t\t\t\t' \
		$'8\t2026-000002\t2026-09-12T10:00:00+08:00\t2026-11-25T10:00:00+08:00\tinvestigation\tinquiry\tli.ming\twang.fang,li.ming\t14020020002,14020020001\t\tno-av\t询问\\t负责人\\r\\n第二页\t\t\t\t\t\t\t\t\t\t\t\t\t' \
		$'9\t2026-000002\t2026-10-08T15:00:00+08:00\t2026-11-25T10:00:00+08:00\tdecision\tdecision\tli.ming\t\t\t\t\t罚款"五千"元,没收原料\t\t\t\t\t\t\t\t\t\t\t\t\t' \
		$'10\t2026-000002\t2026-10-20T16:00:00+08:00\t2026-11-25T10:00:00+08:00\tclosing\tclosing\tli.ming\t\t\t\t\t结案\t\t\t\t\t\t\t\t\t\t\t\t\t')"
}

@test "tsv escapes a backslash, and one header serves several cases" {
	case-log "$id" --action note -m 'C:\证据\照片' --at 2026-09-02 >/dev/null
	other=$(new_case 某药店销售过期药品案)
	run case-show -H -f tsv "$id" "$other"
	assert_success
	assert_equal "${#lines[@]}" 4
	assert_line --index 0 --partial $'seq\tcase\t'
	assert_line --index 2 --partial $'\tnote\tli.ming\t\t\t\t\tC:\\\\证据\\\\照片'
	assert_line --index 3 --partial "$(printf '\t%s\t' "$other")"
}

@test "csv: RFC 4180 quoting with a header and CRLF, --bom first" {
	full_case
	case-show -f csv --bom "$full" >"$BATS_TEST_TMPDIR/out.csv"
	{
		printf '\xef\xbb\xbf'
		printf '%s\r\n' \
			'seq,case,at,recorded,stage,action,officer,officers,credentials,evidence,flags,text,key_reset,key_reset_by,key_reset_reason,ref,name,kind,size,collected,location,note,penalty,major,number' \
			'6,2026-000002,2026-09-10T09:30:00+08:00,2026-11-25T10:00:00+08:00,filing,case-new,li.ming,,,,,某餐馆使用过期原料案,,,,,,,,,,,,,' \
			'7,2026-000002,2026-09-11T10:00:00+08:00,2026-11-25T10:00:00+08:00,investigation,inspection,li.ming,"li.ming,wang.fang","14020020001,14020020002",,no-av,现场检查，后厨发现过期原料,,,,,,,,,,,,,' \
			$'8,2026-000002,2026-09-12T10:00:00+08:00,2026-11-25T10:00:00+08:00,investigation,inquiry,li.ming,"wang.fang,li.ming","14020020002,14020020001",,no-av,"询问\t负责人\r\n第二页",,,,,,,,,,,,,' \
			'9,2026-000002,2026-10-08T15:00:00+08:00,2026-11-25T10:00:00+08:00,decision,decision,li.ming,,,,,"罚款""五千""元,没收原料",,,,,,,,,,,,,' \
			'10,2026-000002,2026-10-20T16:00:00+08:00,2026-11-25T10:00:00+08:00,closing,closing,li.ming,,,,,结案,,,,,,,,,,,,,'
	} >"$BATS_TEST_TMPDIR/want.csv"
	cmp "$BATS_TEST_TMPDIR/want.csv" "$BATS_TEST_TMPDIR/out.csv"
	# A CSV reader gets the texts back whole.
	tail -c +4 "$BATS_TEST_TMPDIR/out.csv" >"$BATS_TEST_TMPDIR/plain.csv"
	run sqlite3 :memory: ".import --csv $BATS_TEST_TMPDIR/plain.csv t" \
		"SELECT count(*), sum(text = '罚款\"五千\"元,没收原料') FROM t"
	assert_output "5|1"
}

@test "json: one object per case, its timeline inside" {
	full_case
	run case-show -f json "$id" "$full"
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_json_lines "$output"
	assert_equal "$(json_get "${lines[0]}" '$.id')" "$id"
	assert_equal "$(json_get "${lines[0]}" '$.decided')" ""
	assert_equal "$(json_get "${lines[0]}" '$.timeline[0].action')" case-new
	line=${lines[1]}
	assert_equal "$(json_get "$line" '$.id')" 2026-000002
	assert_equal "$(json_get "$line" '$.type')" penalty
	assert_equal "$(json_get "$line" '$.status')" closed
	assert_equal "$(json_get "$line" '$.stage')" closing
	assert_equal "$(json_get "$line" '$.party_id')" 91140200MA0XXXXX1T
	assert_equal "$(json_get "$line" '$.basis')" $'《食品安全法》第一百二十四条\n第一款第（三）项'
	assert_equal "$(json_get "$line" '$.filed')" 2026-09-10T09:30:00+08:00
	assert_equal "$(json_get "$line" '$.decided')" 2026-10-08T15:00:00+08:00
	assert_equal "$(json_get "$line" '$.closed')" 2026-10-20T16:00:00+08:00
	assert_equal "$(json_get "$line" '$.deadline')" 2026-12-09
	assert_equal "$(json_get "$line" '$.flags')" 2
	assert_equal "$(json_get "$line" '$.handlers')" li.ming,wang.fang
	assert_equal "$(sqlite3 :memory: "SELECT json_array_length('${line//\'/\'\'}', '\$.timeline')")" 5
	assert_equal "$(json_get "$line" '$.timeline[1].officers')" '["li.ming","wang.fang"]'
	assert_equal "$(json_get "$line" '$.timeline[1].credentials')" '["14020020001","14020020002"]'
	assert_equal "$(json_get "$line" '$.timeline[2].officers')" '["wang.fang","li.ming"]'
	assert_equal "$(json_get "$line" '$.timeline[2].credentials')" '["14020020002","14020020001"]'
	assert_equal "$(json_get "$line" '$.timeline[0].credentials')" '[]'
	assert_equal "$(json_get "$line" '$.timeline[1].flags[0]')" no-av
	assert_equal "$(json_get "$line" '$.timeline[2].text')" $'询问\t负责人\r\n第二页'
	assert_equal "$(json_get "$line" '$.timeline[3].text')" '罚款"五千"元,没收原料'
}

# Three items of the case in $id, added on 2026-11-25 at 10:00: a photo
# with when, where and by whom it was collected and a note, a video of
# 2.5 MiB and a signature of one byte of which only the file is known;
# $photo, $video and $sig are their IDs.
add_items() {
	cd "$BATS_TEST_TMPDIR" || return
	printf '货架上的过期食品' >货架照片.jpg
	head -c $((5 << 19)) /dev/zero >执法记录仪.mp4
	printf x >签字.txt
	photo=$(evidence-add "$id" 货架照片.jpg --kind photo \
		--collected-at "2026-09-02 10:15" --location 大同市平城区某超市 \
		--note $'第三层货架\n左侧' --officer li.ming --officer wang.fang | cut -f1)
	video=$(evidence-add "$id" 执法记录仪.mp4 --kind video | cut -f1)
	sig=$(evidence-add "$id" 签字.txt --kind document | cut -f1)
}

@test "text: an evidence-add entry shows the file's name, kind, ID, size and collection time" {
	add_items
	run case-show "$id"
	assert_success
	assert_equal "${#lines[@]}" 9
	assert_line --index 6 "     6  2026-11-25 10:00  filing         evidence-add          li.ming      货架照片.jpg (photo, 24 bytes)  collected: 2026-09-02 10:15  location: 大同市平城区某超市  note: 第三层货架 左侧  with: li.ming wang.fang  evidence: $photo"
	assert_line --index 7 "     7  2026-11-25 10:00  filing         evidence-add          li.ming      执法记录仪.mp4 (video, 2.5 MiB)  evidence: $video"
	assert_line --index 8 "     8  2026-11-25 10:00  filing         evidence-add          li.ming      签字.txt (document, 1 byte)  evidence: $sig"
	# The ID shown is the one evidence-cat takes.
	run bash -c "case-show $id | sed -n 's/.*evidence: //p' | head -n 1 | evidence-cat"
	assert_success
	assert_output 货架上的过期食品
}

@test "tsv, csv and json: an evidence-add entry's item in its own fields, its ID in evidence" {
	add_items
	run bash -c "case-show -f tsv -H $id | cut -f1,6,10,12,16-22"
	assert_success
	assert_output "$(printf '%s\n' \
		$'seq\taction\tevidence\ttext\tref\tname\tkind\tsize\tcollected\tlocation\tnote' \
		$'5\tcase-new\t\t某超市销售过期食品案\t\t\t\t\t\t\t' \
		"6"$'\tevidence-add\t'"$photo"$'\t\t\t货架照片.jpg\tphoto\t24\t2026-09-02T10:15:00+08:00\t大同市平城区某超市\t第三层货架\\n左侧' \
		"7"$'\tevidence-add\t'"$video"$'\t\t\t执法记录仪.mp4\tvideo\t2621440\t\t\t' \
		"8"$'\tevidence-add\t'"$sig"$'\t\t\t签字.txt\tdocument\t1\t\t\t')"
	# A CSV reader gets each item's fields back whole.
	case-show -f csv "$id" >"$BATS_TEST_TMPDIR/out.csv"
	run sqlite3 -separator / :memory: ".import --csv $BATS_TEST_TMPDIR/out.csv t" \
		"SELECT seq, name, kind, size, collected, location, note, evidence = '$photo'
		    FROM t WHERE action = 'evidence-add' ORDER BY 0 + seq"
	assert_output "$(printf '%s\n' \
		$'6/货架照片.jpg/photo/24/2026-09-02T10:15:00+08:00/大同市平城区某超市/第三层货架\n左侧/1' \
		'7/执法记录仪.mp4/video/2621440////0' '8/签字.txt/document/1////0')"
	run case-show -f json "$id"
	assert_success
	assert_equal "$(json_get "$output" '$.timeline[1].evidence')" "[\"$photo\"]"
	assert_equal "$(json_get "$output" '$.timeline[1].name')" 货架照片.jpg
	assert_equal "$(json_get "$output" '$.timeline[1].kind')" photo
	assert_equal "$(json_get "$output" '$.timeline[1].collected')" 2026-09-02T10:15:00+08:00
	assert_equal "$(json_get "$output" '$.timeline[1].location')" 大同市平城区某超市
	assert_equal "$(json_get "$output" '$.timeline[1].note')" $'第三层货架\n左侧'
	assert_equal "$(json_get "$output" '$.timeline[1].officers')" '["li.ming","wang.fang"]'
	assert_equal "$(json_get "$output" '$.timeline[2].size')" 2621440
	# A size is a number; absent, it is null, as every absent field.
	run sqlite3 :memory: "SELECT json_type(j, '\$.timeline[2].size'),
	    json_type(j, '\$.timeline[2].collected'), json_type(j, '\$.timeline[0].size'),
	    json_type(j, '\$.timeline[0].name') FROM (SELECT '${output//\'/\'\'}' AS j)"
	assert_output "integer|null|null|null"
}

@test "json: a timeline entry has the keys of a tsv record but its case" {
	add_items
	header=$(case-show -f tsv -H "$id" | head -n 1 | tr '\t' '\n' | grep -vx case | sort)
	json=$(case-show -f json "$id")
	for k in 0 1; do
		run sqlite3 :memory: "SELECT key FROM json_each(json_extract(
		    '${json//\'/\'\'}', '\$.timeline[$k]')) ORDER BY key"
		assert_output "$header"
	done
}

@test "every entry shows when it happened and, where different, when it was recorded" {
	case-log -q "$id" --action note -m 当场记录 >/dev/null
	case-log -q "$id" --action note -m 同一分钟 --at "2026-11-25 10:00:40" >/dev/null
	case-log -q "$id" --action note -m 事后补记 --at "2026-11-24 16:20" >/dev/null
	printf '{"case":"%s","action":"note","text":"旧系统记录","at":"2026-09-03 08:05"}\n' "$id" |
		CASETRAIL_NOW="2026-11-25 10:30" case-log -q --import
	run case-show "$id"
	assert_success
	assert_line --index 5 "     5  2026-09-01 09:30  filing         case-new              li.ming      某超市销售过期食品案  recorded: 2026-11-25 10:00"
	assert_line --index 6 "     6  2026-11-25 10:00  filing         note                  li.ming      当场记录"
	# Within the minute shown, the two times are one.
	assert_line --index 7 "     7  2026-11-25 10:00  filing         note                  li.ming      同一分钟"
	assert_line --index 8 "     8  2026-11-24 16:20  filing         note                  li.ming      事后补记  recorded: 2026-11-25 10:00"
	assert_line --index 9 "     9  2026-09-03 08:05  filing         note                  li.ming      旧系统记录  recorded: 2026-11-25 10:30"
	# The records have both times of every entry, to the second.
	run bash -c "case-show -f tsv $id | cut -f1,3,4"
	assert_output "$(printf '%s\n' \
		$'5\t2026-09-01T09:30:00+08:00\t2026-11-25T10:00:00+08:00' \
		$'6\t2026-11-25T10:00:00+08:00\t2026-11-25T10:00:00+08:00' \
		$'7\t2026-11-25T10:00:40+08:00\t2026-11-25T10:00:00+08:00' \
		$'8\t2026-11-24T16:20:00+08:00\t2026-11-25T10:00:00+08:00' \
		$'9\t2026-09-03T08:05:00+08:00\t2026-11-25T10:30:00+08:00')"
}

@test "text: a party is shown with its kind and ID, or with what it has of them" {
	none=$(case-new --type penalty --title 某摊贩占道经营案 --party 王某某 --at "2026-09-01 09:30")
	only_id=$(case-new --type penalty --title 某摊贩无证经营案 --party 赵某某 \
		--party-id 140202199001011234 --at "2026-09-01 09:30")
	nobody=$(case-new --type inspection --title 双随机抽查 --at "2026-09-01 09:30")
	run case-show "$none"
	assert_success
	assert_line --index 2 "party:     王某某"
	run case-show "$only_id"
	assert_line --index 2 "party:     赵某某 (140202199001011234)"
	run case-show "$id"
	assert_line --index 2 "party:     大同市某某超市有限公司 (org)"
	# A case without a party has no party line.
	run case-show "$nobody"
	assert_line --index 1 "title:     双随机抽查"
	assert_line --index 2 "handlers:  li.ming"
	run case-show "$none" "$only_id" "$nobody"
	refute_output --partial "(party"
	run case-show -f json "$none"
	assert_equal "$(sqlite3 :memory: "SELECT json_type('${output//\'/\'\'}', '\$.party_kind')")" null
}

@test "an entry imported with a ref shows it" {
	printf '%s\n' \
		"{\"case\":\"$id\",\"action\":\"note\",\"text\":\"督办通知\",\"at\":\"2026-09-03 08:05\",\"ref\":\"ZF-20260903-0007\"}" \
		"{\"case\":\"$id\",\"action\":\"note\",\"text\":\"无编号\",\"at\":\"2026-09-04 08:05\"}" |
		case-log -q --import
	run case-show "$id"
	assert_line --index 6 "     6  2026-09-03 08:05  filing         note                  li.ming      督办通知  ref: ZF-20260903-0007  recorded: 2026-11-25 10:00"
	assert_line --index 7 "     7  2026-09-04 08:05  filing         note                  li.ming      无编号  recorded: 2026-11-25 10:00"
	run bash -c "case-show -f tsv -H $id | cut -f1,12,16"
	assert_output "$(printf '%s\n' $'seq\ttext\tref' $'5\t某超市销售过期食品案\t' \
		$'6\t督办通知\tZF-20260903-0007' $'7\t无编号\t')"
	run case-show -f json "$id"
	assert_equal "$(json_get "$output" '$.timeline[1].ref')" ZF-20260903-0007
	assert_equal "$(sqlite3 :memory: "SELECT json_type('${output//\'/\'\'}', '\$.timeline[2].ref')")" null
}

# wang.fang's entries around two resets of his key by li.ming and his own
# rotation; $before, $reset1, $mine, $rotated, $reset2 are their numbers.
resets() {
	before=$(CASETRAIL_OFFICER=wang.fang case-log "$id" --action note -m 重置之前)
	CASETRAIL_NOW="2026-11-25 11:00" officer-key --reset wang.fang \
		--reason 执法记录仪丢失，密钥随之遗失 >/dev/null
	reset1=$(CASETRAIL_NOW="2026-11-25 11:30" CASETRAIL_OFFICER=wang.fang \
		case-log "$id" --action note -m 重置之后)
	mine=$(CASETRAIL_NOW="2026-11-25 11:40" case-log "$id" --action note -m 李明的记录)
	CASETRAIL_NOW="2026-11-25 12:00" CASETRAIL_OFFICER=wang.fang \
		officer-key --rotate >/dev/null
	rotated=$(CASETRAIL_NOW="2026-11-25 12:30" CASETRAIL_OFFICER=wang.fang \
		case-log "$id" --action note -m 轮换之后)
	CASETRAIL_NOW="2026-11-25 13:00" officer-key --reset wang.fang \
		--reason 再次遗失 >/dev/null
	reset2=$(CASETRAIL_NOW="2026-11-25 13:30" CASETRAIL_OFFICER=wang.fang \
		case-log "$id" --action note -m 第二次重置之后)
	export CASETRAIL_NOW="2026-11-25 14:00"
}

@test "text: an entry signed with a key an admin reset names the reset" {
	resets
	run case-show "$id"
	assert_success
	assert_line --index 6 "$(printf '%6d  %s' "$before" '2026-11-25 10:00  filing         note                  wang.fang    重置之前')"
	assert_line --index 7 "$(printf '%6d  %s' "$reset1" '2026-11-25 11:30  filing         note                  wang.fang    重置之后  [key reset 2026-11-25 11:00 by li.ming: 执法记录仪丢失，密钥随之遗失]')"
	assert_line --index 8 "$(printf '%6d  %s' "$mine" '2026-11-25 11:40  filing         note                  li.ming      李明的记录')"
	assert_line --index 9 "$(printf '%6d  %s' "$rotated" '2026-11-25 12:30  filing         note                  wang.fang    轮换之后')"
	assert_line --index 10 "$(printf '%6d  %s' "$reset2" '2026-11-25 13:30  filing         note                  wang.fang    第二次重置之后  [key reset 2026-11-25 13:00 by li.ming: 再次遗失]')"
	assert_equal "${#lines[@]}" 11
	run store-verify -q
	assert_success
}

@test "tsv, csv and json: the reset in three fields, empty for other entries" {
	resets
	run bash -c "case-show -f tsv -H $id | cut -f1,7,12-15"
	assert_output "$(printf '%s\n' \
		$'seq\tofficer\ttext\tkey_reset\tkey_reset_by\tkey_reset_reason' \
		$'5\tli.ming\t某超市销售过期食品案\t\t\t' \
		"$before"$'\twang.fang\t重置之前\t\t\t' \
		"$reset1"$'\twang.fang\t重置之后\t2026-11-25T11:00:00+08:00\tli.ming\t执法记录仪丢失，密钥随之遗失' \
		"$mine"$'\tli.ming\t李明的记录\t\t\t' \
		"$rotated"$'\twang.fang\t轮换之后\t\t\t' \
		"$reset2"$'\twang.fang\t第二次重置之后\t2026-11-25T13:00:00+08:00\tli.ming\t再次遗失')"
	run bash -c "case-show -f csv $id | cut -d, -f1,7,12-15 | tr -d '\r'"
	assert_line --index 2 "$before,wang.fang,重置之前,,,"
	assert_line --index 3 "$reset1,wang.fang,重置之后,2026-11-25T11:00:00+08:00,li.ming,执法记录仪丢失，密钥随之遗失"
	assert_line --index 4 "$mine,li.ming,李明的记录,,,"
	run case-show -f json "$id"
	assert_success
	for k in 0 1 3 4; do
		assert_equal "$(json_get "$output" "\$.timeline[$k].key_reset")" ""
		assert_equal "$(json_get "$output" "\$.timeline[$k].key_reset_by")" ""
	done
	assert_equal "$(json_get "$output" '$.timeline[2].key_reset')" 2026-11-25T11:00:00+08:00
	assert_equal "$(json_get "$output" '$.timeline[2].key_reset_by')" li.ming
	assert_equal "$(json_get "$output" '$.timeline[2].key_reset_reason')" 执法记录仪丢失，密钥随之遗失
	assert_equal "$(json_get "$output" '$.timeline[5].key_reset')" 2026-11-25T13:00:00+08:00
	assert_equal "$(json_get "$output" '$.timeline[5].key_reset_reason')" 再次遗失
	# Absent is null, not an empty text.
	assert_equal "$(sqlite3 :memory: "SELECT json_type('${output//\'/\'\'}', '\$.timeline[1].key_reset')")" null
}

@test "IDs come from stdin when none is given, or where - stands" {
	other=$(new_case 某药店销售过期药品案)
	third=$(new_case 某餐馆无证经营案)
	run bash -c "printf '%s\n\n%s\r\n' $id $third | case-show -f json | cut -c1-20"
	assert_success
	assert_output "$(printf '{"id":"%s",\n' "$id" "$third")"
	run bash -c "printf '%s\n' $other | case-show -f json $third - $id | cut -c1-20"
	assert_output "$(printf '{"id":"%s",\n' "$third" "$other" "$id")"
}

@test "the open cases go down a pipe from case-list" {
	other=$(new_case 某药店销售过期药品案)
	case-log "$other" --action closing -m 结案 >/dev/null
	third=$(new_case 某餐馆无证经营案)
	run bash -c 'case-list --status open | case-show | grep "^20"'
	assert_success
	assert_output "$(printf '%s\n' "$id  penalty  open  stage: filing" \
		"$third  penalty  open  stage: filing")"
}

@test "an unknown case is not found (4), and the good ones are still shown" {
	other=$(new_case 某药店销售过期药品案)
	run --separate-stderr case-show -f tsv "$id" 2026-000099 "$other"
	assert_failure 4
	assert_equal "$stderr" "case-show: cannot find case '2026-000099'"
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --partial $'\t'"$id"$'\t'
	assert_line --index 1 --partial $'\t'"$other"$'\t'
	run --separate-stderr bash -c "printf '%s\n' 2026-000099 $id | case-show -f json"
	assert_failure 4
	assert_equal "$stderr" "case-show: cannot find case '2026-000099'"
	assert_equal "$(json_get "$output" '$.id')" "$id"
}

@test "a bad case ID is a usage error (2), the good ones are still shown" {
	run --separate-stderr case-show -f tsv 案件一 "$id"
	assert_failure 2
	assert_equal "$stderr" "case-show: bad case ID '案件一' (like 2026-000042)"
	assert_line --index 0 --partial $'\t'"$id"$'\t'
	refuses 2 case-show 2026-1
	assert_output "case-show: bad case ID '2026-1' (like 2026-000042)"
}

@test "no IDs on stdin show nothing" {
	run case-show </dev/null
	assert_success
	assert_output ""
}

@test "a missing store is not found (4)" {
	run case-show -S "$BATS_TEST_TMPDIR/none" "$id"
	assert_failure 4
	assert_output "case-show: no store at $BATS_TEST_TMPDIR/none (officer-add creates one)"
	[ ! -e "$BATS_TEST_TMPDIR/none" ]
}

@test "an unknown format is a usage error (2)" {
	refuses 2 case-show -f html "$id"
	assert_output "case-show: unknown format 'html' (formats: text tsv csv json)"
}

@test "an unknown option is a usage error (2)" {
	refuses_usage "case-show: unrecognized option '--timeline'" case-show --timeline "$id"
	refuses_usage "case-show: invalid option -- 'x'" case-show -x "$id"
}

@test "a store directory that is a file is refused (5)" {
	touch "$BATS_TEST_TMPDIR/file"
	refuses 5 case-show -S "$BATS_TEST_TMPDIR/file" "$id"
	assert_output "case-show: store $BATS_TEST_TMPDIR/file is not a directory"
}

@test "a store from a newer schema version is refused (5)" {
	sqlite3 "$CASETRAIL_STORE/store.db" 'PRAGMA user_version=99'
	refuses 5 case-show "$id"
	assert_output --regexp "^case-show: store $CASETRAIL_STORE has schema version 99, newer than this casetrail's [0-9]+: upgrade casetrail$"
}

@test "-h prints the usage and -V the version" {
	run case-show -h
	assert_success
	assert_line --index 0 "usage: case-show [-Hq] [-S dir] [-f format] [--bom] [case ...]"
	run case-show -V
	assert_success
	assert_output --regexp '^case-show \(casetrail\) [0-9.]+$'
}
