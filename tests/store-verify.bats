#!/usr/bin/env bats
# store-verify: the checkpoint, inclusion proofs, tampering of every kind,
# and known-answer tests of the Merkle tree (RFC 9162 section 2.1) against
# tests/rfc9162.bash, which computes it with bash, printf and openssl dgst.
load helper

setup() { setup_store; }

# Each journal row keeps its canonical line (column line), the line's
# leaf hash and the subtrees its leaf completes (nodes).

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }

journal_count() { db 'SELECT count(*) FROM journal'; }

# --- the tree, computed again ------------------------------------------------

# Runs the reference tree of tests/rfc9162.bash (bash, printf and openssl
# dgst, from the RFC's definitions) over the stored canonical lines.
rfc9162() {
	db 'SELECT line FROM journal ORDER BY seq' |
		bash "$BATS_TEST_DIRNAME/rfc9162.bash" "$@"
}

# Rewrites every row's leaf and nodes as a forger would, from the rows as
# they are now: row seq keeps the subtrees its leaf completes, levels 1 up.
# With "checkpoints", rewrites the stored checkpoints' roots as well.
rehash_journal() {
	local n seq i=0 sql="" size nodes
	local -a args=() sizes=() out
	n=$(journal_count)
	for ((seq = 1; seq <= n; seq++)); do args+=(leaf "$seq" nodes "$seq"); done
	if [ "${1-}" = checkpoints ]; then
		mapfile -t sizes < <(db 'SELECT size FROM checkpoint ORDER BY size')
		for size in "${sizes[@]}"; do args+=(roothex "$size"); done
	fi
	mapfile -t out < <(rfc9162 "${args[@]}")
	assert_equal "${#out[@]}" $((2 * n + ${#sizes[@]}))
	for ((seq = 1; seq <= n; seq++, i += 2)); do
		nodes=${out[i + 1]}
		[ -n "$nodes" ] && nodes="X'$nodes'" || nodes=NULL
		sql+="UPDATE journal SET leaf = X'${out[i]}', nodes = $nodes"
		sql+=" WHERE seq = $seq;"
	done
	for size in ${sizes[@]+"${sizes[@]}"}; do
		sql+="UPDATE checkpoint SET root = X'${out[i++]}' WHERE size = $size;"
	done
	db "DROP TRIGGER IF EXISTS journal_no_update;
	    DROP TRIGGER IF EXISTS checkpoint_no_update; $sql"
}

# Signs every signed checkpoint again, as they are now, with li.ming's
# private key, as a forger who holds it would: the note text of C2SP
# tlog-checkpoint ("ORIGIN\nSIZE\nBASE64ROOT\ntime AT\n") signed with
# openssl.
resign_checkpoints() {
	local origin size root at sig sql="" msg=$BATS_TEST_TMPDIR/note
	origin=$(db "SELECT value FROM meta WHERE key = 'origin'")
	while IFS='|' read -r size root at; do
		printf '%s\n%s\n%s\ntime %s\n' "$origin" "$size" "$(bash \
			"$BATS_TEST_DIRNAME/rfc9162.bash" b64 "$root" </dev/null)" "$at" >"$msg"
		sig=$(openssl pkeyutl -sign -rawin -in "$msg" \
			-inkey "$XDG_CONFIG_HOME/casetrail/keys/li.ming.key" |
			od -An -tx1 | tr -d ' \n')
		assert_equal "${#sig}" 128
		sql+="UPDATE checkpoint SET signature = X'$sig' WHERE size = $size;"
	done < <(db "SELECT size, hex(root), at FROM checkpoint
	    WHERE signature IS NOT NULL AND officer = 'li.ming' ORDER BY size")
	db "DROP TRIGGER IF EXISTS checkpoint_no_update; $sql"
}

# --- stores -----------------------------------------------------------------

# A store of n entries (n >= 2), one invocation per entry, so that there
# is a checkpoint at every size.  Entry 1 is li.ming (the founding
# officer-add, unsigned), 2 li.ming's key (setup_store makes both), 3
# wang.fang, 4 the case 2026-000001, then notes, entry 5 with text that
# JSON must escape.  Every checkpoint from size 2 on is signed by li.ming.
grow_to() {
	local n=$1 size
	for ((size = $(journal_count); size < n; size++)); do
		case $size in
		2) officer-add wang.fang --name 王芳 --credential 14020020002 \
			--valid-from 2020-01-01 --valid-until 2030-12-31 ;;
		3) case-new --type penalty --title 某超市销售过期食品案 \
			--party 大同市某某超市有限公司 --party-kind org \
			--handler li.ming --handler wang.fang --at "2026-09-01 09:30" ;;
		4) case-log 2026-000001 --action note \
			-m "$(printf '引号 " 反斜杠 \\ 制表\t换行\n结束 🙂 entry %d' \
			$((size + 1)))" ;;
		*) case-log 2026-000001 --action note -m "第 $((size + 1)) 条记录" ;;
		esac >/dev/null || return 1
	done
}

