#!/usr/bin/env bats
# evidence-add: evidence is the bytes that were there when it was read.  A
# regular file that changes while it is read is refused, and only a
# regular file is read by its path: a device, FIFO or socket only as
# standard input.
#
# The change is made by tests/tools/midread at one moment, between the
# program's first and second read of the file (its reads are held by a
# seccomp filter until midread lets them go), so that no test depends on
# the speed of a race; midread exits 99 when the file was not read twice.
bats_require_minimum_version 1.5.0
load helper

setup() {
	# Past the first piece the kernel copies (8 MiB) and the first chunk
	# read (1 MiB): the change falls inside the read, and what was read
	# after it is new bytes.
	mib=$(scaled 20 9)
	setup_store a_case_and_files
	case=$made
	cd "$BATS_TEST_TMPDIR"
	MIDREAD=${CASETRAIL_TEST_PLAIN_BIN:-$(dirname "$(command -v evidence-add)")}/../tools/midread
	[ -x "$MIDREAD" ] || fail "no $MIDREAD: run make all"
}
a_case_and_files() {
	new_case &&
		printf '现场检查笔录：货架上有过期食品12件\n' >笔录.txt &&
		{ printf '\0\0\0\030ftypisom\0\0\0\0isom'; head -c $((mib << 20)) /dev/urandom; } >执法记录仪.mp4 &&
		# Mostly holes: read a chunk at a time rather than copied by
		# the kernel (copy_by_reads, lib/objects/object.c).
		cp 笔录.txt 磁盘镜像.img &&
		truncate -s "${mib}M" 磁盘镜像.img &&
		cp 执法记录仪.mp4 原件.mp4
}

# changing HOW FILE: from now on, evidence-add is run by midread, which
# changes FILE as HOW says (rewrite, backdate, append, replace) between
# its first and second read of it.
changing() {
	local real=${REAL_EVIDENCE_ADD:-$(command -v evidence-add)}
	REAL_EVIDENCE_ADD=$real
	mkdir -p "$BATS_TEST_TMPDIR/midread"
	printf '#!/bin/sh\nexec "%s" %s "%s" "%s" "$@"\n' "$MIDREAD" "$1" \
		"$BATS_TEST_TMPDIR/$2" "$real" >"$BATS_TEST_TMPDIR/midread/evidence-add"
	chmod +x "$BATS_TEST_TMPDIR/midread/evidence-add"
	case :$PATH: in
	*":$BATS_TEST_TMPDIR/midread:"*) ;;
	*) PATH=$BATS_TEST_TMPDIR/midread:$PATH ;;
	esac
}

@test "a file rewritten in place while it is read, the same size, is refused" {
	changing rewrite 执法记录仪.mp4
	refuses 3 evidence-add "$case" 执法记录仪.mp4
	assert_output "evidence-add: 执法记录仪.mp4: changed while being read"
	# It was changed, and kept its size.
	! cmp -s 执法记录仪.mp4 原件.mp4
	assert_equal "$(stat -c %s 执法记录仪.mp4)" "$(stat -c %s 原件.mp4)"
}

@test "a rewrite that puts the modification time back is seen by the change time" {
	local mtime
	mtime=$(stat -c %y 执法记录仪.mp4)
	changing backdate 执法记录仪.mp4
	refuses 3 evidence-add "$case" 执法记录仪.mp4
	assert_output "evidence-add: 执法记录仪.mp4: changed while being read"
	! cmp -s 执法记录仪.mp4 原件.mp4
	assert_equal "$(stat -c %y 执法记录仪.mp4)" "$mtime"
}

@test "a file appended to while it is read is refused" {
	changing append 执法记录仪.mp4
	refuses 3 evidence-add "$case" 执法记录仪.mp4
	assert_output "evidence-add: 执法记录仪.mp4: changed while being read"
	assert_equal "$(stat -c %s 执法记录仪.mp4)" $(($(stat -c %s 原件.mp4) + 4096))
}

@test "a file replaced under its name while it is read is refused" {
	changing replace 执法记录仪.mp4
	refuses 3 evidence-add "$case" 执法记录仪.mp4
	assert_output "evidence-add: 执法记录仪.mp4: changed while being read"
}

@test "a sparse file, read a chunk at a time, is refused when rewritten or appended to" {
	local blocks
	blocks=$(stat -c %b 磁盘镜像.img)
	[ "$((blocks * 512))" -lt "$(stat -c %s 磁盘镜像.img)" ] ||
		skip "machine: this file system does not keep holes"
	changing rewrite 磁盘镜像.img
	refuses 3 evidence-add "$case" 磁盘镜像.img
	assert_output "evidence-add: 磁盘镜像.img: changed while being read"
	changing append 磁盘镜像.img
	refuses 3 evidence-add "$case" 磁盘镜像.img
	assert_output "evidence-add: 磁盘镜像.img: changed while being read"
}

