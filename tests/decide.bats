#!/usr/bin/env bats
# decide: the structured decision of a penalty case (case-log --action
# notice|approval|decision with --penalty, --fine, ...), its document
# number (文号), the catalogue of major decisions, and the rules of a
# penalty decision (行政处罚法 arts. 44, 45, 57, 63, 64): a notice or a
# waiver first, the statement period and the hearing window passed, no
# heavier penalty than the notice, a head or a head's approval.  The case:
# a commercial prepaid-card (预付卡) violation by a company, a fine above
# the hearing threshold, a hearing requested and held.
bats_require_minimum_version 1.5.0
load helper
load forge

# The clock: 2026-11-25 10:00 Beijing time, a Wednesday (setup_store).
setup() {
	setup_store a_prepaid_card_case
	id=2026-000001
	decide=(case-log "$id" --action decision "${FIELDS[@]}" -m 行政处罚决定书)
}
# Handlers li.ming (an admin and officer) and wang.fang, a head zhou.qiang
# (局长), a legal reviewer zhou.min (周敏), a case against a company.
a_prepaid_card_case() {
	add_officer wang.fang 王芳 14020020002 &&
		add_officer zhou.qiang 周强 14020020009 --role officer --role head &&
		add_officer zhou.min 周敏 14020020006 --role reviewer \
			--qualification A20183101234567 &&
		case-new --type penalty --title 某美容美发店单用途预付卡未备案案 \
			--party 大同市某某美容美发有限公司 --party-kind org \
			--handler li.ming --handler wang.fang --at "2026-09-01 09:30" >/dev/null
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }

# The draft of the case: a warning and a fine of 150,000 yuan (above the
# organisation's hearing threshold of 100,000), with its basis.
FIELDS=(--penalty warning --fine 150000 --basis 《单用途商业预付卡管理办法（试行）》第三十六条
	--facts 发行单用途预付卡未按规定备案，发卡金额人民币八十万元 --comply 自收到决定书之日起十五日内缴纳罚款
	--comply-by 2026-12-31)
notice() { case-log -q "$id" --action notice "${FIELDS[@]}" -m 行政处罚事先告知书 --at "${1:-2026-11-02 10:00}" >/dev/null; }
conf() { printf '%s\n' "$@" >>"$CASETRAIL_STORE/casetrail.conf"; }
# reviewed DRAFT...: the draft (penalty options and -m text) submitted
# for legal review and approved on all ten points: a major decision
# needs it (review.bats tests the review itself).
reviewed() {
	local r
	r=$(review-submit "$id" "$@" | cut -f1 | head -n 1) &&
		review-decide -q -A zhou.min "$r" --approve -m 同意 \
			--point={1,2,3,4,5,6,7,8,9,10}=ok
}

@test "the fields are recorded as one penalty object, in canonical order, with the major rule" {
	notice
	run db "SELECT line->'\$.body.penalty', line->>'\$.body.major' FROM journal WHERE action = 'notice'"
	assert_output '{"types":["warning","fine"],"fine":15000000,"basis":"《单用途商业预付卡管理办法（试行）》第三十六条","facts":"发行单用途预付卡未按规定备案，发卡金额人民币八十万元","comply":"自收到决定书之日起十五日内缴纳罚款","comply_by":"2026-12-31"}|fine'
}

@test "bad penalty fields are usage errors (2), the store unchanged" {
	refuses_usage "case-log: --fine takes an amount in yuan above 0, as 5000 or 5000.50, not '0'" \
		case-log "$id" --action notice --fine 0
	refuses_usage "case-log: --fine takes an amount in yuan above 0, as 5000 or 5000.50, not '-5'" \
		case-log "$id" --action notice --fine -5
	refuses_usage "case-log: unknown penalty '拘留' (penalties: warning fine confiscate-gains confiscate-property suspend-licence revoke-licence lower-grade stop-business restrict-trade)" \
		case-log "$id" --action notice --penalty 拘留
	refuses_usage "case-log: the penalty options go with --action notice, approval or decision" \
		case-log "$id" --action note --fine 500
	refuses_usage "case-log: a fine needs its amount, more than 0 (--fine)" \
		case-log "$id" --action notice --penalty fine
	refuses_usage "case-log: bad date '2026-13-01' (YYYY-MM-DD)" \
		case-log "$id" --action notice --penalty warning --comply-by 2026-13-01
}

