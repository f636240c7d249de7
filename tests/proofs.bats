#!/usr/bin/env bats
# proofs: what a reader who kept a checkpoint can check later without the
# store.  store-verify --proof SEQ --size N proves an entry in an older
# tree; --consistency FILE proves that today's signed checkpoint extends
# the one in FILE (RFC 9162 2.1.4); --check-proof checks either against
# the checkpoint the reader trusts, and without one checks nothing.
bats_require_minimum_version 1.5.0
load helper

# One store of 64 entries for the whole file, made by the programs: two
# officers with their keys, a case and, in one import, its notes.  Each
# test works on a copy of its own.  cp4.txt is the signed checkpoint as
# it was at 4 entries.
setup_file() {
	local base=$BATS_FILE_TMPDIR/base n
	export CASETRAIL_NOW="${CASETRAIL_NOW:-2026-11-25 10:00}"
	mkdir -p "$base"
	(
		export CASETRAIL_STORE=$base/store XDG_CONFIG_HOME=$base/config
		unset CASETRAIL_OFFICER
		officer-add li.ming --name 李明 --credential 14020020001 \
			--valid-from 2020-01-01 --valid-until 2030-12-31 &&
			CASETRAIL_OFFICER=li.ming officer-key || exit
		export CASETRAIL_OFFICER=li.ming
		officer-add wang.fang --name 王芳 --credential 14020020002 \
			--valid-from 2020-01-01 --valid-until 2030-12-31 &&
			officer-key wang.fang || exit
		store-verify --checkpoint >"$base/cp4.txt" || exit
		case-new --type penalty --title 某超市销售过期食品案 \
			--handler li.ming --handler wang.fang \
			--at "2026-09-01 09:30" || exit
		n=$(sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT count(*) FROM journal')
		for ((i = n + 1; i <= 64; i++)); do
			printf '{"case":"2026-000001","action":"note","text":"第%d次电话回访"}\n' "$i"
		done | case-log -q --import
	) >/dev/null
}

setup() {
	setup_store
	rm -rf "$CASETRAIL_STORE" "$XDG_CONFIG_HOME"
	cp -a "$BATS_FILE_TMPDIR/base/store" "$BATS_FILE_TMPDIR/base/config" \
		"$BATS_TEST_TMPDIR/"
	cp "$BATS_FILE_TMPDIR/base/cp4.txt" "$BATS_TEST_TMPDIR/"
	cd "$BATS_TEST_TMPDIR" || return
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }

# The reference tree of tests/rfc9162.bash over the stored lines.
rfc9162() {
	db 'SELECT line FROM journal ORDER BY seq' |
		bash "$BATS_TEST_DIRNAME/rfc9162.bash" "$@"
}

origin() { db "SELECT value FROM meta WHERE key = 'origin'"; }

# cp_of SIZE...: the checkpoint of the first SIZE entries, unsigned, with
# the root of the reference tree, into cp.SIZE, for each SIZE.
cp_of() {
	local o size args=() roots=()
	o=$(origin)
	for size in "$@"; do args+=(root "$size"); done
	mapfile -t roots < <(rfc9162 "${args[@]}")
	assert_equal "${#roots[@]}" $#
	for size in "$@"; do
		printf '%s\n%s\n%s\n' "$o" "$size" "${roots[0]}" >"cp.$size"
		roots=("${roots[@]:1}")
	done
}

# alter N FILE: FILE with the first base64 character of line N changed.
alter() {
	awk -v n="$1" 'NR == n { c = substr($0, 1, 1)
		$0 = (c == "A" ? "B" : "A") substr($0, 2) } { print }' "$2"
}

@test "the store has 64 entries and verifies" {
	assert_equal "$(db 'SELECT count(*) FROM journal')" 64
	run -0 store-verify
	assert_line --index 1 64
}

# --- consistency proofs -----------------------------------------------------

@test "consistency proofs hold for every pair of sizes 1 <= m <= n <= 64" {
	local unit sizes=()
	# The library's proofs from the store, checked in one process against
	# roots computed from the RFC by tests/rfc9162.bash.
	unit=${CASETRAIL_TEST_PLAIN_BIN:-$(dirname "$(command -v store-verify)")}/../unit/consistency
	[ -x "$unit" ] || fail "no $unit: run make"
	for ((n = 1; n <= 64; n++)); do sizes+=(root "$n"); done
	rfc9162 "${sizes[@]}" >roots
	assert_equal "$(wc -l <roots)" 64
	run "$unit" "$CASETRAIL_STORE" roots
	assert_success
	assert_output ""
}

