#!/usr/bin/env bats
# review-flow: the legal review of a major penalty decision (法制审核,
# issue 15, part B): review-submit with its pre-check, review-decide by
# a qualified reviewer who had no part in the case (回避), the gate that
# lets a major decision through only on the draft a review approved,
# disagreement and collective discussion (协调, 集体讨论), review-list,
# case-show's history, and store-verify's replay of all of it.  The case:
# a company's prepaid cards (预付卡) sold without filing, a fine above the
# threshold, a hearing requested and held.
bats_require_minimum_version 1.5.0
load helper
load forge

# The clock: 2026-11-25 10:00 Beijing time, a Wednesday (setup_store).
setup() {
	setup_store a_reviewed_case
	id=2026-000001
	decide=(case-log "$id" --action decision -A zhou.qiang)
}

# Handlers li.ming and wang.fang; a head zhou.qiang (局长); two legal
# reviewers, zhou.min (周敏) and chen.jing (陈静), who is an officer too
# and attended the hearing; the case, its notice of 2026-11-02 and the
# hearing the company asked for, held with its video; a document.
a_reviewed_case() {
	add_officer wang.fang 王芳 14020020002 &&
		add_officer zhou.qiang 周强 14020020009 --role officer --role head &&
		add_officer zhou.min 周敏 14020020006 --role reviewer \
			--qualification A20183101234567 &&
		add_officer chen.jing 陈静 14020020007 --role officer --role reviewer \
			--qualification A20173101230007 &&
		plain case-new --type penalty --title 某美容美发店单用途预付卡未备案案 \
			--party 大同市某某美容美发有限公司 --party-kind org \
			--handler li.ming --handler wang.fang --at "2026-09-01 09:30" >/dev/null &&
		printf '听证会录像\n' >hearing.mp4 && printf '询问笔录\n' >inquiry.txt &&
		plain evidence-add -q 2026-000001 inquiry.txt --kind document >/dev/null &&
		plain evidence-add -q 2026-000001 hearing.mp4 --kind video >/dev/null &&
		plain case-log -q 2026-000001 --action notice "${FIELDS[@]}" \
			-m 行政处罚事先告知书（含听证权利告知） --at "2026-11-02 10:00" >/dev/null &&
		plain case-log -q 2026-000001 --action hearing --officer wang.fang \
			--officer chen.jing --evidence "$(sqlite3 "$CASETRAIL_STORE/store.db" \
			"SELECT id FROM evidence WHERE kind = 'video'")" --at "2026-11-10 10:00" \
			-m 当事人申请听证，依法举行听证会，当事人委托代理人到场陈述申辩 >/dev/null
}

db() { sqlite3 "$CASETRAIL_STORE/store.db" "$@"; }

# The draft: a warning and a fine of 150,000 yuan, major for a company.
FIELDS=(--penalty warning --fine 150000 --basis 《单用途商业预付卡管理办法（试行）》第三十六条
	--facts 发行单用途预付卡未按规定备案，发卡金额人民币八十万元 --comply 自收到决定书之日起十五日内缴纳罚款
	--comply-by 2026-12-31)
DRAFT=("${FIELDS[@]}" -m 行政处罚决定书)
ALL_OK=(--point={1,2,3,4,5,6,7,8,9,10}=ok)

# submit [DRAFT...]: the draft (default $DRAFT) submitted; $r its review.
submit() {
	r=$(review-submit "$id" "${@:-${DRAFT[@]}}" | cut -f1 | head -n 1)
	[ -n "$r" ]
}
# verdict VERDICT [options]: zhou.min's verdict on review $r.
verdict() { review-decide -q -A zhou.min "$r" "--$1" -m "${2:-审核意见}" "${@:3}"; }
approve() { verdict approve 同意 "${ALL_OK[@]}"; }

