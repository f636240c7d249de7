# fish completion for the casetrail programs.  Install in a directory of
# $fish_complete_path (make install uses share/fish/vendor_completions.d),
# or once per program name.

# The store named by -S or --store on the command line, as "-S DIR", or
# nothing for the default store.
function __casetrail_store
    set -l words (commandline -opc)
    set -l store
    for i in (seq (count $words))
        switch $words[$i]
            case -S --store
                set -l next (math $i + 1)
                if test $next -le (count $words)
                    set store $words[$next]
                end
            case '-S?*'
                set store (string sub -s 3 -- $words[$i])
            case '--store=*'
                set store (string replace -- --store= '' $words[$i])
        end
    end
    if test -n "$store"
        printf '%s\n' -S $store
    end
end

# Each completion runs at most one of the programs (two in a pipe for every
# evidence item of the store), and says nothing when there is no store.
# Standard input is not the terminal's: with no operand the listing
# programs read IDs from it.

# Officer IDs with their names, case IDs with their titles and evidence
# IDs with their file names, from the store: fish shows the second field
# as the description.  Not the revoked officers (officer-list's fourth
# field), but only them with "revoked", for officer-update --restore.
function __casetrail_officers
    set -l want $argv[1]
    officer-list (__casetrail_store) </dev/null 2>/dev/null | while read -l line
        set -l f (string split \t -- $line)
        if test "$f[4]" = revoked -a "$want" = revoked
            or test "$f[4]" != revoked -a "$want" != revoked
            printf '%s\t%s\n' $f[1] $f[2]
        end
    end
end
function __casetrail_cases
    case-list (__casetrail_store) </dev/null 2>/dev/null |
        string replace -r '^([^\t]*)\t(?:[^\t]*\t){9}([^\t]*).*$' '$1\t$2'
end

# The evidence of the cases given, or of every case.
function __casetrail_evidence
    set -l store (__casetrail_store)
    if set -q argv[1]
        evidence-list $store -- $argv </dev/null 2>/dev/null
    else
        case-list $store </dev/null 2>/dev/null | evidence-list $store 2>/dev/null
    end | string replace -r '^([^\t]*)\t[^\t]*\t([^\t]*).*$' '$1\t$2'
end

