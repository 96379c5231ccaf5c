#!/bin/sh
# Every finding id the shipped scripts can raise (probes/*.lua, lua/*.lua)
# has plain-language English and Japanese text in the HTML report
# (src/report/html-text.c), so no hospital reader gets a bare script
# message.  Ids are read from the scripts themselves: each finding(...)
# call's literal id, the finding = "..." fields of lua/banner.lua, and
# remote-maintenance.lua's "remote-access-" .. kind for every kind in
# its KINDS table.
set -u
S=${IOMT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
TEXT="$S/src/report/html-text.c"
fails=0
ids=$( {
	grep -h 'finding(r, { id = "[^"]*",' "$S"/probes/*.lua "$S"/lua/*.lua |
	    sed 's/.*finding(r, { id = "\([^"]*\)".*/\1/'
	grep -h 'finding = "' "$S"/lua/*.lua "$S"/probes/*.lua |
	    sed 's/.*finding = "\([^"]*\)".*/\1/'
	if grep -q 'id = "remote-access-" .. k' "$S/probes/remote-maintenance.lua"; then
		sed -n '/^local KINDS = {/,/^}/p' "$S/probes/remote-maintenance.lua" |
		    sed -n 's/^	\([a-z0-9]*\) = { sev = .*/remote-access-\1/p'
	fi
} | sort -u)
n=$(echo "$ids" | grep -c .)
if [ "$n" -lt 15 ]; then
	echo "FAIL: only $n finding ids found in the scripts: the patterns are stale"
	exit 1
fi
for id in $ids; do
	if ! grep -q "^	{ \"$id\", {\$" "$TEXT"; then
		echo "FAIL: finding '$id' has no text in src/report/html-text.c"
		fails=$((fails + 1))
	fi
done
echo "$n finding ids, $fails without text"
exit "$fails"
