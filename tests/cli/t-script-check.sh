#!/bin/sh
# t-script-check.sh - every shipped probe script compiles in the sandbox,
# has valid metadata and loads only the shipped lua/ library
# (`iomtscan script check`).  That every script is installed is
# tests/lint/t-installed-scripts.sh's check.
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
echo "$n scripts ok"
