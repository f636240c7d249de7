#!/usr/bin/env bats
# signatures: every writing invocation signs the checkpoint it records, and
# store-verify holds every checkpoint to its signature.  Forgeries are made
# as a forger with sqlite3 and openssl would make them: entries inserted
# with their hashes recomputed by tests/rfc9162.bash, checkpoints signed
# with `openssl pkeyutl`, which also shows the signatures are plain Ed25519
# over the C2SP checkpoint text.
bats_require_minimum_version 1.5.0
load helper

setup() { setup_store a_case_with_a_note; }
a_case_with_a_note() {
	add_officer wang.fang 王芳 14020020002 &&
		case-new --type penalty --title 某超市销售过期食品案 --handler li.ming \
			--handler wang.fang --at "2026-09-01 09:30" >/dev/null &&
		case-log -q 2026-000001 --action note -m 立案审批 >/dev/null
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }

keys="$BATS_TEST_TMPDIR/config/casetrail/keys"

# The note text a checkpoint row signs.
note_of() {
	local origin root
	origin=$(db "SELECT value FROM meta WHERE key = 'origin'")
	root=$(db "SELECT hex(root) FROM checkpoint WHERE size = $1")
	at=$(db "SELECT at FROM checkpoint WHERE size = $1")
	printf '%s\n%s\n%s\ntime %s\n' "$origin" "$1" \
		"$(bash "$BATS_TEST_DIRNAME/rfc9162.bash" b64 "$root" </dev/null)" "$at"
}

# The raw 32-byte public key of a PEM private key, in base64.
pub_b64() {
	openssl pkey -in "$1" -pubout -outform DER | tail -c 32 | base64
}


@test "every checkpoint but the founding one is signed, and openssl agrees" {
	run db "SELECT size FROM checkpoint WHERE signature IS NULL"
	assert_success
	assert_output 1
	pub=$(pub_b64 "$keys/li.ming.key")
	for size in $(db "SELECT size FROM checkpoint WHERE officer = 'li.ming' AND signature IS NOT NULL"); do
		note_of "$size" >"$BATS_TEST_TMPDIR/note"
		db "SELECT hex(signature) FROM checkpoint WHERE size = $size" |
			xxd -r -p >"$BATS_TEST_TMPDIR/sig"
		openssl pkey -in "$keys/li.ming.key" -pubout >"$BATS_TEST_TMPDIR/pub.pem"
		run openssl pkeyutl -verify -pubin -inkey "$BATS_TEST_TMPDIR/pub.pem" \
			-rawin -in "$BATS_TEST_TMPDIR/note" -sigfile "$BATS_TEST_TMPDIR/sig"
		assert_success
	done
	# The registered public key is the key file's.
	assert_equal "$(db "SELECT line->>'\$.body.public_key' FROM journal WHERE action = 'officer-key' AND line->>'\$.body.officer' = 'li.ming'")" "$pub"
}

