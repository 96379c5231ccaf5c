#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""check-devices: consistency checks for contrib/lab/devices.tsv (no network).

  check-devices.py [DEVICES.TSV] [--oui /usr/share/ieee-data/oui.csv]

Checks every row (bench rows are skipped): address inside 198.18.0.0/15,
unique IPs and MACs, the MAC's OUI registered in ieee-data oui.csv to
exactly the "vendor" column, and for fragile/filler rows that the TCP/UDP
columns equal the ports of the sims.json profile and that crash_ports lists
exactly the profile's crash ports ("data" ports and crash_on_data banners as
PROTO:PORT:data, "forbidden" ports as tcp:PORT:connect).  Exit 0 if all
hold, 1 with one line per problem otherwise.
"""

import argparse
import csv
import ipaddress
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FILLER_PROFILES = ("filler-linux", "filler-windows", "filler-web")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("devices", nargs="?", default=os.path.join(HERE, "devices.tsv"))
    ap.add_argument("--oui", default="/usr/share/ieee-data/oui.csv")
    ap.add_argument("--sims", default=os.path.join(HERE, "sims.json"))
    a = ap.parse_args()
    oui = {}
    with open(a.oui, newline="", encoding="utf-8") as f:
        for row in csv.reader(f):
            if len(row) > 2:
                oui[row[1].upper()] = row[2]
    with open(a.sims) as f:
        sims = json.load(f)
    problems = []
    ips, macs = set(), {}
    net = ipaddress.ip_network("198.18.0.0/15")
    with open(a.devices, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for r in rows:
        if r["kind"] == "bench":
            continue
        where = "%s %s" % (r["ip"], r["name"])
        if ipaddress.ip_address(r["ip"]) not in net:
            problems.append("%s: address outside 198.18.0.0/15" % where)
        if r["ip"] in ips:
            problems.append("%s: duplicate IP" % where)
        ips.add(r["ip"])
        if r["mac"] in macs:
            problems.append("%s: MAC %s also used by %s" % (where, r["mac"], macs[r["mac"]]))
        macs[r["mac"]] = r["name"]
        want = oui.get(r["mac"].replace(":", "").upper()[:6])
        if want != r["vendor"]:
            problems.append("%s: vendor %r but oui.csv says %r" % (where, r["vendor"], want))
        prof = None
        if r["kind"] == "fragile":
            prof = sims.get(r["name"])
        elif r["kind"] == "filler":
            prof = next((sims[p] for p in FILLER_PROFILES
                         if p in sims and sims[p].get("class") == r["class"]), None)
        elif r["kind"] != "real":
            problems.append("%s: unknown kind %r" % (where, r["kind"]))
        if r["kind"] in ("fragile", "filler"):
            if prof is None:
                problems.append("%s: no sims.json profile" % where)
                continue
            for proto in ("tcp", "udp"):
                want = ",".join(str(c["port"]) for c in sorted(prof.get(proto, []),
                                                                key=lambda c: c["port"])) or "-"
                if r[proto] != want:
                    problems.append("%s: %s ports %s, sims.json %s" % (where, proto, r[proto], want))
            kinds = {(p, c["port"]): c.get("kind") for p in ("tcp", "udp") for c in prof.get(p, [])}
            crash_like = {k for k, v in kinds.items() if v in ("data", "forbidden")}
            crash_like |= {("tcp", c["port"]) for c in prof.get("tcp", []) if c.get("crash_on_data")}
            listed = set()
            for c in r["crash_ports"].split(","):
                if c == "-":
                    continue
                proto, port, mode = c.split(":")
                listed.add((proto, int(port)))
                k = kinds.get((proto, int(port)))
                ok = (mode == "connect" and k == "forbidden") or (
                    mode == "data" and (k == "data" or ("tcp", int(port)) in crash_like))
                if not ok:
                    problems.append("%s: crash port %s does not match sims.json (%s)" % (where, c, k))
            for k in crash_like - listed:
                problems.append("%s: sims.json crash port %s:%d missing from crash_ports" % (where, *k))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
