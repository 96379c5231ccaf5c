#!/usr/bin/python3
"""check_inventory.py - compare an iomtscan JSON export with the lab's
device table (contrib/lab/devices.tsv).

usage: check_inventory.py EXPORT.json DEVICES.tsv [--ports P,P,...]
          [--absent IP,...] [--identity]

For every device in the table: the host is in the inventory with the
device's MAC and the IEEE vendor name, and every expected open TCP port
that the scan checked (--ports, default: the default list) and the host's
policy allowed (maker class, fragile profile) is recorded as open.  Hosts named in --absent must not be in the inventory.  With
--identity, each device's expected device class must match the identity.
Prints one line per check; exits 1 on any failure.
"""
import csv
import json
import sys

DEFAULT_PORTS = {21, 22, 23, 80, 104, 135, 139, 443, 445, 631, 1883, 2575,
                 2761, 2762, 3389, 4242, 5900, 5938, 7070, 8042, 8080, 8443,
                 8883, 9100, 11112}


# The built-in policy (src/safety/policy.c): what a maker class may be probed on.
CLASS_PORTS = {
    "medical": {80, 443, 104, 11112, 4242, 2575, 8080, 8443},
    "serial-bridge": {80, 443},
}


def load_classes(path):
    classes = {}
    try:
        with open(path) as f:
            for line in f:
                line = line.split("#", 1)[0].split()
                if len(line) >= 2:
                    classes[line[0].upper()] = line[1]
    except OSError:
        pass
    return classes


def class_of(classes, mac):
    hexmac = mac.replace(":", "").replace("-", "").upper()
    for n in (9, 7, 6):
        c = classes.get(hexmac[:n])
        if c:
            return c
    return None


def ports_of(field):
    out = set()
    for p in (field or "").replace(" ", "").split(","):
        if p.isdigit():
            out.add(int(p))
    return out


def main(argv):
    export, table = argv[1], argv[2]
    checked = DEFAULT_PORTS
    absent = set()
    want_identity = False
    i = 3
    while i < len(argv):
        if argv[i] == "--ports":
            checked = ports_of(argv[i + 1])
            i += 2
        elif argv[i] == "--absent":
            absent = set(argv[i + 1].split(","))
            i += 2
        elif argv[i] == "--identity":
            want_identity = True
            i += 1
        else:
            print("unknown argument", argv[i])
            return 2
    import os
    classes = load_classes(os.path.join(os.path.dirname(table), "..", "..",
                                        "data", "device-ouis.txt"))
    inv = json.load(open(export))
    hosts = {h["ip"]: h for h in inv["hosts"]}
    fails = 0
    with open(table) as f:
        rows = [r for r in csv.DictReader(
            (l for l in f if not l.startswith("#")), delimiter="\t")]
    for r in rows:
        ip = r["ip"]
        h = hosts.get(ip)
        if ip in absent:
            if h is not None:
                print("FAIL %s (%s): excluded host is in the inventory"
                      % (ip, r["name"]))
                fails += 1
            else:
                print("ok   %s (%s): excluded, not in inventory"
                      % (ip, r["name"]))
            continue
        if h is None:
            print("FAIL %s (%s): not found" % (ip, r["name"]))
            fails += 1
            continue
        problems = []
        if (h.get("mac") or "").lower() != r["mac"].lower():
            problems.append("mac %s != %s" % (h.get("mac"), r["mac"]))
        if r.get("vendor") and (h.get("oui_vendor") or "") != r["vendor"]:
            problems.append("vendor %r != %r"
                            % (h.get("oui_vendor"), r["vendor"]))
        opened = {s["port"] for s in h.get("services", [])
                  if s["proto"] == "tcp" and s["state"] == "open"}
        allowed = ports_of(r.get("scan_tcp") or r.get("tcp"))
        cls = class_of(classes, r["mac"])
        if cls in CLASS_PORTS:
            allowed &= CLASS_PORTS[cls]
        # A fragile-profile match decides the host's policy: nothing
        # beyond discovery at passive/discovery, only its listed ports.
        pol = (h.get("fragile") or {}).get("policy") or {}
        if pol.get("level") in ("passive", "discovery"):
            allowed = set()
        elif pol.get("ports"):
            allowed &= set(pol["ports"])
        missing = (allowed & checked) - opened
        if missing:
            problems.append("open ports not found: %s"
                            % ",".join(str(p) for p in sorted(missing)))
        if want_identity and r.get("class"):
            ident = h.get("identity") or {}
            if ident.get("device_class") != r["class"]:
                problems.append("class %r != %r"
                                % (ident.get("device_class"), r["class"]))
        if problems:
            print("FAIL %s (%s): %s" % (ip, r["name"], "; ".join(problems)))
            fails += 1
        else:
            print("ok   %s (%s): mac, vendor, %d ports"
                  % (ip, r["name"], len(allowed & checked)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