# Asserts the last `run` was store-verify saying no, in one line that
# names entry $1 and says what is wrong with it, $2: the finding, so that
# a failure for another reason does not pass.
names_entry() {
	assert_equal "$status" 1
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^store-verify: .*entry $1([^0-9]|\$)"
	assert_output --partial "$2"
}

# Asserts the last `run` was store-verify saying no in one line naming
# $1 (a regular expression) and saying $2.
names() {
	assert_equal "$status" 1
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^store-verify: .*$1"
	assert_output --partial "$2"
}

# --- the clean store, the checkpoint, proofs ---------------------------------

@test "a clean store verifies and prints its checkpoint" {
	grow_to 9
	origin=$(db "SELECT value FROM meta WHERE key = 'origin'")
	run store-verify
	assert_success
	# A C2SP signed note: origin, size, root, time, a blank line ($lines
	# skips it) and li.ming's signature: 4-byte key hash and 64-byte
	# signature.
	assert_equal "${#lines[@]}" 5
	assert_line --index 0 "$origin"
	assert_line --index 0 --regexp '^casetrail/[0-9a-f]{16}$'
	assert_line --index 1 9
	assert_line --index 2 --regexp '^[A-Za-z0-9+/]{43}=$'
	assert_line --index 3 'time 2026-11-25T02:00:00Z'
	assert_line --index 4 --regexp "^— $origin/li\.ming [A-Za-z0-9+/]{91}=\$"
	head=$output
	run store-verify --checkpoint
	assert_success
	assert_output "$head"
	run store-verify -q
	assert_success
	assert_output ""
	store-verify --checkpoint >"$BATS_TEST_TMPDIR/cp.txt"
	run store-verify --against "$BATS_TEST_TMPDIR/cp.txt"
	assert_success
	assert_output "$head"
}

@test "--proof of every entry is accepted by --check-proof without a store" {
	grow_to 9
	for i in $(seq 9); do
		store-verify --proof "$i" >"$BATS_TEST_TMPDIR/proof.$i"
	done
	store-verify --checkpoint >"$BATS_TEST_TMPDIR/cp.txt"
	unset CASETRAIL_STORE
	for i in $(seq 9); do
		line=$(sed -n 's/^line //p' "$BATS_TEST_TMPDIR/proof.$i")
		assert_equal "$line" "$(sqlite3 "$BATS_TEST_TMPDIR/store/store.db" \
			"SELECT line FROM journal WHERE seq = $i")"
		run store-verify -S "$BATS_TEST_TMPDIR/nowhere" --check-proof \
			--against "$BATS_TEST_TMPDIR/cp.txt" <"$BATS_TEST_TMPDIR/proof.$i"
		assert_success
		assert_output "$line"
	done
	[ ! -e "$BATS_TEST_TMPDIR/nowhere" ]
}

# Fails unless files $1 and $2 differ: an alteration that altered nothing
# would prove nothing.
differ() {
	if cmp -s "$1" "$2"; then fail "$2 is the same as $1"; fi
}