@test "the gate: a major decision without a review is refused (3), the store unchanged" {
	refuses 3 "${decide[@]}" "${DRAFT[@]}"
	assert_output "case-log: case '$id': a major decision (by fine) needs a legal review that approved this very draft (review-submit, review-decide --approve), none later undoing it"
	# Without fields, a case with no review: no draft to take.
	submit && verdict reject 不予同意 --point 5=issue:适用依据错误
	refuses 3 "${decide[@]}"
	assert_output "case-log: case '$id': no review approved a draft that stands: a decision without its fields needs one"
}

@test "review-submit prints the review's ID and the pre-check's findings (tsv, csv, json); exit 0" {
	run review-submit -H "$id" "${DRAFT[@]}"
	assert_success
	n=$(db "SELECT max(seq) FROM journal")
	assert_output "$(printf 'review\tcase\tpoint\tfinding\n%s\t%s\t\t' "$n" "$id")"
	run db "SELECT id, case_id, state, due FROM review"
	assert_output "$n|$id|pending|2026-12-02"
	run db "SELECT line->>'\$.body.major', line->>'\$.body.draft' = (SELECT draft FROM review) FROM journal WHERE seq = $n"
	assert_output "fine|1"
	# A second case: no evidence, no document, no notice.
	case-new -q --type penalty --title 某健身房预付卡案 --party 某健身房 --party-kind org \
		--handler li.ming --at "2026-09-03 09:30" >/dev/null
	run review-submit -f json 2026-000002 --fine 5000 -m 罚款五千元
	assert_success
	assert_line --index 0 "{\"review\":$((n + 2)),\"case\":\"2026-000002\",\"point\":4,\"finding\":\"the case has no evidence for the facts\"}"
	assert_line --index 1 --partial '"point":9,"finding":"no document among the evidence"'
	assert_line --index 2 --partial "\"point\":7,\"finding\":\"case '2026-000002': a penalty decision needs a notice first"
	run review-submit -f csv 2026-000002 --fine 5000 -m 罚款五千元
	assert_line --index 0 $'review,case,point,finding\r'
}

@test "the pre-check agrees with the gate: the statement period, a draft heavier than the notice" {
	CASETRAIL_NOW="2026-11-24 10:00" case-log -q "$id" --action notice "${FIELDS[@]}" -m 新的告知书 --at 2026-11-24
	run review-submit "$id" --penalty warning --fine 200000 -m 罚款二十万元
	assert_success
	assert_line --index 0 --partial "$(printf '\t7\t')case '$id': the fine (200000.00) is higher than the notice's (150000.00): give a new notice first"
	assert_line --index 1 --partial "$(printf '\t7\t')case '$id': the party's statement period runs until 2026-12-01 (5 working days after the notice): no decision before"
	r=$(db "SELECT max(id) FROM review")
	approve
	refuses 3 "${decide[@]}"
	assert_output "case-log: case '$id': the fine (200000.00) is higher than the notice's (150000.00): give a new notice first"
	submit && approve
	refuses 3 "${decide[@]}"
	assert_output "case-log: case '$id': the party's statement period runs until 2026-12-01 (5 working days after the notice): no decision before"
	CASETRAIL_NOW="2026-12-02 10:00" run "${decide[@]}"
	assert_success
}

@test "an approved review lets the decision through; without fields it records the approved draft" {
	submit && approve
	run "${decide[@]}"
	assert_success
	run db "SELECT d.line->'\$.body.penalty' = s.line->'\$.body.penalty', d.line->>'\$.body.text', d.line->>'\$.body.major' FROM journal d, journal s WHERE d.action = 'decision' AND s.seq = $r"
	assert_output "1|行政处罚决定书|fine"
	run store-verify -q
	assert_success
}

