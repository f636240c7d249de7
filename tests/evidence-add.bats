#!/usr/bin/env bats
# evidence-add: files stored as evidence, content-addressed, durably, all
# or nothing.
bats_require_minimum_version 1.5.0
load helper

setup() {
	setup_store a_case_and_files
	case=$made
	cd "$BATS_TEST_TMPDIR"
}
a_case_and_files() {
	new_case &&
		printf '现场检查笔录：货架上有过期食品12件\n' >笔录.txt &&
		# An MP4 header and some bytes: a video.
		{ printf '\0\0\0\030ftypisom\0\0\0\0isom'; head -c 70000 /dev/urandom; } >执法记录仪.mp4
}

sha() { sha256sum "$1" | cut -d' ' -f1; }
object() { echo "$CASETRAIL_STORE/objects/${1:0:2}/${1:2}"; }

@test "adds files and prints ID<TAB>name for each" {
	run evidence-add "$case" 笔录.txt 执法记录仪.mp4 --officer wang.fang \
		--location 大同市平城区某超市 --note 现场提取 \
		--collected-at '2026-09-02 10:00'
	assert_success
	assert_line --index 0 "$(sha 笔录.txt)	笔录.txt"
	assert_line --index 1 "$(sha 执法记录仪.mp4)	执法记录仪.mp4"
	assert_equal "${#lines[@]}" 2
	cmp "$(object "$(sha 执法记录仪.mp4)")" 执法记录仪.mp4
	# Read-only, and the owner's alone in a private store (casetrail(7)).
	assert_equal "$(stat -c %a "$(object "$(sha 笔录.txt)")")" 400
	run store-verify -q
	assert_success
}

@test "the journal entry holds what was recorded, in a fixed key order" {
	evidence-add "$case" 执法记录仪.mp4 --officer wang.fang --stage evidence \
		--location 大同市 --note 备注 --collected-at '2026-09-02 10:00' >/dev/null
	line=$(sqlite3 "$CASETRAIL_STORE/store.db" \
		"SELECT line FROM journal WHERE action = 'evidence-add'")
	assert_equal "$(json_get "$line" '$.stage')" filing
	body=$(json_get "$line" '$.body')
	assert_equal "$body" "{\"id\":\"$(sha 执法记录仪.mp4)\",\"name\":\"执法记录仪.mp4\",\"kind\":\"video\",\"size\":70020,\"stage\":\"evidence\",\"collected_at\":\"2026-09-02T02:00:00Z\",\"location\":\"大同市\",\"officers\":[\"wang.fang\"],\"note\":\"备注\"}"
}

@test "the kind is guessed from the content" {
	local f kind
	printf '\377\330\377\340JFIF' >a; printf '\211PNG\r\n\032\n' >b
	printf '\0\0\0\030ftypheic' >c; printf '\0\0\0\030ftypM4A ' >d
	printf 'RIFF\0\0\0\0WAVEfmt ' >e; printf 'RIFF\0\0\0\0AVI LIST' >f
	printf '\032\105\337\243' >g; printf 'ID3\003' >h; printf '#!AMR\n' >i
	printf 'OggS\0' >j; printf 'fLaC' >k; printf '%%PDF-1.7' >l
	printf 'PK\003\004' >m; printf '\320\317\021\340\241\261\032\341' >n
	printf '询问笔录\n' >o; printf '\001\002\003\000' >p
	run evidence-add "$case" a b c d e f g h i j k l m n o p
	assert_success
	for f in a:photo b:photo c:photo d:audio e:audio f:video g:video h:audio \
	    i:audio j:audio k:audio l:document m:document n:document o:document \
	    p:other; do
		kind=$(evidence-list "$case" | awk -F'\t' -v n="${f%:*}" '$3 == n { print $4 }')
		assert_equal "${f%:*}:$kind" "$f"
	done
	evidence-add "$case" --kind audio 执法记录仪.mp4 >/dev/null
	assert_equal "$(evidence-list "$case" | tail -1 | cut -f4)" audio
}

