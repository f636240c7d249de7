#!/usr/bin/env bats
# case-log: one journal entry for a case, or --import of many in one
# transaction.
bats_require_minimum_version 1.5.0
load helper

setup() {
	setup_store new_case
	id=$made
}
teardown() { teardown_store; }

# Field $2 (1-based) of the case's line in case-list.
case_field() {
	case-list | awk -F'\t' -v id="$1" -v f="$2" '$1 == id { print $f }'
}

# The entries of a case as "seq stage action officer officers text" lines.
timeline() {
	case-show -f tsv "$1" | cut -f1,5,6,7,8,12
}

checkpoints() {
	sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT count(*) FROM checkpoint'
}

@test "one entry: prints its number and records every field" {
	run --separate-stderr case-log "$id" --action inspection --officer li.ming \
		--officer wang.fang -m 现场检查，发现货架上有过期食品 --at "2026-09-02 10:00"
	assert_success
	assert_output 6
	json=$(case-show -f json "$id")
	assert_equal "$(json_get "$json" '$.timeline[1].seq')" 6
	assert_equal "$(json_get "$json" '$.timeline[1].action')" inspection
	assert_equal "$(json_get "$json" '$.timeline[1].stage')" investigation
	assert_equal "$(json_get "$json" '$.timeline[1].officer')" li.ming
	assert_equal "$(json_get "$json" '$.timeline[1].officers')" '["li.ming","wang.fang"]'
	assert_equal "$(json_get "$json" '$.timeline[1].credentials')" '["14020020001","14020020002"]'
	assert_equal "$(json_get "$json" '$.timeline[1].evidence')" '[]'
	assert_equal "$(json_get "$json" '$.timeline[1].text')" 现场检查，发现货架上有过期食品
	assert_equal "$(json_get "$json" '$.timeline[1].at')" 2026-09-02T10:00:00+08:00
	assert_equal "$(json_get "$json" '$.timeline[1].recorded')" 2026-11-25T10:00:00+08:00
	assert_equal "$(case_field "$id" 4)" investigation
}

@test "each action goes to its stage, and --stage overrides it" {
	run case-log "$id" --action note --stage evidence -m 调取监控录像
	assert_success
	assert_equal "$(case_field "$id" 4)" evidence
	run case-log "$id" --action inquiry --stage evidence --officer li.ming \
		--officer wang.fang -m 补充询问
	assert_success
	run case-log "$id" --action evidence-collection --officer li.ming \
		--officer wang.fang -m 提取样品
	assert_success
	run case-log "$id" --action notice -m 送达行政处罚事先告知书
	assert_success
	run timeline "$id"
	assert_output "$(printf '%s\n' \
		$'5\tfiling\tcase-new\tli.ming\t\t某超市销售过期食品案' \
		$'6\tevidence\tnote\tli.ming\t\t调取监控录像' \
		$'7\tevidence\tinquiry\tli.ming\tli.ming,wang.fang\t补充询问' \
		$'8\tevidence\tevidence-collection\tli.ming\tli.ming,wang.fang\t提取样品' \
		$'9\tdecision\tnotice\tli.ming\t\t送达行政处罚事先告知书')"
	assert_equal "$(case_field "$id" 4)" decision
}

@test "a note stays in the case's stage" {
	case-log "$id" --action inquiry --officer li.ming --officer wang.fang -m 询问 \
		--at "2026-09-03 10:00" 2>/dev/null
	run case-log "$id" --action note -m 当事人请求延期
	assert_success
	run bash -c "case-show -f tsv $id | tail -1 | cut -f5"
	assert_output investigation
	assert_equal "$(case_field "$id" 4)" investigation
	run store-verify
	assert_success
}

@test "status goes open, decided, closed with the decision and the closing" {
	assert_equal "$(case_field "$id" 3)" open
	run case-log "$id" --action decision -m 罚款五千元，没收过期食品 --at "2026-10-08 15:00"
	assert_success
	assert_equal "$(case_field "$id" 3)" decided
	assert_equal "$(case_field "$id" 4)" decision
	assert_equal "$(case_field "$id" 7)" 37
	run case-log "$id" --action service -m 直接送达 --at "2026-10-09 09:00" -q
	assert_success
	assert_equal "$(case_field "$id" 3)" decided
	run case-log "$id" --action closing -m 罚款已缴清，结案 --at "2026-10-20 16:00"
	assert_success
	json=$(case-show -f json "$id")
	assert_equal "$(json_get "$json" '$.status')" closed
	assert_equal "$(json_get "$json" '$.stage')" closing
	assert_equal "$(json_get "$json" '$.decided')" 2026-10-08T15:00:00+08:00
	assert_equal "$(json_get "$json" '$.closed')" 2026-10-20T16:00:00+08:00
}

@test "a case is decided once: a second decision is refused (3), a decision-change needs its reason" {
	case-log -q "$id" --action decision -m 罚款五千元
	refuses 3 case-log "$id" --action decision -m 罚款八千元
	assert_output "case-log: case '$id' is decided already: a changed decision is a decision-change, with its reason"
	refuses 2 case-log "$id" --action decision-change
	assert_output "case-log: a decision-change needs its reason (-m)"
	run case-log "$id" --action decision-change -m 复议决定变更为罚款三千元
	assert_success
	assert_equal "$(case_field "$id" 3)" decided
	run store-verify -q
	assert_success
}

@test "a decision-change needs a decision to change (3)" {
	refuses 3 case-log "$id" --action decision-change -m 变更
	assert_output "case-log: case '$id' is open: there is no decision to change"
}

