# Shared by the bench scripts: a scratch directory, a timer, and the
# result line that bench/run gathers into its table.
set -eu
scratch=$(mktemp -d "${TMPDIR:-/tmp}/casetrail-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export CASETRAIL_STORE="$scratch/store" XDG_CONFIG_HOME="$scratch/config"
export CASETRAIL_OFFICER=li.ming
unset CASETRAIL_NOW

# seconds CMD...: wall time of one run, in seconds.
seconds() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null || { echo "bench: '$*' failed" >&2; return 1; }
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc -l
}

# best N CMD...: the fastest of N runs (the least disturbed by a noisy
# neighbour on a shared machine).
best() {
	local runs=$1 b='' t
	shift
	for _ in $(seq "$runs"); do
		t=$(seconds "$@") || return 1
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
	done
	echo "$b"
}

# median X...: the middle value (the mean of the two middle ones).
median() {
	printf '%s\n' "$@" | sort -g |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# result NAME BASELINE RATIO TARGET OK: one line for bench/run.
result() {
	printf 'RESULT\t%s\t%s\t%s\t%s\t%s\n' "$@"
}

# le A B: prints "pass" if A <= B, else "FAIL".
le() { [ "$(echo "$1 <= $2" | bc -l)" = 1 ] && echo pass || echo FAIL; }

# A new store with one officer and one case; prints the case ID.
new_store() {
	rm -rf "$CASETRAIL_STORE"
	officer-add li.ming --name 李明 --credential 14020020001 \
		--valid-from 2020-01-01 --valid-until 2030-12-31 >/dev/null
	officer-key >/dev/null
	case-new --type penalty --title '基准测试案' --at '2026-01-05 09:00'
}
