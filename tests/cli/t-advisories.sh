#!/bin/sh
# t-advisories.sh - `iomtscan advisories` on a real inventory: a loopback
# scan of an HTTP server on Orthanc's port 8042 of a loopback address of
# its own (127.x.y.z, so no other test's port is in the way) that answers
# as Orthanc 1.10.1 (redirect to the
# explorer, /system JSON) is identified by the shipped script; the
# fixture advisories (tests/fixtures/csaf) are imported, and the host is
# affected by one Orthanc advisory and not affected by the other, in
# show, hosts, the JSON export (validated against the schema when
# python3-jsonschema is there) and advisories show.  Re-import changes
# nothing; an older revision is left out; bad documents are refused with
# exit 2, the file and the JSON path named, and nothing of them stored;
# a huge file and one nested a million deep are refused quickly.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3"; exit 77; }
F="$IOMT_SRCDIR/tests/fixtures/csaf"
ADDR=127.$(( $$ % 200 + 20 )).$(( $$ / 200 % 250 + 1 )).$(( $$ % 7 + 2 ))
python3 -c '
import http.server, socketserver, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/system":
            b = b"{\"ApiVersion\": 18, \"DicomAet\": \"ORTHANC\", \"Name\": \"MyOrthanc\", \"Version\": \"1.10.1\"}"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(b)))
            self.end_headers(); self.wfile.write(b)
        else:
            self.send_response(301)
            self.send_header("Location", "app/explorer.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
    def log_message(self, *a): pass
s = socketserver.TCPServer((sys.argv[1], 8042), H)
print(s.server_address[1], flush=True)
sys.stdout.close()
s.serve_forever()
' "$ADDR" >"$T/port" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/port" ] && break; sleep 0.2; done
[ -s "$T/port" ] || { echo "FAIL: the fake Orthanc did not start on $ADDR:8042"; exit 1; }
DB="$T/inv.db"
expect_rc 0 "$IOMT" scan --db "$DB" -q -p 8042 "$ADDR"
"$IOMT" export --db "$DB" --format json >"$T/pre.json"
python3 - "$T/pre.json" <<'EOF' || { echo "FAIL: the fake Orthanc was not identified (the test needs it)"; exit 1; }
import json, sys
h = json.load(open(sys.argv[1]))["hosts"][0]
assert h["identity"]["vendor"] == "Orthanc" and h["identity"]["firmware"] == "1.10.1", h["identity"]
assert h["advisories"] == [], h["advisories"]
EOF
"$IOMT" show --db "$DB" "$ADDR" >"$T/show0"
grep -q 'Advisories: none on file' "$T/show0" ||
    { echo "FAIL: show does not say no advisory is on file"; fails=$((fails + 1)); }

# Import the good fixtures: one folder, in name order.
expect_rc 0 "$IOMT" advisories import --db "$DB" "$F"
grep -q 'advisories: 9 imported, 0 updated, 0 unchanged, 1 older left out, 0 refused' "$T/out" ||
    { echo "FAIL: import summary:"; cat "$T/out"; fails=$((fails + 1)); }
grep -q 'icsma-99-101-01.json: ICSMA-99-101-01 version 1 .* older than the stored version 2' "$T/out" ||
    { echo "FAIL: the older revision is not named"; fails=$((fails + 1)); }
"$IOMT" advisories list --db "$DB" >"$T/list1"
# Again: unchanged, and the database says the same.
expect_rc 0 "$IOMT" advisories import --db "$DB" "$F"
grep -q '0 imported, 0 updated, 9 unchanged, 1 older left out' "$T/out" ||
    { echo "FAIL: re-import is not idempotent:"; cat "$T/out"; fails=$((fails + 1)); }
"$IOMT" advisories list --db "$DB" >"$T/list2"
cmp -s "$T/list1" "$T/list2" || { echo "FAIL: re-import changed the list"; fails=$((fails + 1)); }
grep -q '^ICSMA-99-106-01 .* 1 *0 *0  Orthanc Server (fixture)' "$T/list1" ||
    { echo "FAIL: list does not count the affected host:"; cat "$T/list1"; fails=$((fails + 1)); }
grep -q '^ICSMA-99-101-01  *2 ' "$T/list1" ||
    { echo "FAIL: list does not hold revision 2 of ICSMA-99-101-01"; fails=$((fails + 1)); }

# The host's links, everywhere.
"$IOMT" show --db "$DB" "$ADDR" >"$T/show"
grep -q '^  affected     ICSMA-99-106-01 (CVSS 9.8; CVE-2099-10601)' "$T/show" ||
    { echo "FAIL: show lacks the affected advisory"; sed -n '/^Advisories/,$p' "$T/show"; fails=$((fails + 1)); }
grep -q 'version 1.10.1 is in the affected range < 1.12.0' "$T/show" ||
    { echo "FAIL: show lacks the reason"; fails=$((fails + 1)); }
grep -q '^  not_affected ICSMA-99-107-01' "$T/show" ||
    { echo "FAIL: show lacks the not-affected advisory"; fails=$((fails + 1)); }
grep -q 'remedy: vendor_fix: Update to Orthanc 1.12.0' "$T/show" ||
    { echo "FAIL: show lacks the remedy"; fails=$((fails + 1)); }
"$IOMT" hosts --db "$DB" >"$T/hosts"
grep -q 'advisories: 1 affected' "$T/hosts" ||
    { echo "FAIL: hosts lacks the advisory count"; cat "$T/hosts"; fails=$((fails + 1)); }
"$IOMT" advisories show --db "$DB" ICSMA-99-106-01 >"$T/adv"
grep -q "^  $ADDR *affected" "$T/adv" ||
    { echo "FAIL: advisories show lacks the host"; cat "$T/adv"; fails=$((fails + 1)); }
grep -q "Source .*tests/fixtures/csaf/icsma-99-106-01.json" "$T/adv" ||
    { echo "FAIL: advisories show lacks the source file"; fails=$((fails + 1)); }
"$IOMT" advisories list --db "$DB" --format json >"$T/list.json"
python3 - "$T/list.json" "$ADDR" <<'EOF' || { echo "FAIL: advisories list --format json"; fails=$((fails + 1)); }
import json, sys
adv = {a["id"]: a for a in json.load(open(sys.argv[1]))["advisories"]}
a = adv["ICSMA-99-106-01"]
assert a["hosts"] == {"affected": [sys.argv[2]], "possible": [], "not_affected": []}, a["hosts"]
assert adv["ICSMA-99-107-01"]["hosts"]["not_affected"] == [sys.argv[2]]
assert adv["ICSMA-99-101-01"]["version"] == "2" and len(adv) == 9
assert a["products"][0]["version_range"] == "prior to 1.12.0" and a["cves"] == ["CVE-2099-10601"]
EOF
expect_rc 2 "$IOMT" advisories list --db "$DB" --format xml
expect_rc 2 "$IOMT" advisories show --db "$DB" --format json ICSMA-99-106-01
"$IOMT" export --db "$DB" --format json >"$T/inv.json"
python3 - "$T/inv.json" "$IOMT_SRCDIR/docs/json-schema/inventory.schema.json" <<'EOF' || fails=$((fails + 1))
import json, sys
inv = json.load(open(sys.argv[1]))
adv = {a["id"]: a for a in inv["hosts"][0]["advisories"]}
def need(c, m):
    if not c:
        print("FAIL:", m, json.dumps(adv, indent=1)); sys.exit(1)
need(set(adv) == {"ICSMA-99-106-01", "ICSMA-99-107-01"}, "two Orthanc advisories, nothing else")
a = adv["ICSMA-99-106-01"]
need(a["match"] == "affected" and a["cves"] == ["CVE-2099-10601"] and a["cvss"] == 9.8, "affected, CVE, score")
need(a["source"]["file"].endswith("icsma-99-106-01.json") and a["source"]["publisher"] == "CISA"
     and a["source"]["tracking_version"] == "1", "source")
need(a["remediation"].startswith("vendor_fix: "), "remediation")
need(adv["ICSMA-99-107-01"]["match"] == "not_affected", "not affected")
need(list(inv["hosts"][0]["advisories"])[0]["id"] == "ICSMA-99-106-01", "affected first")
try:
    import jsonschema
except ImportError:
    sys.exit(0)
jsonschema.validate(inv, json.load(open(sys.argv[2])))
EOF

# Bad documents: refused by name, with the JSON path, exit 2; the good
# one beside them is imported all the same; nothing of the bad stored.
cp "$F/icsma-99-108-01.json" "$T/good.json"
expect_rc 2 "$IOMT" advisories import --db "$DB" "$F/bad" "$T/good.json"
for f in not-json truncated cvrf-version no-tracking escape-title undefined-product bad-cve bad-score deep; do
	grep -q "bad/$f.json: refused: /" "$T/err" ||
	    { echo "FAIL: $f.json is not named as refused"; fails=$((fails + 1)); }
done
expect_err 'escape-title.json: refused: /document/title: control character U\+001B'
expect_err 'undefined-product.json: refused: /vulnerabilities/0/.*"CSAFPID-0009" is not defined'
grep -q '9 refused' "$T/out" || { echo "FAIL: summary does not count 9 refused"; fails=$((fails + 1)); }
"$IOMT" advisories list --db "$DB" >"$T/list3"
grep -q 'ICSMA-99-90' "$T/list3" && { echo "FAIL: a refused document was stored"; fails=$((fails + 1)); }
# A huge file and a deep one, made here: refused fast.
python3 -c 'import sys; sys.stdout.write("{\"document\":\"" + "x" * (9 * 1024 * 1024) + "\"}")' >"$T/huge.json"
python3 -c 'import sys; sys.stdout.write("[" * 1000000 + "]" * 1000000)' >"$T/deep.json"
expect_rc 2 "$IOMT" advisories import --db "$DB" "$T/huge.json" "$T/deep.json"
expect_err 'huge.json: refused: larger than'
expect_err 'deep.json: refused: /: nested deeper than'
# One transaction per document: a failure half way (a trigger that
# refuses the second vulnerability's status) leaves nothing of it.
sed 's/ICSMA-99-102-01/ICSMA-99-999-01/' "$F/icsma-99-102-01.json" >"$T/atomic.json"
python3 - "$DB" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TRIGGER fail_half_way BEFORE INSERT ON advisory_status"
          " WHEN NEW.product_id = 'CSAFPID-0002'"
          " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
c.commit()
EOF
expect_rc 1 "$IOMT" advisories import --db "$DB" "$T/atomic.json"
expect_err 'atomic.json: not stored: .*disk on fire'
python3 - "$DB" <<'EOF' || { echo "FAIL: a failed import left rows behind"; fails=$((fails + 1)); }
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = c.execute("SELECT count(*) FROM advisories WHERE tracking_id = 'ICSMA-99-999-01'").fetchone()[0]
orphans = c.execute("SELECT count(*) FROM advisory_vulns WHERE advisory_id NOT IN"
                    " (SELECT id FROM advisories)").fetchone()[0]
prods = c.execute("SELECT count(*) FROM advisory_products WHERE advisory_id NOT IN"
                  " (SELECT id FROM advisories)").fetchone()[0]
sys.exit(0 if n == 0 and orphans == 0 and prods == 0 else 1)
EOF
# Usage errors.
expect_rc 2 "$IOMT" advisories import --db "$DB"
expect_rc 2 "$IOMT" advisories import --db "$DB" "$T/missing.json"
expect_err 'missing.json: refused'
expect_rc 2 "$IOMT" advisories frobnicate --db "$DB"
expect_rc 2 "$IOMT" advisories show --db "$DB" ICSMA-00-000-00
expect_err 'no advisory ICSMA-00-000-00'
expect_rc 2 "$IOMT" advisories list --db "$T/none.db"
[ -e "$T/none.db" ] && { echo "FAIL: list created a database"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" advisories --help
finish
