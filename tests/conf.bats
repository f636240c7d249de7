#!/usr/bin/env bats
# conf: the settings on the record.  A write that finds casetrail.conf
# changed since the text recorded last records the new text first, as a
# conf entry in its own transaction; store-verify replays the conf
# entries, and store-rebuild makes the conf table again.
bats_require_minimum_version 1.5.0
load helper
load forge

setup() {
	setup_store
	id=$(new_case)
	conf=$CASETRAIL_STORE/casetrail.conf
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }
entries() { db 'SELECT count(*) FROM journal'; }
confs() { db "SELECT count(*) FROM journal WHERE action = 'conf'"; }
# Entry $1's action, officer and text (a conf entry's, or its body's).
entry() {
	db "SELECT action || ' ' || (line->>'\$.officer') FROM journal WHERE seq = $1"
}
text_of() { db "SELECT line->>'\$.body.text' FROM journal WHERE seq = $1"; }
sha_of() { db "SELECT line->>'\$.body.sha256' FROM journal WHERE seq = $1"; }
file_sha() { sha256sum <"$conf" | cut -d' ' -f1; }

# The raise of a deadline, with the agency's name: the change the record
# is for.
raise_deadline() {
	printf 'agency = 大同市商务局\ndeadline.decide = %s  # 延长办案期限\n' \
		"${1:-120}" >>"$conf"
}

@test "a changed casetrail.conf is recorded once, before the entry that found it" {
	# A new store's casetrail.conf sets nothing: the defaults need no record.
	assert_equal "$(confs)" 0
	raise_deadline
	seq=$(case-log "$id" --action note -m 延长期限后的第一条记录)
	assert_equal "$(entry $((seq - 1)))" "conf li.ming"
	assert_equal "$(entry "$seq")" "note li.ming"
	assert_equal "$(confs)" 1
	# The text is the file's, byte for byte, and named by its hash.
	assert_equal "$(text_of $((seq - 1)))" "$(cat "$conf")"
	assert_equal "$(sha_of $((seq - 1)))" "$(file_sha)"
	assert_equal "$(db 'SELECT seq, sha256 FROM conf')" "$((seq - 1))|$(file_sha)"
	# Signed with the write's own entries, by one checkpoint.
	assert_equal "$(db "SELECT count(*) FROM checkpoint WHERE size >= $((seq - 1))")" 1
	# The same text again records nothing.
	before=$(entries)
	case-log "$id" --action note -m 第二条记录 >/dev/null
	case-new --type penalty --title 另一案件 --handler li.ming >/dev/null
	assert_equal "$(entries)" $((before + 2))
	assert_equal "$(confs)" 1
	run store-verify -q
	assert_success
}

@test "unchanged casetrail.conf records nothing, whatever the writer" {
	before=$(entries)
	add_officer zhao.lei 赵磊 14020020003
	case-new --type penalty --title 某药店无证经营案 --handler li.ming >/dev/null
	case-log "$id" --action note -m 记录 >/dev/null
	printf '%s\tnote\t\t\t\t\t导入的记录\n' "$id" | case-log -q --import
	echo 询问笔录 >"$BATS_TEST_TMPDIR/笔录.txt"
	evidence-add "$id" "$BATS_TEST_TMPDIR/笔录.txt" >/dev/null
	officer-revoke zhao.lei --reason 调离 >/dev/null
	# officer-add, officer-key, case-new, case-log, the import,
	# evidence-add and officer-revoke: one entry each.
	assert_equal "$(entries)" $((before + 7))
	assert_equal "$(confs)" 0
}

@test "every writing program records the change it finds" {
	echo 询问笔录 >"$BATS_TEST_TMPDIR/笔录.txt"
	writers=(
		"add_officer zhao.lei 赵磊 14020020003"
		"case-new --type penalty --title 某药店无证经营案 --handler li.ming"
		"case-log $id --action note -m 记录"
		"case-log -q --import $BATS_TEST_TMPDIR/one.tsv"
		"evidence-add $id $BATS_TEST_TMPDIR/笔录.txt"
		"officer-key --reset zhao.lei --reason 密钥遗失"
		"officer-revoke zhao.lei --reason 调离"
		"officer-update zhao.lei --restore --reason 复岗 --credential 14020020009 --valid-from 2026-11-25 --valid-until 2030-12-31"
		"officer-update zhao.lei --name 赵雷"
	)
	printf '%s\tnote\t\t\t\t\t导入的记录\n' "$id" >"$BATS_TEST_TMPDIR/one.tsv"
	i=0
	for w in "${writers[@]}"; do
		i=$((i + 1))
		# Each change, even of a comment only, is a new text.
		raise_deadline $((90 + i))
		echo "# 第${i}次修改" >>"$conf"
		first=$(($(entries) + 1))
		$w >/dev/null
		assert_equal "$(entry "$first")" "conf li.ming"
		assert_equal "$(text_of "$first")" "$(cat "$conf")"
		assert_equal "$(confs)" "$i"
		# The writer's own entry follows.
		[ "$(entries)" -gt "$first" ] || fail "$w: no entry after the conf"
	done
	run store-verify -q
	assert_success
}

@test "a refused write records no conf entry either" {
	raise_deadline
	refuses 4 case-log 2026-999999 --action note -m 不存在的案件
	refuses 3 case-log "$id" --action inspection --officer li.ming -m 一人检查
	assert_equal "$(confs)" 0
}

