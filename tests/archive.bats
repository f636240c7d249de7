#!/usr/bin/env bats
# archive: archive-seal writes a closed case into a BagIt bag that others
# check with their own tools, the seal is an entry after which the case
# takes nothing, and archive-verify, with no store, names the property an
# archive changed in any way fails.
bats_require_minimum_version 1.5.0
load helper

# Case 2026-000001 closed, with two items of evidence; 2026-000002 open;
# zhao.lan (赵兰) an archivist; penalty cases kept 10 years.
closed_case() {
	sed -i 's/^#agency = .*/agency = 大同市商务局/' "$CASETRAIL_STORE/casetrail.conf" &&
		printf 'penalty\t*\t10y\n' >"$CASETRAIL_STORE/retention.tsv" &&
		chmod 600 "$CASETRAIL_STORE/retention.tsv" &&
		new_case >/dev/null &&
		add_officer zhao.lan 赵兰 14020020003 --role archivist &&
		printf '询问笔录：当事人承认销售过期食品。\n' >笔录.txt &&
		printf '\x89PNG\r\n\x1a\n现场照片' >现场.png &&
		plain evidence-add -q 2026-000001 笔录.txt 现场.png >/dev/null &&
		plain case-log -q 2026-000001 --action decision -m 罚款五千元 &&
		plain case-log -q 2026-000001 --action closing -m 已执行完毕，结案 &&
		new_case 某药店无证经营案 >/dev/null
}

setup() {
	setup_store closed_case
	cd "$BATS_TEST_TMPDIR"
}
teardown() { teardown_store; }

seal() { CASETRAIL_OFFICER=zhao.lan archive-seal "$@"; }

# The sealed archive, unpacked into bag/.
sealed_bag() {
	seal -q 2026-000001 -o a.tar >/dev/null || fail "cannot seal"
	mkdir bag && bsdtar -xf a.tar -C bag
}

# Packs bag/ again as t.tar and checks archive-verify fails $1, naming it.
fails() {
	(cd bag && bsdtar -cf ../t.tar -- *) || fail "cannot pack"
	verify_fails "$1" t.tar
}

verify_fails() {
	run archive-verify -q "$2"
	assert_equal "$status" 1
	assert_line --regexp "^$1: FAILED: "
}

