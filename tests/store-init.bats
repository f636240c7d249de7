#!/usr/bin/env bats
# store-init, and who may read a store: a new store is private (0700,
# files 0600) whatever the umask; a store made with --shared --group is
# its group's (setgid 2770, files 0660) whatever a writer's umask, and
# nobody else's.  The shared tests add Unix users and a group, as root.
bats_require_minimum_version 1.5.0
load helper

setup() { setup_store; }
teardown() {
	remove_users
	[ -z "${SHARE:-}" ] || rm -rf "$SHARE"
	teardown_store
}

# Every file and directory under $1 ($1 too, as "."), one per line:
# "MODE GROUP PATH", sorted by path.
modes() {
	find "$1" -printf '%m %g ./%P\n' | sed 's| \./$| .|' | sort -k3
}

# Fails unless every directory under $1 has mode $2 and every file mode
# $3, evidence objects (objects/xx/...) mode $4, all of group $5 if given.
assert_modes() {
	local dir=$1 dmode=$2 fmode=$3 omode=$4 group=${5:-} bad
	bad=$(find "$dir" \( -type d ! -perm "$dmode" \) -printf 'directory %m %p\n' -o \
		\( -type f -path '*/objects/??/*' ! -perm "$omode" \) -printf 'object %m %p\n' -o \
		\( -type f ! -path '*/objects/??/*' ! -perm "$fmode" \) -printf 'file %m %p\n')
	[ -z "$bad" ] || fail "modes other than $dmode/$fmode/$omode:
$bad"
	if [ -n "$group" ]; then
		bad=$(find "$dir" ! -group "$group" -printf '%g %p\n')
		[ -z "$bad" ] || fail "not of group $group:
$bad"
	fi
}

# A case and a piece of evidence in the store, by li.ming, under umask $1.
write_some() {
	(
		umask "$1"
		new_case >/dev/null &&
			echo 现场笔录 >"$BATS_TEST_TMPDIR/笔录.txt" &&
			evidence-add 2026-000001 "$BATS_TEST_TMPDIR/笔录.txt" \
				--kind document >/dev/null
	)
}

# The modes SQLite gives store.db-wal and -shm: a connection, held open
# by `as` (a command prefix, may be empty) under umask $2, prints them.
wal_modes() {
	local db=$1 mask=$2
	shift 2
	(
		umask "$mask"
		"$@" sqlite3 "$db" '.once /dev/null' 'SELECT count(*) FROM journal' \
			".shell stat -c '%a %G %n' '$db-wal' '$db-shm'"
	)
}

@test "a store officer-add makes is 0700, its files 0600, under umask 000 and 022" {
	local mask
	for mask in 000 022; do
		export CASETRAIL_STORE="$BATS_TEST_TMPDIR/store-$mask"
		export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config-$mask"
		(
			umask "$mask"
			unset CASETRAIL_OFFICER
			make_store
		)
		write_some "$mask"
		assert_modes "$CASETRAIL_STORE" 700 600 400
		# The keys were private already: directories 0700, keys 0600.
		assert_modes "$XDG_CONFIG_HOME" 700 600 600
		# Every kind of file is there: objects/tmp, a fan-out
		# directory and its object, the settings.
		run modes "$CASETRAIL_STORE"
		assert_line "700 root ."
		assert_line "700 root ./objects/tmp"
		assert_line --regexp '^700 root \./objects/[0-9a-f]{2}$'
		assert_line --regexp '^400 root \./objects/[0-9a-f]{2}/[0-9a-f]{62}$'
		assert_line "600 root ./casetrail.conf"
		assert_line "600 root ./store.db"
		# SQLite makes the WAL and its index with store.db's mode.
		run wal_modes "$CASETRAIL_STORE/store.db" "$mask"
		assert_success
		assert_output "600 root $CASETRAIL_STORE/store.db-wal
600 root $CASETRAIL_STORE/store.db-shm"
		run store-verify
		assert_success
		refute_output --partial warning
	done
}

