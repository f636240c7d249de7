#!/usr/bin/env bats
# output: every program checks what it writes to standard output and its
# close.  On a full device (/dev/full) or a closed stdout it says so once
# and exits 5; a writer's change is recorded all the same.  A reader that
# goes away (| head -1) is not an error to report: SIGPIPE ends the
# program silently, and with SIGPIPE ignored the write's EPIPE ends it
# silently too, with status 5.
bats_require_minimum_version 1.5.0
load helper

setup() {
	setup_store a_case_and_a_document
	read -r case doc <<<"$made"
}
a_case_and_a_document() {
	local case
	case=$(new_case) &&
		printf '询问笔录：当事人陈述\n' >询问笔录.txt &&
		echo "$case $(evidence-add "$case" 询问笔录.txt | cut -f1)"
}

full_message() {
	echo "$1: cannot write standard output: No space left on device"
}

# on_full PROGRAM ARGS...: the program with its stdout on /dev/full.
on_full() { "$@" >/dev/full; }

# on_closed PROGRAM ARGS...: the program with its stdout closed.
on_closed() { "$@" >&-; }

# Asserts PROGRAM ARGS... on /dev/full exits 5 with the one message.
fails_on_full() {
	run --separate-stderr on_full "$@"
	assert_equal "$status" 5
	assert_equal "$stderr" "$(full_message "${1##*/}")"
	assert_output ""
}

@test "every program's --help and --version on /dev/full: exit 5" {
	local f p
	for f in "$CASETRAIL_TOP"/cmd/*.c; do
		p=${f##*/}
		p=${p%.c}
		fails_on_full "$p" --help
		fails_on_full "$p" --version
		run -0 "$p" --version
	done
}

@test "the listing programs on /dev/full: exit 5 and one message" {
	fails_on_full officer-list
	fails_on_full officer-list -f json
	fails_on_full case-list
	fails_on_full case-list -f csv
	fails_on_full case-show "$case"
	fails_on_full case-show -f tsv "$case"
	fails_on_full case-show -f json "$case"
	fails_on_full evidence-list "$case"
	fails_on_full case-log --actions
}

@test "store-verify on /dev/full: the checkpoint, the proofs, the check" {
	store-verify --checkpoint >"$BATS_TEST_TMPDIR/cp.txt"
	store-verify --proof 3 >"$BATS_TEST_TMPDIR/proof"
	fails_on_full store-verify
	fails_on_full store-verify --checkpoint
	fails_on_full store-verify --proof 3
	fails_on_full store-verify --proof 3 --size 4
	fails_on_full store-verify --consistency "$BATS_TEST_TMPDIR/cp.txt"
	fails_on_full store-verify --against "$BATS_TEST_TMPDIR/cp.txt"
	run --separate-stderr on_full store-verify --check-proof \
		--against "$BATS_TEST_TMPDIR/cp.txt" <"$BATS_TEST_TMPDIR/proof"
	assert_equal "$status" 5
	assert_equal "$stderr" "$(full_message store-verify)"
	# -q prints nothing: nothing to lose.
	run -0 on_full store-verify -q
}

@test "evidence-cat on /dev/full: exit 5, nothing claimed as written" {
	run --separate-stderr on_full evidence-cat "$doc"
	assert_equal "$status" 5
	assert_equal "$stderr" "evidence-cat: cannot write: No space left on device"
}

@test "a failure that is not the output's keeps its status and message" {
	run --separate-stderr on_full case-show 2026-999999
	assert_equal "$status" 4
	assert_equal "$stderr" "case-show: cannot find case '2026-999999'"
	run --separate-stderr on_full store-verify --proof 99
	assert_equal "$status" 4
	assert_equal "$stderr" "store-verify: no journal entry 99: the journal has 6 entries"
	# Shown cases, then a missing one: the output failed too, both said,
	# and the status is the first failure's that is not the output's.
	run --separate-stderr on_full case-show "$case" 2026-999999
	assert_equal "$status" 4
	assert_equal "$stderr" "case-show: cannot find case '2026-999999'
$(full_message case-show)"
}

@test "many IDs on /dev/full: one message, not one per ID" {
	local ids=()
	for i in $(seq 40); do ids+=("$case"); done
	run --separate-stderr on_full case-show "${ids[@]}"
	assert_equal "$status" 5
	assert_equal "$stderr" "$(full_message case-show)"
	run --separate-stderr on_full evidence-list "${ids[@]}"
	assert_equal "$status" 5
	assert_equal "$stderr" "$(full_message evidence-list)"
	# From standard input, as in a pipeline.
	printf '%s\n' "${ids[@]}" >"$BATS_TEST_TMPDIR/ids"
	run --separate-stderr on_full case-show -f tsv <"$BATS_TEST_TMPDIR/ids"
	assert_equal "$status" 5
	assert_equal "$stderr" "$(full_message case-show)"
}

# --- writers: the change is recorded, its confirmation is lost -------------

@test "case-new on /dev/full: the case is opened, exit 5" {
	fails_on_full case-new --type penalty --title 某餐馆无证经营案 \
		--handler li.ming --handler wang.fang
	run -0 case-list -f tsv
	assert_line --index 1 --regexp $'^2026-000002\tpenalty\t'
	assert_line --index 1 --partial 某餐馆无证经营案
	run -0 store-verify -q
}

