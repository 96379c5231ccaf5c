#!/bin/sh
# export --format dot|svg on a real scan of the demo network: the SVG is
# well-formed XML rendered by Graphviz, every device is on it with its
# address, the /24 is a cluster, fragile devices carry their profile,
# medical devices are filled red, the remote-access device is marked; the
# dot source says the same.  Device strings cannot break out of a label.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
iomt_scan 198.18.0.0/24
"$IOMT" export --db "$DB" --format svg >"$T/net.svg"
check "svg exits 0" [ $? = 0 ]
"$IOMT" export --db "$DB" --format dot >"$T/net.dot"
check "dot exits 0" [ $? = 0 ]
"$IOMT" export --db "$DB" --format json >"$T/inv.json"
check "diagram shows the inventory" $PY - "$T/net.svg" "$T/net.dot" "$T/inv.json" <<'PYEOF'
import json, sys, xml.etree.ElementTree as ET
svg = ET.parse(sys.argv[1]).getroot()
text = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
dot = open(sys.argv[2]).read()
inv = json.load(open(sys.argv[3]))
def need(c, msg):
    if not c:
        print("wrong:", msg); sys.exit(1)
for h in inv["hosts"]:
    need(h["ip"] in text, "host %s on the diagram" % h["ip"])
need("198.18.0.0/24" in text, "subnet cluster")
frag = [h for h in inv["hosts"] if h.get("fragile")]
need(frag and all(("fragile: " + h["fragile"]["profile_id"]) in text for h in frag), "fragile marks")
need('#f8c8c8' in dot, "medical devices filled")
remote = {22, 23, 3389, 5900, 5901, 5902, 5903, 5938, 7070}
rhosts = [h for h in inv["hosts"] if any(s["port"] in remote and s["state"] == "open" and s["proto"] == "tcp" for s in h["services"])]
need(("remote: " in text) == bool(rhosts), "remote access marked exactly when offered (%d hosts)" % len(rhosts))
need("iomtscan" in text, "the sensor")
PYEOF
finish
