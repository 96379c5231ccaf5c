#!/bin/sh
# One answer everywhere: after a scan of the lab, the summary's "N open
# ports" is the number of open services the inventory holds (export), and
# the printer that plan and `profiles test` match to printer-raw-ports is
# shown as such by `hosts`, `show` and the export.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
in_scan "$IOMT" scan --db "$DB" 198.18.0.0/24 >"$T/scan.out" 2>"$T/scan.err"
rc=$?
check "scan exits 0 (got $rc)" [ "$rc" = 0 ]
said=$(sed -n 's/.* \([0-9][0-9]*\) open ports,.*/\1/p' "$T/scan.err" | tail -1)
"$IOMT" export --format json --db "$DB" >"$T/inv.json"
held=$($PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(sum(1 for h in d["hosts"] for s in h["services"] if s["state"] == "open"))
' "$T/inv.json")
check "the summary's open ports ($said) are the open services stored ($held)" [ "${said:-none}" = "$held" ]
"$IOMT" profiles test 198.18.0.23 --db "$DB" >"$T/ptest.out" 2>&1
check "profiles test matches the printer to printer-raw-ports" grep -q "printer-raw-ports" "$T/ptest.out"
"$IOMT" hosts --db "$DB" >"$T/hosts.out"
check "hosts shows the printer as fragile: printer-raw-ports" sh -c "grep '^198.18.0.23 ' '$T/hosts.out' | grep -q 'fragile: printer-raw-ports'"
"$IOMT" show 198.18.0.23 --db "$DB" >"$T/show.out"
check "show names the printer-raw-ports profile" grep -q "Profile .*printer-raw-ports" "$T/show.out"
check "the export names the printer-raw-ports profile" $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
h = [h for h in d["hosts"] if h["ip"] == "198.18.0.23"][0]
sys.exit(0 if h["fragile"] and "printer-raw-ports" in h["fragile"]["profile_id"] else 1)
' "$T/inv.json"
finish