@test "officer-add makes an empty directory private, and leaves one that holds other files" {
	unset CASETRAIL_OFFICER
	export XDG_CONFIG_HOME=$BATS_TEST_TMPDIR/other-config
	mkdir -m 755 "$BATS_TEST_TMPDIR/empty" "$BATS_TEST_TMPDIR/home"
	echo 备忘 >"$BATS_TEST_TMPDIR/home/备忘.txt"
	CASETRAIL_STORE=$BATS_TEST_TMPDIR/empty run make_store
	assert_success
	assert_modes "$BATS_TEST_TMPDIR/empty" 700 600 400
	# Not the store's to change: the directory keeps its mode, what
	# the store puts in it is private, and store-verify says so.
	export CASETRAIL_STORE=$BATS_TEST_TMPDIR/home
	rm -r "$XDG_CONFIG_HOME"
	run make_store
	assert_success
	assert_equal "$(stat -c %a "$CASETRAIL_STORE")" 755
	assert_equal "$(stat -c %a "$CASETRAIL_STORE/store.db" "$CASETRAIL_STORE/objects")" "600
700"
	run store-verify
	assert_success
	assert_line --index 0 "store-verify: warning: $CASETRAIL_STORE is open to others (mode 0755), and 1 more of the store's files: the store holds personal data (chmod -R go= $CASETRAIL_STORE)"
}

@test "store-init makes an empty private store that officer-add founds" {
	local mask
	for mask in 000 022; do
		(umask "$mask" && store-init "$BATS_TEST_TMPDIR/new-$mask")
		assert_modes "$BATS_TEST_TMPDIR/new-$mask" 700 600 400
		run modes "$BATS_TEST_TMPDIR/new-$mask"
		assert_output "700 root .
600 root ./casetrail.conf
700 root ./objects
700 root ./objects/tmp
600 root ./store.db"
	done
	# An empty directory is taken, and made private.
	mkdir -m 755 "$BATS_TEST_TMPDIR/empty"
	run store-init "$BATS_TEST_TMPDIR/empty"
	assert_success
	assert_output ''
	assert_modes "$BATS_TEST_TMPDIR/empty" 700 600 400
	# Empty: nothing to list, a journal of nothing that verifies.
	export CASETRAIL_STORE=$BATS_TEST_TMPDIR/new-022
	run case-list
	assert_success
	assert_output ''
	run store-verify -q
	assert_success
	unset CASETRAIL_OFFICER
	export XDG_CONFIG_HOME=$BATS_TEST_TMPDIR/founder
	run make_store
	assert_success
	run officer-list
	assert_output --regexp '^li\.ming	李明	'
	assert_equal "$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT count(*) FROM meta WHERE key = 'shared'")" 0
}

@test "store-init refuses a store, a directory that is not empty, bad options" {
	refuses 3 store-init "$CASETRAIL_STORE"
	assert_output "store-init: $CASETRAIL_STORE already holds a store"
	mkdir "$BATS_TEST_TMPDIR/full"
	echo 备忘 >"$BATS_TEST_TMPDIR/full/备忘.txt"
	run store-init "$BATS_TEST_TMPDIR/full"
	assert_equal "$status" 3
	assert_output "store-init: $BATS_TEST_TMPDIR/full is not empty: a store is made in a new or an empty directory"
	assert_equal "$(ls -A "$BATS_TEST_TMPDIR/full")" 备忘.txt
	: >"$BATS_TEST_TMPDIR/file"
	run store-init "$BATS_TEST_TMPDIR/file"
	assert_equal "$status" 3
	assert_output "store-init: $BATS_TEST_TMPDIR/file is not a directory"
	refuses_usage "store-init: --shared needs --group: the group whose members share the store" \
		store-init --shared "$BATS_TEST_TMPDIR/s"
	refuses_usage "store-init: --group goes with --shared" \
		store-init --group root "$BATS_TEST_TMPDIR/s"
	refuses_usage "store-init: no directory given" store-init
	refuses_usage "store-init: one directory, not also '$BATS_TEST_TMPDIR/t'" store-init "$BATS_TEST_TMPDIR/s" "$BATS_TEST_TMPDIR/t"
	refuses 2 store-init --shared --group ct_no_such_group "$BATS_TEST_TMPDIR/s"
	assert_output "store-init: no group 'ct_no_such_group' on this host"
	[ ! -e "$BATS_TEST_TMPDIR/s" ] || fail "a refused store-init made $BATS_TEST_TMPDIR/s"
	run store-init "$BATS_TEST_TMPDIR/no/such/parent"
	assert_equal "$status" 5
	assert_output "store-init: cannot create $BATS_TEST_TMPDIR/no/such/parent: No such file or directory"
}

