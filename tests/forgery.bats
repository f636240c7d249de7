#!/usr/bin/env bats
# forgery: for every rule store-verify replays (credential dates,
# revocation, two officers on site, roles, key authority) an entry that
# breaks it, written by tests/tools/forge as a forger holding a registered
# key would: the canonical line appended with its leaf and subtree hashes
# right and a checkpoint signed with a valid key.  Every hash and
# signature holds, so only the replay of the rules can catch it; each
# test names the finding, and each forges the same entry within the
# rule too (its twin), which store-verify must accept: the forgery is
# caught for the rule it breaks and for nothing else.
bats_require_minimum_version 1.5.0
load helper
load forge

setup() {
	setup_store a_verified_case
	keys="$XDG_CONFIG_HOME/casetrail/keys"
	[ -x "$FORGE" ] || fail "no $FORGE: make all builds it"
	save
}

# A second officer and a case, in a store that verifies.
a_verified_case() {
	add_officer wang.fang 王芳 14020020002 &&
		case-new --type penalty --title 某超市销售过期食品案 --handler li.ming \
			--handler wang.fang --at "2026-09-01 09:30" >/dev/null &&
		store-verify -q
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }

# What the programs write to the tables with an entry, for the twins.
LAST="(SELECT max(seq) FROM journal)"
touched() { echo "UPDATE cases SET last_seq = $LAST${1:+, $1} WHERE id = '2026-000001'"; }

# Bodies, as the programs write them.
note() { printf '{"at":"%s","text":"%s"}' "$1" "$2"; }
onsite() {
	printf '{"at":"2026-11-25T02:00:00Z","text":"现场检查","officers":%s,"credentials":%s}' "$1" "$2"
}
officer_add() {
	printf '{"id":"%s","name":"%s","credential":"%s","valid_from":"2020-01-01","valid_until":"2030-12-31","roles":["officer"],"unix_user":null}' "$1" "$2" "$3"
}
added() {
	echo "INSERT INTO officer VALUES ('$1', '$2', '$3', '2020-01-01', '2030-12-31', NULL, NULL, NULL, $LAST);
	    INSERT INTO officer_role VALUES ('$1', 'officer');
	    INSERT INTO officer_credential VALUES ('$1', '$3', '2020-01-01', '2030-12-31', $LAST)"
}
revoke() { printf '{"id":"%s","reason":"%s"}' "$1" "$2"; }
revoked() { echo "UPDATE officer SET revoked_at = '$2', revoked_reason = '$3' WHERE id = '$1'"; }

# A new key file keys/NAME.key, as openssl makes one; sets pub (base64),
# pubhex and kid (its key ID).
new_key() {
	openssl genpkey -algorithm ed25519 -out "$keys/$1.key" 2>/dev/null
	chmod 600 "$keys/$1.key"
	openssl pkey -in "$keys/$1.key" -pubout -outform DER | tail -c 32 >"$BATS_TEST_TMPDIR/pub"
	pub=$(base64 <"$BATS_TEST_TMPDIR/pub")
	pubhex=$(od -An -tx1 <"$BATS_TEST_TMPDIR/pub" | tr -d ' \n')
	kid=$(sha256sum <"$BATS_TEST_TMPDIR/pub" | cut -c1-16)
}
key_entry() { printf '{"officer":"%s","key_id":"%s","public_key":"%s"}' "$1" "$kid" "$pub"; }
# An admin's reset of officer $1's key, for reason $2.
reset_entry() {
	printf '{"officer":"%s","key_id":"%s","public_key":"%s","replaces":"%s","reason":"%s"}' \
		"$1" "$kid" "$pub" "$(db "SELECT key_id FROM officer_key WHERE officer = '$1' ORDER BY seq DESC LIMIT 1")" "$2"
}
registered() { echo "INSERT INTO officer_key VALUES ('$kid', '$1', X'$pubhex', $LAST)"; }

# --- credential dates ---------------------------------------------------------

