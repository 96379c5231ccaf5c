#!/bin/sh
# Site policy and memory in the lab: a subnet set to passive and an
# excluded host receive zero frames, everything else is scanned, nothing
# crashes; and a second scan uses the first scan's identities from its
# first packet: the Philips monitor, matched to its fragile profile by MAC
# in the first scan, gets not one frame in the second, even without ARP.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
cat >"$T/policy.conf" <<'POL'
format 1
# monitoring VLAN: passive only
subnet 198.18.0.24/31 level passive
exclude 198.18.0.22
POL
bash "$LAB" reset-counters --name "$NAME" >/dev/null 2>&1
iomt_scan --policy "$T/policy.conf" 198.18.0.0/24
for ip in 198.18.0.24 198.18.0.25 198.18.0.22; do
	f=$(bash "$LAB" frames "$ip" --name "$NAME")
	check "$ip (passive subnet or excluded) received 0 frames (got $f)" [ "$f" = 0 ]
done
f=$(bash "$LAB" frames 198.18.0.21 --name "$NAME")
check "198.18.0.21 outside the rule was scanned ($f frames)" [ "$f" -gt 0 ]
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE ip = '198.18.0.24';")
check "audit shows nothing sent to the passive host ($n)" [ "$n" = 0 ]
check "no fragile-device simulator crashed" crashed_none

# Second scan, connect discovery only: no MAC is seen this time, yet the
# inventory remembers the monitor's MAC, identity and profile.
bash "$LAB" reset-counters --name "$NAME" >/dev/null 2>&1
iomt_scan --no-arp 198.18.0.21 198.18.0.10
f=$(bash "$LAB" frames 198.18.0.21 --name "$NAME")
check "second scan: 198.18.0.21 received 0 frames (got $f)" [ "$f" = 0 ]
sid=$(sqlite3 "$DB" 'SELECT max(id) FROM scans;')
st=$(sqlite3 "$DB" "SELECT state FROM host_scans hs JOIN hosts h ON h.id = hs.host_id WHERE hs.scan_id = $sid AND h.ip = '198.18.0.21';")
check "second scan: 198.18.0.21 recorded as held ($st)" [ "$st" = held ]
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE scan_id = $sid AND ip = '198.18.0.10';")
check "second scan: the other host was scanned ($n probes)" [ "$n" -gt 0 ]
check "no fragile-device simulator crashed" crashed_none
finish
