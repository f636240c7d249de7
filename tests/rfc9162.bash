#!/usr/bin/env bash
# rfc9162.bash: the Merkle tree of RFC 9162 section 2.1, written out again
# from the RFC with nothing but bash, printf and `openssl dgst`, for the
# tests to check lib/merkle.c and the store against.
#
#   bash tests/rfc9162.bash COMMAND... <lines
#
# stdin: the canonical lines of entries 1, 2, ..., one a line.  Each
# command prints one line:
#   leaf I      hex leaf hash of entry I: SHA-256(0x00 || line)
#   nodes I     hex of the complete subtrees that entry I completes, levels
#               1 upward, as a journal row keeps them ("" if none)
#   root N      base64 MTH of entries 1..N, as a checkpoint writes it
#   roothex N   the same in hex
#   path I N    base64 PATH of entry I in the tree of entries 1..N, the
#               hashes separated by spaces, leaf upward, as a proof has them
#   b64 HEX     HEX in base64 (for the tests of this file)
# It runs as a process of its own: inside Bats every shell command costs a
# trap, and hashing in shell loops there is slow.
set -euo pipefail

B64=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/

# Hex to base64, into REPLY.
hex_b64() {
	local h=$1 i v
	REPLY=""
	for ((i = 0; i + 6 <= ${#h}; i += 6)); do
		v=$((16#${h:i:6}))
		REPLY+=${B64:v>>18&63:1}${B64:v>>12&63:1}${B64:v>>6&63:1}${B64:v&63:1}
	done
	case $((${#h} - i)) in
	2) v=$((16#${h:i:2} << 16))
	   REPLY+=${B64:v>>18&63:1}${B64:v>>12&63:1}== ;;
	4) v=$((16#${h:i:4} << 8))
	   REPLY+=${B64:v>>18&63:1}${B64:v>>12&63:1}${B64:v>>6&63:1}= ;;
	esac
}

# Hex to printf escapes, into ESC.
hex_esc() {
	local h=$1 i
	ESC=""
	for ((i = 0; i < ${#h}; i += 2)); do ESC+="\\x${h:i:2}"; done
}

# The leaves: SHA-256(0x00 || line), all lines through one openssl.
LEAF=()
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=()
n=0
while IFS= read -r line; do
	n=$((n + 1))
	{ printf '\0'; printf '%s' "$line"; } >"$tmp/$n"
	files+=("$tmp/$n")
done
if ((n > 0)); then
	while read -r h _; do LEAF+=("$h"); done \
		< <(openssl dgst -sha256 -r "${files[@]}")
fi

# MTH(D[lo:hi]) (RFC 9162 2.1.1), into REPLY.  The commands run twice:
# first to plan, where mth only notes each subtree it needs and its
# height, then for real, when every one is in MEMO: between the two, all
# the subtrees of one height are hashed by one openssl, not one each.
declare -A MEMO=() HEIGHT=()
BY_HEIGHT=()
PLAN=1
mth() {
	local lo=$1 hi=$2 k=1 left h
	if ((hi - lo == 1)); then
		REPLY=${LEAF[lo]}
	elif ((hi - lo == 0)); then
		# SHA-256 of nothing.
		REPLY=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
	elif ((PLAN)); then
		REPLY=${HEIGHT[$lo,$hi]-}
		[ -z "$REPLY" ] || return 0
		while ((k * 2 < hi - lo)); do k=$((k * 2)); done
		height "$lo" $((lo + k)); left=$REPLY
		height $((lo + k)) "$hi"; h=$REPLY
		h=$(((left > h ? left : h) + 1))
		HEIGHT[$lo,$hi]=$h
		BY_HEIGHT[h]+=" $lo,$hi"
		REPLY=$h
	else
		REPLY=${MEMO[$lo,$hi]}
	fi
}

# The height of D[lo:hi] while planning, into REPLY: 0 for a leaf.
height() {
	if (($2 - $1 < 2)); then REPLY=0; else mth "$1" "$2"; fi
}

# Hashes every subtree the plan noted, lowest first: node = SHA-256(0x01
# || left || right), one openssl for each height.
hash_planned() {
	local h r lo hi k i l hashes
	PLAN=0
	for ((h = 1; h <= ${#BY_HEIGHT[@]}; h++)); do
		[ -n "${BY_HEIGHT[h]-}" ] || continue
		files=() i=0
		for r in ${BY_HEIGHT[h]}; do
			lo=${r%,*} hi=${r#*,} k=1
			while ((k * 2 < hi - lo)); do k=$((k * 2)); done
			mth "$lo" $((lo + k)); hex_esc "$REPLY"; l=$ESC
			mth $((lo + k)) "$hi"; hex_esc "$REPLY"
			i=$((i + 1))
			# The bytes, as escapes.
			# shellcheck disable=SC2059
			printf "\\1$l$ESC" >"$tmp/node.$i"
			files+=("$tmp/node.$i")
		done
		mapfile -t hashes < <(openssl dgst -sha256 -r "${files[@]}")
		i=0
		for r in ${BY_HEIGHT[h]}; do
			MEMO[$r]=${hashes[i]%% *}
			i=$((i + 1))
		done
	done
}

# PATH(m, D[lo:hi]) (RFC 9162 2.1.3.1), appended to AUDIT[], leaf upward.
audit_path() {
	local m=$1 lo=$2 hi=$3 k=1
	((hi - lo > 1)) || return 0
	while ((k * 2 < hi - lo)); do k=$((k * 2)); done
	if ((m < k)); then
		audit_path "$m" "$lo" $((lo + k)); mth $((lo + k)) "$hi"
	else
		audit_path $((m - k)) $((lo + k)) "$hi"; mth "$lo" $((lo + k))
	fi
	AUDIT+=("$REPLY")
}

# run COMMAND...: what the commands print.
run() {
	while (($# > 0)); do
		case $1 in
		leaf)
			echo "${LEAF[$2 - 1]}"; shift 2 ;;
		nodes)
			# Entry i completes the subtree of level l that ends with it
			# whenever 2^l divides i: MTH of the 2^l leaves up to it.
			out="" i=$2
			for ((l = 1; i % (1 << l) == 0; l++)); do
				mth $((i - (1 << l))) "$i"
				out+=$REPLY
			done
			echo "$out"; shift 2 ;;
		root)
			mth 0 "$2"; hex_b64 "$REPLY"; echo "$REPLY"; shift 2 ;;
		roothex)
			mth 0 "$2"; echo "$REPLY"; shift 2 ;;
		path)
			AUDIT=()
			audit_path $(($2 - 1)) 0 "$3"
			out=""
			for h in ${AUDIT[@]+"${AUDIT[@]}"}; do hex_b64 "$h"; out+=" $REPLY"; done
			echo "${out# }"; shift 3 ;;
		b64)
			hex_b64 "$2"; echo "$REPLY"; shift 2 ;;
		*)
			echo "rfc9162.bash: unknown command '$1'" >&2; exit 2 ;;
		esac
	done
}

run "$@" >/dev/null
hash_planned
run "$@"
