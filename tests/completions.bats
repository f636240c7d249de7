#!/usr/bin/env bats
# completions: bash, zsh and fish complete every option of every program,
# the words an option takes, and the officers, cases and evidence of the
# store named on the line; quietly, and with one program run at most.
# Each shell loads the completion file itself: bash here, zsh on a
# pseudo-terminal (tests/completions.zsh), fish with complete -C.
bats_require_minimum_version 1.5.0
# Checks text against text: the first build's pass only (tests/run).
# bats file_tags=once
load helper
load options

# Every long option of program $1, --help and --version included; found
# once for the suite.
long_options() {
	local saved=$BATS_FILE_TMPDIR/long-options.$1
	[ -s "$saved" ] || {
		help_long_options "$1"
		table_long_options "$1"
		printf '%s\n' --help --version
	} | sort -u >"$saved"
	cat "$saved"
}

# Runs the bash completion function on the words given; the candidates are
# left in COMPREPLY.  What it writes on standard error is the test's.
bash_complete() {
	# shellcheck source=/dev/null
	source "$top/completions/casetrail.bash"
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_casetrail
}


# zsh_complete LINE...: what zsh completes for each LINE, in completed
# (an array, one string of sorted candidates per LINE); see
# tests/completions.zsh.  A machine without zsh or zpty skips the test.
zsh_complete() {
	local out
	command -v zsh >/dev/null || skip "machine: zsh is not installed"
	zsh -fc 'zmodload zsh/zpty' 2>/dev/null ||
		skip "machine: zsh has no zpty module"
	out=$("$top/tests/completions.zsh" "$top/completions" \
	    "$BATS_FILE_TMPDIR/zcompdump" "$@") || fail "zsh could not complete '$*'"
	mapfile -t completed <<<"$out"
}

