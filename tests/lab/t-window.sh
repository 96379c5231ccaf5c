#!/bin/sh
# scan --window: a scan whose window ends a few seconds in stops sending
# at the end (no audit row at or after it), lets open connections finish,
# ends with status 0 and the one-line "paused" message, and is recorded as
# paused with some addresses done and some left.  A window that opens a
# few seconds later makes the scan wait: nothing is sent before it opens.
# (SIGINT while waiting: tests/cli/t-window-wait.sh, on loopback.)
# Times are local; the test sets TZ=UTC so `date -u` gives the same clock.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
command -v sqlite3 >/dev/null || { echo "sqlite3 CLI missing"; exit 1; }
export TZ=UTC
PORTS=80,104,443,1883,4242,8042,11112

# 1. The window closes 5 seconds into a slow scan of the /24.
now=$(date -u +%s)
end=$((now + 5))
spec="$(date -u -d "@$((now - 60))" +%H:%M:%S)-$(date -u -d "@$end" +%H:%M:%S)"
in_scan "$IOMT" scan --db "$DB" -q --rate 10 --ports "$PORTS" \
    --window "$spec" 198.18.0.0/24 >"$T/out1" 2>&1
rc=$?
cat "$T/out1"
check "closing window: exit status 0 (got $rc)" [ "$rc" = 0 ]
status=$(sqlite3 "$DB" 'SELECT status FROM scans ORDER BY id DESC LIMIT 1;')
check "closing window: scan recorded as paused ($status)" [ "$status" = paused ]
check "closing window: one-line paused message" \
    grep -q "paused: the window $spec closed with [0-9]* of 256 addresses done, [0-9]* left" "$T/out1"
done_n=$(sed -n 's/.*closed with \([0-9]*\) of 256.*/\1/p' "$T/out1")
check "closing window: some addresses done, some left (${done_n:-?})" \
    [ "${done_n:-0}" -gt 0 -a "${done_n:-256}" -lt 256 ]
sent=$(sqlite3 "$DB" 'SELECT count(*) FROM audit;')
check "closing window: probes were sent before the end ($sent)" [ "${sent:-0}" -gt 0 ]
late=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE t_us >= $end * 1000000;")
check "closing window: nothing sent at or after the end ($late rows)" [ "$late" = 0 ]
stats=$(sqlite3 "$DB" 'SELECT stats FROM scans ORDER BY id DESC LIMIT 1;')
check "closing window: hosts_done in the scan's stats" \
    sh -c "echo '$stats' | grep -q '\"hosts_done\": *${done_n:-x}[,}]'"
opts=$(sqlite3 "$DB" 'SELECT options FROM scans ORDER BY id DESC LIMIT 1;')
check "closing window: the window is in the scan's options" \
    sh -c "echo '$opts' | grep -q '\"window\": *\"$spec\"'"

# 2. The window opens 4 seconds from now: the scan waits, then runs.
now=$(date -u +%s)
start=$((now + 4))
spec="$(date -u -d "@$start" +%H:%M:%S)-$(date -u -d "@$((start + 600))" +%H:%M:%S)"
in_scan "$IOMT" scan --db "$DB" -q --ports 80 --window "$spec" \
    198.18.0.10 >"$T/out2" 2>&1
rc=$?
cat "$T/out2"
check "later window: exit status 0 (got $rc)" [ "$rc" = 0 ]
check "later window: says it waits" grep -q "nothing is sent until" "$T/out2"
status=$(sqlite3 "$DB" 'SELECT status FROM scans ORDER BY id DESC LIMIT 1;')
check "later window: scan complete ($status)" [ "$status" = complete ]
first=$(sqlite3 "$DB" 'SELECT min(t_us) FROM audit WHERE scan_id = (SELECT max(id) FROM scans);')
check "later window: probes sent (${first:-none})" [ -n "$first" ]
check "later window: nothing sent before it opened" [ "${first:-0}" -ge $((start * 1000000)) ]
check "no fragile-device simulator crashed" crashed_none
finish
