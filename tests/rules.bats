#!/usr/bin/env bats
# rules: nobody without a credential valid on the day enforces (持证上岗),
# on-site actions have at least two officers present, and the credentials
# shown are recorded (事中公示).  Every refusal is 3 and leaves the store as
# it was; store-verify re-checks the rules on a store forged to break them.
bats_require_minimum_version 1.5.0
load helper

# The clock: 2026-11-25 10:00 Beijing time (setup_store).
setup() {
	setup_store three_officers_and_a_case
	id=2026-000001
}
three_officers_and_a_case() {
	add_officer wang.fang 王芳 14020020002 &&
		add_officer zhao.lei 赵磊 14020020003 &&
		case-new --type penalty --title 某餐馆无证经营案 --handler li.ming \
			--handler wang.fang --at "2026-09-01 09:30" >/dev/null
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }

@test "a credential valid until today passes, until yesterday refuses (3)" {
	add_officer sun.li 孙丽 14020020004 --valid-until 2026-11-25
	add_officer qian.wei 钱伟 14020020005 --valid-until 2026-11-24
	run case-log -A sun.li "$id" --action note -m 今日有效
	assert_success
	refuses 3 case-log -A qian.wei "$id" --action note -m 昨日到期
	assert_output "case-log: officer 'qian.wei' holds no credential valid on 2026-11-25 (credential 14020020005 is valid from 2020-01-01 to 2026-11-24)"
}

@test "a credential valid from today passes, from tomorrow refuses (3)" {
	add_officer sun.li 孙丽 14020020004 --valid-from 2026-11-25 --valid-until 2030-12-31
	run case-log -A sun.li "$id" --action note -m 今日生效
	assert_success
	officer-add qian.wei --name 钱伟 --credential 14020020005 \
		--valid-from 2026-11-26 --valid-until 2030-12-31 >/dev/null
	officer-key qian.wei >/dev/null
	refuses 3 case-log -A qian.wei "$id" --action note -m 明日生效
}

@test "the credential is judged on the action's date, not the recording's" {
	add_officer qian.wei 钱伟 14020020005 --valid-until 2026-10-31
	# An inquiry of 31 October, recorded now, after the credential ended.
	run case-log -A qian.wei "$id" --action note --at "2026-10-31 23:59" -m 补录
	assert_success
	refuses 3 case-log -A qian.wei "$id" --action note --at "2026-11-01 00:00" -m 补录
	assert_output --partial "holds no credential valid on 2026-11-01"
}

@test "each on-site action needs two officers named with --officer (3)" {
	for action in inspection random-inspection inquiry evidence-collection \
		evidence-preservation coercive-measure; do
		refuses 3 case-log "$id" --action "$action" --officer wang.fang -m 现场
		assert_output "case-log: $action needs at least two officers present (1 named)"
		# The actor alone is not two officers either.
		refuses 3 case-log "$id" --action "$action" -m 现场
		run case-log -q "$id" --action "$action" --officer li.ming \
			--officer wang.fang -m 现场
		assert_success
	done
	# Other actions need nobody named.
	run case-log -q "$id" --action notice -m 告知
	assert_success
}

@test "an officer named for an on-site action must hold a valid credential (3)" {
	add_officer qian.wei 钱伟 14020020005 --valid-until 2026-11-24
	refuses 3 case-log "$id" --action inspection --officer wang.fang \
		--officer qian.wei -m 现场检查
	assert_output --partial "officer 'qian.wei' holds no credential valid on 2026-11-25"
}

@test "an import with one line that breaks a rule writes nothing (3)" {
	printf '%s\n' \
		"{\"case\":\"$id\",\"action\":\"note\",\"text\":\"一\"}" \
		"{\"case\":\"$id\",\"action\":\"inquiry\",\"officers\":[\"wang.fang\"],\"text\":\"询问\"}" \
		>"$BATS_TEST_TMPDIR/in.jsonl"
	refuses 3 case-log --import "$BATS_TEST_TMPDIR/in.jsonl"
	assert_output --regexp ":2: inquiry needs at least two officers"
}

@test "case-new: the actor and every handler hold valid credentials (3)" {
	add_officer qian.wei 钱伟 14020020005 --valid-until 2026-11-24
	refuses 3 case-new --type penalty --title 某案 --handler qian.wei
	refuses 3 case-new -A qian.wei --type penalty --title 某案 --handler li.ming
	# Filed on a day the credential was still valid: accepted.
	run case-new -A qian.wei --type penalty --title 某案 --at "2026-11-24 16:00"
	assert_success
}

