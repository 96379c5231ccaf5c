#!/bin/sh
# `iomtscan checklist` after a real default scan of the lab: every item is
# there with the status the lab calls for and the right devices as
# evidence.  The lab's truth (contrib/lab/devices.tsv): SNMP answers the
# community public on .13 (switch) and .23 (printer); plain HTTP on the
# printer and Orthanc; DICOM accepting any AE title and an anonymous MQTT
# broker; Telnet on .22/.24 and VNC on .25, on devices whose fragile
# profiles forbid Telnet and limit the ports probed, so the scan does not
# see them: the checklist must say those devices were not looked at in
# full (never "met", never "no remote access").  No device is in a ledger
# and nothing is on file about any.  The JSON is valid against its
# schema, which refuses unknown keys; so are the lab's inventory export
# and scan plan against theirs.  Then a ledger compared and applied makes
# the ledger item met.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
iomt_scan 198.18.0.0/24
check "scan exits 0" [ $? = 0 ]
"$IOMT" checklist --db "$DB" --format json >"$T/ck.json"
check "checklist --format json exits 0" [ $? = 0 ]
"$IOMT" export --db "$DB" >"$T/inv.json"
"$IOMT" checklist --db "$DB" --lang ja >"$T/ja.txt"
check "checklist --lang ja exits 0" [ $? = 0 ]
check "Japanese text: cleartext not met" grep -q '^\[未達成\] ⑫ ' "$T/ja.txt"
check "Japanese text: SNMP public on the switch" grep -q '198\.18\.0\.13 .*SNMP community public/private udp/161' "$T/ja.txt"
check "lab statuses and evidence" $PY - "$T/ck.json" "$T/inv.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
inv = json.load(open(sys.argv[2], encoding="utf-8"))
it = {i["id"]: i for i in d["items"]}
bad = []
def need(c, msg):
    if not c:
        bad.append(msg)
def hosts(i):
    return {h["ip"]: h["why"]["en"] for h in it[i]["hosts"]}
ips = {h["ip"] for h in inv["hosts"]}
need(len(d["items"]) == 8, "eight items")
need(d["inventory"]["hosts"] == len(ips) and len(ips) >= 12, "every lab device counted (%d)" % len(ips))
c = it["inventory"]["counts"]
need(it["inventory"]["status"] == "met", "inventory met: %s" % it["inventory"]["status"])
need(c["addresses"] == 256 and c["answered"] == len(ips) and c["breaker"] == 0, "inventory counts %r" % c)
l = it["ledger"]
need(l["status"] == "not_met" and l["counts"]["unmanaged"] == len(ips), "ledger: nothing in a ledger")
need(set(hosts("ledger")) == ips, "ledger names every device")
g = it["diagram"]
need(g["counts"]["medical"] == 4, "medical devices: the pumps and monitors %r" % g["counts"])
need({"198.18.0.20", "198.18.0.21", "198.18.0.24", "198.18.0.25"} <= set(hosts("diagram")), "medical devices without a model named")
need(g["status"] in ("not_met", "partly"), "diagram status %s" % g["status"])
# Telnet (.22, .24) and VNC (.25) sit behind fragile profiles that forbid
# Telnet and limit ports: never "no remote access".
r = it["remote-maintenance"]
need(r["status"] in ("cannot_tell", "partly", "not_met"), "remote status %s" % r["status"])
rh = hosts("remote-maintenance")
for ip in ("198.18.0.22", "198.18.0.24", "198.18.0.25"):
    need(ip in rh and ("fragile-device profile" in rh[ip] or "not in the ledger" in rh[ip]), "remote: %s named (%r)" % (ip, rh.get(ip)))
need(r["counts"]["restricted"] >= 3, "remote: restricted devices counted")
x = it["cleartext-management"]
xh = hosts("cleartext-management")
need(x["status"] == "not_met", "cleartext not met")
need(x["counts"]["snmp_public"] == 2, "SNMP public on two devices %r" % x["counts"])
for ip in ("198.18.0.13", "198.18.0.23"):
    need("SNMP community public" in xh.get(ip, ""), "SNMP public on %s" % ip)
