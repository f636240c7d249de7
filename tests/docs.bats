#!/usr/bin/env bats
# docs: the manuals agree with the programs (the completions are
# checked in completions.bats).  Each test derives what it checks from the
# programs themselves (their --help, their option tables, their output)
# so that a new option or key that is not documented fails here.
bats_require_minimum_version 1.5.0
# Checks text against text: the first build's pass only (tests/run).
# bats file_tags=once
load helper
load options

# The usage of a program from its --help (the lines before the first
# empty one), in one line of single spaces, without "usage:".
help_synopsis() {
	"$1" --help | sed '/^$/,$d; s/^usage: //' | tr -s ' \n\t' '   ' |
		sed 's/ $//'
}

# A manual as mandoc renders it in plain ASCII: without the backspaces
# of bold and underlined text (what col -b does, without needing col).
man_text() {
	mandoc -Tascii "$1" | sed 's/.\x08//g'
}

# The SYNOPSIS of a manual as mandoc renders it, in one line.
man_synopsis() {
	man_text "$top/man/$1.1" |
		sed -n '/^SYNOPSIS$/,/^DESCRIPTION$/p' | sed '1d;$d' |
		tr -s ' \n\t' '   ' | sed 's/^ //; s/ $//'
}

@test "every program has a manual, and every manual a program" {
	local p m
	for p in $(programs); do
		[ -f "$top/man/$p.1" ] || fail "no man/$p.1"
	done
	for m in "$top"/man/*.1; do
		m=${m##*/}
		[ -f "$top/cmd/${m%.1}.c" ] || fail "man/$m has no cmd/${m%.1}.c"
	done
	for m in casetrail.7 casetrail-formats.5 casetrail.conf.5; do
		[ -f "$top/man/$m" ] || fail "no man/$m"
	done
}

@test "mandoc -Tlint -Wwarning finds nothing in the manuals" {
	run mandoc -Tlint -Wwarning "$top"/man/*
	assert_success
	assert_output ''
}

@test "each manual's SYNOPSIS is its program's usage, word for word" {
	local p
	for p in $(programs); do
		assert_equal "$(man_synopsis "$p")" "$(help_synopsis "$p")"
	done
}

@test "each manual's NAME names its program" {
	local p
	for p in $(programs); do
		man_text "$top/man/$p.1" | sed -n '/^NAME$/{n;p;}' |
			grep -q "^[[:space:]]*$p - " || fail "man/$p.1: NAME is not '$p - ...'"
	done
}

@test "each manual documents every long option of its program" {
	local p o text
	for p in $(programs); do
		man_text "$top/man/$p.1" >"$BATS_TEST_TMPDIR/$p.txt"
		IFS= read -r -d '' text <"$BATS_TEST_TMPDIR/$p.txt" || true
		for o in $(help_long_options "$p") $(table_long_options "$p") \
		    --help --version; do
			assert_option_in "$o" "$text" "man/$p.1"
		done
	done
}

# The long options a manual documents: those of its items of options.
man_long_options() {
	grep '^\.It Fl' "$top/man/$1.1" | grep -oE '\\-[a-z][a-z-]*' |
		sed 's/^\\/-/' | sort -u
}

@test "each program's --help: the usage, a line on each option, its manual" {
	local p line
	local option_line='^  (-[a-zA-Z], |    )--[a-z][a-z-]*(=[A-Za-z|]+)?  +[^ ]'
	for p in $(programs); do
		run --separate-stderr "$p" --help
		assert_success
		assert_equal "$stderr" ''
		assert_line --index 0 --regexp "^usage: $p "
		assert_equal "${lines[-1]}" "See $p(1)."
		# The usage, an empty line, the options, an empty line, the manual.
		assert_equal "$(grep -c '^$' <<<"$output")" 2
		while IFS= read -r line; do
			[[ $line =~ $option_line ]] ||
				fail "$p --help: '$line' is not '  -x, --option=ARG  what it does'"
			[ "${#line}" -le 80 ] || fail "$p --help: '$line' is wider than 80"
		done < <(sed '1,/^$/d; /^$/,$d' <<<"$output")
		# -h is --help.
		run -0 "$p" -h
		assert_line --index -1 "See $p(1)."
	done
}

@test "every long option a manual documents is in its program's --help" {
	local p o text
	for p in $(programs); do
		# Its lines of options, not its usage.
		"$p" --help | sed '1,/^$/d' >"$BATS_TEST_TMPDIR/$p.help"
		IFS= read -r -d '' text <"$BATS_TEST_TMPDIR/$p.help" || true
		for o in $(man_long_options "$p"); do
			assert_option_in "$o" "$text" "$p --help"
		done
	done
}

@test "a common option that a program's --help does not list is refused (2)" {
	local p o w short long options
	for p in $(programs); do
		# Its lines of options, each after a newline.
		options=$'\n'$("$p" --help | sed '1,/^$/d')
		for o in -S,--store -A,--actor -f,--format -H,--header -q,--quiet \
		    ,--bom; do
			short=${o%,*} long=${o#*,}
			[[ $options =~ $'\n'\ +(${short:+$short, })?$long([= ]|$'\n') ]] &&
				continue
			for w in $short $long; do
				run -2 "$p" "$w" x
				assert_line --index 0 \
				    "$p: ${short:+$short, }$long: not an option of $p"
				assert_line --index 1 --regexp "^usage: $p "
			done
		done
	done
}

@test "each manual has the sections of the house style" {
	local p s text
	for p in $(programs); do
		IFS= read -r -d '' text <"$top/man/$p.1" || true
		for s in NAME SYNOPSIS DESCRIPTION ENVIRONMENT FILES \
		    'EXIT STATUS' EXAMPLES 'SEE ALSO'; do
			[[ $'\n'$text == *$'\n'".Sh $s"$'\n'* ]] ||
				fail "man/$p.1 has no $s section"
		done
	done
}

@test "each manual refers to casetrail(7) and every page it names exists" {
	local f ref name sec
	for f in "$top"/man/*; do
		[ "${f##*/}" = casetrail.7 ] ||
			grep -qx '\.Xr casetrail 7 *,\{0,1\}' "$f" ||
			fail "${f##*/} does not refer to casetrail(7)"
		while read -r ref; do
			name=${ref% *} sec=${ref##* }
			[ -f "$top/man/$name.$sec" ] || [ "$name" = sqlite3 ] ||
				[ "$name" = cron ] || fail "${f##*/} names $name($sec)"
		done < <(sed -n 's/^\.Xr \([^ ]*\) \([0-9]\).*/\1 \2/p' "$f")
	done
}

