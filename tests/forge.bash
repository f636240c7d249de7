# forge.bash: what the suites that forge entries share (forgery.bats,
# decide.bats, conf.bats): tests/tools/forge appends an entry past the
# writer; store-verify must catch it, or accept its twin made right.

# The plain build's forge: the sanitizer pass checks store-verify, not it.
# shellcheck disable=SC2034 # the suites run it
FORGE=${CASETRAIL_TEST_PLAIN_BIN:-$(dirname "$(command -v store-verify)")}/../tools/forge

# forged [-t at] [-s signer] [-x sql]... OFFICER CASE ACTION STAGE BODY:
# appends the entry with tests/tools/forge (see there); $n is its number.
# (decide.bats and review-flow.bats forge entries of their case with a
# forged of their own.)
forged() {
	local want
	want=$(($(sqlite3 "$CASETRAIL_STORE/store.db" 'SELECT count(*) FROM journal') + 1))
	run "$FORGE" "$@"
	assert_success
	assert_output "$want"
	n=$want
}

# The store as it is now, to forge on again after restore.
save() {
	rm -rf "$BATS_TEST_TMPDIR/clean"
	cp -a "$CASETRAIL_STORE" "$BATS_TEST_TMPDIR/clean"
}

restore() {
	rm -rf "$CASETRAIL_STORE"
	cp -a "$BATS_TEST_TMPDIR/clean" "$CASETRAIL_STORE"
}

# caught MESSAGE: store-verify says no (1), in one line: MESSAGE.  It
# verifies the next day: the forgeries are dated up to an hour after
# setup_store's clock, and a time after the verifier's is a fault of its
# own.
caught() {
	CASETRAIL_NOW="2026-11-26 10:00" run store-verify
	assert_failure 1
	assert_output "store-verify: $1"
}

accepted() {
	CASETRAIL_NOW="2026-11-26 10:00" run store-verify
	assert_success
}