@test "case-log on /dev/full: every case is logged, exit 5" {
	local before
	before=$(db_count)
	fails_on_full case-log "$case" "$case" "$case" --action note -m 电话通知当事人
	assert_equal "$(db_count)" $((before + 3))
	run -0 bash -c "case-show -f tsv $case | cut -f6,12 | tail -n 3"
	assert_output "$(printf 'note\t电话通知当事人\n%.0s' 1 2 3)"
	run -0 store-verify -q
	# --import prints nothing on stdout: nothing lost.
	printf '{"case":"%s","action":"note","text":"补充说明"}\n' "$case" |
		on_full case-log --import
	assert_equal "$(db_count)" $((before + 4))
}

@test "evidence-add on /dev/full: the evidence is stored, exit 5" {
	printf '现场照片' >"$BATS_TEST_TMPDIR/现场照片.jpg"
	fails_on_full evidence-add "$case" "$BATS_TEST_TMPDIR/现场照片.jpg"
	run -0 bash -c "evidence-list $case | cut -f3"
	assert_output "询问笔录.txt
现场照片.jpg"
	run -0 store-verify -q
}

@test "officer-add, officer-key, officer-revoke on /dev/full: done, exit 5" {
	fails_on_full officer-add zhao.lei --name 赵磊 --credential 14020020003 \
		--valid-from 2020-01-01 --valid-until 2030-12-31
	run -0 bash -c "officer-list | cut -f1"
	assert_line zhao.lei
	fails_on_full officer-key zhao.lei
	[ -f "$XDG_CONFIG_HOME/casetrail/keys/zhao.lei.key" ]
	run -0 sqlite3 "$CASETRAIL_STORE/store.db" \
		"SELECT count(*) FROM officer_key WHERE officer = 'zhao.lei'"
	assert_output 1
	fails_on_full officer-revoke zhao.lei --reason 调离
	run -0 bash -c "officer-list | grep '^zhao.lei' | cut -f4"
	assert_output revoked
	run -0 store-verify -q
}

@test "store-rebuild prints nothing: /dev/full is no failure, --help is" {
	run -0 on_full store-rebuild
	fails_on_full store-rebuild --help
}

@test "a closed standard output: exit 5 when something was to be written" {
	run --separate-stderr on_closed officer-list
	assert_equal "$status" 5
	assert_equal "$stderr" "officer-list: cannot write standard output: Bad file descriptor"
	run --separate-stderr on_closed store-verify -q
	assert_success
	assert_equal "$stderr" ""
}

# --- a reader that went away ------------------------------------------------

# A case with a long timeline: its TSV, shown a few times, is well over a
# pipe's 64 KiB, so that head's leaving is seen by a write.
long_case() {
	for i in $(seq 300); do
		printf '{"case":"%s","action":"note","text":"第%d次电话回访，当事人表示已整改完毕"}\n' "$case" "$i"
	done | case-log -q --import
}

# pipe_to_head [ignore] PROGRAM ARGS...: PROGRAM's output into head -n 1,
# with SIGPIPE ignored if asked; $status is PROGRAM's, $err its stderr,
# $first what head printed.
pipe_to_head() {
	local ignore=
	if [ "$1" = ignore ]; then ignore=1; shift; fi
	(
		[ -z "$ignore" ] || trap '' PIPE
		"$@" 2>"$BATS_TEST_TMPDIR/err" | head -n 1 >"$BATS_TEST_TMPDIR/first"
		echo "${PIPESTATUS[0]}" >"$BATS_TEST_TMPDIR/status"
	)
	status=$(cat "$BATS_TEST_TMPDIR/status")
	err=$(cat "$BATS_TEST_TMPDIR/err")
	first=$(cat "$BATS_TEST_TMPDIR/first")
}

@test "| head -1: SIGPIPE ends the program silently" {
	long_case
	pipe_to_head case-show -f tsv "$case" "$case" "$case" "$case"
	assert_equal "$status" 141
	assert_equal "$err" ""
	assert_equal "$first" "$(case-show -f tsv "$case" | head -n 1)"
}

@test "| head -1 with SIGPIPE ignored: EPIPE ends it silently, exit 5" {
	long_case
	pipe_to_head ignore case-show -f tsv "$case" "$case" "$case" "$case"
	assert_equal "$status" 5
	assert_equal "$err" ""
	assert_equal "$first" "$(case-show -f tsv "$case" | head -n 1)"
	pipe_to_head ignore case-show "$case" "$case" "$case" "$case"
	assert_equal "$status" 5
	assert_equal "$err" ""
	# evidence-cat writes past stdio: the same.
	head -c 1000000 /dev/urandom >"$BATS_TEST_TMPDIR/录像.mp4"
	video=$(evidence-add "$case" "$BATS_TEST_TMPDIR/录像.mp4" | cut -f1)
	pipe_to_head ignore evidence-cat "$video"
	assert_equal "$status" 5
	assert_equal "$err" ""
	pipe_to_head evidence-cat "$video"
	assert_equal "$status" 141
	assert_equal "$err" ""
}

@test "a reader that reads everything: exit 0, SIGPIPE ignored or not" {
	long_case
	(
		trap '' PIPE
		case-show -f tsv "$case" | cat >"$BATS_TEST_TMPDIR/all"
		echo "${PIPESTATUS[0]}" >"$BATS_TEST_TMPDIR/status"
	)
	assert_equal "$(cat "$BATS_TEST_TMPDIR/status")" 0
	run -0 wc -l <"$BATS_TEST_TMPDIR/all"
	assert_output 302
}

db_count() {
	sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT count(*) FROM journal'
}