@test "a penalty decision without a notice or a waiver is refused (3)" {
	refuses 3 "${decide[@]}" -A zhou.qiang
	assert_output "case-log: case '$id': a penalty decision needs a notice first (case-log --action notice), or the party's waiver (--action waiver)"
	case-log -q "$id" --action decision -m 不予行政处罚决定书 -A zhou.qiang
}

@test "a waiver lets the decision go without notice periods" {
	notice 2026-11-24
	refuses 3 "${decide[@]}" -A zhou.qiang
	case-log -q "$id" --action waiver -m 当事人书面放弃陈述、申辩和听证权利
	reviewed "${FIELDS[@]}" -m 行政处罚决定书
	run "${decide[@]}" -A zhou.qiang
	assert_success
}

@test "before the statement period ends: refused; after: passes" {
	CASETRAIL_NOW="2026-11-20 10:00" notice 2026-11-20
	# 5 working days after Friday 11-20: 11-23 .. 11-27.
	refuses 3 "${decide[@]}" -A zhou.qiang --at "2026-11-25 09:00"
	assert_output "case-log: case '$id': the party's statement period runs until 2026-11-27 (5 working days after the notice): no decision before"
}

@test "the hearing window counts working days by the holiday calendar" {
	cat >"$BATS_TEST_TMPDIR/cal.tsv" <<-'T'
	# test calendar
	2026-11-05	off	test holiday
	2026-11-06	off	test holiday
	2026-11-08	work	test make-up day
	T
	conf "holidays = $BATS_TEST_TMPDIR/cal.tsv" 'deadline.statement = 3'
	CASETRAIL_NOW="2026-11-10 10:00" notice 2026-11-03
	# Working days after Tue 11-03: 11-04, 11-08 (make-up), 11-09, 11-10, 11-11.
	CASETRAIL_NOW="2026-11-11 10:00" refuses 3 "${decide[@]}" -A zhou.qiang --at "2026-11-11 10:00"
	assert_output "case-log: case '$id': the window to ask for a hearing runs until 2026-11-11 (5 working days after the notice): no decision before"
	reviewed "${FIELDS[@]}" -m 行政处罚决定书
	CASETRAIL_NOW="2026-11-12 10:00" run "${decide[@]}" -A zhou.qiang --at "2026-11-12 09:00"
	assert_success
}

@test "the hearing window: refused until it closes unless a hearing was held, which makes the decision major" {
	# A fine of 20,000 yuan to a company: a hearing right by a threshold
	# of 10,000, not major by the fine (100,000); two working days to
	# state, five to ask for a hearing.
	conf 'hearing.fine-org = 10000' 'deadline.statement = 2'
	case-log -q "$id" --action notice --fine 20000 \
		-m 行政处罚事先告知书（含听证权利告知） --at "2026-11-16 10:00"
	run db "SELECT line->>'\$.body.major' FROM journal WHERE action = 'notice'"
	assert_output ""
	refuses 3 case-log -A zhou.qiang "$id" \
		--action decision --fine 20000 -m 行政处罚决定书 --at "2026-11-20 10:00"
	assert_output "case-log: case '$id': the window to ask for a hearing runs until 2026-11-23 (5 working days after the notice): no decision before"
	case-log -q "$id" --action hearing --officer wang.fang --at "2026-11-19 10:00" \
		-m 当事人申请听证，依法举行听证会，当事人委托代理人到场陈述申辩
	reviewed --fine 20000 -m 行政处罚决定书
	run case-log -A zhou.qiang "$id" --action decision --fine 20000 \
		-m 行政处罚决定书 --at "2026-11-20 10:00"
	assert_success
	run db "SELECT line->>'\$.body.major' FROM journal WHERE action = 'decision'"
	assert_output hearing
	run store-verify -q
	assert_success
}

