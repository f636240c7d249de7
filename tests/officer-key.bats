#!/usr/bin/env bats
# officer-key: an officer's Ed25519 key pair, the private key kept with the
# officer as ssh keeps one, the public key registered in the store.
bats_require_minimum_version 1.5.0
load helper

setup() {
	setup_store
	keys="$XDG_CONFIG_HOME/casetrail/keys"
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }

# The key ID of a PEM private key: SHA-256 of the raw public key, 8 bytes.
key_id_of() {
	openssl pkey -in "$1" -pubout -outform DER | tail -c 32 |
		openssl dgst -sha256 -r | cut -c1-16
}

@test "the private key is an Ed25519 PEM file, 0600 in a 0700 directory" {
	# setup_store made li.ming's key.
	assert_equal "$(stat -c %a "$keys/li.ming.key")" 600
	assert_equal "$(stat -c %a "$keys")" 700
	run openssl pkey -in "$keys/li.ming.key" -noout -text
	assert_success
	assert_output --partial ED25519
}

@test "prints the key ID and the file, and registers the public key" {
	officer-add wang.fang --name 王芳 --credential 14020020002 \
		--valid-until 2030-12-31 >/dev/null
	run officer-key wang.fang
	assert_success
	want=$(key_id_of "$keys/wang.fang.key")
	assert_output "$want	$keys/wang.fang.key"
	assert_equal "$(db "SELECT officer FROM officer_key WHERE key_id = '$want'")" wang.fang
	# The entry carries the public key; li.ming, the admin, signed it.
	line=$(db "SELECT line FROM journal ORDER BY seq DESC LIMIT 1")
	assert_equal "$(json_get "$line" '$.action')" officer-key
	assert_equal "$(json_get "$line" '$.officer')" li.ming
	assert_equal "$(json_get "$line" '$.body.key_id')" "$want"
	assert_equal "$(json_get "$line" '$.body.public_key')" \
		"$(openssl pkey -in "$keys/wang.fang.key" -pubout -outform DER | tail -c 32 | base64)"
	run store-verify
	assert_success
}

@test "the key already registered: nothing to do, nothing written" {
	before=$(store_dump)
	run officer-key
	assert_success
	assert_output "$(key_id_of "$keys/li.ming.key")	$keys/li.ming.key"
	assert_equal "$(store_dump)" "$before"
}

@test "a key file from elsewhere is registered, not replaced" {
	# The same officer, the same key, a second store.
	first=$(key_id_of "$keys/li.ming.key")
	export CASETRAIL_STORE="$BATS_TEST_TMPDIR/second"
	unset CASETRAIL_OFFICER
	officer-add li.ming --name 李明 --credential 14020020001 \
		--valid-until 2030-12-31 >/dev/null
	run officer-key -A li.ming
	assert_success
	assert_output "$first	$keys/li.ming.key"
	assert_equal "$(db 'SELECT key_id FROM officer_key')" "$first"
}

@test "--rotate makes a new key and keeps the old file under its ID" {
	old=$(key_id_of "$keys/li.ming.key")
	run officer-key --rotate
	assert_success
	new=$(key_id_of "$keys/li.ming.key")
	[ "$old" != "$new" ]
	assert_output "$new	$keys/li.ming.key"
	[ -f "$keys/li.ming.key.$old" ]
	assert_equal "$(db "SELECT count(*) FROM officer_key WHERE officer = 'li.ming'")" 2
	case-new --type penalty --title 轮换之后 >/dev/null
	run store-verify
	assert_success
}

@test "only an admin makes keys for other officers (3)" {
	add_officer wang.fang 王芳 14020020002
	officer-add zhao.lei --name 赵磊 --credential 14020020003 \
		--valid-until 2030-12-31 >/dev/null
	refuses 3 officer-key -A wang.fang zhao.lei
	assert_output "officer-key: only an admin can make keys for other officers ('wang.fang' is not one)"
	# An admin may.
	run officer-key zhao.lei
	assert_success
}