@test "forgery: an entry dated after the officer's credential ended" {
	add_officer qian.wei 钱伟 14020020005 --valid-until 2026-11-24
	save
	# 23:59 on the last valid day, Beijing time: within the rule.
	forged -x "$(touched)" qian.wei 2026-000001 note filing \
		"$(note 2026-11-24T15:59:00Z 最后一天的检查记录)"
	accepted
	# A minute later it is the 25th in Beijing, though still the 24th in UTC.
	restore
	forged -x "$(touched)" qian.wei 2026-000001 note filing \
		"$(note 2026-11-24T16:00:00Z 过期之后的记录)"
	caught "entry $n: officer 'qian.wei' holds no credential valid on 2026-11-25 (credential 14020020005 is valid from 2020-01-01 to 2026-11-24)"
}

@test "forgery: an entry dated before the officer's credential began" {
	plain officer-add sun.li --name 孙丽 --credential 14020020004 \
		--valid-from 2026-11-26 --valid-until 2030-12-31 >/dev/null
	plain officer-key sun.li >/dev/null
	save
	forged -x "$(touched)" sun.li 2026-000001 note filing \
		"$(note 2026-11-25T16:00:00Z 生效当日的记录)"
	accepted
	restore
	forged -x "$(touched)" sun.li 2026-000001 note filing \
		"$(note 2026-11-25T15:59:00Z 生效之前的记录)"
	caught "entry $n: officer 'sun.li' holds no credential valid on 2026-11-25 (credential 14020020004 is valid from 2026-11-26 to 2030-12-31)"
}

@test "forgery: an officer named on site whose credential had ended" {
	add_officer qian.wei 钱伟 14020020005 --valid-until 2026-11-24
	save
	forged -x "$(touched "stage = 'investigation'")" li.ming 2026-000001 \
		inspection investigation \
		"$(onsite '["li.ming","wang.fang"]' '["14020020001","14020020002"]')"
	accepted
	restore
	forged -x "$(touched "stage = 'investigation'")" li.ming 2026-000001 \
		inspection investigation \
		"$(onsite '["li.ming","qian.wei"]' '["14020020001","14020020005"]')"
	caught "entry $n: officer 'qian.wei' holds no credential valid on 2026-11-25 (credential 14020020005 is valid from 2020-01-01 to 2026-11-24)"
}

# --- revocation ---------------------------------------------------------------

# wang.fang is revoked at 10:00 Beijing time (02:00 UTC) as entry 6; her
# key stays registered, so her own signature still verifies.
revoke_wang() {
	officer-revoke wang.fang --reason 调离执法岗位 >/dev/null
	assert_equal "$(db "SELECT revoked_at FROM officer WHERE id = 'wang.fang'")" \
		2026-11-25T02:00:00Z
	save
}

@test "forgery: an entry by an officer after his revocation" {
	revoke_wang
	# Recorded by li.ming, who is not revoked: within the rule.
	forged -t 2026-11-25T03:00:00Z -x "$(touched)" li.ming 2026-000001 \
		note filing "$(note 2026-11-25T03:00:00Z 撤销之后的询问)"
	accepted
	restore
	forged -t 2026-11-25T03:00:00Z -x "$(touched)" wang.fang 2026-000001 \
		note filing "$(note 2026-11-25T03:00:00Z 撤销之后的询问)"
	caught "entry $n: officer 'wang.fang' has been revoked since 2026-11-25T10:00:00+08:00"
	# Nor does he record after it a step taken before it.
	restore
	forged -t 2026-11-25T03:00:00Z -x "$(touched)" wang.fang 2026-000001 \
		note filing "$(note 2026-11-25T01:59:00Z 撤销之前的询问)"
	caught "entry $n: officer 'wang.fang' has been revoked since 2026-11-25T10:00:00+08:00"
}

@test "forgery: an entry by an officer at and within a minute of his revocation" {
	revoke_wang
	for at in 2026-11-25T02:00:00Z 2026-11-25T02:00:01Z 2026-11-25T02:00:30Z \
		2026-11-25T02:00:59Z; do
		restore
		forged -t "$at" -x "$(touched)" wang.fang 2026-000001 note filing \
			"$(note "$at" 撤销后一分钟内)"
		caught "entry $n: officer 'wang.fang' has been revoked since 2026-11-25T10:00:00+08:00"
	done
	# Recorded the second before, it is hers.
	restore
	forged -t 2026-11-25T01:59:59Z -x "$(touched)" wang.fang 2026-000001 \
		note filing "$(note 2026-11-25T01:59:59Z 撤销前一秒)"
	accepted
}