@test "--consistency from a checkpoint of each kind of size, checked by --check-proof" {
	local m
	store-verify --checkpoint >now.txt
	cp_of 1 2 3 4 5 7 8 9 16 31 32 33 63 64
	for m in 1 2 3 4 5 7 8 9 16 31 32 33 63 64; do
		store-verify --consistency "cp.$m" >"proof.$m"
		assert_equal "$(sed -n 2p "proof.$m")" "old $m $(sed -n 3p "cp.$m")"
		# The reader who kept cp.m learns today's signed checkpoint.
		run -0 store-verify -S nowhere --check-proof --against "cp.$m" \
			<"proof.$m"
		assert_output "$(cat now.txt)"
	done
	[ ! -e nowhere ]
	# From the newest tree to itself: no hashes.
	assert_equal "$(grep -c '^path ' proof.64)" 0
	# 1 and 2 are nodes of the tree of 64 (their roots are left out);
	# 3 needs its own subtree.
	assert_equal "$(grep -c '^path ' proof.1)" 6
	assert_equal "$(grep -c '^path ' proof.3)" 7
}

@test "--consistency from a signed checkpoint kept aside, and from stdin" {
	run -0 store-verify --consistency cp4.txt
	assert_line --index 0 "casetrail-consistency 1"
	assert_line --index 1 "old 4 $(sed -n 3p cp4.txt)"
	echo "$output" >proof
	run -0 store-verify --check-proof --against cp4.txt <proof
	assert_output "$(store-verify --checkpoint)"
	run -0 store-verify --consistency - <cp4.txt
	assert_output "$(cat proof)"
	# -q: the exit status alone.
	run -0 store-verify -q --check-proof --against cp4.txt <proof
	assert_output ""
}

@test "a consistency proof fails for any altered hash, old root or new root" {
	local lines i
	cp_of 5
	store-verify --consistency cp.5 >proof
	run -0 store-verify --check-proof --against cp.5 <proof
	lines=$(grep -c '^path ' proof)
	assert_equal "$lines" 7
	# Each hash, on lines 3 to 9.
	for ((i = 3; i < 3 + lines; i++)); do
		# The hash's first base64 character, not the keyword.
		awk -v n="$i" 'NR == n { c = substr($2, 1, 1)
			$2 = (c == "A" ? "B" : "A") substr($2, 2) } { print }' \
			proof >bad
		if cmp -s proof bad; then fail "line $i not altered"; fi
		run -1 store-verify --check-proof --against cp.5 <bad
		assert_output "store-verify: proof: the tree of size 64 does not extend the tree of size 5"
	done
	# The old root in the proof, with the reader's checkpoint altered
	# the same way (a forged kept checkpoint), and without.
	awk 'NR == 2 { c = substr($3, 1, 1)
		$3 = (c == "A" ? "B" : "A") substr($3, 2) } { print }' proof >bad
	if cmp -s proof bad; then fail "old root not altered"; fi
	run -1 store-verify --check-proof --against cp.5 <bad
	assert_output "store-verify: proof: the tree of size 64 does not extend the tree of size 5"
	alter 3 cp.5 >cp.bad
	run -1 store-verify --check-proof --against cp.bad <bad
	assert_output "store-verify: proof: the tree of size 64 does not extend the tree of size 5"
	# The new root: the third line after the blank line.
	i=$(($(grep -n '^$' proof | head -n 1 | cut -d: -f1) + 3))
	alter "$i" proof >bad
	if cmp -s proof bad; then fail "new root not altered"; fi
	run -1 store-verify --check-proof --against cp.5 <bad
	assert_output "store-verify: proof: the tree of size 64 does not extend the tree of size 5"
	# A hash left out, one repeated.
	sed '4d' proof >bad
	run -1 store-verify --check-proof --against cp.5 <bad
	sed '4p' proof >bad
	run -1 store-verify --check-proof --against cp.5 <bad
}

@test "--check-proof: a consistency proof from another tree than the one kept" {
	cp_of 5 6
	store-verify --consistency cp.5 >proof
	run -1 store-verify --check-proof --against cp.6 <proof
	assert_output "store-verify: the proof is from another tree than cp.6"
	# The same size and root under another origin is another log.
	sed '1s/.*/casetrail\/0000000000000000/' cp.5 >other.txt
	run -1 store-verify --check-proof --against other.txt <proof
	assert_output "store-verify: the proof is from another tree than other.txt"
	# The newer tree is not the tree it starts from.
	store-verify --checkpoint >now.txt
	run -1 store-verify --check-proof --against now.txt <proof
	assert_output "store-verify: the proof is from another tree than now.txt"
}

