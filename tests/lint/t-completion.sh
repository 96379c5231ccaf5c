#!/bin/sh
# The bash completion (contrib/completion/iomtscan.bash) offers every long
# option of every subcommand, read from the option tables in src/cli/
# (struct option arrays, CMD_POLICY_LONGOPTS from include/iomt/cli.h), and
# every subcommand.  The completion function itself is run, in bash, for
# "iomtscan CMD -<TAB>", so what is checked is what a user gets.
set -u
S=${IOMT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
COMP="$S/contrib/completion/iomtscan.bash"
command -v bash >/dev/null 2>&1 || { echo "skip: no bash"; exit 77; }
fails=0

# Long option names of the struct option array NAME in FILE, one a line,
# written as typed: "--name", or "-name" for one-letter names and iL
# (getopt_long_only's -iL and -p).
table() {	# file name
	awk -v name="$2" -v cli="$S/include/iomt/cli.h" '
	function policy(  l) {
		while ((getline l < cli) > 0)
			if (l ~ /^#define CMD_POLICY_LONGOPTS/) {
				while ((getline l < cli) > 0) {
					if (match(l, /\{ "[^"]*"/))
						print substr(l, RSTART + 3, RLENGTH - 4)
					if (l !~ /\\$/)
						break
				}
				break
			}
		close(cli)
	}
	index($0, name "[] = {") { on = 1; next }
	on && /NULL, 0, NULL, 0/ { exit }
	on && /CMD_POLICY_LONGOPTS/ { policy(); next }
	on && match($0, /\{ "[^"]*"/) { print substr($0, RSTART + 3, RLENGTH - 4) }
	' "$S/src/cli/$1" | awk 'length($0) == 1 || /[A-Z]/ { print "-" $0; next } { print "--" $0 }'
}

# Options the tables hold for a command that the command itself refuses.
refused() {	# cmd option
	case "$1:$2" in
	hosts:--format|show:--format|audit:--format) return 0 ;;	# export only
	hosts:--bom|show:--bom|audit:--bom) return 0 ;;
	hosts:--lang|show:--lang|audit:--lang) return 0 ;;
	show:--class|show:--vendor|show:--subnet|show:--finding|show:--fragile|\
	show:--unmanaged|show:--seen-since) return 0 ;;	# hosts and export only
	audit:--class|audit:--vendor|audit:--subnet|audit:--finding|\
	audit:--fragile|audit:--unmanaged|audit:--seen-since) return 0 ;;
	mds2:--vendor|mds2:--model) return 0 ;;	# sbom import only
	esac
	return 1
}

# What the completion offers for "iomtscan CMD -" (one word a line).
offered() {	# cmd [verb]
	bash -c '. "$1"; shift
		COMP_WORDS=(iomtscan "$@" -); COMP_CWORD=$(($# + 1))
		_iomtscan; printf "%s\n" "${COMPREPLY[@]}"' sh "$COMP" "$@"
}

opts_of() {	# cmd
	case $1 in
	scan) table options.c scan_cli_longopts; table scan.c scan_own_longopts ;;
	plan) table options.c scan_cli_longopts; table plan.c plan_own_longopts ;;
	hosts|show|export|audit) table inventory.c cmd_db_longopts ;;
	demo) table demo.c longopts ;;
	script) table script.c longopts ;;
	profiles) table profiles.c prof_longopts ;;
	listen) table listen.c listen_longopts ;;
	check) table check.c check_longopts ;;
	mds2|sbom) table devdocs.c devdocs_longopts ;;
	# a new command: src/cli/CMD.c with CMD_longopts
	*) [ -f "$S/src/cli/$1.c" ] && table "$1.c" "${1}_longopts" ;;
	esac
}

cmds=$(sed -n 's/^	{ "\([a-z0-9]*\)", cmd_[a-z0-9]*, ".*$/\1/p' "$S/src/main.c")
[ -n "$cmds" ] || { echo "FAIL: no subcommands found in src/main.c"; exit 1; }
top=$(bash -c '. "$1"; COMP_WORDS=(iomtscan ""); COMP_CWORD=1; _iomtscan; printf "%s\n" "${COMPREPLY[@]}"' sh "$COMP")
for c in $cmds; do
	printf '%s\n' "$top" | grep -qx -- "$c" ||
	    { echo "FAIL: subcommand $c is not completed"; fails=$((fails + 1)); }
	opts=$(opts_of "$c")
	[ -n "$opts" ] || { echo "FAIL: no option table found for $c"; fails=$((fails + 1)); continue; }
	got=$(offered "$c")
	n=0
	for o in $opts; do
		n=$((n + 1))
		if refused "$c" "$o"; then
			if printf '%s\n' "$got" | grep -qx -- "$o"; then
				echo "FAIL: $c completes $o, which it refuses"
				fails=$((fails + 1))
			fi
			continue
		fi
		printf '%s\n' "$got" | grep -qx -- "$o" ||
		    { echo "FAIL: iomtscan $c: option $o is not completed"; fails=$((fails + 1)); }
	done
	echo "$c: $n options checked"
done
# Values: every level scan accepts, every --format of export and plan.
levels=$(bash -c '. "$1"; COMP_WORDS=(iomtscan scan --level ""); COMP_CWORD=3; _iomtscan; printf "%s\n" "${COMPREPLY[@]}"' sh "$COMP")
for l in passive discovery gentle standard clinical; do
	printf '%s\n' "$levels" | grep -qx "$l" ||
	    { echo "FAIL: --level $l is not completed"; fails=$((fails + 1)); }
done
[ "$fails" = 0 ] && echo "all checks passed"
exit "$fails"
