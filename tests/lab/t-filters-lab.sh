#!/bin/sh
# The filters of `hosts` and `export` (--class, --vendor, --subnet,
# --finding, --fragile, --unmanaged, --seen-since) on a real scan of the
# lab: each gives the hosts the lab's ground truth (contrib/lab/devices.tsv:
# classes, OUI vendors, fragile kind) and the unfiltered export say it
# should, and the table and every export format (JSON, CSV, CycloneDX,
# the diagram, the workbook) list the same hosts.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up --hosts 3
iomt_scan 198.18.0.0/24
check "scan exits 0" [ $? = 0 ]
"$IOMT" export --db "$DB" --format json >"$T/all.json"

# got ARGS...: the addresses hosts, export json and export csv list (one
# line each, sorted numerically); exits non-zero if they disagree.
got() {
	"$IOMT" hosts --db "$DB" "$@" >"$T/h.txt" || return 1
	"$IOMT" export --db "$DB" --format json "$@" >"$T/h.json" || return 1
	"$IOMT" export --db "$DB" --format csv "$@" >"$T/h.csv" || return 1
	"$IOMT" export --db "$DB" --format cyclonedx "$@" >"$T/h.cdx" || return 1
	"$IOMT" export --db "$DB" --format dot "$@" >"$T/h.dot" || return 1
	"$IOMT" export --db "$DB" --format xlsx "$@" >"$T/h.xlsx" || return 1
	$PY - "$T/h.txt" "$T/h.json" "$T/h.csv" "$T/h.cdx" "$T/h.dot" "$T/h.xlsx" <<'PYEOF'
import csv, json, re, sys, zipfile
key = lambda a: tuple(int(x) for x in a.split("."))
t = sorted(set(re.findall(r"^(198\.18\.0\.\d+) ", open(sys.argv[1], encoding="utf-8").read(), re.M)), key=key)
j = sorted({h["ip"] for h in json.load(open(sys.argv[2], encoding="utf-8"))["hosts"]}, key=key)
c = sorted({r["ip"] for r in csv.DictReader(open(sys.argv[3], encoding="utf-8", newline=""))}, key=key)
x = sorted({p["value"] for d in json.load(open(sys.argv[4], encoding="utf-8")).get("components", [])
            for p in d.get("properties", []) if p["name"] == "iomtscan:ip"}, key=key)
g = sorted(set(re.findall(r'^\s*"(198\.18\.0\.\d+)"\s*\[', open(sys.argv[5], encoding="utf-8").read(), re.M)), key=key)
# one scan: the changes sheet is empty, so the workbook's addresses are
# the device (and findings) sheets' hosts
with zipfile.ZipFile(sys.argv[6]) as z:
    text = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
w = sorted(set(re.findall(r">(198\.18\.0\.\d+)<", text)), key=key)
if not (t == j == c == x == g == w):
    print("disagree: table", t, "json", j, "csv", c, "cyclonedx", x, "dot", g, "xlsx", w); sys.exit(1)
print(" ".join(t))
PYEOF
}
# want "EXPECTED" ARGS...: the filter gives exactly EXPECTED.
want() {
	exp=$1
	shift
	g=$(got "$@") || { echo "FAIL: $*: $g"; fails=$((fails + 1)); return; }
	if [ "$g" = "$exp" ]; then
		echo "ok: $* -> ${exp:-(none)}"
	else
		echo "FAIL: $*: got '$g', expected '$exp'"
		fails=$((fails + 1))
	fi
}
# truth PYTHON-EXPR: the addresses of the unfiltered export's hosts h for
# which the expression holds, sorted (d: the devices.tsv rows by ip).
truth() {
	$PY - "$T/all.json" "$DEVICES" "$1" <<'PYEOF'
import csv, json, sys
d = {r["ip"]: r for r in csv.DictReader(open(sys.argv[2]), delimiter="\t")}
hs = json.load(open(sys.argv[1], encoding="utf-8"))["hosts"]
sel = [h["ip"] for h in hs if eval(sys.argv[3], {"d": d, "h": h})]
print(" ".join(sorted(sel, key=lambda a: tuple(int(x) for x in a.split(".")))))
PYEOF
}
ALL=$(truth 'True')
check "the scan found every device of devices.tsv and the 3 filler hosts" \
    [ "$(echo "$ALL" | wc -w)" = $(($(tail -n +2 "$DEVICES" | wc -l) + 3)) ]
