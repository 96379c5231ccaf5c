#!/bin/sh
# A default scan of the lab finds every host with the right MAC and vendor
# and every open port on the default list (within each host's policy),
# records every probe in the audit log, sends no HL7 message, crashes no
# fragile-device simulator, and `iomtscan check` finds every policy kept.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
iomt_scan 198.18.0.0/24
rc=$?
check "scan exits 0 (got $rc)" [ "$rc" = 0 ]
"$IOMT" export --format json --db "$DB" >"$T/inv.json"
check "every lab device found with MAC, vendor and open ports" \
    $PY "$IOMT_SRCDIR/tests/lab/check_inventory.py" "$T/inv.json" "$DEVICES"
check "no fragile-device simulator crashed" crashed_none
"$IOMT" check --db "$DB" >"$T/check.out" 2>&1
rc=$?
check "iomtscan check: every policy was kept (exit $rc)" [ "$rc" = 0 ]
check "iomtscan check lists the fragile devices" grep -q "philips-intellivue" "$T/check.out"
n=$("$IOMT" audit --db "$DB" | grep -c .)
check "audit log records the probes ($n lines)" [ "$n" -gt 50 ]
check "audit of one host lists its probes" sh -c "'$IOMT' audit 198.18.0.10 --db '$DB' | grep -q tcp"
if [ -f "/run/iomt-lab/$NAME/hl7-messages.log" ]; then
	check "the HL7 listener received no message" [ ! -s "/run/iomt-lab/$NAME/hl7-messages.log" ]
fi
finish
