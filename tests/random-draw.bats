#!/usr/bin/env bats
# random-draw: the draw is a function of the lists, the seed and the
# parameters (the same inputs give the same draw, one byte changed
# changes it, and a re-implementation in the shell from the manual's
# ALGORITHM agrees); a seed is committed before the draw, and a draw
# without it, with another seed or again without a reason is refused and
# its attempt recorded; an impossible draw and a bad list record nothing;
# store-verify replays the draws and catches a forged one.
bats_require_minimum_version 1.5.0
load helper

setup() {
	setup_store inspectors_and_lists
	cd "$BATS_TEST_TMPDIR"
}

# Five inspectors (张伟 ... 孙丽), a reviewer who is no inspector, and the
# lists: six targets in classes A to C, some with officers recused.
inspectors_and_lists() {
	local id name n=10
	for id in zhang.wei:张伟 wang.fang:王芳 zhao.lei:赵磊 qian.wei:钱伟 sun.li:孙丽; do
		name=${id#*:} id=${id%%:*} n=$((n + 1))
		add_officer "$id" "$name" "140200200$n" || return
	done
	add_officer zhou.min 周敏 14020020099 --role reviewer \
		--qualification A20183101234567 || return
	printf '# 企业名录：统一社会信用代码\t名称\t风险等级\t回避\n' >targets.tsv
	printf '%s\n' $'91140200MA0001\t大同市某某超市有限公司\tA\tzhang.wei' \
		$'91140200MA0002\t云冈区某某饭店\tB' \
		$'91140200MA0003\t平城区某某药店\tA\twang.fang,zhao.lei' \
		$'91140200MA0004\t某某加油站\tC' \
		$'91140200MA0005\t新荣区某某食品厂\tA' \
		$'91140200MA0006\t某某农贸市场\tB\tqian.wei' >>targets.tsv
	printf '%s\n' $'zhang.wei\t张伟' wang.fang zhao.lei qian.wei sun.li >inspectors.tsv
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }

dry() {
	random-draw --dry-run --targets targets.tsv --inspectors inspectors.tsv "$@"
}

@test "random-draw --dry-run: the same inputs give the same draw, byte for byte, and record nothing" {
	state_into before
	run dry -n 1 --seed 二〇二六年第一批
	assert_success
	first=$output
	assert_equal "${#lines[@]}" 3
	# Class A, then B, then C; each target with two distinct inspectors
	# among the list, none recused from it.
	[[ ${lines[0]} == *$'\tA\t'* && ${lines[1]} == *$'\tB\t'* && ${lines[2]} == *$'\tC\t'* ]]
	run dry -n 1 --seed 二〇二六年第一批
	assert_equal "$output" "$first"
	same_store "$before" random-draw --dry-run
	run dry --ratio A=100,B=50 --seed 二〇二六年第一批 -f json -H
	assert_success
	assert_equal "${#lines[@]}" 4
	assert_json_lines "$output"
	assert_equal "$(json_get "${lines[0]}" '$.class')" A
}

@test "random-draw: one byte changed in a list or the seed changes the draw" {
	want=$(dry --ratio 100 --per-target 3 --seed s1)
	[ "$(dry --ratio 100 --per-target 3 --seed s2)" != "$want" ]
	sed -i 's/某某加油站/某某加油厂/' targets.tsv
	[ "$(dry --ratio 100 --per-target 3 --seed s1)" != "$want" ]
	sed -i 's/某某加油厂/某某加油站/' targets.tsv
	[ "$(dry --ratio 100 --per-target 3 --seed s1)" = "$want" ]
	printf '# 名单\n' >>inspectors.tsv
	[ "$(dry --ratio 100 --per-target 3 --seed s1)" != "$want" ]
}

# ref_draw SEED TARGETS INSPECTORS COUNT PER_TARGET: random-draw -n COUNT
# --per-target PER_TARGET --dry-run, made again from random-draw(1),
# ALGORITHM, by the shell and sha256sum alone; its lines in tsv (names
# without a backslash, which tsv escapes).
ref_draw() {
	local seed=$1 tfile=$2 ifile=$3 count=$4 per=$5
	local th ih params line id name cls rec k c i j m x w limit
	local -a ids names classes recs insp order who picks eligible
	th=$(sha256sum <"$tfile") th=${th%% *}
	ih=$(sha256sum <"$ifile") ih=${ih%% *}
	params="per_target=$per;count=$count"
	while IFS= read -r line; do
		[[ -z $line || $line == '#'* ]] && continue
		# Field by field: read would take two tabs as one.
		id=${line%%$'\t'*} line=${line#"$id"} line=${line#$'\t'}
		name=${line%%$'\t'*} line=${line#"$name"} line=${line#$'\t'}
		cls=${line%%$'\t'*} line=${line#"$cls"} rec=${line#$'\t'}
		ids+=("$id") names+=("$name") classes+=("$cls") recs+=(",$rec,")
	done <"$tfile"
	while IFS= read -r line; do
		[[ -z $line || $line == '#'* ]] && continue
		insp+=("${line%%$'\t'*}")
	done <"$ifile"
	# The stream: 8 words a block, block k = SHA-256 of the prefix and k.
	local block="" used=8 ctr=0
	next_word() {
		if [ "$used" = 8 ]; then
			block=$( { printf 'casetrail-draw-v1\0%s\0%s\0%s\0%s\0' \
				"$seed" "$th" "$ih" "$params"
				# shellcheck disable=SC2059
				printf "$(printf '\\x%02x' 0 0 0 0 $((ctr >> 24 & 255)) \
					$((ctr >> 16 & 255)) $((ctr >> 8 & 255)) $((ctr & 255)))"
				} | sha256sum)
			ctr=$((ctr + 1)) used=0
		fi
		w=$((16#${block:used * 8:8})) used=$((used + 1))
	}
	below() {
		limit=$(((1 << 32) - (1 << 32) % $1))
		next_word
		while [ "$w" -ge "$limit" ]; do next_word; done
		x=$((w % $1))
	}
	for c in A B C D; do
		order=()
		for i in "${!ids[@]}"; do
			[ "${classes[i]:-A}" = "$c" ] && order+=("$i")
		done
		m=${#order[@]}
		[ "$m" -gt 0 ] || continue
		for ((i = 0; i < count; i++)); do
			below $((m - i)); j=$((i + x))
			k=${order[i]} order[i]=${order[j]} order[j]=$k
			picks+=("${order[i]}")
		done
	done
	for k in "${picks[@]}"; do
		eligible=()
		for i in "${!insp[@]}"; do
			[[ ${recs[k]} == *",${insp[i]},"* ]] || eligible+=("$i")
		done
		m=${#eligible[@]} who=()
		for ((i = 0; i < per; i++)); do
			below $((m - i)); j=$((i + x))
			c=${eligible[i]} eligible[i]=${eligible[j]} eligible[j]=$c
			who+=("${insp[eligible[i]]}")
		done
		printf '%s\t%s\t%s\t%s\n' "${ids[k]}" "${names[k]}" "${classes[k]}" \
			"$(IFS=,; echo "${who[*]}")"
	done
}

@test "random-draw: a re-implementation from the manual, in the shell, makes the same draws" {
	want=$(ref_draw 大同市2026年第4季度 targets.tsv inspectors.tsv 1 3)
	run dry -n 1 --per-target 3 --seed 大同市2026年第4季度
	assert_success
	assert_output "$want"
	assert_equal "${#lines[@]}" 3
	# Without classes, all are one: the whole list is drawn from.
	cut -f1,2 targets.tsv >plain.tsv
	want=$(ref_draw 7 plain.tsv inspectors.tsv 4 1)
	run random-draw --dry-run --targets plain.tsv --inspectors inspectors.tsv -n 4 --per-target 1 --seed 7
	assert_output "$want"
	assert_equal "${#lines[@]}" 4
}

@test "random-draw: a draw with the committed seed is recorded, verifies and checks against its lists" {
	seed=$(random-draw --commit --task 2026年第4季度食品安全抽查 2>err)
	[[ $seed =~ ^[0-9a-f]{64}$ ]]
	grep -q "keep the seed of task '2026年第4季度食品安全抽查' secret until the draw" err
	assert_equal "$(db "SELECT seed_sha256 FROM draw_commit")" \
		"$(printf %s "$seed" | sha256sum | cut -d' ' -f1)"
	want=$(dry -n 1 --seed "$seed")
	run random-draw --task 2026年第4季度食品安全抽查 --seed "$seed" -n 1 \
		--targets targets.tsv --inspectors inspectors.tsv
	assert_success
	assert_output "$want"
	assert_equal "$(db "SELECT count(*) FROM draw")" 1
	assert_equal "$(db "SELECT json_array_length(result) FROM draw")" 3
	run store-verify -q
	assert_success
	run random-draw --check 2026年第4季度食品安全抽查 --targets targets.tsv --inspectors inspectors.tsv
	assert_success
	assert_output --partial "the draw recorded is the draw of these lists"
	sed -i 's/某某加油站/某某加油厂/' targets.tsv
	run random-draw --check 2026年第4季度食品安全抽查 --targets targets.tsv --inspectors inspectors.tsv
	assert_failure 1
	assert_output --partial "was drawn from other lists"
	run random-draw --check 没有这个任务 --targets targets.tsv --inspectors inspectors.tsv
	assert_failure 4
}

@test "random-draw: a draw without a commitment, with another seed or again without a reason is refused, and on the record" {
	task=2026年第4季度
	run random-draw --task $task --seed 123 -n 1 --targets targets.tsv --inspectors inspectors.tsv
	assert_failure 3
	assert_output "random-draw: task '$task' has no commitment: random-draw --commit --task first, before the draw"
	seed=$(random-draw -q --commit --task $task)
	run random-draw --task $task --seed "${seed}0" -n 1 --targets targets.tsv --inspectors inspectors.tsv
	assert_failure 3
	assert_output --partial "the seed is not the one committed for task '$task'"
	assert_equal "$(db "SELECT count(*) FROM draw_attempt")" 2
	assert_equal "$(db "SELECT count(*) FROM draw")" 0
	random-draw --task $task --seed "$seed" -n 1 --targets targets.tsv --inspectors inspectors.tsv >/dev/null
	run random-draw --task $task --seed "$seed" --ratio 100 --targets targets.tsv --inspectors inspectors.tsv
	assert_failure 3
	assert_output --partial "a second draw needs --redraw and its --reason"
	run random-draw --task $task --seed "$seed" --ratio 100 --redraw --reason 名单有误，更正后重新抽取 \
		--targets targets.tsv --inspectors inspectors.tsv
	assert_success
	assert_equal "$(db "SELECT count(*) FROM draw_attempt")" 3
	assert_equal "$(db "SELECT redraw_reason FROM draw ORDER BY seq DESC LIMIT 1")" 名单有误，更正后重新抽取
	run store-verify -q
	assert_success
}

@test "random-draw: a commitment with the lists refuses a draw of other lists" {
	seed=$(random-draw -q --commit --task T --targets targets.tsv --inspectors inspectors.tsv)
	cp targets.tsv other.tsv
	printf '91140200MA0007\t某某网吧\tC\n' >>other.tsv
	run random-draw --task T --seed "$seed" -n 1 --targets other.tsv --inspectors inspectors.tsv
	assert_failure 3
	assert_output --partial "the targets list is not the one committed for task 'T'"
	run random-draw --task T --seed "$seed" -n 1 --targets targets.tsv --inspectors inspectors.tsv
	assert_success
	# A public value named in advance: the lists are fixed with it.
	run random-draw --commit --task U --public-value "中国福利彩票3D 2026年12月1日开奖号码"
	assert_failure 2
	run random-draw --commit --task U --public-value "中国福利彩票3D 2026年12月1日开奖号码" \
		--targets targets.tsv --inspectors inspectors.tsv
	assert_success
	assert_output ""
	run random-draw --task U --seed 482 -n 1 --targets targets.tsv --inspectors inspectors.tsv
	assert_success
	# A list without classes, as one class.
	cut -f1,2 targets.tsv >plain.tsv
	seed=$(random-draw -q --commit --task V)
	run random-draw --task V --seed "$seed" --ratio 50 --targets plain.tsv --inspectors inspectors.tsv
	assert_success
	assert_equal "${#lines[@]}" 3
	run store-verify -q
	assert_success
}

@test "random-draw: an impossible draw says why, exits 1 and records nothing" {
	seed=$(random-draw -q --commit --task T)
	refuses 1 random-draw --task T --seed "$seed" -n 4 --targets targets.tsv --inspectors inspectors.tsv
	assert_output "random-draw: cannot draw 4 of class A: it has 3 targets"
	# 平城区某某药店 has two of three inspectors recused.
	printf '%s\n' zhang.wei wang.fang zhao.lei >three.tsv
	refuses 1 random-draw --task T --seed "$seed" --ratio A=100 --targets targets.tsv --inspectors three.tsv
	assert_output "random-draw: target '91140200MA0003' (line 4) has 1 inspector not recused from it: 2 needed"
	refuses 1 random-draw --dry-run --seed 1 --ratio 100 --per-target 6 --targets targets.tsv --inspectors inspectors.tsv
}

@test "random-draw: only officers with the officer role and a valid credential are drawn" {
	seed=$(random-draw -q --commit --task T)
	printf 'zhou.min\n' >>inspectors.tsv
	run random-draw --task T --seed "$seed" -n 1 --targets targets.tsv --inspectors inspectors.tsv
	assert_failure 3
	assert_output --partial "officer 'zhou.min' does not hold the officer role"
	assert_equal "$(db "SELECT count(*) FROM draw_attempt")" 1
	printf 'nobody\n' >nobody.tsv
	refuses 4 random-draw --task T --seed "$seed" -n 1 --targets targets.tsv --inspectors nobody.tsv
	plain officer-revoke sun.li --reason 调离 >/dev/null
	refuses 3 random-draw --dry-run --seed 1 -n 1 --targets targets.tsv --inspectors inspectors.tsv
	assert_output --partial "officer 'sun.li' has been revoked"
}

@test "random-draw: a bad list is refused with its line, and records nothing" {
	seed=$(random-draw -q --commit --task T)
	printf '91140200MA0009\t某某宾馆\tE\n' >>targets.tsv
	refuses 2 random-draw --task T --seed "$seed" -n 1 --targets targets.tsv --inspectors inspectors.tsv
	assert_output "random-draw: targets.tsv, line 8: the risk class is A, B, C or D"
	sed -i '$d' targets.tsv
	printf '91140200MA0001\t重复\tA\n' >dup.tsv
	printf '91140200MA0001\t重复\tB\n' >>dup.tsv
	refuses 2 random-draw --dry-run --seed 1 -n 1 --targets dup.tsv --inspectors inspectors.tsv
	assert_output "random-draw: dup.tsv, line 2: target '91140200MA0001' is listed on line 1 already"
	printf '91140200MA0001\t无等级\n91140200MA0002\t有等级\tB\n' >mixed.tsv
	refuses 2 random-draw --dry-run --seed 1 -n 1 --targets mixed.tsv --inspectors inspectors.tsv
	assert_output "random-draw: mixed.tsv, line 1: no risk class: where one target has one, every target has one"
	printf '张 伟\n' >bad.tsv
	refuses 2 random-draw --dry-run --seed 1 -n 1 --targets targets.tsv --inspectors bad.tsv
	assert_output "random-draw: bad.tsv, line 1: an inspector is an officer ID, optionally followed by a tab and his name"
	refuses_usage "random-draw: one of -n COUNT and --ratio is needed" \
		random-draw --dry-run --seed 1 --targets targets.tsv --inspectors inspectors.tsv
	refuses_usage "random-draw: --per-target is 1 to 16" \
		random-draw --dry-run --seed 1 -n 1 --per-target 2x --targets targets.tsv --inspectors inspectors.tsv
	refuses_usage "random-draw: --redraw and --reason go together" \
		random-draw --task T --seed 1 -n 1 --redraw --targets targets.tsv --inspectors inspectors.tsv
}

@test "random-draw --open-cases: a party is an organisation by its credit code, a person by a resident ID, else of no kind" {
	printf '%s\n' $'91140200MA0L3K5P2N\t大同市某某商贸有限公司' \
		$'110101199003070011\t张三' $'晋工商2026-0042\t某某小吃店' >register.tsv
	seed=$(random-draw -q --commit --task 双随机2026-12)
	random-draw -q --task 双随机2026-12 --seed "$seed" -n 3 --open-cases \
		--targets register.tsv --inspectors inspectors.tsv >/dev/null
	run -0 db "SELECT party_id, ifnull(party_kind, '-') FROM cases WHERE type = 'inspection' ORDER BY party_id"
	assert_output "110101199003070011|person
91140200MA0L3K5P2N|org
晋工商2026-0042|-"
	run -0 store-verify -q
}

@test "random-draw --open-cases: an inspection case for each target drawn, its inspectors its handlers, in the draw's transaction" {
	seed=$(random-draw -q --commit --task 双随机2026-12)
	run random-draw --task 双随机2026-12 --seed "$seed" -n 1 --open-cases -f csv \
		--targets targets.tsv --inspectors inspectors.tsv
	assert_success
	assert_equal "${lines[0]}" $'target,name,class,inspectors,case\r'
	assert_equal "${#lines[@]}" 4
	assert_equal "$(db "SELECT count(*) FROM cases WHERE type = 'inspection'")" 3
	row=${lines[1]%$'\r'}
	id=${row##*,}
	handlers=$(db "SELECT group_concat(officer, ',') FROM (SELECT officer FROM case_handler WHERE case_id = '$id' ORDER BY officer)")
	want=$(db "SELECT group_concat(value, ',') FROM (SELECT x.value FROM draw, json_each(draw.result) r, json_each(r.value, '$.inspectors') x WHERE r.key = 0 ORDER BY x.value)")
	assert_equal "$handlers" "$want"
	assert_equal "$(db "SELECT basis FROM cases WHERE id = '$id'")" "random-draw: task 双随机2026-12, entry $(db 'SELECT seq FROM draw')"
	run store-verify -q
	assert_success
	# store-rebuild makes the draws' tables again, as they were.
	random-draw --task 双随机2026-12 --seed 1 -n 1 --targets targets.tsv --inspectors inspectors.tsv 2>/dev/null || true
	before=$(db "SELECT * FROM draw_commit; SELECT * FROM draw; SELECT * FROM draw_attempt")
	[ "$(db 'SELECT count(*) FROM draw_attempt')" = 1 ]
	run store-rebuild
	assert_success
	assert_equal "$(db "SELECT * FROM draw_commit; SELECT * FROM draw; SELECT * FROM draw_attempt")" "$before"
}

# forged_draw SED: the last draw entry's line changed by SED, appended as
# a new entry with its row, signed as li.ming would; then store-verify.
forged_draw() {
	local forge line body
	forge=${CASETRAIL_TEST_PLAIN_BIN:-$(dirname "$(command -v store-verify)")}/../tools/forge
	line=$(db "SELECT line FROM journal WHERE action = 'draw' ORDER BY seq DESC LIMIT 1" | sed "$1")
	body=$(db "SELECT json_extract('${line//\'/\'\'}', '\$.body')")
	run "$forge" li.ming - draw - "$body" -x "INSERT INTO draw(seq, task, seed, commit_seq, targets_sha256, inspectors_sha256, params, redraw_reason, result) SELECT j.seq, j.line->>'\$.body.task', j.line->>'\$.body.seed', j.line->>'\$.body.commit', j.line->>'\$.body.targets_sha256', j.line->>'\$.body.inspectors_sha256', j.line->>'\$.body.params', j.line->>'\$.body.redraw_reason', j.line->'\$.body.result' FROM journal j ORDER BY seq DESC LIMIT 1"
	assert_success
	CASETRAIL_NOW="2026-11-26 10:00" run store-verify
}

@test "forgery: store-verify catches a draw that breaks its rules" {
	seed=$(random-draw -q --commit --task T)
	random-draw --task T --seed "$seed" --ratio 100 --targets targets.tsv --inspectors inspectors.tsv >/dev/null
	cp -a "$CASETRAIL_STORE" clean
	# Its twin, a redraw with its reason, verifies.
	forged_draw 's/"redraw_reason":null/"redraw_reason":"更正"/'
	assert_success
	restore() { rm -rf "$CASETRAIL_STORE"; cp -a clean "$CASETRAIL_STORE"; }
	restore
	forged_draw 's/"redraw_reason":null/"redraw_reason":null/'
	assert_failure 1
	assert_output --partial "a second draw needs --redraw and its --reason"
	restore
	forged_draw "s/\"seed\":\"$seed\"/\"seed\":\"${seed}1\"/; s/\"redraw_reason\":null/\"redraw_reason\":\"x\"/"
	assert_failure 1
	assert_output --partial "the seed is not the one committed"
	restore
	# zhang.wei is recused from 91140200MA0001.
	forged_draw 's/"recused":\["zhang.wei"\],"inspectors":\["[a-z.]*"/"recused":["zhang.wei"],"inspectors":["zhang.wei"/; s/"redraw_reason":null/"redraw_reason":"x"/'
	assert_failure 1
	assert_output --partial "inspector 'zhang.wei' is drawn for a target he is recused from"
	restore
	forged_draw 's/"inspectors":\["\([a-z.]*\)","[a-z.]*"\]/"inspectors":["\1"]/; s/"redraw_reason":null/"redraw_reason":"x"/'
	assert_failure 1
	assert_output --partial "a target drawn has not 2 inspectors"
}