@test "the archive is a BagIt bag that sha256sum and bsdtar check" {
	run seal 2026-000001
	assert_success
	assert_output --regexp '^2026-000001	[0-9a-f]{64}	2026-000001\.tar$'
	run bsdtar -tvf 2026-000001.tar
	assert_success
	assert_line --regexp ' 0 +0 .* data/case\.txt$'
	mkdir bag && bsdtar -xf 2026-000001.tar -C bag && cd bag
	run sha256sum -c manifest-sha256.txt
	assert_success
	run sha256sum -c tagmanifest-sha256.txt
	assert_success
	# Payload-Oxum: the payload's bytes and files.
	bytes=$(find data -type f -printf '%s\n' | awk '{ n += $1 } END { print n }')
	files=$(find data -type f | wc -l)
	assert_equal "$(sed -n 's/^Payload-Oxum: //p' bag-info.txt)" "$bytes.$files"
	grep -qx 'External-Identifier: 2026-000001' bag-info.txt
	grep -qx 'Source-Organization: 大同市商务局' bag-info.txt
	grep -qx 'BagIt-Version: 1.0' bagit.txt
	grep -q '^案件名称：某超市销售过期食品案$' data/case.txt
	cmp data/evidence/"$(sha256sum ../笔录.txt | cut -c1-64)" ../笔录.txt
	# Every entry of the case, with its proof, which store-verify checks.
	assert_equal "$(wc -l <data/journal.jsonl)" "$(ls data/proofs | wc -l)"
	for p in data/proofs/*; do
		store-verify -q --check-proof --against data/checkpoint.txt <"$p" ||
			fail "$p does not hold"
	done
}

@test "the seal is an entry with the archive's SHA-256; the case then takes nothing (3)" {
	run seal -q 2026-000001
	assert_success
	sum=$(sha256sum 2026-000001.tar | cut -c1-64)
	assert_output --partial "$sum"
	run case-show -f json 2026-000001
	assert_output --partial '"status":"sealed"'
	line=$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT line FROM journal WHERE action = 'archive-seal'")
	assert_equal "$(json_get "$line" '$.body.sha256')" "$sum"
	assert_equal "$(json_get "$line" '$.officer')" zhao.lan
	run store-verify -q
	assert_success
	refuses 3 case-log 2026-000001 --action note -m 补充说明
	refuses 3 evidence-add 2026-000001 笔录.txt
	CASETRAIL_OFFICER=zhao.lan refuses 3 archive-seal 2026-000001 -o b.tar
	[ ! -e b.tar ] || fail "a refused seal left b.tar"
}

@test "sealing twice gives the same bytes: --again writes the recorded archive" {
	seal -q 2026-000001 -o a.tar >/dev/null
	CASETRAIL_NOW="2027-03-01 08:00" seal -q --again 2026-000001 -o b.tar >/dev/null
	cmp a.tar b.tar
	seal -q --format tar.gz 2026-000001 -o c.tar.gz 2>/dev/null && fail "sealed twice"
	# gzip too, with no time in its header.
	seal -q --again 2026-000001 -o b.tar >/dev/null
	run archive-verify -q b.tar
	assert_success
}

@test "--again after the bag would differ: exit 1, no file kept, nothing recorded" {
	seal -q 2026-000001 -o a.tar >/dev/null
	sed -i 's/^agency = .*/agency = 大同市市场监督管理局/' "$CASETRAIL_STORE/casetrail.conf"
	state_into before
	run seal -q --again 2026-000001 -o b.tar
	assert_failure 1
	assert_output --partial "is not the one sealed"
	same_store "$before" archive-seal --again
	[ -z "$(ls b.tar* 2>/dev/null)" ] || fail "--again left a file"
	refuses 3 archive-seal --again 2026-000001 -o b.tar
	assert_output --partial "sealed by zhao.lan"
}

@test "-o in the store: refused (2), nothing written there, nothing recorded" {
	CASETRAIL_OFFICER=zhao.lan refuses 2 archive-seal 2026-000001 -o "$CASETRAIL_STORE/store.db"
	assert_output --partial "is in the store"
	CASETRAIL_OFFICER=zhao.lan refuses 2 archive-seal 2026-000001 -o "$CASETRAIL_STORE/objects/a.tar"
	[ ! -e "$CASETRAIL_STORE/objects/a.tar" ]
	run -0 store-verify -q
}

@test "an evidence object changed in the store aborts the seal (5): no file, no entry" {
	id=$(sha256sum 笔录.txt | cut -c1-64)
	obj=$CASETRAIL_STORE/objects/${id:0:2}/${id:2}
	chmod u+w "$obj"
	printf 'X' | dd of="$obj" bs=1 seek=3 conv=notrunc 2>/dev/null
	CASETRAIL_OFFICER=zhao.lan refuses 5 archive-seal 2026-000001 -o a.tar
	assert_output --partial "does not match its hash"
	[ -z "$(ls a.tar* 2>/dev/null)" ] || fail "an aborted seal left a file"
}

@test "an archive that cannot be written aborts the seal (5): no file, no entry" {
	head -c 8000000 /dev/urandom >录像.mp4
	plain evidence-add -q 2026-000002 录像.mp4 >/dev/null
	plain case-log -q 2026-000002 --action decision -m 罚款 &&
		plain case-log -q 2026-000002 --action closing -m 结案
	# No file past 4 MiB: the store's are smaller; the thread that
	# writes the archive fails (EFBIG) in the evidence.
	archive-seal() { (trap '' XFSZ && ulimit -f 4096 && command archive-seal "$@"); }
	CASETRAIL_OFFICER=zhao.lan refuses 5 archive-seal 2026-000002 -o a.tar
	assert_output --partial "cannot write the archive: write: File too large"
	[ -z "$(ls a.tar* 2>/dev/null)" ] || fail "an aborted seal left a file"
}

