#!/bin/sh
# The makers' disclosures against a real lab scan.  MDS2 forms for lab
# devices the scan can see into: the HP LaserJet (linked by model: the
# form's "LaserJet Pro M402dn" is in the identity "HP LaserJet Pro M402dn
# - IPP"), Orthanc (the identity's "Orthanc" is in "Orthanc PACS") and
# the Lantronix bridge (no model identified: linked by maker and device
# class).  Each form claims encryption in transit and lists fewer ports
# than are open, so the cleartext and undisclosed-port contradictions
# appear on exactly those hosts, on the right ports, in the JSON export
# and in show.  The CARESCAPE's form (no remote service) is imported too
# but not linked: its profile keeps the scan to ARP, so the host is only
# "GE Healthcare / medical device" and vendor alone never links.  The
# Sigma Spectrum SBOM (SPDX) reaches the Baxter pump by class.  Nothing
# crashes.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
iomt_scan 198.18.0.0/24
F="$IOMT_SRCDIR/tests/fixtures"
cat >"$T/printer.csv" <<'CSV'
Question ID,Question,Answer,Notes
DOC-1,Manufacturer Name,Hewlett Packard,
DOC-3,Device Model,LaserJet Pro M402dn,
CONN-2,Is a list of network ports and protocols available?,Yes,"TCP 80, TCP 9100, UDP 161"
TXCF-2,Is personally identifiable information encrypted prior to transmission?,Yes,
RMOT-1,Does the device permit remote service connections?,No,
CSV
cat >"$T/orthanc.csv" <<'CSV'
Question ID,Question,Answer,Notes
DOC-1,Manufacturer Name,Orthanc,
DOC-3,Device Model,Orthanc PACS,
CONN-2,Is a list of network ports and protocols available?,Yes,TCP 4242 (DICOM)
TXCF-2,Is personally identifiable information encrypted prior to transmission?,Yes,
CSV
python3 "$F/mds2/csv2xlsx.py" "$T/printer.csv" "$T/printer.xlsx"
for f in "$T/printer.xlsx" "$T/orthanc.csv" "$F/mds2/lantronix-uds2100.csv" "$F/mds2/carescape-b650.csv"; do
	"$IOMT" mds2 import --db "$DB" "$f" >/dev/null
	check "mds2 import $(basename "$f")" [ $? = 0 ]
done
"$IOMT" sbom import --db "$DB" "$F/sbom/sigma-spectrum.spdx.json" >/dev/null
check "sbom import (SPDX)" [ $? = 0 ]
"$IOMT" export --db "$DB" --format json >"$T/inv.json"
check "export" [ $? = 0 ]
check "contradictions on the lab's devices" $PY - "$T/inv.json" "$IOMT_SRCDIR/docs/json-schema/inventory.schema.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
try:
    import jsonschema
    jsonschema.validate(d, json.load(open(sys.argv[2])), cls=jsonschema.Draft202012Validator)
except ImportError:
    pass
inv = {h["ip"]: h for h in d["hosts"]}
# ip: (link, {finding: port or None})
want = {
    "198.18.0.23": ("model", {"mds2-cleartext-contradiction": 80,
                              "mds2-undisclosed-ports": 631}),
    "198.18.0.12": ("model", {"mds2-cleartext-contradiction": None,
                              "mds2-undisclosed-ports": 8042}),
    "198.18.0.22": ("class", {"mds2-cleartext-contradiction": 80}),
}
bad = []
for ip, h in sorted(inv.items()):
    got = {f["id"]: f["port"] for f in h["findings"] if f["id"].startswith("mds2-")}
    if ip not in want:
        if h["mds2"] is not None or got:
            bad.append("%s: linked %r, findings %r" % (ip, (h["mds2"] or {}).get("model"), got))
        continue
    link, fs = want[ip]
    if (h["mds2"] or {}).get("link") != link:
        bad.append("%s: link %r, expected %s" % (ip, (h["mds2"] or {}).get("link"), link))
    for k, port in fs.items():
        if k not in got:
            bad.append("%s: %s missing (have %s)" % (ip, k, sorted(got)))
        elif port is not None and got[k] != port:
            bad.append("%s: %s on port %r, expected %r" % (ip, k, got[k], port))
    for k in got:
        if k not in fs:
            bad.append("%s: unexpected %s" % (ip, k))
pump = inv["198.18.0.24"]
if (pump["sbom"] or {}).get("link") != "class" or "busybox" not in [c["name"] for c in pump["sbom"]["components"]]:
    bad.append("pump sbom %r" % pump["sbom"])
for b in bad:
    print("wrong:", b)
sys.exit(1 if bad else 0)
PYEOF
"$IOMT" show --db "$DB" 198.18.0.23 >"$T/show" 2>&1
check "show says it in plain language" grep -q "MDS2 says data is encrypted in transit, but HTTP on tcp/80 is cleartext" "$T/show"
"$IOMT" show --db "$DB" 198.18.0.25 >"$T/show25" 2>&1
check "the CARESCAPE (vendor only) is not linked" grep -q "MDS2: none on file" "$T/show25"
"$IOMT" hosts --db "$DB" --finding mds2-undisclosed-ports >"$T/hosts"
check "hosts --finding lists the printer and Orthanc" sh -c "grep -q 198.18.0.23 '$T/hosts' && grep -q 198.18.0.12 '$T/hosts' && ! grep -q 198.18.0.22 '$T/hosts'"
check "no fragile-device simulator crashed" crashed_none
finish
