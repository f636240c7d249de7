#!/usr/bin/env bats
# durability: every writer makes what it writes last before it says so.
# Each writing program runs under strace, and the order of its system
# calls is checked:
#   - an evidence object or key file is written, flushed (fsync or
#     fdatasync of its own descriptor, or a syncfs of its file system) and
#     only then linked or renamed under its final name; an object's
#     directory is flushed (fsync, or syncfs) after that;
#   - all of this happens before the transaction that names the file
#     commits: before SQLite writes the WAL frame that marks the commit;
#   - the WAL is flushed after that frame, before the program writes its
#     answer to stdout or exits.
#
# Why the order and not a crash: a test that loses what was not flushed
# needs a disk that forgets it.  Dropping the page cache does not
# (/proc/sys/vm/drop_caches needs root, and even then writes dirty pages
# back before it drops the clean ones), kill -9 does not (the page cache
# outlives the process), and a block device that drops unflushed writes
# (dm-flakey, dm-log-writes) or a virtual machine whose power is cut needs
# privileges that a test run by an ordinary user does not have.  So the
# system calls that make data durable are checked instead: they are the
# whole of what a program can do about it.
bats_require_minimum_version 1.5.0
load helper

setup() {
	command -v strace >/dev/null ||
		skip "strace is not installed (make deps installs it)"
	setup_store
	keys="$XDG_CONFIG_HOME/casetrail/keys"
	trace="$BATS_TEST_TMPDIR/trace"
}

# The calls that write, flush, name files and report.
SYSCALLS=open,openat,creat,write,pwrite64,writev,pwritev,pwritev2,copy_file_range,ftruncate,fallocate,fsync,fdatasync,syncfs,link,linkat,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,exit_group

# traced PROGRAM ARGS...: runs the program under strace, every thread,
# file descriptors with their paths (-y), data in hex (-x), the first 8
# bytes of each buffer (enough for a WAL frame header's commit field).
# Under memcheck the real program runs, not its valgrind wrapper; under
# ASan leaks are not looked for, since LeakSanitizer cannot run under
# ptrace.
traced() {
	local prog=$1
	shift
	[ -n "${CASETRAIL_TEST_VALGRIND:-}" ] && prog=$CASETRAIL_TEST_PLAIN_BIN/$prog
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
		strace -f -y -x -s 8 -e trace="$SYSCALLS" -o "$trace" "$prog" "$@"
}

