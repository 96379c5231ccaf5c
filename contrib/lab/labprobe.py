#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""labprobe: reference traffic for the iomtscan lab (run in the scanner namespace).

  labprobe.py polite --devices TSV [--sims JSON] [--gap 0.5] [--kind fragile]
      The polite sequence fragile devices must survive: per host, one ICMP
      echo, then one TCP connection at a time to each open port (read the
      banner, or send one HTTP GET / on HTTP ports; nothing at all is sent
      to data ports, and ports where a connection crashes are skipped),
      closed with FIN, at least GAP seconds apart; one SNMP v2c GET
      (community public) where UDP 161 is open.  Hosts run in parallel.
      Exit 0 when every probe got its expected answer.

  labprobe.py trigger RULE IP [PORT]
      Send one thing a fragile simulator must crash on.  RULEs:
        arp-storm          30 ARP requests for IP within ~0.3 s
        sweep              SYNs to 31 closed ports, ~14/s (under the rate limit)
        flags:NAME PORT    one raw TCP segment, NAME in null, fin, xmas, synfin,
                           urg (ACK+URG), ece (SYN+ECE+CWR)
        nonsyn-closed      a bare ACK to a closed port
        udp PORT           one UDP datagram (to a closed port)
        udp-bcast PORT     one UDP datagram to 198.18.0.255 (all devices)
        frag               first fragment (MF set) of an ICMP echo
        icmp-odd           ICMP echo with code 9 (nmap -O's IE probe)
        maxconn PORT       three concurrent connections, held 1 s
        data PORT          connect, send "\\r\\n", close
        connect PORT       connect and close (no payload)
        http-garbage PORT  a non-HTTP line on an HTTP port
        snmp-garbage       a non-BER datagram to UDP 161

Standard library only; needs root (raw sockets).  Addresses outside
198.18.0.0/15 are refused.
"""

import ipaddress
import json
import os
import select
import socket
import struct
import sys
import threading
import time

LAB_NET = ipaddress.ip_network("198.18.0.0/15")


def lab_addr(ip):
    if ipaddress.ip_address(ip) not in LAB_NET:
        sys.exit("labprobe: %s is outside 198.18.0.0/15; refusing" % ip)
    return ip


def checksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def source_for(ip):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((ip, 9))          # no packet is sent for a UDP connect
    src = s.getsockname()[0]
    s.close()
    return src


def route_dev(ip):
    with open("/proc/net/route") as f:
        next(f)
        best = None
        for line in f:
            p = line.split()
            dst, mask = int(p[1], 16), int(p[7], 16)
            a = struct.unpack("<I", socket.inet_aton(ip))[0]
            if a & mask == dst and (best is None or mask > best[1]):
                best = (p[0], mask)
    return best[0] if best else "eth0"


# ------------------------------------------------------------------ packets

def icmp_echo(ip, code=0, ident=0x1a2b, seq=1, wait=1.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    payload = b"iomtlab-echo"
    h = struct.pack("!BBHHH", 8, code, 0, ident, seq)
    h = struct.pack("!BBHHH", 8, code, checksum(h + payload), ident, seq)
    s.sendto(h + payload, (ip, 0))
    end = time.time() + wait
    ok = False
    while time.time() < end:
        r, _, _ = select.select([s], [], [], max(0, end - time.time()))
        if not r:
            break
        data, addr = s.recvfrom(2048)
        ihl = (data[0] & 0x0F) * 4
        if addr[0] == ip and data[ihl] == 0 and struct.unpack_from("!H", data, ihl + 4)[0] == ident:
            ok = True
            break
    s.close()
    return ok


def raw_tcp(ip, dport, flags, sport=None):
    src = source_for(ip)
    sport = sport or 40000 + os.getpid() % 20000
    seq = int.from_bytes(os.urandom(4), "big")
    ack = int.from_bytes(os.urandom(4), "big") if flags & 0x10 else 0
    urp = 1 if flags & 0x20 else 0
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 1024, 0, urp)
    pseudo = socket.inet_aton(src) + socket.inet_aton(ip) + struct.pack("!BBH", 0, 6, len(hdr))
    hdr = hdr[:16] + struct.pack("!H", checksum(pseudo + hdr)) + hdr[18:]
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    s.sendto(hdr, (ip, 0))
    s.close()


def ip_fragment(ip):
    src = source_for(ip)
    payload = b"iomtlab-fragment" * 2
    icmp = struct.pack("!BBHHH", 8, 0, 0, 0x77, 1)
    icmp = struct.pack("!BBHHH", 8, 0, checksum(icmp + payload + b"x" * 16), 0x77, 1) + payload
    tot = 20 + len(icmp)
    iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0, tot, 0x4242, 0x2000, 64, 1, 0,
                      socket.inet_aton(src), socket.inet_aton(ip))
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
    s.sendto(iph + icmp, (ip, 0))
    s.close()


def arp_storm(ip, n=30, spacing=0.01):
    dev = route_dev(ip)
    src = source_for(ip)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
    s.bind((dev, 0))
    mac = s.getsockname()[4][:6]
    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, mac, socket.inet_aton(src),
                      b"\0" * 6, socket.inet_aton(ip))
    frame = b"\xff" * 6 + mac + b"\x08\x06" + arp + b"\0" * 18
    for _ in range(n):
        s.send(frame)
        time.sleep(spacing)
    s.close()


def snmp_get_v2c(ip, community=b"public", timeout=2.0):
    oids = [bytes([0x2B, 6, 1, 2, 1, 1, x, 0]) for x in (1, 2, 5)]

    def tlv(t, v):
        return bytes([t, len(v)]) + v
    vbl = b"".join(tlv(0x30, tlv(0x06, o) + b"\x05\x00") for o in oids)
    pdu = tlv(0xA0, tlv(0x02, b"\x1a\x2b\x3c\x4d") + b"\x02\x01\x00\x02\x01\x00" + tlv(0x30, vbl))
    msg = tlv(0x30, b"\x02\x01\x01" + tlv(0x04, community) + pdu)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    try:
        s.sendto(msg, (ip, 161))
        data, _ = s.recvfrom(4096)
        return data
    except OSError:
        return None
    finally:
        s.close()


# ------------------------------------------------------------------ polite

def read_some(s, first_wait, idle=0.3, cap=65536):
    buf = b""
    s.settimeout(first_wait)
    try:
        while len(buf) < cap:
            d = s.recv(4096)
            if not d:
                break
            buf += d
            s.settimeout(idle)
    except OSError:
        pass
    return buf


def polite_host(row, sims, gap, results):
    ip = row["ip"]
    out = []
    ok = True
    crash = {}          # (proto, port) -> "data" (no byte may be sent) or "connect"
    for c in row.get("crash_ports", "-").split(","):
        if c and c != "-":
            proto, port, mode = (c.split(":") + ["data"])[:3]
            crash[(proto, int(port))] = mode
    prof = sims.get(row["name"], {})
    kinds = {int(c["port"]): c.get("kind") for c in prof.get("tcp", [])}
    last = 0.0

    def pace():
        nonlocal last
        d = last + gap - time.time()
        if d > 0:
            time.sleep(d)
        last = time.time()

    pace()
    pong = icmp_echo(ip)
    out.append("icmp echo: %s" % ("reply" if pong else "no reply"))
    ok = ok and pong
    tcp = [int(p) for p in row["tcp"].split(",") if p != "-"]
    for port in tcp:
        mode = crash.get(("tcp", port))
        if mode == "connect":
            out.append("tcp/%d: skipped (any connection crashes it)" % port)
            continue
        pace()
        try:
            s = socket.create_connection((ip, port), timeout=2)
        except OSError as e:
            out.append("tcp/%d: connect failed: %s" % (port, e))
            ok = False
            continue
        if kinds.get(port) == "http" and mode is None:
            s.sendall(("GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: iomtlab-polite\r\n"
                       "Accept: */*\r\nConnection: close\r\n\r\n" % ip).encode())
            data = read_some(s, 2.0)
            status = data.split(b"\r\n", 1)[0].decode("latin-1")
            title = ""
            if b"<title>" in data:
                title = data.split(b"<title>", 1)[1].split(b"</title>", 1)[0].decode("latin-1")
            out.append("tcp/%d: %s %r" % (port, status, title))
            ok = ok and status.startswith("HTTP/1.")
        else:
            data = read_some(s, 0.5)
            out.append("tcp/%d: open, %d banner bytes %r%s" % (
                port, len(data), data[:40], " (connect only: data port)" if mode else ""))
        s.shutdown(socket.SHUT_WR)          # FIN
        read_some(s, 0.5, idle=0.2)         # drain until the peer's FIN
        s.close()
        last = time.time()
    udp = [int(p) for p in row["udp"].split(",") if p != "-"]
    if 161 in udp and ("udp", 161) not in crash:
        pace()
        r = snmp_get_v2c(ip)
        out.append("udp/161: %s" % ("SNMP response %d bytes" % len(r) if r else "no SNMP response"))
        ok = ok and bool(r)
    results[ip] = (ok, out)


def cmd_polite(args):
    import argparse
    ap = argparse.ArgumentParser(prog="labprobe.py polite")
    ap.add_argument("--devices", required=True)
    ap.add_argument("--sims", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "sims.json"))
    ap.add_argument("--gap", type=float, default=0.5)
    ap.add_argument("--kind", default="fragile")
    a = ap.parse_args(args)
    with open(a.sims) as f:
        sims = json.load(f)
    rows = []
    with open(a.devices) as f:
        hdr = f.readline().rstrip("\n").split("\t")
        for line in f:
            r = dict(zip(hdr, line.rstrip("\n").split("\t")))
            if r.get("kind") == a.kind:
                lab_addr(r["ip"])
                rows.append(r)
    results = {}
    threads = [threading.Thread(target=polite_host, args=(r, sims, a.gap, results)) for r in rows]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bad = 0
    for r in rows:
        ok, out = results.get(r["ip"], (False, ["no result"]))
        print("%s %s %s" % (r["ip"], r["name"], "ok" if ok else "FAILED"))
        for line in out:
            print("    " + line)
        bad += not ok
    return 1 if bad else 0


# ----------------------------------------------------------------- trigger

def cmd_trigger(args):
    if len(args) < 1:
        sys.exit(__doc__)
    rule = args[0]
    if rule == "udp-bcast":
        port = int(args[1])
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        s.sendto(b"iomtlab-broadcast", ("198.18.0.255", port))
        s.close()
        return 0
    if len(args) < 2:
        sys.exit(__doc__)
    ip = lab_addr(args[1])
    port = int(args[2]) if len(args) > 2 else None
    if rule == "arp-storm":
        arp_storm(ip)
    elif rule == "sweep":
        for p in range(40001, 40032):
            s = socket.socket()
            s.settimeout(1)
            try:
                s.connect((ip, p))
            except OSError:
                pass
            s.close()
            time.sleep(0.07)
    elif rule.startswith("flags:"):
        f = {"null": 0x00, "fin": 0x01, "xmas": 0x29, "synfin": 0x03, "urg": 0x30,
             "ece": 0xC2}[rule.split(":", 1)[1]]
        raw_tcp(ip, port or 80, f)
    elif rule == "nonsyn-closed":
        raw_tcp(ip, port or 40999, 0x10)
    elif rule == "udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.sendto(b"iomtlab", (ip, port or 40999))
        s.close()
    elif rule == "frag":
        ip_fragment(ip)
    elif rule == "icmp-odd":
        icmp_echo(ip, code=9, wait=0.2)
    elif rule == "maxconn":
        socks = [socket.create_connection((ip, port), timeout=2) for _ in range(3)]
        time.sleep(1)
        for s in socks:
            s.close()
    elif rule in ("data", "connect", "http-garbage"):
        s = socket.create_connection((ip, port), timeout=2)
        if rule == "data":
            s.sendall(b"\r\n")
        elif rule == "http-garbage":
            s.sendall(b"HELP\r\n\r\n")
        time.sleep(0.2)
        s.close()
    elif rule == "snmp-garbage":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.sendto(b"\x30\x82\xff\xffgarbage", (ip, 161))
        s.close()
    else:
        sys.exit("labprobe: unknown rule %r" % rule)
    return 0


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    if sys.argv[1] == "polite":
        return cmd_polite(sys.argv[2:])
    if sys.argv[1] == "trigger":
        return cmd_trigger(sys.argv[2:])
    sys.exit("labprobe: unknown command %r" % sys.argv[1])


if __name__ == "__main__":
    sys.exit(main())
