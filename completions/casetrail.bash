# bash completion for the casetrail programs: officer-add, officer-key,
# officer-revoke, officer-update, officer-list, case-new, case-log, case-show, case-list,
# store-verify, store-rebuild, store-init, evidence-add, evidence-list,
# evidence-cat, random-draw, archive-seal, archive-verify, archive-list,
# review-submit, review-decide, review-list, publish-export and
# publish-withdraw.
#
# Source this file, or install it under each program's name in
# /usr/share/bash-completion/completions (make install does).  It completes
# option names, the words an option takes (types, actions, stages, statuses,
# roles, formats), directories for -S and store-init, files for -F, --import,
# --against and --consistency, groups for --group, and officer, case and
# evidence IDs read from the store named by -S, or CASETRAIL_STORE, or the
# default.  Each completion runs at most one of the programs (two in a pipe
# for every evidence item of the store), and says nothing when there is no
# store.

# The option names of each program, from its usage and option table.
_casetrail_options() {
	local common='-q --quiet -S --store -h --help -V --version'
	case $1 in
	officer-add)
		echo "$common -A --actor --name --credential --valid-until" \
		    "--valid-from --role --unix-user --qualification" ;;
	officer-key)
		echo "$common -A --actor --rotate --reset --reason" ;;
	officer-revoke)
		echo "$common -A --actor --reason" ;;
	officer-update)
		echo "$common -A --actor --name --credential --valid-until" \
		    "--valid-from --restore --reason --qualification" ;;
	officer-list)
		echo "$common -H --header -f --format --bom" ;;
	case-new)
		echo "$common -A --actor --type --title --party --party-kind" \
		    "--party-id --party-id-unchecked --party-minor --handler" \
		    "--basis --at" ;;
	case-log)
		echo "$common -A --actor --action --stage -m --message -F --file" \
		    "--officer --evidence --at --import -f --format -H --header" \
		    "--actions --moves --penalty --fine --confiscation --basis" \
		    "--facts --comply --comply-by --major" ;;
	case-show)
		echo "$common -H --header -f --format --bom" ;;
	case-list)
		echo "$common -H --header -f --format --bom --type --stage" \
		    "--status --overdue --flagged --handler --since" \
		    "--unpublished --publish-overdue" ;;
	store-verify)
		echo "$common --proof --size --consistency --check-proof" \
		    "--checkpoint --against" ;;
	store-rebuild)
		echo "$common" ;;
	store-init)
		echo "-h --help -V --version --shared --group" ;;
	evidence-add)
		echo "$common -A --actor -r --recursive --kind --stage --note" \
		    "--collected-at --location --officer --name" ;;
	evidence-list)
		echo "$common -H --header -f --format --bom" ;;
	evidence-cat)
		echo "$common" ;;
	random-draw)
		echo "$common -A --actor -H --header -f --format --bom --targets" \
		    "--inspectors --per-target -n --count --ratio --task --seed" \
		    "--commit --public-value --dry-run --redraw --reason" \
		    "--open-cases --check" ;;
	archive-seal)
		echo "$common -A --actor -o --output --format --gm --again" ;;
	archive-verify)
		echo "-q --quiet -h --help -V --version --key --tsr --tsa-ca" ;;
	archive-list)
		echo "$common -H --header -f --format --bom --transfer-due" \
		    "--appraisal-due --retention-unset" ;;
	review-submit)
		echo "$common -A --actor -H --header -f --format --bom --penalty" \
		    "--fine --confiscation --basis --facts --comply --comply-by" \
		    "--major -m --message -F --file --evidence" ;;
	review-decide)
		echo "$common -A --actor --approve --reject --return --transfer" \
		    "-m --message -F --file --point" ;;
	review-list)
		echo "$common -H --header -f --format --bom --pending --overdue" \
		    "--reviewer --case" ;;
	publish-export)
		echo "$common -A --actor -H --header -f --format --bom -o" \
		    "--output --what --all --dry-run --redact-also" ;;
	publish-withdraw)
		echo "$common -A --actor --because --reason" ;;
	esac
}

