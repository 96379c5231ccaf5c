#!/bin/sh
# Identification in the lab: the real servers are identified by protocol
# and product (DCMTK, Orthanc, net-snmp, mosquitto, HL7/MLLP) and the
# simulated devices by vendor and class, each with evidence; the expected
# findings appear; nothing crashes.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
iomt_scan 198.18.0.0/24
"$IOMT" export --format json --db "$DB" >"$T/inv.json"
check "identities, evidence and findings as expected" $PY - "$T/inv.json" <<'PYEOF'
import json, sys
inv = {h["ip"]: h for h in json.load(open(sys.argv[1]))["hosts"]}
# ip: (device_class, text that must appear in vendor/model/firmware/os,
#      services that must be named, findings that must be present)
want = {
    "198.18.0.10": ("dicom-node", "DCMTK", {104: "dicom"}, ["dicom-any-ae"]),
    # dcmqrscp rejects the unknown called AE: an A-ASSOCIATE-RJ proves
    # DICOM but carries no implementation identifiers.
    "198.18.0.11": ("dicom-node", "", {11112: "dicom"}, []),
    "198.18.0.12": ("pacs", "Orthanc", {4242: "dicom", 8042: "http"}, []),
    "198.18.0.13": ("network-device", "", {161: "snmp"}, ["snmp-default-community"]),
    "198.18.0.14": ("mqtt-broker", "", {1883: "mqtt"}, ["mqtt-anonymous"]),
    "198.18.0.15": ("hl7-interface", "", {2575: None}, []),
    "198.18.0.20": ("infusion-pump", "Alaris", {}, []),
    "198.18.0.21": ("patient-monitor", "Philips", {}, []),
    "198.18.0.22": ("serial-bridge", "Lantronix", {}, []),
    "198.18.0.23": ("printer", "HP", {9100: None}, []),
    "198.18.0.24": ("infusion-pump", "Baxter", {}, []),
    # CARESCAPE matches a fragile profile that allows nothing beyond ARP:
    # its identity rests on the MAC alone, so only "medical device".
    "198.18.0.25": ("medical-device", "GE", {}, []),
}
fails = 0
for ip, (cls, text, svcs, finds) in sorted(want.items()):
    h = inv.get(ip)
    problems = []
    if h is None:
        print("FAIL %s: not in inventory" % ip); fails += 1; continue
    ident = h.get("identity") or {}
    if ident.get("device_class") != cls:
        problems.append("class %r != %r" % (ident.get("device_class"), cls))
    blob = " ".join(str(ident.get(k) or "") for k in
                    ("vendor", "model", "firmware", "os"))
    if text and text.lower() not in blob.lower():
        problems.append("%r not in identity %r" % (text, blob))
    if not ident.get("evidence"):
        problems.append("no evidence")
    named = {s["port"]: s.get("service") for s in h.get("services", [])}
    for port, name in svcs.items():
        if port not in named:
            problems.append("port %d missing" % port)
        elif name and named[port] != name:
            problems.append("port %d service %r != %r" % (port, named[port], name))
    have = {f["id"] for f in h.get("findings", [])}
    for f in finds:
        if f not in have:
            problems.append("finding %s missing (have %s)" % (f, sorted(have)))
    if problems:
        print("FAIL %s: %s" % (ip, "; ".join(problems))); fails += 1
    else:
        print("ok   %s: %s / %s (%s%%)" % (ip, ident.get("vendor"), cls,
                                         ident.get("confidence")))
sys.exit(1 if fails else 0)
PYEOF
check "no fragile-device simulator crashed" crashed_none
finish
