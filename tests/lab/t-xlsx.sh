#!/bin/sh
# export --format xlsx on a real scan of the demo network: a workbook
# Excel opens (checked as Office Open XML with Python's zipfile and XML
# parser), Japanese headers under LANG=ja_JP.UTF-8 and English ones
# otherwise, the header row frozen with an autofilter, every device on the
# ledger sheet, and the sheet reads back through reconcile as a ledger
# with every device that has a MAC matched by MAC.  A third sheet says
# what changed between the last two complete scans: a note while there is
# one scan; after the MQTT broker stops and a second scan, its port as
# closed.  Refuses to write the binary to a terminal.
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
    need(names[0] == sheet and len(names) == 3, "sheets %s" % names)
    strs = ["".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
    sh = z.read("xl/worksheets/sheet1.xml").decode()
    need('ySplit="1"' in sh and "<autoFilter" in sh, "frozen header and autofilter")
    need(strs and strs[0] == first, "first header %r" % strs[:1])
    for h in inv["hosts"]:
        need(h["ip"] in strs, "host %s on the sheet" % h["ip"])
    need(("Fewer than two complete scans: nothing to compare yet." if sheet == "Devices"
        else "完了したスキャンが2回未満のため、比較できません。") in strs, "changes sheet note")
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
# The broker stops; a second scan of its address: the changes sheet.
# shellcheck disable=SC2086
kill $(ip netns pids "$NAME-mosquitto")
i=0
while [ -n "$(ip netns pids "$NAME-mosquitto")" ] && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
iomt_scan 198.18.0.14
LANG=ja_JP.UTF-8 "$IOMT" export --db "$DB" --format xlsx >"$T/ja2.xlsx"
LANG=C "$IOMT" export --db "$DB" --format xlsx >"$T/en2.xlsx"
check "changes sheet" $PY - "$T/ja2.xlsx" "$T/en2.xlsx" <<'PYEOF'
import re, sys, zipfile, xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
def need(c, msg):
    if not c:
        print("wrong:", msg); sys.exit(1)
def col(ref):
    n = 0
    for ch in re.match("[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1
for path, name, title, kind in ((sys.argv[1], "変更点", "スキャン 1 (", "変更"),
                                (sys.argv[2], "Changes", "Scan 1 (", "changed")):
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    names = [s.get("name") for s in wb.iter("{%s}sheet" % ns["m"])]
    need(names[2] == name, "third sheet %r" % names)
    strs = ["".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
    sh = ET.fromstring(z.read("xl/worksheets/sheet3.xml"))
    rows = []
    for row in sh.iter("{%s}row" % ns["m"]):
        cells = [""] * 6
        for c in row.findall("m:c", ns):
            v = c.find("m:v", ns)
            if v is not None and col(c.get("r")) < 6:
                cells[col(c.get("r"))] = strs[int(v.text)] if c.get("t") == "s" else v.text
        rows.append(cells)
    need(rows[0][0].startswith(title) and "scan 2" in rows[0][0].lower().replace("スキャン", "scan"), "title %r" % rows[0][0])
    need(rows[2:] == [[kind, "198.18.0.14", "b8:27:eb:1a:2b:0e", "tcp/1883", "open", "closed"]], "rows %r" % rows[2:])
PYEOF
if command -v script >/dev/null 2>&1; then
	script -qec "$IOMT export --db $DB --format xlsx" /dev/null >"$T/tty.out" 2>&1
	check "refuses to write a workbook to a terminal" grep -q "redirect it to a file" "$T/tty.out"
fi
finish