@test "a proof fails when a path hash, the line, the index or the root is altered" {
	grow_to 9
	p=$BATS_TEST_TMPDIR/proof
	store-verify --proof 6 >"$p"
	store-verify --checkpoint >"$BATS_TEST_TMPDIR/cp.txt"
	unset CASETRAIL_STORE
	check() {
		run store-verify -S "$BATS_TEST_TMPDIR/nowhere" --check-proof \
			--against "$BATS_TEST_TMPDIR/cp.txt" <"$1"
	}
	check "$p"
	assert_success
	# Entry 6 of 9: its sibling 5, then (7 8), (1..4) and 9.
	run grep -c '^path ' "$p"
	assert_success
	assert_output 4
	# Each path hash in turn: its first base64 character changed.
	for n in 1 2 3 4; do
		awk -v n="$n" '/^path / && ++k == n { c = substr($2, 1, 1);
			$2 = (c == "A" ? "B" : "A") substr($2, 2) } { print }' \
			"$p" >"$p.bad"
		differ "$p" "$p.bad"
		check "$p.bad"
		assert_failure 1
		assert_output "store-verify: proof: entry 6 is not in the tree of size 9"
	done
	# The line: one character of the text.
	sed 's/^\(line .*\)第 6 条记录/\1第 6 条纪录/' "$p" >"$p.bad"
	differ "$p" "$p.bad"
	check "$p.bad"
	assert_failure 1
	assert_output "store-verify: proof: entry 6 is not in the tree of size 9"
	# The index alone, and the index with the line's seq to match.
	sed 's/^index 5$/index 6/' "$p" >"$p.bad"
	differ "$p" "$p.bad"
	check "$p.bad"
	assert_failure 1
	assert_output "store-verify: proof: the line is not entry 7"
	sed -e 's/^index 5$/index 4/' -e 's/^line {"seq":6,/line {"seq":5,/' \
		"$p" >"$p.bad"
	differ "$p" "$p.bad"
	check "$p.bad"
	assert_failure 1
	assert_output "store-verify: proof: entry 5 is not in the tree of size 9"
	# The checkpoint's root (the last line), and its tree size.
	root=$(tail -n 1 "$p")
	sed "\$s|^.|$([ "${root:0:1}" = A ] && echo B || echo A)|" "$p" >"$p.bad"
	differ "$p" "$p.bad"
	check "$p.bad"
	assert_failure 1
	assert_output "store-verify: proof: entry 6 is not in the tree of size 9"
	# A tree of 8 has another shape on the path of entry 6.  (In one of
	# 10 it has the same shape, so the path alone cannot tell 9 from 10:
	# the published checkpoint, size and root together, pins the tree.)
	awk -v n="$(wc -l <"$p")" 'NR == n - 1 { $0 = "8" } { print }' \
		"$p" >"$p.bad"
	differ "$p" "$p.bad"
	check "$p.bad"
	assert_failure 1
	assert_output "store-verify: proof: entry 6 is not in the tree of size 8"
}

@test "--check-proof --against: the checkpoint it was made on, not another" {
	grow_to 8
	store-verify --proof 5 >"$BATS_TEST_TMPDIR/proof"
	store-verify --checkpoint >"$BATS_TEST_TMPDIR/cp8.txt"
	grow_to 9
	store-verify --checkpoint >"$BATS_TEST_TMPDIR/cp9.txt"
	store-verify --proof 5 >"$BATS_TEST_TMPDIR/proof9"
	line=$(sed -n 's/^line //p' "$BATS_TEST_TMPDIR/proof")
	run store-verify --check-proof --against "$BATS_TEST_TMPDIR/cp8.txt" \
		<"$BATS_TEST_TMPDIR/proof"
	assert_success
	assert_output "$line"
	run store-verify --check-proof --against "$BATS_TEST_TMPDIR/cp9.txt" \
		<"$BATS_TEST_TMPDIR/proof"
	assert_failure 1
	assert_output "store-verify: the proof is against another tree than $BATS_TEST_TMPDIR/cp9.txt"
	run store-verify --check-proof --against "$BATS_TEST_TMPDIR/cp8.txt" \
		<"$BATS_TEST_TMPDIR/proof9"
	assert_failure 1
	assert_output "store-verify: the proof is against another tree than $BATS_TEST_TMPDIR/cp8.txt"
	# The same size and root under another origin is another log.
	sed '1s/.*/casetrail\/0000000000000000/' "$BATS_TEST_TMPDIR/cp8.txt" \
		>"$BATS_TEST_TMPDIR/other.txt"
	run store-verify --check-proof --against "$BATS_TEST_TMPDIR/other.txt" \
		<"$BATS_TEST_TMPDIR/proof"
	assert_failure 1
	assert_output "store-verify: the proof is against another tree than $BATS_TEST_TMPDIR/other.txt"
}

# --- tampering: each time exit 1 and one line naming the entry and the fault -

# Runs SQL on the store with the journal's triggers dropped.
forge() {
	db "DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete; $1"
}

