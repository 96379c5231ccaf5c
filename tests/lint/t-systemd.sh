#!/bin/sh
# t-systemd.sh - the scheduled-scan unit stays hardened and installs right.
#
# `make install` puts the service and timer under $(prefix)/lib/systemd,
# with ExecStart pointing at the configured bindir (not a hard-coded
# /usr/local/bin), the settings file under $(sysconfdir)/default (and
# never overwrites an existing one), and the bash completion under
# $(datadir)/bash-completion/completions.  systemd-analyze security rates
# the installed service at most 3.0 (0 is the most confined).  Exit 77
# without systemd-analyze or a build tree.
set -u
S=${IOMT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
B=${IOMT_BUILDDIR:-}
[ -n "$B" ] && [ -f "$B/Makefile" ] || exit 77
T=$(mktemp -d /tmp/iomt-install.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
make -s -C "$B" install-data DESTDIR="$T/root" >"$T/log" 2>&1 || { cat "$T/log"; exit 1; }
prefix=$(sed -n 's/^prefix = //p' "$B/Makefile")
bindir=$(sed -n 's/^bindir = //p' "$B/Makefile" | sed "s|\${exec_prefix}|$prefix|; s|\$(exec_prefix)|$prefix|")
unit="$T/root$prefix/lib/systemd/system/iomtscan.service"
[ -f "$unit" ] || { echo "no service installed at $unit"; exit 1; }
[ -f "$T/root$prefix/lib/systemd/system/iomtscan.timer" ] || { echo "no timer installed"; fail=1; }
grep -q "^ExecStart=$bindir/iomtscan scan" "$unit" || { echo "ExecStart does not use bindir $bindir:"; grep ExecStart "$unit"; fail=1; }
grep -q '@[a-z]*@' "$unit" && { echo "unsubstituted @...@ in the unit"; fail=1; }
[ -f "$T/root$prefix/share/bash-completion/completions/iomtscan" ] || { echo "bash completion not installed"; fail=1; }
def="$T/root$prefix/etc/default/iomtscan"
[ -f "$def" ] || { echo "settings file not installed at $def"; fail=1; }
echo 'TARGETS="198.18.9.0/24"' > "$def"
make -s -C "$B" install-data DESTDIR="$T/root" >"$T/log" 2>&1
grep -q 198.18.9.0 "$def" || { echo "make install overwrote the settings file"; fail=1; }
if command -v systemd-analyze >/dev/null 2>&1; then
	out=$(systemd-analyze security --offline=true "$unit" 2>&1)
	score=$(echo "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
	echo "systemd-analyze security: $score"
	[ -n "$score" ] || { echo "$out" | tail -5; fail=1; }
	[ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 3.0) }' ||
	    { echo "exposure $score is above 3.0"; fail=1; }
fi
exit "$fail"