@test "only a closing moves a case to the closing stage (3)" {
	case-log -q "$id" --action decision -m 罚款五千元
	refuses 3 case-log "$id" --action note --stage closing -m 归档
	assert_output "case-log: case '$id' is decided: only a closing moves it to the closing stage"
	case-log -q "$id" --action closing -m 结案
	run case-log "$id" --action note --stage closing -m 归档说明
	assert_success
	assert_equal "$(case_field "$id" 3) $(case_field "$id" 4)" "closed closing"
}

@test "a closed case refuses everything but a note (3)" {
	case-log "$id" --action closing -m 不予处罚，结案 --at "2026-10-20 16:00" >/dev/null
	for action in hearing decision closing execution inspection; do
		refuses 3 case-log "$id" --action "$action" -m 补记
		assert_output "case-log: case '$id' is closed (only a note can be added)"
	done
	run case-log "$id" --action note -m 归档前补充说明
	assert_success
	assert_output 7
	assert_equal "$(case_field "$id" 3)" closed
}

@test "an action that needs audio or video is flagged on stderr, -q silences it" {
	run --separate-stderr case-log "$id" --action inquiry --officer li.ming \
		--officer wang.fang -m 询问当事人
	assert_success
	assert_output 6
	assert_equal "$stderr" "case-log: $id: inquiry needs an audio or video record and has none (flagged)"
	run --separate-stderr case-log -q "$id" --action hearing -m 举行听证
	assert_success
	assert_output 7
	assert_equal "$stderr" ""
	run --separate-stderr case-log "$id" --action notice -m 告知
	assert_equal "$stderr" ""
	assert_equal "$(case_field "$id" 8)" 2
	run bash -c "case-show -f tsv $id | cut -f1,11"
	assert_output "$(printf '%s\n' $'5\t' $'6\tno-av' $'7\tno-av' $'8\t')"
}

@test "--evidence of audio or video keeps an entry from being flagged, a photo does not" {
	command -v evidence-add >/dev/null || skip "evidence-add is not built"
	printf '询问录像' >"$BATS_TEST_TMPDIR/询问录像.mp4"
	printf '现场照片' >"$BATS_TEST_TMPDIR/现场照片.jpg"
	video=$(evidence-add "$id" "$BATS_TEST_TMPDIR/询问录像.mp4" --kind video | cut -f1)
	photo=$(evidence-add "$id" "$BATS_TEST_TMPDIR/现场照片.jpg" --kind photo | cut -f1)
	run --separate-stderr case-log "$id" --action inquiry --officer li.ming \
		--officer wang.fang --evidence "$video" -m 询问
	assert_success
	assert_equal "$stderr" ""
	run --separate-stderr case-log "$id" --action inspection --officer li.ming \
		--officer wang.fang --evidence "$photo" --evidence "$video" -m 检查
	assert_equal "$stderr" ""
	run --separate-stderr case-log "$id" --action inspection --officer li.ming \
		--officer wang.fang --evidence "$photo" -m 复查
	assert_equal "$stderr" "case-log: $id: inspection needs an audio or video record and has none (flagged)"
	printf '%s\n' "{\"case\":\"$id\",\"action\":\"hearing\",\"evidence\":[\"$video\"],\"text\":\"听证\"}" |
		case-log --import
	printf '%s\tstatement\t\t\t\t%s,%s\t陈述\n' "$id" "$photo" "$video" |
		case-log --import
	run bash -c "case-show -f tsv $id | tail -5 | cut -f6,10,11"
	assert_output "$(printf '%s\n' $'inquiry\t'"$video"$'\t' \
		$'inspection\t'"$photo,$video"$'\t' \
		$'inspection\t'"$photo"$'\tno-av' \
		$'hearing\t'"$video"$'\t' \
		$'statement\t'"$photo,$video"$'\t')"
	assert_equal "$(case_field "$id" 8)" 1
}

@test "--officer names the officers present, as many as were there" {
	officer-add zhao.lei --name 赵磊 --credential 3 --valid-until 2030-12-31 >/dev/null
	run case-log "$id" --action inspection --officer wang.fang --officer zhao.lei \
		-m 两名执法人员出示证件后检查 -q
	assert_success
	run bash -c "case-show -f tsv $id | tail -1 | cut -f8"
	assert_output wang.fang,zhao.lei
}

@test "-F FILE and -F - give the text, with its lines and without the last newline" {
	printf '询问笔录：\n问：你是否知道这批食品已过期？\n答：不知道。\n' >"$BATS_TEST_TMPDIR/笔录.txt"
	run case-log -q "$id" --action inquiry --officer li.ming --officer wang.fang \
		-F "$BATS_TEST_TMPDIR/笔录.txt"
	assert_success
	printf '陈述申辩意见\t当事人承认违法事实\\请求从轻\n' |
		case-log "$id" --action statement -F - -q >/dev/null
	run bash -c "case-show -f tsv $id | cut -f12"
	assert_line --index 1 '询问笔录：\n问：你是否知道这批食品已过期？\n答：不知道。'
	assert_line --index 2 '陈述申辩意见\t当事人承认违法事实\\请求从轻'
	assert_equal "$(json_get "$(case-show -f json "$id")" '$.timeline[1].text')" \
		$'询问笔录：\n问：你是否知道这批食品已过期？\n答：不知道。'
}

