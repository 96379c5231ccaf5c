#!/bin/sh
# The plain build (what `make` and the demo run) confines itself after the
# privilege drop, and a whole default scan of the lab still works: while
# the scan runs its /proc status shows no_new_privs, a seccomp filter, an
# empty capability bounding set and user nobody; afterwards every lab
# device is in the inventory with its open ports, no simulator crashed,
# and the scanner was not killed by the filter (SIGSYS).  The sanitizer
# build skips the filter (LeakSanitizer), so this test uses the plain
# build in IOMT_PLAIN_BUILDDIR (tests/run-suite.sh makes one).
. "$IOMT_SRCDIR/tests/lab/lib.sh"
P=${IOMT_PLAIN_BUILDDIR:-}
[ -n "$P" ] && [ -x "$P/iomtscan" ] || { echo "no plain build (IOMT_PLAIN_BUILDDIR)"; exit 77; }
lab_up
in_scan "$P/iomtscan" scan --db "$DB" -q 198.18.0.0/24 &
pid=$!
status=""
for i in $(seq 1 300); do
	# the scanner is the child of ip netns exec, or that process itself
	for p in $(pgrep -f "$P/iomtscan scan --db $DB"); do
		s=$(cat "/proc/$p/status" 2>/dev/null) || continue
		case "$s" in *"Seccomp:	2"*) status=$s ;; esac
	done
	[ -n "$status" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
wait "$pid"
rc=$?
check "scan exits 0, not killed by the filter (got $rc)" [ "$rc" = 0 ]
check "the running scanner was under a seccomp filter" [ -n "$status" ]
check "no_new_privs was set" sh -c "printf '%s\n' \"\$1\" | grep -q '^NoNewPrivs:[[:space:]]*1'" x "$status"
check "the capability bounding set was empty" sh -c "printf '%s\n' \"\$1\" | grep -q '^CapBnd:[[:space:]]*0000000000000000'" x "$status"
check "the scanner ran as nobody" sh -c "printf '%s\n' \"\$1\" | grep -q \"^Uid:[[:space:]]*$(id -u nobody)[[:space:]]\"" x "$status"
"$P/iomtscan" export --format json --db "$DB" >"$T/inv.json"
check "every lab device found with MAC, vendor and open ports" \
    $PY "$IOMT_SRCDIR/tests/lab/check_inventory.py" "$T/inv.json" "$DEVICES"
check "no fragile-device simulator crashed" crashed_none
finish
