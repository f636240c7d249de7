#!/usr/bin/env zsh
# tests/completions.zsh FPATH_DIR DUMP LINE...: what zsh's completion
# offers, on one line per LINE, for each LINE typed followed by a Tab in
# one interactive zsh (-f: no startup files) on a pseudo-terminal, with
# compinit and FPATH_DIR first in $fpath.  The candidates are sorted and
# separated by spaces; they are what compadd added that matches the word
# being completed, caught by a compadd of our own that calls the builtin.
# DUMP is compinit's dump file: kept from one run to the next, it spares
# compinit the scan of every function directory (seconds).
# The programs a completion runs have CT_LINE in their environment: the
# index of its LINE, 0 for the first.
# With CT_TERMINAL set, what zsh wrote on the terminal is appended to the
# file it names (to show that a completion writes no error there).
# Exit 77 if the zpty module is not there, 1 if a completion took longer
# than 20 seconds.
emulate -L zsh
zmodload zsh/zpty 2>/dev/null || exit 77
zmodload zsh/datetime

dir=${1:?usage} dump=${2:?usage}
shift 2
out=$(mktemp -d) || exit 1
trap 'zpty -d ct 2>/dev/null; rm -rf -- $out' EXIT

# The set-up of the interactive zsh, read from a file: typed, its tabs
# would be Tabs.  Each Tab runs our widget: the usual complete-word, then
# a file that says it is done.
cat >$out/setup <<SETUP
PS1= RPS1= PROMPT_EOL_MARK=
fpath=(${(q)dir} \$fpath)
autoload -Uz compinit
compinit -u -d ${(q)dump}
# No list on the terminal: a long one would ask before it is shown.
unsetopt auto_list beep
zstyle ':completion:*' menu no
compadd() {
	local -a ct_m
	# The calls that only ask which words match (-O, -A, -D) are not
	# offers.
	if [[ " \${(j: :)@[1,(i)(-|--)]} " == *" "-[OAD]*" "* ]]; then
		builtin compadd "\$@"
		return
	fi
	builtin compadd -O ct_m "\$@"
	(( \$#ct_m )) && print -rl -- \$ct_m >>${(q)out}/\$ct_n
	builtin compadd "\$@"
}
ct_n=0
ct_done() {
	export CT_LINE=\$ct_n
	zle complete-word
	: >${(q)out}/done.\$ct_n
	(( ++ct_n ))
}
zle -N ct_done
bindkey '^I' ct_done
SETUP
zpty ct env TERM=xterm zsh -f -i
zpty -w ct ". ${(q)out}/setup"

integer n=0
local line junk t0
for line in "$@"; do
	# ^U empties the line the last Tab left.
	zpty -wn ct $'\C-u'"$line"$'\t'
	t0=$EPOCHREALTIME
	until [[ -e $out/done.$n ]]; do
		(( EPOCHREALTIME - t0 < 20 )) || { print -u2 "no completion of '$line'"; exit 1 }
		if zpty -rt ct junk 2>/dev/null; then
			[[ -z ${CT_TERMINAL:-} ]] || print -rn -- $junk >>$CT_TERMINAL
		else
			sleep 0.02
		fi
	done
	# What the completion wrote is in the terminal's buffer by now.
	while [[ -n ${CT_TERMINAL:-} ]] && zpty -rt ct junk 2>/dev/null; do
		print -rn -- $junk >>$CT_TERMINAL
	done
	if [[ -e $out/$n ]]; then
		print -r -- ${(j: :)${(fou)"$(<$out/$n)"}}
	else
		print
	fi
	(( ++n ))
done