# fish_complete LINE...: the same for fish, without fish's descriptions.
# The programs a completion runs have the index of its LINE in CT_LINE,
# as in tests/completions.zsh.
# With fish_described, the candidates and their descriptions as fish
# prints them (a tab between), one per line, in $output.
fish_complete() {
	local out
	command -v fish >/dev/null || skip "machine: fish is not installed"
	out=$(fish --no-config -c 'source $argv[1]
	    for i in (seq 2 (count $argv))
	        set -gx CT_LINE (math $i - 2)
	        set -l words (complete -C"$argv[$i]" | string split -f1 \t | sort)
	        echo "$words"
	    end' "$top/completions/casetrail.fish" "$@") ||
		fail "fish could not complete '$*'"
	mapfile -t completed <<<"$out"
}
fish_described() {
	command -v fish >/dev/null || skip "machine: fish is not installed"
	run fish --no-config -c 'source $argv[1]; complete -C"$argv[2]"' \
	    "$top/completions/casetrail.fish" "$1"
	assert_success
}

# Three officers, 赵磊 (zhao.lei) revoked; wang.fang's penalty case and a
# second one, an inspection; a photo in the first, a recording in the
# second.  Prints the IDs of the two items.
officers_cases_evidence() {
	new_case >/dev/null &&
		add_officer zhao.lei 赵磊 14020020003 &&
		plain officer-revoke zhao.lei --reason 调往外单位 >/dev/null &&
		plain case-new --type inspection --title 某餐馆油烟扰民案 \
		    --party 张三 --party-kind person --handler wang.fang \
		    --at "2026-09-03 14:00" >/dev/null &&
		echo 现场照片 >现场照片.jpg && echo 询问录音 >询问录音.mp3 &&
		plain evidence-add 2026-000001 --kind photo 现场照片.jpg >/dev/null &&
		plain evidence-add 2026-000002 --kind audio 询问录音.mp3 >/dev/null &&
		plain evidence-list 2026-000001 2026-000002 | cut -f1
}

# The store of officers_cases_evidence, with the IDs of its evidence in
# $photo (case 2026-000001) and $recording (2026-000002), and both in
# $both.
setup_data() {
	setup_store officers_cases_evidence
	photo=${made%%$'\n'*}
	recording=${made##*$'\n'}
	if [ ${#photo} != 64 ] || [ ${#recording} != 64 ]; then
		fail "no evidence IDs in '$made'"
	fi
	# Both, as zsh and fish offer them: sorted.
	both=$(printf '%s\n' "$photo" "$recording" | sort | tr '\n' ' ')
	both=${both% }
}

@test "every long option is in each completion file" {
	local p o bash zsh fish re
	bash=$(<"$top/completions/casetrail.bash")
	zsh=$(<"$top/completions/_casetrail")
	fish=$(<"$top/completions/casetrail.fish")
	for p in $(programs); do
		for o in $(long_options "$p"); do
			assert_option_in "$o" "$bash" completions/casetrail.bash
			assert_option_in "$o" "$zsh" completions/_casetrail
			re="-l ${o#--}( |"$'\n'"|\$)"
			[[ $fish =~ $re ]] ||
				fail "$o is not in completions/casetrail.fish"
		done
	done
}

@test "each completion file registers every program" {
	local p
	for p in $(programs); do
		grep -q "^#compdef .*\<$p\>" "$top/completions/_casetrail" ||
			fail "_casetrail: #compdef lacks $p"
		grep -qE -- "(^| )$p( |\$)" "$top/completions/casetrail.fish" ||
			fail "casetrail.fish does not name $p"
		(
			source "$top/completions/casetrail.bash"
			complete -p "$p" | grep -q -- '-F _casetrail'
		) || fail "casetrail.bash does not complete $p"
	done
}

@test "shellcheck finds nothing in the bash completion" {
	run shellcheck -s bash "$top/completions/casetrail.bash"
	assert_success
	assert_output ''
}

@test "the zsh and fish completions parse" {
	if command -v zsh >/dev/null; then
		run zsh -n "$top/completions/_casetrail"
		assert_success
	fi
	if command -v fish >/dev/null; then
		run fish -n "$top/completions/casetrail.fish"
		assert_success
	fi
	command -v zsh >/dev/null || command -v fish >/dev/null ||
		skip "machine: neither zsh nor fish is installed"
}

@test "bash completes every long option of every program" {
	local p o
	for p in $(programs); do
		bash_complete "$p" --
		for o in $(long_options "$p"); do
			[[ " ${COMPREPLY[*]} " == *" $o "* ]] ||
				fail "bash does not complete $p $o"
		done
	done
}

@test "bash completes the words an option takes" {
	bash_complete case-list --status ''
	assert_equal "${COMPREPLY[*]}" 'open decided closed sealed'
	bash_complete case-list --status = c
	assert_equal "${COMPREPLY[*]}" 'closed'
	bash_complete case-new --party-kind ''
	assert_equal "${COMPREPLY[*]}" 'person org'
	bash_complete officer-add x --role a
	assert_equal "${COMPREPLY[*]}" 'archivist admin'
	bash_complete case-show -f ''
	assert_equal "${COMPREPLY[*]}" 'text tsv csv json'
	bash_complete case-list -f ''
	assert_equal "${COMPREPLY[*]}" 'tsv csv json'
	bash_complete case-log 2026-000001 --action evidence-p
	assert_equal "${COMPREPLY[*]}" 'evidence-preservation'
	bash_complete case-log 2026-000001 --stage e
	assert_equal "${COMPREPLY[*]}" 'evidence execution'
}

# A word list of lib/domain/vocab.c: `vocab_words stages`.
vocab_words() {
	awk -v v="vocab_$1[]" '$3 == v { on = 1 } on { print } on && /;$/ { exit }' \
		"$top/lib/domain/vocab.c" |
		grep -o '"[^"]*"' | tr -d '"' | tr -s ' \n' '  ' | sed 's/ $//'
}

@test "bash completes types, stages and actions from the vocabulary" {
	local list
	list=$(vocab_words types)
	[ -n "$list" ] || fail "no types in vocab.c"
	bash_complete case-new --type ''
	assert_equal "${COMPREPLY[*]}" "$list"
	list=$(vocab_words stages)
	[ -n "$list" ] || fail "no stages in vocab.c"
	bash_complete case-list --stage ''
	assert_equal "${COMPREPLY[*]}" "$list"
	list=$(case-log --actions | cut -f1 | tr '\n' ' ' | sed 's/ $//')
	assert_equal "$(wc -w <<<"$list")" 19
	bash_complete case-log x --action ''
	assert_equal "${COMPREPLY[*]}" "$list"
}

@test "bash completes file names, directories, officers and cases" {
	setup_store
	new_case >/dev/null
	mkdir "$BATS_TEST_TMPDIR/other-stores"
	: >"$BATS_TEST_TMPDIR/entries.jsonl"
	bash_complete case-new --handler w
	assert_equal "${COMPREPLY[*]}" 'wang.fang'
	bash_complete case-show ''
	assert_equal "${COMPREPLY[*]}" '2026-000001'
	bash_complete case-log ''
	assert_equal "${COMPREPLY[*]}" '2026-000001'
	# case-log takes several cases.
	bash_complete case-log 2026-000001 ''
	assert_equal "${COMPREPLY[*]}" '2026-000001'
	bash_complete case-log --import "$BATS_TEST_TMPDIR/entr"
	assert_equal "${COMPREPLY[*]}" "$BATS_TEST_TMPDIR/entries.jsonl"
	bash_complete store-verify --against "$BATS_TEST_TMPDIR/entr"
	assert_equal "${COMPREPLY[*]}" "$BATS_TEST_TMPDIR/entries.jsonl"
	bash_complete case-list -S "$BATS_TEST_TMPDIR/other-s"
	assert_equal "${COMPREPLY[*]}" "$BATS_TEST_TMPDIR/other-stores"
	# Officers and cases come from the store named by -S.
	bash_complete case-show -S "$BATS_TEST_TMPDIR/other-stores" ''
	assert_equal "${#COMPREPLY[@]}" 0
	bash_complete case-show --store = "$CASETRAIL_STORE" ''
	assert_equal "${COMPREPLY[*]}" '2026-000001'
}


# assert_completes_long_options SHELL: SHELL (zsh or fish) offers every
# long option of every program after "PROGRAM --".
assert_completes_long_options() {
	local sh=$1 p o i=0
	local -a lines=() progs=()
	for p in $(programs); do
		progs+=("$p")
		lines+=("$p --")
	done
	"${sh}_complete" "${lines[@]}"
	for p in "${progs[@]}"; do
		for o in $(long_options "$p"); do
			[[ " ${completed[i]} " == *" $o "* ]] ||
				fail "$sh does not complete $p $o (it offers: ${completed[i]})"
		done
		i=$((i + 1))
	done
}

@test "zsh completes every long option of every program" {
	assert_completes_long_options zsh
}

@test "fish completes every long option of every program" {
	assert_completes_long_options fish
}

@test "bash completes officers who are not revoked, and revoked ones to restore" {
	setup_data
	bash_complete case-new --handler ''
	assert_equal "${COMPREPLY[*]}" 'li.ming wang.fang'
	bash_complete case-log 2026-000001 --officer ''
	assert_equal "${COMPREPLY[*]}" 'li.ming wang.fang'
	bash_complete officer-revoke ''
	assert_equal "${COMPREPLY[*]}" 'li.ming wang.fang'
	bash_complete officer-update ''
	assert_equal "${COMPREPLY[*]}" 'li.ming wang.fang'
	bash_complete officer-update --restore ''
	assert_equal "${COMPREPLY[*]}" 'zhao.lei'
	bash_complete officer-update --restore z
	assert_equal "${COMPREPLY[*]}" 'zhao.lei'
}

@test "bash completes the evidence of the cases on the line, or all of it" {
	setup_data
	bash_complete case-log 2026-000001 --evidence ''
	assert_equal "${COMPREPLY[*]}" "$photo"
	bash_complete case-log 2026-000002 -m 询问 --evidence = ''
	assert_equal "${COMPREPLY[*]}" "$recording"
	bash_complete case-log 2026-000001 2026-000002 --action inquiry --evidence ''
	assert_equal "${COMPREPLY[*]}" "$photo $recording"
	bash_complete case-log --evidence ''
	assert_equal "${COMPREPLY[*]}" "$photo $recording"
	bash_complete evidence-cat ''
	assert_equal "${COMPREPLY[*]}" "$photo $recording"
	bash_complete evidence-cat "$photo" "${recording:0:3}"
	assert_equal "${COMPREPLY[*]}" "$recording"
	bash_complete evidence-list ''
	assert_equal "${COMPREPLY[*]}" '2026-000001 2026-000002'
}

@test "zsh completes cases, officers not revoked, evidence and actions from the store" {
	setup_data
	zsh_complete 'case-show ' 'case-new --handler ' 'officer-revoke ' \
	    'officer-update --restore ' 'case-log 2026-000001 --evidence ' \
	    'case-log 2026-000002 -m 询问 --evidence=' \
	    'case-log 2026-000001 2026-000002 --evidence ' 'evidence-cat ' \
	    "evidence-cat ${recording:0:3}" 'case-log 2026-000001 --action evidence-p' \
	    'case-list --stage e'
	assert_equal "${completed[0]}" '2026-000001 2026-000002'
	assert_equal "${completed[1]}" 'li.ming wang.fang'
	assert_equal "${completed[2]}" 'li.ming wang.fang'
	assert_equal "${completed[3]}" 'zhao.lei'
	assert_equal "${completed[4]}" "$photo"
	assert_equal "${completed[5]}" "$recording"
	assert_equal "${completed[6]}" "$both"
	assert_equal "${completed[7]}" "$both"
	assert_equal "${completed[8]}" "$recording"
	assert_equal "${completed[9]}" 'evidence-preservation'
	assert_equal "${completed[10]}" 'evidence execution'
}

@test "fish completes cases, officers not revoked, evidence and actions from the store" {
	setup_data
	fish_complete 'case-show ' 'case-new --handler ' 'officer-revoke ' \
	    'officer-update --restore ' 'case-log 2026-000001 --evidence ' \
	    'case-log 2026-000002 -m 询问 --evidence ' \
	    'case-log 2026-000001 2026-000002 --evidence ' 'evidence-cat ' \
	    "evidence-cat ${recording:0:3}" 'case-log 2026-000001 --action evidence-p' \
	    'case-list --stage e'
	assert_equal "${completed[0]}" '2026-000001 2026-000002'
	assert_equal "${completed[1]}" 'li.ming wang.fang'
	assert_equal "${completed[2]}" 'li.ming wang.fang'
	assert_equal "${completed[3]}" 'zhao.lei'
	assert_equal "${completed[4]}" "$photo"
	assert_equal "${completed[5]}" "$recording"
	assert_equal "${completed[6]}" "$both"
	assert_equal "${completed[7]}" "$both"
	assert_equal "${completed[8]}" "$recording"
	assert_equal "${completed[9]}" 'evidence-preservation'
	assert_equal "${completed[10]}" 'evidence execution'
	# fish describes each with its title, name or file name.
	fish_described 'case-show '
	assert_line --index 0 "$(printf '2026-000001\t某超市销售过期食品案')"
	assert_line --index 1 "$(printf '2026-000002\t某餐馆油烟扰民案')"
	fish_described 'officer-update --restore '
	assert_output "$(printf 'zhao.lei\t赵磊')"
	fish_described 'evidence-cat '
	assert_line "$(printf '%s\t现场照片.jpg' "$photo")"
	assert_line "$(printf '%s\t询问录音.mp3' "$recording")"
}

@test "each shell reads the store named by -S or --store, else CASETRAIL_STORE" {
	local store
	setup_data
	store=$CASETRAIL_STORE
	export CASETRAIL_STORE=$BATS_TEST_TMPDIR/elsewhere
	bash_complete case-show -S "$store" ''
	assert_equal "${COMPREPLY[*]}" '2026-000001 2026-000002'
	bash_complete evidence-cat --store = "$store" ''
	assert_equal "${COMPREPLY[*]}" "$photo $recording"
	bash_complete case-show ''
	assert_equal "${#COMPREPLY[@]}" 0
	zsh_complete "case-show -S $store " "evidence-cat --store=$store " \
	    "officer-key --store $store " 'case-show '
	assert_equal "${completed[0]}" '2026-000001 2026-000002'
	assert_equal "${completed[1]}" "$both"
	assert_equal "${completed[2]}" 'li.ming wang.fang'
	assert_equal "${completed[3]}" ''
	fish_complete "case-show -S $store " "evidence-cat --store=$store " \
	    "officer-key --store $store " 'case-show '
	assert_equal "${completed[0]}" '2026-000001 2026-000002'
	assert_equal "${completed[1]}" "$both"
	assert_equal "${completed[2]}" 'li.ming wang.fang'
	assert_equal "${completed[3]}" ''
	# And CASETRAIL_STORE when the line names none.
	export CASETRAIL_STORE=$store
	zsh_complete 'officer-key '
	assert_equal "${completed[0]}" 'li.ming wang.fang'
	fish_complete 'officer-key '
	assert_equal "${completed[0]}" 'li.ming wang.fang'
}

# The lines that read the store, for the tests of a missing one.
store_lines=('case-show ' 'officer-key ' 'case-new --handler ' 'evidence-cat '
	'case-log 2026-000001 --evidence ' 'officer-update --restore ')

@test "without a store, no shell completes an ID or writes a word on the terminal" {
	local line err=$BATS_TEST_TMPDIR/err terminal=$BATS_TEST_TMPDIR/terminal
	local -a words
	export CASETRAIL_STORE=$BATS_TEST_TMPDIR/nostore
	for line in "${store_lines[@]}" "case-list -S $BATS_TEST_TMPDIR/nostore2 --handler "; do
		read -ra words <<<"$line"
		bash_complete "${words[@]}" '' 2>"$err"
		assert_equal "${#COMPREPLY[@]}" 0
		[ ! -s "$err" ] || fail "bash wrote '$(cat "$err")' for '$line'"
	done
	CT_TERMINAL=$terminal zsh_complete "${store_lines[@]}"
	for line in "${completed[@]}"; do
		assert_equal "$line" ''
	done
	# What zsh wrote is the lines typed; a program's message would start
	# with its name.
	run grep -aE '(case-list|officer-list|evidence-list|case-log): ' "$terminal"
	assert_failure
	command -v fish >/dev/null || skip "machine: fish is not installed"
	run fish --no-config -c 'source $argv[1]; for line in $argv[2..-1]; complete -C"$line"; end' \
	    "$top/completions/casetrail.fish" "${store_lines[@]}"
	assert_success
	assert_output ''
	[ ! -e "$BATS_TEST_TMPDIR/nostore" ] && [ ! -e "$BATS_TEST_TMPDIR/nostore2" ] ||
		fail "a completion made a store"
}

# The programs as run through $BATS_TEST_TMPDIR/shim, which writes the
# name of each in $BATS_TEST_TMPDIR/runs before it runs, after the index
# of the line it completes (CT_LINE).
shim_programs() {
	local real p shim=$BATS_TEST_TMPDIR/shim
	real=$(command -v case-list) && real=${real%/*}
	mkdir -p "$shim"
	for p in $(programs); do
		printf '#!/bin/sh\necho "$CT_LINE %s" >>"%s"\nexec "%s" "$@"\n' \
		    "$p" "$BATS_TEST_TMPDIR/runs" "$real/$p" >"$shim/$p"
		chmod +x "$shim/$p"
	done
	PATH=$shim:$PATH
}

# assert_ran SHELL N PROGRAMS: fails unless the completion of line N ran
# PROGRAMS (sorted, as one string), or for N empty, the loading of the
# file did.
assert_ran() {
	local ran what='the loading of the file'
	ran=$(sed -n "s/^$2 //p" "$BATS_TEST_TMPDIR/runs" | sort | tr '\n' ' ')
	ran=${ran% }
	[ -z "$2" ] || what="the completion of '${lines[$2]}'"
	[ "$ran" = "$3" ] || fail "$1: $what ran '$ran', not '$3'"
}

@test "a completion runs one program at most (two in a pipe for all the evidence)" {
	local shell i
	local -a words lines=('case-show ' 'officer-revoke ' 'case-log 2026-000001 --evidence '
		'case-log 2026-000001 --action ' 'evidence-cat ' 'case-list --')
	setup_data
	shim_programs
	for shell in bash zsh fish; do
		: >"$BATS_TEST_TMPDIR/runs"
		case $shell in
		bash)
			for i in "${!lines[@]}"; do
				read -ra words <<<"${lines[i]}"
				CT_LINE=$i bash_complete "${words[@]}" ''
			done ;;
		zsh) zsh_complete "${lines[@]}" ;;
		fish) fish_complete "${lines[@]}" ;;
		esac
		assert_ran $shell 0 case-list
		assert_ran $shell 1 officer-list
		assert_ran $shell 2 evidence-list
		assert_ran $shell 3 case-log
		assert_ran $shell 4 'case-list evidence-list'
		assert_ran $shell 5 ''
		assert_ran $shell '' ''
	done
}