@test "tamper: one row's body changed with sqlite3" {
	grow_to 9
	forge "UPDATE journal SET line = replace(line, '第 6 条', '第 60 条')
	    WHERE seq = 6"
	run db "SELECT line->>'\$.body.text' FROM journal WHERE seq = 6"
	assert_success
	assert_output '第 60 条记录'
	run store-verify
	names_entry 6 "does not match its leaf hash: it was changed after it was written"
}

@test "tamper: one row's time or officer changed with sqlite3" {
	grow_to 9
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/clean"
	forge "UPDATE journal SET line = replace(line,
	    '\"at\":\"2026-11-25T02:00:00Z\",\"officer\"',
	    '\"at\":\"2026-11-24T02:00:00Z\",\"officer\"') WHERE seq = 4"
	run db "SELECT line->>'at' FROM journal WHERE seq = 4"
	assert_success
	assert_output 2026-11-24T02:00:00Z
	run store-verify
	names_entry 4 "does not match its leaf hash: it was changed after it was written"
	rm -rf "$CASETRAIL_STORE"
	cp -a "$BATS_TEST_TMPDIR/clean" "$CASETRAIL_STORE"
	forge "UPDATE journal SET line = replace(line, '\"officer\":\"li.ming\"',
	    '\"officer\":\"wang.fang\"') WHERE seq = 7"
	run db "SELECT line->>'officer' FROM journal WHERE seq = 7"
	assert_success
	assert_output wang.fang
	run store-verify
	names_entry 7 "does not match its leaf hash: it was changed after it was written"
}

@test "tamper: a row's case, action or stage column changed" {
	grow_to 9
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/clean"
	for edit in "case_id = NULL" "case_id = '2026-000002'" \
		"action = 'inspection'" "stage = 'investigation'" "stage = NULL"; do
		rm -rf "$CASETRAIL_STORE"
		cp -a "$BATS_TEST_TMPDIR/clean" "$CASETRAIL_STORE"
		forge "UPDATE journal SET $edit WHERE seq = 8"
		run store-verify
		names_entry 8 "its case, action or stage columns are not its line's"
	done
}

@test "tamper: a middle row deleted" {
	grow_to 9
	forge "DELETE FROM journal WHERE seq = 7"
	run store-verify
	names_entry 7 "entry 7 is missing"
}

@test "tamper: the last row deleted" {
	grow_to 9
	forge "DELETE FROM journal WHERE seq = 9"
	run store-verify
	names_entry 9 "entry 9 is missing: checkpoint 9 is beyond the journal's 8 entries"
}

@test "tamper: two rows' bodies swapped" {
	grow_to 9
	forge "CREATE TEMP TABLE b AS SELECT seq,
	      substr(line, 1, instr(line, ',\"body\":') - 1) AS head,
	      substr(line, instr(line, ',\"body\":')) AS body
	    FROM journal WHERE seq IN (6, 7);
	    UPDATE journal SET line =
	      (SELECT head FROM b WHERE b.seq = journal.seq) ||
	      (SELECT body FROM b WHERE b.seq = 13 - journal.seq)
	    WHERE seq IN (6, 7)"
	run db "SELECT line->>'seq', line->>'\$.body.text' FROM journal
	    WHERE seq IN (6, 7) ORDER BY seq"
	assert_success
	assert_output "$(printf '6|第 7 条记录\n7|第 6 条记录')"
	run store-verify
	names_entry 6 "does not match its leaf hash: it was changed after it was written"
}

@test "tamper: two rows swapped with their leaf hashes" {
	grow_to 9
	forge "CREATE TEMP TABLE b AS SELECT * FROM journal WHERE seq IN (6, 7);
	    UPDATE journal SET
	      line = (SELECT line FROM b WHERE b.seq = 13 - journal.seq),
	      leaf = (SELECT leaf FROM b WHERE b.seq = 13 - journal.seq)
	    WHERE seq IN (6, 7)"
	run store-verify
	names_entry 6 "its case, action or stage columns are not its line's"
}

@test "tamper: a stored leaf hash changed" {
	grow_to 9
	forge "UPDATE journal SET leaf = zeroblob(32) WHERE seq = 5"
	run store-verify
	names_entry 5 "does not match its leaf hash: it was changed after it was written"
}