@test "the gate refuses after a rejected, returned or transferred review" {
	submit && approve
	submit && verdict reject 处罚幅度不当 --point 6=issue:超出裁量基准
	refuses 3 "${decide[@]}" "${DRAFT[@]}"
	assert_output --partial "needs a legal review that approved this very draft"
	submit && approve
	submit && verdict return 补充证据后重新提交 --point 4=issue:缺少发卡金额的证据
	refuses 3 "${decide[@]}" "${DRAFT[@]}"
	assert_output --partial "needs a legal review that approved this very draft"
	submit && verdict transfer 涉嫌非法吸收公众存款，移送公安机关 --point 10=issue:涉嫌非法吸收公众存款罪
	submit && approve
	refuses 3 "${decide[@]}" "${DRAFT[@]}"
	assert_output "case-log: case '$id' was transferred to the judicial authorities (review-decide --transfer): no penalty decision follows"
	refuses 3 "${decide[@]}"
	run store-verify -q
	assert_success
}

@test "the gate refuses a draft changed after its review" {
	submit && approve
	refuses 3 "${decide[@]}" --penalty warning --fine 140000 -m 行政处罚决定书
	assert_output --partial "a major decision (by fine) needs a legal review that approved this very draft"
	refuses 3 "${decide[@]}" "${FIELDS[@]}" -m 行政处罚决定书（修改）
	run "${decide[@]}" "${DRAFT[@]}"
	assert_success
}

@test "no reviewer reviews a case he handles, logged a step in or is named in (回避)" {
	submit
	refuses 3 review-decide -A chen.jing "$r" --approve -m 同意 "${ALL_OK[@]}"
	assert_output "review-decide: officer 'chen.jing' handles case '$id', logged a step in it or is named in it: he cannot review it (回避)"
	# A case he handles.
	case-new -q --type penalty --title 某健身房预付卡案 --party 某健身房 --party-kind org \
		--handler chen.jing --at "2026-09-03 09:30" >/dev/null
	r=$(review-submit 2026-000002 --fine 5000 -m 罚款五千元 | cut -f1 | head -n 1)
	refuses 3 review-decide -A chen.jing "$r" --reject -m 不同意
	# A handler is no reviewer at all.
	refuses 3 review-decide -A wang.fang "$r" --reject -m 不同意
	assert_output "review-decide: officer 'wang.fang' cannot record review-decide: that needs the reviewer role"
}

@test "a reviewer without a qualification number cannot review (a store migrated from before version 9)" {
	local forge
	forge=$(dirname "$(command -v store-verify)")/../tools/forge
	run "$forge" -x "INSERT INTO officer VALUES ('sun.li', '孙丽', '14020020008',
	    '2020-01-01', '2030-12-31', NULL, NULL, NULL, (SELECT max(seq) FROM journal));
	    INSERT INTO officer_role VALUES ('sun.li', 'reviewer');
	    INSERT INTO officer_credential VALUES ('sun.li', '14020020008', '2020-01-01',
	    '2030-12-31', (SELECT max(seq) FROM journal))" li.ming - officer-add - \
		'{"id":"sun.li","name":"孙丽","credential":"14020020008","valid_from":"2020-01-01","valid_until":"2030-12-31","roles":["reviewer"],"unix_user":null}'
	assert_success
	officer-key sun.li >/dev/null
	submit
	refuses 3 review-decide -A sun.li "$r" --approve -m 同意 "${ALL_OK[@]}"
	assert_output "review-decide: officer 'sun.li' has no legal professional qualification (法律职业资格) recorded: he cannot review (officer-update --qualification)"
	officer-update -q sun.li --qualification A20213101230008
	run review-decide -A sun.li "$r" --approve -m 同意 "${ALL_OK[@]}"
	assert_success
}