@test "forgery: an officer named on site after his revocation" {
	revoke_wang
	add_officer zhao.lei 赵磊 14020020003
	save
	forged -t 2026-11-25T02:00:30Z -x "$(touched "stage = 'investigation'")" \
		li.ming 2026-000001 inspection investigation \
		"$(onsite '["li.ming","zhao.lei"]' '["14020020001","14020020003"]')"
	accepted
	restore
	forged -t 2026-11-25T02:00:30Z -x "$(touched "stage = 'investigation'")" \
		li.ming 2026-000001 inspection investigation \
		"$(onsite '["li.ming","wang.fang"]' '["14020020001","14020020002"]')"
	caught "entry $n: officer 'wang.fang' has been revoked since 2026-11-25T10:00:00+08:00"
}

@test "forgery: officer entries by a revoked admin, at and after the revocation" {
	add_officer zhao.lei 赵磊 14020020003 --role admin
	officer-revoke zhao.lei --reason 调离执法岗位 >/dev/null
	new_key sun.li
	save
	# At the revocation, within the minute after it, and an hour later.
	for at in 2026-11-25T02:00:00Z 2026-11-25T02:00:30Z 2026-11-25T03:00:00Z; do
		restore
		forged -t "$at" -x "$(added sun.li 孙丽 14020020004)" zhao.lei - \
			officer-add - "$(officer_add sun.li 孙丽 14020020004)"
		caught "entry $n: officer 'zhao.lei' has been revoked since 2026-11-25T10:00:00+08:00"
	done
	restore
	forged -t 2026-11-25T02:00:30Z -x "$(revoked wang.fang 2026-11-25T02:00:30Z 越权撤销)" \
		zhao.lei - officer-revoke - "$(revoke wang.fang 越权撤销)"
	caught "entry $n: officer 'zhao.lei' has been revoked since 2026-11-25T10:00:00+08:00"
	# A new key for wang.fang.
	restore
	forged -t 2026-11-25T02:00:30Z -x "$(registered wang.fang)" zhao.lei - \
		officer-key - "$(reset_entry wang.fang 遗失)"
	caught "entry $n: officer 'zhao.lei' has been revoked since 2026-11-25T10:00:00+08:00"
	# Each is fine when li.ming, an admin still, makes it.
	restore
	forged -t 2026-11-25T02:00:30Z -x "$(added sun.li 孙丽 14020020004)" \
		li.ming - officer-add - "$(officer_add sun.li 孙丽 14020020004)"
	accepted
	restore
	forged -t 2026-11-25T02:00:30Z -x "$(revoked wang.fang 2026-11-25T02:00:30Z 调岗)" \
		li.ming - officer-revoke - "$(revoke wang.fang 调岗)"
	accepted
	restore
	forged -t 2026-11-25T02:00:30Z -x "$(registered wang.fang)" li.ming - \
		officer-key - "$(reset_entry wang.fang 遗失)"
	accepted
}

# --- two officers on site -----------------------------------------------------

@test "forgery: each on-site action with fewer than two officers" {
	forged -x "$(touched "stage = 'investigation'")" li.ming 2026-000001 \
		inspection investigation \
		"$(onsite '["li.ming","wang.fang"]' '["14020020001","14020020002"]')"
	accepted
	for action in inspection random-inspection inquiry evidence-collection \
		evidence-preservation coercive-measure; do
		restore
		forged -x "$(touched "stage = 'investigation'")" li.ming 2026-000001 \
			"$action" investigation \
			"$(onsite '["wang.fang"]' '["14020020002"]')"
		caught "entry $n: $action needs at least two officers present (1 named)"
	done
	# None named at all.
	restore
	forged -x "$(touched "stage = 'investigation'")" li.ming 2026-000001 \
		inquiry investigation "$(note 2026-11-25T02:00:00Z 独自询问)"
	caught "entry $n: inquiry needs at least two officers present (0 named)"
}

# --- roles --------------------------------------------------------------------

@test "forgery: an officer added by an officer who is no admin" {
	forged -x "$(added sun.li 孙丽 14020020004)" li.ming - officer-add - \
		"$(officer_add sun.li 孙丽 14020020004)"
	accepted
	restore
	forged -x "$(added sun.li 孙丽 14020020004)" wang.fang - officer-add - \
		"$(officer_add sun.li 孙丽 14020020004)"
	caught "entry $n: only an admin can add officers ('wang.fang' is not one)"
}