@test "tamper: of two faults the first entry's is named, whichever is found by hashing" {
	grow_to 9
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/clean"
	# The leaf of 3 (hashed on store-verify's second thread), the
	# columns of 6 (read on the first): entry 3 either way round.
	forge "UPDATE journal SET leaf = zeroblob(32) WHERE seq = 3;
	    UPDATE journal SET stage = 'closing' WHERE seq = 6"
	run store-verify
	names_entry 3 "does not match its leaf hash: it was changed after it was written"
	rm -rf "$CASETRAIL_STORE"
	cp -a "$BATS_TEST_TMPDIR/clean" "$CASETRAIL_STORE"
	forge "UPDATE journal SET stage = 'closing' WHERE seq = 3;
	    UPDATE journal SET leaf = zeroblob(32) WHERE seq = 6"
	run store-verify
	names_entry 3 "its case, action or stage columns are not its line's"
}

@test "tamper: a leaf changed early in a long journal is named" {
	local case
	case=$(case-new --type penalty --title 长日志 --at "2026-09-01 09:30")
	seq 3000 | awk -v c="$case" '{ printf "%s\tnote\t\t\t\t\t第%d条\n", c, $1 }' |
		case-log --import - -q
	forge "UPDATE journal SET leaf = zeroblob(32) WHERE seq = 10"
	run store-verify
	names_entry 10 "does not match its leaf hash: it was changed after it was written"
}

@test "tamper: stored subtree hashes changed" {
	grow_to 9
	# Entry 8 completes (7 8), (5..8) and (1..8).
	run db "SELECT length(nodes) FROM journal WHERE seq = 8"
	assert_success
	assert_output 96
	forge "UPDATE journal SET nodes = substr(nodes, 1, 64) || zeroblob(32)
	    WHERE seq = 8"
	run store-verify
	names_entry 8 "entry 8: stored tree hashes are wrong"
}

# The hashes of each row, one line per row.
row_hashes() { db "SELECT hex(leaf) || hex(ifnull(nodes, '')) FROM journal"; }

@test "tamper: a body edited and its hashes recomputed by hand" {
	grow_to 9
	forge "UPDATE journal SET line = replace(line, '结束', '开始')
	    WHERE seq = 5"
	before=$(row_hashes)
	rehash_journal
	# Leaf 5 changed, and with it (5 6) kept by entry 6 and (5..8) and
	# (1..8) kept by entry 8; the other rows are as they were.
	run diff <(echo "$before") <(row_hashes)
	assert_failure 1
	assert_equal "$(grep -c '^>' <<<"$output")" 3
	run store-verify
	names_entry 5 "entry 5 was changed after checkpoint 5: the tree no longer matches it"
}

@test "tamper: a full rewrite with the checkpoints shows against a saved checkpoint" {
	grow_to 9
	store-verify --checkpoint >"$BATS_TEST_TMPDIR/cp.txt"
	forge "UPDATE journal SET line = replace(line, '结束', '开始')
	    WHERE seq = 5"
	rehash_journal checkpoints
	# The checkpoints are signed: the first rewritten one (5) no longer
	# verifies, with or without the saved checkpoint.
	run store-verify
	names "checkpoint 5" "checkpoint 5: the signature of 'li.ming' does not verify: it was forged or the checkpoint changed"
	run store-verify --against "$BATS_TEST_TMPDIR/cp.txt"
	names "checkpoint 5" "checkpoint 5: the signature of 'li.ming' does not verify: it was forged or the checkpoint changed"
	# Signed again by the holder of li.ming's key, the rewrite agrees with
	# itself: only a checkpoint kept elsewhere shows it.
	resign_checkpoints
	run store-verify
	assert_success
	refute_output "$(cat "$BATS_TEST_TMPDIR/cp.txt")"
	run store-verify --against "$BATS_TEST_TMPDIR/cp.txt"
	names 'entries 1 to 9 ' "entries 1 to 9 do not match the checkpoint: history was rewritten"
}

@test "tamper: checkpoints kept from before and after the edit bracket the entry" {
	grow_to 9
	# There is a checkpoint at every size: those of 4 and 5, as published.
	origin=$(db "SELECT value FROM meta WHERE key = 'origin'")
	for s in 4 5; do
		root=$(db "SELECT hex(root) FROM checkpoint WHERE size = $s")
		printf '%s\n%s\n%s\n' "$origin" "$s" "$(bash \
			"$BATS_TEST_DIRNAME/rfc9162.bash" b64 "$root" </dev/null)" \
			>"$BATS_TEST_TMPDIR/cp$s.txt"
	done
	forge "UPDATE journal SET line = replace(line, '结束', '开始')
	    WHERE seq = 5"
	# Hashes and checkpoints redone and signed again with li.ming's key,
	# so that the store agrees with itself.
	rehash_journal checkpoints
	resign_checkpoints
	run store-verify
	assert_success
	run store-verify --against "$BATS_TEST_TMPDIR/cp4.txt"
	assert_success
	run store-verify --against "$BATS_TEST_TMPDIR/cp5.txt"
	names 'entries 1 to 5 ' "entries 1 to 5 do not match the checkpoint: history was rewritten"
}