@test "an approval needs a verdict on every one of the ten points (2); a transfer names the crime" {
	submit
	refuses_usage "review-decide: an approval gives a verdict on each of the 10 points (--point N=ok|issue:TEXT): 9 given" \
		review-decide -A zhou.min "$r" --approve -m 同意 --point={1,2,3,4,5,6,7,8,9}=ok
	refuses_usage "review-decide: --point takes N=ok or N=issue:TEXT, N from 1 to 10, not '11=ok'" \
		review-decide -A zhou.min "$r" --approve -m 同意 "${ALL_OK[@]}" --point 11=ok
	refuses_usage "review-decide: point 3: the verdict is ok or issue:TEXT, not '不清楚'" \
		review-decide -A zhou.min "$r" --reject -m 不同意 --point 3=不清楚
	refuses_usage "review-decide: a transfer names the suspected crime: --point 10=issue:TEXT" \
		review-decide -A zhou.min "$r" --transfer -m 移送 --point 10=ok
	refuses_usage "review-decide: --approve, --reject, --return and --transfer exclude each other" \
		review-decide -A zhou.min "$r" --approve --reject -m 同意 "${ALL_OK[@]}"
	refuses_usage "review-decide: the opinion is required (-m or -F)" \
		review-decide -A zhou.min "$r" --approve "${ALL_OK[@]}"
	run review-decide -A zhou.min "$r" --approve -m 同意 "${ALL_OK[@]}"
	assert_success
	assert_output "$r"
}

@test "a resubmission supersedes the review pending; only a pending review is decided" {
	submit && first=$r
	submit
	run db "SELECT id, state FROM review ORDER BY id"
	assert_output "$(printf '%s|superseded\n%s|pending' "$first" "$r")"
	r=$first
	refuses 3 review-decide -A zhou.min "$r" --approve -m 同意 "${ALL_OK[@]}"
	assert_output "review-decide: review $first is superseded: only a pending review is decided"
	refuses 4 review-decide -A zhou.min 999 --reject -m 不同意
	assert_output "review-decide: cannot find review 999"
}

@test "review-list: pending, overdue, by reviewer and case; case-list --overdue; case-show's history" {
	submit && verdict return 补充证据 --point 4=issue:缺少发卡金额的证据 && returned=$r
	submit
	run review-list -H --pending
	assert_output "$(printf 'id\tcase\tstate\tsubmitted\tdue\toverdue\treviewer\topinion\tpoints\tdraft\tcalendar_ends\n%s\t%s\tpending\t2026-11-25T02:00:00Z\t2026-12-02\tno\t\t\t\t%s\tno' "$r" "$id" "$(db "SELECT draft FROM review WHERE id = $r")")"
	run bash -c "review-list --reviewer zhou.min | cut -f1,3,7-9"
	assert_output "$(printf '%s\treturned\tzhou.min\t补充证据\t-,-,-,issue:缺少发卡金额的证据,-,-,-,-,-,-' "$returned")"
	run review-list --case 2026-000002
	assert_output ""
	CASETRAIL_NOW="2026-12-03 10:00" run bash -c "review-list --overdue | cut -f1,6"
	assert_output "$(printf '%s\tyes' "$r")"
	# A year to decide: the case is overdue by its review alone.
	echo 'deadline.decide = 365' >>"$CASETRAIL_STORE/casetrail.conf"
	run case-list --overdue
	assert_output ""
	CASETRAIL_NOW="2026-12-03 10:00" run bash -c "case-list --overdue | cut -f1"
	assert_output "$id"
	run case-show "$id"
	assert_line --index -2 "$(printf '%6s  returned     due 2026-12-02  zhou.min: 补充证据  issues: 4: 缺少发卡金额的证据' "$returned")"
	assert_line --index -1 "$(printf '%6s  pending      due 2026-12-02  ' "$r")"
	run case-show -f json "$id"
	assert_equal "$(json_get "$output" '$.reviews[0].points[3]')" issue:缺少发卡金额的证据
	assert_equal "$(json_get "$output" '$.reviews[0].calendar_ends')" no
}

