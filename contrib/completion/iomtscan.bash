# bash completion for iomtscan (source it, or install into
# /usr/share/bash-completion/completions/iomtscan).
#
# One option list per subcommand, as in the option tables of src/cli/;
# tests/lint/t-completion.sh checks that every option there is offered here.
_iomtscan()
{
	local cur prev cmd opts scanopts policy filters
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=${COMP_WORDS[1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "scan onboard hosts show export audit demo script profiles plan listen check diff reconcile annotate remote checklist advisories mds2 sbom help --help --version" -- "$cur"))
		return
	fi
	case "$prev" in
	--db|-iL|--input-list|--exclude-file|--excludefile|--policy|--profiles|--profiles-local|-r|--read|--save|--plan|--fixture|--ledger|-l)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--oui-dir|--dir|--probes-dir|--lua-dir)
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	-e|--interface|-i)
		COMPREPLY=($(compgen -W "$(ls /sys/class/net 2>/dev/null)" -- "$cur")); return ;;
	--user)
		COMPREPLY=($(compgen -u -- "$cur")); return ;;
	--finding)
		COMPREPLY=($(compgen -W "info low medium high" -- "$cur")); return ;;
	--lang)
		COMPREPLY=($(compgen -W "ja en" -- "$cur")); return ;;
	--clear)
		COMPREPLY=($(compgen -W "owner location ledger-id name note remote contract os-support" -- "$cur")); return ;;
	--level)
		COMPREPLY=($(compgen -W "passive discovery gentle standard clinical" -- "$cur")); return ;;
	--format)
		case "$cmd" in
		export) COMPREPLY=($(compgen -W "json csv cyclonedx dot svg xlsx html" -- "$cur")) ;;
		reconcile|remote) COMPREPLY=($(compgen -W "text json csv" -- "$cur")) ;;
		checklist) COMPREPLY=($(compgen -W "text json html" -- "$cur")) ;;
		advisories) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		esac
		return ;;
	esac
	policy="--profiles --profiles-local --policy"
	filters="--class --vendor --subnet --finding --fragile --unmanaged --seen-since"
	scanopts="-iL --input-list --exclude --exclude-file --excludefile --max-hosts
	    -p --ports --level --no-snmp --community --dicom-called-ae --no-arp
	    $policy --rate --host-rate --host-conns --scan-delay --connect-timeout
	    --banner-timeout --breaker --group --seed --db -e --interface --user
	    --oui-dir -q --quiet -v --verbose -h --help"
	case "$cmd" in
	scan) opts="$scanopts --no-scripts --plan --window" ;;
	plan) opts="$scanopts --format --save" ;;
	export) opts="--format --bom --lang --db $filters --help" ;;
	diff) opts="--db --from --to -f --format -h --help" ;;
	reconcile) opts="-l --ledger -m --map -f --format --apply --db -h --help" ;;
	hosts) opts="--db $filters --help" ;;
	remote) opts="-f --format --db $filters -h --help" ;;
	show|audit) opts="--db --help" ;;
	annotate) opts="--db --owner --location --ledger-id --name --note --remote --contract --os-support --clear -h --help" ;;
	checklist) opts="--db --lang --format -h --help" ;;
	onboard) opts="--db --lang --format $policy --no-scripts -e --interface --user --oui-dir -q --quiet -v --verbose -h --help" ;;
	demo) opts="--db --keep-db --force -v --verbose -h --help" ;;
	advisories)
		if [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "import list show" -- "$cur"))
			[ "${cur#-}" = "$cur" ] && return
		fi
		opts="--db --format -q --quiet -h --help" ;;
	mds2|sbom)
		if [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "import list show" -- "$cur"))
			[ "${cur#-}" = "$cur" ] && return
		fi
		opts="--db -f --format -h --help"
		[ "$cmd" = sbom ] && opts="$opts --vendor --model" ;;
	script)
		if [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "list check test" -- "$cur"))
			[ "${cur#-}" = "$cur" ] && return
		fi
		opts="--dir --probes-dir --lua-dir --fixture --json -v --verbose -h --help" ;;
	profiles)
		if [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "list show test check" -- "$cur"))
			[ "${cur#-}" = "$cur" ] && return
		fi
		opts="--format $policy --db --mac --obs --open --class --vendor --level --oui-dir --help" ;;
	listen) opts="-r --read -i --interface -t --time --db --user --oui-dir $policy -q --quiet -v --verbose -h --help" ;;
	check) opts="--db --scan --all $policy --oui-dir --help" ;;
	help)
		COMPREPLY=($(compgen -W "scan onboard hosts show export audit demo script profiles plan listen check diff reconcile annotate remote checklist advisories mds2 sbom" -- "$cur"))
		return ;;
	*) opts="--help" ;;
	esac
	COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	[ "${#COMPREPLY[@]}" -gt 0 ] || COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _iomtscan iomtscan
