# bash completion for iomtscan (source it, or install into
# /usr/share/bash-completion/completions/iomtscan).
_iomtscan()
{
	local cur prev cmds
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmds="scan hosts show export audit demo script profiles plan listen check"
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$cmds --help --version" -- "$cur"))
		return
	fi
	case "$prev" in
	--db|-iL|--input-list|--exclude-file|--policy|--profiles|--profiles-local|-r)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--format) COMPREPLY=($(compgen -W "json csv text" -- "$cur")); return ;;
	--level) COMPREPLY=($(compgen -W "passive discovery gentle standard" -- "$cur")); return ;;
	esac
	case "${COMP_WORDS[1]}" in
	scan) COMPREPLY=($(compgen -W "--input-list --exclude --exclude-file --max-hosts --ports --level --no-snmp --community --dicom-called-ae --no-arp --rate --host-rate --host-conns --scan-delay --connect-timeout --banner-timeout --breaker --group --seed --db --interface --user --oui-dir --quiet --verbose --help" -- "$cur")) ;;
	export) COMPREPLY=($(compgen -W "--format --db --help" -- "$cur")) ;;
	*) COMPREPLY=($(compgen -W "--db --help" -- "$cur")) ;;
	esac
}
complete -F _iomtscan iomtscan