@test "review-list: a due day counted past the holiday calendar's last year is flagged calendar-ends, in review-list and case-show" {
	echo "holidays = $CASETRAIL_TOP/data/holidays-cn.tsv" >>"$CASETRAIL_STORE/casetrail.conf"
	# Five working days after Mon 2026-12-28: 12-29 to 12-31, then 2027,
	# which the shipped calendar does not list: 01-01 and 01-04.
	CASETRAIL_NOW="2026-12-28 10:00" submit
	run -0 bash -c "review-list | cut -f1,5,11"
	assert_output "$(printf '%s\t2027-01-04\tyes' "$r")"
	run -0 review-list -f json
	assert_equal "$(json_get "$output" '$.calendar_ends')" yes
	run -0 case-show "$id"
	assert_line --index -1 "$(printf '%6s  pending      due 2027-01-04 (calendar-ends)  ' "$r")"
	run -0 case-show -f json "$id"
	assert_equal "$(json_get "$output" '$.reviews[0].calendar_ends')" yes
	CASETRAIL_NOW="2026-12-28 10:00" run -0 store-verify -q
}

@test "a disagreement, or a case marked major, needs a collective discussion by a head before the decision" {
	submit && verdict return 处罚过重 --point 6=issue:超出裁量基准
	refuses 2 case-log "$id" --action disagreement
	case-log -q -A wang.fang "$id" --action disagreement -m "不同意审核意见：罚款数额符合裁量基准（审核 $r）"
	submit && approve
	refuses 3 "${decide[@]}"
	assert_output "case-log: case '$id': a disagreement with the review needs a collective discussion (case-log --action collective-discussion, by a head) after it"
	refuses 3 case-log "$id" --action collective-discussion -m 集体讨论
	assert_output "case-log: officer 'li.ming' cannot record collective-discussion: that needs the head role"
	case-log -q -A zhou.qiang "$id" --action collective-discussion \
		-m 局长办公会集体讨论决定：维持罚款十五万元
	run "${decide[@]}"
	assert_success
	run store-verify -q
	assert_success
}

@test "a draft marked --major needs a collective discussion too" {
	submit "${DRAFT[@]}" --major && approve
	refuses 3 "${decide[@]}"
	assert_output "case-log: case '$id': a case marked major (--major) needs a collective discussion (case-log --action collective-discussion, by a head) after it"
	case-log -q -A zhou.qiang "$id" --action collective-discussion -m 集体讨论通过
	run "${decide[@]}"
	assert_success
}

@test "store-rebuild makes the reviews again; store-verify checks their states" {
	submit && verdict return 补充证据 --point 4=issue:缺证据 && submit && approve
	before=$(db "SELECT * FROM review ORDER BY id")
	run store-rebuild -q
	assert_success
	assert_equal "$(db "SELECT * FROM review ORDER BY id")" "$before"
	save
	db "UPDATE review SET state = 'approved' WHERE state = 'returned'"
	run store-verify
	assert_failure 1
	assert_output --partial "is approved by zhou.min, which is not what the journal says of it"
	restore
	db "UPDATE review SET due = '2027-01-01'"
	run store-verify
	assert_failure 1
}

# --- store-verify's replay: forged entries ----------------------------------

# forged OFFICER ACTION STAGE BODY [SQL]: an entry of the case appended
# past the writers (tests/tools/forge), the case's row as a writer would
# leave it, and SQL; $n is its number.
forged() {
	run "$FORGE" -x "UPDATE cases SET stage = '$3', last_seq = (SELECT max(seq) FROM journal) WHERE id = '$id'${5:+; $5}" "$1" "$id" "$2" "$3" "$4"
	assert_success
	n=$output
}
points_ok='["ok","ok","ok","ok","ok","ok","ok","ok","ok","ok"]'