@test "tar.gz: deterministic, verified" {
	run seal -q --format tar.gz 2026-000001 -o a.tar.gz
	assert_success
	seal -q --again 2026-000001 -o b.tar.gz >/dev/null
	cmp a.tar.gz b.tar.gz
	run bsdtar -tzf a.tar.gz
	assert_line data/case.txt
	run archive-verify a.tar.gz
	assert_success
}

@test "refused: a case not closed, an officer not an archivist, a case unknown; nothing left" {
	CASETRAIL_OFFICER=zhao.lan refuses 3 archive-seal 2026-000002 -o x.tar
	assert_output --partial "only a closed case is sealed"
	refuses 3 archive-seal 2026-000001 -o x.tar
	assert_output --partial "archivist"
	CASETRAIL_OFFICER=zhao.lan refuses 4 archive-seal 2026-000099 -o x.tar
	CASETRAIL_OFFICER=zhao.lan refuses 2 archive-seal --format rar 2026-000001 -o x.tar
	[ -z "$(ls x.tar* 2>/dev/null)" ] || fail "a refused seal left a file"
}

@test "store-verify names a sealed case changed by hand after its seal" {
	seal -q 2026-000001 -o a.tar >/dev/null
	n=$(($(sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT count(*) FROM journal') + 1))
	forge_append "$(note_line "$n" li.ming 事后补记)" "'2026-000001'" "'note'" "'filing'"
	run store-verify -q
	assert_failure 1
	assert_output --partial "sealed"
}

@test "archive-verify needs no store: all four properties hold" {
	seal -q 2026-000001 -o a.tar >/dev/null
	mkdir elsewhere && cd elsewhere
	unset CASETRAIL_STORE
	export HOME=$PWD XDG_DATA_HOME=$PWD/none
	run --separate-stderr archive-verify ../a.tar
	assert_success
	assert_equal "${lines[0]}" "integrity: ok"
	assert_line "authenticity: ok"
	assert_line "usability: ok"
	assert_line "security: ok"
	[[ $stderr == *"warning: the keys in the archive are trusted"* ]]
	[ ! -e none ] || fail "archive-verify made a store"
}

@test "--key: the archive holds with the keys kept elsewhere, and fails with others" {
	sealed_bag
	run archive-verify --key bag/data/keys/li.ming.*.pem --key bag/data/keys/zhao.lan.*.pem a.tar
	assert_success
	refute_output --partial "trusted"
	openssl genpkey -algorithm ed25519 -out other.key 2>/dev/null
	openssl pkey -in other.key -pubout -out other.pem
	# The archivist's key alone: the checkpoint, li.ming's, does not hold.
	run archive-verify -q --key bag/data/keys/zhao.lan.*.pem a.tar
	assert_failure 1
	assert_line --regexp '^authenticity: FAILED: .*checkpoint'
	# li.ming's alone: the seal, the archivist's, does not.
	run archive-verify -q --key bag/data/keys/li.ming.*.pem a.tar
	assert_failure 1
	assert_line --regexp '^authenticity: FAILED: seal\.sig'
	run archive-verify -q --key other.pem a.tar
	assert_failure 1
	assert_line --regexp '^authenticity: FAILED: '
}

@test "tampered: a byte of an evidence file fails integrity" {
	sealed_bag
	f=$(ls bag/data/evidence/* | head -n 1)
	printf 'X' | dd of="$f" bs=1 seek=2 conv=notrunc 2>/dev/null
	fails integrity
}

@test "tampered: journal.jsonl fails integrity" {
	sealed_bag
	sed -i 's/罚款五千元/罚款五百元/' bag/data/journal.jsonl
	fails integrity
}

@test "tampered: journal.jsonl and its manifests made again fail on the proof" {
	sealed_bag
	cd bag
	sed -i 's/罚款五千元/罚款五百元/' data/journal.jsonl
	sed -i 's/罚款五千元/罚款五百元/' data/proofs/*
	find data -type f | sort | xargs sha256sum >manifest-sha256.txt
	sha256sum bagit.txt bag-info.txt manifest-sha256.txt >tagmanifest-sha256.txt
	cd ..
	fails integrity
	assert_line --partial "proof"
}

@test "tampered: bag-info.txt fails integrity" {
	sealed_bag
	sed -i 's/^Source-Organization: .*/Source-Organization: 别的机关/' bag/bag-info.txt
	fails integrity
}

@test "tampered: Payload-Oxum, its tag manifest made again, fails integrity" {
	sealed_bag
	cd bag
	sed -i 's/^Payload-Oxum: \([0-9]*\)\./Payload-Oxum: 1\1./' bag-info.txt
	sha256sum bagit.txt bag-info.txt manifest-sha256.txt >tagmanifest-sha256.txt
	cd ..
	fails integrity
	assert_line --partial "Payload-Oxum"
}

@test "tampered: a manifest fails integrity" {
	sealed_bag
	sed -i '1s/^./0/;1s/^0\(.\)/1\1/' bag/manifest-sha256.txt
	fails integrity
}

@test "tampered: seal.sig replaced fails authenticity" {
	sealed_bag
	seal -q 2026-000001 -o /dev/null 2>/dev/null || true
	# The same line, signed over other bytes by the same archivist.
	sed -i 's/ \(.\)\(.\)/ \2\1/2' bag/seal.sig
	fails authenticity
}

@test "tampered: a file added, a file removed fail integrity" {
	sealed_bag
	printf '伪造\n' >bag/data/extra.txt
	fails integrity
	rm bag/data/extra.txt
	rm bag/data/evidence/"$(sha256sum 现场.png | cut -c1-64)"
	fails integrity
}

@test "tampered: '../x', an absolute path, a symlink fail security" {
	sealed_bag
	for name in ../x /tmp/x; do
		python3 - "$name" <<'PY'
import io, sys, tarfile
with tarfile.open("a.tar") as a, tarfile.open("t.tar", "w") as t:
    for m in a.getmembers():
        t.addfile(m, a.extractfile(m))
    i = tarfile.TarInfo(sys.argv[1]); i.size = 2
    t.addfile(i, io.BytesIO(b"x\n"))
PY
		verify_fails security t.tar
	done
	ln -s /etc/passwd bag/data/link
	fails security
}

@test "a huge declared size and a decompression bomb are refused, memory bounded" {
	python3 - <<'PY'
import tarfile
with tarfile.open("huge.tar", "w", format=tarfile.PAX_FORMAT) as t:
    i = tarfile.TarInfo("data/evidence/huge"); i.size = 1 << 50
    t.addfile(i)
PY
	verify_fails security huge.tar
	# 256 MiB of zeros in 256 KiB of gzip, made without a file of them.
	python3 - <<'PY'
import io, tarfile
class Zeros(io.RawIOBase):
    def __init__(self, n): self.n = n
    def readable(self): return True
    def readinto(self, b):
        k = min(len(b), self.n); b[:k] = bytes(k); self.n -= k; return k
n = 256 << 20
with tarfile.open("bomb.tar.gz", "w:gz", compresslevel=9) as t:
    i = tarfile.TarInfo("data/evidence/zeros"); i.size = n
    t.addfile(i, io.BufferedReader(Zeros(n)))
PY
	# 1 GiB of address space, where the sanitizers' shadow memory leaves
	# no room for a limit.
	limit='ulimit -v 1048576;'
	[ "${CASETRAIL_TEST_SANITIZED:-0}" = 0 ] || limit=
	run --separate-stderr bash -c "$limit archive-verify -q bomb.tar.gz"
	assert_equal "$status" 1
	assert_line --regexp '^security: FAILED: .*decompression bomb'
}

@test "a file that is read whole, past 64 MiB, is refused" {
	python3 - <<'PY'
import io, tarfile
class Text(io.RawIOBase):
    def __init__(self, n): self.n = n
    def readable(self): return True
    def readinto(self, b):
        k = min(len(b), self.n); b[:k] = b"a" * k; self.n -= k; return k
n = (64 << 20) + 1
with tarfile.open("big.tar", "w") as t:
    i = tarfile.TarInfo("data/journal.jsonl"); i.size = n
    t.addfile(i, io.BufferedReader(Text(n)))
PY
	verify_fails security big.tar
	assert_line --partial "too large"
}

@test "usability: evidence not in a long-term format is a warning; no summary fails" {
	printf 'PK\3\4压缩包' >材料.zip
	plain evidence-add -q 2026-000001 材料.zip >/dev/null
	sealed_bag
	run --separate-stderr archive-verify a.tar
	assert_success
	zip=$(sha256sum 材料.zip | cut -c1-64)
	[[ $stderr == *"data/evidence/$zip is not in a format kept"* ]] ||
		fail "no warning for the zip: $stderr"
	[[ $stderr != *"$(sha256sum 笔录.txt | cut -c1-64) is not"* ]] ||
		fail "the text is warned of: $stderr"
	[[ $stderr != *"$(sha256sum 现场.png | cut -c1-64) is not"* ]] ||
		fail "the PNG is warned of: $stderr"
	# Without the summary, and its manifests made again: usability.
	cd bag
	rm data/case.txt
	find data -type f | sort | xargs sha256sum >manifest-sha256.txt
	sha256sum bagit.txt bag-info.txt manifest-sha256.txt >tagmanifest-sha256.txt
	cd ..
	fails usability
}

@test "zip: media stored, text deflated, no time of writing, deterministic, verified" {
	run seal -q --format zip 2026-000001
	assert_success
	assert_output --regexp '	2026-000001\.zip$'
	run unzip -t 2026-000001.zip
	assert_success
	refute_output --partial warning
	# Nothing after the end of the central directory.
	python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); i = d.rindex(b"PK\5\6"); assert len(d) == i + 22, len(d) - i' 2026-000001.zip
	run unzip -l 2026-000001.zip
	assert_line --regexp ' data/case\.txt$'
	png=$(sha256sum 现场.png | cut -c1-64)
	run python3 - 2026-000001.zip "$png" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for i in z.infolist():
    # No extended timestamp (UT), no time but the zip epoch.
    assert i.date_time == (1980, 1, 1, 0, 0, 0), (i.filename, i.date_time)
    # Extra fields: an extended timestamp with no time in it, owner 0.
    e = i.extra
    while e:
        tag, n = e[:2], int.from_bytes(e[2:4], "little")
        body, e = e[4:4 + n], e[4 + n:]
        if tag == b"UT":
            assert n == 1, (i.filename, "a time in UT")
        elif tag == b"ux":
            assert body.count(0) == len(body) - 3, (i.filename, body)
        else:
            assert False, (i.filename, tag)
    media = i.filename == "data/evidence/" + sys.argv[2]
    want = zipfile.ZIP_STORED if media else zipfile.ZIP_DEFLATED
    assert i.compress_type == want, (i.filename, i.compress_type)
print("ok")
PY
	assert_output ok
	# Another zone seals the same bytes.
	TZ=Asia/Shanghai seal -q --again 2026-000001 -o b.zip >/dev/null
	cmp 2026-000001.zip b.zip
	run archive-verify 2026-000001.zip
	assert_success
	mkdir bag && cd bag && unzip -q ../b.zip
	sha256sum -c --quiet manifest-sha256.txt
	sha256sum -c --quiet tagmanifest-sha256.txt
}

@test "zip, tampered: a byte of a stored evidence file fails integrity" {
	seal -q --format zip 2026-000001 -o a.zip >/dev/null
	png=$(sha256sum 现场.png | cut -c1-64)
	# The stored bytes are in the zip as they are: change one in place.
	off=$(python3 -c 'import sys; print(open(sys.argv[1], "rb").read().index(b"\x89PNG\r\n\x1a\n") + 9)' a.zip)
	printf 'X' | dd of=a.zip bs=1 seek="$off" conv=notrunc 2>/dev/null
	run archive-verify -q a.zip
	assert_equal "$status" 1
	assert_line --regexp "^integrity: FAILED: data/evidence/$png does not match"
	assert_line --regexp '^usability: FAILED: .*damaged'
	assert_line 'security: ok'
}

# zhao.lan's SM2 key, beside his Ed25519 one.
sm2_key() {
	local dir=$XDG_CONFIG_HOME/casetrail/keys
	openssl genpkey -algorithm SM2 -out "$dir/zhao.lan.sm2.key" 2>/dev/null &&
		chmod 600 "$dir/zhao.lan.sm2.key"
}

@test "--gm: SM3 manifests that openssl dgst -sm3 checks, an SM2 seal openssl verifies" {
	sm2_key
	run seal -q --gm 2026-000001 -o a.tar
	assert_success
	mkdir bag && bsdtar -xf a.tar -C bag && cd bag
	grep -qx 'Casetrail-SM2-ID: 1234567812345678' bag-info.txt
	# Each line of both SM3 manifests, as openssl computes it.
	for m in manifest-sm3.txt tagmanifest-sm3.txt; do
		assert_equal "$(wc -l <$m)" "$(wc -l <${m/sm3/sha256})"
		while read -r sum path; do
			got=$(openssl dgst -sm3 -r "$path" | cut -c1-64)
			assert_equal "$got" "$sum"
		done <$m
	done
	grep -q ' manifest-sm3.txt$' tagmanifest-sha256.txt
	openssl dgst -sm3 -verify data/keys/zhao.lan.sm2.pem \
		-sigopt distid:1234567812345678 -signature seal-sm2.sig tagmanifest-sm3.txt
	cd ..
	run --separate-stderr archive-verify a.tar
	assert_success
	# The SM2 key given, and a stranger's: the seal holds with his only.
	ed=$(ls bag/data/keys/zhao.lan.*.pem | grep -v sm2)
	run archive-verify -q --key bag/data/keys/li.ming.*.pem \
		--key "$ed" --key bag/data/keys/zhao.lan.sm2.pem a.tar
	assert_success
	openssl genpkey -algorithm SM2 -out other.key 2>/dev/null
	openssl pkey -in other.key -pubout -out other.pem
	run archive-verify -q --key bag/data/keys/li.ming.*.pem \
		--key "$ed" --key other.pem a.tar
	assert_failure 1
	assert_line --regexp '^authenticity: FAILED: seal-sm2\.sig'
	# Written again: the signature recorded, the same bytes.
	CASETRAIL_NOW="2027-03-01 08:00" seal -q --again 2026-000001 -o b.tar >/dev/null
	cmp a.tar b.tar
	line=$(sqlite3 "$CASETRAIL_STORE/store.db" "SELECT line FROM journal WHERE action = 'archive-seal'")
	json_get "$line" '$.body.sm2' | base64 -d | cmp - bag/seal-sm2.sig
	run store-verify -q
	assert_success
}

@test "archive.gm = yes in casetrail.conf seals with SM2; no SM2 key refuses (3), nothing left" {
	echo 'archive.gm = yes' >>"$CASETRAIL_STORE/casetrail.conf"
	CASETRAIL_OFFICER=zhao.lan refuses 3 archive-seal 2026-000001 -o a.tar
	assert_output --partial "no SM2 key"
	[ -z "$(ls a.tar* 2>/dev/null)" ] || fail "a refused seal left a file"
	sm2_key
	seal -q 2026-000001 -o a.tar >/dev/null
	run bsdtar -tf a.tar
	assert_line seal-sm2.sig
	assert_line manifest-sm3.txt
	sed -i 's/^archive.gm = yes/archive.gm = sure/' "$CASETRAIL_STORE/casetrail.conf"
	CASETRAIL_OFFICER=zhao.lan refuses 2 archive-seal --again 2026-000001 -o b.tar
	assert_output --partial "archive.gm is yes or no"
}

@test "--gm, tampered: the SM3 manifest fails integrity, seal-sm2.sig authenticity" {
	sm2_key
	seal -q --gm 2026-000001 -o a.tar >/dev/null
	mkdir bag && bsdtar -xf a.tar -C bag
	cp -a bag orig
	# A line of manifest-sm3.txt changed, its tag manifests made again.
	sed -i '1s/^./0/;1s/^0\(.\)/1\1/' bag/manifest-sm3.txt
	(cd bag && sha256sum bagit.txt bag-info.txt manifest-sha256.txt manifest-sm3.txt >tagmanifest-sha256.txt)
	fails integrity
	assert_line --partial "manifest-sm3.txt"
	# A line left out.
	rm -rf bag && cp -a orig bag
	sed -i 1d bag/manifest-sm3.txt
	fails integrity
	# seal-sm2.sig: a byte of the signature changed.
	rm -rf bag && cp -a orig bag
	printf '\x01' | dd of=bag/seal-sm2.sig bs=1 seek=20 conv=notrunc 2>/dev/null
	fails authenticity
	assert_line --regexp '^authenticity: FAILED: seal-sm2\.sig'
	# seal-sm2.sig removed, the SM3 manifests left: still one line each.
	rm -rf bag && cp -a orig bag
	rm bag/seal-sm2.sig
	(cd bag && bsdtar -cf ../t.tar -- *)
	run archive-verify -q t.tar
	assert_success
}

@test "usability: an encrypted zip, PDF or Office file among the evidence fails" {
	# Each put into the sealed bag, its manifests made again.
	printf '询问笔录\n' >内容.txt
	zip -q -P 口令 加密.zip 内容.txt
	printf '%%PDF-1.7\n1 0 obj\n<< >>\nendobj\ntrailer\n<< /Root 1 0 R /Encrypt 5 0 R >>\n%%%%EOF\n' >加密.pdf
	python3 - <<'PY'
# An OLE compound file whose directory names an EncryptionInfo stream,
# far from its start, as Office keeps an encrypted DOCX.
head = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)
pad = bytes(300 * 1024)
name = "EncryptionInfo".encode("utf-16-le")
open("加密.docx", "wb").write(head + pad + name + bytes(64))
PY
	printf '%%PDF-1.7\n1 0 obj\n<< >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n' >明文.pdf
	plain evidence-add -q 2026-000001 明文.pdf >/dev/null
	seal -q 2026-000001 -o plain.tar >/dev/null
	run archive-verify -q plain.tar
	assert_success
	for f in 加密.zip 加密.pdf 加密.docx; do
		rm -rf bag && mkdir bag && bsdtar -xf plain.tar -C bag
		id=$(sha256sum "$f" | cut -c1-64)
		cp "$f" bag/data/evidence/"$id"
		(cd bag && find data -type f | sort | xargs sha256sum >manifest-sha256.txt &&
			sed -i "s/^Payload-Oxum: .*/Payload-Oxum: $(find data -type f -printf '%s\n' |
				awk '{ n += $1 } END { print n }').$(find data -type f | wc -l)/" bag-info.txt &&
			sha256sum bagit.txt bag-info.txt manifest-sha256.txt >tagmanifest-sha256.txt)
		fails usability
		assert_line --regexp "^usability: FAILED: data/evidence/$id is an encrypted"
	done
}

@test "usability: an entry encrypted in a zip archive fails" {
	sealed_bag
	(cd bag && zip -q -r -P 口令 ../t.zip .)
	run archive-verify -q t.zip
	assert_equal "$status" 1
	assert_line --regexp '^usability: FAILED: .* is encrypted in the archive'
}

# A small time-stamping authority in tsa/: its CA, its certificate for
# timeStamping, and the configuration of openssl ts -reply.
test_tsa() {
	mkdir tsa && (
		cd tsa &&
			openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
				-keyout ca.key -out ca.pem -subj /CN=测试根证书 -days 3650 -utf8 &&
			openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
				-keyout tsa.key -out tsa.csr -subj /CN=TSA &&
			printf 'extendedKeyUsage = critical,timeStamping\n' >ext &&
			openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
				-out tsa.pem -days 3650 -extfile ext &&
			echo 01 >serial &&
			cat >ts.cnf <<-CNF
				[ tsa ]
				default_tsa = t
				[ t ]
				serial = $PWD/serial
				signer_cert = $PWD/tsa.pem
				signer_key = $PWD/tsa.key
				signer_digest = sha256
				default_policy = 1.2.3.4.1
				digests = sha256
				ess_cert_id_alg = sha256
			CNF
	) >/dev/null 2>&1
}

# Asks the test TSA for a timestamp over file $1 into $2.
stamp() {
	openssl ts -query -data "$1" -sha256 -cert -out q.tsq 2>/dev/null &&
		openssl ts -reply -config tsa/ts.cnf -queryfile q.tsq -out "$2" 2>/dev/null
}

@test "an RFC 3161 timestamp beside the archive holds over its SHA-256, with the TSA's CA" {
	test_tsa || fail "cannot make the test TSA"
	seal -q 2026-000001 -o a.tar >/dev/null
	stamp a.tar a.tar.tsr
	openssl ts -verify -data a.tar -in a.tar.tsr -CAfile tsa/ca.pem >/dev/null 2>&1 ||
		fail "openssl does not verify the timestamp"
	run archive-verify -q --tsa-ca tsa/ca.pem a.tar
	assert_success
	# Without the CA: its imprint checked, a warning.
	run --separate-stderr archive-verify a.tar
	assert_success
	[[ $stderr == *"timestamp's signature is not checked"* ]] || fail "no warning: $stderr"
	# Another CA: the signature does not hold.
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout o.key -out other-ca.pem -subj /CN=other -days 30 2>/dev/null
	run archive-verify -q --tsa-ca other-ca.pem a.tar
	assert_failure 1
	assert_line --regexp '^authenticity: FAILED: the timestamp'
	# A timestamp over other bytes, named with --tsr.
	printf '别的文件\n' >other
	stamp other other.tsr
	run archive-verify -q --tsr other.tsr --tsa-ca tsa/ca.pem a.tar
	assert_failure 1
	assert_line --regexp '^authenticity: FAILED: the timestamp other.tsr does not hold'
	# A byte of the response changed; not a response at all.
	cp a.tar.tsr bad.tsr
	size=$(stat -c %s bad.tsr)
	printf '\x55' | dd of=bad.tsr bs=1 seek=$((size - 20)) conv=notrunc 2>/dev/null
	run archive-verify -q --tsr bad.tsr --tsa-ca tsa/ca.pem a.tar
	assert_failure 1
	assert_line --regexp '^authenticity: FAILED: '
	printf '不是时间戳' >a.tar.tsr
	run archive-verify -q a.tar
	assert_failure 1
	assert_line --regexp '^authenticity: FAILED: .*not an RFC 3161'
	run archive-verify -q --tsr missing.tsr a.tar
	assert_failure 2
}

# bats test_tags=slow
@test "a large evidence file (2 GiB in make check-slow) is sealed in constant memory" {
	local size=268435456
	# 2 GiB is read twice (the add, the seal) and written once: make
	# check-slow's.  256 MiB shows the same constant RSS.
	[ "${CASETRAIL_TEST_SLOW:-0}" = 1 ] && size=$(scaled 2147483648 268435456)
	truncate -s "$size" 录像.img
	plain evidence-add -q 2026-000001 录像.img >/dev/null
	run /usr/bin/time -f 'rss %M' env CASETRAIL_OFFICER=zhao.lan archive-seal 2026-000001 -o a.tar
	assert_success
	rss=$(sed -n 's/^rss //p' <<<"$output")
	[ "${CASETRAIL_TEST_VALGRIND:-0}" = 1 ] || [ "$rss" -lt 65536 ] ||
		fail "peak RSS $rss KiB"
	id=$(sha256sum 录像.img | cut -c1-64)
	run bsdtar -tvf a.tar "data/evidence/$id"
	assert_output --regexp " $size .*data/evidence/$id\$"
	rm 录像.img
	run /usr/bin/time -f 'rss %M' archive-verify -q a.tar
	assert_success
	rss=$(sed -n 's/^rss //p' <<<"$output")
	[ "${CASETRAIL_TEST_VALGRIND:-0}" = 1 ] || [ "$rss" -lt 65536 ] ||
		fail "archive-verify's peak RSS $rss KiB"
}