@test "store-verify warns about a store others can read, its status unchanged" {
	run store-verify
	assert_success
	refute_output --partial warning
	chmod 644 "$CASETRAIL_STORE/casetrail.conf"
	run store-verify
	assert_success
	assert_line --index 0 "store-verify: warning: $CASETRAIL_STORE/casetrail.conf is open to others (mode 0644): the store holds personal data (chmod -R go= $CASETRAIL_STORE)"
	assert_line --index 1 --regexp '^casetrail/[0-9a-f]{16}$'
	# Read or write for the group of a store that is not shared.
	chmod 600 "$CASETRAIL_STORE/casetrail.conf"
	chmod 720 "$CASETRAIL_STORE/objects"
	run store-verify
	assert_success
	assert_line --index 0 "store-verify: warning: $CASETRAIL_STORE/objects is open to its group (mode 0720): the store holds personal data (chmod -R go= $CASETRAIL_STORE)"
	# All of them counted; -q prints nothing but errors.
	chmod 755 "$CASETRAIL_STORE"
	chmod 604 "$CASETRAIL_STORE/casetrail.conf"
	run store-verify
	assert_success
	assert_line --index 0 "store-verify: warning: $CASETRAIL_STORE is open to others (mode 0755), and 2 more of the store's files: the store holds personal data (chmod -R go= $CASETRAIL_STORE)"
	run store-verify -q
	assert_success
	assert_output ''
	# A fault is reported as before, after the warning.
	sqlite3 "$CASETRAIL_STORE/store.db" "UPDATE officer SET name = '李四'"
	run store-verify
	assert_equal "$status" 1
	assert_line --index 0 --partial "store-verify: warning: "
	assert_line --index 1 --partial "store-verify: officer li.ming"
	chmod -R go= "$CASETRAIL_STORE"
	run store-verify
	assert_equal "$status" 1
	refute_output --partial warning
}

# --- a store shared with a group, as several Unix users ----------------------

# Needs root: adds Unix users and groups, removed again by teardown.
need_root() {
	[ "$(id -u)" = 0 ] || skip "machine: needs root to add Unix users"
	command -v setpriv >/dev/null || skip "machine: no setpriv"
}

# Retries a command that edits /etc/passwd or /etc/group, which another
# test may hold locked for a moment.
with_lock_retry() {
	local i
	for i in $(seq 50); do
		"$@" 2>/dev/null && return
		sleep 0.1
	done
	"$@"
}

# Adds group $1 (recorded for teardown).
add_group() {
	echo "group $1" >>"$BATS_TEST_TMPDIR/unix-names"
	with_lock_retry groupadd "$1"
}

# Adds user $1 with a group of its own, in groups $2 (may be empty), and
# a config directory of its own for its keys: $SHARE/$1/config.
add_user() {
	echo "user $1" >>"$BATS_TEST_TMPDIR/unix-names"
	with_lock_retry useradd -M -U -s /bin/sh ${2:+-G "$2"} "$1" || return
	install -d -o "$1" -g "$1" -m 700 "$SHARE/$1" "$SHARE/$1/config" \
		"$SHARE/$1/config/casetrail" "$SHARE/$1/config/casetrail/keys"
}

# Removes the users and groups the test added, even when it failed.
remove_users() {
	local kind name
	[ -f "$BATS_TEST_TMPDIR/unix-names" ] || return 0
	while read -r kind name; do
		if [ "$kind" = user ]; then
			with_lock_retry userdel "$name" || true
			getent group "$name" >/dev/null && with_lock_retry groupdel "$name"
		fi
	done <"$BATS_TEST_TMPDIR/unix-names"
	while read -r kind name; do
		[ "$kind" = group ] && { with_lock_retry groupdel "$name" || true; }
	done <"$BATS_TEST_TMPDIR/unix-names"
	rm -f "$BATS_TEST_TMPDIR/unix-names"
}