# Succeeds if option $1 takes an argument.
_casetrail_takes_arg() {
	case $1 in
	-S | --store | -A | --actor | -f | --format | --name | --credential | \
	--valid-until | --valid-from | --role | --unix-user | --qualification | \
	--type | --title | \
	--party | --party-kind | --party-id | --handler | --basis | --at | \
	--action | --stage | -m | --message | -F | --file | --officer | \
	--evidence | --since | --proof | --size | --consistency | --against | \
	--kind | --note | --collected-at | --location | --reason | --group | \
	--targets | --inspectors | --per-target | -n | --count | --ratio | \
	--task | --seed | --public-value | --check | \
	--penalty | --fine | --confiscation | --facts | --comply | --comply-by | \
	-o | --output | --key | --point | --reviewer | --case | --what | \
	--redact-also | --because | --tsr | --tsa-ca | --transfer-due | \
	--appraisal-due)
		return 0 ;;
	esac
	return 1
}

# Prints the first field of a listing program's records, for the store
# named on the command line ($1, may be empty).  Standard input is not the
# terminal's: with no operand the programs read IDs from it.
_casetrail_ids() {
	local prog=$1 store=$2 id rest
	local -a args=()
	[[ -n $store ]] && args=(-S "$store")
	while IFS=$'\t' read -r id rest; do
		echo "$id"
	done < <("$prog" "${args[@]}" </dev/null 2>/dev/null)
}

# Prints the IDs of the officers of store $1 who are not revoked (the
# fourth field of officer-list): the ones a step may name.  With $2
# "revoked", the revoked ones only, which officer-update --restore takes.
_casetrail_officers() {
	local store=$1 want=${2:-} id status rest
	local -a args=()
	[[ -n $store ]] && args=(-S "$store")
	while IFS=$'\t' read -r id _ _ status rest; do
		if [[ $want == revoked ]]; then
			[[ $status == revoked ]] && echo "$id"
		else
			[[ $status == revoked ]] || echo "$id"
		fi
	done < <(officer-list "${args[@]}" </dev/null 2>/dev/null)
}