@test "tamper: a rewrite that agrees with itself still breaks a case's history" {
	grow_to 9
	# The case-new entry made a note, hashes and checkpoints redone and
	# signed again with li.ming's key.
	forge "UPDATE journal SET action = 'note', line = replace(line,
	    '\"action\":\"case-new\"', '\"action\":\"note\"') WHERE seq = 4"
	rehash_journal checkpoints
	resign_checkpoints
	run store-verify
	names_entry 4 "entry 4: case 2026-000001 has an entry before it is opened"
}

@test "tamper: tables that disagree with the journal" {
	grow_to 9
	# Each: the SQL, and what store-verify says of it.
	local -a edits=(
		"UPDATE cases SET stage = 'investigation'|case 2026-000001: stage is 'investigation' but entry 9 made it 'filing'"
		"UPDATE cases SET status = 'closed'|case 2026-000001: status is 'closed' but entry 4 made it 'open'"
		"UPDATE cases SET flags = 1|case 2026-000001: 1 flagged entries, the journal has 0 up to entry 9"
		"UPDATE cases SET title = '另一个案件'|case 2026-000001 differs from what entry 4 made"
		"UPDATE cases SET last_seq = 8|case 2026-000001: its newest entry is 8 in the table, entry 9 in the journal"
		"UPDATE cases SET seq = 5|case 2026-000001 names entry 5, which did not add it"
		"INSERT INTO case_handler VALUES ('2026-000001', 'zhao.lei')|case 2026-000001: handler zhao.lei differs from what entry 4 made"
		"DELETE FROM case_handler WHERE officer = 'wang.fang'|entry 4 adds case 2026-000001: handler wang.fang, which is not in the case_handler table"
		"UPDATE officer SET name = '张三' WHERE id = 'wang.fang'|officer wang.fang: name or credential differs from the journal's (entry 3)"
		"UPDATE officer SET valid_until = '2099-12-31' WHERE id = 'wang.fang'|officer wang.fang: name or credential differs from the journal's (entry 3)"
		"INSERT INTO officer_role VALUES ('wang.fang', 'admin')|officer wang.fang: role admin differs from what entry 3 made"
		"DELETE FROM officer_role WHERE officer = 'wang.fang'|entry 3 adds officer wang.fang: role officer, which is not in the officer_role table"
		"INSERT INTO officer VALUES ('zhao.lei', '赵磊', '1', '2020-01-01', '2030-12-31', NULL, NULL, NULL, 2)|officer zhao.lei names entry 2, which did not add it"
		"DROP TRIGGER officer_key_no_delete; DELETE FROM officer_key|entry 2 adds key $(db "SELECT key_id FROM officer_key"), which is not in the officer_key table"
		"UPDATE officer SET revoked_at = '2026-11-25T02:00:00Z' WHERE id = 'wang.fang'|officer wang.fang is revoked in the table, but no entry revokes him"
	)
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/clean"
	for e in "${edits[@]}"; do
		rm -rf "$CASETRAIL_STORE"
		cp -a "$BATS_TEST_TMPDIR/clean" "$CASETRAIL_STORE"
		db "${e%%|*}"
		run store-verify
		assert_failure 1
		assert_output "store-verify: ${e#*|}"
	done
}

# --- known answers: RFC 9162 computed here ----------------------------------

