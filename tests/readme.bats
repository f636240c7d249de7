#!/usr/bin/env bats
# README.md: its examples run as written and do what it says.
#
# Every fenced block of README.md has a marker on the line before its
# fence.  `<!-- test: NAME -->` before a ```sh fence: the block is run,
# in a store that the function NAME below makes, as one shell script,
# each command (a line, with the indented lines that continue it) with
# its own output, error and status (run_block); the test of NAME checks
# them.  `<!-- output: NAME -->` before a ```text fence: the block is
# what the last command of block NAME prints, to the byte.
# `<!-- not run: WHY -->`: an example no test can run (make install).
# So an example cannot be added and go untested unnoticed.
bats_require_minimum_version 1.5.0
load helper

readme=${CASETRAIL_TOP:-$BATS_TEST_DIRNAME/..}/README.md

# The lines of the block marked KIND: NAME (test or output), without its
# fences; fails if there is none.
readme_block() {
	awk -v want="<!-- $1: $2 -->" '
		$0 == want { found = 1; getline; inblock = 1; next }
		inblock && /^```/ { exit }
		inblock { print }
		END { exit !found }' "$readme" ||
		fail "README.md has no block marked '<!-- $1: $2 -->'"
}

# Runs the block marked test: NAME in $BATS_TEST_TMPDIR/readme (where
# the setup left its files) as one script, with pipefail as cron's
# careful scripts have it.  Command i's output goes to out.i, its
# errors to err.i, its status to rc.i, and its text to cmd.i; ncmds
# is their number.  Fails unless every command succeeded.
run_block() {
	local dir=$BATS_TEST_TMPDIR/readme line i=0 script
	mkdir -p "$dir"
	script="set -o pipefail"$'\n'
	while IFS= read -r line; do
		if [[ $line =~ ^[[:space:]] ]] && [ "$i" -gt 0 ]; then
			printf '%s\n' "$line" >>"$dir/cmd.$i"
			continue
		fi
		i=$((i + 1))
		printf '%s\n' "$line" >"$dir/cmd.$i"
	done < <(readme_block test "$1")
	ncmds=$i
	[ "$ncmds" -gt 0 ] || fail "the block '$1' of README.md has no command"
	for ((i = 1; i <= ncmds; i++)); do
		script+="{ $(<"$dir/cmd.$i")"$'\n'"} >out.$i 2>err.$i; echo \$? >rc.$i"$'\n'
	done
	(cd "$dir" && bash -c "$script") || fail "the block '$1' did not run"
	for ((i = 1; i <= ncmds; i++)); do
		[ "$(<"$dir/rc.$i")" = 0 ] ||
			fail "README.md's command failed ($(<"$dir/rc.$i")): $(<"$dir/cmd.$i")
$(<"$dir/err.$i")"
	done
}

# The output of the command of the block last run that starts with
# PREFIX; fails if there is none, so that a test notices when the README
# drops an example it checks.
output_of() {
	local dir=$BATS_TEST_TMPDIR/readme i
	for ((i = 1; i <= ncmds; i++)); do
		if [[ $(<"$dir/cmd.$i") == "$1"* ]]; then
			cat "$dir/out.$i"
			return
		fi
	done
	fail "README.md's block has no command starting with '$1'"
}

# An empty store, to be made by the README's first steps, and nobody
# acting yet.
first_steps() {
	setup_store
	export CASETRAIL_STORE=$BATS_TEST_TMPDIR/new-store
	export XDG_CONFIG_HOME=$BATS_TEST_TMPDIR/new-config
	unset CASETRAIL_OFFICER
}

# The store of the pipelines: li.ming and wang.fang, a case past its
# deadline and one within it, and notes enough for an entry 42.
pipelines() {
	add_officer wang.fang 王芳 14020020002
	plain case-new --type penalty --title 某超市销售过期食品案 \
		--party 大同市某某超市有限公司 --party-kind org --handler li.ming \
		--handler wang.fang --at "2026-08-03 09:30"
	plain case-new --type penalty --title 某药店销售过期药品案 \
		--handler wang.fang --at "2026-11-20 09:30" >/dev/null
	for i in $(seq 40); do
		printf '{"case":"2026-000002","action":"note","text":"第%d次回访"}\n' "$i"
	done | plain case-log -q --import
}

# The store of the first steps, as the README's reader has it next, and
# the body camera's video (2.3 MiB) in the directory of the commands.
a_case() {
	first_steps
	run_block first_steps
	export CASETRAIL_OFFICER=li.ming
	{ printf '\0\0\0\030ftypisom\0\0\0\0isom'; head -c $((2400 << 10)) /dev/zero; } \
		>"$BATS_TEST_TMPDIR/readme/执法记录仪.mp4"
}

# Text alone: once, not again under the sanitizers (tests/run).
# bats test_tags=once
@test "README.md has examples to run, and every block of it is marked" {
	run grep -c '^<!-- test: [a-z_]* -->$' "$readme"
	assert_success
	[ "$output" -ge 2 ] || fail "README.md has $output examples marked to run"
	# The line before each fence opens it with a marker: a block that is
	# neither run nor said not to be cannot slip in.
	run awk '/^```./ && prev !~ /^<!-- (test|output|not run): / {
		print FILENAME ":" NR ": " $0 } { prev = $0 }' "$readme"
	assert_output ""
	# An indented code block would escape the markers.
	run awk '/^```/ { fence = !fence } !fence && /^    / { print NR ": " $0 }' "$readme"
	assert_output ""
	# Every test marker names a function of this file.
	while IFS= read -r name; do
		declare -F "$name" >/dev/null || fail "no setup function '$name' for README.md's block"
	done < <(sed -n 's/^<!-- test: \([a-z_]*\) -->$/\1/p' "$readme")
}