@test "standard input needs --name" {
	run evidence-add "$case" --name 询问录音.amr - < <(printf '#!AMR\n录音')
	assert_success
	assert_output --regexp $'^[0-9a-f]{64}\t询问录音.amr$'
	refuses_usage "evidence-add: standard input ('-') needs --name" \
		evidence-add "$case" -
}

@test "identical content is stored once, also for two cases" {
	other=$(new_case 另一案件)
	evidence-add "$case" 笔录.txt >/dev/null
	cp 笔录.txt 副本.txt
	run evidence-add "$other" 副本.txt
	assert_success
	assert_equal "$(find "$CASETRAIL_STORE/objects" -type f | wc -l)" 1
	assert_equal "$(evidence-list "$other" | cut -f3)" 副本.txt
	run store-verify -q
	assert_success
}

@test "the same content twice in one case is refused, naming the evidence" {
	evidence-add "$case" 笔录.txt >/dev/null
	cp 笔录.txt 副本.txt
	refuses 3 evidence-add "$case" 副本.txt
	assert_output "evidence-add: case '$case' already has this content as evidence $(sha 笔录.txt) ('笔录.txt')"
}

@test "all files or none: a refusal leaves no object behind" {
	refuses 4 evidence-add "$case" 执法记录仪.mp4 缺失.jpg
	cp 执法记录仪.mp4 副本.mp4
	refuses 3 evidence-add "$case" 执法记录仪.mp4 副本.mp4
	assert_equal "$(find "$CASETRAIL_STORE/objects" -type f | wc -l)" 0
	run store-verify -q
	assert_success
}

@test "bad input is refused, and the store is unchanged" {
	refuses 4 evidence-add "$case" 没有这个文件.pdf
	assert_output "evidence-add: cannot open 没有这个文件.pdf: No such file or directory"
	mkdir 照片
	refuses 2 evidence-add "$case" 照片
	assert_output "evidence-add: 照片 is a directory"
	refuses 2 evidence-add "$case" --kind 录像 执法记录仪.mp4
	assert_output "evidence-add: unknown kind '录像' (kinds: document photo audio video other)"
	refuses 4 evidence-add 2026-999999 执法记录仪.mp4
	assert_output "evidence-add: cannot find case '2026-999999'"
	refuses 2 evidence-add "$case" --name ../../etc/passwd - <笔录.txt
	assert_output "evidence-add: bad evidence name '../../etc/passwd' (a file name, without '/')"
	refuses 2 evidence-add "$case" --name .. - <笔录.txt
	cp 笔录.txt $'换行\n笔录.txt'
	refuses 2 evidence-add "$case" $'换行\n笔录.txt'
	assert_output "evidence-add: evidence name contains a control character"
	cp 笔录.txt $'bad\xff.txt'
	refuses 2 evidence-add "$case" $'bad\xff.txt'
	assert_output "evidence-add: evidence name is not valid UTF-8"
	: >空.txt
	refuses 2 evidence-add "$case" 空.txt
	assert_output "evidence-add: 空.txt is empty"
	refuses 4 evidence-add "$case" 笔录.txt --officer zhao.lei
	refuses 2 evidence-add "$case" 笔录.txt --collected-at 2027-01-01
	assert_equal "$(ls "$CASETRAIL_STORE/objects/tmp" | wc -l)" 0
}

# A FIFO (read as standard input: by its path it is refused) whose writer
# goes away before writing anything ends early: it is empty, and refused.
# A FIFO that ends after some bytes is a short file: nothing tells it
# from a complete one, and it is stored as it came.
@test "a FIFO that ends early is refused; one with content is stored" {
	mkfifo 管道
	(: >管道) &
	refuses 2 evidence-add "$case" - --name 管道 <管道
	assert_output "evidence-add: standard input is empty"
	wait
	(cat 笔录.txt >管道) &
	run evidence-add "$case" - --name 管道 <管道
	wait
	assert_success
	assert_output "$(sha 笔录.txt)	管道"
}