@test "forgery: an officer added with another officer's credential number" {
	forged -x "$(added sun.li 孙丽 14020020002)" li.ming - officer-add - \
		"$(officer_add sun.li 孙丽 14020020002)"
	caught "entry $n: credential 14020020002 is held by officer 'wang.fang' already"
}

@test "forgery: a revocation by an officer who is no admin, or of oneself" {
	forged -x "$(revoked wang.fang 2026-11-25T02:00:00Z 调岗)" li.ming - \
		officer-revoke - "$(revoke wang.fang 调岗)"
	accepted
	restore
	forged -x "$(revoked li.ming 2026-11-25T02:00:00Z 越权撤销)" wang.fang - \
		officer-revoke - "$(revoke li.ming 越权撤销)"
	caught "entry $n: only an admin can revoke officers ('wang.fang' is not one)"
	restore
	forged -x "$(revoked li.ming 2026-11-25T02:00:00Z 自行撤销)" li.ming - \
		officer-revoke - "$(revoke li.ming 自行撤销)"
	caught "entry $n: officer 'li.ming' cannot revoke itself: another admin must"
}

# --- key authority ------------------------------------------------------------

@test "forgery: a key registered for another officer by one who is no admin" {
	new_key fresh
	# An admin's reset of her key, signed with his: his to register.
	forged -x "$(registered wang.fang)" li.ming - officer-key - \
		"$(reset_entry wang.fang 遗失)"
	accepted
	restore
	forged -x "$(registered li.ming)" wang.fang - officer-key - \
		"$(key_entry li.ming)"
	caught "entry $n: only an admin can make keys for other officers ('wang.fang' is not one)"
}

@test "forgery: a key entry whose ID is not its public key's" {
	new_key fresh
	kid=0123456789abcdef
	forged -x "$(registered wang.fang)" li.ming - officer-key - \
		"$(key_entry wang.fang)"
	caught "entry $n: key 0123456789abcdef is not the public key it registers"
}

@test "forgery: a checkpoint signed with a key that is not its officer's" {
	lkid=$(db "SELECT key_id FROM officer_key WHERE officer = 'li.ming'")
	wkid=$(db "SELECT key_id FROM officer_key WHERE officer = 'wang.fang'")
	forged -x "$(touched)" li.ming 2026-000001 note filing \
		"$(note 2026-11-25T02:00:00Z 补记)"
	accepted
	# wang.fang's registered key, on li.ming's entry.
	restore
	forged -s wang.fang -x "$(touched)" li.ming 2026-000001 note filing \
		"$(note 2026-11-25T02:00:00Z 补记)"
	caught "checkpoint $n is signed with key $wkid, which is not the key of 'li.ming' ($lkid) at the time"
	# A key nobody registered.
	restore
	new_key stray
	forged -s stray -x "$(touched)" li.ming 2026-000001 note filing \
		"$(note 2026-11-25T02:00:00Z 补记)"
	caught "checkpoint $n is signed with key $kid, which is not the key of 'li.ming' ($lkid) at the time"
}

@test "forgery: a checkpoint signed by an officer who has no key" {
	plain officer-add sun.li --name 孙丽 --credential 14020020004 \
		--valid-from 2020-01-01 --valid-until 2030-12-31 >/dev/null
	new_key stray
	forged -s stray -x "$(touched)" sun.li 2026-000001 note filing \
		"$(note 2026-11-25T02:00:00Z 无钥签名)"
	caught "checkpoint $n is signed by 'sun.li', who had no key then"
}

@test "forgery: a checkpoint signed with the officer's key of before a rotation" {
	old=$(db "SELECT key_id FROM officer_key WHERE officer = 'li.ming'")
	officer-key --rotate >/dev/null
	new=$(db "SELECT key_id FROM officer_key WHERE officer = 'li.ming' ORDER BY seq DESC LIMIT 1")
	cp "$keys/li.ming.key.$old" "$keys/old.key"
	save
	forged -x "$(touched)" li.ming 2026-000001 note filing \
		"$(note 2026-11-25T02:00:00Z 轮换之后)"
	accepted
	restore
	forged -s old -x "$(touched)" li.ming 2026-000001 note filing \
		"$(note 2026-11-25T02:00:00Z 旧钥签名)"
	caught "checkpoint $n is signed with key $old, which is not the key of 'li.ming' ($new) at the time"
}