@test "README.md's first steps make a store of two officers with keys" {
	first_steps
	run_block first_steps
	unset CASETRAIL_OFFICER
	assert_equal "$(output_of 'officer-add li.ming')" li.ming
	assert_equal "$(output_of 'officer-add wang.fang')" wang.fang
	assert_equal "$(output_of 'officer-key -A li.ming' | cut -f2)" \
		"$XDG_CONFIG_HOME/casetrail/keys/li.ming.key"
	[ "$(stat -c %a "$XDG_CONFIG_HOME/casetrail/keys/li.ming.key")" = 600 ]
	run bash -c 'officer-list | cut -f1,2,3,4,7'
	assert_output "$(printf '%s\n' $'li.ming\t李明\t14020020001\tvalid\tofficer,admin' \
		$'wang.fang\t王芳\t14020020002\tvalid\tofficer')"
	run store-verify -q
	assert_success
}

@test "README.md's pipelines run as written" {
	setup_store pipelines
	overdue=$made
	run_block pipelines
	# What is past its deadline, shown; the case within it is not.
	run output_of 'case-list --overdue | case-show'
	assert_line --index 0 "$overdue  penalty  open  stage: filing"
	refute_output --partial 某药店销售过期药品案
	# The note went to the overdue case alone.
	run bash -c "case-show -f tsv $overdue | tail -n 1 | cut -f6,12"
	assert_output $'note\t催办：已超过办案期限'
	# The new case has its first step, with both officers.
	new=$(case-list | tail -n 1 | cut -f1)
	assert_equal "$(case-show -f tsv "$new" | tail -n 1 | cut -f6,8,12)" \
		$'inspection\tli.ming,wang.fang\t现场检查'
	# The checkpoint is a signed note of the whole journal ...
	run cat "$BATS_TEST_TMPDIR/readme/checkpoint.txt"
	assert_line --index 1 "$(sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT count(*) FROM journal')"
	assert_line --regexp '^— [^ ]+/li\.ming [A-Za-z0-9+/=]+$'
	# ... against which entry 42's proof holds, printing the entry.
	assert_equal "$(output_of 'store-verify --proof 42')" \
		"$(sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT line FROM journal WHERE seq = 42')"
}

@test "README.md's case step by step prints the timeline it shows" {
	a_case
	run_block a_case
	diff -u <(readme_block output a_case) "$BATS_TEST_TMPDIR/readme/out.$ncmds" ||
		fail "the output of '$(<"$BATS_TEST_TMPDIR/readme/cmd.$ncmds")' is not README.md's"
	run store-verify -q
	assert_success
}