need("HTTP tcp/80" in xh.get("198.18.0.23", ""), "the printer's plain HTTP")
need(x["counts"]["http"] >= 1, "plain HTTP counted")
for ip in ("198.18.0.22", "198.18.0.24", "198.18.0.25"):
    need(ip in xh, "cleartext: %s (Telnet/VNC not probed) named" % ip)
need("443" not in xh.get("198.18.0.20", ""), "HTTPS is not cleartext")
k = it["default-credentials"]
kh = hosts("default-credentials")
need(k["status"] == "not_met", "default credentials not met")
need("snmp-default-community" in kh.get("198.18.0.13", ""), "switch community")
need("mqtt-anonymous" in kh.get("198.18.0.14", ""), "anonymous MQTT")
need("dicom-any-ae" in kh.get("198.18.0.10", ""), "DICOM any AE")
o = it["legacy-os"]
need(o["status"] in ("partly", "cannot_tell") and o["counts"]["legacy"] == 0, "no legacy OS in the lab %r" % o["counts"])
n = it["device-knowledge"]
need(n["status"] == "not_met" and n["counts"]["gaps"] == len(ips), "every device a gap")
need(all("nothing on file" in w for w in hosts("device-knowledge").values()), "gap, not safe")
need(d["summary"]["met"] + d["summary"]["not_met"] + d["summary"]["partly"] + d["summary"]["cannot_tell"] == 8, "summary")
if bad:
    print("\n".join("wrong: " + b for b in bad))
    sys.exit(1)
PYEOF
S="$IOMT_SRCDIR/docs/json-schema"
CHK="$IOMT_SRCDIR/tests/fixtures/export/check_export.py"
check "checklist JSON valid and closed" $PY "$CHK" closed "$T/ck.json" "$S/checklist.schema.json" \
    "" items.0 items.4.hosts.0 items.4.hosts.0.why summary inventory
check "lab inventory export valid and closed" $PY "$CHK" closed "$T/inv.json" "$S/inventory.schema.json"
in_scan "$IOMT" plan --db "$DB" --format json 198.18.0.0/24 >"$T/plan.json"
check "the lab's plan valid and closed" $PY "$CHK" closed "$T/plan.json" \
    "$S/plan.schema.json" "" options groups.0 hosts.0 totals
"$IOMT" checklist --db "$DB" --format html >"$T/ck.html"
check "HTML page has the eight items" [ "$(grep -c 'class="ck-item' "$T/ck.html")" = 8 ]
check "HTML has no script" sh -c "! grep -qi '<script' '$T/ck.html'"

# The ledger: every lab device in it, compared and applied.
$PY - "$T/inv.json" "$T/ledger.csv" <<'PYEOF'
import json, sys
hs = json.load(open(sys.argv[1]))["hosts"]
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
    f.write("管理番号,機器名称,IPアドレス,MACアドレス\r\n")
    for i, h in enumerate(hs):
        f.write("ME-%d,機器%d,%s,%s\r\n" % (i + 1, i + 1, h["ip"], h["mac"] or ""))
PYEOF
"$IOMT" reconcile --db "$DB" --ledger "$T/ledger.csv" --apply >"$T/rc.txt"
check "reconcile --apply exits 0" [ $? = 0 ]
"$IOMT" checklist --db "$DB" --format json >"$T/ck2.json"
check "ledger item met after reconcile --apply" $PY - "$T/ck2.json" <<'PYEOF'
import json, sys
it = {i["id"]: i for i in json.load(open(sys.argv[1]))["items"]}
l = it["ledger"]
ok = (l["status"] == "met" and l["counts"]["unmanaged"] == 0 and l["counts"]["reconcile_runs"] == 1
      and l["counts"]["last_matched"] == l["counts"]["hosts"] and "ledger.csv" in l["evidence"]["en"])
if not ok:
    print("wrong:", l["status"], l["counts"], l["evidence"]["en"]); sys.exit(1)
PYEOF
check "no fragile-device simulator crashed" crashed_none
finish
