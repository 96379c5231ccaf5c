#!/bin/sh
# t-deps.sh - README command 1 installs exactly what the demo needs.
#
# contrib/install-deps.sh (command 1) must install every package whose
# programs `iomtscan demo` runs (contrib/lab/lab.sh up), and the demo must
# not ask for anything more: lab.sh up checks `deps.sh --check`, whose list
# is the demo list.  Each program the demo network starts is traced to the
# Debian package that ships it (dpkg -S), and that package must be on the
# command-1 list.  Exit 77 where dpkg is missing.
set -u
S=${IOMT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v dpkg >/dev/null 2>&1 || exit 77
fail=0
cmd1=" $(sh "$S/contrib/install-deps.sh" --list) "
for p in $(sh "$S/contrib/lab/deps.sh" --list); do
	case "$cmd1" in *" $p "*) ;; *) echo "demo package $p is not installed by command 1"; fail=1 ;; esac
done
# lab.sh up must check the demo list, not the test list.
grep -q 'deps.sh" --check' "$S/contrib/lab/lab.sh" || { echo "lab.sh up does not check deps.sh"; fail=1; }
grep -q 'deps.sh" --all --check' "$S/contrib/lab/lab.sh" && { echo "lab.sh up checks the test packages"; fail=1; }
# The programs the demo network runs (lab.sh build_base, write_configs,
# start_devices) and the Python modules of its simulators.
# Debian's own python3 (what lab.sh runs), not one first on PATH.
owner() {	# program -> the package that ships it
	for d in /usr/bin /bin /usr/sbin /sbin; do
		[ -e "$d/$1" ] || continue
		o=$(dpkg -S "$d/$1" 2>/dev/null | head -1 | cut -d: -f1)
		[ -n "$o" ] && { echo "$o"; return 0; }
	done
	return 1
}
# A package on the list, or one that a listed package depends on.
deps=" "
for p in $cmd1; do
	deps="$deps $(dpkg-query -W -f='${Depends} ${Pre-Depends}' "$p" 2>/dev/null | tr ',|' '  ' | sed 's/([^)]*)//g; s/:any//g') "
done
for prog in storescp dcmqrscp Orthanc snmpd mosquitto python3 ip flock setsid; do
	pkg=$(owner "$prog") || { echo "$prog: not installed"; fail=1; continue; }
	case "$cmd1 $deps " in
	*" $pkg "*) echo "ok $prog ($pkg)" ;;
	*) echo "$prog comes from '$pkg', which command 1 does not install"; fail=1 ;;
	esac
done
/usr/bin/python3 -c 'import hl7' 2>/dev/null || { echo "python3-hl7 missing"; fail=1; }
exit "$fail"
