#!/bin/sh
# Advisories after a real scan of the lab: the fixture advisories
# (tests/fixtures/csaf, in the CISA ICSMA shape) are imported and each
# device gets the link its identity warrants - the real DCMTK and Orthanc
# servers affected or not by the version they answered with, the
# simulated pumps, monitors and serial bridge "possible" by vendor and
# class (the model is not known from a passive look), nothing for the
# devices no advisory names, and never an imaging or PACS advisory on a
# monitor.  show, hosts, advisories show and the CycloneDX export (strict
# schema, when npm is there) agree.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
iomt_scan 198.18.0.0/24
"$IOMT" advisories import --db "$DB" "$IOMT_SRCDIR/tests/fixtures/csaf" >"$T/import" 2>&1
check "import exits 0" [ $? = 0 ]
"$IOMT" export --format json --db "$DB" >"$T/inv.json"
check "each device has the links its identity warrants" $PY - "$T/inv.json" <<'PYEOF'
import json, re, sys
inv = {h["ip"]: h for h in json.load(open(sys.argv[1]))["hosts"]}
bad = []
def ver(s):
    m = re.search(r"(\d+(?:\.\d+)*)", s or "")
    return tuple(int(x) for x in m.group(1).split(".")) if m else None
def links(ip):
    return {a["id"]: a for a in inv[ip]["advisories"]}
def want(ip, expect):
    got = {k: v["match"] for k, v in links(ip).items()}
    if got != expect:
        bad.append("%s: got %s, want %s (identity %s)" % (ip, got, expect, inv[ip]["identity"]))
# The real servers: by the version they showed.
dcmtk = ver(inv["198.18.0.10"]["identity"]["firmware"])
want("198.18.0.10", {"ICSMA-99-108-01": "affected" if dcmtk < (3, 6, 8) else "not_affected"})
orth = ver(inv["198.18.0.12"]["identity"]["firmware"])
want("198.18.0.12", {"ICSMA-99-106-01": "affected" if orth < (1, 12, 0) else "not_affected",
                     "ICSMA-99-107-01": "affected" if orth <= (1, 5, 8) else "not_affected"})
# The simulators: vendor and class, model unknown.
want("198.18.0.20", {"ICSMA-99-102-01": "possible"})
want("198.18.0.21", {"ICSMA-99-103-01": "possible"})
want("198.18.0.22", {"ICSA-99-105-01": "possible"})
want("198.18.0.24", {"ICSMA-99-101-01": "possible"})
want("198.18.0.25", {"ICSMA-99-104-01": "possible"})
for ip in ("198.18.0.11", "198.18.0.13", "198.18.0.14", "198.18.0.15", "198.18.0.23"):
    want(ip, {})
b = links("198.18.0.24").get("ICSMA-99-101-01", {})
if b.get("cves") != ["CVE-2099-10101", "CVE-2099-10102"] or b.get("source", {}).get("tracking_version") != "2":
    bad.append("Baxter: not revision 2's CVEs: %s" % b)
if "model is not known" not in b.get("reason", ""):
    bad.append("Baxter: the reason does not say what would settle it: %s" % b.get("reason"))
g = links("198.18.0.25").get("ICSMA-99-104-01", {})
if "CARESCAPE B650" not in g.get("reason", ""):
    bad.append("GE: not the CARESCAPE B650 entry: %s" % g.get("reason"))
if bad:
    print("\n".join(bad)); sys.exit(1)
PYEOF
"$IOMT" show --db "$DB" 198.18.0.24 >"$T/show"
check "show names the Baxter advisory as possible" grep -q '^  possible     ICSMA-99-101-01' "$T/show"
"$IOMT" hosts --db "$DB" >"$T/hosts"
check "hosts counts the advisories" grep -q '198.18.0.21 .*advisories: 1 possible' "$T/hosts"
"$IOMT" advisories show --db "$DB" ICSMA-99-103-01 >"$T/adv"
check "advisories show links the monitor only" sh -c \
    "grep -q '^  198.18.0.21 *possible' '$T/adv' && [ \$(grep -c '^  198\\.18\\.' '$T/adv') = 1 ]"
"$IOMT" export --db "$DB" --format cyclonedx >"$T/bom.json"
check "CycloneDX vulnerabilities name the devices" $PY - "$T/bom.json" <<'PYEOF'
import json, sys
bom = json.load(open(sys.argv[1]))
v = {x["bom-ref"]: x for x in bom.get("vulnerabilities", [])}
b = v.get("advisory/ICSMA-99-101-01/possible")
ok = b is not None and [a["ref"] for a in b["affects"]] == ["host/198.18.0.24"] \
    and b["analysis"]["state"] == "in_triage"
refs = {c["bom-ref"] for c in bom["components"]}
ok = ok and all(a["ref"] in refs for x in v.values() for a in x["affects"])
if not ok:
    print(json.dumps(bom.get("vulnerabilities"), indent=1)[:3000]); sys.exit(1)
PYEOF
if npm=$(sh "$IOMT_SRCDIR/tests/tools/npm-deps.sh" 2>/dev/null); then
	check "the BOM with vulnerabilities passes the CycloneDX 1.6 schema" \
	    node "$IOMT_SRCDIR/tests/tools/validate-cyclonedx.js" "$npm/node_modules" "$T/bom.json"
fi
check "nothing crashed" crashed_none
finish
