#!/bin/sh
# Per-scan service state in the lab: scan the MQTT broker (198.18.0.14,
# 1883) and storescp (198.18.0.10, 104); stop the broker; scan again: its
# service is "closed" as of scan 2 while history keeps it open in scan 1,
# and `hosts` no longer counts it as open.  A third scan with --ports not
# including 1883 or 104 changes neither: 1883 stays closed as of scan 2,
# 104 stays open as of scan 2 with its old date.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
TGT="198.18.0.10 198.18.0.14"
# shellcheck disable=SC2086
iomt_scan $TGT
check "scan 1 finds 1883 open" sh -c "'$IOMT' hosts --db '$DB' | grep '^198.18.0.14 ' | grep -q 1883/tcp"
# Stop the broker (the processes this lab started in its namespace).
pids=$(ip netns pids "$NAME-mosquitto")
check "the broker runs" [ -n "$pids" ]
# shellcheck disable=SC2086
kill $pids
i=0
while [ -n "$(ip netns pids "$NAME-mosquitto")" ] && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
sleep 1
# shellcheck disable=SC2086
iomt_scan $TGT
# shellcheck disable=SC2086
iomt_scan --ports 22,80 $TGT
"$IOMT" hosts --db "$DB" >"$T/hosts.txt"
cat "$T/hosts.txt"
check "hosts: 1883 no longer counted open" sh -c "! grep '^198.18.0.14 ' '$T/hosts.txt' | grep -q 1883/tcp"
check "hosts: 104 still open" sh -c "grep '^198.18.0.10 ' '$T/hosts.txt' | grep -q 104/tcp"
"$IOMT" show --db "$DB" 198.18.0.14 >"$T/show.txt"
check "show: 1883 closed" grep -Eq "^  1883/tcp +closed" "$T/show.txt"
check "history is right" $PY - "$DB" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
def hist(ip, port):
    return db.execute("SELECT x.scan_id, x.state FROM service_scans x"
        " JOIN services s ON s.id = x.service_id JOIN hosts h ON h.id = s.host_id"
        " WHERE h.ip = ? AND s.port = ? ORDER BY x.scan_id", (ip, port)).fetchall()
def cur(ip, port):
    return db.execute("SELECT s.state, s.last_scan, s.last_seen FROM services s"
        " JOIN hosts h ON h.id = s.host_id WHERE h.ip = ? AND s.port = ?",
        (ip, port)).fetchone()
scans = [r[0] for r in db.execute("SELECT id FROM scans WHERE status = 'complete' ORDER BY id")]
ok = True
def need(c, msg):
    global ok
    if not c:
        print("wrong:", msg); ok = False
need(len(scans) == 3, "three complete scans: %r" % scans)
s1, s2, s3 = scans
need(hist("198.18.0.14", 1883) == [(s1, "open"), (s2, "closed")], "1883 history %r" % hist("198.18.0.14", 1883))
need(cur("198.18.0.14", 1883)[:2] == ("closed", s2), "1883 closed as of scan 2: %r" % (cur("198.18.0.14", 1883),))
need(hist("198.18.0.10", 104) == [(s1, "open"), (s2, "open")], "104 history %r" % hist("198.18.0.10", 104))
c104 = cur("198.18.0.10", 104)
need(c104[:2] == ("open", s2), "104 open as of scan 2: %r" % (c104,))
t2 = db.execute("SELECT t FROM service_scans x JOIN services s ON s.id = x.service_id"
    " WHERE s.port = 104 AND x.scan_id = ?", (s2,)).fetchone()[0]
need(c104[2] == t2, "104 keeps scan 2's date")
sys.exit(0 if ok else 1)
PYEOF
finish
