#!/bin/sh
# t-script-check.sh - every shipped probe script compiles in the sandbox,
# has valid metadata and loads only the shipped lua/ library
# (`iomtscan script check`), and every lua/ module is installed by
# Makefile.am's lua data section.
set -u
S=${IOMT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
B=${IOMT_BUILDDIR:-.}
out=$("$B/iomtscan" script check --lua-dir "$S/lua" "$S"/probes/*.lua 2>&1)
rc=$?
echo "$out"
if [ "$rc" -ne 0 ]; then
	echo "FAIL: script check exited $rc"
	exit 1
fi
n=$(ls "$S"/probes/*.lua | wc -l)
ok=$(echo "$out" | grep -c ': ok (')
if [ "$ok" -ne "$n" ]; then
	echo "FAIL: $ok of $n scripts checked ok"
	exit 1
fi
if [ "$n" -lt 15 ]; then
	echo "FAIL: only $n probe scripts (at least 15 are required)"
	exit 1
fi
for f in "$S"/probes/*.lua "$S"/lua/*.lua; do
	rel=${f#"$S"/}
	if ! grep -q "$rel" "$S/Makefile.am"; then
		echo "FAIL: $rel is not in Makefile.am (lua data section)"
		exit 1
	fi
done
echo "$n scripts ok"
