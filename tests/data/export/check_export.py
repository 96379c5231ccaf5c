#!/usr/bin/python3
"""check_export.py - checks the unit tests (tests/unit/test-db.c) run on
iomtscan's JSON and CSV exports with a real parser, not string matching.

usage: check_export.py shape EXPORT.json [SCHEMA.json]
       check_export.py hostile EXPORT.json
       check_export.py csv EXPORT.csv

shape:   the JSON parses as strict UTF-8 and has every documented key (and,
         when python3-jsonschema is installed and SCHEMA is given, validates
         against docs/json-schema/inventory.schema.json).
hostile: shape, plus the hostile strings test-db.c stored came back intact
         or safely replaced (U+FFFD), never executed or truncated silently.
csv:     RFC 4180 parse; every row has the header's column count; no cell
         starts with a spreadsheet formula character.
Exit 0 when every check passes, 1 otherwise (with the reason on stderr).
"""
import csv
import io
import json
import sys

HOST_KEYS = ("ip", "mac", "oui_vendor", "first_seen", "last_seen",
             "first_scan", "last_scan", "state", "state_reason",
             "probes_sent", "services", "identity", "fragile", "findings")
SERVICE_KEYS = ("proto", "port", "state", "service", "banner",
                "first_seen", "last_seen")
IDENTITY_KEYS = ("vendor", "model", "device_class", "firmware", "os",
                 "confidence", "evidence", "updated")
FINDING_KEYS = ("id", "severity", "port", "title", "detail", "first_seen",
                "last_seen")
SCAN_KEYS = ("id", "started", "finished", "status", "targets", "options",
             "stats", "version")


def fail(msg):
    sys.stderr.write("check_export: %s\n" % msg)
    sys.exit(1)


def need(obj, keys, what):
    if not isinstance(obj, dict):
        fail("%s is not an object" % what)
    for k in keys:
        if k not in obj:
            fail("%s has no key %r" % (what, k))


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        fail("not UTF-8: %s" % e)
    return json.loads(text)


def shape(path, schema=None):
    d = load(path)
    need(d, ("schema", "generated", "scanner", "scans", "hosts"), "top level")
    if d["schema"] != "iomtscan-inventory/1":
        fail("schema is %r" % d["schema"])
    need(d["scanner"], ("name", "version"), "scanner")
    for s in d["scans"]:
        need(s, SCAN_KEYS, "scan")
    for h in d["hosts"]:
        need(h, HOST_KEYS, "host %r" % h.get("ip"))
        if not isinstance(h["probes_sent"], int):
            fail("probes_sent is not an integer")
        for s in h["services"]:
            need(s, SERVICE_KEYS, "service")
        if h["identity"] is not None:
            need(h["identity"], IDENTITY_KEYS, "identity")
            if not isinstance(h["identity"]["evidence"], list):
                fail("evidence is not an array")
        if h["fragile"] is not None and not isinstance(h["fragile"], dict):
            fail("fragile is neither null nor an object")
        for f in h["findings"]:
            need(f, FINDING_KEYS, "finding")
    if schema:
        try:
            import jsonschema
        except ImportError:
            print("note: python3-jsonschema not installed; schema not checked")
            return d
        with open(schema) as f:
            jsonschema.validate(d, json.load(f),
                                cls=jsonschema.Draft202012Validator)
    return d


def hostile(path):
    d = shape(path)
    hosts = {h["ip"]: h for h in d["hosts"]}
    inj = "'); DROP TABLE hosts;--"
    if inj not in hosts:
        fail("the host whose address is an SQL injection is missing")
    h = hosts["198.18.0.66"]
    if h["oui_vendor"] != 'Evil "Corp" ' + inj:
        fail("oui_vendor changed: %r" % h["oui_vendor"])
    svc = {(s["proto"], s["port"]): s for s in h["services"]}
    b = svc[("tcp", 80)]["banner"]
    if len(b) != 4096 or not b.startswith("BANNER"):
        fail("10 KB banner not cut to 4096: %d" % len(b))
    binary = svc[("tcp", 21)]["banner"]
    want = "".join(chr(c) if c < 0x80 else "\ufffd" for c in range(1, 256))
    if binary != want:
        fail("binary banner not escaped as expected: %r" % binary[:80])
    if svc[("tcp", 22)]["service"] != "<script>alert(1)</script>\x1b[31m":
        fail("service name changed")
    ident = h["identity"]
    if ident["model"] != "=HYPERLINK(\"http://x\")" or \
            ident["vendor"] != "Ven\u00e9dor \u2028 line":
        fail("identity strings changed: %r" % ident)
    ev = ident["evidence"]
    if len(ev) != 2 or ev[0]["value"] != "X\u0000Y\ufffd" or \
            ev[1]["source"] != "\ufffd\ufffd":
        fail("evidence not re-emitted safely: %r" % ev)
    bad = hosts["198.18.0.67"]["identity"]
    if bad["evidence"] != []:
        fail("malformed evidence JSON not replaced by []")
    if hosts["198.18.0.67"]["fragile"]["policy"] is not None:
        fail("malformed policy JSON not replaced by null")


def check_csv(path):
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8", errors="strict")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if len(rows) < 2:
        fail("no data rows")
    width = len(rows[0])
    for i, r in enumerate(rows):
        if len(r) != width:
            fail("row %d has %d cells, header %d" % (i, len(r), width))
        for c in r:
            if c[:1] in ("=", "+", "-", "@", "\t", "\r"):
                fail("row %d: formula cell %r" % (i, c[:40]))
    if not raw.endswith(b"\r\n"):
        fail("lines do not end in CRLF")
    if not any(c.startswith("'=HYPERLINK") for r in rows for c in r):
        fail("formula cell not neutralised with a leading apostrophe")


def main(argv):
    if len(argv) < 3:
        fail(__doc__)
    if argv[1] == "shape":
        shape(argv[2], argv[3] if len(argv) > 3 else None)
    elif argv[1] == "hostile":
        hostile(argv[2])
    elif argv[1] == "csv":
        check_csv(argv[2])
    else:
        fail("unknown mode %r" % argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