@test "a decision heavier than the notice is refused, a new notice lets it go" {
	notice
	refuses 3 case-log "$id" --action decision -A zhou.qiang --penalty warning --fine 200000 -m 罚款二十万元
	assert_output "case-log: case '$id': the fine (200000.00) is higher than the notice's (150000.00): give a new notice first"
	refuses 3 case-log "$id" --action decision -A zhou.qiang --fine 150000 --penalty suspend-licence -m 加处暂扣
	assert_output "case-log: case '$id': the decision imposes a penalty the notice did not name: give a new notice first"
	refuses 3 case-log "$id" --action decision -A zhou.qiang --fine 100000 --confiscation 5000 -m 加处没收
	reviewed --fine 100000 -m 减为罚款十万元
	run case-log "$id" --action decision -A zhou.qiang --fine 100000 -m 减为罚款十万元
	assert_success
}

@test "a handler's decision needs a head's approval of that very draft (art. 57)" {
	notice
	refuses 3 "${decide[@]}"
	assert_output "case-log: case '$id': a penalty decision is recorded by a head, or after a head's approval of this draft (case-log --action approval with the same fields and text)"
	refuses 3 case-log "$id" --action approval "${FIELDS[@]}" -m 行政处罚决定书
	assert_output "case-log: officer 'li.ming' cannot record approval: that needs the head role"
	case-log -q -A zhou.qiang "$id" --action approval --fine 140000 --penalty warning -m 行政处罚决定书
	refuses 3 "${decide[@]}"
	case-log -q -A zhou.qiang "$id" --action approval "${FIELDS[@]}" -m 行政处罚决定书
	reviewed "${FIELDS[@]}" -m 行政处罚决定书
	run "${decide[@]}"
	assert_success
	run store-verify -q
	assert_success
}

@test "after a notice, a decision with text but no penalty fields is refused (3): saying less passes no rule" {
	notice
	refuses 3 case-log "$id" --action decision -A zhou.qiang -m 决定不予处罚
	assert_output --partial "after a notice of penalty, the decision carries its penalty fields"
	# Without a notice, a decision of text alone is one of no penalty.
	run case-log -q 2026-000001 --action note -A li.ming -m 备注
	assert_success
}

@test "decisions get numbers from the pattern, per year, in order; a refusal takes none" {
	conf 'number.penalty = 同商罚〔{year}〕{seq}号'
	notice
	refuses 3 "${decide[@]}"
	reviewed "${FIELDS[@]}" -m 行政处罚决定书
	"${decide[@]}" -A zhou.qiang >/dev/null
	run db "SELECT number, kind, year, serial, case_id FROM doc_number"
	assert_output "同商罚〔2026〕1号|penalty|2026|1|$id"
	run case-show "$id"
	assert_line --index 5 "number:    同商罚〔2026〕1号"
	assert_output --partial "number: 同商罚〔2026〕1号  penalty: {\"types\":[\"warning\",\"fine\"],\"fine\":15000000,"
	run bash -c "case-list | cut -f1,12"
	assert_output "$(printf '%s\t%s' "$id" 同商罚〔2026〕1号)"
	run bash -c "case-show -f tsv $id | tail -n 1 | cut -f6,23-"
	assert_output "$(printf 'decision\t%s\t%s\t%s' "$(db "SELECT line->'\$.body.penalty' FROM journal WHERE action = 'decision'")" fine 同商罚〔2026〕1号)"
	run case-show -f json "$id"
	assert_equal "$(json_get "$output" '$.number')" 同商罚〔2026〕1号
	assert_equal "$(json_get "$output" '$.timeline[2].penalty.fine')" 15000000
	run store-verify -q
	assert_success
}