@test "--at takes RFC 3339 with Z or an offset, a date, and a date with time" {
	case-log "$id" --action note -m 一 --at 2026-09-02T02:00:00Z >/dev/null
	case-log "$id" --action note -m 二 --at 2026-09-02T10:00:00+08:00 >/dev/null
	case-log "$id" --action note -m 三 --at 2026-09-03 >/dev/null
	case-log "$id" --action note -m 四 --at "2026-09-04 14:30" >/dev/null
	case-log "$id" --action note -m 五 --at 2026-09-05T08:15 >/dev/null
	run bash -c "case-show -f tsv $id | cut -f3,12 | tail -5"
	assert_output "$(printf '%s\n' $'2026-09-02T10:00:00+08:00\t一' \
		$'2026-09-02T10:00:00+08:00\t二' $'2026-09-03T00:00:00+08:00\t三' \
		$'2026-09-04T14:30:00+08:00\t四' $'2026-09-05T08:15:00+08:00\t五')"
	# Without --at an entry happens now.
	case-log "$id" --action note -m 六 >/dev/null
	run bash -c "case-show -f tsv $id | tail -1 | cut -f3"
	assert_output 2026-11-25T10:00:00+08:00
}

@test "the actor is -A, else CASETRAIL_OFFICER, else the caller's Unix user" {
	add_officer zhao.lei 赵磊 3 --unix-user "$(id -un)"
	CASETRAIL_OFFICER=wang.fang case-log -A li.ming "$id" --action note -m 甲 >/dev/null
	CASETRAIL_OFFICER=wang.fang case-log "$id" --action note -m 乙 >/dev/null
	unset CASETRAIL_OFFICER
	case-log "$id" --action note -m 丙 >/dev/null
	run bash -c "case-show -f tsv $id | cut -f7,12 | tail -3"
	assert_output "$(printf '%s\n' $'li.ming\t甲' $'wang.fang\t乙' $'zhao.lei\t丙')"
}

@test "--import of JSON Lines with every key, CRLF and blank lines" {
	printf '%s\r\n' \
		"{\"case\":\"$id\",\"action\":\"inspection\",\"stage\":\"investigation\",\"text\":\"现场检查\\n发现过期食品\",\"officers\":[\"li.ming\",\"wang.fang\"],\"evidence\":[],\"at\":\"2026-09-02T10:00:00+08:00\"}" \
		'' \
		"{\"at\":\"2026-09-05 09:00\",\"action\":\"notice\",\"case\":\"$id\",\"text\":\"事先告知\"}" \
		"{\"case\":\"$id\",\"action\":\"note\"}" \
		>"$BATS_TEST_TMPDIR/entries.jsonl"
	before=$(checkpoints)
	run --separate-stderr case-log --import "$BATS_TEST_TMPDIR/entries.jsonl"
	assert_success
	assert_output ""
	assert_equal "$stderr" "case-log: 1 of 3 entries need an audio or video record and have none (flagged)
case-log: 3 recorded, 0 skipped (ref already recorded for the case)"
	# One transaction, one checkpoint.
	assert_equal "$(checkpoints)" $((before + 1))
	run timeline "$id"
	assert_output "$(printf '%s\n' \
		$'5\tfiling\tcase-new\tli.ming\t\t某超市销售过期食品案' \
		$'6\tinvestigation\tinspection\tli.ming\tli.ming,wang.fang\t现场检查\\n发现过期食品' \
		$'7\tdecision\tnotice\tli.ming\t\t事先告知' \
		$'8\tdecision\tnote\tli.ming\t\t')"
	run bash -c "case-show -f tsv $id | cut -f3 | tail -3"
	assert_output "$(printf '%s\n' 2026-09-02T10:00:00+08:00 \
		2026-09-05T09:00:00+08:00 2026-11-25T10:00:00+08:00)"
}

@test "--import of TSV: every field, escapes, CRLF and blank lines" {
	add_officer zhao.lei 赵磊 3
	{
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\r\n' "$id" inquiry evidence \
			"2026-09-03 10:00" wang.fang,zhao.lei "" '询问\t笔录\n第二页\\完'
		printf '\r\n\n'
		printf '%s\t%s\n' "$id" note
		printf '%s\t%s\t\t%s\t\t\t%s\n' "$id" decision 2026-10-08T07:00:00Z 罚款五千元
	} >"$BATS_TEST_TMPDIR/entries.tsv"
	run case-log -q --import "$BATS_TEST_TMPDIR/entries.tsv"
	assert_success
	assert_output ""
	run bash -c "case-show -f tsv $id | cut -f1,3,5,6,8,9,12 | tail -3"
	assert_output "$(printf '%s\n' \
		$'8\t2026-09-03T10:00:00+08:00\tevidence\tinquiry\twang.fang,zhao.lei\t14020020002,3\t询问\\t笔录\\n第二页\\\\完' \
		$'9\t2026-11-25T10:00:00+08:00\tevidence\tnote\t\t\t' \
		$'10\t2026-10-08T15:00:00+08:00\tdecision\tdecision\t\t\t罚款五千元')"
	assert_equal "$(case_field "$id" 3)" decided
	assert_equal "$(json_get "$(case-show -f json "$id")" '$.timeline[1].text')" \
		$'询问\t笔录\n第二页\\完'
}

@test "--import reads stdin with - or no file, and -q silences the summary" {
	printf '%s\tinquiry\t\t\tli.ming,wang.fang\t\t询问\n' "$id" >"$BATS_TEST_TMPDIR/in.tsv"
	run --separate-stderr case-log --import - <"$BATS_TEST_TMPDIR/in.tsv"
	assert_success
	assert_equal "$stderr" "case-log: 1 of 1 entries need an audio or video record and have none (flagged)
case-log: 1 recorded, 0 skipped (ref already recorded for the case)"
	run --separate-stderr case-log -q --import <"$BATS_TEST_TMPDIR/in.tsv"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(case_field "$id" 8)" 2
}