# as USER COMMAND...: COMMAND run as USER, with USER's groups and keys,
# and the programs as the other users can run them.
as() {
	local user=$1
	shift
	XDG_CONFIG_HOME=$SHARE/$user/config PATH=$SHARE/bin:$PATH \
		setpriv --reuid="$user" --regid="$user" --init-groups "$@"
}

# A directory all users can reach, $SHARE, with a copy of the programs
# (the build directory may be in root's home), the names of the users
# A (officer a.officer), B (b.officer), C, and the group G of A and B;
# and a store shared with G in $SHARE/store, founded by li.ming (root),
# with A and B as officers mapped to their Unix users, their keys in
# their own config directories, and a case both handle.
shared_setup() {
	local p id u n=2
	need_root
	id=$(printf 'ct%04x%04x' "$RANDOM" "$RANDOM")
	A=${id}a B=${id}b C=${id}c G=${id}g
	SHARE=$(mktemp -d /tmp/casetrail-share.XXXXXX)
	chmod 755 "$SHARE"
	mkdir -m 755 "$SHARE/bin"
	for p in case-new case-log case-list case-show store-verify \
	    evidence-add officer-list store-init; do
		cp "$(command -v "$p")" "$SHARE/bin/"
	done
	add_group "$G"
	add_user "$A" "$G"
	add_user "$B" "$G"
	add_user "$C" ""
	run store-init --shared --group "$G" "$SHARE/store"
	assert_success
	assert_output ''
	export CASETRAIL_STORE=$SHARE/store
	export XDG_CONFIG_HOME=$BATS_TEST_TMPDIR/admin-config
	unset CASETRAIL_OFFICER
	make_store
	export CASETRAIL_OFFICER=li.ming
	for u in "$A" "$B"; do
		n=$((n + 1))
		add_officer "${u: -1}.officer" "官员${u: -1}" "1402002010$n" \
			--unix-user "$u"
		install -o "$u" -g "$u" -m 600 \
			"$XDG_CONFIG_HOME/casetrail/keys/${u: -1}.officer.key" \
			"$SHARE/$u/config/casetrail/keys/"
	done
	unset CASETRAIL_OFFICER
	as "$A" case-new --type penalty --title 某超市销售过期食品案 \
		--party 大同市某某超市有限公司 --party-kind org \
		--handler a.officer --handler b.officer --at "2026-09-01 09:30" >/dev/null
}

@test "store-init --shared: setgid 2770 directories and 0660 files of the group" {
	shared_setup
	assert_equal "$(sqlite3 "$SHARE/store/store.db" "SELECT value FROM meta WHERE key = 'shared'")" "$G"
	run modes "$SHARE/store"
	assert_line "2770 $G ."
	assert_line "2770 $G ./objects"
	assert_line "2770 $G ./objects/tmp"
	assert_line "660 $G ./casetrail.conf"
	assert_line "660 $G ./store.db"
	# Files and directories a member makes later, under a umask that
	# would shut the group out: a fan-out directory and its object.
	echo 询问笔录 >"$SHARE/询问笔录.txt"
	chmod 644 "$SHARE/询问笔录.txt"
	(umask 077 && as "$A" evidence-add 2026-000001 "$SHARE/询问笔录.txt" \
		--kind document >/dev/null)
	run modes "$SHARE/store"
	assert_line --regexp "^2770 $G \./objects/[0-9a-f]{2}\$"
	assert_line --regexp "^440 $G \./objects/[0-9a-f]{2}/[0-9a-f]{62}\$"
	assert_modes "$SHARE/store" 2770 660 440 "$G"
	# The WAL and its index, made by a member under umask 077, have
	# store.db's mode and the directory's group.
	run wal_modes "$SHARE/store/store.db" 077 as "$A"
	assert_success
	assert_output "660 $G $SHARE/store/store.db-wal
660 $G $SHARE/store/store.db-shm"
	# A member of the group verifies the store; a shared store's group
	# permissions are no warning, others' are.
	run as "$B" store-verify
	assert_success
	refute_output --partial warning
	chmod 664 "$SHARE/store/casetrail.conf"
	run as "$B" store-verify
	assert_success
	assert_line --index 0 "store-verify: warning: $SHARE/store/casetrail.conf is open to others (mode 0664): the store holds personal data (chmod -R o= $SHARE/store)"
	# A member may share a store of his own with the group; another user
	# may not, and makes nothing.
	run as "$A" store-init --shared --group "$G" "$SHARE/$A/store"
	assert_success
	assert_equal "$(stat -c '%a %U %G' "$SHARE/$A/store" "$SHARE/$A/store/store.db")" "2770 $A $G
660 $A $G"
	run as "$C" store-init --shared --group "$G" "$SHARE/$C/store"
	assert_equal "$status" 5
	assert_output "store-init: you are not in group '$G': only its members (or root) can share a store with it"
	[ ! -e "$SHARE/$C/store" ] || fail "$C made $SHARE/$C/store"
}