@test "a regular file as standard input is refused when it changes" {
	changing rewrite 执法记录仪.mp4
	refuses 3 evidence-add "$case" - --name 执法记录仪.mp4 <执法记录仪.mp4
	assert_output "evidence-add: standard input: changed while being read"
}

@test "one file of several changes: none is recorded" {
	changing rewrite 执法记录仪.mp4
	refuses 3 evidence-add "$case" 笔录.txt 执法记录仪.mp4 磁盘镜像.img
	assert_output "evidence-add: 执法记录仪.mp4: changed while being read"
	assert_equal "$(find "$CASETRAIL_STORE/objects" -type f | wc -l)" 0
}

@test "/dev/zero is refused at once, before a byte is read" {
	run timeout "$(scaled 2 30)" evidence-add "$case" /dev/zero
	assert_equal "$status" 2
	refuses 2 evidence-add "$case" /dev/zero
	assert_output "evidence-add: /dev/zero is a character device, not a regular file (give it as standard input, '-', with --name)"
}

@test "a FIFO is refused at once, even with no writer" {
	mkfifo 管道
	run timeout "$(scaled 2 30)" evidence-add "$case" 管道
	assert_equal "$status" 2
	refuses 2 evidence-add "$case" 管道
	assert_output "evidence-add: 管道 is a FIFO, not a regular file (give it as standard input, '-', with --name)"
}

@test "a socket is refused" {
	perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Local => $ARGV[0],
	    Listen => 1) or die "$!\n"' 套接字 ||
		skip "machine: perl cannot make a socket here"
	[ -S 套接字 ]
	refuses 2 evidence-add "$case" 套接字
	assert_output "evidence-add: 套接字 is a socket, not a regular file (give it as standard input, '-', with --name)"
}

@test "a block device is refused without being opened" {
	# A device no driver serves: opening it would fail otherwise.
	mknod 磁盘 b 7 250 2>/dev/null || skip "machine: mknod needs root"
	refuses 2 evidence-add "$case" 磁盘
	assert_output "evidence-add: 磁盘 is a block device, not a regular file (give it as standard input, '-', with --name)"
}

@test "a directory is refused" {
	mkdir 照片
	refuses 2 evidence-add "$case" 照片
	assert_output "evidence-add: 照片 is a directory"
	refuses 2 evidence-add "$case" - --name 照片 <照片
	assert_output "evidence-add: standard input is a directory"
}

@test "a pipe, a FIFO or a device as standard input, with --name, is read under that name" {
	run evidence-add "$case" - --name 询问录音.amr < <(printf '#!AMR\n录音')
	assert_success
	assert_output "$(printf '#!AMR\n录音' | sha256sum | cut -d' ' -f1)	询问录音.amr"
	mkfifo 管道
	(cat 笔录.txt >管道) &
	run evidence-add "$case" - --name 现场笔录.txt <管道
	wait
	assert_success
	assert_output "$(sha256sum 笔录.txt | cut -d' ' -f1)	现场笔录.txt"
	run evidence-add "$case" - --name 零.bin < <(head -c 1000 /dev/zero)
	assert_success
	# A device is read to its end: /dev/null's is at once.
	refuses 2 evidence-add "$case" - --name 空.bin </dev/null
	assert_output "evidence-add: standard input is empty"
	run evidence-list "$case"
	assert_line --index 0 --regexp $'\t询问录音.amr\taudio\t'
	assert_line --index 1 --regexp $'\t现场笔录.txt\tdocument\t'
	assert_line --index 2 --regexp $'\t零.bin\tother\t1000\t'
	run store-verify -q
	assert_success
}

@test "standard input without --name, or a terminal, is a usage error" {
	refuses_usage "evidence-add: standard input ('-') needs --name" \
		evidence-add "$case" - <笔录.txt
	local before
	before=$(store_state)
	# script(1) gives evidence-add a terminal for its standard input.
	run script -qec "evidence-add -S '$CASETRAIL_STORE' $case - --name 键盘.txt" /dev/null
	assert_output --partial "evidence-add: standard input ('-') is a terminal"
	assert_output --partial "usage: evidence-add "
	same_store "$before" evidence-add "$case" - --name 键盘.txt
	# script gives the status of the command.
	assert_equal "$status" 2
}
