#!/bin/sh
# A scan pinned to a saved plan (scan --plan FILE) whose options go beyond
# the plan is refused before anything is opened; the planned scan sends
# nothing the plan did not cover.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
in_scan "$IOMT" plan --ports 80,104 --no-snmp --save "$T/plan.json" \
    198.18.0.0/24 >"$T/plan.txt" 2>&1
check "plan saved" [ -s "$T/plan.json" ]
# A scan asking for the whole default list and SNMP is refused up front.
iomt_scan --plan "$T/plan.json" 198.18.0.0/24 2>"$T/wide.err"
rc=$?
check "a scan beyond the plan is refused (exit $rc)" [ "$rc" = 2 ]
check "the refusal names the difference" grep -q "is not in the plan" "$T/wide.err"
check "the refused scan created no database" [ ! -e "$DB" ]
# A plan worked out off the lab network (198.18.0.0/24 routed there) is
# refused on-link, where the scan would ARP instead of connecting.
if ip -4 addr | grep -q ' 198\.18\.0\.'; then
	echo "skip: this host is on 198.18.0.0/24 itself"
else
	(cd "$T" && "$IOMT" plan --ports 80,104 --no-snmp --save "$T/routed.json" \
	    198.18.0.0/24 >/dev/null 2>&1)
	iomt_scan --plan "$T/routed.json" --ports 80,104 --no-snmp 198.18.0.0/24 \
	    2>"$T/routed.err"
	rc=$?
	check "a routed plan used on-link is refused (exit $rc)" [ "$rc" = 2 ]
	check "the refusal says why" grep -q "on-link (ARP) here but the plan was saved for a routed scan" "$T/routed.err"
	check "the refused scan created no database" [ ! -e "$DB" ]
fi
# The planned scan runs, and every packet is still checked against the plan.
iomt_scan --plan "$T/plan.json" --ports 80,104 --no-snmp 198.18.0.0/24
ports=$(sqlite3 "$DB" "SELECT DISTINCT port FROM audit WHERE kind LIKE 'tcp%' ORDER BY port;" | tr '\n' ' ')
check "only the planned ports were contacted ($ports)" [ "$ports" = "80 104 " ]
udp=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE kind = 'udp';")
check "no UDP beyond the plan ($udp)" [ "$udp" = 0 ]
check "no fragile-device simulator crashed" crashed_none
finish
