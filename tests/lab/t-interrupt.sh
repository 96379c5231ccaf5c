#!/bin/sh
# A scan interrupted by SIGINT, SIGTERM or kill -9 leaves a consistent
# database that keeps what was found; SIGINT/SIGTERM end with status 1 and
# the scan recorded as interrupted; a killed scan is marked aborted later.
# A short port list keeps four scans in a row under the simulators' port-
# sweep limit (30 SYNs to closed ports a minute).
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
command -v sqlite3 >/dev/null || { echo "sqlite3 CLI missing"; exit 1; }
for sig in INT TERM KILL; do
	db="$T/$sig.db"
	ip netns exec "$NAME-scan" "$IOMT" scan --db "$db" -q --ports 80,104,443,1883,4242,8042,11112 198.18.0.0/24 &
	pid=$!
	sleep 6
	kill -"$sig" "$pid"
	wait "$pid"
	rc=$?
	ok=$(sqlite3 "$db" 'PRAGMA integrity_check;' 2>&1)
	check "SIG$sig: database integrity ($ok)" [ "$ok" = ok ]
	hosts=$(sqlite3 "$db" 'SELECT count(*) FROM hosts;' 2>&1)
	check "SIG$sig: hosts found before the signal are kept ($hosts)" [ "${hosts:-0}" -gt 0 ]
	status=$(sqlite3 "$db" 'SELECT status FROM scans ORDER BY id DESC LIMIT 1;')
	if [ "$sig" = KILL ]; then
		"$IOMT" hosts --db "$db" >/dev/null 2>&1
		check "SIG$sig: inventory still readable" [ $? = 0 ]
		in_scan "$IOMT" scan --db "$db" -q --ports 80 198.18.0.10 >/dev/null 2>&1
		status=$(sqlite3 "$db" 'SELECT status FROM scans ORDER BY id LIMIT 1;')
		check "SIG$sig: killed scan marked aborted on next open ($status)" [ "$status" = aborted ]
	else
		check "SIG$sig: exit status 1 (got $rc)" [ "$rc" = 1 ]
		check "SIG$sig: scan recorded as interrupted ($status)" [ "$status" = interrupted ]
	fi
done
check "no fragile-device simulator crashed" crashed_none
finish