# rotation_entry OFFICER SIGNER: a key entry for OFFICER registering the
# key made by new_key in place of his current one, its rotation signed
# with the key file keys/SIGNER.key, as officer-key --rotate signs it.
rotation_entry() {
	local old sig
	old=$(db "SELECT key_id FROM officer_key WHERE officer = '$1' ORDER BY seq DESC LIMIT 1")
	printf 'casetrail officer-key rotation\n%s\n%s\n%s\n%s\n' \
		"$(db "SELECT value FROM meta WHERE key = 'origin'")" "$1" "$old" "$pub" \
		>"$BATS_TEST_TMPDIR/rotation"
	sig=$(openssl pkeyutl -sign -rawin -in "$BATS_TEST_TMPDIR/rotation" \
		-inkey "$keys/$2.key" | base64 -w0)
	printf '{"officer":"%s","key_id":"%s","public_key":"%s","unix_user":"root","replaces":"%s","rotation_sig":"%s"}' \
		"$1" "$kid" "$pub" "$old" "$sig"
}

@test "forgery: an officer's key taken over with a key of the forger's making" {
	old=$(key_id li.ming)
	new_key evil
	# His own rotation, signed with his current key: his.
	forged -s evil -x "$(registered li.ming)" li.ming - officer-key - \
		"$(rotation_entry li.ming li.ming)"
	accepted
	# Signed with the forger's own key, or with none.
	restore
	forged -s evil -x "$(registered li.ming)" li.ming - officer-key - \
		"$(rotation_entry li.ming evil)"
	caught "entry $n: key $kid of 'li.ming' was not registered by anyone who could: officer 'li.ming' has a key: a new one is signed with it (officer-key --rotate), or an admin resets it (officer-key --reset)"
	restore
	forged -s evil -x "$(registered li.ming)" li.ming - officer-key - \
		"$(key_entry li.ming | sed "s/}\$/,\"replaces\":\"$old\"}/")"
	caught "entry $n: key $kid of 'li.ming' was not registered by anyone who could: officer 'li.ming' has a key: a new one is signed with it (officer-key --rotate), or an admin resets it (officer-key --reset)"
	# Not saying which key it replaces.
	restore
	forged -s evil -x "$(registered li.ming)" li.ming - officer-key - \
		"$(key_entry li.ming)"
	caught "entry $n: key $kid of 'li.ming' replaces key $old, not ''"
}

@test "forgery: an admin's reset with no reason" {
	new_key fresh
	forged -x "$(registered wang.fang)" li.ming - officer-key - \
		"$(reset_entry wang.fang '')"
	caught "entry $n: key $kid of 'wang.fang' was not registered by anyone who could: officer 'wang.fang' has a key: an admin replaces it only with --reset and a --reason"
}

@test "forgery: an officer's first key, by himself from a Unix user not his" {
	plain officer-add sun.li --name 孙丽 --credential 14020020004 \
		--valid-from 2020-01-01 --valid-until 2030-12-31 --unix-user sys >/dev/null
	new_key sun.li
	save
	forged -x "$(registered sun.li)" sun.li - officer-key - \
		"$(key_entry sun.li | sed 's/}$/,"unix_user":"sys"}/')"
	accepted
	restore
	forged -x "$(registered sun.li)" sun.li - officer-key - \
		"$(key_entry sun.li | sed 's/}$/,"unix_user":"root"}/')"
	caught "entry $n: key $kid of 'sun.li' was not registered by anyone who could: the first key of officer 'sun.li' is made by an admin, or by his own Unix user ('sys')"
}

# --- roles --------------------------------------------------------------------

@test "forgery: an entry or a presence on site by an officer who is only a reviewer" {
	add_officer zhou.min 周敏 14020020006 --role reviewer \
		--qualification A20183101234567
	save
	forged -x "$(touched)" wang.fang 2026-000001 note filing \
		"$(note 2026-11-25T02:00:00Z 审核意见)"
	accepted
	restore
	forged -x "$(touched)" zhou.min 2026-000001 note filing \
		"$(note 2026-11-25T02:00:00Z 审核意见)"
	caught "entry $n: officer 'zhou.min' cannot record note: that needs the officer role"
	restore
	forged -x "$(touched "stage = 'investigation'")" li.ming 2026-000001 \
		inspection investigation \
		"$(onsite '["li.ming","zhou.min"]' '["14020020001","14020020006"]')"
	caught "entry $n: officer 'zhou.min' does not hold the officer role: he cannot be named present at enforcement"
}

