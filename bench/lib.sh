# Shared by the bench scripts: a scratch directory, a timer, checked
# arithmetic, and the result line that bench/run gathers into its table.
#
# A benchmark fails loudly rather than print a ratio of nothing: every
# timed command's status is checked (each one of a loop: `must`), the
# work is counted after it is timed (`expect`), and a calculation that
# bc cannot make stops the benchmark (`calc`).  Any failure, in a
# command substitution too, exits non-zero and leaves no RESULT line.
set -euo pipefail
shopt -s inherit_errexit
scratch=$(mktemp -d "${TMPDIR:-/tmp}/casetrail-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export CASETRAIL_STORE="$scratch/store" XDG_CONFIG_HOME="$scratch/config"
export CASETRAIL_OFFICER=li.ming
unset CASETRAIL_NOW
bench=${0##*/}

# fail MESSAGE: stops the benchmark.  Called in a command substitution,
# it stops that subshell; the mark it leaves stops the benchmark at its
# next result or calc, whatever the caller did with the status.
fail() {
	echo "bench: $bench: $*" >&2
	: >"$scratch/failed"
	exit 1
}
checked() { [ ! -e "$scratch/failed" ] || exit 1; }

# must CMD...: CMD, or the benchmark fails naming it and its status.  For
# each command of a timed loop, where the shell checks only the last.
must() {
	"$@" || fail "'$*' exited $?"
}

# calc EXPR: EXPR computed by bc -l; a syntax error, a division by zero
# or anything else that is not a number stops the benchmark (bc itself
# exits 0 on all of them).
calc() {
	local out
	checked
	out=$(echo "$1" | BC_LINE_LENGTH=0 bc -l 2>&1) || fail "bc failed on '$1'"
	[[ $out =~ ^-?[0-9]*\.?[0-9]+$ ]] || fail "bc: '$1' gave '$out', not a number"
	echo "$out"
}

# seconds CMD...: wall time of one run, in seconds.  CMD's standard output
# is kept in $scratch/out, for the caller to check.
seconds() {
	local t0 t1
	checked
	t0=$(date +%s.%N)
	"$@" >"$scratch/out" || fail "'$*' exited $?"
	t1=$(date +%s.%N)
	calc "$t1 - $t0"
}

# best N CMD...: the fastest of N runs (the least disturbed by a noisy
# neighbour on a shared machine).
best() {
	local runs=$1 b='' t
	shift
	for _ in $(seq "$runs"); do
		t=$(seconds "$@")
		if [ -z "$b" ] || [ "$(calc "$t < $b")" = 1 ]; then b=$t; fi
	done
	echo "$b"
}

# median X...: the middle value (the mean of the two middle ones).
median() {
	local m
	[ $# -gt 0 ] || fail "median of nothing"
	m=$(printf '%s\n' "$@" | sort -g |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	calc "$m"
}

# result NAME BASELINE RATIO TARGET OK: one line for bench/run.
result() {
	checked
	printf 'RESULT\t%s\t%s\t%s\t%s\t%s\n' "$@"
}

# le A B: prints "pass" if A <= B, else "FAIL".
le() {
	local r
	r=$(calc "$1 <= $2")
	[ "$r" = 1 ] && echo pass || echo FAIL
}

# rows DB TABLE: how many rows TABLE of the SQLite database DB has.
rows() {
	local n
	n=$(sqlite3 "$1" "SELECT count(*) FROM $2") || fail "cannot count $2 in $1"
	echo "$n"
}

# entries: how many entries the store's journal has.
entries() { rows "$CASETRAIL_STORE/store.db" journal; }

# expect WHAT WANT GOT: the work was done, or the benchmark fails.
expect() {
	[ "$2" = "$3" ] || fail "$1: want $2, got $3"
}

# A new store with one officer and one case; prints the case ID.
new_store() {
	rm -rf "$CASETRAIL_STORE"
	must officer-add li.ming --name 李明 --credential 14020020001 \
		--valid-from 2020-01-01 --valid-until 2030-12-31 >/dev/null
	must officer-key >/dev/null
	must case-new --type penalty --title '基准测试案' --at '2026-01-05 09:00'
}