@test "evidence-add: the recorder and the collectors hold valid credentials (3)" {
	add_officer qian.wei 钱伟 14020020005 --valid-until 2026-11-24
	printf '现场笔录\n' >"$BATS_TEST_TMPDIR/笔录.txt"
	refuses 3 evidence-add -A qian.wei "$id" "$BATS_TEST_TMPDIR/笔录.txt"
	refuses 3 evidence-add "$id" "$BATS_TEST_TMPDIR/笔录.txt" --officer qian.wei
	run evidence-add "$id" "$BATS_TEST_TMPDIR/笔录.txt" --officer qian.wei \
		--collected-at "2026-11-24 15:00"
	assert_success
}

@test "the credentials of the officers present are recorded and shown" {
	case-log -q "$id" --action inspection --officer wang.fang \
		--officer zhao.lei -m 现场检查，出示执法证 >/dev/null
	seq=$(db 'SELECT max(seq) FROM journal')
	run db "SELECT line->>'\$.body.credentials' FROM journal WHERE seq = $seq"
	assert_output '["14020020002","14020020003"]'
	run case-show "$id"
	assert_output --partial "with: wang.fang zhao.lei  credentials: 14020020002 14020020003"
	run case-show -f json "$id"
	assert_output --partial '"officers":["wang.fang","zhao.lei"],"credentials":["14020020002","14020020003"]'
}

@test "store-verify re-checks the credentials of a forged store" {
	add_officer qian.wei 钱伟 14020020005 --valid-until 2026-11-24
	run store-verify
	assert_success
	# An entry by qian.wei, whose credential ended yesterday, appended
	# with sqlite3 and signed with her own key: every hash and signature
	# holds, the rule does not.
	n=$(($(db 'SELECT count(*) FROM journal') + 1))
	forge_append "$(note_line "$n" qian.wei 补记)"
	forge_checkpoint qian.wei "$(key_id qian.wei)" \
		"$XDG_CONFIG_HOME/casetrail/keys/qian.wei.key"
	run store-verify
	assert_failure 1
	assert_output "store-verify: entry $n: officer 'qian.wei' holds no credential valid on 2026-11-25 (credential 14020020005 is valid from 2020-01-01 to 2026-11-24)"
}

@test "store-verify re-checks the two-officer rule on a forged entry" {
	case-log -q "$id" --action inspection --officer li.ming --officer wang.fang \
		-m 现场检查 >/dev/null
	seq=$(db 'SELECT max(seq) FROM journal')
	# Drop one officer from the line and recompute every hash and the
	# checkpoint's signature as li.ming, whose key the forger has.
	db "DROP TRIGGER journal_no_update; DROP TRIGGER checkpoint_no_update;
	    UPDATE journal SET line = replace(replace(line, '\"officers\":[\"li.ming\",\"wang.fang\"]',
	    '\"officers\":[\"wang.fang\"]'), '\"credentials\":[\"14020020001\",\"14020020002\"]',
	    '\"credentials\":[\"14020020002\"]') WHERE seq = $seq"
	mapfile -t out < <(db 'SELECT line FROM journal ORDER BY seq' |
		bash "$BATS_TEST_DIRNAME/rfc9162.bash" leaf "$seq" nodes "$seq" roothex "$seq")
	nodes=NULL
	[ -n "${out[1]}" ] && nodes="X'${out[1]}'"
	origin=$(db "SELECT value FROM meta WHERE key = 'origin'")
	printf '%s\n%s\n%s\n' "$origin" "$seq" "$(bash \
		"$BATS_TEST_DIRNAME/rfc9162.bash" b64 "${out[2]}" </dev/null)" \
		>"$BATS_TEST_TMPDIR/note"
	sig=$(openssl pkeyutl -sign -inkey "$XDG_CONFIG_HOME/casetrail/keys/li.ming.key" \
		-rawin -in "$BATS_TEST_TMPDIR/note" | od -An -tx1 | tr -d ' \n')
	db "UPDATE journal SET leaf = X'${out[0]}', nodes = $nodes WHERE seq = $seq;
	    UPDATE checkpoint SET root = X'${out[2]}', signature = X'$sig' WHERE size = $seq"
	run store-verify
	assert_failure 1
	assert_output "store-verify: entry $seq: inspection needs at least two officers present (1 named)"
}

