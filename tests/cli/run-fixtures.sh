#!/bin/sh
# run-fixtures.sh - run every probe-script fixture through the real sandbox.
#
# Each directory tests/fixtures/probes/<script-id>/<case>/ holds host.json
# (what the engine knew about a host), optionally exchanges.json with the
# recorded replies, expect.json (the identity fields, confidence bounds and
# findings the script must produce; all fields null and confidence_max 0
# for "must not identify") and optionally expect-absent.txt: finding ids,
# one per line, the case must NOT produce ("*" = no finding at all), which
# expect.json cannot say.  This runs `iomtscan script test
# probes/<script-id>.lua --fixture DIR --json` for each, prints one line
# per case and a summary line "N passed, N failed", and exits non-zero if
# any case failed or a script has no fixtures.
#
# Environment: IOMT_BUILDDIR (where iomtscan is; default .), IOMT_SRCDIR
# (source tree; default the directory two levels above this script).

set -u

srcdir=${IOMT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${IOMT_BUILDDIR:-.}
bin=$builddir/iomtscan
fixtures=$srcdir/tests/fixtures/probes

if [ ! -x "$bin" ]; then
	echo "run-fixtures: $bin not found (set IOMT_BUILDDIR)" >&2
	exit 2
fi

pass=0
fail=0
out=$(mktemp "${TMPDIR:-/tmp}/iomt-fixtures.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT INT TERM

# Every shipped script must have at least one fixture.
for script in "$srcdir"/probes/*.lua; do
	id=$(basename "$script" .lua)
	if [ ! -d "$fixtures/$id" ]; then
		echo "FAIL $id: no fixtures in tests/fixtures/probes/$id"
		fail=$((fail + 1))
	fi
done

for dir in "$fixtures"/*/*/; do
	[ -f "$dir/host.json" ] || continue
	dir=${dir%/}
	case_name=$(basename "$dir")
	id=$(basename "$(dirname "$dir")")
	script=$srcdir/probes/$id.lua
	if [ ! -f "$script" ]; then
		echo "FAIL $id/$case_name: no script probes/$id.lua"
		fail=$((fail + 1))
		continue
	fi
	"$bin" script test "$script" --fixture "$dir" --json \
	    --lua-dir "$srcdir/lua" >"$out" 2>&1
	rc=$?
	why=""
	if [ "$rc" -eq 0 ] && [ -f "$dir/expect-absent.txt" ]; then
		# The JSON line lists findings as {"id":"...",...}.
		while read -r absent; do
			case $absent in
			""|"#"*) continue ;;
			"*")
				if grep -q '"findings":\[{' "$out"; then
					why="produced findings, expected none"
				fi ;;
			*)
				if grep -q "\"id\":\"$absent\"" "$out"; then
					why="produced finding $absent"
				fi ;;
			esac
		done <"$dir/expect-absent.txt"
		[ -n "$why" ] && rc=1
	fi
	if [ "$rc" -eq 0 ]; then
		echo "ok   $id/$case_name"
		pass=$((pass + 1))
	else
		echo "FAIL $id/$case_name (exit $rc)${why:+: $why}"
		sed 's/^/     /' "$out" | head -n 20
		fail=$((fail + 1))
	fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
