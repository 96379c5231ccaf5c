#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""report.py -- turn the raw files of tests/bench/run.sh into numbers.

Why it exists: run.sh only runs tools and saves what they leave behind
(captures, GNU time output, iomtscan databases and audit logs, nmap XML,
the simulators' state files).  This script counts and compares them the
same way for every tool, computes iomtscan's pacing floor for the scale
runs, scores service identification against what the lab really runs,
and writes:

  results.json   every number, per run
  tables.md      the tables docs/BENCHMARKS.md quotes
  (stdout)       a short summary

usage: report.py RESULTS_DIR

Only the Python standard library and tcpdump (to read the captures) are
used.  Re-running it on the same directory gives the same output.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET

# ---------------------------------------------------------------- constants
# iomtscan's defaults and costs (docs/RATELIMIT.md, include/iomt/engine.h,
# src/engine/scan.c).  The floor below uses exactly these.
GAP = 0.400             # --scan-delay, s between probes to one host
HOST_PPS = 10.0         # --host-rate
GLOBAL_PPS = 300.0      # --rate
GLOBAL_BURST_DIV = 10   # global burst = rate / 10
COST = {"arp": 1, "connect": 3, "refused": 1, "payload": 2, "udp": 1,
        "ack": 1}       # the kernel's ACK of a segment or FIN the host sent
BANNER_WAIT = 2.0       # --banner-timeout: a silent port with no probe bytes
# reply timeouts of the probes that send bytes first (src/proto-*.c)
PROBE_WAIT = {"dicom-assoc": 10.0, "http-get": 5.0, "mqtt-connect": 5.0,
              "rdp-x224": 5.0, "smb-negotiate": 5.0, "hl7-nmq": 5.0}
SNMP_WAIT = 2.0         # src/engine/scan.c SNMP_WAIT_MS when nobody answers
MEDICAL_GAP = 1.0       # src/safety/policy.c: POLICY_MEDICAL_GAP_MS, also for hosts
MEDICAL_PPS = 2.0       # whose maker is unknown (no MAC seen)
# The lab's "silent" bench listener closes an idle connection after
# sims.json bench.idle_timeout seconds; read from the copied sims.json.

# What the real servers of the device lab run (contrib/lab/devices.tsv).
EXPECTED = [
    # ip, proto, port, service, nmap names accepted, what runs there,
    # words that name that product (None: nothing to name)
    ("198.18.0.10", "tcp", 104, "dicom", ("dicom", "acr-nema"), "DCMTK storescp", r"DCMTK"),
    ("198.18.0.11", "tcp", 11112, "dicom", ("dicom", "acr-nema"), "DCMTK dcmqrscp", r"DCMTK"),
    ("198.18.0.12", "tcp", 4242, "dicom", ("dicom", "acr-nema"), "Orthanc", r"Orthanc"),
    ("198.18.0.12", "tcp", 8042, "http", ("http",), "Orthanc REST", r"Orthanc"),
    ("198.18.0.13", "udp", 161, "snmp", ("snmp",), "net-snmp posing as Cisco IOS",
     r"net-snmp|Cisco"),
    ("198.18.0.14", "tcp", 1883, "mqtt", ("mqtt", "mosquitto"), "Mosquitto", r"(?i)mosquitto"),
    ("198.18.0.15", "tcp", 2575, "hl7", ("hl7",), "python3-hl7 MLLP listener", None),
]


def die(msg):
    sys.stderr.write("report.py: %s\n" % msg)
    sys.exit(2)


# ---------------------------------------------------------------- readers
def read_runs(d):
    runs = []
    with open(os.path.join(d, "runs.tsv")) as f:
        hdr = f.readline().rstrip("\n").split("\t")
        for line in f:
            if line.strip():
                runs.append(dict(zip(hdr, line.rstrip("\n").split("\t"))))
    return runs


def read_time(path):
    """GNU time -v: wall s, user s, sys s, peak RSS KiB."""
    out = {}
    try:
        with open(path) as f:
            for line in f:
                k, _, v = line.strip().rpartition(": ")
                if k.startswith("Elapsed (wall clock)"):
                    parts = [float(p) for p in v.split(":")]
                    s = 0.0
                    for p in parts:
                        s = s * 60 + p
                    out["wall"] = s
                elif k == "User time (seconds)":
                    out["user"] = float(v)
                elif k == "System time (seconds)":
                    out["sys"] = float(v)
                elif k == "Maximum resident set size (kbytes)":
                    out["rss_kb"] = int(v)
    except OSError:
        pass
    return out


IP_RE = re.compile(r"^(\d+\.\d+) IP (\d+\.\d+\.\d+\.\d+)(?:\.(\d+))? > (\d+\.\d+\.\d+\.\d+)(?:\.(\d+))?: (.*)$")
ARP_RE = re.compile(r"^(\d+\.\d+) ARP, Request who-has (\d+\.\d+\.\d+\.\d+)")


def read_pcap(path):
    """Every frame the scanner sent: list of (t, kind, dst, dport)."""
    frames = []
    if not os.path.exists(path):
        return frames
    p = subprocess.run(["tcpdump", "-r", path, "-n", "-tt"], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, universal_newlines=True)
    for line in p.stdout.splitlines():
        m = ARP_RE.match(line)
        if m:
            frames.append((float(m.group(1)), "arp", m.group(2), None))
            continue
        if " ARP, " in line:    # replies (nmap answers for its own address)
            frames.append((float(line.split(" ", 1)[0]), "arp", None, None))
            continue
        m = IP_RE.match(line)
        if not m:
            frames.append((float(line.split(" ", 1)[0]) if line[:1].isdigit() else 0.0,
                           "other", None, None))
            continue
        t, dst, dport, rest = float(m.group(1)), m.group(4), m.group(5), m.group(6)
        if rest.startswith("Flags ["):
            fl = rest[7:rest.index("]")]
            if "S" in fl:
                kind = "tcp-syn"
            elif "R" in fl:
                kind = "tcp-rst"
            elif "F" in fl:
                kind = "tcp-fin"
            elif "length 0" not in rest:
                kind = "tcp-data"
            else:
                kind = "tcp-ack"
        elif rest.startswith("ICMP"):
            kind = "icmp"
        else:
            kind = "udp"
        frames.append((t, kind, dst, int(dport) if dport else None))
    return frames


AUDIT_RE = re.compile(r"^(\S+)\s+(\d+\.\d+\.\d+\.\d+)\s+(\S+)\s+(\S+)\s+(\d+)\s*(.*)$")


def read_audit(path):
    rows = []
    try:
        with open(path) as f:
            for line in f:
                m = AUDIT_RE.match(line.rstrip("\n"))
                if m:
                    port = m.group(3)
                    rows.append({"ip": m.group(2), "port": port, "kind": m.group(4),
                                 "bytes": int(m.group(5)), "detail": m.group(6).strip()})
    except OSError:
        pass
    return rows


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read_nmap(path):
    """nmap XML: {ip: {(proto, port): {...}}}, hosts up, elapsed."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return None
    hosts = {}
    for h in root.findall("host"):
        st = h.find("status")
        if st is None or st.get("state") != "up":
            continue
        ip = None
        for a in h.findall("address"):
            if a.get("addrtype") == "ipv4":
                ip = a.get("addr")
        ports = {}
        for p in h.findall("ports/port"):
            s = p.find("state")
            sv = p.find("service")
            ports[(p.get("protocol"), int(p.get("portid")))] = {
                "state": s.get("state") if s is not None else None,
                "name": sv.get("name") if sv is not None else None,
                "product": sv.get("product") if sv is not None else None,
                "version": sv.get("version") if sv is not None else None,
                "method": sv.get("method") if sv is not None else None,
            }
        hosts[ip] = ports
    fin = root.find("runstats/finished")
    return {"hosts": hosts, "elapsed": float(fin.get("elapsed")) if fin is not None else None}


# ---------------------------------------------------------------- per run
def frame_stats(frames, hosts):
    kinds = {}
    per_dst = {}
    for t, k, dst, _ in frames:
        kinds[k] = kinds.get(k, 0) + 1
        if dst:
            per_dst.setdefault(dst, []).append(t)
    n = len(frames)
    out = {"frames": n, "by_kind": kinds,
           "frames_per_host": round(n / hosts, 1) if hosts else None}
    return out, per_dst


def base_run(d, r):
    tag = r["tag"]
    hosts = int(r["hosts"]) if r["hosts"].isdigit() else 0
    res = {"tag": tag, "part": r["part"], "tool": r["tool"], "label": r["label"],
           "targets": r["targets"], "hosts": hosts, "rc": r["rc"]}
    if r["rc"] == "skipped":
        res["skipped"] = True
        return res, [], {}
    tm = read_time(os.path.join(d, tag + ".time"))
    res.update(tm)
    if "user" in tm and "sys" in tm:
        res["cpu"] = round(tm["user"] + tm["sys"], 2)
        if tm.get("wall"):
            res["cpu_pct_wall"] = round(100.0 * res["cpu"] / tm["wall"], 1)
    frames = read_pcap(os.path.join(d, tag + ".pcap"))
    fs, per_dst = frame_stats(frames, hosts)
    res.update(fs)
    return res, frames, per_dst


def iomt_details(d, res):
    tag = res["tag"]
    audit = read_audit(os.path.join(d, tag + ".audit"))
    res["audit_rows"] = len(audit)
    if res["hosts"]:
        res["audit_per_host"] = round(len(audit) / res["hosts"], 1)
    comp = {}
    for a in audit:
        k = a["kind"] + ("/" + a["detail"] if a["detail"] else "")
        comp[k] = comp.get(k, 0) + 1
    res["audit_by_kind"] = comp
    exp = read_json(os.path.join(d, tag + ".json")) or {"hosts": []}
    up = [h for h in exp.get("hosts", []) if h.get("state") in ("up", "breaker")]
    res["hosts_found"] = len(up)
    res["open_services"] = sum(1 for h in up for s in h.get("services", [])
                               if s.get("state") == "open")
    if res.get("wall") and res["hosts_found"]:
        res["hosts_per_s"] = round(res["hosts_found"] / res["wall"], 1)
    try:
        with open(os.path.join(d, tag + ".stderr")) as f:
            err = f.read()
        m = re.search(r"(ARP|TCP connect) discovery", err)
        res["discovery"] = m.group(1) if m else None
        m = re.search(r"scanned \d+ addresses in ([\d.]+)s", err)
        res["scan_seconds"] = float(m.group(1)) if m else None
    except OSError:
        pass
    return audit, exp


def nmap_details(d, res):
    nx = read_nmap(os.path.join(d, res["tag"] + ".xml"))
    if nx is None:
        return None
    res["hosts_found"] = len(nx["hosts"])
    res["open_services"] = sum(1 for h in nx["hosts"].values() for p in h.values()
                               if p["state"] in ("open", "open|filtered"))
    if res.get("wall") and res["hosts_found"]:
        res["hosts_per_s"] = round(res["hosts_found"] / res["wall"], 1)
    return nx


# ---------------------------------------------------------------- floor
def host_pace(h, gap, host_pps):
    """The gap and per-host rate the policy gave host h (export JSON)."""
    reason = (h or {}).get("state_reason") or ""
    if "lowest rate" in reason:         # src/safety/policy.c: the medical pace
        return MEDICAL_GAP, MEDICAL_PPS
    return gap, host_pps


def pacing_floor(audit, exp, idle_close, global_pps, acks, host_pps=HOST_PPS, gap=GAP):
    """Per-host floor and global bucket bound for one iomtscan scan.

    Per host: every probe occupies at least the gap, or longer when it
    incurs a wait it cannot avoid: a silent open port waits for the banner
    timeout (no bytes sent) or for the probe's reply timeout (shortened
    when the lab's listener closes an idle connection first), and an SNMP
    request nobody answers waits SNMP_WAIT.  The host's bucket adds a
    second bound, (tokens - burst) / host rate.  Globally, every token the
    buckets charge (a refused connect is refunded to 1) passes the global
    bucket at global_pps after its initial burst.  The engine also charges
    one token for each ACK the kernel sends for data or a FIN the host
    sent; those are counted from the capture (acks: ACK frames per host
    beyond the one that completes each handshake).
    """
    svc = {}
    hosts = {}
    for h in exp.get("hosts", []):
        hosts[h["ip"]] = h
        for s in h.get("services", []):
            if s.get("state") == "open":
                svc[(h["ip"], s["proto"], s["port"])] = s
    byhost = {}
    for a in audit:
        byhost.setdefault(a["ip"], []).append(a)
    per_host = {}
    tokens = 0.0
    paces = set()
    for ip, rows in byhost.items():
        hgap, hpps = host_pace(hosts.get(ip), gap, host_pps)
        paces.add((hgap, hpps))
        t = 0.0
        htok = 0.0
        payload_ports = {}
        for a in rows:
            if a["kind"] == "tcp-payload":
                p = int(a["port"].split("/")[0])
                payload_ports.setdefault(p, []).append(a["detail"])
        for a in rows:
            k = a["kind"]
            if k == "arp":
                c, w = COST["arp"], 0.0
            elif k == "udp":
                c = COST["udp"]
                p = int(a["port"].split("/")[0])
                w = 0.0 if (ip, "udp", p) in svc else SNMP_WAIT
            elif k == "tcp-connect":
                p = int(a["port"].split("/")[0])
                s = svc.get((ip, "tcp", p))
                if s is None:
                    # refused: 3 charged, 2 refunded when the RST arrives
                    c, w = COST["refused"], 0.0
                else:
                    pl = payload_ports.get(p, [])
                    c = COST["connect"] + COST["payload"] * len(pl)
                    silent = not s.get("service") and not s.get("banner")
                    if not silent:
                        w = 0.0
                    elif pl:
                        w = min(max(PROBE_WAIT.get(x, 5.0) for x in pl), idle_close)
                    else:
                        w = min(BANNER_WAIT, idle_close)
            else:
                continue        # payload cost is counted with its connect
            tokens += c
            htok += c
            t += max(hgap, w)
        n_open = sum(1 for a in rows if a["kind"] == "tcp-connect" and
                     (ip, "tcp", int(a["port"].split("/")[0])) in svc)
        extra = max(0, acks.get(ip, 0) - n_open) * COST["ack"]
        tokens += extra
        htok += extra
        burst = COST["connect"] + COST["payload"]
        per_host[ip] = max(t, (htok - burst) / hpps)
    if not per_host:
        return None
    ph = sorted(per_host.values())
    burst = max(global_pps / GLOBAL_BURST_DIV, COST["connect"])
    g = max(0.0, tokens - burst) / global_pps
    return {"per_host_floor_max": round(ph[-1], 2),
            "per_host_floor_median": round(statistics.median(ph), 2),
            "host_pace": ", ".join("%g s gap / %g pps" % x for x in sorted(paces)),
            "tokens": round(tokens), "global_bound": round(g, 2),
            "floor": round(max(ph[-1], g), 2),
            "dominant": "per-host pacing" if ph[-1] >= g else "global rate"}


def max_rate(per_dst, prefix):
    """Most frames the scanner sent one host within any 1 s window."""
    best, who = 0, None
    for ip, ts in per_dst.items():
        if not ip.startswith(prefix):
            continue
        ts = sorted(ts)
        j = 0
        for i in range(len(ts)):
            while ts[i] - ts[j] >= 1.0:
                j += 1
            if i - j + 1 > best:
                best, who = i - j + 1, ip
    return {"frames": best, "host": who}


def host_spans(per_dst, prefix):
    spans = [max(ts) - min(ts) for ip, ts in per_dst.items() if ip.startswith(prefix) and ts]
    if not spans:
        return None
    spans.sort()
    return {"median": round(statistics.median(spans), 1), "max": round(spans[-1], 1),
            "min": round(spans[0], 1)}


# ---------------------------------------------------------------- ident
def iomt_ident(exp):
    out = {}
    hosts = {h["ip"]: h for h in exp.get("hosts", [])}
    for ip, proto, port, want, _, product, prod_re in EXPECTED:
        h = hosts.get(ip)
        s = None
        if h:
            for x in h.get("services", []):
                if x["proto"] == proto and x["port"] == port and x["state"] == "open":
                    s = x
        name = (s or {}).get("service") or ""
        ok = bool(name) and (name == want or name.startswith(want + "-"))
        idn = (h or {}).get("identity") or {}
        prod = " / ".join(str(idn.get(k)) for k in ("vendor", "model", "firmware", "os",
                                                     "device_class") if idn.get(k))
        text = prod + " " + ((s or {}).get("banner") or "")
        out["%s %d/%s" % (ip, port, proto)] = {
            "found": s is not None, "service": name or None, "correct": ok, "guess": False,
            "product": prod or None,
            "product_named": bool(prod_re and s is not None and re.search(prod_re, text))}
    return out


def nmap_ident(nx):
    out = {}
    for ip, proto, port, want, names, product, prod_re in EXPECTED:
        p = (nx["hosts"].get(ip) or {}).get((proto, port)) if nx else None
        found = p is not None and p["state"] in ("open", "open|filtered")
        name = (p or {}).get("name") or ""
        probed = (p or {}).get("method") == "probed"
        ok = found and any(name == n or name.startswith(n + " ") for n in names)
        prod = " ".join(x for x in ((p or {}).get("product"), (p or {}).get("version")) if x)
        text = prod + " " + name
        out["%s %d/%s" % (ip, port, proto)] = {
            "found": found, "service": (name + ("" if probed else "?")) if name else None,
            "correct": ok and probed, "guess": ok and not probed, "product": prod or None,
            "product_named": bool(prod_re and found and probed and re.search(prod_re, text))}
    return out


# ---------------------------------------------------------------- safety
def read_devices(d):
    rows = []
    try:
        with open(os.path.join(d, "devices.tsv")) as f:
            hdr = f.readline().rstrip("\n").split("\t")
            for line in f:
                if line.strip():
                    rows.append(dict(zip(hdr, line.rstrip("\n").split("\t"))))
    except OSError:
        pass
    return rows


def safety(d, res, per_dst, devices):
    sims = {}
    for dv in devices:
        if dv.get("kind") != "fragile":
            continue
        st = read_json(os.path.join(d, res["tag"] + ".sim", dv["ip"] + ".json")) or {}
        sims[dv["name"]] = {
            "ip": dv["ip"], "frames": st.get("frames_total"),
            "max_fps": st.get("max_frames_per_sec"),
            "max_conns": st.get("max_concurrent_conns"),
            "crashed": bool(st.get("crashed")), "reason": st.get("reason"),
            "sent_by_scanner": len(per_dst.get(dv["ip"], [])),
        }
    res["sims"] = sims
    res["crashed"] = sum(1 for s in sims.values() if s["crashed"])


# ---------------------------------------------------------------- output
def fmt(v, nd=1):
    if v is None:
        return "-"
    if isinstance(v, float):
        return ("%%.%df" % nd) % v
    return str(v)


def md_table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for r in rows:
        out.append("| " + " | ".join(fmt(x) for x in r) + " |")
    return "\n".join(out)


def main():
    if len(sys.argv) != 2:
        die("usage: report.py RESULTS_DIR")
    d = sys.argv[1]
    runs = read_runs(d)
    sims_cfg = read_json(os.path.join(d, "sims.json")) or {}
    idle_close = float((sims_cfg.get("bench") or {}).get("idle_timeout", 10))
    devices = read_devices(d)
    results = {}
    md = []
    summary = []

    for r in runs:
        res, frames, per_dst = base_run(d, r)
        results[res["tag"]] = res
        if res.get("skipped"):
            continue
        audit, exp = ([], None)
        if res["tool"] == "iomtscan":
            audit, exp = iomt_details(d, res)
        else:
            res["_nmap"] = nmap_details(d, res)
        if res["part"] == "scale":
            res["host_span"] = host_spans(per_dst, "198.18.1.")
            res["max_fps_host"] = max_rate(per_dst, "198.18.1.")
            if res["tool"] == "iomtscan" and exp is not None and "discovery" not in res["label"]:
                gp = 1000.0 if "--rate 1000" in res["label"] else GLOBAL_PPS
                acks = {}
                for _, k, dst, _ in frames:
                    if k == "tcp-ack" and dst:
                        acks[dst] = acks.get(dst, 0) + 1
                fl = pacing_floor(audit, exp, idle_close, gp, acks)
                if fl:
                    fl["global_pps"] = gp
                    if res.get("wall"):
                        fl["measured"] = res["wall"]
                        fl["ratio"] = "%.2f" % (res["wall"] / fl["floor"])
                    res["floor"] = fl
        elif res["part"] == "ident":
            if res["tool"] == "iomtscan":
                res["ident"] = iomt_ident(exp or {})
            else:
                res["ident"] = nmap_ident(res.get("_nmap"))
            res["correct"] = sum(1 for v in res["ident"].values() if v["correct"])
            res["guessed"] = sum(1 for v in res["ident"].values() if v["guess"])
            res["products"] = sum(1 for v in res["ident"].values() if v["product_named"])
        elif res["part"] == "safety":
            safety(d, res, per_dst, devices)
            res["max_fps_host"] = max_rate(per_dst, "198.18.0.")
        res.pop("_nmap", None)

    def rows_of(part):
        return [v for v in results.values() if v["part"] == part]

    meta = ""
    try:
        with open(os.path.join(d, "meta.txt")) as f:
            meta = f.read()
    except OSError:
        pass
    md.append("<!-- generated by tests/bench/report.py -->\n")
    md.append("```\n" + meta.strip() + "\n```\n")

    sc = rows_of("scale")
    if sc:
        md.append("### Scale: one /24 of bench hosts\n")
        rows = []
        for v in sc:
            if v.get("skipped"):
                rows.append([v["label"], "skipped"] + [None] * 9)
                continue
            rows.append([v["label"], v.get("wall"), v.get("hosts_found"), v.get("hosts_per_s"),
                         v.get("frames"), v.get("frames_per_host"), v.get("audit_per_host"),
                         (v.get("max_fps_host") or {}).get("frames"),
                         v.get("cpu"), v.get("cpu_pct_wall"),
                         round(v["rss_kb"] / 1024.0, 1) if v.get("rss_kb") else None])
            summary.append("%-48s %7s s  %4s hosts  %6s frames/host  RSS %5s MB  CPU %s%%" % (
                v["label"], fmt(v.get("wall")), fmt(v.get("hosts_found")),
                fmt(v.get("frames_per_host")),
                fmt(round(v["rss_kb"] / 1024.0, 1)) if v.get("rss_kb") else "-",
                fmt(v.get("cpu_pct_wall"))))
        md.append(md_table(["run", "wall s", "hosts found", "hosts/s", "frames sent",
                            "frames/host", "audit rows/host", "most frames/s to one host",
                            "CPU s", "CPU % of wall",
                            "peak RSS MB"], rows) + "\n")
        fr = []
        for v in sc:
            fl = v.get("floor")
            if fl:
                fr.append([v["label"], fl["global_pps"], fl["host_pace"],
                           fl["per_host_floor_max"], fl["tokens"],
                           fl["global_bound"], fl["floor"], fl["dominant"], fl.get("measured"),
                           fl.get("ratio"), (v.get("host_span") or {}).get("median")])
                summary.append("  floor %-40s per-host %.1f s, global %.1f s -> %.1f s; measured %.1f s = %sx" % (
                    v["label"], fl["per_host_floor_max"], fl["global_bound"], fl["floor"],
                    fl.get("measured") or 0, fl.get("ratio") or "?"))
        if fr:
            md.append(md_table(["run", "global pps", "per-host pace", "per-host floor s",
                                "tokens",
                                "global bound s", "floor s", "bound that dominates",
                                "measured s", "measured / floor",
                                "median per-host span s"], fr) + "\n")
        kinds = []
        for v in sc:
            if v.get("by_kind"):
                kinds.append([v["label"]] + [v["by_kind"].get(k, 0) for k in
                             ("arp", "tcp-syn", "tcp-ack", "tcp-data", "tcp-fin", "tcp-rst",
                              "udp", "icmp", "other")])
        if kinds:
            md.append(md_table(["run", "ARP", "SYN", "ACK", "data", "FIN", "RST", "UDP",
                                "ICMP", "other"], kinds) + "\n")

    idr = rows_of("ident")
    if idr:
        md.append("### Identification: the six real servers\n")
        rows = []
        for v in idr:
            if v.get("skipped"):
                rows.append([v["label"], "skipped"] + [None] * 6)
                continue
            rows.append([v["label"], v.get("wall"), v.get("frames"), v.get("frames_per_host"),
                         "%d / %d" % (v["correct"], len(EXPECTED)), v.get("guessed"),
                         v.get("products")])
            summary.append("%-48s %7s s  %6s frames/host  %d/%d services identified (+%d port-table guesses)" % (
                v["label"], fmt(v.get("wall")), fmt(v.get("frames_per_host")), v["correct"],
                len(EXPECTED), v["guessed"]))
        md.append(md_table(["run", "wall s", "frames sent", "frames/host",
                            "services identified", "port-table guesses (name?)",
                            "products named (of %d)" % sum(1 for e in EXPECTED if e[6])], rows) + "\n")
        keys = ["%s %d/%s" % (e[0], e[2], e[1]) for e in EXPECTED]
        det = []
        for k, e in zip(keys, EXPECTED):
            row = [k, e[3] + " (" + e[5] + ")"]
            for v in idr:
                x = (v.get("ident") or {}).get(k)
                if not x:
                    row.append(None)
                    continue
                s = x["service"] or ("not found" if not x["found"] else "open, unnamed")
                mark = "ok" if x["correct"] else ("guess" if x["guess"] else "no")
                if x.get("product_named"):
                    mark += ", product"
                row.append("%s [%s]%s" % (s, mark, (": " + x["product"]) if x["product"] else ""))
            det.append(row)
        md.append(md_table(["service", "expected"] + [v["label"] for v in idr], det) + "\n")

    sf = rows_of("safety")
    if sf:
        md.append("### Safety: frames counted by each fragile simulator\n")
        md.append("Cells: frames the simulator counted (until it crashed) of the frames "
                  "the scanner sent to its address (capture).\n")
        names = []
        for v in sf:
            for n in (v.get("sims") or {}):
                if n not in names:
                    names.append(n)
        rows = []
        for n in names:
            row = [n]
            for v in sf:
                s = (v.get("sims") or {}).get(n)
                if not s:
                    row.append(None)
                    continue
                row.append("%s of %s sent%s" % (
                    fmt(s["frames"]), fmt(s["sent_by_scanner"]),
                    (", CRASHED (" + (s["reason"] or "").split(":")[0] + ")")
                    if s["crashed"] else ""))
            rows.append(row)
        rows.append(["**simulators crashed**"] + [
            ("%d of %d" % (v["crashed"], len(v["sims"]))) if v.get("sims") else None for v in sf])
        rows.append(["wall s"] + [v.get("wall") for v in sf])
        rows.append(["frames sent (all hosts)"] + [v.get("frames") for v in sf])
        rows.append(["most frames/s sent to one host"] + [
            (v.get("max_fps_host") or {}).get("frames") for v in sf])
        md.append(md_table(["simulator"] + [v["label"] for v in sf], rows) + "\n")
        for v in sf:
            if v.get("sims") is not None:
                summary.append("%-48s %7s s  %d of %d simulators crashed; frames at sims: %s" % (
                    v["label"], fmt(v.get("wall")), v["crashed"], len(v["sims"]),
                    " ".join("%s=%s" % (n, s["frames"]) for n, s in v["sims"].items())))
        reasons = []
        for v in sf:
            for n, s in (v.get("sims") or {}).items():
                if s["crashed"]:
                    reasons.append([v["label"], n, s["reason"]])
        if reasons:
            md.append(md_table(["run", "simulator", "crash reason (simulator's own words)"],
                               reasons) + "\n")

    with open(os.path.join(d, "results.json"), "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(d, "tables.md"), "w") as f:
        f.write("\n".join(md))
    print("==== iomtscan benchmark summary (details: %s/tables.md) ====" % d)
    for line in summary:
        print(line)
    bad = [v["tag"] for v in results.values() if v["rc"] not in ("0", "1", "skipped")]
    if bad:
        print("runs with an unexpected exit status: %s" % " ".join(bad))
    return 0


if __name__ == "__main__":
    sys.exit(main())