# For case-log --evidence: the evidence of the cases on the line (its
# operands, the words that are neither options nor their arguments).
function __casetrail_case_evidence
    set -l words (commandline -opc)
    set -l cases
    set -l skip 0
    for w in $words[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case -S --store -A --actor --action --stage -m --message -F --file --officer --evidence --at -f --format
                set skip 1
            case '-*'
            case '*'
                set -a cases $w
        end
    end
    __casetrail_evidence $cases
end

# The actions as case-log has them: the vocabulary is one table in lib.
function __casetrail_actions
    case-log --actions </dev/null 2>/dev/null | string split -f1 \t
end

set -l __casetrail_progs officer-add officer-key officer-revoke officer-update officer-list case-new case-log case-show case-list store-verify store-rebuild evidence-add evidence-list evidence-cat random-draw archive-seal archive-list review-submit review-decide review-list publish-export publish-withdraw
set -l __casetrail_types penalty coercion inspection license other
set -l __casetrail_stages filing investigation evidence review decision service execution closing

for p in $__casetrail_progs
    complete -c $p -s q -l quiet -d 'Print nothing on standard error but errors'
    complete -c $p -s S -l store -x -a '(__fish_complete_directories)' -d 'Store directory'
    complete -c $p -s h -l help -d 'Print the usage and exit'
    complete -c $p -s V -l version -d 'Print the version and exit'
end

for p in officer-add officer-key officer-revoke officer-update case-new case-log evidence-add random-draw archive-seal review-submit review-decide publish-export publish-withdraw
    complete -c $p -s A -l actor -x -a '(__casetrail_officers)' -d 'Acting officer'
end

for p in officer-list case-show case-list evidence-list random-draw review-submit review-list publish-export archive-list
    complete -c $p -s H -l header -d 'Print a header line before tsv records'
    complete -c $p -l bom -d 'Start the output with a UTF-8 byte order mark'
end
complete -c officer-list -s f -l format -x -a 'tsv csv json' -d 'Output format'
complete -c case-list -s f -l format -x -a 'tsv csv json' -d 'Output format'
complete -c evidence-list -s f -l format -x -a 'tsv csv json' -d 'Output format'
complete -c review-submit -s f -l format -x -a 'tsv csv json' -d 'Output format'
complete -c review-list -s f -l format -x -a 'tsv csv json' -d 'Output format'
complete -c archive-list -s f -l format -x -a 'tsv csv json' -d 'Output format'
complete -c random-draw -s f -l format -x -a 'tsv csv json' -d 'Output format'
complete -c case-show -s f -l format -x -a 'text tsv csv json' -d 'Output format'

# officer-add
complete -c officer-add -f
complete -c officer-add -l name -x -d 'Officer name'
complete -c officer-add -l credential -x -d 'Enforcement credential number'
complete -c officer-add -l valid-until -x -d 'Last valid day (YYYY-MM-DD)'
complete -c officer-add -l valid-from -x -d 'First valid day (YYYY-MM-DD)'
complete -c officer-add -l role -x -a 'officer reviewer publisher archivist admin head' -d 'Role of the officer'
complete -c officer-add -l unix-user -x -a '(__fish_complete_users)' -d 'Unix user acting as this officer'
complete -c officer-add -l qualification -x -d 'Legal professional qualification number of a reviewer'

# officer-key
complete -c officer-key -f -a '(__casetrail_officers)'
complete -c officer-key -l rotate -d 'Make a new key pair even if the officer has one'
complete -c officer-key -l reset -d "As an admin, replace an officer's key"
complete -c officer-key -l reason -x -d 'Why the key is reset'

# officer-revoke
complete -c officer-revoke -f -a '(__casetrail_officers)'
complete -c officer-revoke -l reason -x -d 'Why the credential is revoked'

# officer-update: --restore is for a revoked officer
complete -c officer-update -f
complete -c officer-update -n 'not __fish_seen_argument -l restore' -a '(__casetrail_officers)'
complete -c officer-update -n '__fish_seen_argument -l restore' -a '(__casetrail_officers revoked)'
complete -c officer-update -l name -x -d 'Corrected name of the officer'
complete -c officer-update -l credential -x -d 'New enforcement credential number'
complete -c officer-update -l valid-until -x -d 'Last valid day of the new credential (YYYY-MM-DD)'
complete -c officer-update -l valid-from -x -d 'First valid day of the new credential (YYYY-MM-DD)'
complete -c officer-update -l restore -d 'Restore a revoked officer, with a new credential'
complete -c officer-update -l reason -x -d 'Why the officer is restored'
complete -c officer-update -l qualification -x -d 'New legal professional qualification number'

# officer-list
complete -c officer-list -f

# case-new
complete -c case-new -f
complete -c case-new -l type -x -a "$__casetrail_types" -d 'Kind of case'
complete -c case-new -l title -x -d 'Title of the case'
complete -c case-new -l party -x -d 'Name of the party'
complete -c case-new -l party-kind -x -a 'person org' -d 'Person or organisation'
complete -c case-new -l party-id -x -d 'Identity number or credit code of the party'
complete -c case-new -l party-id-unchecked -d 'The party ID is foreign or of another kind'
complete -c case-new -l party-minor -d 'The party is a minor: never published'
complete -c case-new -l handler -x -a '(__casetrail_officers)' -d 'Handling officer'
complete -c case-new -l basis -x -d 'Legal basis or source of the case'
complete -c case-new -l at -x -d 'Filing time'

# case-log
complete -c case-log -f
complete -c case-log -n 'not __fish_seen_argument -l import' -a '(__casetrail_cases)'
complete -c case-log -n '__fish_seen_argument -l import' -F
complete -c case-log -l action -x -a '(__casetrail_actions)' -d 'What was done'
complete -c case-log -l stage -x -a "$__casetrail_stages" -d 'Stage after this step'
complete -c case-log -s m -l message -x -d 'Text of the entry'
complete -c case-log -s F -l file -r -F -d 'Read the text from a file'
complete -c case-log -l officer -x -a '(__casetrail_officers)' -d 'Other officer present'
complete -c case-log -l evidence -x -a '(__casetrail_case_evidence)' -d 'Evidence ID'
complete -c case-log -l at -x -d 'When the step happened'
complete -c case-log -l import -d 'Read many entries from a file or standard input'
complete -c case-log -s f -l format -x -a 'csv tsv json' -d 'Import format'
complete -c case-log -l actions -d 'List the actions and what each needs'
complete -c case-log -l moves -d 'List the moves of a case\'s status and stage'
complete -c case-log -s H -l header -d 'With --actions or --moves, a header line'
complete -c case-log -l penalty -x -a 'warning fine confiscate-gains confiscate-property suspend-licence revoke-licence lower-grade stop-business restrict-trade' -d 'A penalty imposed'
complete -c case-log -l fine -x -d 'The fine, in yuan'
complete -c case-log -l confiscation -x -d 'The amount confiscated, in yuan'
complete -c case-log -l basis -x -d 'The legal basis of the penalty'
complete -c case-log -l facts -x -d 'The facts found'
complete -c case-log -l comply -x -d 'How the party is to comply'
complete -c case-log -l comply-by -x -d 'By when, YYYY-MM-DD'
complete -c case-log -l major -d 'Major by public interest or complexity'

# review-submit
complete -c review-submit -f -a '(__casetrail_cases)'
complete -c review-submit -l penalty -x -a 'warning fine confiscate-gains confiscate-property suspend-licence revoke-licence lower-grade stop-business restrict-trade' -d 'A penalty imposed'
complete -c review-submit -l fine -x -d 'The fine, in yuan'
complete -c review-submit -l confiscation -x -d 'The amount confiscated, in yuan'
complete -c review-submit -l basis -x -d 'The legal basis of the penalty'
complete -c review-submit -l facts -x -d 'The facts found'
complete -c review-submit -l comply -x -d 'How the party is to comply'
complete -c review-submit -l comply-by -x -d 'By when, YYYY-MM-DD'
complete -c review-submit -l major -d 'Major by public interest or complexity'
complete -c review-submit -s m -l message -x -d 'Text of the intended decision'
complete -c review-submit -s F -l file -r -F -d 'Read the text from a file'
complete -c review-submit -l evidence -x -a '(__casetrail_case_evidence)' -d 'Evidence submitted'

# review-decide
complete -c review-decide -f
complete -c review-decide -l approve -d 'The draft may be decided as it is'
complete -c review-decide -l reject -d 'The draft may not be decided'
complete -c review-decide -l return -d 'Back to the handlers, to submit again'
complete -c review-decide -l transfer -d 'A suspected crime: to the judicial authorities'
complete -c review-decide -s m -l message -x -d 'The opinion'
complete -c review-decide -s F -l file -r -F -d 'Read the opinion from a file'
complete -c review-decide -l point -x -d 'N=ok or N=issue:TEXT'

# review-list
complete -c review-list -f
complete -c review-list -l pending -d 'Only the reviews pending'
complete -c review-list -l overdue -d 'Only the reviews pending past their due day'
complete -c review-list -l reviewer -x -a '(__casetrail_officers)' -d 'Only the reviews this officer decided'
complete -c review-list -l case -x -a '(__casetrail_cases)' -d 'Only the reviews of this case'

# case-show
complete -c case-show -f -a '(__casetrail_cases)'

# case-list
complete -c case-list -f
complete -c case-list -l type -x -a "$__casetrail_types" -d 'Only cases of this type'
complete -c case-list -l stage -x -a "$__casetrail_stages" -d 'Only cases in this stage'
complete -c case-list -l status -x -a 'open decided closed sealed' -d 'Only cases with this status'
complete -c case-list -l overdue -d 'Only open cases past their deadline'
complete -c case-list -l flagged -d 'Only cases with entries lacking audio/video'
complete -c case-list -l handler -x -a '(__casetrail_officers)' -d 'Only cases this officer handles'
complete -c case-list -l since -x -d 'Only cases filed at or after'
complete -c case-list -l unpublished -d 'Only decided cases not yet published, with their publication due day'
complete -c case-list -l publish-overdue -d 'Only decided cases past their publication due day, still unpublished'

# store-rebuild
complete -c store-rebuild -f

# store-init: no -q or -S, the store is the operand
complete -c store-init -x -a '(__fish_complete_directories)'
complete -c store-init -s h -l help -d 'Print the usage and exit'
complete -c store-init -s V -l version -d 'Print the version and exit'
complete -c store-init -l shared -d 'Share the store with the group of --group'
complete -c store-init -l group -x -a '(__fish_complete_groups)' -d 'The Unix group that shares the store'

# store-verify
complete -c store-verify -f
complete -c store-verify -l proof -x -d 'Print the inclusion proof of an entry'
complete -c store-verify -l size -x -d 'Prove the entry in the tree of this many entries'
complete -c store-verify -l consistency -r -F -d 'Print the consistency proof from a kept checkpoint'
complete -c store-verify -l check-proof -d 'Check a proof read from standard input'
complete -c store-verify -l checkpoint -d 'Print the current checkpoint'
complete -c store-verify -l against -r -F -d 'The checkpoint to check the store or a proof against'

# evidence-add
complete -c evidence-add -n 'test (count (commandline -opc)) -lt 2' -f -a '(__casetrail_cases)'
complete -c evidence-add -l kind -x -a 'document photo audio video other' -d 'Kind of every file'
complete -c evidence-add -l stage -x -a "$__casetrail_stages" -d 'Stage the evidence was collected in'
complete -c evidence-add -l note -x -d 'Note on the evidence'
complete -c evidence-add -s r -l recursive -d 'Add every file under the folders given'
complete -c evidence-add -l collected-at -x -a 'mtime' -d 'When it was collected, or mtime'
complete -c evidence-add -l location -x -d 'Where it was collected'
complete -c evidence-add -l officer -x -a '(__casetrail_officers)' -d 'Collecting officer'
complete -c evidence-add -l name -x -d 'Name to record, for standard input'

# evidence-list
complete -c evidence-list -f -a '(__casetrail_cases)'

# evidence-cat
complete -c evidence-cat -f -a '(__casetrail_evidence)'

# random-draw
complete -c random-draw -f
complete -c random-draw -l targets -r -F -d 'Targets file: ID, name, class, recused'
complete -c random-draw -l inspectors -r -F -d 'Inspectors file: an officer ID a line'
complete -c random-draw -l per-target -x -d 'Inspectors for each target'
complete -c random-draw -s n -l count -x -d 'Targets drawn from each class'
complete -c random-draw -l ratio -x -d 'Percent drawn from each class, or A=5,B=3,...'
complete -c random-draw -l task -x -d 'The inspection task'
complete -c random-draw -l seed -x -d 'The seed committed for the task'
complete -c random-draw -l commit -d 'Commit a fresh seed or a public value for the task'
complete -c random-draw -l public-value -x -d 'Commit to a public value named in advance'
complete -c random-draw -l dry-run -d 'Draw and print, record nothing'
complete -c random-draw -l redraw -d 'Draw the task again, with a reason'
complete -c random-draw -l reason -x -d 'Why the task is drawn again'
complete -c random-draw -l open-cases -d 'Open an inspection case for each target drawn'
complete -c random-draw -l check -x -d "Recompute the task's draw from the lists"

# archive-seal
complete -c archive-seal -f -a '(__casetrail_cases)'
complete -c archive-seal -s o -l output -r -F -d 'Write the archive to this file'
complete -c archive-seal -l format -x -a 'tar tar.gz zip' -d 'Archive format'
complete -c archive-seal -l gm -d 'SM3 manifests and an SM2 seal signature too'
complete -c archive-seal -l again -d "Write a sealed case's archive again"

# archive-list
complete -c archive-list -f
complete -c archive-list -l transfer-due -x -d 'Only the cases that go to the archives in this year'
complete -c archive-list -l appraisal-due -x -d 'Only the cases whose retention runs out in this year'
complete -c archive-list -l retention-unset -d 'Only the cases sealed with no retention'

# archive-verify: no store, the archive is the operand
complete -c archive-verify -F
complete -c archive-verify -s q -l quiet -d 'Print no warnings'
complete -c archive-verify -s h -l help -d 'Print the usage and exit'
complete -c archive-verify -s V -l version -d 'Print the version and exit'
complete -c archive-verify -l key -r -F -d 'Trust this Ed25519 or SM2 public key (PEM)'
complete -c archive-verify -l tsr -r -F -d 'The RFC 3161 timestamp response'
complete -c archive-verify -l tsa-ca -r -F -d "The time-stamping authority's CA certificates"

# publish-export
complete -c publish-export -f
complete -c publish-export -s f -l format -x -a 'json csv tsv html' -d 'Output format'
complete -c publish-export -s o -l output -r -F -d 'Write to this file, or this directory for html'
complete -c publish-export -l what -x -a 'decisions officers powers inspections all' -d 'What to export'
complete -c publish-export -l all -d 'What is published now, not only what is new'
complete -c publish-export -l dry-run -d 'Show the redacted records, record nothing'
complete -c publish-export -l redact-also -x -d 'A name to redact besides those known'

# publish-withdraw
complete -c publish-withdraw -f -a '(__casetrail_cases)'
complete -c publish-withdraw -l because -x -a 'changed revoked unlawful void' -d 'Why it is withdrawn'
complete -c publish-withdraw -l reason -x -d 'The public reason'