# --- order in a case ------------------------------------------------------------

@test "forgery: a step dated before its case was filed" {
	# The case was filed on 1 September at 09:30, Beijing time.
	forged -x "$(touched "stage = 'investigation'")" li.ming 2026-000001 \
		inspection investigation \
		"$(onsite '["li.ming","wang.fang"]' '["14020020001","14020020002"]' |
			sed 's/2026-11-25T02:00:00Z/2026-08-31T01:00:00Z/')"
	accepted
	restore
	forged -x "$(touched)" li.ming 2026-000001 note filing \
		"$(note 2026-09-01T01:29:00Z 立案之前)"
	caught "entry $n: 2026-000001: the note is dated 2026-09-01T09:29:00+08:00, before the case was filed (2026-09-01T09:30:00+08:00)"
}

# --- times --------------------------------------------------------------------

@test "forgery: an entry dated back past the tolerance, or after the verifier's clock" {
	# Four minutes back: two hosts' clocks.  Six: a fault.
	forged -t 2026-11-25T01:56:00Z -x "$(touched)" li.ming 2026-000001 note \
		filing "$(note 2026-11-25T01:56:00Z 补记)"
	accepted
	restore
	forged -t 2026-11-25T01:54:00Z -x "$(touched)" li.ming 2026-000001 note \
		filing "$(note 2026-11-25T01:54:00Z 补记)"
	caught "entry $n is dated 2026-11-25T09:54:00+08:00, 6 minutes before entry $((n - 1)) (2026-11-25T10:00:00+08:00): a clock set back, or an entry written by hand"
	# The agency's tolerance, from casetrail.conf.
	echo 'clock.tolerance = 10' >>"$CASETRAIL_STORE/casetrail.conf"
	accepted
	restore
	forged -t 2026-11-26T10:00:01Z -x "$(touched)" li.ming 2026-000001 note \
		filing "$(note 2026-11-26T10:00:01Z 未来)"
	caught "entry $n is dated 2026-11-26T18:00:01+08:00, after this host's clock (2026-11-26T10:00:00+08:00)"
}

# --- what the writers check of their input, the replay checks too -----------
# (Each was found passing store-verify and store-rebuild in review.)

new_case_body() {
	printf '{"type":"penalty","title":"t","party":null,"party_kind":null,"party_id":null,"basis":null,"handlers":%s,"filed_at":"2026-11-25T02:00:00Z"}' "$1"
}

@test "forgery: handlers or officers that are not a list of IDs" {
	forged li.ming 2026-000002 case-new filing "$(new_case_body '"wang.fang"')"
	caught "entry $n: its handlers are not a list of officer IDs"
	restore
	forged li.ming 2026-000002 case-new filing "$(new_case_body '["wang.fang",7]')"
	caught "entry $n: its handlers are not a list of officer IDs"
	restore
	forged li.ming 2026-000002 case-new filing "$(new_case_body '["wang.fang"]')"
	run store-verify
	assert_failure 1
	assert_output "store-verify: entry $n adds case 2026-000002, which is not in the cases table"
}

@test "forgery: an officer named twice is one officer on site" {
	forged li.ming 2026-000001 inspection investigation \
		"$(onsite '["wang.fang","wang.fang"]' '["14020020002","14020020002"]')"
	caught "entry $n: officer 'wang.fang' is named twice"
}

@test "forgery: a case action with no case, an officer entry on a case" {
	forged li.ming - closing - "$(note 2026-11-25T02:00:00Z 结案)"
	caught "entry $n: closing names no case"
	restore
	forged li.ming 2026-000001 officer-revoke filing "$(revoke wang.fang 越权)"
	caught "entry $n: officer-revoke is not an entry of a case"
}

@test "forgery: a stage or a case ID the writers never write" {
	forged li.ming 2026-000001 note 调查 "$(note 2026-11-25T02:00:00Z 补录)"
	caught "entry $n: unknown stage"
	restore
	forged li.ming 2026-000001Z case-new filing "$(new_case_body '["li.ming"]')"
	caught "entry $n: bad case ID '2026-000001Z' (like 2026-000042)"
}

