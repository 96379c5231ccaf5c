#!/bin/sh
# scan --window on loopback only: a scan whose window opens in an hour
# says until when it waits and sends nothing; SIGINT while it waits ends
# it with exit 1, recorded as interrupted, no audit row.  A window open now
# scans as usual (complete, probes in the audit log).  TZ=UTC so the test
# computes the window with `date -u`.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
command -v sqlite3 >/dev/null || { echo "sqlite3 CLI missing"; exit 1; }
export TZ=UTC
now=$(date -u +%s)
spec="$(date -u -d "@$((now + 3600))" +%H:%M)-$(date -u -d "@$((now + 7200))" +%H:%M)"
"$IOMT" scan --db "$T/wait.db" -q --ports 80 --window "$spec" 127.0.0.1 \
    >"$T/out" 2>"$T/err" &
pid=$!
sleep 3
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" = 1 ] || { echo "FAIL: SIGINT while waiting: exit $rc, expected 1"; fails=$((fails+1)); }
expect_err "outside the scan window: nothing is sent until $(date -u -d "@$((now + 3600))" +%H:%M)"
status=$(sqlite3 "$T/wait.db" 'SELECT status FROM scans;')
[ "$status" = interrupted ] || { echo "FAIL: waiting scan recorded as '$status'"; fails=$((fails+1)); }
sent=$(sqlite3 "$T/wait.db" 'SELECT count(*) FROM audit;')
[ "$sent" = 0 ] || { echo "FAIL: $sent probes sent outside the window"; fails=$((fails+1)); }

spec="$(date -u -d "@$((now - 60))" +%H:%M)-$(date -u -d "@$((now + 3600))" +%H:%M)"
expect_rc 0 "$IOMT" scan --db "$T/open.db" -q --ports 80 --window "$spec" 127.0.0.1
status=$(sqlite3 "$T/open.db" 'SELECT status FROM scans;')
[ "$status" = complete ] || { echo "FAIL: open window: scan recorded as '$status'"; fails=$((fails+1)); }
sent=$(sqlite3 "$T/open.db" 'SELECT count(*) FROM audit;')
[ "${sent:-0}" -gt 0 ] || { echo "FAIL: open window: nothing sent"; fails=$((fails+1)); }
finish
