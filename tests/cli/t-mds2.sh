#!/bin/sh
# t-mds2.sh - `iomtscan mds2` and `iomtscan sbom` on a real inventory: a
# loopback "Information Center iX" (an HTTP page with that title, which
# the Philips script identifies by model) that also runs VNC (RFB
# banner, found by an earlier scan).  Its maker's MDS2, as an HN 1-2019 workbook (two sheets, shared
# and inline strings, made with Python's zipfile) says no remote service,
# lists only the web port and claims encryption in transit: the three
# contradictions appear as findings in show, hosts --finding, the JSON and
# the CSV export alike.  The CSV export of a form, the Japanese MDS/SDS in
# CP932 and a second import (replaces) are read; a form for another model
# of the maker is not linked.  Every bad form and SBOM is refused with its
# file (and row) and exit 2, and nothing of it is stored.  SBOMs in
# CycloneDX 1.4/1.6 and SPDX 2.3 are read, linked and exported.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3"; exit 77; }
F="$IOMT_SRCDIR/tests/fixtures"
serve() {	# IP KIND PORT: listen on IP, PORT (0: a free one), print it
	exec python3 -c '
import socket, sys
s = socket.socket(); s.bind((sys.argv[1], int(sys.argv[3]))); s.listen(8)
print(s.getsockname()[1], flush=True)
sys.stdout.close()
page = (b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n"
        b"<html><head><title>Philips IntelliVue Information Center iX</title>"
        b"</head><body>PIC iX</body></html>")
while True:
    c, _ = s.accept()
    if sys.argv[2] == "vnc":
        c.send(b"RFB 003.008\n")
    else:
        c.settimeout(2)
        try:
            c.recv(4096)
        except OSError:
            pass
        c.send(page)
    c.close()
' "$1" "$2" "$3"
}
# The web page on a port the HTTP probe asks (8081), VNC on any port.
serve 127.0.0.51 http 8081 >"$T/hport" &
web=$!
serve 127.0.0.51 vnc 0 >"$T/vport" &
vnc=$!
trap 'kill $web $vnc 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do
	[ -s "$T/hport" ] && [ -s "$T/vport" ] && break
	sleep 0.2
done
HP=$(cat "$T/hport") VP=$(cat "$T/vport")
[ -n "$HP" ] && [ -n "$VP" ] || { echo "skip: cannot listen on 127.0.0.51"; exit 77; }
DB="$T/inv.db"
# VNC first: once the web page has identified the central station, its
# fragile-device profile keeps later probes to the ports it allows, so
# the VNC port is found by an earlier scan (it stays open: the second
# scan does not probe it).
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "$VP" 127.0.0.51
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "$HP" 127.0.0.51

