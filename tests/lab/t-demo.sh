#!/bin/sh
# `iomtscan demo` (the README's main job) works end to end and tears down.
T=$(mktemp -d /tmp/iomt-demo.XXXXXX)
trap 'rm -rf "$T"' EXIT
"$IOMT" demo --db "$T/demo.db" >"$T/out" 2>"$T/err"
rc=$?
cat "$T/out"
fails=0
[ "$rc" = 0 ] || { echo "FAIL: demo exited $rc"; tail -20 "$T/err"; fails=1; }
grep -q "none crashed" "$T/out" || { echo "FAIL: simulators crashed"; fails=1; }
n=$(grep -c '^198\.18\.' "$T/out")
[ "$n" -ge 8 ] || { echo "FAIL: only $n hosts listed"; fails=1; }
left=$(ip netns list | grep -c '^iomtdemo' || true)
[ "$left" = 0 ] || { echo "FAIL: $left demo namespaces left behind"; fails=1; }
exit "$fails"
