#!/usr/bin/env python3
"""plan_vs_audit.py - compare, host by host, what `iomtscan plan` promised
with what the audit log says the engine sent (tests/lab/t-plan-matches-audit.sh).

Usage: plan_vs_audit.py PLAN.json INVENTORY.db SCAN_ID

Each audit row is charged in packets the way docs/RATELIMIT.md says the
engine charges it (ARP 1, TCP connect 3, TCP payload message 2, UDP
datagram 1).  For every address the plan covers:
  - the packets sent are at most the plan's max_packets for it;
  - nothing is sent beyond the plan's lists: ARP only where it planned
    ARP, discovery connects only to its discovery ports, service connects
    and payloads only to its tcp and payload ports, UDP only to its udp
    ports;
  - where the plan is exact it is met exactly: a known host (planned one
    by one from the inventory) that answered got a service connect to
    every planned tcp port, and an on-link address that never answered
    got exactly the planned ARP tries (2);
  - a held or excluded address got nothing.
Prints one line per host and exits 1 on any mismatch.
"""
import ipaddress
import json
import sqlite3
import sys

COST = {"arp": 1, "tcp-connect": 3, "tcp-payload": 2, "udp": 1}
ARP_TRIES = 2


def entry_for(plan, ip):
    for h in plan["hosts"]:
        if h["ip"] == ip:
            return h
    n = int(ipaddress.ip_address(ip))
    for g in plan["groups"]:
        for lo, hi in g["ranges"]:
            if int(ipaddress.ip_address(lo)) <= n <= int(ipaddress.ip_address(hi)):
                return g
    return None


def main():
    plan = json.load(open(sys.argv[1]))
    db = sqlite3.connect(sys.argv[2])
    scan_id = int(sys.argv[3])
    rows = db.execute("SELECT ip, proto, port, kind, detail FROM audit "
                      "WHERE scan_id = ?", (scan_id,)).fetchall()
    state = dict(db.execute(
        "SELECT h.ip, s.state FROM host_scans s JOIN hosts h ON h.id = s.host_id "
        "WHERE s.scan_id = ?", (scan_id,)).fetchall())
    per = {}
    for ip, proto, port, kind, detail in rows:
        per.setdefault(ip, []).append((proto, port, kind, detail))
    bad = 0
    checked = 0
    exact = 0
    silent = 0

    def fail(ip, what):
        nonlocal bad
        bad += 1
        print("FAIL %s: %s" % (ip, what))

    for ip in sorted(per, key=lambda a: int(ipaddress.ip_address(a))):
        e = entry_for(plan, ip)
        sent = per[ip]
        if e is None:
            fail(ip, "sent %d probes, but the plan does not cover it" % len(sent))
            continue
        checked += 1
        cost = sum(COST.get(k, 0) for _, _, k, _ in sent)
        promised = e["max_packets"]
        if cost > promised:
            fail(ip, "%d packets sent, plan promised at most %d" % (cost, promised))
        if e["excluded"] or e["level"] == "passive":
            fail(ip, "sent %d probes to a host the plan holds back" % len(sent))
        tcp, disc, pay, udp = set(e["tcp"]), set(e["discover"]), set(e["payload"]), set(e["udp"])
        service = set()
        n_arp = 0
        for proto, port, kind, detail in sent:
            if kind == "arp":
                n_arp += 1
                if not e["arp"]:
                    fail(ip, "ARP sent, plan has no ARP for it")
            elif kind == "tcp-connect" and detail == "discovery":
                if port not in disc:
                    fail(ip, "discovery connect to %d, not a planned discovery port" % port)
            elif kind == "tcp-connect":
                if port not in tcp:
                    fail(ip, "%s connect to %d, not a planned tcp port" % (detail, port))
                if detail == "service":
                    service.add(port)
            elif kind == "tcp-payload":
                if port not in pay:
                    fail(ip, "payload to %d, not a planned payload port" % port)
            elif kind == "udp":
                if port not in udp:
                    fail(ip, "UDP to %d, not a planned udp port" % port)
        if n_arp > ARP_TRIES:
            fail(ip, "%d ARP requests, plan allows %d" % (n_arp, ARP_TRIES))
        up = state.get(ip) == "up"
        # A known host is planned from the same facts the engine starts
        # from; an unknown on-link address is planned as if ARP brought a
        # MAC with no fragile signal, so a fragile maker's MAC only lowers
        # what it gets (checked above: nothing beyond the lists).
        known = "ip" in e
        if up and known and e["level"] != "discovery":
            exact += 1
            if service != tcp:
                fail(ip, "service connects to %s, plan listed %s" %
                     (sorted(service), sorted(tcp)))
        elif ip not in state and e["arp"]:
            exact += 1
            if n_arp != ARP_TRIES or len(sent) != n_arp:
                fail(ip, "no answer: %d probes (%d ARP), plan says exactly %d ARP" %
                     (len(sent), n_arp, ARP_TRIES))
        if not up and ip not in state and len(sent) == n_arp:
            silent += 1
            continue
        print("%-15s sent %4d of at most %4d packets (%s%s)" %
              (ip, cost, promised, state.get(ip, "no answer"),
               ", exact" if (up and known and e["level"] != "discovery") or
               (ip not in state and e["arp"]) else ""))
    print("%d addresses got only ARP and never answered" % silent)
    print("%d hosts compared, %d of them exactly, %d mismatches" % (checked, exact, bad))
    if checked == 0 or exact == 0:
        print("FAIL: nothing to compare")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