@test "forgery: a case type, a party kind, an evidence kind or size the writers refuse" {
	forged li.ming 2026-000002 case-new filing \
		'{"type":"调解","title":"t","party":null,"party_kind":null,"party_id":null,"basis":null,"handlers":["li.ming"],"filed_at":"2026-11-25T02:00:00Z"}'
	caught "entry $n: unknown case type '调解' (types: penalty coercion inspection license other)"
	restore
	forged li.ming 2026-000002 case-new filing \
		'{"type":"penalty","title":"t","party":"某某","party_kind":"robot","party_id":null,"basis":null,"handlers":["li.ming"],"filed_at":"2026-11-25T02:00:00Z"}'
	caught "entry $n: party kind is person or org, not 'robot'"
	restore
	id=$(printf '%064d' 0 | tr 0 a)
	forged li.ming 2026-000001 evidence-add filing \
		"{\"id\":\"$id\",\"name\":\"a.txt\",\"kind\":\"bogus\",\"size\":5,\"collected_at\":null,\"location\":null,\"officers\":[],\"note\":null}"
	caught "entry $n: unknown kind 'bogus' (kinds: document photo audio video other)"
	restore
	forged li.ming 2026-000001 evidence-add filing \
		"{\"id\":\"$id\",\"name\":\"a.txt\",\"kind\":\"document\",\"size\":-5,\"collected_at\":null,\"location\":null,\"officers\":[],\"note\":null}"
	caught "entry $n: the evidence's size is not a number of bytes"
}

# --- officers' data: updates and restores ---------------------------------------

# An officer-update giving officer $1 credential $2, and its rows.
update_entry() {
	printf '{"id":"%s","credential":"%s","valid_from":"2026-11-25","valid_until":"2031-11-24"}' "$1" "$2"
}
updated() {
	echo "UPDATE officer SET credential = '$2', valid_from = '2026-11-25', valid_until = '2031-11-24' WHERE id = '$1';
	    INSERT INTO officer_credential VALUES ('$1', '$2', '2026-11-25', '2031-11-24', $LAST)"
}
# An officer-restore of officer $1 with credential $2 for reason $3, and
# its rows, restored at $4.
restore_entry() {
	printf '{"id":"%s","credential":"%s","valid_from":"2026-11-25","valid_until":"2031-11-24","reason":"%s"}' "$1" "$2" "$3"
}
restored() {
	echo "INSERT INTO officer_restore SELECT id, coalesce(revoked_at, '$4'), '$4', $LAST FROM officer WHERE id = '$1';
	    UPDATE officer SET revoked_at = NULL, revoked_reason = NULL, credential = '$2',
	    valid_from = '2026-11-25', valid_until = '2031-11-24' WHERE id = '$1';
	    INSERT INTO officer_credential VALUES ('$1', '$2', '2026-11-25', '2031-11-24', $LAST)"
}

@test "forgery: a credential renewed by an officer who is no admin, or to another's number" {
	forged -x "$(updated wang.fang 14020020012)" li.ming - officer-update - \
		"$(update_entry wang.fang 14020020012)"
	accepted
	restore
	forged -x "$(updated wang.fang 14020020012)" wang.fang - officer-update - \
		"$(update_entry wang.fang 14020020012)"
	caught "entry $n: only an admin can update officers ('wang.fang' is not one)"
	restore
	forged -x "$(updated wang.fang 14020020001)" li.ming - officer-update - \
		"$(update_entry wang.fang 14020020001)"
	caught "entry $n: credential 14020020001 is held by officer 'li.ming' already"
}