@test "an officer's first key, by himself: only from the Unix user mapped to him (3)" {
	officer-add zhao.lei --name 赵磊 --credential 14020020003 \
		--valid-until 2030-12-31 >/dev/null
	# Naming him is not being him.
	refuses 3 officer-key -A zhao.lei
	assert_output "officer-key: the first key of officer 'zhao.lei' is made by an admin, or by his own Unix user (none is mapped: officer-add --unix-user)"
	officer-add sun.li --name 孙丽 --credential 14020020004 \
		--valid-until 2030-12-31 --unix-user nobody >/dev/null
	refuses 3 officer-key -A sun.li
	assert_output "officer-key: the first key of officer 'sun.li' is made by an admin, or by his own Unix user ('nobody')"
	officer-add qian.wei --name 钱伟 --credential 14020020005 \
		--valid-until 2030-12-31 --unix-user "$(id -un)" >/dev/null
	run officer-key -A qian.wei
	assert_success
	line=$(db "SELECT line FROM journal ORDER BY seq DESC LIMIT 1")
	assert_equal "$(json_get "$line" '$.body.unix_user')" "$(id -un)"
	run store-verify -q
	assert_success
}

@test "a new key for an officer who has one: his own, signed with the old one" {
	add_officer wang.fang 王芳 14020020002
	old=$(key_id wang.fang)
	run officer-key -A wang.fang --rotate
	assert_success
	line=$(db "SELECT line FROM journal ORDER BY seq DESC LIMIT 1")
	assert_equal "$(json_get "$line" '$.body.replaces')" "$old"
	[ -n "$(json_get "$line" '$.body.rotation_sig')" ]
	run store-verify -q
	assert_success
	# Without his current private key he cannot: not by naming himself,
	# not with a key file of his own making.
	mv "$keys/wang.fang.key" "$BATS_TEST_TMPDIR/stolen.key"
	refuses 3 officer-key -A wang.fang
	assert_output "officer-key: officer 'wang.fang' has a registered key ($(key_id wang.fang)) but its private key is not here: an admin resets it (officer-key --reset wang.fang --reason TEXT)"
	refuses 3 officer-key -A wang.fang --rotate
	openssl genpkey -algorithm ed25519 -out "$keys/wang.fang.key" 2>/dev/null
	chmod 600 "$keys/wang.fang.key"
	refuses 3 officer-key -A wang.fang
	assert_output --partial "is not the registered key of officer 'wang.fang'"
}

@test "an admin replaces another's key only with --reset and a --reason" {
	add_officer wang.fang 王芳 14020020002
	old=$(key_id wang.fang)
	refuses 3 officer-key wang.fang --rotate
	assert_output "officer-key: officer 'wang.fang' has a key: an admin replaces it only with --reset and a --reason"
	refuses_usage "officer-key: --reset needs a --reason" officer-key --reset wang.fang
	refuses_usage "officer-key: --reason goes with --reset" officer-key --reason 遗失 wang.fang
	refuses_usage "officer-key: --reset takes the officer's ID, and no --rotate" \
		officer-key --reset --reason 遗失
	refuses 2 officer-key --reset wang.fang --reason ''
	assert_output "officer-key: a reset needs a --reason"
	refuses 2 officer-key --reset li.ming --reason 自己
	assert_output "officer-key: an officer does not reset his own key (officer-key --rotate replaces it)"
	officer-add zhao.lei --name 赵磊 --credential 14020020003 \
		--valid-until 2030-12-31 >/dev/null
	refuses 2 officer-key --reset zhao.lei --reason 遗失
	assert_output "officer-key: officer 'zhao.lei' has no key to reset (officer-key zhao.lei makes his first)"
	refuses 3 officer-key -A wang.fang --reset li.ming --reason 篡夺
	assert_output "officer-key: only an admin can make keys for other officers ('wang.fang' is not one)"
	run officer-key --reset wang.fang --reason 笔记本电脑遗失
	assert_success
	line=$(db "SELECT line FROM journal ORDER BY seq DESC LIMIT 1")
	assert_equal "$(json_get "$line" '$.officer')" li.ming
	assert_equal "$(json_get "$line" '$.body.replaces')" "$old"
	assert_equal "$(json_get "$line" '$.body.reason')" 笔记本电脑遗失
	[ "$(key_id wang.fang)" != "$old" ]
	# She signs with the new key the admin hands her.
	run case-new -A wang.fang --type penalty --title 某案
	assert_success
	run store-verify -q
	assert_success
}