# Checks a store of n entries against the reference tree: each row's line
# (canonical: minified JSON, these keys in this order) and leaf, each
# inclusion proof (index, line, path), the root store-verify prints and the
# root of every stored checkpoint.
known_answer() {
	local n=$1 i row proof key val paths
	local -a args=() out line
	grow_to "$n"
	assert_equal "$(journal_count)" "$n"
	for ((i = 1; i <= n; i++)); do args+=(leaf "$i" path "$i" "$n"); done
	for ((i = 1; i <= n; i++)); do args+=(roothex "$i"); done
	mapfile -t out < <(rfc9162 "${args[@]}" root "$n")
	assert_equal "${#out[@]}" $((3 * n + 1))
	mapfile -t line < <(db 'SELECT line FROM journal ORDER BY seq')
	i=0
	while IFS= read -r row; do
		assert_equal "$row" "1|seq,at,officer,case,action,stage,body|${out[2 * i]}"
		i=$((i + 1))
	done < <(db "SELECT line = json(line), (SELECT group_concat(key) FROM
	    json_each(line)), lower(hex(leaf)) FROM journal ORDER BY seq")
	assert_equal "$i" "$n"
	for ((i = 1; i <= n; i++)); do
		proof=$(store-verify --proof "$i")
		paths=""
		while read -r key val; do
			case $key in
			index) assert_equal "$val" $((i - 1)) ;;
			line) assert_equal "$val" "${line[i - 1]}" ;;
			path) paths+=" $val" ;;
			esac
		done <<<"$proof"
		assert_equal "${paths# }" "${out[2 * i - 1]}"
	done
	run store-verify
	assert_success
	assert_line --index 1 "$n"
	assert_line --index 2 "${out[3 * n]}"
	run db 'SELECT lower(hex(root)) FROM checkpoint ORDER BY size'
	assert_success
	assert_output "$(printf '%s\n' "${out[@]:2*n:n}")"
}

@test "known answer: the reference tree of tests/rfc9162.bash" {
	ref() { bash "$BATS_TEST_DIRNAME/rfc9162.bash" "$@"; }
	hex() { sha256sum | cut -c1-64; }
	bytes() { printf "$(sed 's/../\\x&/g')"; }
	# MTH({}) = SHA-256(), a leaf is SHA-256(0x00 || line).
	run ref roothex 0 </dev/null
	assert_success
	assert_output e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
	run ref leaf 1 <<<""
	assert_success
	assert_output 6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d
	a=$(printf '\0a' | hex) b=$(printf '\0b' | hex) c=$(printf '\0c' | hex)
	ab=$({ printf '\1'; bytes <<<"$a"; bytes <<<"$b"; } | hex)
	abc=$({ printf '\1'; bytes <<<"$ab"; bytes <<<"$c"; } | hex)
	run ref leaf 1 leaf 3 roothex 2 roothex 3 nodes 2 nodes 3 <<<$'a\nb\nc'
	assert_success
	assert_output "$(printf '%s\n' "$a" "$c" "$ab" "$abc" "$ab" "")"
	# Paths, in base64 as proofs have them: of c, (a b); of a, b then c.
	run ref path 3 3 path 1 3 root 3 <<<$'a\nb\nc'
	assert_success
	assert_output "$(printf '%s\n' "$(bytes <<<"$ab" | base64 -w0)" \
		"$(bytes <<<"$b" | base64 -w0) $(bytes <<<"$c" | base64 -w0)" \
		"$(bytes <<<"$abc" | base64 -w0)")"
	# Its base64 against coreutils', for every length of the last group.
	for h in 00 0001 000102 ff7e10 "$a"; do
		run ref b64 "$h" </dev/null
		assert_success
		assert_output "$(bytes <<<"$h" | base64 -w0)"
	done
}

@test "known answer: tree of 1 entry" {
	# The founding officer-add alone, before any key: a store of its own.
	rm -rf "$CASETRAIL_STORE"
	unset CASETRAIL_OFFICER
	officer-add li.ming --name 李明 --credential 14020020001 \
		--valid-from 2020-01-01 --valid-until 2030-12-31 >/dev/null
	known_answer 1
}
@test "known answer: tree of 2 entries" { known_answer 2; }
@test "known answer: tree of 3 entries" { known_answer 3; }
@test "known answer: tree of 4 entries" { known_answer 4; }
@test "known answer: tree of 5 entries" { known_answer 5; }
@test "known answer: tree of 6 entries" { known_answer 6; }
@test "known answer: tree of 7 entries" { known_answer 7; }
@test "known answer: tree of 8 entries" { known_answer 8; }
@test "known answer: tree of 9 entries" { known_answer 9; }

@test "known answer: every stored hash is the one computed here" {
	grow_to 9
	before=$(store_dump)
	# Rewrites each row's leaf and nodes and each checkpoint's root with
	# the reference tree's: nothing changes but the dropped triggers.
	rehash_journal checkpoints
	assert_equal "$(store_dump | grep -v TRIGGER)" \
		"$(grep -v TRIGGER <<<"$before")"
	run store-verify
	assert_success
}
