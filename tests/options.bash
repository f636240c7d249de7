# The programs and their long options, for the suites that check what
# documents or completes them (docs.bats, completions.bats): `load options`.

top=${CASETRAIL_TOP:-$BATS_TEST_DIRNAME/..}

# The programs: one per cmd/*.c.
programs() {
	local f
	for f in "$top"/cmd/*.c; do
		f=${f##*/}
		echo "${f%.c}"
	done
}

# The long options a program's --help shows.
help_long_options() {
	"$1" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u
}

# The long options of a program's own option table (besides the common
# ones of CLI_LONG), from its source.
table_long_options() {
	grep -oE '\{ "[a-z][a-z-]*", (no|required|optional)_argument' \
		"$top/cmd/$1.c" | sed -E 's/^\{ "([^"]*)".*/--\1/' | sort -u
}

# Fails unless word $1 (an option such as --since) occurs in $2, the text
# of file $3, as a whole option, not as the start of a longer one.  (A
# newline is not [a-z-]: the text is matched whole, without a process.)
assert_option_in() {
	local re="(^|[^a-z-])$1([^a-z-]|\$)"
	[[ $2 =~ $re ]] || fail "$1 is not in $3"
}