# durable [PATTERN COUNT [DIRS]]: checks the order of the calls in
# $trace, as the comment at the top says; prints what is out of order
# and fails.  PATTERN (an awk regular expression) matches the final names
# of the files that must be durable before the commit, COUNT of them;
# DIRS=1 requires their directory (and its parent, when the directory was
# made) to be flushed after the link and before the commit.
#
# The awk program follows each open file as a record: the descriptor
# that names it now, the paths it has, whether a write to it was not yet
# flushed.  A WAL frame header is 24 bytes; its bytes 4 to 7 hold the
# database size after a commit and are 0 in every other frame, so a
# 24-byte write to the -wal file with any of them set is the commit.
durable() {
	awk -v pattern="${1:-^\$}" -v want="${2:-0}" -v dirs="${3:-0}" '
	function fail(msg) { print "durable: " msg; failed = 1; exit 1 }
	# The byte value of one character of printable ASCII.
	function ord(c) { return index(ascii, c) + 31 }
	# A quoted string of strace -x as text: \xHH of ASCII decoded,
	# of other bytes kept as written; other escapes as the character.
	function unquote(s,    out, i, c, v) {
		if (s !~ /^"/) return s
		sub(/^"/, "", s); sub(/"(\.\.\.)?$/, "", s)
		out = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == "\\" && substr(s, i + 1, 1) == "x") {
				v = hex(substr(s, i + 2, 2))
				out = out (v >= 32 && v < 127 ? substr(ascii, v - 31, 1) : \
				    substr(s, i, 4))
				i += 3
			} else if (c == "\\") {
				out = out substr(s, ++i, 1)
			} else {
				out = out c
			}
		}
		return out
	}
	function hex(h) {
		h = tolower(h)
		return (index(digits, substr(h, 1, 1)) - 1) * 16 + \
		    index(digits, substr(h, 2, 1)) - 1
	}
	# The first n bytes of a quoted buffer, as numbers in b[1..n].
	function bytes(s, b, n,    i, k, c) {
		sub(/^"/, "", s)
		for (i = 1; k < n && i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == "\"") break
			if (c == "\\" && substr(s, i + 1, 1) == "x") {
				b[++k] = hex(substr(s, i + 2, 2)); i += 3
			} else if (c == "\\") {
				c = substr(s, ++i, 1)
				b[++k] = c == "n" ? 10 : c == "t" ? 9 : c == "r" ? 13 : \
				    c == "0" ? 0 : ord(c)
			} else {
				b[++k] = ord(c)
			}
		}
		return k
	}
	# The descriptor of an argument like 7</path>: 7, or -1.
	function fdnum(a) { return match(a, /^[0-9]+</) ? substr(a, 1, RLENGTH - 1) + 0 : -1 }
	# Its path, from the annotation of -y.
	function fdpath(a,    p) {
		if (!match(a, /<[^>]*>/)) return ""
		p = unquote("\"" substr(a, RSTART + 1, RLENGTH - 2) "\"")
		return p
	}
	function dirname(p) { sub(/\/[^\/]*$/, "", p); return p }
	# Splits the arguments of a call (after its name and "(") into
	# arg[1..]; returns their number and leaves what follows the closing
	# parenthesis in rest.  Quotes and <annotations> may hold anything.
	function split_args(s, arg,    i, c, n, depth, inq, ina, cur) {
		n = 0; depth = 0; inq = 0; ina = 0; cur = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (inq) {
				cur = cur c
				if (c == "\\") { cur = cur substr(s, ++i, 1) }
				else if (c == "\"") inq = 0
				continue
			}
			if (ina) { cur = cur c; if (c == ">") ina = 0; continue }
			if (c == "\"") { inq = 1; cur = cur c; continue }
			if (c == "<") { ina = 1; cur = cur c; continue }
			if (c == "(" || c == "[" || c == "{") depth++
			if (c == ")" || c == "]" || c == "}") {
				if (depth == 0) {
					if (cur != "" || n > 0) arg[++n] = cur
					rest = substr(s, i + 1)
					return n
				}
				depth--
			}
			if (c == "," && depth == 0) {
				arg[++n] = cur; cur = ""
				while (substr(s, i + 1, 1) == " ") i++
				continue
			}
			cur = cur c
		}
		rest = ""
		return n
	}
	# A new record for descriptor fd, or the one that already has path.
	function opened(fd, path) {
		sub(/\(deleted\)$/, "", path)
		if (path != "" && path in byname) { recof[fd] = byname[path]; return }
		recof[fd] = ++records
		if (path != "" && path !~ /\/#[0-9]+$/) byname[path] = records
	}
	# Record r has the name path now: a final name is checked.
	function named(r, path) {
		byname[path] = r
		if (path !~ pattern) return
		if (r == "" || !wrote[r])
			fail(path " was linked from a file not written here")
		if (dirty[r])
			fail(path " was linked before its data were flushed")
		placed[path] = ++event
		order[++nplaced] = path
	}
	BEGIN {
		digits = "0123456789abcdef"
		for (i = 32; i < 127; i++) ascii = ascii sprintf("%c", i)
	}
	{
		if (!match($0, /^[0-9]+ +/)) next
		tid = substr($0, 1, RLENGTH); sub(/ +$/, "", tid)
		line = substr($0, RLENGTH + 1)
		if (main == "") main = tid
		# A call split between threads: taken whole, when it ends.
		if (line ~ / <unfinished \.\.\.>$/) {
			sub(/ <unfinished \.\.\.>$/, "", line); pending[tid] = line; next
		}
		if (match(line, /^<\.\.\. [a-z0-9_]+ resumed>/)) {
			line = pending[tid] substr(line, RLENGTH + 1); delete pending[tid]
		}
		if (line ~ /^\+\+\+ exited with [0-9]+ \+\+\+/ && tid == main) {
			status = line; sub(/^\+\+\+ exited with /, "", status)
			sub(/ .*/, "", status)
			next
		}
		if (!match(line, /^[a-z0-9_]+\(/)) next
		call = substr(line, 1, RLENGTH - 1)
		n = split_args(substr(line, RLENGTH + 1), arg)
		if (call == "exit_group") {
			if (unflushed) fail("exited before the WAL was flushed after the commit")
			next
		}
		if (!match(rest, /= -?[0-9]+/)) next
		ret = substr(rest, RSTART + 2, RLENGTH - 2) + 0
		if (ret < 0) next
		if (call == "open" || call == "openat" || call == "creat") {
			opened(ret, fdpath(substr(rest, RSTART + 2)))
		} else if (call ~ /^(p?write(64|v|v2)?|ftruncate|fallocate|copy_file_range)$/) {
			a = call == "copy_file_range" ? arg[3] : arg[1]
			fd = fdnum(a); path = fdpath(a)
			if (path ~ /-wal$/ && call == "pwrite64" && arg[3] == 24 &&
			    bytes(arg[2], b, 8) == 8 && b[5] + b[6] + b[7] + b[8] > 0) {
				# The commit: every file placed so far is in it.
				for (i = 1; i <= nplaced; i++) {
					p = order[i]
					if (p in committed) continue
					d = dirname(p)
					if (dirs && !(synced[d] > placed[p]) && !(fs_synced > placed[p]))
						fail("the directory " d " was not flushed after " p " was linked, before the commit")
					if (dirs && (d in made) && !(synced[dirname(d)] > placed[p]) && !(fs_synced > placed[p]))
						fail("the directory " dirname(d) " was not flushed after " d " was made, before the commit")
					committed[p] = 1
				}
				commits++; unflushed = 1; event++
			}
			if (fd == 1 && unflushed)
				fail("wrote to stdout before the WAL was flushed after the commit")
			if (!(fd in recof)) opened(fd, path)
			wrote[recof[fd]] = 1; dirty[recof[fd]] = 1
		} else if (call == "fsync" || call == "fdatasync") {
			fd = fdnum(arg[1]); path = fdpath(arg[1])
			if (!(fd in recof)) opened(fd, path)
			dirty[recof[fd]] = 0
			synced[path] = ++event
			if (path ~ /-wal$/) unflushed = 0
		} else if (call == "syncfs") {
			# The whole file system (a test store is on one): the
			# data of every file, every name.
			for (r in dirty) dirty[r] = 0
			fs_synced = ++event
		} else if (call == "link" || call == "rename") {
			from = unquote(arg[1]); to = unquote(arg[2])
			named(byname[from], to)
			if (call == "rename") delete byname[from]
		} else if (call == "linkat" || call ~ /^renameat2?$/) {
			from = unquote(arg[2]); to = unquote(arg[4])
			if (from == "" && arg[5] ~ /AT_EMPTY_PATH/) r = recof[fdnum(arg[1])]
			else if (from ~ /^\/proc\/self\/fd\/[0-9]+$/) { sub(/.*\//, "", from); r = recof[from + 0] }
			else r = byname[from]
			named(r, to)
			if (call != "linkat") delete byname[from]
		} else if (call == "unlink") {
			delete byname[unquote(arg[1])]
		} else if (call == "unlinkat") {
			delete byname[unquote(arg[2])]
		} else if (call == "mkdir") {
			made[unquote(arg[1])] = 1
		} else if (call == "mkdirat") {
			made[unquote(arg[2])] = 1
		}
	}
	END {
		if (failed) exit 1
		if (status != "0") fail("the program did not exit 0 (" status ")")
		if (commits == 0) fail("no commit was written to the WAL")
		if (nplaced != want)
			fail(nplaced " files matching " pattern " were placed, not " want)
		for (i = 1; i <= nplaced; i++)
			if (!(order[i] in committed))
				fail(order[i] " was linked after the last commit")
	}' "$trace"
}

# The final name of evidence object ID.
object_re() { echo "/objects/${1:0:2}/${1:2}\$"; }

@test "officer-add: the founding entry and another are flushed before success" {
	rm -rf "$CASETRAIL_STORE"
	unset CASETRAIL_OFFICER
	run traced officer-add zhao.lei --name 赵磊 --credential 14020020009 \
		--valid-from 2020-01-01 --valid-until 2030-12-31
	assert_success
	assert_output zhao.lei
	run durable
	assert_success
	export CASETRAIL_OFFICER=zhao.lei
	plain officer-key >/dev/null
	run traced officer-add wang.fang --name 王芳 --credential 14020020002 \
		--valid-from 2020-01-01 --valid-until 2030-12-31
	assert_success
	run durable
	assert_success
}

@test "officer-key: the key file is flushed and linked before its entry commits" {
	plain officer-add wang.fang --name 王芳 --credential 14020020002 \
		--valid-from 2020-01-01 --valid-until 2030-12-31 >/dev/null
	run traced officer-key wang.fang
	assert_success
	assert_output --regexp "^[0-9a-f]{16}	$keys/wang\.fang\.key\$"
	# The file and the keys directory it is linked in.
	run durable "/keys/wang\\.fang\\.key\$" 1 1
	assert_success
	# A rotation: the old key renamed aside, the new one made the same way.
	run traced officer-key --rotate
	assert_success
	run durable "/keys/li\\.ming\\.key\$" 1 1
	assert_success
}

@test "officer-revoke: flushed before success" {
	add_officer wang.fang 王芳 14020020002
	run traced officer-revoke wang.fang --reason 调离执法岗位
	assert_success
	run durable
	assert_success
}

@test "case-new: flushed before success" {
	add_officer wang.fang 王芳 14020020002
	run traced case-new --type penalty --title 某超市销售过期食品案 \
		--party 大同市某某超市有限公司 --party-kind org \
		--handler li.ming --handler wang.fang --at "2026-09-01 09:30"
	assert_success
	assert_output 2026-000001
	run durable
	assert_success
}

@test "case-log: flushed before success" {
	case=$(new_case)
	run traced case-log "$case" --action note -m 当事人电话告知已整改
	assert_success
	run durable
	assert_success
}

@test "case-log --import: flushed before success" {
	case=$(new_case)
	for i in $(seq 300); do
		printf '%s\tnote\t\t\t\t\t导入第%d条\n' "$case" "$i"
	done >"$BATS_TEST_TMPDIR/import.tsv"
	run traced case-log -q --import "$BATS_TEST_TMPDIR/import.tsv"
	assert_success
	run durable
	assert_success
	assert_equal "$(sqlite3 "$CASETRAIL_STORE/store.db" \
		"SELECT count(*) FROM journal WHERE case_id = '$case'")" 301
}

@test "evidence-add: the object is flushed and linked, its directory flushed, before the entry commits" {
	case=$(new_case)
	printf '现场检查笔录：货架上有过期食品十二件。\n' >"$BATS_TEST_TMPDIR/笔录.txt"
	id=$(sha256sum <"$BATS_TEST_TMPDIR/笔录.txt" | cut -c1-64)
	run traced evidence-add "$case" "$BATS_TEST_TMPDIR/笔录.txt"
	assert_success
	assert_output --partial "$id"
	run durable "$(object_re "$id")" 1 1
	assert_success
	[ -f "$CASETRAIL_STORE/objects/${id:0:2}/${id:2}" ]
}

@test "evidence-add: objects from a pipe and two files at once, the same order" {
	case=$(new_case)
	# From stdin: read and written, not copied by the kernel.
	head -c 300000 /dev/urandom >"$BATS_TEST_TMPDIR/照片.jpg"
	id=$(sha256sum <"$BATS_TEST_TMPDIR/照片.jpg" | cut -c1-64)
	run traced evidence-add "$case" - --name 照片.jpg <"$BATS_TEST_TMPDIR/照片.jpg"
	assert_success
	run durable "$(object_re "$id")" 1 1
	assert_success
	# Two files, two objects, one commit.
	printf '询问笔录第一页\n' >"$BATS_TEST_TMPDIR/询问一.txt"
	printf '询问笔录第二页\n' >"$BATS_TEST_TMPDIR/询问二.txt"
	run traced evidence-add "$case" "$BATS_TEST_TMPDIR/询问一.txt" \
		"$BATS_TEST_TMPDIR/询问二.txt"
	assert_success
	run durable '/objects/[0-9a-f][0-9a-f]/[0-9a-f]+$' 2 1
	assert_success
}

@test "evidence-add -r: a folder of 40 files, two syncfs for all of them, before the commit" {
	case=$(new_case)
	mkdir -p "$BATS_TEST_TMPDIR/卡/DCIM/100MEDIA" "$BATS_TEST_TMPDIR/卡/录像"
	for i in $(seq 20); do
		printf '照片 %d' "$i" >"$BATS_TEST_TMPDIR/卡/DCIM/100MEDIA/IMG_$i.JPG"
		printf '录像 %d' "$i" >"$BATS_TEST_TMPDIR/卡/录像/$i.mp4"
	done
	run --separate-stderr traced evidence-add "$case" -r "$BATS_TEST_TMPDIR/卡"
	assert_success
	assert_equal "${#lines[@]}" 40
	run durable '/objects/[0-9a-f][0-9a-f]/[0-9a-f]+$' 40 1
	assert_success
	# The fewest flushes: one syncfs for the data of all the objects,
	# one for their names, and none of each object or directory.
	assert_equal "$(grep -c '^[0-9]* *syncfs(' "$trace")" 2
	refute grep -E '^[0-9]* *f(data)?sync\([0-9]+</[^>]*/objects' "$trace"
	run store-verify
	assert_success
}

@test "evidence-add of a few files: one flush for each, one for each directory" {
	case=$(new_case)
	# Two files whose objects share their directory: objects/XX/ is
	# flushed once, after both are linked.
	for i in $(seq 200); do
		printf '询问笔录 %d' "$i" >"$BATS_TEST_TMPDIR/$i.txt"
		sha256sum <"$BATS_TEST_TMPDIR/$i.txt" | cut -c1-2 >"$BATS_TEST_TMPDIR/$i.fan"
	done
	a=$(for i in $(seq 200); do echo "$(cat "$BATS_TEST_TMPDIR/$i.fan") $i"; done | sort |
		awk '$1 == prev { print first, $2; exit } { prev = $1; first = $2 }')
	set -- $a
	[ $# = 2 ]
	fan=$(cat "$BATS_TEST_TMPDIR/$1.fan")
	run traced evidence-add "$case" "$BATS_TEST_TMPDIR/$1.txt" "$BATS_TEST_TMPDIR/$2.txt"
	assert_success
	run durable '/objects/[0-9a-f][0-9a-f]/[0-9a-f]+$' 2 1
	assert_success
	assert_equal "$(grep -c "fsync([0-9]*</[^>]*/objects/$fan>)" "$trace")" 1
	assert_equal "$(grep -c 'syncfs(' "$trace")" 0
}

# --- the check itself: each order it refuses ---------------------------------

# A trace written by hand in strace's own format, for durable to judge.
fake_trace() {
	printf '%s\n' "$@" | sed 's/^/100 /' >"$trace"
}

wal='4</s/store.db-wal>'
commit="pwrite64($wal, \"\\x00\\x00\\x00\\x0e\\x00\\x00\\x00\\x10\"..., 24, 82072) = 24"
frame="pwrite64($wal, \"\\x00\\x00\\x00\\x0d\\x00\\x00\\x00\\x00\"..., 24, 65664) = 24"
tmp='7</s/objects/tmp/#123>(deleted)'

@test "durable: refuses each order that loses data in a crash" {
	good=(
		"openat(AT_FDCWD</s>, \"/s/objects/tmp\", O_RDWR|O_TMPFILE, 0600) = 7</s/objects/tmp/#123>(deleted)"
		"copy_file_range(6</x>, NULL, $tmp, NULL, 8388608, 0) = 19"
		"fdatasync($tmp) = 0"
		"linkat($tmp, \"\", AT_FDCWD</s>, \"/s/objects/tmp/ab12.99\", AT_EMPTY_PATH) = 0"
		"mkdir(\"/s/objects/ab\", 0777) = 0"
		"link(\"/s/objects/tmp/ab12.99\", \"/s/objects/ab/12\") = 0"
		"fsync(6</s/objects>) = 0"
		"fsync(6</s/objects/ab>) = 0"
		"$frame"
		"$commit"
		"fdatasync($wal) = 0"
		"write(1</out>, \"ab12\"..., 5) = 5"
		"exit_group(0) = ?"
		"+++ exited with 0 +++"
	)
	fake_trace "${good[@]}"
	run durable '/objects/ab/12$' 1 1
	assert_success
	# Each of these, left out, must be found.
	for drop in 2 3 5 6 7 9 10 13; do
		fake_trace "${good[@]:0:drop}" "${good[@]:drop+1}"
		run durable '/objects/ab/12$' 1 1
		assert_failure
		assert_output --partial "durable: "
	done
	fake_trace "${good[@]:0:2}" "${good[@]:3}"
	run durable '/objects/ab/12$' 1 1
	assert_output "durable: /s/objects/ab/12 was linked before its data were flushed"
	fake_trace "${good[@]:0:7}" "${good[@]:8}"
	run durable '/objects/ab/12$' 1 1
	assert_output "durable: the directory /s/objects/ab was not flushed after /s/objects/ab/12 was linked, before the commit"
	fake_trace "${good[@]:0:10}" "${good[@]:11}"
	run durable '/objects/ab/12$' 1 1
	assert_output "durable: wrote to stdout before the WAL was flushed after the commit"
	# The link after the commit; the WAL flushed only after the answer.
	fake_trace "${good[@]:0:5}" "${good[@]:8:3}" "${good[@]:5:3}" "${good[@]:11}"
	run durable '/objects/ab/12$' 1 1
	assert_output "durable: /s/objects/ab/12 was linked after the last commit"
	fake_trace "${good[@]:0:10}" "${good[@]:11:1}" "${good[@]:10:1}" "${good[@]:12}"
	run durable '/objects/ab/12$' 1 1
	assert_output "durable: wrote to stdout before the WAL was flushed after the commit"
	# Where linkat cannot take AT_EMPTY_PATH (before Linux 6.10, without
	# CAP_DAC_READ_SEARCH), the file is linked through /proc/self/fd.
	proc=("${good[@]:0:3}"
		"linkat($tmp, \"\", AT_FDCWD</s>, \"/s/objects/tmp/ab12.99\", AT_EMPTY_PATH) = -1 ENOENT (No such file or directory)"
		"linkat(AT_FDCWD</s>, \"/proc/self/fd/7\", AT_FDCWD</s>, \"/s/objects/tmp/ab12.99\", AT_SYMLINK_FOLLOW) = 0"
		"${good[@]:4}")
	fake_trace "${proc[@]}"
	run durable '/objects/ab/12$' 1 1
	assert_success
	fake_trace "${proc[@]:0:2}" "${proc[@]:3}"
	run durable '/objects/ab/12$' 1 1
	assert_output "durable: /s/objects/ab/12 was linked before its data were flushed"
	# One syncfs stands for the flushes of the data and of the names;
	# before the links alone, not for the names.
	fs="syncfs($tmp) = 0"
	fake_trace "${good[@]:0:2}" "$fs" "${good[@]:3:3}" "$fs" "${good[@]:8}"
	run durable '/objects/ab/12$' 1 1
	assert_success
	fake_trace "${good[@]:0:2}" "$fs" "${good[@]:3:3}" "${good[@]:8}"
	run durable '/objects/ab/12$' 1 1
	assert_output "durable: the directory /s/objects/ab was not flushed after /s/objects/ab/12 was linked, before the commit"
	fake_trace "${good[@]:0:2}" "${good[@]:3:3}" "$fs" "${good[@]:8}"
	run durable '/objects/ab/12$' 1 1
	assert_output "durable: /s/objects/ab/12 was linked before its data were flushed"
	# A frame that is not a commit commits nothing.
	fake_trace "${good[@]:0:9}" "${good[@]:10}"
	run durable '/objects/ab/12$' 1 1
	assert_output "durable: no commit was written to the WAL"
}