@test "a sealed case takes no evidence" {
	sqlite3 "$CASETRAIL_STORE/store.db" \
		"UPDATE cases SET status = 'sealed' WHERE id = '$case'"
	refuses 3 evidence-add "$case" 笔录.txt
	assert_output "evidence-add: case '$case' is sealed"
}

@test "a full disk is an error and leaves the store as it was" {
	local dir=$BATS_TEST_TMPDIR/small
	mkdir "$dir"
	mount -t tmpfs -o size=2m tmpfs "$dir" 2>/dev/null ||
		skip "machine: cannot mount a small tmpfs here (needs root)"
	cp -a "$CASETRAIL_STORE" "$dir/store"
	export CASETRAIL_STORE=$dir/store
	head -c 4000000 /dev/urandom >大文件.mp4
	run evidence-add "$case" 大文件.mp4
	local st=$status out=$output
	refuses 5 evidence-add "$case" 大文件.mp4
	assert_output "evidence-add: cannot store 大文件.mp4: No space left on device"
	run store-verify -q
	umount "$dir"
	assert_equal "$st" 5
	assert_equal "$out" "evidence-add: cannot store 大文件.mp4: No space left on device"
	assert_success
}

@test "a large regular file: copied and hashed in pieces, the ID is its SHA-256" {
	# Past several copy pieces (8 MiB) and read-backs (256 KiB), and not
	# a whole number of pages, so that every seam is crossed.
	mib=$(scaled 150 20)
	{ printf '\0\0\0\030ftypisom\0\0\0\0isom'; head -c $((mib << 20)) /dev/urandom
	  printf 'tail'; } >长录像.mp4
	want=$(sha256sum 长录像.mp4 | cut -c1-64)
	run evidence-add "$case" 长录像.mp4
	assert_success
	assert_output "$want	长录像.mp4"
	obj="$CASETRAIL_STORE/objects/${want:0:2}/${want:2}"
	cmp 长录像.mp4 "$obj"
	assert_equal "$(evidence-list -f json "$case" | grep -c '"kind":"video"')" 1
	run store-verify
	assert_success
}

@test "a progress bar on a terminal, for a large file only" {
	head -c $((70 << 20)) /dev/urandom >大文件.mp4
	# script(1) gives evidence-add a terminal for its standard error.
	run script -qec "evidence-add -S '$CASETRAIL_STORE' $case 大文件.mp4 >/dev/null" /dev/null
	assert_success
	assert_output --partial "evidence-add: 大文件.mp4 100% (70/70 MiB)"
	assert_output --partial "(8/70 MiB)"
	run script -qec "evidence-add -q -S '$CASETRAIL_STORE' $case 执法记录仪.mp4 >/dev/null" /dev/null
	assert_success
	assert_output ''
	# Not a terminal: no bar.
	run evidence-add "$case" 笔录.txt
	refute_output --partial '%'
}

# bats test_tags=slow
@test "a large file (5 GiB in make check-slow) is added in constant memory" {
	local size=536870912
	# 5 GiB costs five seconds of SHA-256 at least, and as long again to
	# write: it is make check-slow's (CASETRAIL_TEST_SLOW=1).  512 MiB
	# shows the same constant RSS, and under the sanitizers the point is
	# memory errors.
	[ "${CASETRAIL_TEST_SLOW:-0}" = 1 ] && size=$(scaled 5368709120 536870912)
	truncate -s "$size" 稀疏.img
	run /usr/bin/time -f 'rss %M' evidence-add "$case" 稀疏.img
	assert_success
	assert_line --index 0 --regexp $'^[0-9a-f]{64}\t稀疏.img$'
	rss=$(sed -n 's/^rss //p' <<<"$output")
	# Under memcheck the peak is valgrind's, not the program's.
	[ "${CASETRAIL_TEST_VALGRIND:-0}" = 1 ] || [ "$rss" -lt 32768 ] ||
		fail "peak RSS $rss KiB"
	assert_equal "$(evidence-list "$case" | cut -f5)" "$size"
}