# Prints the evidence IDs of store $1: of the cases named after it, or,
# with none, of every case.
_casetrail_evidence() {
	local store=$1 id rest
	local -a args=()
	shift
	[[ -n $store ]] && args=(-S "$store")
	while IFS=$'\t' read -r id rest; do
		echo "$id"
	done < <(if (($#)); then
		evidence-list "${args[@]}" -- "$@" </dev/null 2>/dev/null
	else
		case-list "${args[@]}" </dev/null 2>/dev/null |
			evidence-list "${args[@]}" 2>/dev/null
	fi)
}

_casetrail() {
	local cur prev prog store='' import=0 restore=0 skip=0 i w
	local -a operands=()
	prog=${COMP_WORDS[0]##*/}
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=''
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	# "--type=pen" arrives as "--type" "=" "pen", or "--type" "=".
	if [[ $cur == = ]]; then
		cur=''
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	# The store, the mode and the number of operands so far.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if ((skip)); then
			[[ $w == = ]] || skip=0
			continue
		fi
		if _casetrail_takes_arg "$w"; then
			skip=1
		elif [[ $w != -* && $w != = ]]; then
			operands+=("$w")
		fi
		case $w in
		-S | --store)
			if [[ ${COMP_WORDS[i + 1]} == = ]]; then
				store=${COMP_WORDS[i + 2]}
			else
				store=${COMP_WORDS[i + 1]}
			fi ;;
		-S?*) store=${w#-S} ;;
		--import) import=1 ;;
		--restore) restore=1 ;;
		esac
	done
	store=${store/#\~/$HOME}

	case $prev in
	-S | --store)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		compopt -o filenames 2>/dev/null || :
		return ;;
	-F | --file | --against | --consistency | --targets | --inspectors | -o | --output | --key | --tsr | --tsa-ca)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		[[ -z $cur || $cur == - ]] && COMPREPLY+=(-)
		compopt -o filenames 2>/dev/null || :
		return ;;
	-f | --format)
		if [[ $prog == archive-seal ]]; then
			w='tar tar.gz zip'
		elif [[ $prog == publish-export ]]; then
			w='json csv tsv html'
		elif [[ $prog == case-show ]]; then
			w='text tsv csv json'
		else
			w='tsv csv json'
		fi
		mapfile -t COMPREPLY < <(compgen -W "$w" -- "$cur")
		return ;;
	--type)
		mapfile -t COMPREPLY < <(compgen -W \
		    'penalty coercion inspection license other' -- "$cur")
		return ;;
	--stage)
		mapfile -t COMPREPLY < <(compgen -W 'filing investigation
		    evidence review decision service execution closing' -- "$cur")
		return ;;
	--action)
		# The vocabulary as the program has it: one table in lib.
		mapfile -t COMPREPLY < <(compgen -W \
		    "$(case-log --actions 2>/dev/null | cut -f1)" -- "$cur")
		return ;;
	--kind)
		mapfile -t COMPREPLY < <(compgen -W \
		    'document photo audio video other' -- "$cur")
		return ;;
	--status)
		mapfile -t COMPREPLY < <(compgen -W 'open decided closed sealed' \
		    -- "$cur")
		return ;;
	--role)
		mapfile -t COMPREPLY < <(compgen -W \
		    'officer reviewer publisher archivist admin head' -- "$cur")
		return ;;
	--penalty)
		mapfile -t COMPREPLY < <(compgen -W 'warning fine confiscate-gains
		    confiscate-property suspend-licence revoke-licence lower-grade
		    stop-business restrict-trade' -- "$cur")
		return ;;
	--party-kind)
		mapfile -t COMPREPLY < <(compgen -W 'person org' -- "$cur")
		return ;;
	--what)
		mapfile -t COMPREPLY < <(compgen -W 'decisions officers powers inspections all' -- "$cur")
		return ;;
	--because)
		mapfile -t COMPREPLY < <(compgen -W 'changed revoked unlawful void' \
		    -- "$cur")
		return ;;
	--group)
		mapfile -t COMPREPLY < <(compgen -g -- "$cur")
		return ;;
	--case)
		mapfile -t COMPREPLY < <(compgen -W \
		    "$(_casetrail_ids case-list "$store")" -- "$cur")
		return ;;
	-A | --actor | --officer | --handler | --reviewer)
		mapfile -t COMPREPLY < <(compgen -W \
		    "$(_casetrail_officers "$store")" -- "$cur")
		return ;;
	--evidence)
		# Of the cases on the line: case-log's operands.
		mapfile -t COMPREPLY < <(compgen -W \
		    "$(_casetrail_evidence "$store" "${operands[@]}")" -- "$cur")
		return ;;
	esac
	# Any other option's argument is free text, a time or a number.
	if _casetrail_takes_arg "$prev"; then
		return
	fi

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W \
		    "$(_casetrail_options "$prog")" -- "$cur")
		return
	fi

	# Operands.
	case $prog in
	officer-key | officer-revoke)
		if ((${#operands[@]} == 0)); then
			mapfile -t COMPREPLY < <(compgen -W \
			    "$(_casetrail_officers "$store")" -- "$cur")
		fi ;;
	officer-update)
		if ((${#operands[@]} == 0 && restore)); then
			mapfile -t COMPREPLY < <(compgen -W \
			    "$(_casetrail_officers "$store" revoked)" -- "$cur")
		elif ((${#operands[@]} == 0)); then
			mapfile -t COMPREPLY < <(compgen -W \
			    "$(_casetrail_officers "$store")" -- "$cur")
		fi ;;
	store-init)
		if ((${#operands[@]} == 0)); then
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
			compopt -o filenames 2>/dev/null || :
		fi ;;
	archive-verify)
		if ((${#operands[@]} == 0)); then
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			compopt -o filenames 2>/dev/null || :
		fi ;;
	case-show | evidence-list | archive-seal | review-submit | \
	publish-withdraw)
		mapfile -t COMPREPLY < <(compgen -W \
		    "$(_casetrail_ids case-list "$store")" -- "$cur") ;;
	evidence-add)
		if ((${#operands[@]} == 0)); then
			mapfile -t COMPREPLY < <(compgen -W \
			    "$(_casetrail_ids case-list "$store")" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			compopt -o filenames 2>/dev/null || :
		fi ;;
	evidence-cat)
		mapfile -t COMPREPLY < <(compgen -W \
		    "$(_casetrail_evidence "$store")" -- "$cur") ;;
	case-log)
		if ((import)); then
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			compopt -o filenames 2>/dev/null || :
		else
			mapfile -t COMPREPLY < <(compgen -W \
			    "$(_casetrail_ids case-list "$store")" -- "$cur")
		fi ;;
	esac
}

complete -F _casetrail officer-add officer-key officer-revoke officer-update \
    officer-list \
    case-new case-log case-show case-list store-verify store-rebuild \
    store-init evidence-add evidence-list evidence-cat random-draw \
    archive-seal archive-verify archive-list review-submit review-decide \
    review-list publish-export publish-withdraw