# --- store-verify's replay: forged entries ----------------------------------

# forged [forge options] OFFICER ACTION BODY: a penalty entry of the case,
# appended past the writer by tests/tools/forge, signed with OFFICER's
# key; $n is its number.
forged() {
	local want
	want=$(($(db 'SELECT count(*) FROM journal') + 1))
	run "$FORGE" "${@:1:$#-3}" "${@: -3:1}" "$id" "${@: -2:1}" decision "${@: -1}"
	assert_success
	assert_output "$want"
	n=$want
}
# The case decided by the entry just forged, as the writer would leave
# it, and its document's row.
decided() {
	echo "UPDATE cases SET status = 'decided', stage = 'decision', decided_at = '2026-11-25T02:00:00Z', last_seq = (SELECT max(seq) FROM journal) WHERE id = '$id';
	    INSERT INTO doc_number SELECT line->>'\$.body.document.number', 'penalty', 2026, line->>'\$.body.document.serial', '$id', seq FROM journal WHERE seq = (SELECT max(seq) FROM journal)"
}
# A decision's body: penalty object $1 (major by its fine), document
# serial $2 and number $3, of year $4 (2026).
decision() {
	printf '{"at":"2026-11-25T02:00:00Z","text":"行政处罚决定书","penalty":%s,"major":"fine","document":{"kind":"penalty","year":%s,"serial":%s,"number":"%s"}}' \
		"$1" "${4:-2026}" "$2" "$3"
}
WARNING_FINE='{"types":["warning","fine"],"fine":15000000}'
# The review the forged decisions of $WARNING_FINE need (the gate).
reviewed_forged() { reviewed --penalty warning --fine 150000 -m 行政处罚决定书; }
NOTICE='{"at":"2026-11-02T02:00:00Z","text":"告知书","penalty":{"types":["warning","fine"],"fine":15000000},"major":"fine"}'

@test "forgery: a penalty decision with no notice, or heavier than its notice" {
	save
	forged -x "$(decided)" zhou.qiang decision "$(decision "$WARNING_FINE" 1 '罚〔2026〕1号')"
	caught "entry $n: case '$id': a penalty decision needs a notice first (case-log --action notice), or the party's waiver (--action waiver)"
	restore
	forged -x "UPDATE cases SET stage = 'decision', last_seq = (SELECT max(seq) FROM journal)" zhou.qiang notice "$NOTICE"
	reviewed_forged
	save
	# The twin: within the notice.
	forged -x "$(decided)" zhou.qiang decision "$(decision "$WARNING_FINE" 1 '罚〔2026〕1号')"
	accepted
	restore
	forged -x "$(decided)" zhou.qiang decision "$(decision '{"types":["warning","fine"],"fine":20000000}' 1 '罚〔2026〕1号')"
	caught "entry $n: case '$id': the fine (200000.00) is higher than the notice's (150000.00): give a new notice first"
	restore
	forged -x "$(decided)" zhou.qiang decision "$(decision '{"types":["fine","revoke-licence"],"fine":15000000}' 1 '罚〔2026〕1号')"
	caught "entry $n: case '$id': the decision imposes a penalty the notice did not name: give a new notice first"
}

@test "forgery: a decision of text alone after a notice, past the gate" {
	forged -x "UPDATE cases SET stage = 'decision', last_seq = (SELECT max(seq) FROM journal)" zhou.qiang notice "$NOTICE"
	save
	forged -x "UPDATE cases SET status = 'decided', stage = 'decision', decided_at = '2026-11-25T02:00:00Z', last_seq = (SELECT max(seq) FROM journal) WHERE id = '$id'" zhou.qiang decision '{"at":"2026-11-25T02:00:00Z","text":"行政处罚决定书"}'
	caught "entry $n: case '$id': after a notice of penalty, the decision carries its penalty fields (--penalty, --fine, --confiscation, ...), or no text at all to record the draft a review approved"
}

