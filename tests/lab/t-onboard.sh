#!/bin/sh
# iomtscan onboard IP: a DICOM node (storescp, 198.18.0.10) and a fragile
# simulator (GE CARESCAPE, 198.18.0.25) onboarded one at a time.  Checks
# the identity and listening ports, the to-do list before and after
# `annotate --owner/--location`, the Japanese headings, the JSON against
# its closed schema, that a silent address exits 1, and, from a capture on
# the lab bridge, that the scanner sent no frame (ARP included) to or
# about any other lab address; no simulator crashed.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
CHK="$IOMT_SRCDIR/tests/fixtures/export/check_export.py"
SCHEMA="$IOMT_SRCDIR/docs/json-schema/onboard.schema.json"
SCAN_MAC=02:10:0d:00:00:02
DICOM=198.18.0.10
FRAGILE=198.18.0.25
SILENT=198.18.0.77
lab_up
onboard() {
	in_scan "$IOMT" onboard --db "$DB" -q "$@"
}

bash "$LAB" reset-counters --name "$NAME" >/dev/null 2>&1
ip netns exec "$NAME-br" tcpdump -i br0 -nn -e -U -w "$T/br0.pcap" \
    "ether src $SCAN_MAC" >"$T/tcpdump.log" 2>&1 &
tcpdump_pid=$!
sleep 1

onboard "$DICOM" --format json >"$T/dicom.json"
check "onboard $DICOM exits 0" [ $? = 0 ]
onboard "$FRAGILE" --lang ja >"$T/fragile-ja.txt"
check "onboard $FRAGILE exits 0" [ $? = 0 ]
check "first onboarding: the Japanese text says it answered" \
    grep -qF "機器は応答しました" "$T/fragile-ja.txt"
[ -n "${SHOW:-}" ] && cat "$T/fragile-ja.txt"
onboard "$FRAGILE" --format json >"$T/fragile-1.json"
onboard "$SILENT" --lang en >"$T/silent.txt" 2>"$T/silent.err"
check "onboard of a silent address exits 1" [ $? = 1 ]
check "and says so" grep -q "DID NOT ANSWER" "$T/silent.txt"
sleep 1

check "dicom JSON validates (closed schema)" $PY "$CHK" closed \
    "$T/dicom.json" "$SCHEMA" identity identity.fields.0 services.0 todo.0 \
    ledger mds2
check "fragile JSON validates (closed schema)" $PY "$CHK" closed \
    "$T/fragile-1.json" "$SCHEMA" fragile todo.0 identity.fields.2.evidence.0

check "identity and ports of the DICOM node" $PY - "$T/dicom.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["field"]: x for x in d["identity"]["fields"]}
ports = sorted(s["port"] for s in d["services"])
ok = d["answered"] and d["scan_id"] and not d["held"] \
    and f["device_class"]["value"] == "dicom-node" \
    and f["device_class"]["evidence"] and f["vendor"]["evidence"] \
    and "DCMTK" in (f["firmware"]["value"] or "") \
    and ports == [104] and d["mac"] == "00:14:22:1a:2b:0a"
todo = {t["id"]: t["done"] for t in d["todo"]}
ok = ok and not any(todo.values()) and set(todo) == {"owner", "location",
    "ledger_id", "contract", "remote", "os_support", "mds2"}
if not ok:
    print(json.dumps(d, indent=1, ensure_ascii=False)[:3000])
sys.exit(0 if ok else 1)
EOF
# The CARESCAPE's profile (ge-carescape, by its Datex OUI) makes it
# passive: it answers ARP, then nothing more is sent, now and later.
check "identity and fragile profile of the CARESCAPE; held, no port probed" \
    $PY - "$T/fragile-1.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["field"]: x for x in d["identity"]["fields"]}
ok = d["held"] and d["state"] == "held" and d["known"] \
    and f["device_class"]["value"] == "medical-device" \
    and f["device_class"]["evidence"] \
    and "GE" in (f["vendor"]["value"] or "") \
    and d["fragile"]["profiles"] == "ge-carescape" \
    and d["services"] == [] and d["mac"] == "00:40:97:1a:2b:19"
if not ok:
    print(json.dumps(d, indent=1, ensure_ascii=False)[:3000])
sys.exit(0 if ok else 1)
EOF
for h in "機器の識別（根拠つき）" "待ち受けているポート" "検出事項" \
    "壊れやすい機器のプロファイル" "台帳" "やること（記録に足りないもの）"; do
	check "Japanese text has heading $h" grep -qF "$h" "$T/fragile-ja.txt"