@test "writing without a key says how to make one (4)" {
	officer-add wang.fang --name 王芳 --credential 14020020002 \
		--valid-until 2030-12-31 >/dev/null
	refuses 4 case-new -A wang.fang --type penalty --title 某案
	assert_output "case-new: officer 'wang.fang' has no key to sign with (make one with: officer-key -A wang.fang)"
}

@test "a key file others can read is refused, as ssh refuses it (3)" {
	for mode in 644 640 604 660; do
		chmod "$mode" "$keys/li.ming.key"
		refuses 3 case-new --type penalty --title 某案
		assert_output "case-new: permissions 0$mode for '$keys/li.ming.key' are too open: a private key must be accessible by its owner only (chmod 600 $keys/li.ming.key)"
	done
	chmod 600 "$keys/li.ming.key"
	run case-new --type penalty --title 某案
	assert_success
}

@test "a registered key whose file is gone is not found (4)" {
	mv "$keys/li.ming.key" "$BATS_TEST_TMPDIR/"
	refuses 4 case-new --type penalty --title 某案
	assert_output "case-new: no private key for officer 'li.ming' in $keys/li.ming.key (officer-key makes one)"
}

@test "a key file that is not the registered key is refused (3)" {
	registered=$(key_id_of "$keys/li.ming.key")
	rm "$keys/li.ming.key"
	openssl genpkey -algorithm ed25519 -out "$keys/li.ming.key" 2>/dev/null
	chmod 600 "$keys/li.ming.key"
	refuses 3 case-new --type penalty --title 某案
	assert_output "case-new: the key in $keys/li.ming.key ($(key_id_of "$keys/li.ming.key")) is not the registered key of officer 'li.ming', which is $registered (officer-key registers it)"
	# Nor is it registered in place of his key: that needs the key it
	# replaces, or another admin's reset.
	refuses 3 officer-key
	assert_output "officer-key: the key in $keys/li.ming.key ($(key_id_of "$keys/li.ming.key")) is not the registered key of officer 'li.ming', which is $registered (officer-key registers it)"
}

@test "the same key in another PEM layout is the same key" {
	# CRLF line ends, as an editor on another system may leave them:
	# not the exact layout read directly, so OpenSSL's reader reads it.
	registered=$(key_id_of "$keys/li.ming.key")
	sed -i 's/$/\r/' "$keys/li.ming.key"
	run case-new --type penalty --title 某案
	assert_success
	run store-verify -q
	assert_success
	assert_equal "$(key_id_of "$keys/li.ming.key")" "$registered"
}

@test "a file that is not a key is refused (2)" {
	printf '这不是密钥\n' >"$keys/li.ming.key"
	refuses 2 case-new --type penalty --title 某案
	assert_output "case-new: $keys/li.ming.key is not a PEM private key"
}

@test "a key registered for one officer is refused for another (3)" {
	officer-add wang.fang --name 王芳 --credential 14020020002 \
		--valid-until 2030-12-31 >/dev/null
	cp -p "$keys/li.ming.key" "$keys/wang.fang.key"
	refuses 3 officer-key wang.fang
	assert_output --regexp "^officer-key: key [0-9a-f]{16} was registered for officer 'li.ming' at entry 2 already"
}

@test "a revoked officer gets no key (3); unknown (4) and bad IDs (2)" {
	officer-add wang.fang --name 王芳 --credential 14020020002 \
		--valid-until 2030-12-31 >/dev/null
	officer-revoke wang.fang --reason 调离执法岗位 >/dev/null
	refuses 3 officer-key wang.fang
	refuses 4 officer-key zhang.san
	refuses 2 officer-key 'Zhang San'
	refuses_usage "officer-key: one officer ID, not also 'wang.fang'" officer-key li.ming wang.fang
	refuses_usage "officer-key: unrecognized option '--bogus'" officer-key --bogus
}

