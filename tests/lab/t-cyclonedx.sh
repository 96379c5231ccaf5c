#!/bin/sh
# export --format cyclonedx on a real scan of the demo network: the BOM
# passes the official CycloneDX 1.6 schema (strict), has one device per
# host with its address and MAC, and the software the real servers showed
# on the wire: DCMTK with its CPE from the DICOM implementation version.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
npm=$(sh "$IOMT_SRCDIR/tests/tools/npm-deps.sh") || exit $?
lab_up
iomt_scan --ports 80,104,4242,8042,11112,1883,2575 198.18.0.0/24
"$IOMT" export --db "$DB" --format cyclonedx >"$T/bom.json"
check "export exits 0" [ $? = 0 ]
check "valid against the CycloneDX 1.6 schema" \
    node "$IOMT_SRCDIR/tests/tools/validate-cyclonedx.js" "$npm/node_modules" "$T/bom.json"
"$IOMT" export --db "$DB" --format json >"$T/inv.json"
check "devices and software as scanned" $PY - "$T/bom.json" "$T/inv.json" <<'PYEOF'
import json, sys
bom = json.load(open(sys.argv[1])); inv = json.load(open(sys.argv[2]))
def need(c, msg):
    if not c:
        print("wrong:", msg); sys.exit(1)
dev = {next(p["value"] for p in c["properties"] if p["name"] == "iomtscan:ip"): c
       for c in bom["components"]}
need(all(c["type"] == "device" for c in bom["components"]), "every top component is a device")
need(set(dev) == {h["ip"] for h in inv["hosts"]}, "one device per inventory host")
refs = [c["bom-ref"] for c in bom["components"]] + [s["bom-ref"] for c in bom["components"] for s in c.get("components", [])]
need(len(refs) == len(set(refs)), "bom-refs unique")
sw = {s["name"]: s for s in dev["198.18.0.10"].get("components", [])}
need("DCMTK" in sw and sw["DCMTK"].get("cpe", "").startswith("cpe:2.3:a:offis:dcmtk:3."), "DCMTK on storescp with its CPE: %s" % sw)
need(bom["metadata"]["tools"]["components"][0]["name"] == "iomtscan", "tool")
PYEOF
finish