done
check "Japanese to-do asks for the owner" grep -qF -- "--owner 部署名" \
    "$T/fragile-ja.txt"

"$IOMT" annotate --db "$DB" "$FRAGILE" --owner 臨床工学部 --location "ICU 3" \
    >/dev/null
onboard "$FRAGILE" --format json >"$T/fragile-2.json"
check "to-do after annotate: owner and location done, the rest not" $PY - \
    "$T/fragile-1.json" "$T/fragile-2.json" <<'EOF'
import json, sys
a = {t["id"]: t["done"] for t in json.load(open(sys.argv[1]))["todo"]}
d = json.load(open(sys.argv[2]))
b = {t["id"]: t["done"] for t in d["todo"]}
ok = not a["owner"] and not a["location"] and b["owner"] and b["location"] \
    and not b["contract"] and not b["remote"] and not b["os_support"] \
    and d["ledger"]["annotations"].get("owner") == "臨床工学部" \
    and not d["ledger"]["found"]
sys.exit(0 if ok else 1)
EOF

# A ledger row for the DICOM node, with a maintenance contract, applied:
# onboarding it again finds the row, the contract, the reconcile run.
printf '管理番号,機器名称,設置場所,管理部署,IPアドレス,保守契約\r\nME-10,画像保存サーバ,サーバ室,放射線科,%s,"DCMTK保守 2027-03まで"\r\n' \
    "$DICOM" >"$T/ledger.csv"
"$IOMT" reconcile --db "$DB" --ledger "$T/ledger.csv" --apply >"$T/rc.txt"
check "reconcile --apply exits 0" [ $? = 0 ]
onboard "$DICOM" --format json >"$T/dicom-2.json"
check "dicom JSON after reconcile validates (closed schema)" $PY "$CHK" \
    closed "$T/dicom-2.json" "$SCHEMA" ledger ledger.last_reconcile
check "after reconcile: ledger row found, contract recorded, run shown" \
    $PY - "$T/dicom-2.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
led, todo = d["ledger"], {t["id"]: t["done"] for t in d["todo"]}
ok = led["found"] and led["ledger_id"] == "ME-10" \
    and led["last_reconcile"] and led["last_reconcile"]["matched"] == 1 \
    and led["annotations"].get("contract") == "DCMTK保守 2027-03まで" \
    and todo["contract"] and todo["owner"] and todo["location"] \
    and todo["ledger_id"] and not todo["os_support"] and not todo["remote"]
if not ok:
    print(json.dumps(d["ledger"], ensure_ascii=False), todo)
sys.exit(0 if ok else 1)
EOF
sleep 1
kill "$tcpdump_pid" 2>/dev/null
wait "$tcpdump_pid" 2>/dev/null

# Every frame the scanner sent: ARP only about an onboarded address, IP
# only to the DICOM node or the silent address (none to the held CARESCAPE).
tcpdump -r "$T/br0.pcap" -nn >"$T/br0.txt" 2>/dev/null
check "the capture saw the scanner's frames" [ -s "$T/br0.txt" ]
check "no frame to or about any other lab address" $PY - "$T/br0.txt" \
    "$DICOM" "$FRAGILE" "$SILENT" <<'EOF'
import re, sys
ok_ips = set(sys.argv[2:])
bad, n = [], 0
for line in open(sys.argv[1]):
    n += 1
    m = re.search(r"ARP, Request who-has (\S+)", line)
    if m:
        if m.group(1) not in ok_ips:
            bad.append(line)
        continue
    m = re.search(r"IP 198\.18\.0\.2\.\d+ > (\d+\.\d+\.\d+\.\d+)\.\d+", line)
    if m and m.group(1) in ok_ips and m.group(1) != "198.18.0.25":
        continue
    bad.append(line)
sys.stdout.write("".join(bad[:20]))
print("%d frames from the scanner, %d not to an onboarded address" % (n, len(bad)))
sys.exit(0 if n > 0 and not bad else 1)
EOF
others=0
for ip in $(awk -F'\t' '$4 == "fragile" { print $1 }' "$DEVICES"); do
	[ "$ip" = "$FRAGILE" ] && continue
	f=$(bash "$LAB" frames "$ip" --name "$NAME")
	[ "$f" = 0 ] || { echo "$ip received $f frames"; others=$((others + 1)); }
done
check "no other fragile simulator received a frame" [ "$others" = 0 ]
check "the six onboardings are six scans in the inventory" $PY - "$DB" <<'EOF'
import sqlite3, sys
n = sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM scans").fetchone()[0]
sys.exit(0 if n == 6 else 1)
EOF
check "no fragile-device simulator crashed" crashed_none
finish