@test "forgery: a review approved by an officer who attended the hearing, or on another draft" {
	submit
	draft=$(db "SELECT draft FROM review WHERE id = $r")
	save
	forged chen.jing review-decide review "{\"at\":\"2026-11-25T02:00:00Z\",\"text\":\"同意\",\"review\":$r,\"verdict\":\"approved\",\"draft\":\"$draft\",\"points\":$points_ok}" \
		"UPDATE review SET state = 'approved', reviewer = 'chen.jing', decided_seq = (SELECT max(seq) FROM journal)"
	caught "entry $n: officer 'chen.jing' handles case '$id', logged a step in it or is named in it: he cannot review it (回避)"
	restore
	# The twin, by zhou.min, verifies.
	forged zhou.min review-decide review "{\"at\":\"2026-11-25T02:00:00Z\",\"text\":\"同意\",\"review\":$r,\"verdict\":\"approved\",\"draft\":\"$draft\",\"points\":$points_ok}" \
		"UPDATE review SET state = 'approved', reviewer = 'zhou.min', decided_seq = (SELECT max(seq) FROM journal)"
	accepted
	restore
	forged zhou.min review-decide review "{\"at\":\"2026-11-25T02:00:00Z\",\"text\":\"同意\",\"review\":$r,\"verdict\":\"approved\",\"draft\":\"$(printf '%064d' 0)\",\"points\":$points_ok}" \
		"UPDATE review SET state = 'approved', reviewer = 'zhou.min', decided_seq = (SELECT max(seq) FROM journal)"
	caught "entry $n: the verdict is not on the case and draft of review $r"
	restore
	forged zhou.min review-decide review "{\"at\":\"2026-11-25T02:00:00Z\",\"text\":\"同意\",\"review\":$r,\"verdict\":\"approved\",\"draft\":\"$draft\",\"points\":[\"ok\",null,\"ok\",\"ok\",\"ok\",\"ok\",\"ok\",\"ok\",\"ok\",\"ok\"]}" \
		"UPDATE review SET state = 'approved', reviewer = 'zhou.min', decided_seq = (SELECT max(seq) FROM journal)"
	caught "entry $n: an approval gives a verdict on each of the 10 points (--point N=ok|issue:TEXT): 9 given"
}

@test "forgery: a major decision without an approved review; a review-submit whose hash is not its draft's" {
	save
	forged zhou.qiang decision decision '{"at":"2026-11-25T02:00:00Z","text":"行政处罚决定书","penalty":{"types":["warning","fine"],"fine":15000000},"major":"fine","document":{"kind":"penalty","year":2026,"serial":1,"number":"罚〔2026〕1号"}}' \
		"UPDATE cases SET status = 'decided', decided_at = '2026-11-25T02:00:00Z' WHERE id = '$id'; INSERT INTO doc_number VALUES ('罚〔2026〕1号', 'penalty', 2026, 1, '$id', (SELECT max(seq) FROM journal))"
	caught "entry $n: case '$id': a major decision (by fine) needs a legal review that approved this very draft (review-submit, review-decide --approve), none later undoing it"
	restore
	forged li.ming review-submit review "{\"at\":\"2026-11-25T02:00:00Z\",\"text\":\"行政处罚决定书\",\"penalty\":{\"types\":[\"warning\",\"fine\"],\"fine\":15000000},\"draft\":\"$(printf '%064d' 0)\",\"due\":\"2026-12-02\",\"major\":\"fine\"}" \
		"INSERT INTO review(id, case_id, draft, submitted_at, due) VALUES ((SELECT max(seq) FROM journal), '$id', '$(printf '%064d' 0)', '2026-11-25T02:00:00Z', '2026-12-02')"
	caught "entry $n: the review's draft hash is not its draft's"
	# The right hash, the wrong due day (5 working days: 2026-12-02).
	submit --penalty warning --fine 150000 -m 行政处罚决定书
	draft=$(db "SELECT draft FROM review WHERE id = $r")
	restore
	forged li.ming review-submit review "{\"at\":\"2026-11-25T02:00:00Z\",\"text\":\"行政处罚决定书\",\"penalty\":{\"types\":[\"warning\",\"fine\"],\"fine\":15000000},\"draft\":\"$draft\",\"due\":\"2026-12-09\",\"major\":\"fine\"}" \
		"INSERT INTO review(id, case_id, draft, submitted_at, due) VALUES ((SELECT max(seq) FROM journal), '$id', '$draft', '2026-11-25T02:00:00Z', '2026-12-09')"
	caught "entry $n: the review is due 2026-12-09, not 2026-12-02 (deadline.review)"
}