@test "forgery: a restore by an officer who is no admin, of an officer not revoked, without a reason or with the withdrawn number" {
	forged -t 2026-11-25T03:00:00Z -x "$(restored wang.fang 14020020012 复职 2026-11-25T03:00:00Z)" \
		li.ming - officer-restore - "$(restore_entry wang.fang 14020020012 复职)"
	caught "entry $n: officer 'wang.fang' is not revoked: there is nothing to restore"
	restore
	revoke_wang
	forged -t 2026-11-25T03:00:00Z -x "$(restored wang.fang 14020020012 复职 2026-11-25T03:00:00Z)" \
		li.ming - officer-restore - "$(restore_entry wang.fang 14020020012 复职)"
	accepted
	restore
	forged -t 2026-11-25T03:00:00Z -x "$(restored wang.fang 14020020012 复职 2026-11-25T03:00:00Z)" \
		wang.fang - officer-restore - "$(restore_entry wang.fang 14020020012 复职)"
	caught "entry $n: only an admin can restore officers ('wang.fang' is not one)"
	restore
	forged -t 2026-11-25T03:00:00Z -x "$(restored wang.fang 14020020012 "" 2026-11-25T03:00:00Z)" \
		li.ming - officer-restore - "$(restore_entry wang.fang 14020020012 "")"
	caught "entry $n: a restore needs a --reason"
	restore
	forged -t 2026-11-25T03:00:00Z -x "$(restored wang.fang 14020020002 复职 2026-11-25T03:00:00Z)" \
		li.ming - officer-restore - "$(restore_entry wang.fang 14020020002 复职)"
	caught "entry $n: credential 14020020002 was withdrawn with the revocation of 'wang.fang': a restore needs a new one"
}

@test "forgery: a step dated inside a revocation that a restore ended" {
	revoke_wang
	forged -t 2026-11-25T04:00:00Z -x "$(restored wang.fang 14020020012 复职 2026-11-25T04:00:00Z)" \
		li.ming - officer-restore - "$(restore_entry wang.fang 14020020012 复职)"
	save
	# Taken after the restore: hers.
	forged -t 2026-11-25T04:30:00Z -x "$(touched)" wang.fang 2026-000001 \
		note filing "$(note 2026-11-25T04:10:00Z 复职之后)"
	accepted
	restore
	forged -t 2026-11-25T04:30:00Z -x "$(touched)" wang.fang 2026-000001 \
		note filing "$(note 2026-11-25T03:00:00Z 撤销期间)"
	caught "entry $n: officer 'wang.fang' was revoked from 2026-11-25T10:00:00+08:00 until 2026-11-25T12:00:00+08:00"
	restore
	forged -t 2026-11-25T04:30:00Z -x "$(touched "stage = 'investigation'")" \
		li.ming 2026-000001 inspection investigation \
		"$(onsite '["li.ming","wang.fang"]' '["14020020001","14020020012"]')"
	caught "entry $n: officer 'wang.fang' was revoked from 2026-11-25T10:00:00+08:00 until 2026-11-25T12:00:00+08:00"
}

@test "forgery: an update that changes nothing, names nobody, or gives days with no credential" {
	forged -x "UPDATE officer SET name = '王芳芳' WHERE id = 'wang.fang'" \
		li.ming - officer-update - '{"id":"wang.fang","name":"王芳芳"}'
	accepted
	restore
	forged li.ming - officer-update - '{"id":"wang.fang"}'
	caught "entry $n: nothing to change (--name, --qualification, or --credential with --valid-from and --valid-until)"
	restore
	forged li.ming - officer-update - '{"id":"wang.fang","name":""}'
	caught "entry $n: the name is empty"
	restore
	forged li.ming - officer-update - '{"id":"wang.fang","name":"王芳芳","valid_until":"2040-12-31"}'
	caught "entry $n: --valid-from and --valid-until go with a new --credential"
	restore
	forged li.ming - officer-update - '{"id":"zhang.san","name":"张三"}'
	caught "entry $n: officer-update of unknown officer 'zhang.san'"
}

@test "forgery: a second decision, a decision-change with no reason, a decided case moved to closing" {
	case-log -q 2026-000001 --action decision -m 罚款五千元 >/dev/null
	save
	forged -x "$(touched)" li.ming 2026-000001 decision-change decision \
		"$(note 2026-11-25T02:30:00Z 复议决定变更为罚款三千元)"
	accepted
	restore
	forged -x "$(touched)" li.ming 2026-000001 decision decision \
		"$(note 2026-11-25T02:30:00Z 第二个决定)"
	caught "entry $n: case '2026-000001' is decided already: a changed decision is a decision-change, with its reason"
	restore
	forged -x "$(touched)" li.ming 2026-000001 decision-change decision \
		"$(note 2026-11-25T02:30:00Z '')"
	caught "entry $n: a decision-change needs its reason (-m)"
	restore
	forged -x "$(touched "stage = 'closing'")" li.ming 2026-000001 note closing \
		"$(note 2026-11-25T02:30:00Z 归档)"
	caught "entry $n: case '2026-000001' is decided: only a closing moves it to the closing stage"
}