@test "--import of every action puts each in its stage" {
	for action in inspection random-inspection inquiry evidence-collection \
		evidence-preservation notice statement hearing coercive-measure \
		decision service execution note closing; do
		printf '%s\t%s\t\t2026-10-01\tli.ming,wang.fang\t\t%s记录\n' "$id" "$action" "$action"
	done >"$BATS_TEST_TMPDIR/all.tsv"
	run case-log -q --import "$BATS_TEST_TMPDIR/all.tsv"
	assert_success
	run bash -c "case-show -f tsv $id | cut -f5,6,11 | tail -14"
	assert_output "$(printf '%s\n' \
		$'investigation\tinspection\tno-av' \
		$'investigation\trandom-inspection\tno-av' \
		$'investigation\tinquiry\tno-av' \
		$'evidence\tevidence-collection\tno-av' \
		$'evidence\tevidence-preservation\tno-av' \
		$'decision\tnotice\t' \
		$'decision\tstatement\tno-av' \
		$'decision\thearing\tno-av' \
		$'investigation\tcoercive-measure\tno-av' \
		$'decision\tdecision\t' \
		$'service\tservice\tno-av' \
		$'execution\texecution\t' \
		$'execution\tnote\t' \
		$'closing\tclosing\t')"
	assert_equal "$(case_field "$id" 3)" closed
	assert_equal "$(case_field "$id" 8)" 9
}

@test "a malformed JSON line imports nothing, and names its line (2)" {
	printf '%s\n' "{\"case\":\"$id\",\"action\":\"note\",\"text\":\"第一条\"}" \
		"{\"case\":\"$id\",\"action\":\"note\",\"text\":\"第二条\"}" \
		"{\"case\":\"$id\",\"action\":\"note\",\"text\":\"第三条}" \
		>"$BATS_TEST_TMPDIR/bad.jsonl"
	refuses 2 case-log --import "$BATS_TEST_TMPDIR/bad.jsonl"
	assert_output "case-log: $BATS_TEST_TMPDIR/bad.jsonl:3: malformed JSON"
}

@test "JSON lines are imported in batches: a bad line far in still imports nothing" {
	# 300 lines are three batches; the bad one is in the second, and the
	# lines of the first batch were good.
	for i in $(seq 300); do
		if [ "$i" = 200 ]; then
			printf '{"case":"%s","action":"note","text":"第%d条","备注":1}\n' "$id" "$i"
		else
			printf '{"case":"%s","action":"note","text":"第%d条"}\n' "$id" "$i"
		fi
	done >"$BATS_TEST_TMPDIR/many.jsonl"
	refuses 2 case-log --import "$BATS_TEST_TMPDIR/many.jsonl"
	assert_output "case-log: $BATS_TEST_TMPDIR/many.jsonl:200: not an entry: unknown keys or not an object: {\"备注\":1}"
	sed -i '200d' "$BATS_TEST_TMPDIR/many.jsonl"
	run -0 case-log --import "$BATS_TEST_TMPDIR/many.jsonl"
	run -0 bash -c "case-show -f tsv '$id' | cut -f12 | tail -n 299"
	assert_line --index 0 第1条
	assert_line --index 198 第199条
	assert_line --index 199 第201条
	assert_line --index 298 第300条
}

@test "an import writes the journal that the same entries one at a time write" {
	# Entries go in 128 at a time, while their bodies have one shape:
	# more than a batch, in runs of three shapes, must still make the
	# very lines, leaves and subtrees that single case-logs make.
	n=$(scaled 140 130)
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/one-by-one"
	for i in $(seq "$n"); do
		case $((i % 7)) in
		0 | 1) printf '%s\tinquiry\t\t\tli.ming,wang.fang\t\t询问第%d次\n' "$id" "$i" ;;
		2) printf '%s\tnote\t\t\t\t\t\n' "$id" ;;
		*) printf '%s\tnote\t\t2026-09-%02d 08:00\t\t\t备注\\t第%d条\n' "$id" $((i % 28 + 1)) "$i" ;;
		esac
	done >"$BATS_TEST_TMPDIR/in.tsv"
	run -0 case-log -q --import "$BATS_TEST_TMPDIR/in.tsv"
	# (Tabs are blanks to read, which runs empty fields together.)
	while IFS=$'\037' read -r c action stage at officers evidence text; do
		args=(--action "$action")
		[ -n "$at" ] && args+=(--at "$at")
		for o in ${officers//,/ }; do args+=(--officer "$o"); done
		[ -z "$text" ] || { printf -v text '%b' "$text"; args+=(-m "$text"); }
		CASETRAIL_STORE="$BATS_TEST_TMPDIR/one-by-one" \
			case-log -q "$c" "${args[@]}" >/dev/null || fail "case-log ${args[*]}"
	done < <(tr '\t' '\037' <"$BATS_TEST_TMPDIR/in.tsv")
	q='SELECT seq, line, hex(leaf), hex(nodes) FROM journal ORDER BY seq'
	assert_equal "$(sqlite3 "$BATS_TEST_TMPDIR/one-by-one/store.db" "$q")" \
		"$(sqlite3 "$CASETRAIL_STORE/store.db" "$q")"
	assert_equal "$(sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT count(*) FROM journal')" $((n + 5))
	run -0 store-verify -q
}

@test "TSV lines between JSON lines keep their place" {
	{
		printf '{"case":"%s","action":"note","text":"甲"}\n' "$id"
		printf '%s\tnote\t\t\t\t\t乙\n' "$id"
		printf '{"case":"%s","action":"note","text":"丙"}\n' "$id"
	} >"$BATS_TEST_TMPDIR/mixed"
	run -0 case-log --import "$BATS_TEST_TMPDIR/mixed"
	run -0 bash -c "case-show -f tsv '$id' | tail -n 3 | cut -f12"
	assert_output $'甲\n乙\n丙'
}