@test "two users in the group share a store written concurrently; a third, outside it, can read nothing" {
	local n u obj pids=()
	shared_setup
	n=$(scaled 50 10)
	# Each writes n notes, both at once, under a umask that would shut
	# the other out; the first write of each adds evidence.
	for u in "$A" "$B"; do
		echo "现场照片 $u" >"$SHARE/照片-$u.txt"
		chmod 644 "$SHARE/照片-$u.txt"
		(
			umask 077
			as "$u" evidence-add 2026-000001 "$SHARE/照片-$u.txt" \
				--kind document >/dev/null || exit
			for i in $(seq "$n"); do
				as "$u" case-log 2026-000001 --action note \
					-m "${u: -1} 记录 $i" >/dev/null || exit
			done
		) 2>"$BATS_TEST_TMPDIR/$u.err" &
		pids+=($!)
	done
	wait "${pids[0]}" || fail "$A: $(cat "$BATS_TEST_TMPDIR/$A.err")"
	wait "${pids[1]}" || fail "$B: $(cat "$BATS_TEST_TMPDIR/$B.err")"
	assert_equal "$(sqlite3 "$SHARE/store/store.db" "SELECT count(*) FROM journal WHERE action = 'note'")" $((2 * n))
	assert_equal "$(sqlite3 "$SHARE/store/store.db" "SELECT count(DISTINCT line->>'officer') FROM journal WHERE action = 'note'")" 2
	run as "$A" store-verify
	assert_success
	refute_output --partial warning
	run as "$B" case-show 2026-000001
	assert_success
	assert_output --partial "a 记录 $n"
	assert_output --partial "b 记录 $n"
	assert_modes "$SHARE/store" 2770 660 440 "$G"

	# The third user: every program refused, naming the group.
	for p in case-list store-verify officer-list; do
		run as "$C" "$p"
		assert_equal "$status" 5
		assert_output "$p: $SHARE/store/store.db: Permission denied (the store is shared with group $G)"
	done
	run as "$C" case-log 2026-000001 --action note -m 冒名
	assert_equal "$status" 5
	assert_output "case-log: $SHARE/store/store.db: Permission denied (the store is shared with group $G)"
	# Nor can it read any file by hand: the database, an object, the
	# settings, the list of objects.
	obj=$(find "$SHARE/store/objects" -path '*/objects/??/*' -type f | head -n 1)
	[ -n "$obj" ] || fail "no object in the store"
	for f in "$SHARE/store/store.db" "$obj" "$SHARE/store/casetrail.conf"; do
		run as "$C" cat "$f"
		assert_failure
		assert_output --partial "Permission denied"
		as "$A" cat "$f" >/dev/null || fail "$A cannot read $f"
	done
	run as "$C" ls "$SHARE/store"
	assert_failure
}

@test "a private store refuses another user, naming its owner" {
	need_root
	SHARE=$(mktemp -d /tmp/casetrail-share.XXXXXX)
	chmod 755 "$SHARE"
	mkdir -m 755 "$SHARE/bin"
	cp "$(command -v case-list)" "$SHARE/bin/"
	C=$(printf 'ct%04x%04xc' "$RANDOM" "$RANDOM")
	add_user "$C" ""
	store-init "$SHARE/store"
	run as "$C" case-list -S "$SHARE/store"
	assert_equal "$status" 5
	assert_output "case-list: $SHARE/store/store.db: Permission denied (the store is private to user root)"
}
