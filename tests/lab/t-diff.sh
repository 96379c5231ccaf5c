#!/bin/sh
# `iomtscan diff` in the lab: scan, change the lab, scan again, and the
# diff says exactly what changed.  Between the scans a device leaves
# (dcmqrscp's link goes down), a service stops (the MQTT broker is
# killed; the Raspberry Pi still answers ARP), a device is replaced
# (storescp's address answers with a new MAC), a device moves (the HL7
# listener's MAC answers on 198.18.0.30, reported once as "moved", not as
# one removed and one added), one device is excluded with --exclude and
# the Philips monitor is held passive by its fragile profile: both are
# "not checked", never "removed".  Checked in JSON (parsed) and in text.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
TGT="198.18.0.10-15 198.18.0.21 198.18.0.30"
PORTS=104,11112,4242,8042,1883,2575,80
# shellcheck disable=SC2086
iomt_scan -p "$PORTS" $TGT
"$IOMT" hosts --db "$DB" >"$T/hosts1.txt"
cat "$T/hosts1.txt"

# A device leaves: its processes stop and its link goes down.
# shellcheck disable=SC2086
kill $(ip netns pids "$NAME-dcmqrscp") 2>/dev/null
ip -n "$NAME-dcmqrscp" link set eth0 down
# A service stops: the broker's processes, the host stays.
pids=$(ip netns pids "$NAME-mosquitto")
check "the broker runs" [ -n "$pids" ]
# shellcheck disable=SC2086
kill $pids
i=0
while [ -n "$(ip netns pids "$NAME-mosquitto")" ] && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
# A device is replaced: same address, another MAC.
ip -n "$NAME-storescp" link set eth0 address 00:14:22:99:99:0a
# A device moves: same MAC, another address.
ip -n "$NAME-hl7" addr del 198.18.0.15/24 dev eth0
ip -n "$NAME-hl7" addr add 198.18.0.30/24 dev eth0
ip -n "$NAME-scan" neigh flush all
sleep 1

# shellcheck disable=SC2086
iomt_scan -p "$PORTS" --exclude 198.18.0.12 $TGT
"$IOMT" hosts --db "$DB" >"$T/hosts2.txt"
cat "$T/hosts2.txt"

check "diff --format json exits 0" sh -c "'$IOMT' diff --db '$DB' --format json >'$T/diff.json'"
cat "$T/diff.json"
check "the diff JSON is valid and closed in every object" $PY \
    "$IOMT_SRCDIR/tests/fixtures/export/check_export.py" closed "$T/diff.json" \
    "$IOMT_SRCDIR/docs/json-schema/diff.schema.json" \
    "" removed.0 not_checked.0 changed.0 changed.0.changes.0
check "the JSON says what changed" $PY - "$T/diff.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
ok = True
def need(c, msg):
    global ok
    if not c:
        print("wrong:", msg); ok = False
need(sorted(d) == ["added", "changed", "from_scan", "not_checked", "removed", "to_scan"], "keys %r" % sorted(d))
need((d["from_scan"], d["to_scan"]) == (1, 2), "scans %r" % ((d["from_scan"], d["to_scan"]),))
ips = lambda l: sorted(h["ip"] for h in d[l])
need(ips("added") == [], "added %r" % ips("added"))
need(ips("removed") == ["198.18.0.11"], "removed %r" % ips("removed"))
need(d["removed"] and d["removed"][0]["mac"] == "00:17:a4:1a:2b:0b", "removed mac")
need(d["removed"] and "tcp/11112" in d["removed"][0]["services"], "removed services")
nc = {h["ip"]: h for h in d["not_checked"]}
need(sorted(nc) == ["198.18.0.12", "198.18.0.21"], "not_checked %r" % sorted(nc))
need(nc.get("198.18.0.12", {}).get("state") == "excluded", "orthanc excluded")
need(nc.get("198.18.0.21", {}).get("state") == "held", "monitor held")
ch = {h["ip"]: h for h in d["changed"]}
need(sorted(ch) == ["198.18.0.10", "198.18.0.14", "198.18.0.30"], "changed %r" % sorted(ch))
def changes(ip):
    return [(c["field"], c["before"], c["after"]) for c in ch.get(ip, {}).get("changes", [])]
need(("mac", "00:14:22:1a:2b:0a", "00:14:22:99:99:0a") in changes("198.18.0.10"), "replaced %r" % changes("198.18.0.10"))
need(changes("198.18.0.14") == [("tcp/1883", "open", "closed")], "broker %r" % changes("198.18.0.14"))
need(("ip", "198.18.0.15", "198.18.0.30") in changes("198.18.0.30"), "moved %r" % changes("198.18.0.30"))
need(ch.get("198.18.0.30", {}).get("mac") == "00:0c:29:1a:2b:0f", "moved mac")
sys.exit(0 if ok else 1)
PYEOF

check "diff (text) exits 0" sh -c "'$IOMT' diff --db '$DB' >'$T/diff.txt'"
cat "$T/diff.txt"
check "text: the counts first" sh -c "sed -n 1p '$T/diff.txt' | grep -qx '0 added, 1 removed, 2 not checked, 3 changed'"
check "text: then the scans" sh -c "sed -n 2p '$T/diff.txt' | grep -Eq '^from scan 1 \([0-9-]+ [0-9:]+ [+-][0-9]{4}\) to scan 2 \('"
check "text: removed" grep -Eq '^  198\.18\.0\.11 +00:17:a4:1a:2b:0b' "$T/diff.txt"
check "text: moved" grep -q 'moved here from 198.18.0.15 (same MAC)' "$T/diff.txt"
check "text: replaced" grep -q 'new MAC 00:14:22:99:99:0a, was 00:14:22:1a:2b:0a' "$T/diff.txt"
check "text: service stopped" grep -q 'tcp/1883 no longer open (closed now)' "$T/diff.txt"
check "text: excluded not removed" grep -Eq '^  198\.18\.0\.12 .* excluded' "$T/diff.txt"
check "text: monitor held" grep -Eq '^  198\.18\.0\.21 .* held' "$T/diff.txt"
check "no fragile-device simulator crashed" crashed_none
finish