@test "a JSON line that only parses joined to the next is malformed (2)" {
	# Joined with a comma the two lines would be two good objects.
	printf '%s\n' "{\"case\":\"$id\",\"action\":\"note\"},{\"case\":\"$id\",\"action\":\"note\",\"text\":\"a}" \
		'{"}' >"$BATS_TEST_TMPDIR/bad.jsonl"
	refuses 2 case-log --import "$BATS_TEST_TMPDIR/bad.jsonl"
	assert_output "case-log: $BATS_TEST_TMPDIR/bad.jsonl:1: malformed JSON"
}

@test "a JSON key given twice, or a NUL in a JSON string, is refused (2)" {
	printf '{"case":"%s","action":"note","text":"甲","text":"乙"}\n' "$id" \
		>"$BATS_TEST_TMPDIR/bad.jsonl"
	refuses 2 case-log --import "$BATS_TEST_TMPDIR/bad.jsonl"
	assert_output "case-log: $BATS_TEST_TMPDIR/bad.jsonl:1: not an entry: a key given twice"
	printf '{"case":"%s","action":"note","text":"询问\\u0000笔录"}\n' "$id" \
		>"$BATS_TEST_TMPDIR/bad.jsonl"
	refuses 2 case-log --import "$BATS_TEST_TMPDIR/bad.jsonl"
	assert_output "case-log: $BATS_TEST_TMPDIR/bad.jsonl:1: NUL byte (\\u0000)"
	# An escaped backslash before u0000 is text, kept whole.
	printf '{"case":"%s","action":"note","text":"C:\\\\u0000笔录"}\n' "$id" \
		>"$BATS_TEST_TMPDIR/ok.jsonl"
	run -0 case-log --import "$BATS_TEST_TMPDIR/ok.jsonl"
	run -0 bash -c "case-show -f json '$id' | tail -n 1"
	assert_output --partial '"text":"C:\\u0000笔录"'
}

@test "a line of invalid UTF-8 in an import is refused (2)" {
	printf '%s\n' "{\"case\":\"$id\",\"action\":\"note\",\"text\":\"好\"}" \
		"{\"case\":\"$id\",\"action\":\"note\",\"text\":\"$(printf '\xe5\xa5')\"}" \
		>"$BATS_TEST_TMPDIR/bad.jsonl"
	refuses 2 case-log --import "$BATS_TEST_TMPDIR/bad.jsonl"
	assert_output "case-log: $BATS_TEST_TMPDIR/bad.jsonl:2: not valid UTF-8"
	printf '%s\tnote\t\t\t\t\t%s\n' "$id" "$(printf '\xff')" >"$BATS_TEST_TMPDIR/bad.tsv"
	refuses 2 case-log --import "$BATS_TEST_TMPDIR/bad.tsv"
	assert_output "case-log: $BATS_TEST_TMPDIR/bad.tsv:1: not valid UTF-8"
}

@test "an import line that is no entry is refused (2)" {
	bad() {
		printf '%s\n' "{\"case\":\"$id\",\"action\":\"note\"}" "$1" \
			>"$BATS_TEST_TMPDIR/bad"
		refuses 2 case-log --import "$BATS_TEST_TMPDIR/bad"
		assert_output "case-log: $BATS_TEST_TMPDIR/bad:2: $2"
	}
	bad "{\"case\":\"$id\",\"action\":\"note\",\"罚款\":5000}" \
		'not an entry: unknown keys or not an object: {"罚款":5000}'
	bad "{\"case\":\"$id\",\"action\":\"note\",\"officers\":\"wang.fang\"}" \
		'officers must be an array of IDs'
	bad "{\"case\":\"$id\",\"action\":\"note\",\"text\":5000}" 'text must be a string'
	bad "{\"case\":\"$id\",\"text\":\"无动作\"}" 'no action'
	bad "{\"case\":\"$id\",\"action\":\"调解\"}" \
		"unknown action '调解' (actions: inspection random-inspection inquiry evidence-collection evidence-preservation notice statement hearing coercive-measure decision decision-change service execution closing note waiver approval disagreement collective-discussion)"
	bad "{\"case\":\"$id\",\"action\":\"note\",\"stage\":\"调查\"}" \
		"unknown stage '调查' (stages: filing investigation evidence review decision service execution closing)"
	bad "{\"case\":\"$id\",\"action\":\"note\",\"at\":\"2026-09-31\"}" \
		"bad time '2026-09-31' (use YYYY-MM-DD[ HH:MM] or RFC 3339)"
	bad "{\"case\":\"$id\",\"action\":\"note\",\"at\":\"2027-01-01\"}" \
		"$id: time of the note is in the future"
	bad "$id" 'expected at least case and action'
	bad "$(printf '%s\tnote\t\t\t\t\t甲\t乙\t丙' "$id")" 'more than 8 fields'
	bad "$(printf '%s\tnote\t\t\t\t\t\\q' "$id")" "bad escape '\\q' in a field"
}

@test "an import line with a NUL byte is refused (2)" {
	printf '%s\tnote\t\t\t\t\t询问\0笔录\n' "$id" >"$BATS_TEST_TMPDIR/bad.tsv"
	refuses 2 case-log --import "$BATS_TEST_TMPDIR/bad.tsv"
	assert_output "case-log: $BATS_TEST_TMPDIR/bad.tsv:1: NUL byte"
}

@test "an import line with evidence the case does not have is not found (4)" {
	ev=$(printf '%s' 询问录像 | sha256sum | cut -c1-64)
	printf '%s\n' "{\"case\":\"$id\",\"action\":\"inquiry\",\"officers\":[\"li.ming\",\"wang.fang\"],\"evidence\":[\"$ev\"]}" \
		>"$BATS_TEST_TMPDIR/bad.jsonl"
	refuses 4 case-log --import "$BATS_TEST_TMPDIR/bad.jsonl"
	assert_output "case-log: $BATS_TEST_TMPDIR/bad.jsonl:1: case '$id' has no evidence '$ev'"
	printf '%s\tinquiry\t\t\tli.ming,wang.fang\t%s\n' "$id" "$ev" >"$BATS_TEST_TMPDIR/bad.tsv"
	refuses 4 case-log --import "$BATS_TEST_TMPDIR/bad.tsv"
	assert_output "case-log: $BATS_TEST_TMPDIR/bad.tsv:1: case '$id' has no evidence '$ev'"
}