nforms() {	# how many MDS2 forms (or SBOMs, with "sbom") are stored
	"$IOMT" "${1:-mds2}" list --db "$DB" --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# The form, HN 1-2019 shaped: title, device cells (labels over values),
# header, question rows; written as CSV, then as the workbook.
cat >"$T/pic.csv" <<CSV
Manufacturer Disclosure Statement for Medical Device Security -- MDS2 (ANSI/NEMA HN 1-2019),,,
Device Category,Manufacturer,Document ID,Document Release Date
Central station,Philips Medical Systems,PIC-iX-MDS2-4,2024-05-01
Device Model,Software Revision,Software Release Date,
IntelliVue Information Center iX,C.03,2024-04-01,
Question ID,Question,Answer,Notes
DOC-1,Manufacturer Name,Philips Medical Systems,
DOC-3,Device Model,IntelliVue Information Center iX,
CONN-2,Is a list of network ports and protocols that are used or may be used on the device available?,Yes,TCP $HP (web)
RMOT-1,Does the device permit remote service connections for device analysis or repair?,No,
TXCF-2,Is personally identifiable information encrypted prior to transmission via a network or removable media?,Yes,
CSUP-2,Does the device contain an Operating System?,Yes,Windows Server 2016
CSV
python3 "$F/mds2/csv2xlsx.py" "$T/pic.csv" "$T/pic.xlsx" || { echo "FAIL: cannot write the workbook"; exit 1; }
expect_rc 0 "$IOMT" mds2 import --db "$DB" "$T/pic.xlsx"
grep -q "Philips Medical Systems IntelliVue Information Center iX (HN 1-2019, xlsx): 6 answers imported" "$T/out" ||
    { echo "FAIL: import said: $(cat "$T/out")"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" mds2 import --db "$DB" "$F/mds2/intellivue-mx800-ja.csv"
grep -q "JAHIS/JIRA MDS/SDS, csv): 8 answers" "$T/out" || { echo "FAIL: Japanese form: $(cat "$T/out")"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" mds2 import --db "$DB" "$F/mds2/carescape-b650.csv"
# the CSV export of the same form replaces the workbook's
expect_rc 0 "$IOMT" mds2 import --db "$DB" "$T/pic.csv"
grep -q "replaces the stored form" "$T/out" || { echo "FAIL: re-import: $(cat "$T/out")"; fails=$((fails + 1)); }
[ "$(nforms)" = 3 ] || { echo "FAIL: $(nforms) forms stored, expected 3"; fails=$((fails + 1)); }

# Bad forms: refused with the file (and the row), exit 2, nothing stored.
for bad in "$F"/mds2/bad/*; do
	expect_rc 2 "$IOMT" mds2 import --db "$DB" "$bad" &&
	    expect_err "refused: .*$(basename "$bad")"
done
expect_rc 2 "$IOMT" mds2 import --db "$DB" "$F/mds2/bad/bad-answer.csv"
expect_err "row 4: the answer to RMOT-1 is \"Maybe\""
expect_rc 2 "$IOMT" mds2 import --db "$DB" "$F/mds2/bad/duplicate-id.csv"
expect_err "row 6: RMOT-1 is given twice \(also row 4\)"
[ "$(nforms)" = 3 ] || { echo "FAIL: a refused form was stored ($(nforms))"; fails=$((fails + 1)); }
expect_rc 2 "$IOMT" mds2 import --db "$DB" "$T/missing.csv"
expect_rc 2 "$IOMT" mds2 import --db "$DB"
expect_rc 2 "$IOMT" mds2 import --db "$DB" --vendor X "$T/pic.csv"
expect_rc 2 "$IOMT" mds2 frobnicate --db "$DB"
expect_rc 2 "$IOMT" mds2 show --db "$DB" "No Such Model 9"
expect_err "no MDS2 form for model"
expect_rc 2 "$IOMT" mds2 list --db "$T/none.db"

# The contradictions, one answer in every view.
expect_rc 0 "$IOMT" show --db "$DB" 127.0.0.51
cp "$T/out" "$T/show"
for want in "MDS2 says no remote service, but VNC" "Open port the MDS2 does not list: tcp/$VP" \
    "MDS2 says data is encrypted in transit, but HTTP on tcp/$HP is cleartext" \
    "MDS2: Philips Medical Systems IntelliVue Information Center iX C.03 (HN 1-2019, linked by model)"; do
	grep -qF "$want" "$T/show" || { echo "FAIL: show lacks: $want"; fails=$((fails + 1)); }
done
expect_rc 0 "$IOMT" hosts --db "$DB" --finding mds2-remote-contradiction
grep -q "127.0.0.51" "$T/out" || { echo "FAIL: hosts --finding misses the host"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" export --db "$DB" --format csv
grep -q "mds2-undisclosed-ports" "$T/out" || { echo "FAIL: CSV lacks the finding"; fails=$((fails + 1)); }

expect_rc 0 "$IOMT" export --db "$DB" --format cyclonedx
grep -q '"iomtscan:mds2:RMOT-1"' "$T/out" && grep -q "mds2-remote-contradiction (high)" "$T/out" ||
    { echo "FAIL: CycloneDX lacks the MDS2 answers or the contradiction"; fails=$((fails + 1)); }

# SBOMs
for s in intellivue-mx800.cdx.json carescape-b650.cdx.json sigma-spectrum.spdx.json; do
	expect_rc 0 "$IOMT" sbom import --db "$DB" "$F/sbom/$s"
done
expect_rc 2 "$IOMT" sbom import --db "$DB" "$F/sbom/no-device.cdx.json"
expect_err "names no maker"
expect_rc 0 "$IOMT" sbom import --db "$DB" --vendor Philips --model "IntelliVue Information Center iX" "$F/sbom/no-device.cdx.json"
for bad in "$F"/sbom/bad/*; do
	expect_rc 2 "$IOMT" sbom import --db "$DB" "$bad" && expect_err "$(basename "$bad"): refused: "
done
[ "$(nforms sbom)" = 4 ] || { echo "FAIL: $(nforms sbom) SBOMs stored, expected 4"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" sbom show --db "$DB" "sigma spectrum"
grep -q "cpe:2.3:a:busybox:busybox:1.24.1" "$T/out" || { echo "FAIL: SPDX CPE not shown"; fails=$((fails + 1)); }

expect_rc 0 "$IOMT" export --db "$DB" --format json
python3 - "$T/out" "$IOMT_SRCDIR/docs/json-schema/inventory.schema.json" "$HP" "$VP" <<'PYEOF' || fails=$((fails + 1))
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
try:
    import jsonschema
    jsonschema.validate(d, json.load(open(sys.argv[2])), cls=jsonschema.Draft202012Validator)
except ImportError:
    pass
h = {x["ip"]: x for x in d["hosts"]}["127.0.0.51"]
bad = []
if (h["identity"] or {}).get("model") != "IntelliVue Information Center iX":
    bad.append("identity %r" % h["identity"])
m = h["mds2"] or {}
if m.get("model") != "IntelliVue Information Center iX" or m.get("link") != "model" or m.get("revision") != "HN 1-2019":
    bad.append("mds2 %r" % {k: m.get(k) for k in ("model", "link", "revision")})
ans = {a["id"]: a["answer"] for a in m.get("answers", [])}
if ans.get("RMOT-1") != "no" or ans.get("TXCF-2") != "yes":
    bad.append("answers %r" % ans)
f = {x["id"]: x for x in h["findings"]}
for want, port in (("mds2-remote-contradiction", int(sys.argv[4])), ("mds2-undisclosed-ports", int(sys.argv[4])),
                   ("mds2-cleartext-contradiction", int(sys.argv[3]))):
    if want not in f:
        bad.append("finding %s missing (have %s)" % (want, sorted(f)))
    elif port is not None and f[want]["port"] != port:
        bad.append("finding %s on port %r" % (want, f[want]["port"]))
# the wire shows no operating system here: nothing to contradict
if "mds2-os-contradiction" in f:
    bad.append("an OS contradiction without a wire OS")
s = h["sbom"] or {}
if s.get("link") != "model" or [c["name"] for c in s.get("components", [])] != ["lwip"]:
    bad.append("sbom %r" % s)
if bad:
    print("FAIL: JSON:", "; ".join(bad)); sys.exit(1)
PYEOF
# SBOM components against advisories by CPE and purl: the central
# station's SBOM (replacing the one above) holds OpenSSL 1.0.2k (a 2.3
# CPE; the advisory names the 2.2 CPE with a vers: range), log4j-core
# (a purl with a qualifier) and zlib 1.2.13 (the advisory names 1.2.11:
# not affected).  The advisories' vendors are not the host's, so every
# link the host gets from them comes from its SBOM.
CS="$IOMT_SRCDIR/tests/fixtures/csaf/sbom"
expect_rc 0 "$IOMT" advisories import --db "$DB" "$CS"
expect_rc 0 "$IOMT" sbom import --db "$DB" "$F/sbom/pic-ix.cdx.json"
expect_rc 0 "$IOMT" sbom show --db "$DB" "IntelliVue Information Center iX"
for want in "advisory PSSA-99-120-01 affected (CVE-2099-12001): SBOM component openssl 1.0.2k matches CPE cpe:/a:openssl:openssl" \
    "advisory PSSA-99-120-01 affected (CVE-2099-12002): SBOM component log4j-core 2.14.1 matches purl pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1" \
    "advisory PSSA-99-121-01 not_affected (CVE-2099-12101): SBOM component zlib 1.2.13 matches CPE"; do
	grep -qF "$want" "$T/out" || { echo "FAIL: sbom show lacks: $want"; sed 's/^/  /' "$T/out"; fails=$((fails + 1)); }
done
[ "$(grep -c '^    advisory ' "$T/out")" = 3 ] || { echo "FAIL: sbom show: not exactly 3 advisory links"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" show --db "$DB" 127.0.0.51
grep -q "PSSA-99-120-01" "$T/out" && grep -q "SBOM component openssl 1.0.2k matches CPE" "$T/out" &&
    grep -q "PSSA-99-121-01" "$T/out" ||
    { echo "FAIL: show lacks the SBOM-derived advisories"; sed 's/^/  /' "$T/out"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" export --db "$DB" --format json
python3 - "$T/out" "$IOMT_SRCDIR/docs/json-schema/inventory.schema.json" <<'PYEOF' || fails=$((fails + 1))
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
try:
    import jsonschema
    jsonschema.validate(d, json.load(open(sys.argv[2])), cls=jsonschema.Draft202012Validator)
except ImportError:
    pass
h = {x["ip"]: x for x in d["hosts"]}["127.0.0.51"]
adv = {a["id"]: a for a in h["advisories"]}
bad = []
if adv.get("PSSA-99-120-01", {}).get("match") != "affected" or "SBOM component" not in adv["PSSA-99-120-01"]["reason"]:
    bad.append("120: %r" % adv.get("PSSA-99-120-01"))
if adv.get("PSSA-99-121-01", {}).get("match") != "not_affected" or "zlib 1.2.13" not in adv["PSSA-99-121-01"]["reason"]:
    bad.append("121: %r" % adv.get("PSSA-99-121-01"))
comp = {c["name"]: [(a["id"], a["match"]) for a in c["advisories"]] for c in (h["sbom"] or {}).get("components", [])}
if comp != {"openssl": [("PSSA-99-120-01", "affected")], "zlib": [("PSSA-99-121-01", "not_affected")],
            "log4j-core": [("PSSA-99-120-01", "affected")], "lwip": []}:
    bad.append("components %r" % comp)
if bad:
    print("FAIL: SBOM advisories in JSON:", "; ".join(bad)); sys.exit(1)
PYEOF
finish
