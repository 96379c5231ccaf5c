#!/bin/sh
# "allow snmp" in the lab: a host with a medical maker's MAC (Draeger,
# 00:10:5D, in data/device-ouis.txt and matched by no shipped profile)
# runs a real net-snmp agent.  Without an allow the scan sends it no SNMP
# packet (the plan plans none, the audit holds no udp/161 row, snmpd's
# packet dump shows nothing received); with a "host ADDR allow snmp"
# line, and then with a site profile marking it a gateway, the same scan
# identifies it over SNMP and the reason names the allow.  A "forbid udp"
# on a second line for the same host beats the allow.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up --hosts 1
H=198.18.0.100
MAC=00:10:5d:5e:00:64
bash "$LAB" --name "$NAME" exec "$H" ip link set eth0 address "$MAC"
mkdir -p "$T/snmp"
cat >"$T/snmpd.conf" <<CONF
# iomtscan lab: a Draeger gateway's SNMP agent (read-only)
agentAddress udp:$H:161
rocommunity public
sysDescr Infinity Gateway Suite VG4.0 (lab)
sysName icu-gateway-1
sysObjectID .1.3.6.1.4.1.9999.1
CONF
bash "$LAB" --name "$NAME" exec "$H" env SNMP_PERSISTENT_DIR="$T/snmp" MIBS= \
    snmpd -f -C -c "$T/snmpd.conf" -d -Lf "$T/snmpd.log" >/dev/null 2>&1 &
snmpd_pid=$!
stop_snmpd() {
	kill "$snmpd_pid" 2>/dev/null
	wait "$snmpd_pid" 2>/dev/null
}
n=0
while ! bash "$LAB" --name "$NAME" exec "$H" ss -Hlnu 2>/dev/null | grep -q ":161 "; do
	n=$((n + 1))
	[ "$n" -lt 50 ] || { echo "FAIL: snmpd did not start"; cat "$T/snmpd.log"; stop_snmpd; exit 1; }
	sleep 0.1
done
received() {
	grep -c "^Received .*->\[$H\]:161" "$T/snmpd.log" 2>/dev/null
}
udp_audit() {	# scan id
	sqlite3 "$DB" "SELECT count(*) FROM audit WHERE scan_id = $1 AND ip = '$H' AND proto = 'udp' AND port = 161;"
}
last_scan() {
	sqlite3 "$DB" 'SELECT max(id) FROM scans;'
}
sysdescr() {	# scan id
	sqlite3 "$DB" "SELECT o.value FROM observations o JOIN hosts h ON h.id = o.host_id WHERE o.scan_id = $1 AND h.ip = '$H' AND o.key = 'snmp.sysdescr';"
}

udp_planned() {	# plan JSON file
	"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
e = d["groups"] + d["hosts"]
assert any(g.get("ip", g.get("ranges", [[""]])[0][0]) == sys.argv[2] for g in e), e
print(sum(161 in g["udp"] for g in e))' "$1" "$H"
}

# 1. No allow: the medical default holds.
printf 'format 1\nsubnet 198.18.0.0/24 rate 5\n' >"$T/none.conf"
iomt_scan --policy "$T/none.conf" --ports 80 --no-scripts "$H"
sid=$(last_scan)
check "without allow: no udp/161 in the audit ($(udp_audit "$sid"))" [ "$(udp_audit "$sid")" = 0 ]
check "without allow: snmpd received nothing ($(received))" [ "$(received)" = 0 ]
check "without allow: no sysDescr recorded" [ -z "$(sysdescr "$sid")" ]
# The inventory now knows the MAC: plan from it.
in_scan "$IOMT" plan --db "$DB" --policy "$T/none.conf" --ports 80 --format json "$H" >"$T/plan0.json" 2>"$T/plan0.err"
check "plan without allow plans no udp/161" [ "$(udp_planned "$T/plan0.json")" = 0 ]
check "plan without allow gives the medical maker as the reason" grep -q "medical-device maker OUI" "$T/plan0.json"

# 2. A per-address allow line: SNMP runs, the reason names line 3.
printf 'format 1\nsubnet 198.18.0.0/24 rate 5\nhost %s allow snmp\n' "$H" >"$T/allow.conf"
in_scan "$IOMT" plan --db "$DB" --policy "$T/allow.conf" --ports 80 --format json "$H" >"$T/plan1.json" 2>"$T/plan1.err"
check "plan with allow plans udp/161" [ "$(udp_planned "$T/plan1.json")" = 1 ]
check "plan with allow names the line" grep -q "SNMP allowed by site policy line 3 (host $H)" "$T/plan1.json"
iomt_scan --policy "$T/allow.conf" --ports 80 --no-scripts "$H"
sid=$(last_scan)
check "with allow: udp/161 in the audit ($(udp_audit "$sid"))" [ "$(udp_audit "$sid")" -gt 0 ]
check "with allow: snmpd received the request ($(received))" [ "$(received)" -gt 0 ]
d=$(sysdescr "$sid")
check "with allow: identified over SNMP ($d)" sh -c "echo '$d' | grep -q 'Infinity Gateway'"
in_scan "$IOMT" check --db "$DB" --policy "$T/allow.conf" >"$T/check" 2>&1
rc=$?
check "iomtscan check: the SNMP request was within policy (rc $rc)" [ "$rc" = 0 ]
check "iomtscan check shows why SNMP was allowed" grep -q "SNMP allowed by site policy line 3" "$T/check"
in_scan "$IOMT" check --db "$DB" --policy "$T/none.conf" >"$T/check-none" 2>&1
rc=$?
check "iomtscan check without the allow flags the SNMP request (rc $rc)" [ "$rc" = 1 ]

# 3. forbid udp on another line for the same host wins.
before=$(received)
printf 'format 1\nsubnet 198.18.0.0/24 forbid udp\nhost %s allow snmp\n' "$H" >"$T/forbid.conf"
iomt_scan --policy "$T/forbid.conf" --ports 80 --no-scripts "$H"
sid=$(last_scan)
check "forbid udp wins: no udp/161 in the audit" [ "$(udp_audit "$sid")" = 0 ]
check "forbid udp wins: snmpd received nothing new" [ "$(received)" = "$before" ]

# 4. A site profile marking the device a gateway allows it too.
cat >"$T/local.conf" <<'PROF'
format 1
profile lab-draeger-gw
  vendor     Draeger
  product    Infinity gateway (lab)
  hazard     none known; tolerates SNMP polling
  level      standard
  allow      snmp
  source     lab
  reviewed   2026-12-04
  match-oui  00105D
end
PROF
in_scan "$IOMT" profiles show --profiles-local "$T/local.conf" lab-draeger-gw >"$T/show" 2>&1
check "profiles show prints the allow" grep -q "allow *snmp" "$T/show"
before=$(received)
iomt_scan --profiles-local "$T/local.conf" --policy "$T/none.conf" --ports 80 --no-scripts "$H"
sid=$(last_scan)
check "gateway profile: udp/161 in the audit" [ "$(udp_audit "$sid")" -gt 0 ]
check "gateway profile: snmpd received the request" [ "$(received)" -gt "$before" ]
stop_snmpd
check "no fragile-device simulator crashed" crashed_none
finish
