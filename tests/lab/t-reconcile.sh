#!/bin/sh
# reconcile in the lab: a CP932 ledger with a title row, mixed MAC
# notations and full-width digits, against a real scan of the demo
# network.  Checks each list: matched by MAC, matched by IP with the MAC
# differing (device replaced), matched by MAC with the IP differing
# (device moved), missing (probed, silent), not checked (held passive by
# policy, outside the targets, MAC only), unmanaged (every other device);
# and that a bad ledger exits 2 leaving the inventory unchanged.  Then
# --apply: the matched rows' owner, location, ID and name land in the
# annotations (show, export), a second --apply changes nothing, and a MAC
# names its host for annotate.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
cat >"$T/policy.conf" <<'POL'
format 1
subnet 198.18.0.24/31 level passive
POL
iomt_scan --policy "$T/policy.conf" 198.18.0.0/24
cat >"$T/ledger.utf8" <<'CSV'
医療機器台帳,,,,,,,
令和8年12月 臨床工学部,,,,,,,
管理番号,機器名称,メーカー,型式,設置場所,管理部署,IPアドレス,MACアドレス
ME-1,画像受信サーバ,DCMTK,storescp,放射線科,放射線科,198.18.0.10,0014.221a.2b0a
ME-2,PACS,Orthanc,1.10,サーバ室,情報システム課,198.18.0.12,00-25-90-FF-FF-FF
ME-3,検索サーバ,DCMTK,dcmqrscp,サーバ室,情報システム課,198.18.0.111,00:17:A4:1A:2B:0B
ME-4,輸液ポンプ,BD,Alaris 8015,3階東,臨床工学部,１９８．１８．０．２０,-
ME-5,輸液ポンプ（予備）,テルモ,TE-261,倉庫,臨床工学部,198.18.0.99,
ME-6,輸液ポンプ,Baxter,Sigma Spectrum,ICU,臨床工学部,198.18.0.24,
ME-7,別棟モニタ,日本光電,BSM,別棟,臨床工学部,198.19.0.5,
ME-8,心電計,フクダ電子,FCP,外来,臨床工学部,,00:80:a3:99:99:99
CSV
iconv -f UTF-8 -t CP932 "$T/ledger.utf8" | sed 's/$/\r/' >"$T/ledger.csv"
"$IOMT" reconcile --db "$DB" --ledger "$T/ledger.csv" --format json >"$T/rc.json"
check "reconcile exits 0" [ $? = 0 ]
check "lists are right" $PY - "$T/rc.json" "$DEVICES" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
by = {m["ledger"]["id"]: m for m in r["matched"]}
def need(c, msg):
    if not c:
        print("wrong:", msg); print(json.dumps(r, ensure_ascii=False, indent=1)); sys.exit(1)
need(r["ledger"]["encoding"] == "cp932" and r["ledger"]["header_row"] == 3, "ledger header/encoding")
need(by["ME-1"]["matched_by"] == "mac" and by["ME-1"]["differences"] == [], "ME-1 by mac")
need(by["ME-1"]["ledger"]["name"] == "画像受信サーバ", "Japanese kept")
need(by["ME-2"]["matched_by"] == "ip" and by["ME-2"]["differences"][0]["field"] == "mac", "ME-2 replaced")
need(by["ME-3"]["matched_by"] == "mac" and by["ME-3"]["differences"][0] == {"field": "ip", "ledger": "198.18.0.111", "network": "198.18.0.11"}, "ME-3 moved")
need(by["ME-4"]["network"]["ip"] == "198.18.0.20", "ME-4 full-width IP")
need([m["id"] for m in r["missing"]] == ["ME-5"], "missing is exactly ME-5")
nc = {m["id"]: m["reason"] for m in r["not_checked"]}
need({"ME-6", "ME-7", "ME-8"} <= set(nc), "not checked")
need("outside" in nc["ME-7"], "not-checked reasons")
need("passive" in nc["ME-6"], "ME-6 (a passive subnet, never in the inventory) held passive")
un = {h["ip"] for h in r["unmanaged"]}
need("198.18.0.13" in un and "198.18.0.10" not in un and "198.18.0.24" not in un, "unmanaged")
PYEOF
"$IOMT" reconcile --db "$DB" --ledger "$T/ledger.csv" >"$T/rc.txt"
cat "$T/rc.txt"
check "text report names the missing pump" grep -q "ME-5" "$T/rc.txt"
check "text report shows Japanese as UTF-8" grep -q "輸液ポンプ（予備）" "$T/rc.txt"
"$IOMT" reconcile --db "$DB" --ledger "$T/ledger.csv" --format csv >"$T/rc.csv"
check "csv has one line per row and unmanaged host" [ "$(grep -c . "$T/rc.csv")" -gt 8 ]
sum=$(md5sum <"$DB")
printf '管理番号,IPアドレス,MACアドレス\r\nX,198.18.0.10,00:14:22\r\n' >"$T/bad.csv"
"$IOMT" reconcile --db "$DB" --ledger "$T/bad.csv" 2>"$T/bad.err"
check "bad ledger exits 2" [ $? = 2 ]
check "bad ledger message names the row" grep -q "row 2, column C" "$T/bad.err"
check "inventory unchanged" [ "$(md5sum <"$DB")" = "$sum" ]
"$IOMT" reconcile --db "$DB" --ledger "$T/ledger.csv" --apply >"$T/apply.txt"
check "--apply exits 0" [ $? = 0 ]
cat "$T/apply.txt" | sed -n '/^Applied/,$p'
check "--apply names the ledger row" grep -q "198.18.0.10 *ledger_id *(none) -> ME-1 *\[reconcile $T/ledger.csv row 4\]" "$T/apply.txt"
"$IOMT" show --db "$DB" 198.18.0.11 >"$T/show.txt"
check "show has the ledger's name for the moved device" grep -q "Name         検索サーバ" "$T/show.txt"
check "show has the ledger's location" grep -q "Location     サーバ室" "$T/show.txt"
"$IOMT" export --db "$DB" >"$T/inv.json"
check "export carries the annotations" $PY - "$T/inv.json" <<'PYEOF'
import json, sys
hs = {h["ip"]: h["annotations"] for h in json.load(open(sys.argv[1]))["hosts"]}
ok = (hs["198.18.0.10"] == {"owner": "放射線科", "location": "放射線科", "ledger_id": "ME-1", "name": "画像受信サーバ"}
      and hs["198.18.0.20"]["ledger_id"] == "ME-4" and hs["198.18.0.13"] == {})
if not ok:
    print(json.dumps(hs, ensure_ascii=False, indent=1)); sys.exit(1)
PYEOF
"$IOMT" reconcile --db "$DB" --ledger "$T/ledger.csv" --apply >"$T/apply2.txt"
check "a second --apply changes nothing" grep -q "Applied: nothing to change" "$T/apply2.txt"
"$IOMT" annotate --db "$DB" 0014.221A.2B0A --note "PACS 受信" >"$T/ann.txt"
check "annotate by MAC names the host" grep -q "198.18.0.10: note = PACS 受信" "$T/ann.txt"
finish
