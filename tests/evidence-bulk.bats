#!/usr/bin/env bats
# evidence-add -r: every file under folders (a body camera's card, a
# folder of photos) in one transaction, named by its path in the folder.
bats_require_minimum_version 1.5.0
load helper

setup() {
	setup_store a_case_and_a_card
	case=$made
	cd "$BATS_TEST_TMPDIR"
}

# A card as a body camera (执法记录仪) and a phone leave it: nested
# folders, hidden files, system files, a symbolic link and a FIFO.
a_case_and_a_card() {
	new_case &&
		mkdir -p card/DCIM/100MEDIA card/录像/2026-09-02 card/.Trashes \
			'card/System Volume Information' card/'$RECYCLE.BIN' &&
		printf '\377\330\377\340JFIF 照片一' >card/DCIM/100MEDIA/IMG_0001.JPG &&
		printf '\377\330\377\340JFIF 照片二' >card/DCIM/100MEDIA/IMG_0002.JPG &&
		{ printf '\0\0\0\030ftypisom\0\0\0\0isom'; head -c 5000 /dev/urandom; } \
			>card/录像/2026-09-02/现场执法.mp4 &&
		printf '现场检查笔录\n' >card/录像/笔录.txt &&
		printf '检查\n' >'card/a b.txt' &&
		printf 'x' >card/.DS_Store && printf 'x' >card/DCIM/._IMG_0001.JPG &&
		printf 'x' >card/.Trashes/old && printf 'x' >card/Thumbs.db &&
		printf 'x' >card/DCIM/desktop.ini &&
		printf 'x' >'card/System Volume Information/IndexerVolumeGuid' &&
		ln -s /etc/hostname card/链接.txt && mkfifo card/DCIM/管道 &&
		: >card/空文件.txt
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

# The files evidence-add -r must add from folder $1: regular, not empty,
# not hidden or a system file, in byte order of their paths; ID<TAB>name.
expected() {
	(cd "$1" && find . -mindepth 1 \( -name '.*' -o -iname thumbs.db -o -iname desktop.ini \
		-o -name 'System Volume Information' -o -name '$RECYCLE.BIN' \) -prune \
		-o -type f -size +0 -print | sed 's|^\./||' | LC_ALL=C sort |
		while IFS= read -r f; do printf '%s\t%s\n' "$(sha "$f")" "$f"; done)
}

@test "adds every regular file under the folder, named by its path, IDs as sha256sum" {
	run --separate-stderr evidence-add "$case" -r card
	assert_success
	assert_output "$(expected card)"
	assert_equal "${#lines[@]}" 5
	# Byte order: "DCIM/" before "a b.txt" before "录像/".
	assert_line --index 0 --partial "	DCIM/100MEDIA/IMG_0001.JPG"
	assert_line --index 2 --partial "	a b.txt"
	assert_line --index 4 --partial "	录像/笔录.txt"
	# What was not added is said, and counted.
	[[ $stderr == *"card/链接.txt: a symbolic link, not followed"* ]]
	[[ $stderr == *"card/DCIM/管道: a FIFO, not added"* ]]
	[[ $stderr == *"card/空文件.txt: an empty file, not added"* ]]
	[[ $stderr == *"evidence-add: 5 added, 0 already evidence, 7 skipped (hidden/system), 3 not regular" ]]
	# One transaction: five entries, one checkpoint of them.
	assert_equal "$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT count(*),
		count(DISTINCT (SELECT min(c.size) FROM checkpoint c WHERE c.size >= j.seq + 1))
		FROM journal j WHERE action = 'evidence-add'")" "5|1"
	# The list shows the same names, in the same order.
	run evidence-list "$case"
	assert_equal "$(cut -f1,3 <<<"$output")" "$(expected card)"
	assert_equal "$(cut -f4 <<<"$output" | tr '\n' ' ')" "photo photo document video document "
	run store-verify
	assert_success
}

@test "several folders, a trailing slash, the same order each time" {
	mkdir -p 手机/照片
	printf '手机照片' >手机/照片/1.jpg
	run --separate-stderr evidence-add "$case" -r card/ 手机
	assert_success
	assert_output "$(expected card; expected 手机)"
	# The order is the names', not the file system's: another store,
	# the same folder made in another order, the same lines.
	mkdir 反序 && for f in z y x 甲 A; do printf '%s' "$f" >"反序/$f"; done
	run --separate-stderr evidence-add "$case" -r 反序
	assert_success
	assert_equal "$(cut -f2 <<<"$output" | tr '\n' ' ')" "A x y z 甲 "
}

@test "a file already evidence of the case is said and not added twice" {
	# The copy comes after the original in byte order: it is the one said.
	cp card/录像/笔录.txt card/录像/笔录（副本）.txt
	run --separate-stderr evidence-add "$case" -r card
	assert_success
	assert_equal "${#lines[@]}" 5
	refute_output --partial 副本
	id=$(sha card/录像/笔录.txt)
	[[ $stderr == *"evidence-add: 录像/笔录（副本）.txt: already evidence $id of the case, not added again"* ]]
	[[ $stderr == *"5 added, 1 already evidence,"* ]]
	# Again: nothing new, nothing written, and not a refusal.
	before=$(store_state)
	run --separate-stderr evidence-add "$case" -r card
	assert_success
	assert_output ''
	[[ $stderr == *"0 added, 6 already evidence,"* ]]
	same_store "$before"
	# A new file on the card: only it is added.
	printf '补充照片' >card/DCIM/100MEDIA/IMG_0003.JPG
	run --separate-stderr evidence-add "$case" -r card
	assert_success
	assert_output "$(sha card/DCIM/100MEDIA/IMG_0003.JPG)	DCIM/100MEDIA/IMG_0003.JPG"
	run store-verify
	assert_success
}

@test "the same content in another case is stored once and recorded for both" {
	evidence-add "$case" -r card >/dev/null 2>&1
	other=$(new_case 另一案)
	want=$(expected card)
	run --separate-stderr evidence-add "$other" -r card
	assert_success
	assert_output "$want"
	id=$(sha card/录像/2026-09-02/现场执法.mp4)
	assert_equal "$(sqlite3 "$CASETRAIL_STORE/store.db" \
		"SELECT count(*) FROM evidence WHERE id = '$id'")" 2
	assert_equal "$(find "$CASETRAIL_STORE/objects" -type f ! -path "$CASETRAIL_STORE/objects/tmp/*" | wc -l)" 5
	run store-verify
	assert_success
}

# The card's files as a camera dated them, before the test clock.
camera_clock() { find card -exec touch -h -d "${1:-2026-09-01T08:00:00+08:00}" {} +; }

@test "--collected-at mtime: each file's modification time, recorded as such" {
	camera_clock
	touch -d '2026-09-02T10:00:00+08:00' card/DCIM/100MEDIA/IMG_0001.JPG
	touch -d '2026-09-03T08:30:00+08:00' card/录像/笔录.txt
	run --separate-stderr evidence-add "$case" -r card --collected-at mtime
	assert_success
	body() {
		sqlite3 "$CASETRAIL_STORE/store.db" "SELECT line->'\$.body' FROM journal
			WHERE action = 'evidence-add' AND line->>'\$.body.name' = '$1'"
	}
	run body DCIM/100MEDIA/IMG_0001.JPG
	assert_output "{\"id\":\"$(sha card/DCIM/100MEDIA/IMG_0001.JPG)\",\"name\":\"DCIM/100MEDIA/IMG_0001.JPG\",\"kind\":\"photo\",\"size\":18,\"collected_at\":\"2026-09-02T02:00:00Z\",\"collected_from\":\"mtime\",\"location\":null,\"officers\":[],\"note\":null}"
	run body 录像/笔录.txt
	assert_output --partial '"collected_at":"2026-09-03T00:30:00Z","collected_from":"mtime"'
	run evidence-list "$case"
	assert_line --partial "	录像/笔录.txt	document	19	filing	2026-09-03T08:30:00+08:00	"
	# A given time is recorded without collected_from, as before.
	printf '另一文件' >单个.txt
	evidence-add "$case" 单个.txt --collected-at '2026-09-04 09:00' >/dev/null
	run body 单个.txt
	refute_output --partial collected_from
	# A single file takes it too.
	printf '又一文件' >又一.txt
	touch -d '2026-09-05T09:00:00+08:00' 又一.txt
	evidence-add "$case" 又一.txt --collected-at mtime >/dev/null
	run body 又一.txt
	assert_output --partial '"collected_at":"2026-09-05T01:00:00Z","collected_from":"mtime"'
	run store-verify
	assert_success
}

@test "--collected-at mtime: a camera clock in the future or before the credential refuses the whole card" {
	rm -f card/链接.txt card/DCIM/管道 card/空文件.txt
	camera_clock
	# The test clock is 2026-11-25 10:00 (Beijing).
	touch -d '2027-01-01T00:00:00+08:00' card/录像/笔录.txt
	refuses 2 evidence-add "$case" -r card --collected-at mtime
	assert_output "evidence-add: collection time is in the future"
	# wang.fang's credential runs from 2020: a clock left at 2000.
	touch -d '2026-09-03T08:30:00+08:00' card/录像/笔录.txt
	touch -d '2000-01-01T00:00:00+08:00' card/a\ b.txt
	refuses 3 evidence-add "$case" -r card --collected-at mtime
	refute_output --partial 'future'
}

@test "refusals leave the store unchanged" {
	rm -f card/链接.txt card/DCIM/管道 card/空文件.txt
	refuses 4 evidence-add "$case" -r 没有这个目录
	refuses 2 evidence-add "$case" -r card/a\ b.txt
	refuses 4 evidence-add 2026-999999 -r card
	refuses 2 evidence-add "$case" -r card --kind 照片
	refuses_usage "evidence-add: --name names one file, not folders (-r)" \
		evidence-add "$case" -r card --name x
	refuses_usage "evidence-add: -r takes folders, not standard input ('-')" \
		evidence-add "$case" -r - </dev/null
	refuses_usage "evidence-add: standard input ('-') has no modification time (--collected-at mtime)" \
		evidence-add "$case" - --name x --collected-at mtime </dev/null
	# A name that is not UTF-8, deep in the card: nothing of the card.
	printf 'x' >"card/DCIM/$(printf 'IMG\377.JPG')"
	refuses 2 evidence-add "$case" -r card
	assert_output --partial "the name is not valid UTF-8"
	rm card/DCIM/IMG*.JPG
	# An unreadable folder, after some files were found.
	mkdir card/锁住 && printf 'y' >card/锁住/f && chmod 000 card/锁住
	if [ ! -r card/锁住 ]; then
		refuses 5 evidence-add "$case" -r card
	fi
	chmod 755 card/锁住
}

@test "a file that changes after the walk refuses the whole card" {
	rm -f card/链接.txt card/DCIM/管道 card/空文件.txt
	# A file replaced by a link between the walk and its read: the
	# writer is in a folder of many files, the last one in order.
	for i in $(seq 200); do printf '照片%d' "$i" >"card/DCIM/100MEDIA/IMG_$i.JPG"; done
	before=$(store_state)
	evidence-add "$case" -r card >/dev/null 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	rm -f card/录像/笔录.txt && ln -s /etc/hostname card/录像/笔录.txt
	code=0
	wait "$pid" || code=$?
	# Either it read the file before it changed, or it refused all.
	if [ "$code" != 0 ]; then
		assert_equal "$code" 3
		grep -q 'changed while being read' "$BATS_TEST_TMPDIR/err"
		same_store "$before"
	fi
	run store-verify
	assert_success
}

@test "progress on a terminal counts files and bytes; -q and pipes print nothing but the reports" {
	run script -qec "evidence-add -S '$CASETRAIL_STORE' $case -r card >/dev/null" /dev/null
	assert_success
	assert_output --partial "evidence-add: 1/5 files, 0/0 MiB"
	assert_output --partial "evidence-add: 5/5 files, 0/0 MiB"
	assert_output --partial "5 added,"
	other=$(new_case 另一案)
	run script -qec "evidence-add -q -S '$CASETRAIL_STORE' $other -r card >/dev/null" /dev/null
	assert_success
	refute_output --partial files
	refute_output --partial 'added,'
	assert_output --partial "a symbolic link, not followed"
	# A pipe: the reports and the summary, no progress.
	run --separate-stderr evidence-add "$other" -r card
	[[ $stderr != *"/5 files"* ]]
	[[ $stderr == *"0 added, 5 already evidence"* ]]
}

@test "many files are stored several at once, and each is counted once, a large one too" {
	mkdir -p 多/DCIM
	for i in $(seq 40); do printf '照片%d' "$i" >"多/DCIM/IMG_$i.JPG"; done
	# 16 MiB: its last piece of progress is its end, told once.
	head -c $((16 << 20)) /dev/zero | tr '\0' '录' >多/DCIM/录像.mp4
	run script -qec "evidence-add -S '$CASETRAIL_STORE' $case -r 多 >/dev/null" /dev/null
	assert_success
	assert_output --partial "evidence-add: 41/41 files, 16/16 MiB"
	refute_output --partial "42/41"
	assert_output --partial "41 added,"
	run evidence-list "$case"
	assert_equal "$(grep -c IMG_ <<<"$output")" 40
	run store-verify
	assert_success
}

# bats test_tags=alone
@test "kill -9 at random moments during an add of 2,000 files: all or none, no stray objects" {
	local n rounds noise i
	n=$(scaled 2000 300)
	mkdir 大卡
	for d in 100MEDIA 101MEDIA 102MEDIA 103MEDIA; do mkdir "大卡/$d"; done
	# 4 KB a photo, each its own: its number before the same noise (a
	# process for each file would cost more than the adds).
	noise=$(head -c 3000 /dev/urandom | base64 -w0)
	for ((i = 1; i <= n; i++)); do
		printf '照片 %d %s' "$i" "$noise" >"大卡/10$((i % 4))MEDIA/IMG_$i.JPG"
	done
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/base"
	now_ms() { echo $(($(date +%s%N) / 1000000)); }
	t0=$(now_ms)
	evidence-add -q "$case" -r 大卡 >/dev/null
	full=$(($(now_ms) - t0))
	assert_equal "$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT count(*) FROM evidence")" "$n"

	mid=0 whole=0 rounds=$(scaled 16 6) lo=0 hi=$((full * 12 / 10))
	for round in $(seq "$rounds"); do
		rm -rf "$CASETRAIL_STORE"
		cp -a "$BATS_TEST_TMPDIR/base" "$CASETRAIL_STORE"
		# Most of an add is the copy; the transaction is short, at its
		# end.  The kills are drawn within [lo, hi), which close in on
		# the commit: halfway towards a kill that landed before it (lo)
		# or after it (hi).
		delay=$((lo + (RANDOM * 32768 + RANDOM) % (hi - lo + 1)))
		evidence-add -q "$case" -r 大卡 >/dev/null 2>&1 3>&- &
		pid=$!
		sleep "$((delay / 1000)).$(printf %03d $((delay % 1000)))"
		kill -9 "$pid" 2>/dev/null || true
		code=0
		{ wait "$pid"; } 2>/dev/null || code=$?
		# The next writer cleans up after the dead one.
		printf '第%d轮补充笔录' "$round" >补充.txt
		evidence-add -q "$case" 补充.txt >/dev/null
		rows=$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT count(*) FROM evidence")
		objects=$(find "$CASETRAIL_STORE/objects" -type f | wc -l)
		run store-verify
		assert_success
		if [ "$rows" = 1 ]; then
			assert_equal "$code" 137
			mid=$((mid + 1))
			lo=$(((lo + delay) / 2))
		elif [ "$rows" = $((n + 1)) ]; then
			whole=$((whole + 1))
			hi=$(((hi + delay) / 2))
		else
			fail "round $round: killed after $delay ms, $((rows - 1)) of $n files recorded"
		fi
		# No stray object, and no temporary file left.
		assert_equal "$objects" "$rows"
	done
	echo "# a whole add of $n files took $full ms; of $rounds kills, $mid landed before its commit, $whole after; the last between $lo and $hi ms" >&3
	[ "$mid" -ge $((rounds / 4)) ] || fail "only $mid of $rounds kills landed mid-add"
}
