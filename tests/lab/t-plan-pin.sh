#!/bin/sh
# A scan pinned to a saved plan (scan --plan FILE) refuses to send
# anything the plan did not cover, whatever its own options say.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
in_scan "$IOMT" plan --ports 80,104 --no-snmp --save "$T/plan.json" \
    198.18.0.0/24 >"$T/plan.txt" 2>&1
check "plan saved" [ -s "$T/plan.json" ]
# The scan itself asks for the whole default list and SNMP.
iomt_scan --plan "$T/plan.json" 198.18.0.0/24
ports=$(sqlite3 "$DB" "SELECT DISTINCT port FROM audit WHERE kind LIKE 'tcp%' ORDER BY port;" | tr '\n' ' ')
check "only the planned ports were contacted ($ports)" [ "$ports" = "80 104 " ]
udp=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE kind = 'udp';")
check "no UDP beyond the plan ($udp)" [ "$udp" = 0 ]
check "no fragile-device simulator crashed" crashed_none
finish