# An officer entry (no case, no stage) by OFFICER, entry N, with BODY.
officer_line() {
	printf '{"seq":%d,"at":"2026-11-25T02:00:00Z","officer":"%s","case":null,"action":"%s","stage":null,"body":%s}' \
		"$1" "$2" "$3" "$4"
}

@test "store-verify: a revocation or a key by an officer who is no admin" {
	keys="$XDG_CONFIG_HOME/casetrail/keys"
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/clean"
	n=$(($(db 'SELECT count(*) FROM journal') + 1))
	forge_append "$(officer_line "$n" wang.fang officer-revoke '{"id":"zhao.lei","reason":"越权"}')" \
		NULL "'officer-revoke'" NULL
	forge_checkpoint wang.fang "$(key_id wang.fang)" "$keys/wang.fang.key"
	run store-verify
	assert_failure 1
	assert_output "store-verify: entry $n: only an admin can revoke officers ('wang.fang' is not one)"

	rm -rf "$CASETRAIL_STORE"
	cp -a "$BATS_TEST_TMPDIR/clean" "$CASETRAIL_STORE"
	pub=$(openssl pkey -in "$keys/zhao.lei.key" -pubout -outform DER | tail -c 32 | base64)
	forge_append "$(officer_line "$n" wang.fang officer-key "{\"officer\":\"zhao.lei\",\"key_id\":\"$(key_id zhao.lei)\",\"public_key\":\"$pub\"}")" \
		NULL "'officer-key'" NULL
	forge_checkpoint wang.fang "$(key_id wang.fang)" "$keys/wang.fang.key"
	run store-verify
	assert_failure 1
	assert_output "store-verify: entry $n: only an admin can make keys for other officers ('wang.fang' is not one)"

	# And a key entry whose ID is not its key's, by the admin.
	rm -rf "$CASETRAIL_STORE"
	cp -a "$BATS_TEST_TMPDIR/clean" "$CASETRAIL_STORE"
	forge_append "$(officer_line "$n" li.ming officer-key "{\"officer\":\"zhao.lei\",\"key_id\":\"0123456789abcdef\",\"public_key\":\"$pub\"}")" \
		NULL "'officer-key'" NULL
	forge_checkpoint li.ming "$(key_id li.ming)" "$keys/li.ming.key"
	run store-verify
	assert_failure 1
	assert_output "store-verify: entry $n: key 0123456789abcdef is not the public key it registers"
}

@test "a step dated before its case was filed is refused (3), but for those that led to it" {
	refuses 3 case-log "$id" --action notice --at "2026-08-31 09:00" -m 告知
	assert_output "case-log: 2026-000001: the notice is dated 2026-08-31T09:00:00+08:00, before the case was filed (2026-09-01T09:30:00+08:00)"
	# The inspection that led to the case.
	run case-log -q "$id" --action inspection --officer li.ming \
		--officer wang.fang --at "2026-08-31 09:00" -m 立案前的现场检查
	assert_success
	run case-log -q "$id" --action notice --at "2026-09-01 09:30" -m 立案当时
	assert_success
	run store-verify -q
	assert_success
}

@test "roles: a reviewer records no step and is named at none; an admin only manages officers (3)" {
	add_officer zhou.min 周敏 14020020006 --role reviewer \
		--qualification A20183101234567
	refuses 3 case-new -A zhou.min --type penalty --title 某案
	assert_output "case-new: officer 'zhou.min' cannot record case-new: that needs the officer role"
	refuses 3 case-new --type penalty --title 某案 --handler zhou.min
	assert_output "case-new: officer 'zhou.min' does not hold the officer role: he cannot be named present at enforcement"
	refuses 3 case-log -A zhou.min "$id" --action decision -m 处罚决定
	assert_output "case-log: officer 'zhou.min' cannot record decision: that needs the officer role"
	refuses 3 case-log "$id" --action inspection --officer li.ming \
		--officer zhou.min -m 现场检查
	assert_output "case-log: officer 'zhou.min' does not hold the officer role: he cannot be named present at enforcement"
	add_officer sun.li 孙丽 14020020004 --role admin
	refuses 3 case-log -A sun.li "$id" --action note -m 管理员备注
	assert_output "case-log: officer 'sun.li' cannot record note: that needs the officer role"
	# The admin manages officers.
	run officer-revoke -A sun.li zhou.min --reason 调岗
	assert_success
}