# The store on a tmpfs where there is one, so that 20 runs are quick; a
# kill is a kill on any file system.  After each kill every recorded
# object is there, whole in size; at the end the next writer has removed
# what the killed ones left, and store-verify re-hashes every object.
# bats test_tags=alone
@test "killed at 20 random moments: no entry without its object" {
	local dir i pid span start delay killed=0 left verified runs
	runs=$(scaled 20 8)
	dir=$(mktemp -d -p /dev/shm 2>/dev/null) || dir=$BATS_TEST_TMPDIR/fast
	mkdir -p "$dir"
	cp -a "$CASETRAIL_STORE" "$dir/store"
	export CASETRAIL_STORE=$dir/store
	head -c "$(scaled 32000000 8000000)" /dev/urandom >"$dir/base"
	for i in $(seq 0 "$runs"); do
		cp "$dir/base" "$dir/录像$i.mp4"
		echo "$i" >>"$dir/录像$i.mp4"
	done
	start=$(date +%s%N)
	evidence-add "$case" "$dir/录像0.mp4" >/dev/null
	span=$(( ($(date +%s%N) - start) / 1000 ))
	for i in $(seq 1 "$runs"); do
		evidence-add "$case" "$dir/录像$i.mp4" >/dev/null 2>&1 &
		pid=$!
		delay=$(( (RANDOM * 32768 + RANDOM) % span ))
		sleep "$(printf '%d.%06d' $((delay / 1000000)) $((delay % 1000000)))"
		# A run that ended before its kill shows the runs are shorter
		# than the first: the next kills are drawn within its delay.
		if kill -9 "$pid" 2>/dev/null; then
			killed=$((killed + 1))
		elif [ "$delay" -gt 1000 ]; then
			span=$delay
		fi
		wait "$pid" 2>/dev/null || true
		sqlite3 "$CASETRAIL_STORE/store.db" "SELECT id, size FROM evidence" |
		while IFS='|' read -r id size; do
			[ "$(stat -c %s "$(object "$id")" 2>/dev/null)" = "$size" ] ||
				fail "run $i: evidence $id has no whole object"
		done
	done
	evidence-add "$case" 笔录.txt >/dev/null
	left=$(ls "$CASETRAIL_STORE/objects/tmp" | wc -l)
	run store-verify -q
	verified=$status
	rm -rf "$dir"
	assert_equal "$verified" 0
	assert_equal "$output" ''
	assert_equal "$left" 0
	[ "$killed" -ge $((runs / 5)) ] || fail "only $killed of $runs runs were killed"
}

@test "in a pipeline: a video shown in an inspection clears the flag" {
	evidence-add "$case" 执法记录仪.mp4 笔录.txt | grep '\.mp4$' | cut -f1 |
		xargs -I{} case-log "$case" --action inspection --evidence {} \
		--officer li.ming --officer wang.fang -m 现场检查 >/dev/null 2>"$BATS_TEST_TMPDIR/err"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" ''
	assert_equal "$(case-list --flagged | wc -l)" 0
	evidence-add "$case" --name 现场照片.jpg - < <(printf '\377\330\377\340') |
		cut -f1 | xargs -I{} case-log "$case" --action inspection \
		--evidence {} --officer li.ming --officer wang.fang -m 再次检查 2>/dev/null >/dev/null
	assert_equal "$(case-list --flagged | cut -f1)" "$case"
	run store-verify -q
	assert_success
}

@test "usage errors" {
	refuses_usage "evidence-add: no file given" evidence-add "$case"
	refuses_usage "evidence-add: no case given" evidence-add
	refuses_usage 'evidence-add: --name names one file' \
		evidence-add "$case" --name 甲 笔录.txt 执法记录仪.mp4
	refuses_usage "evidence-add: unrecognized option '--bogus'" \
		evidence-add --bogus "$case" 笔录.txt
	# One case, not cases from standard input as case-log takes them.
	refuses_usage "evidence-add: one case, named as the first operand, not read from standard input ('-' is a file)" \
		evidence-add - 笔录.txt
}
