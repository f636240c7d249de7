#!/usr/bin/env bats
# lifecycle: the moves of a case, the table case-log --moves prints, hold
# for the writers, row for row and action for action, and store-verify's
# replay agrees with every move they make.
bats_require_minimum_version 1.5.0
load helper

# A case of each status but sealed (a test seals one by hand):
# 2026-000001 open, 2026-000002 decided, 2026-000003 closed; and
# zhao.lan, an archivist, for archive-seal.
three_cases() {
	add_officer zhou.qiang 周强 14020020009 --role officer --role head &&
	add_officer zhao.lan 赵兰 14020020003 --role archivist &&
		new_case 某超市销售过期食品案 >/dev/null &&
		new_case 某药店无证经营案 >/dev/null &&
		plain case-log -q 2026-000002 --action decision -m 罚款五千元 >/dev/null &&
		new_case 某餐馆超范围经营案 >/dev/null &&
		plain case-log -q 2026-000003 --action decision -m 警告 >/dev/null &&
		plain case-log -q 2026-000003 --action closing -m 结案 >/dev/null
}

setup() {
	setup_store three_cases
	printf '询问笔录\n' >"$BATS_TEST_TMPDIR/笔录.txt"
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/saved"
	case=
}
teardown() { teardown_store; }

# The case of status $1 in the store as setup made it, into $case.
case_of() {
	case $1 in
	open | sealed) case=2026-000001 ;;
	decided) case=2026-000002 ;;
	closed) case=2026-000003 ;;
	*) fail "no case is $1" ;;
	esac
}

# The store as setup made it, after the replay has checked the one it
# replaces; for status sealed, with case 2026-000001 sealed by hand.
fresh() {
	run store-verify -q
	assert_success
	rm -rf "$CASETRAIL_STORE"
	cp -a "$BATS_TEST_TMPDIR/saved" "$CASETRAIL_STORE"
	[ "$1" != sealed ] ||
		sqlite3 "$CASETRAIL_STORE/store.db" \
			"UPDATE cases SET status = 'sealed' WHERE id = '2026-000001'"
}

# The status and the stage of case $1, as case-list has them.
status_stage() {
	case-list | awk -F'\t' -v id="$1" '$1 == id { print $3, $4 }'
}

# The command that records an entry of action $1 on $case, with options
# $2..., into the array cmd: evidence-add for evidence-add, case-log for
# the others, with a text and the two officers an on-site action needs.
record() {
	local action=$1
	shift
	if [ "$action" = evidence-add ]; then
		cmd=(evidence-add -q "$case" "$BATS_TEST_TMPDIR/笔录.txt" "$@")
	elif [ "$action" = approval ]; then
		# A head's approval of a draft: its penalty and text.
		cmd=(case-log -q -A zhou.qiang "$case" --action approval
			--penalty warning -m 记录 --officer li.ming --officer wang.fang "$@")
	elif [ "$action" = collective-discussion ]; then
		# A head's record of the collective discussion.
		cmd=(case-log -q -A zhou.qiang "$case" --action collective-discussion
			-m 记录 --officer li.ming --officer wang.fang "$@")
	elif [ "$action" = archive-seal ]; then
		cmd=(archive-seal -q -A zhao.lan "$case" -o "$BATS_TEST_TMPDIR/a.tar")
	else
		cmd=(case-log -q "$case" --action "$action" -m 记录
			--officer li.ming --officer wang.fang "$@")
	fi
}

# The actions of row "$1 $2" of the moves: the action it names, or those
# that no earlier row of status $1 names (of case-log's and evidence-add).
# The table and the actions, read once: $moves and $actions.
row_actions() {
	local status=$1 action=$2 a
	if [ "$action" != '*' ]; then
		echo "$action"
		return
	fi
	for a in $actions evidence-add; do
		[[ $'\n'$moves$'\n' == *$'\n'"$status"$'\t'"$a"$'\t'* ]] ||
			echo "$a"
	done
}

# One store for the whole table: an entry refused leaves it as it was,
# and one that keeps its case's status leaves the case fit for the next;
# the store is made afresh after one that changes it, and for sealed.
@test "every row of case-log --moves holds: refused, or the status and the stages it says" {
	local from action becomes stages a cmd n=0 moves actions
	moves=$(case-log --moves) actions=$(case-log --actions | cut -f1)
	while IFS=$'\t' read -r from action becomes stages; do
		[ "$from" != sealed ] || [ "$case" = sealed ] || {
			fresh sealed
			case=sealed
		}
		# The sanitizers check the code, which two actions of a row
		# go through as well as all.
		for a in $(row_actions "$from" "$action" | head -n "$(scaled 99 2)"); do
			n=$((n + 1))
			case_of "$from"
			if [ "$becomes" = refused ]; then
				record "$a"
				refuses 3 "${cmd[@]}"
				assert_output --regexp "^(case-log|evidence-add|archive-seal): case '$case' is $from"
				continue
			fi
			record "$a"
			run "${cmd[@]}"
			assert_success
			assert_equal "$(status_stage "$case" | cut -d' ' -f1)" "$becomes"
			[ "$becomes" = "$from" ] || fresh "$from"
			# evidence-add leaves the case in its stage: its
			# --stage is the evidence's; a seal takes no stage.
			[ "$a" != evidence-add ] && [ "$a" != archive-seal ] || continue
			case $stages in
			any)
				record "$a" --stage closing
				run "${cmd[@]}"
				assert_success
				assert_equal "$(status_stage "$case")" "$becomes closing"
				;;
			'not closing')
				record "$a" --stage closing
				refuses 3 "${cmd[@]}"
				assert_output "case-log: case '$case' is $from: only a closing moves it to the closing stage"
				record "$a" --stage review
				run "${cmd[@]}"
				assert_success
				assert_equal "$(status_stage "$case")" "$becomes review"
				;;
			*) fail "row $from $action: stages '$stages'" ;;
			esac
			[ "$becomes" = "$from" ] || fresh "$from"
		done
	done < <(case-log --moves)
	# Every status's rows cover every action.
	# and archive-seal, which its own rows name.
	[ "$(scaled full small)" = small ] || assert_equal "$n" $((4 * 20 + 3))
}

@test "a closed case takes evidence, a sealed one nothing (3)" {
	case_of closed
	run evidence-add -q "$case" "$BATS_TEST_TMPDIR/笔录.txt"
	assert_success
	assert_equal "$(status_stage "$case")" "closed closing"
	fresh sealed
	case_of sealed
	refuses 3 case-log "$case" --action note -m 归档说明
	assert_output "case-log: case '$case' is sealed"
	refuses 3 evidence-add "$case" "$BATS_TEST_TMPDIR/笔录.txt"
	assert_output "evidence-add: case '$case' is sealed"
}

@test "case-log --moves: a row for every status, -H a header, nothing else taken (2)" {
	local from
	run case-log --moves -H
	assert_success
	assert_line --index 0 "$(printf 'status\taction\tbecomes\tstages')"
	for from in open decided closed sealed; do
		assert_line --regexp "^$from	\*	"
	done
	refuses_usage "case-log: --moves takes no other option but -H" \
		case-log --moves 2026-000001
	refuses_usage "case-log: --actions and --moves exclude each other" \
		case-log --moves --actions
}