@test "a rotation that cannot be recorded keeps the old key" {
	old=$(key_id_of "$keys/li.ming.key")
	chattr +i "$CASETRAIL_STORE" 2>/dev/null || skip "machine: chattr +i does not work here"
	chmod 444 "$CASETRAIL_STORE/store.db"
	run officer-key --rotate
	chmod 644 "$CASETRAIL_STORE/store.db"
	chattr -i "$CASETRAIL_STORE"
	assert_failure
	assert_equal "$(key_id_of "$keys/li.ming.key")" "$old"
	[ ! -e "$keys/li.ming.key.$old" ]
}

@test "-h prints the usage" {
	run officer-key -h
	assert_success
	assert_line --index 0 "usage: officer-key [-q] [-S dir] [-A officer] [--rotate] [id]"
	assert_line --index 1 "       officer-key [-q] [-S dir] [-A officer] --reset id --reason text"
}

@test "without XDG_CONFIG_HOME the keys live under HOME; with neither, nowhere (5)" {
	officer-add wang.fang --name 王芳 --credential 14020020002 \
		--valid-until 2030-12-31 >/dev/null
	# li.ming's key moves to the default place under HOME.
	mkdir -p "$BATS_TEST_TMPDIR/home/.config/casetrail"
	mv "$keys" "$BATS_TEST_TMPDIR/home/.config/casetrail/keys"
	HOME="$BATS_TEST_TMPDIR/home" XDG_CONFIG_HOME= run officer-key wang.fang
	assert_success
	assert_output --regexp "	$BATS_TEST_TMPDIR/home/.config/casetrail/keys/wang.fang.key\$"
	assert_equal "$(stat -c %a "$BATS_TEST_TMPDIR/home/.config/casetrail/keys")" 700
	HOME= XDG_CONFIG_HOME= refuses 5 case-new --type penalty --title 某案
	assert_output "case-new: neither XDG_CONFIG_HOME nor HOME is set: no place for keys"
}

@test "a key that is not an Ed25519 key file is refused" {
	# A directory where the key should be.
	mv "$keys/li.ming.key" "$BATS_TEST_TMPDIR/li.ming.key"
	mkdir "$keys/li.ming.key"
	refuses 5 case-new --type penalty --title 某案
	assert_output "case-new: $keys/li.ming.key is not a key file"
	rmdir "$keys/li.ming.key"
	# An RSA key, well protected, but not the kind casetrail signs with.
	openssl genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:1024 \
		-out "$keys/li.ming.key" 2>/dev/null
	chmod 600 "$keys/li.ming.key"
	refuses 2 case-new --type penalty --title 某案
	assert_output "case-new: $keys/li.ming.key is not an Ed25519 private key"
}

@test "a key file that belongs to another user is refused (3)" {
	[ "$(id -u)" = 0 ] || skip "machine: only root can give a file away"
	chown nobody "$keys/li.ming.key"
	refuses 3 case-new --type penalty --title 某案
	assert_output "case-new: $keys/li.ming.key belongs to another user: a private key must be its owner's"
}

@test "after a rotation killed before its commit, the registered key still signs" {
	local keys=$XDG_CONFIG_HOME/casetrail/keys id
	id=$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT key_id FROM officer_key
	    WHERE officer = 'li.ming' ORDER BY seq DESC LIMIT 1")
	# What a rotation leaves when it is killed between its files and its
	# commit: the old key retired to PATH.ID, a new one never registered.
	mv "$keys/li.ming.key" "$keys/li.ming.key.$id"
	openssl genpkey -algorithm ed25519 -out "$keys/li.ming.key" 2>/dev/null
	chmod 600 "$keys/li.ming.key"
	run case-new --type penalty --title 轮换中断后立案
	assert_success
	assert_equal "$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT key_id FROM
	    checkpoint ORDER BY size DESC LIMIT 1")" "$id"
	run store-verify -q
	assert_success
	# With neither file his, he is refused as before.
	rm "$keys/li.ming.key.$id"
	refuses 3 case-new --type penalty --title 无钥匙
	assert_output --partial "is not the registered key of officer 'li.ming'"
}