@test "--checkpoint prints a C2SP signed note that openssl verifies" {
	run store-verify --checkpoint
	assert_success
	origin=$(db "SELECT value FROM meta WHERE key = 'origin'")
	size=$(db 'SELECT count(*) FROM journal')
	assert_equal "${#lines[@]}" 5     # bats drops the blank line
	assert_line --index 0 "$origin"
	assert_line --index 1 "$size"
	# When it was signed, inside what is signed (10:00 in Beijing).
	assert_line --index 3 "time 2026-11-25T02:00:00Z"
	assert_line --index 4 --regexp "^— $origin/li.ming [A-Za-z0-9+/]{91}=\$"
	# The signature: 4 bytes of key hash, then Ed25519 over the text.
	sigline=${lines[4]##* }
	base64 -d <<<"$sigline" >"$BATS_TEST_TMPDIR/raw"
	head -c 4 "$BATS_TEST_TMPDIR/raw" | od -An -tx1 | tr -d ' \n' >"$BATS_TEST_TMPDIR/hash"
	{ printf '%s\n\001' "$origin/li.ming"; base64 -d <<<"$(pub_b64 "$keys/li.ming.key")"; } |
		openssl dgst -sha256 -r | cut -c1-8 >"$BATS_TEST_TMPDIR/want"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/hash")" "$(cat "$BATS_TEST_TMPDIR/want")"
	tail -c 64 "$BATS_TEST_TMPDIR/raw" >"$BATS_TEST_TMPDIR/sig"
	printf '%s\n' "${lines[@]:0:4}" >"$BATS_TEST_TMPDIR/note"
	openssl pkey -in "$keys/li.ming.key" -pubout >"$BATS_TEST_TMPDIR/pub.pem"
	run openssl pkeyutl -verify -pubin -inkey "$BATS_TEST_TMPDIR/pub.pem" \
		-rawin -in "$BATS_TEST_TMPDIR/note" -sigfile "$BATS_TEST_TMPDIR/sig"
	assert_success
	# Plain store-verify prints the same note after checking everything.
	run store-verify
	assert_success
	assert_line --index 4 --regexp "^— $origin/li.ming "
	# The time is signed: a note with another time does not verify.
	sed -i 's/^time 2026-11-25T02:00:00Z$/time 2026-11-25T01:00:00Z/' "$BATS_TEST_TMPDIR/note"
	run openssl pkeyutl -verify -pubin -inkey "$BATS_TEST_TMPDIR/pub.pem" \
		-rawin -in "$BATS_TEST_TMPDIR/note" -sigfile "$BATS_TEST_TMPDIR/sig"
	assert_failure
}

@test "--checkpoint of a store with nothing signed yet is not found (4)" {
	export CASETRAIL_STORE="$BATS_TEST_TMPDIR/fresh"
	unset CASETRAIL_OFFICER
	officer-add zhao.lei --name 赵磊 --credential 14020020009 \
		--valid-until 2030-12-31 >/dev/null
	run store-verify --checkpoint
	assert_failure 4
	assert_output --partial "no signed checkpoint"
	# The founding entry alone is not a fault: nobody had a key yet.
	run store-verify
	assert_success
}

@test "forgery: an entry inserted with sqlite3 and no checkpoint is not signed" {
	run store-verify
	assert_success
	n=$(($(db 'SELECT count(*) FROM journal') + 1))
	forge_append "$(note_line "$n" li.ming 补记)"
	run store-verify
	assert_failure 1
	assert_output "store-verify: entries $n to $n are not signed: no checkpoint covers them"
}

@test "forgery: an entry inserted with an unsigned checkpoint is reported" {
	n=$(($(db 'SELECT count(*) FROM journal') + 1))
	forge_append "$(note_line "$n" li.ming 补记)"
	forge_checkpoint li.ming "" -
	run store-verify
	assert_failure 1
	assert_output "store-verify: entries $n to $n are not signed: checkpoint $n has no signature"
}

@test "forgery: a checkpoint signed with a key that is not its own" {
	n=$(($(db 'SELECT count(*) FROM journal') + 1))
	forge_append "$(note_line "$n" li.ming 补记)"
	# A fresh key nobody registered, claiming li.ming's key ID.
	openssl genpkey -algorithm ed25519 -out "$BATS_TEST_TMPDIR/stray.key" 2>/dev/null
	forge_checkpoint li.ming "$(key_id li.ming)" "$BATS_TEST_TMPDIR/stray.key"
	run store-verify
	assert_failure 1
	assert_output "store-verify: checkpoint $n: the signature of 'li.ming' does not verify: it was forged or the checkpoint changed"
}

@test "forgery: li.ming's entry signed with wang.fang's key is reported" {
	n=$(($(db 'SELECT count(*) FROM journal') + 1))
	forge_append "$(note_line "$n" li.ming 补记)"
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/before"
	# Claiming li.ming: the key is not his.
	forge_checkpoint li.ming "$(key_id wang.fang)" "$keys/wang.fang.key"
	run store-verify
	assert_failure 1
	assert_output --regexp "^store-verify: checkpoint $n is signed with key [0-9a-f]{16}, which is not the key of 'li.ming'"
	# Claiming wang.fang, validly signed by her: the entry is not hers.
	rm -rf "$CASETRAIL_STORE"
	cp -a "$BATS_TEST_TMPDIR/before" "$CASETRAIL_STORE"
	forge_checkpoint wang.fang "$(key_id wang.fang)" "$keys/wang.fang.key"
	run store-verify
	assert_failure 1
	assert_output "store-verify: entry $n is by 'li.ming', but checkpoint $n that covers it is by 'wang.fang'"
}

@test "forgery: a checkpoint's signature altered by one bit" {
	size=$(db 'SELECT max(size) FROM checkpoint')
	db "DROP TRIGGER checkpoint_no_update;
	    UPDATE checkpoint SET signature = X'00' || substr(signature, 2)
	    WHERE size = $size"
	run store-verify
	assert_failure 1
	assert_output "store-verify: checkpoint $size: the signature of 'li.ming' does not verify: it was forged or the checkpoint changed"
}

@test "forgery: re-signed with a stolen key, caught by a published checkpoint" {
	store-verify --checkpoint >"$BATS_TEST_TMPDIR/published.txt"
	run store-verify --against "$BATS_TEST_TMPDIR/published.txt"
	assert_success
	# The forger rewrites the last entry's text and, with li.ming's stolen
	# key, re-signs its checkpoint: the store agrees with itself ...
	n=$(db 'SELECT count(*) FROM journal')
	line=$(db "SELECT replace(line, '立案审批', '不予立案') FROM journal WHERE seq = $n")
	db "DROP TRIGGER journal_no_delete; DROP TRIGGER checkpoint_no_delete;
	    DELETE FROM journal WHERE seq = $n; DELETE FROM checkpoint WHERE size = $n"
	forge_append "$line"
	forge_checkpoint li.ming "$(key_id li.ming)" "$keys/li.ming.key"
	run store-verify
	assert_success
	# ... but not with the checkpoint published before.
	run store-verify --against "$BATS_TEST_TMPDIR/published.txt"
	assert_failure 1
	assert_output "store-verify: entries 1 to $n do not match the checkpoint: history was rewritten"
}

@test "--against checks the signature lines of the note it is given" {
	store-verify --checkpoint >"$BATS_TEST_TMPDIR/cp.txt"
	# One character of the signature changed, well past the 4-byte key
	# hash at the start of the base64, so the key is still found.
	sig=$(tail -n 1 "$BATS_TEST_TMPDIR/cp.txt")
	sig=${sig##* } i=$((${#sig} - 10))
	c=${sig:i:1}; [ "$c" = A ] && c=B || c=A
	{ head -n -1 "$BATS_TEST_TMPDIR/cp.txt"
	  printf '%s %s\n' "$(tail -n 1 "$BATS_TEST_TMPDIR/cp.txt" | cut -d' ' -f1-2)" \
		"${sig:0:i}$c${sig:i+1}"; } >"$BATS_TEST_TMPDIR/bad.txt"
	cmp -s "$BATS_TEST_TMPDIR/cp.txt" "$BATS_TEST_TMPDIR/bad.txt" && fail "the note did not change"
	run store-verify --against "$BATS_TEST_TMPDIR/bad.txt"
	assert_failure 1
	assert_output "store-verify: the checkpoint's signature by 'li.ming' does not verify"
	# Signature lines of other stores' keys are not ours to judge.
	{ cat "$BATS_TEST_TMPDIR/cp.txt"; echo "— sum.golang.org Az3grnmrSfNjE2TZHRWBlC+yu1G6QFCf+zJbBnl5Rj61i+bjt3IusFZmz4RDdFB9LnBqL1LXHZ27g39dPOUBj8pR3Ak="; } >"$BATS_TEST_TMPDIR/two.txt"
	run store-verify --against "$BATS_TEST_TMPDIR/two.txt"
	assert_success
}

@test "after a key rotation, old checkpoints still verify with the old key" {
	old=$(key_id li.ming)
	run officer-key --rotate
	assert_success
	new=$(key_id li.ming)
	[ "$old" != "$new" ]
	case-log -q 2026-000001 --action note -m 轮换之后 >/dev/null
	assert_equal "$(db "SELECT key_id FROM checkpoint ORDER BY size DESC LIMIT 1")" "$new"
	# li.ming's checkpoints before the rotation keep the old key; the
	# rotation itself is signed with the new one.
	rotated=$(db "SELECT seq FROM officer_key WHERE key_id = '$new'")
	assert_equal "$(db "SELECT count(*) FROM checkpoint WHERE officer = 'li.ming' AND size > 1 AND size < $rotated AND key_id IS NOT '$old'")" 0
	assert_equal "$(db "SELECT key_id FROM checkpoint WHERE size = $rotated")" "$new"
	[ -f "$keys/li.ming.key.$old" ]
	run store-verify
	assert_success
}

@test "a checkpoint signed with the old key after the rotation is reported" {
	old=$(key_id li.ming)
	cp "$keys/li.ming.key" "$BATS_TEST_TMPDIR/old.key"
	officer-key --rotate >/dev/null
	n=$(($(db 'SELECT count(*) FROM journal') + 1))
	forge_append "$(note_line "$n" li.ming 旧钥匙)"
	forge_checkpoint li.ming "$old" "$BATS_TEST_TMPDIR/old.key"
	run store-verify
	assert_failure 1
	assert_output "store-verify: checkpoint $n is signed with key $old, which is not the key of 'li.ming' ($(key_id li.ming)) at the time"
}