@test "casetrail.7 has the table of case-log --actions, row for row" {
	local name stage site av status role before want n=0
	while IFS=$'\t' read -r name stage site av status role before; do
		[ "$stage" = - ] && stage=unchanged
		[ "$status" = - ] && status='\-'
		want=".It Cm $name Ta $stage Ta $site Ta $av Ta $status Ta $before Ta "
		grep -qF -- "$want" "$top/man/casetrail.7" ||
			fail "casetrail.7 has no row '$want'"
		# Every action is an officer's, but a head's approval and
		# collective discussion.
		if [ "$name" = approval ] || [ "$name" = collective-discussion ]; then
			assert_equal "$role" head
		else
			assert_equal "$role" officer
		fi
		n=$((n + 1))
	done < <(case-log --actions)
	assert_equal "$n" "$(grep -c '^\.It Cm [a-z-]* Ta [a-z]* Ta \(yes\|no\) Ta' "$top/man/casetrail.7")"
	run case-log --actions -H
	assert_success
	assert_line --index 0 "$(printf 'action\tstage\ton_site\taudio_video\tstatus\trole\tbefore_filing')"
}

# A word list of lib/domain/vocab.c: `vocab_words statuses`.
vocab_words() {
	awk -v v="vocab_$1[]" '$3 == v { on = 1 } on { print } on && /;$/ { exit }' \
		"$top/lib/domain/vocab.c" |
		grep -o '"[^"]*"' | tr -d '"' | tr -s ' \n' '  ' | sed 's/ $//'
}

@test "casetrail.7 has the table of case-log --moves, row for row" {
	local status action becomes stages cell want n=0
	while IFS=$'\t' read -r status action becomes stages; do
		cell="Cm $action"
		[ "$action" = '*' ] && cell='any other'
		[ "$stages" = - ] && stages='\-'
		want=".It Cm $status Ta $cell Ta $becomes Ta $stages"
		grep -qxF -- "$want" "$top/man/casetrail.7" ||
			fail "casetrail.7 has no row '$want'"
		n=$((n + 1))
	done < <(case-log --moves)
	assert_equal "$n" "$(grep -c '^\.It Cm [a-z]* Ta \(Cm [a-z-]*\|any other\) Ta [a-z]* Ta ' "$top/man/casetrail.7")"
	# Each status of the vocabulary has its moves, ending with any other.
	for status in $(vocab_words statuses); do
		case-log --moves | grep -q "^$status	\*	" ||
			fail "case-log --moves has no row of $status and any other action"
	done
}

@test "casetrail.conf.5 documents every key of a new store's casetrail.conf" {
	local key
	setup_store
	for key in $(sed -n 's/^#\([a-z.-]*\) = .*/\1/p' "$CASETRAIL_STORE/casetrail.conf"); do
		grep -qx "\.It Cm $key No = Ar [a-z]*" "$top/man/casetrail.conf.5" ||
			fail "casetrail.conf.5 does not document $key"
	done
}

@test "casetrail-formats.5 documents every JSON key the programs write" {
	local key out=$BATS_TEST_TMPDIR/out.json
	setup_store
	new_case >/dev/null
	case-log 2026-000001 --action inspection --officer li.ming --officer wang.fang \
		-m 现场检查 --at '2026-09-02 10:00' 2>/dev/null >/dev/null
	{
		officer-list -f json
		case-list -f json
		case-show -f json 2026-000001
	} >"$out"
	assert_json_lines "$(cat "$out")"
	# Every key, also those of the objects in case-show's timeline.
	for key in $(grep -oE '"[a-z_]+":' "$out" | tr -d '":' | sort -u); do
		grep -qE "^\.It Cm $key Ta |^\.Cm .*\<$key\>" \
		    "$top/man/casetrail-formats.5" ||
			fail "casetrail-formats.5 lacks the JSON key $key"
	done
}

@test "casetrail-formats.5 names the keys of the canonical journal line in order" {
	local line keys
	setup_store
	line=$(store-verify --proof 1 | sed -n 's/^line //p')
	keys=$(sqlite3 :memory: "SELECT group_concat(key, ' ') FROM
	    json_each('${line//\'/\'\'}')")
	assert_equal "$keys" 'seq at officer case action stage body'
	assert_equal "$(sed -n '/^\.Ss Canonical journal line/,/^\.Ss /p' \
	    "$top/man/casetrail-formats.5" |
	    sed -n 's/^\.It Cm \([a-z]*\)$/\1/p' | tr '\n' ' ' | sed 's/ $//')" \
	    "$keys"
}
