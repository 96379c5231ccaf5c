#!/bin/sh
# export --format xlsx on a real scan of the demo network: a workbook
# Excel opens (checked as Office Open XML with Python's zipfile and XML
# parser), Japanese headers under LANG=ja_JP.UTF-8 and English ones
# otherwise, the header row frozen with an autofilter, every device on the
# ledger sheet, and the sheet reads back through reconcile as a ledger
# with every device that has a MAC matched by MAC.  Refuses to write the
# binary to a terminal.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
iomt_scan 198.18.0.0/24
LANG=ja_JP.UTF-8 "$IOMT" export --db "$DB" --format xlsx >"$T/ja.xlsx"
check "xlsx exits 0" [ $? = 0 ]
LANG=C "$IOMT" export --db "$DB" --format xlsx >"$T/en.xlsx"
"$IOMT" export --db "$DB" --format json >"$T/inv.json"
check "workbook shape" $PY - "$T/ja.xlsx" "$T/en.xlsx" "$T/inv.json" <<'PYEOF'
import json, sys, zipfile, xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
def need(c, msg):
    if not c:
        print("wrong:", msg); sys.exit(1)
inv = json.load(open(sys.argv[3]))
for path, first, sheet in ((sys.argv[1], "管理番号", "機器台帳"), (sys.argv[2], "Asset ID", "Devices")):
    z = zipfile.ZipFile(path)
    need(z.testzip() is None, "zip intact")
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    names = [s.get("name") for s in wb.iter("{%s}sheet" % ns["m"])]
    need(names[0] == sheet and len(names) == 2, "sheets %s" % names)
    strs = ["".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
    sh = z.read("xl/worksheets/sheet1.xml").decode()
    need('ySplit="1"' in sh and "<autoFilter" in sh, "frozen header and autofilter")
    need(strs and strs[0] == first, "first header %r" % strs[:1])
    for h in inv["hosts"]:
        need(h["ip"] in strs, "host %s on the sheet" % h["ip"])
PYEOF
"$IOMT" reconcile --db "$DB" --ledger "$T/ja.xlsx" --format json >"$T/rc.json"
check "reconcile reads the workbook back" [ $? = 0 ]
check "every device with a MAC matched by MAC" $PY - "$T/rc.json" "$T/inv.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1])); inv = json.load(open(sys.argv[2]))
withmac = {h["ip"] for h in inv["hosts"] if h.get("mac")}
got = {m["network"]["ip"] for m in r["matched"] if m["matched_by"] == "mac"}
if got != withmac or r["missing"]:
    print("wrong:", sorted(withmac - got), r["missing"]); sys.exit(1)
PYEOF
if command -v script >/dev/null 2>&1; then
	script -qec "$IOMT export --db $DB --format xlsx" /dev/null >"$T/tty.out" 2>&1
	check "refuses to write a workbook to a terminal" grep -q "redirect it to a file" "$T/tty.out"
fi
finish