@test "an import line for an unknown case is not found (4), nothing imported" {
	printf '%s\n' "{\"case\":\"$id\",\"action\":\"note\"}" \
		'{"case":"2026-000099","action":"note"}' >"$BATS_TEST_TMPDIR/bad.jsonl"
	refuses 4 case-log --import "$BATS_TEST_TMPDIR/bad.jsonl"
	assert_output "case-log: $BATS_TEST_TMPDIR/bad.jsonl:2: cannot find case '2026-000099'"
}

@test "an import that closes a case and then goes on is refused (3)" {
	printf '%s\t%s\n' "$id" closing "$id" note "$id" hearing \
		>"$BATS_TEST_TMPDIR/bad.tsv"
	refuses 3 case-log -q --import "$BATS_TEST_TMPDIR/bad.tsv"
	assert_output "case-log: $BATS_TEST_TMPDIR/bad.tsv:3: case '$id' is closed (only a note can be added)"
	assert_equal "$(case_field "$id" 3)" open
}

@test "an import file that is not there is not found (4)" {
	refuses 4 case-log --import "$BATS_TEST_TMPDIR/无此文件.jsonl"
	assert_output "case-log: cannot open $BATS_TEST_TMPDIR/无此文件.jsonl: No such file or directory"
}

@test "--import takes no entry options (2)" {
	refuses_usage "case-log: --import takes a file and no other entry options" \
		case-log --import "$BATS_TEST_TMPDIR/x" -m 备注
	refuses_usage "case-log: --import takes a file and no other entry options" \
		case-log --import a b
}

@test "an unknown case is not found (4)" {
	refuses 4 case-log 2026-000099 --action note -m 备注
	assert_output "case-log: cannot find case '2026-000099'"
}

@test "a bad case ID is a usage error (2)" {
	refuses 2 case-log 26-1 --action note -m 备注
	assert_output "case-log: bad case ID '26-1' (like 2026-000042)"
	refuses 2 case-log 二〇二六-000001 --action note -m 备注
	assert_output "case-log: bad case ID '二〇二六-000001' (like 2026-000042)"
}

@test "an unknown action or stage is a usage error (2)" {
	refuses 2 case-log "$id" --action 约谈 -m 备注
	assert_output "case-log: unknown action '约谈' (actions: inspection random-inspection inquiry evidence-collection evidence-preservation notice statement hearing coercive-measure decision decision-change service execution closing note waiver approval disagreement collective-discussion)"
	refuses 2 case-log "$id" --action note --stage 审核 -m 备注
	assert_output "case-log: unknown stage '审核' (stages: filing investigation evidence review decision service execution closing)"
}

@test "invalid UTF-8 or a control character in -m is refused (2)" {
	refuses 2 case-log "$id" --action note -m $'现场\xe6\xa3'
	assert_output "case-log: text is not valid UTF-8"
	refuses 2 case-log "$id" --action note -m $'现场\x1b[2J检查'
	assert_output "case-log: text contains a control character"
}

@test "a NUL byte in -F text is refused (2)" {
	printf '询问笔录\0第二页' >"$BATS_TEST_TMPDIR/nul.txt"
	refuses 2 case-log "$id" --action note -F "$BATS_TEST_TMPDIR/nul.txt"
	assert_output "case-log: $BATS_TEST_TMPDIR/nul.txt contains a NUL byte"
	refuses 2 case-log "$id" --action note -F - <"$BATS_TEST_TMPDIR/nul.txt"
	assert_output "case-log: - contains a NUL byte"
}

@test "a text too long is refused (2), a missing -F file is not found (4)" {
	head -c 262145 /dev/zero | tr '\0' x >"$BATS_TEST_TMPDIR/big.txt"
	refuses 2 case-log "$id" --action note -F "$BATS_TEST_TMPDIR/big.txt"
	assert_output "case-log: $BATS_TEST_TMPDIR/big.txt is too long (262145 bytes, at most 262144)"
	refuses 4 case-log "$id" --action note -F "$BATS_TEST_TMPDIR/无.txt"
	assert_output "case-log: cannot open $BATS_TEST_TMPDIR/无.txt: No such file or directory"
}

@test "a future --at is refused (2), a bad --at too (2)" {
	refuses 2 case-log "$id" --action note -m 备注 --at "2026-11-25 11:00"
	assert_output "case-log: $id: time of the note is in the future"
	for at in 2026-02-29 "2026-09-02 24:00" 2026-09-02T10:00:00+8 昨天 ""; do
		refuses 2 case-log "$id" --action note -m 备注 --at "$at"
		assert_output "case-log: bad time '$at' (use YYYY-MM-DD[ HH:MM] or RFC 3339)"
	done
}

@test "unknown officers are not found (4), an officer named twice is refused (2)" {
	refuses 4 case-log -A zhao.lei "$id" --action note -m 备注
	assert_output "case-log: cannot find officer 'zhao.lei'"
	refuses 4 case-log "$id" --action inspection --officer zhao.lei -m 检查
	assert_output "case-log: cannot find officer 'zhao.lei'"
	refuses 2 case-log "$id" --action inspection --officer wang.fang \
		--officer wang.fang -m 检查
	assert_output "case-log: officer 'wang.fang' is named twice"
	unset CASETRAIL_OFFICER
	refuses 4 case-log "$id" --action note -m 备注
	assert_output "case-log: no officer for Unix user '$(id -un)' (use -A OFFICER, set CASETRAIL_OFFICER, or officer-add --unix-user)"
}

