#!/bin/sh
# t-installed-scripts.sh - `make install` ships exactly the Lua scripts of
# the source tree.  Makefile.am lists probes/*.lua and lua/*.lua by hand,
# between "# --- lua data ---" and "# --- end lua data ---" (automake
# wants the names, and a hand list means a stray file is never installed
# by accident); this fails when a script file is missing from that list
# or the list names a file that does not exist.  docs/WRITING-PROBES.md,
# "Adding a script", gives the steps.
set -u
S=${IOMT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
mk=$S/Makefile.am
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iomt-installed.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! grep -q '^# --- lua data ---$' "$mk" ||
    ! grep -q '^# --- end lua data ---$' "$mk"; then
	echo "FAIL: Makefile.am has no '# --- lua data ---' section"
	exit 1
fi
sed -n '/^# --- lua data ---$/,/^# --- end lua data ---$/p' "$mk" |
    tr ' \t\\' '\n\n\n' | grep -E '^(probes|lua)/[^/]+\.lua$' |
    sort >"$tmp/listed"
(cd "$S" && ls probes/*.lua lua/*.lua 2>/dev/null) | sort >"$tmp/present"

rc=0
dups=$(uniq -d "$tmp/listed")
if [ -n "$dups" ]; then
	echo "FAIL: listed twice in Makefile.am:"
	echo "$dups" | sed 's/^/  /'
	rc=1
fi
sort -u "$tmp/listed" >"$tmp/listed.u"
missing=$(comm -13 "$tmp/listed.u" "$tmp/present")
if [ -n "$missing" ]; then
	echo "FAIL: not in Makefile.am's lua data section (so not installed):"
	echo "$missing" | sed 's/^/  /'
	rc=1
fi
stale=$(comm -23 "$tmp/listed.u" "$tmp/present")
if [ -n "$stale" ]; then
	echo "FAIL: listed in Makefile.am but not in the source tree:"
	echo "$stale" | sed 's/^/  /'
	rc=1
fi
[ "$rc" = 0 ] && echo "$(wc -l <"$tmp/present") Lua files installed by Makefile.am"
exit "$rc"
