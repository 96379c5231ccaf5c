#!/bin/sh
# An SNMP reply the probe cannot parse (bytes that are not BER) is not
# dropped without a trace: the host's inventory holds a probe.error for
# udp/161, as for TCP probes.  The responder runs in a filler host's
# namespace of the lab (198.18.0.100).
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up --hosts 1
bash "$LAB" --name "$NAME" exec 198.18.0.100 "$PY" -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("198.18.0.100", 161))
s.settimeout(60)
try:
    while True:
        d, a = s.recvfrom(2048)
        s.sendto(bytes.fromhex("deadbeef0001ff7f3082"), a)
except socket.timeout:
    pass
' >"$T/responder.log" 2>&1 &
resp=$!
sleep 1
iomt_scan --ports 80 --no-scripts 198.18.0.100
err=$(sqlite3 "$DB" "SELECT value FROM observations WHERE proto = 'udp' AND port = 161 AND key = 'probe.error';")
check "the unparsable SNMP reply is recorded as probe.error ($err)" [ -n "$err" ]
kill "$resp" 2>/dev/null
wait "$resp" 2>/dev/null
finish