@test "a bad or unknown evidence ID is refused (2, 4)" {
	refuses 2 case-log "$id" --action inquiry --officer li.ming --officer wang.fang \
		--evidence 录像01 -m 询问
	assert_output "case-log: bad evidence ID '录像01' (its 64 hex digits, or the first 8 or more)"
	ev=$(printf '%s' 录像 | sha256sum | cut -c1-64)
	refuses 4 case-log "$id" --action inquiry --officer li.ming --officer wang.fang \
		--evidence "$ev" -m 询问
	assert_output "case-log: case '$id' has no evidence '$ev'"
}

@test "--evidence takes an ID as people type it and records it whole" {
	printf '询问笔录：当事人陈述\n' >"$BATS_TEST_TMPDIR/笔录.txt"
	ev=$(evidence-add "$id" "$BATS_TEST_TMPDIR/笔录.txt" | cut -f1)
	ev2=$(printf '%s' "$ev" | cut -c1-10)
	run case-log "$id" --action inquiry --officer li.ming --officer wang.fang \
		--evidence "${ev^^}" -m 询问
	assert_success
	run case-log "$id" --action inquiry --officer li.ming --officer wang.fang \
		--evidence "$ev2" -m 再次询问
	assert_success
	assert_equal "$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT line->'$.body.evidence'
	    FROM journal WHERE action = 'inquiry' ORDER BY seq")" "[\"$ev\"]
[\"$ev\"]"
	run store-verify -q
	assert_success
}

@test "missing, unknown and clashing options are usage errors (2)" {
	refuses_usage "case-log: unrecognized option '--amount'" \
		case-log "$id" --action decision --amount 5000
	refuses_usage "case-log: --action or --import is required" case-log "$id" -m 备注
	refuses_usage "case-log: -m and -F exclude each other" \
		case-log "$id" --action note -m 备注 -F -
}

@test "a missing store is not found (4) and is not created" {
	refuses 4 case-log -S "$BATS_TEST_TMPDIR/none" "$id" --action note -m 备注
	assert_output "case-log: no store at $BATS_TEST_TMPDIR/none (officer-add creates one)"
	[ ! -e "$BATS_TEST_TMPDIR/none" ]
}

@test "a store directory that is a file is refused (5)" {
	touch "$BATS_TEST_TMPDIR/file"
	refuses 5 case-log -S "$BATS_TEST_TMPDIR/file" "$id" --action note -m 备注
	assert_output "case-log: store $BATS_TEST_TMPDIR/file is not a directory"
}

@test "a read-only store is refused (5)" {
	refuses_readonly 5 case-log "$id" --action note -m 备注
	assert_output "case-log: store $CASETRAIL_STORE is read-only"
	printf '%s\tnote\n' "$id" >"$BATS_TEST_TMPDIR/in.tsv"
	refuses_readonly 5 case-log --import "$BATS_TEST_TMPDIR/in.tsv"
	assert_output "case-log: store $CASETRAIL_STORE is read-only"
}

@test "a store from a newer schema version is refused (5)" {
	sqlite3 "$CASETRAIL_STORE/store.db" 'PRAGMA user_version=99'
	refuses 5 case-log "$id" --action note -m 备注
	assert_output --regexp "^case-log: store $CASETRAIL_STORE has schema version 99, newer than this casetrail's [0-9]+: upgrade casetrail$"
}

@test "the open cases go down a pipe as one import of reminders" {
	other=$(new_case 某餐馆未公示许可证案)
	case-log "$other" --action closing -m 责令改正后结案 >/dev/null
	third=$(new_case 某药店销售过期药品案)
	run bash -c "case-list --status open |
		awk -F'\t' '{ print \$1 \"\tnote\t\t\t\t\t\" \$11 \"：期限将至\" }' |
		case-log --import"
	assert_success
	run bash -c "case-show -f tsv $id $other $third | awk -F'\t' '\$6 == \"note\"' | cut -f2,12"
	assert_output "$(printf '%s\n' \
		"$id"$'\t某超市销售过期食品案：期限将至' \
		"$third"$'\t某药店销售过期药品案：期限将至')"
}

@test "case IDs from xargs each get an entry" {
	other=$(new_case 某餐馆未公示许可证案)
	run bash -c "case-list --handler wang.fang | cut -f1 |
		xargs -I{} case-log {} --action note -m 移交王芳跟进"
	assert_success
	assert_output "$(printf '%s\n' 7 8)"
}

@test "-h prints the usage and -V the version" {
	run case-log --help
	assert_success
	assert_line --index 0 "usage: case-log [-q] [-S dir] [-A officer] --action action [--stage stage] [-m text | -F file] [--officer officer]... [--evidence id]... [--at time] [case ...]"
	assert_line --index 1 "       case-log [-q] [-S dir] [-A officer] [-f csv] --import [file | -]"
	run case-log --version
	assert_success
	assert_output --regexp '^case-log \(casetrail\) [0-9.]+$'
}

@test "several case IDs as arguments: one entry each, one checkpoint each" {
	other=$(new_case 某餐馆未公示许可证案)
	before=$(checkpoints)
	run --separate-stderr case-log "$id" "$other" --action note -m 请于本周内补充材料
	assert_success
	assert_output "$(printf '%s\n' 7 8)"
	assert_equal "$(checkpoints)" $((before + 2))
	run bash -c "case-show -f tsv $id $other | awk -F'\t' '\$6 == \"note\"' | cut -f1,2,12"
	assert_output "$(printf '%s\n' \
		$'7\t'"$id"$'\t请于本周内补充材料' \
		$'8\t'"$other"$'\t请于本周内补充材料')"
	run store-verify -q
	assert_success
}

@test "the overdue cases go down a pipe, each gets the note" {
	old=$(case-new --type penalty --title 某药店销售过期药品案 --handler li.ming \
		--at "2026-03-02 09:30")
	case-new --type inspection --title 某商场消防检查 --handler li.ming >/dev/null
	run case-list --overdue
	assert_output --partial "$old"
	refute_output --partial "$id"
	run bash -c "case-list --overdue | case-log --action note -m '催办：已超过办案期限'"
	assert_success
	assert_output 8
	run bash -c "case-show -f tsv $old | tail -n 1 | cut -f2,6,12"
	assert_output "$old"$'\tnote\t催办：已超过办案期限'
	run bash -c "case-show -f tsv $id | awk -F'\t' '\$6 == \"note\"'"
	assert_output ""
}

@test "IDs from stdin, alone or with '-' among the arguments" {
	other=$(new_case 某餐馆未公示许可证案)
	third=$(new_case 某药店销售过期药品案)
	run bash -c "printf '%s\t某餐馆\n\n%s\n' $other $third | case-log --action note -m 督办"
	assert_success
	assert_output "$(printf '%s\n' 8 9)"
	run bash -c "echo $third | case-log $id - $other --action note -m 再次督办"
	assert_success
	assert_output "$(printf '%s\n' 10 11 12)"
	run bash -c "case-show -f tsv $id $other $third | awk -F'\t' '\$6 == \"note\"' | cut -f2,12"
	assert_output "$(printf '%s\n' \
		"$id"$'\t再次督办' \
		"$other"$'\t督办' "$other"$'\t再次督办' \
		"$third"$'\t督办' "$third"$'\t再次督办')"
}

@test "no ID on stdin logs nothing and succeeds" {
	before=$(store_dump)
	run case-log --action note -m 督办 </dev/null
	assert_success
	assert_output ""
	assert_equal "$(store_dump)" "$before"
}

@test "a refused ID among good ones: the others are logged, it changes nothing" {
	other=$(new_case 某餐馆未公示许可证案)
	closed=$(new_case 某药店销售过期药品案)
	case-log "$closed" --action closing -m 责令改正后结案 >/dev/null
	before=$(case-show -f tsv "$closed")
	run --separate-stderr case-log "$id" "$closed" "$other" --action notice \
		-m 告知拟作出的行政处罚决定
	assert_equal "$status" 3
	assert_equal "$stderr" "case-log: case '$closed' is closed (only a note can be added)"
	assert_output "$(printf '%s\n' 9 10)"
	assert_equal "$(case-show -f tsv "$closed")" "$before"
	run bash -c "case-show -f tsv $id $other | awk -F'\t' '\$6 == \"notice\"' | cut -f1,2"
	assert_output "$(printf '%s\n' $'9\t'"$id" $'10\t'"$other")"
	run store-verify -q
	assert_success
}

@test "the exit status is the worst seen: a missing case (4) over a refusal (3)" {
	closed=$(new_case 某药店销售过期药品案)
	case-log "$closed" --action closing -m 结案 >/dev/null
	run --separate-stderr bash -c "printf '%s\n' 2026-000099 $closed $id |
		case-log --action decision -m 罚款人民币五千元"
	assert_equal "$status" 4
	assert_equal "$stderr" "$(printf '%s\n' \
		"case-log: cannot find case '2026-000099'" \
		"case-log: case '$closed' is closed (only a note can be added)")"
	assert_output 8
	assert_equal "$(case_field "$id" 3)" decided
}

@test "-F - and IDs from stdin exclude each other (2)" {
	refuses_usage "case-log: -F - and case IDs from standard input exclude each other" \
		case-log --action note -F -
	refuses_usage "case-log: -F - and case IDs from standard input exclude each other" \
		case-log "$id" - --action note -F -
	run bash -c "echo 来自标准输入的说明 | case-log $id --action note -F -"
	assert_success
	assert_equal "$(case-show -f tsv "$id" | tail -n 1 | cut -f12)" 来自标准输入的说明
}

@test "--actions lists the vocabulary, with no store" {
	export CASETRAIL_STORE="$BATS_TEST_TMPDIR/nowhere"
	run case-log --actions
	assert_success
	assert_equal "${#lines[@]}" 19
	assert_line --index 0 "$(printf 'inspection\tinvestigation\tyes\tyes\t-\tofficer\tyes')"
	assert_line --index 9 "$(printf 'decision\tdecision\tno\tno\tdecided\tofficer\tno')"
	assert_line --index 10 "$(printf 'decision-change\tdecision\tno\tno\t-\tofficer\tno')"
	assert_line --index 14 "$(printf 'note\t-\tno\tno\t-\tofficer\tno')"
	assert_line --index 15 "$(printf 'waiver\tdecision\tno\tno\t-\tofficer\tno')"
	assert_line --index 16 "$(printf 'approval\tdecision\tno\tno\t-\thead\tno')"
	[ ! -e "$CASETRAIL_STORE" ] || fail "--actions made a store"
	# In a pipeline: the actions that need audio or video.
	run sh -c "case-log --actions | awk -F '\t' '\$4 == \"yes\" { print \$1 }' | tr '\n' ' '"
	assert_output "inspection random-inspection inquiry evidence-collection evidence-preservation statement hearing coercive-measure service "
}

@test "--actions with anything else is a usage error (2)" {
	refuses_usage "case-log: --actions takes no other option but -H" \
		case-log --actions --action note
	refuses_usage "case-log: --actions takes no other option but -H" \
		case-log --actions 2026-000001
	refuses_usage "case-log: --actions takes no other option but -H" \
		case-log --actions -f json
}