@test "two writers that find the change at once record it once" {
	raise_deadline
	# Both open the store and read the conf table while a third holds
	# the write lock; then they write one after the other.
	(printf 'BEGIN IMMEDIATE;\n.shell touch %s/locked; sleep 2\nCOMMIT;\n' \
		"$BATS_TEST_TMPDIR" | sqlite3 "$CASETRAIL_STORE/store.db") 3>&- &
	lock=$!
	for _ in $(seq 200); do
		[ -e "$BATS_TEST_TMPDIR/locked" ] && break
		sleep 0.05
	done
	[ -e "$BATS_TEST_TMPDIR/locked" ] || fail 'sqlite3 took no lock'
	case-log "$id" --action note -m 甲 >"$BATS_TEST_TMPDIR/a" 3>&- &
	a=$!
	case-log "$id" --action note -m 乙 >"$BATS_TEST_TMPDIR/b" 3>&- &
	b=$!
	wait "$lock"
	wait "$a"
	wait "$b"
	assert_equal "$(confs)" 1
	assert_equal "$(db "SELECT group_concat(action, ' ') FROM (SELECT action FROM journal ORDER BY seq DESC LIMIT 3)")" \
		"note note conf"
	run store-verify -q
	assert_success
}

@test "store-rebuild makes the conf table again from the journal" {
	raise_deadline 100
	case-log "$id" --action note -m 一 >/dev/null
	raise_deadline 110
	case-log "$id" --action note -m 二 >/dev/null
	want=$(db 'SELECT * FROM conf ORDER BY seq')
	assert_equal "$(db 'SELECT count(*) FROM conf')" 2
	db 'DELETE FROM conf; INSERT INTO conf VALUES (1, "forged")'
	run store-rebuild
	assert_success
	assert_equal "$(db 'SELECT * FROM conf ORDER BY seq')" "$want"
	run store-verify -q
	assert_success
}

# --- what store-verify finds -------------------------------------------------

@test "store-verify: a conf table that is not the journal's" {
	raise_deadline
	seq=$(($(case-log "$id" --action note -m 记录) - 1))
	save
	db "UPDATE conf SET sha256 = '$(printf 'deadline.decide = 365\n' | sha256sum | cut -d' ' -f1)'"
	run store-verify
	assert_failure 1
	assert_output "store-verify: casetrail.conf of entry $seq differs from what entry $seq made"
	db 'DELETE FROM conf'
	run store-verify
	assert_failure 1
	assert_output "store-verify: entry $seq adds casetrail.conf of entry $seq, which is not in the conf table"
	restore
	db "INSERT INTO conf SELECT $((seq + 1)), sha256 FROM conf"
	run store-verify
	assert_failure 1
	assert_output "store-verify: casetrail.conf of entry $((seq + 1)) names entry $((seq + 1)), which did not add it"
}

# forged_conf TEXT [SHA256]: a conf entry of TEXT (named SHA256, by
# default its own hash) appended by tests/tools/forge as li.ming, with its
# conf row, so that only the replay can tell; $n is its number.
forged_conf() {
	local sha=${2:-$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)} body
	body=$(sqlite3 :memory: "SELECT json_object('sha256', '$sha', 'text', '$1')")
	n=$(($(entries) + 1))
	run "$FORGE" -x "INSERT INTO conf VALUES ($n, '$sha')" li.ming - conf - "$body"
	assert_success
	assert_output "$n"
}

@test "store-verify: conf entries written by hand" {
	save
	# The twin: a change, as a writer records it, passes.
	forged_conf $'deadline.decide = 120\n'
	CASETRAIL_NOW="2026-11-26 10:00" run store-verify -q
	assert_success
	# The same text again is no change.
	forged_conf $'deadline.decide = 120\n'
	caught "entry $n: the settings it records are in force already ($(printf 'deadline.decide = 120\n' | sha256sum | cut -c1-16))"
	restore
	# The first one must set something: the defaults need no record.
	forged_conf $'# 只有注释\n'
	caught "entry $n: the settings it records set nothing: the defaults are in force"
	restore
	forged_conf $'deadline.decide = 120\n' "$(printf 'deadline.decide = 90\n' | sha256sum | cut -d' ' -f1)"
	caught "entry $n: its sha256 is not its casetrail.conf text's ($(printf 'deadline.decide = 120\n' | sha256sum | cut -c1-16))"
	restore
	forged_conf $'办案期限 = 一百二十天\n'
	caught "entry $n records no casetrail.conf this casetrail reads: its text:1: unknown key '办案期限'"
	restore
	run "$FORGE" li.ming - conf - '{"sha256":"00","text":["deadline.decide = 120"]}'
	assert_success
	caught "entry $output records no casetrail.conf text"
}

@test "store-verify: a conf entry by a revoked officer" {
	text=$'deadline.decide = 120\n'
	sha=$(printf '%s' "$text" | sha256sum | cut -d' ' -f1)
	by_wang() {
		run "$FORGE" -t 2026-11-25T02:30:00Z -x "INSERT INTO conf VALUES ((SELECT max(seq) FROM journal), '$sha')" \
			wang.fang - conf - "{\"sha256\":\"$sha\",\"text\":\"deadline.decide = 120\\n\"}"
		assert_success
	}
	save
	by_wang
	CASETRAIL_NOW="2026-11-26 10:00" run store-verify -q
	assert_success
	restore
	officer-revoke wang.fang --reason 调离 >/dev/null
	by_wang
	caught "entry $output: officer 'wang.fang' has been revoked since 2026-11-25T10:00:00+08:00"
}
