#!/bin/sh
# make demo: a penalty case of a city bureau of commerce, from filing to
# closing, in a throw-away store.  Every step is a casetrail program as an
# officer would type it.
set -eu
# The store, the keys and what the officers keep aside, side by side.
work=$(mktemp -d "${TMPDIR:-/tmp}/casetrail-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
store=$work/store
export CASETRAIL_STORE="$store" XDG_CONFIG_HOME="$work/config"
unset CASETRAIL_OFFICER CASETRAIL_NOW

if [ -t 1 ]; then bold=$(printf '\033[1m') off=$(printf '\033[0m'); else bold='' off=''; fi
say() { printf '\n%s$ %s%s\n' "$bold" "$*" "$off"; }
run() { say "$*"; "$@"; }

# Officers: the first one registers the store and becomes its admin; then
# he makes his signing key (Ed25519): every later write signs a checkpoint.
run officer-add li.ming --name 李明 --credential 14020020001 \
	--valid-from 2024-01-01 --valid-until 2028-12-31 --role officer
export CASETRAIL_OFFICER=li.ming
run officer-key
# The agency's name, which its archives and its publications carry.
say "echo 'agency = 大同市商务局' >>$store/casetrail.conf"
echo 'agency = 大同市商务局' >>"$store/casetrail.conf"
# The admin adds the other officers and makes their keys (here all keys
# live in one demo directory; each officer would keep his own).
run officer-add wang.fang --name 王芳 --credential 14020020002 \
	--valid-from 2024-01-01 --valid-until 2027-06-30
run officer-key wang.fang
run officer-add zhao.lei --name 赵磊 --credential 14020020003 \
	--valid-from 2024-01-01 --valid-until 2029-12-31 --role reviewer \
	--qualification A20183101234567
run officer-key zhao.lei
# The head of the agency (行政机关负责人), who decides penalties.
run officer-add zhou.qiang --name 周强 --credential 14020020009 \
	--valid-from 2024-01-01 --valid-until 2029-12-31 --role officer --role head
run officer-key zhou.qiang
run officer-list -H

# Filing (立案).
# shellcheck disable=SC2016 # shown, not run
say 'case=$(case-new --type penalty --title ... --party ...)'
case=$(case-new --type penalty \
	--title '大同市某某商贸有限公司未按规定备案发行单用途商业预付卡案' \
	--party 大同市某某商贸有限公司 --party-kind org \
	--party-id 91140200MA0L8X2Q3Q \
	--handler li.ming --handler wang.fang \
	--basis '《单用途商业预付卡管理办法（试行）》第七条、第三十六条' \
	--at '2026-09-01 09:30')
echo "$case"

# Investigation and evidence (调查取证): two officers on site, each named,
# their credential numbers recorded with the entry (事中公示).
run case-log "$case" --action inspection --officer li.ming --officer wang.fang \
	--at '2026-09-02 10:00' \
	-m '现场检查：出示执法证件，告知检查事由；发现该公司自2026年3月起发行预付卡，未在30日内备案。'
run case-log "$case" --action inquiry --officer li.ming --officer wang.fang \
	--at '2026-09-05 14:30' \
	-m '询问笔录：法定代表人张某承认发卡1,280张，预收资金人民币38.4万元，未备案。'
say "case-log --import - <<'JSON'   (several steps at once, from a script)"
case-log --import - <<JSON
{"case":"$case","action":"evidence-collection","officers":["li.ming","wang.fang"],"at":"2026-09-05 15:10","text":"调取发卡登记表、收款凭证复印件共23页，当事人签字确认。"}
{"case":"$case","action":"note","at":"2026-09-10 09:00","text":"调查终结报告：事实清楚，证据确凿，拟处罚款人民币2万元。"}
JSON

# Notice of the intended penalty, statement and defence (告知, 陈述申辩):
# the structured decision, which the decision may not exceed.
basis='《单用途商业预付卡管理办法（试行）》第三十六条'
run case-log "$case" --action notice --at '2026-09-15 10:00' \
	--fine 20000 --basis "$basis" \
	-m '送达《行政处罚事先告知书》，告知拟罚款2万元及陈述、申辩、听证权利。'
run case-log "$case" --action statement --officer wang.fang \
	--at '2026-09-18 15:00' \
	-m '当事人陈述：已于9月8日补办备案，请求从轻处罚。经复核，采纳部分意见。'

# Legal review (法制审核): the handlers submit the draft, marked major for
# the public interest (1,280 cards sold); the reviewer, who had no part
# in the case, returns it once with his opinion, and approves it when it
# is submitted again, on all ten points.  A major case goes to the heads'
# collective discussion (集体讨论).
text='行政处罚决定：责令改正，罚款人民币2万元。'
say "review=\$(review-submit $case --fine 20000 --major ... | cut -f1)"
review=$(review-submit "$case" --fine 20000 --basis "$basis" --major \
	--comply-by 2026-10-15 -m "$text" | cut -f1 | head -n 1)
echo "$review"
run review-decide -A zhao.lei "$review" --return \
	-m '当事人已于9月8日补办备案，属主动消除违法行为危害后果，应依法从轻处罚。' \
	--point '6=issue:未考虑从轻情节，罚款数额偏高'
text='行政处罚决定：责令改正，罚款人民币1.5万元。'
say "review=\$(review-submit $case --fine 15000 --major ... | cut -f1)"
review=$(review-submit "$case" --fine 15000 --basis "$basis" --major \
	--comply-by 2026-10-15 -m "$text" | cut -f1 | head -n 1)
echo "$review"
run review-decide -A zhao.lei "$review" --approve -m '同意。事实清楚，证据确凿，程序合法。' \
	--point 1=ok --point 2=ok --point 3=ok --point 4=ok --point 5=ok \
	--point 6=ok --point 7=ok --point 8=ok --point 9=ok --point 10=ok
run review-list -H
run case-log -A zhou.qiang "$case" --action collective-discussion \
	--at '2026-09-24 16:00' -m '局长办公会集体讨论：同意罚款人民币1.5万元。'

# Decision, service, execution, closing (决定, 送达, 执行, 结案).  The
# head decides: with no fields given, the decision recorded is the draft
# the review approved; it gets its document number.
say "decision=\$(case-log -A zhou.qiang $case --action decision)"
decision=$(case-log -A zhou.qiang "$case" --action decision \
	--at '2026-09-25 09:00')
echo "$decision"
run case-log "$case" --action service --officer wang.fang \
	--at '2026-09-26 10:00' -m '直接送达《行政处罚决定书》，当事人签收。'
run case-log "$case" --action execution --at '2026-10-09 16:00' \
	-m '当事人已缴纳罚款人民币1.5万元（缴款书号 1402 2026 0001234）。'
run case-log "$case" --action closing --at '2026-10-12 11:00' -m '结案归档。'

# The record, as officers and supervisors see it.
run case-show "$case"
run case-list -H
say "case-list --flagged | case-show -f tsv | cut -f1,5,6,12"
case-list --flagged | case-show -f tsv | cut -f1,5,6,12

# "Two random, one public" (双随机一公开): the seed of the quarter's
# inspections is committed first, with the lists; the draw then takes it,
# opens an inspection case for each target drawn, and anyone with the
# lists checks it.
run officer-add sun.li --name 孙丽 --credential 14020020004 \
	--valid-from 2024-01-01 --valid-until 2029-12-31
printf '%s\n' '# 统一社会信用代码	名称	风险等级	回避' \
	'91140200MA0L8X2Q3Q	大同市某某商贸有限公司	A	wang.fang' \
	'91140200MA0L9K7T1B	大同市某某超市有限公司	A' \
	'91140200MA0LA3R5N8	云冈区某某饭店	B' \
	'91140200MA0LB6W2X4	平城区某某药店	B' >"$work/targets.tsv"
printf '%s\n' li.ming wang.fang sun.li >"$work/inspectors.tsv"
say "seed=\$(random-draw --commit --task 2026年第4季度双随机抽查 --targets targets.tsv --inspectors inspectors.tsv)"
seed=$(random-draw --commit --task 2026年第4季度双随机抽查 \
	--targets "$work/targets.tsv" --inspectors "$work/inspectors.tsv")
run random-draw --task 2026年第4季度双随机抽查 --seed "$seed" --ratio 50 \
	--open-cases -H --targets "$work/targets.tsv" --inspectors "$work/inspectors.tsv"
run random-draw --check 2026年第4季度双随机抽查 \
	--targets "$work/targets.tsv" --inspectors "$work/inspectors.tsv"

# The journal: every step above is one entry of a Merkle tree log, and
# every write signed a checkpoint of it.  The decision's proof checks
# against the signed checkpoint without the store.
run store-verify
say "store-verify > checkpoint.txt; store-verify --proof $decision | store-verify --check-proof --against checkpoint.txt"
store-verify > "$work/checkpoint.txt"
store-verify --proof "$decision" | store-verify --check-proof --against "$work/checkpoint.txt"

# Publicity (公示): the publisher reviews the decision as it will be
# published, redacted, then publishes it; each record published is an
# entry of the journal that holds it, and a re-run publishes nothing new.
# Anyone checks a published record, with no store: it carries its
# entry's inclusion proof and the signed checkpoint.
run officer-add zhao.min --name 赵敏 --credential 14020020006 \
	--valid-from 2024-01-01 --valid-until 2030-12-31 --role publisher
run officer-key zhao.min
run publish-export -A zhao.min --dry-run -f tsv -H
run publish-export -A zhao.min -o "$work/published.json"
run publish-export -A zhao.min
say "head -n 1 published.json | jq -j .proof > record.proof; head -n 1 published.json | jq -j .checkpoint > published.txt"
head -n 1 "$work/published.json" | jq -j .proof >"$work/record.proof"
head -n 1 "$work/published.json" | jq -j .checkpoint >"$work/published.txt"
run store-verify -S "$work/nowhere" --check-proof --against "$work/published.txt" <"$work/record.proof"
# Before enforcement (事前公开): the officers who enforce, with their
# credentials and duties; published again only when the list changes.
run publish-export -A zhao.min --what officers -f tsv -H
# The agency's site: every decision published now, each page with what
# checks it (its entry, the inclusion proof, the signed checkpoint).
run publish-export -A zhao.min --all -f html -o "$work/site"
run ls "$work/site" "$work/site/d"

# Archiving (归档): the archivist seals the closed case into a BagIt
# archive, and from then on the case takes nothing.  The records office
# checks the archive with no store, against the public keys the agency
# gave it.
run officer-add zhao.lan --name 赵兰 --credential 14020020005 \
	--valid-from 2024-01-01 --valid-until 2030-12-31 --role archivist
run officer-key zhao.lan
# The agency's retention table (保管期限表), as its archives authority
# approved it, and the fonds code (全宗号) the archives gave it: the seal
# records the case's retention and gives it its archive number (档号).
say "printf 'penalty\\tfine\\t30y\\npenalty\\t*\\t10y\\n' >$store/retention.tsv"
printf 'penalty\tfine\t30y\npenalty\t*\t10y\n' >"$store/retention.tsv"
chmod 600 "$store/retention.tsv"
say "echo 'archive.fonds = J012' >>$store/casetrail.conf"
echo 'archive.fonds = J012' >>"$store/casetrail.conf"
run archive-seal -A zhao.lan -o "$work/$case.tar" "$case"
run archive-list -H
say "case-log $case --action note -m 补记"
case-log "$case" --action note -m 补记 || echo "(refused, status $?)"
mkdir "$work/archives"
for o in li.ming zhao.lan; do
	openssl pkey -in "$work/config/casetrail/keys/$o.key" -pubout \
		-out "$work/archives/$o.pem"
done
cp "$work/$case.tar" "$work/archives/"
say "cd archives && env -u CASETRAIL_STORE archive-verify --key li.ming.pem --key zhao.lan.pem $case.tar"
(cd "$work/archives" && env -u CASETRAIL_STORE \
	archive-verify --key li.ming.pem --key zhao.lan.pem "$case.tar")
echo
echo "demo: all steps done; the store in $store is removed on exit."