@test "forgery: a decision before the statement period, by a handler without approval" {
	forged -x "UPDATE cases SET stage = 'decision', last_seq = (SELECT max(seq) FROM journal)" zhou.qiang notice "${NOTICE/2026-11-02/2026-11-24}"
	save
	forged -x "$(decided)" zhou.qiang decision "$(decision "$WARNING_FINE" 1 '罚〔2026〕1号')"
	caught "entry $n: case '$id': the party's statement period runs until 2026-12-01 (5 working days after the notice): no decision before"
}

@test "forgery: a handler's decision without a head's approval of its draft" {
	forged -x "UPDATE cases SET stage = 'decision', last_seq = (SELECT max(seq) FROM journal)" zhou.qiang notice "$NOTICE"
	save
	forged -x "$(decided)" li.ming decision "$(decision "$WARNING_FINE" 1 '罚〔2026〕1号')"
	caught "entry $n: case '$id': a penalty decision is recorded by a head, or after a head's approval of this draft (case-log --action approval with the same fields and text)"
	restore
	# An approval that names another draft than its own.
	forged -x "UPDATE cases SET last_seq = (SELECT max(seq) FROM journal)" zhou.qiang approval \
		"{\"at\":\"2026-11-25T02:00:00Z\",\"text\":\"行政处罚决定书\",\"penalty\":$WARNING_FINE,\"draft\":\"$(printf '%064d' 0)\"}"
	caught "entry $n: the approval's draft hash is not its draft's"
}

@test "forgery: document numbers out of sequence, of the wrong year or pattern; a wrong major rule" {
	forged -x "UPDATE cases SET stage = 'decision', last_seq = (SELECT max(seq) FROM journal)" zhou.qiang notice "$NOTICE"
	reviewed_forged
	save
	forged -x "$(decided)" zhou.qiang decision "$(decision "$WARNING_FINE" 2 '罚〔2026〕2号')"
	caught "entry $n: document 罚〔2026〕2号 has serial 2 of 2026, where 1 comes next (a gap)"
	restore
	forged -x "$(decided)" zhou.qiang decision "$(decision "$WARNING_FINE" 1 '罚〔2025〕1号' 2025)"
	caught "entry $n: document 罚〔2025〕1号 is of penalty 2025, not of the year it was recorded in (2026)"
	restore
	forged -x "$(decided)" zhou.qiang decision "$(decision "$WARNING_FINE" 1 '同商罚〔2026〕1号')"
	caught "entry $n: document 同商罚〔2026〕1号 is not the number the pattern makes (罚〔2026〕1号)"
	restore
	forged -x "$(decided)" zhou.qiang decision "$(decision "$WARNING_FINE" 1 '罚〔2026〕1号')"
	save
	# A second case, decided with the first's number again.
	case-new -q --type penalty --title 某健身房预付卡案 --party 某健身房 --party-kind org --handler li.ming --at "2026-09-03 09:30" >/dev/null
	id=2026-000002
	forged -x "UPDATE cases SET stage = 'decision', last_seq = (SELECT max(seq) FROM journal) WHERE id = '$id'" zhou.qiang notice "$NOTICE"
	reviewed_forged
	forged -x "UPDATE cases SET status = 'decided', stage = 'decision', decided_at = '2026-11-25T02:00:00Z', last_seq = (SELECT max(seq) FROM journal) WHERE id = '$id'" zhou.qiang decision "$(decision "$WARNING_FINE" 1 '罚〔2026〕1号')"
	caught "entry $n: document 罚〔2026〕1号 has serial 1 of 2026, where 2 comes next (a duplicate)"
	restore
	id=2026-000001
	# The notice says major by fine; one that says it is not major lies.
	forged -x "UPDATE cases SET last_seq = (SELECT max(seq) FROM journal)" zhou.qiang notice "${NOTICE%,*}}"
	caught "entry $n: it says major by none, the catalogue by fine"
}