@test "--consistency refuses a checkpoint that the store does not extend" {
	cp_of 5
	sed '1s/.*/casetrail\/0000000000000000/' cp.5 >other.txt
	refuses 1 store-verify --consistency other.txt
	assert_output "store-verify: the checkpoint is for 'casetrail/0000000000000000', not this store ('$(origin)')"
	alter 3 cp.5 >rewritten.txt
	refuses 1 store-verify --consistency rewritten.txt
	assert_output "store-verify: entries 1 to 5 do not match the checkpoint: history was rewritten"
	printf '%s\n65\n%s\n' "$(origin)" "$(sed -n 3p cp.5)" >longer.txt
	refuses 1 store-verify --consistency longer.txt
	assert_output "store-verify: the checkpoint has 65 entries, the journal only 64: entries were removed"
	printf '%s\n0\n%s\n' "$(origin)" "$(rfc9162 root 0 </dev/null)" >empty.txt
	refuses 2 store-verify --consistency empty.txt
	assert_output "store-verify: a checkpoint of no entries needs no consistency proof"
	printf '某个文件\n' >not.txt
	refuses 2 store-verify --consistency not.txt
	assert_output "store-verify: checkpoint has no tree size"
	refuses 4 store-verify --consistency missing.txt
	assert_output "store-verify: cannot open missing.txt"
	# A signature line of this store that does not verify.
	sed '$s/[A-Za-z0-9+\/]\{8\}=$/AAAAAAAA=/' cp4.txt >forged.txt
	if cmp -s cp4.txt forged.txt; then fail "signature not altered"; fi
	refuses 1 store-verify --consistency forged.txt
	assert_output "store-verify: the checkpoint's signature by 'li.ming' does not verify"
}

# --- --check-proof needs a checkpoint ----------------------------------------

@test "--check-proof without --against checks nothing: exit 2" {
	store-verify --proof 7 >inclusion
	store-verify --consistency cp4.txt >consistency
	for p in inclusion consistency; do
		run -2 store-verify --check-proof <"$p"
		assert_line --index 0 "store-verify: --check-proof checked nothing: give the checkpoint you trust with --against file"
		assert_line --index 1 --partial "usage: store-verify "
	done
	run -2 store-verify --check-proof --against - <inclusion
	assert_line --index 0 "store-verify: --check-proof reads the proof from standard input: --against needs a file"
}

# --- inclusion proofs against an older tree -------------------------------

@test "an inclusion proof against a checkpoint saved 1,000 entries ago" {
	local seq
	store-verify --checkpoint >saved.txt
	for ((i = 1; i <= 1000; i++)); do
		printf '{"case":"2026-000001","action":"note","text":"第%d次复查：整改到位"}\n' "$((64 + i))"
	done | case-log -q --import
	assert_equal "$(db 'SELECT count(*) FROM journal')" 1064
	for seq in 1 2 5 33 64; do
		store-verify --proof "$seq" --size 64 >proof
		run -0 store-verify -S nowhere --check-proof --against saved.txt <proof
		assert_output "$(db "SELECT line FROM journal WHERE seq = $seq")"
	done
	# Today's proof is against today's tree, not the one saved.
	store-verify --proof 64 >today
	run -1 store-verify --check-proof --against saved.txt <today
	assert_output "store-verify: the proof is against another tree than saved.txt"
	# And today's tree extends the one saved.
	store-verify --consistency saved.txt >consistency
	run -0 store-verify --check-proof --against saved.txt <consistency
	assert_line --index 1 1064
	[ ! -e nowhere ]
}

@test "--proof --size: the path and root of the reference tree" {
	local i n args=() want=() k=0
	for i in 1 5 13 20; do
		for n in 20 21 32 33 64; do args+=(path "$i" "$n" root "$n"); done
	done
	mapfile -t want < <(rfc9162 "${args[@]}")
	assert_equal "${#want[@]}" 40
	for i in 1 5 13 20; do
		for n in 20 21 32 33 64; do
			store-verify --proof "$i" --size "$n" >proof
			assert_equal "$(sed -n 's/^path //p' proof | tr '\n' ' ' |
				sed 's/ $//')" "${want[k++]}"
			assert_equal "$(tail -n 2 proof | head -n 1)" "$n"
			assert_equal "$(tail -n 1 proof)" "${want[k++]}"
		done
	done
	# --size of today's tree is --proof without it.
	assert_equal "$(store-verify --proof 9 --size 64)" "$(store-verify --proof 9)"
}

@test "a proof for an entry beyond the tree is refused" {
	refuses 4 store-verify --proof 65
	assert_output "store-verify: no journal entry 65: the journal has 64 entries"
	refuses 2 store-verify --proof 10 --size 9
	assert_output "store-verify: entry 10 is not in the tree of size 9: that tree holds entries 1 to 9"
	refuses 4 store-verify --proof 1 --size 65
	assert_output "store-verify: no tree of size 65: the journal has 64 entries"
	refuses_usage "store-verify: bad tree size '0'" store-verify --proof 1 --size 0
	refuses_usage "store-verify: bad tree size '九'" store-verify --proof 1 --size 九
	refuses_usage "store-verify: bad entry number '0'" store-verify --proof 0
}

@test "options that exclude each other" {
	refuses_usage "" store-verify --size 9
	refuses_usage "" store-verify --checkpoint --size 9
	refuses_usage "" store-verify --consistency cp4.txt --proof 1
	refuses_usage "" store-verify --consistency cp4.txt --against cp4.txt
	refuses_usage "" store-verify --consistency cp4.txt --size 4
	refuses_usage "" store-verify --proof 1 --against cp4.txt
	refuses_usage "" store-verify --check-proof --checkpoint
}