want "$ALL"

# --class: the identity's class, as the lab's ground truth names it.
want "198.18.0.20 198.18.0.24" --class infusion-pump
want "$(truth 'h["ip"] in d and d[h["ip"]]["class"] == "infusion-pump"')" --class infusion-pump
want "198.18.0.10 198.18.0.11" --class dicom-node
want "198.18.0.12" --class pacs
want "198.18.0.23" --class printer
want "198.18.0.22" --class serial-bridge
want "" --class ventilator
# --vendor: identity or OUI registry name, any case.
want "198.18.0.24" --vendor baxter
want "198.18.0.21" --vendor PHILIPS
want "$(truth '"dell" in ((h["oui_vendor"] or "") + ((h["identity"] or {}).get("vendor") or "")).lower()')" --vendor Dell
check "--vendor Dell finds the DICOM node and the Dell filler" [ "$(got --vendor Dell)" = "198.18.0.10 198.18.0.100" ]
# --subnet
want "198.18.0.20 198.18.0.21 198.18.0.22 198.18.0.23" --subnet 198.18.0.20/30
want "198.18.0.100 198.18.0.101 198.18.0.102" --subnet 198.18.0.96/27
want "198.18.0.25" --subnet 198.18.0.25
want "$ALL" --subnet 198.18.0.0/24
want "" --subnet 198.18.1.0/24
# --fragile: exactly the lab's fragile simulators, as the NOTE column and
# the export's "fragile" say (the printer's profile needs its open raw
# print ports, which the scan learns only after it stored a match).
want "$(awk -F'\t' '$4 == "fragile" { printf "%s%s", s, $1; s = " " }' "$DEVICES")" --fragile
want "$(truth 'h.get("fragile") is not None')" --fragile
# --finding by id and by severity, against the findings the scan stored.
want "198.18.0.100" --finding remote-access-ssh
want "198.18.0.101" --finding remote-access-rdp
# Every finding id the scan stored (at least three different ones).
ids=$($PY -c 'import json, sys
print(" ".join(sorted({f["id"] for h in json.load(open(sys.argv[1]))["hosts"] for f in h["findings"]})))' "$T/all.json")
check "the scan stored at least 3 kinds of finding ($ids)" [ "$(echo "$ids" | wc -w)" -ge 3 ]
for f in $ids; do
	want "$(truth "any(x['id'] == '$f' for x in h['findings'])")" --finding "$f"
done
for sev in info low medium high; do
	want "$(truth "any(['info','low','medium','high'].index(x['severity']) >= ['info','low','medium','high'].index('$sev') for x in h['findings'])")" --finding "$sev"
done
# --seen-since: a duration back from the inventory's clock, or a date.
want "$ALL" --seen-since 1h
want "$ALL" --seen-since "$(date -u -d yesterday +%Y-%m-%d)"
want "" --seen-since "$(date -u -d tomorrow +%Y-%m-%d)"
want "" --seen-since 2999-01-01T00:00:00Z
# --unmanaged: a ledger ID makes a host managed; criteria combine (AND).
want "$ALL" --unmanaged
"$IOMT" annotate --db "$DB" 198.18.0.24 --ledger-id ME-0024 >/dev/null
want "$(truth 'h["ip"] != "198.18.0.24"')" --unmanaged
want "198.18.0.20" --class infusion-pump --unmanaged
want "198.18.0.24" --class infusion-pump --vendor baxter --fragile --subnet 198.18.0.16/28
check "no fragile-device simulator crashed" crashed_none
finish
