#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""fragile-sim: a simulated fragile networked device for the iomtscan lab.

Runs inside one network namespace of contrib/lab (see README.md there).  It
serves a few TCP/UDP ports like the device it imitates and watches every
frame that reaches its interface through an AF_PACKET socket.  When the
traffic it sees is something a fragile clinical device is known not to
survive (fragile-devices.md sections 1, 2 and 5), it "crashes": it takes
its link down, records why in its JSON state file and stops serving.

Only the Python standard library is used.  Run with /usr/bin/python3.

Crash rules (all limits can be changed on the command line):
  rate          more than --rate counted frames in any 1 s window
  closed-syn    more than --closed-syn SYNs to closed TCP ports in 60 s
  tcp-flags     NULL, FIN without ACK, SYN+FIN, URG, SYN with ECE/CWR, XMAS
  tcp-closed    a non-SYN, non-RST segment to a closed TCP port
  udp-closed    a UDP datagram (unicast or broadcast) to a port not served
  ip-fragment   an IPv4 fragment (MF set or offset > 0)
  ip-options    an IPv4 header with options
  icmp-odd      ICMP echo with code != 0, redirect, timestamp, info, mask
  maxconn       more than --maxconn concurrent TCP connections
  data-port     any byte on a "data" port (TCP) or any datagram (UDP)
  connect-port  any connection to a "forbidden" TCP port
  malformed-http  a request on a strict HTTP port that is not a plain
                GET/HEAD/OPTIONS request line with headers
  malformed-snmp  an SNMP datagram that does not parse as BER v1/v2c

Counted frames: unicast to the device's MAC, ARP requests for its IP, and
IPv4 broadcasts.  Frames from --peer MACs (other lab devices) are counted
separately and never cause a crash.  Multicast is counted but harmless.

Signals: SIGTERM/SIGINT stop cleanly (state written), SIGUSR1 resets the
counters and sliding windows (not the crashed state), SIGUSR2 writes the
state file now (it is otherwise rewritten at most every 0.25 s).
"""

import argparse
import asyncio
import collections
import fcntl
import json
import os
import re
import signal
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
PACKET_IGNORE_OUTGOING = 23
SOL_PACKET = getattr(socket, "SOL_PACKET", 263)
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
SIOCGIFADDR = 0x8915
SIOCGIFHWADDR = 0x8927
IFF_UP = 0x1

PACKET_HOST, PACKET_BROADCAST, PACKET_MULTICAST, PACKET_OTHERHOST, PACKET_OUTGOING = range(5)

TCP_FIN, TCP_SYN, TCP_RST, TCP_PSH, TCP_ACK, TCP_URG, TCP_ECE, TCP_CWR = (
    0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80)

HTTP_REQ_RE = re.compile(rb"^(GET|HEAD|OPTIONS) [\x21-\x7e]{1,512} HTTP/1\.[01]$")
HTTP_HDR_RE = re.compile(rb"^[!#$%&'*+.^_`|~0-9A-Za-z-]+:[\x09\x20-\x7e\x80-\xff]*$")


# --------------------------------------------------------------------------
# interface helpers (ioctl; no subprocess)

def _ifreq(name):
    return struct.pack("16s16x", name.encode()[:15])


def if_hwaddr(name):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        r = fcntl.ioctl(s.fileno(), SIOCGIFHWADDR, _ifreq(name))
    return r[18:24]


def if_ipv4(name):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            r = fcntl.ioctl(s.fileno(), SIOCGIFADDR, _ifreq(name))
        except OSError:
            return None
    return socket.inet_ntoa(r[20:24])


def if_set_up(name, up):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        r = fcntl.ioctl(s.fileno(), SIOCGIFFLAGS, _ifreq(name))
        flags = struct.unpack_from("H", r, 16)[0]
        flags = (flags | IFF_UP) if up else (flags & ~IFF_UP)
        req = struct.pack("16sH14x", name.encode()[:15], flags)
        fcntl.ioctl(s.fileno(), SIOCSIFFLAGS, req)


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def mac_bytes(s):
    return bytes(int(x, 16) for x in s.strip().lower().split(":"))


# --------------------------------------------------------------------------
# minimal BER / SNMP v1/v2c agent (GET, GETNEXT, GETBULK; read-only)

class BerError(Exception):
    pass


def ber_read(buf, i):
    if i + 2 > len(buf):
        raise BerError("short")
    tag = buf[i]
    ln = buf[i + 1]
    i += 2
    if ln & 0x80:
        n = ln & 0x7F
        if n == 0 or n > 3 or i + n > len(buf):
            raise BerError("bad length")
        ln = int.from_bytes(buf[i:i + n], "big")
        i += n
    if i + ln > len(buf):
        raise BerError("overrun")
    return tag, buf[i:i + ln], i + ln


def ber_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def ber(tag, body):
    return bytes([tag]) + ber_len(len(body)) + body


def ber_int(v, tag=0x02):
    n = max(1, (v.bit_length() + 8) // 8)
    return ber(tag, v.to_bytes(n, "big", signed=True))


def ber_uint(v, tag):
    b = v.to_bytes(max(1, (v.bit_length() + 7) // 8), "big")
    if b[0] & 0x80:
        b = b"\x00" + b
    return ber(tag, b)


def oid_decode(b):
    if not b:
        raise BerError("empty oid")
    out = [b[0] // 40, b[0] % 40]
    v = 0
    for x in b[1:]:
        v = (v << 7) | (x & 0x7F)
        if not x & 0x80:
            out.append(v)
            v = 0
    if b[-1] & 0x80:
        raise BerError("truncated oid")
    return tuple(out)


def oid_encode(t):
    out = bytearray([t[0] * 40 + t[1]])
    for v in t[2:]:
        chunk = [v & 0x7F]
        v >>= 7
        while v:
            chunk.append(0x80 | (v & 0x7F))
            v >>= 7
        out += bytes(reversed(chunk))
    return ber(0x06, bytes(out))


def oid_parse(s):
    return tuple(int(x) for x in s.strip(".").split("."))


class SnmpAgent:
    def __init__(self, cfg, started):
        self.community = cfg.get("community", "public").encode()
        self.started = started
        self.mib = {}
        for oid, (typ, val) in cfg.get("mib", {}).items():
            self.mib[oid_parse(oid)] = (typ, val)
        self.sorted = sorted(self.mib)

    def value(self, oid):
        typ, val = self.mib[oid]
        if typ == "str":
            return ber(0x04, val.encode())
        if typ == "oid":
            return oid_encode(oid_parse(val))
        if typ == "int":
            return ber_int(int(val))
        if typ == "uptime":
            return ber_uint(int((time.monotonic() - self.started) * 100) & 0xFFFFFFFF, 0x43)
        raise ValueError(typ)

    def handle(self, data):
        """Return (reply or None, note).  Raises BerError when malformed."""
        tag, msg, end = ber_read(data, 0)
        if tag != 0x30 or end != len(data):
            raise BerError("not a sequence")
        t, v, i = ber_read(msg, 0)
        if t != 0x02:
            raise BerError("no version")
        version = int.from_bytes(v, "big", signed=True)
        if version == 3:
            return None, "snmpv3-ignored"
        if version not in (0, 1):
            raise BerError("bad version")
        t, community, i = ber_read(msg, i)
        if t != 0x04:
            raise BerError("no community")
        pdu_tag, pdu, i = ber_read(msg, i)
        if pdu_tag not in (0xA0, 0xA1, 0xA3, 0xA5):
            raise BerError("bad pdu type")
        t, reqid, j = ber_read(pdu, 0)
        if t != 0x02:
            raise BerError("no request id")
        t, _, j = ber_read(pdu, j)
        t2, _, j = ber_read(pdu, j)
        t3, vbl, j = ber_read(pdu, j)
        if t != 0x02 or t2 != 0x02 or t3 != 0x30:
            raise BerError("bad pdu")
        oids = []
        k = 0
        while k < len(vbl):
            t, vb, k = ber_read(vbl, k)
            if t != 0x30:
                raise BerError("bad varbind")
            t, o, m = ber_read(vb, 0)
            if t != 0x06:
                raise BerError("bad oid")
            oids.append(oid_decode(o))
            ber_read(vb, m)
        if community != self.community:
            return None, "bad-community"
        if pdu_tag == 0xA5 and version == 0:
            raise BerError("getbulk in v1")
        err, erridx, out = 0, 0, []
        for n, oid in enumerate(oids, 1):
            if pdu_tag == 0xA3:
                err = 4 if version == 0 else 17       # readOnly / notWritable
                erridx = n
                out.append(oid_encode(oid) + b"\x05\x00")
                continue
            if pdu_tag == 0xA0:
                if oid in self.mib:
                    out.append(oid_encode(oid) + self.value(oid))
                elif version == 0:
                    err, erridx = (err or 2), (erridx or n)
                    out.append(oid_encode(oid) + b"\x05\x00")
                else:
                    out.append(oid_encode(oid) + b"\x80\x00")
                continue
            nxt = next((x for x in self.sorted if x > oid), None)
            if nxt is not None:
                out.append(oid_encode(nxt) + self.value(nxt))
            elif version == 0:
                err, erridx = (err or 2), (erridx or n)
                out.append(oid_encode(oid) + b"\x05\x00")
            else:
                out.append(oid_encode(oid) + b"\x82\x00")
        if err and version == 0:
            # v1: the whole PDU fails; echo the request's varbinds
            out = [oid_encode(o) + b"\x05\x00" for o in oids]
        vbs = b"".join(ber(0x30, x) for x in out)
        body = ber(0x02, reqid) + ber_int(err) + ber_int(erridx) + ber(0x30, vbs)
        reply = ber(0x30, ber_int(version) + ber(0x04, community) + ber(0xA2, body))
        return reply, "ok"


# --------------------------------------------------------------------------
# Philips IntelliVue style connect indication (protocols.md section 13)

def intellivue_connect_indication(mac, ip, mask):
    net = mac + socket.inet_aton(ip) + socket.inet_aton(mask)
    ava = struct.pack(">HH", 0xF100, len(net)) + net          # NOM_ATTR_NET_ADDR_INFO
    attrs = struct.pack(">HH", 1, len(ava)) + ava
    ev = struct.pack(">HHHIHH", 0x0021, 0, 0, 0, 0x0D17, len(attrs)) + attrs
    roiv = struct.pack(">HHH", 1, 0, len(ev)) + ev             # invoke 1, EVENT_REPORT
    ro = struct.pack(">HH", 1, len(roiv)) + roiv                # ROIV_APDU
    return struct.pack(">HBB", 0x8000, 1, 0) + ro               # nomenclature 1.0


def inet_checksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def udp_broadcast_frame(src_mac, src_ip, dst_ip, sport, dport, payload):
    sip, dip = socket.inet_aton(src_ip), socket.inet_aton(dst_ip)
    ulen = 8 + len(payload)
    pseudo = sip + dip + struct.pack("!BBH", 0, 17, ulen)
    udp = struct.pack("!HHHH", sport, dport, ulen, 0) + payload
    csum = inet_checksum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", csum) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + ulen, int.from_bytes(os.urandom(2), "big"),
                     0, 64, 17, 0, sip, dip)
    ip = ip[:10] + struct.pack("!H", inet_checksum(ip)) + ip[12:]
    return b"\xff" * 6 + src_mac + b"\x08\x00" + ip + udp


# --------------------------------------------------------------------------


class UdpProto(asyncio.DatagramProtocol):
    def __init__(self, sim, cfg):
        self.sim, self.cfg, self.transport = sim, cfg, None

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.sim.on_udp(self, data, addr)

    def error_received(self, exc):
        pass


class Sim:
    def __init__(self, args, profile):
        self.args = args
        self.p = profile
        self.iface = args.iface
        self.benign = args.benign
        self.started_mono = time.monotonic()
        self.started = time.time()
        self.mac = if_hwaddr(self.iface) if not args.no_iface else b"\0" * 6
        self.ip = args.ip or (None if args.no_iface else if_ipv4(self.iface))
        self.peers = set()
        for m in args.peer or []:
            self.peers.add(mac_bytes(m))
        if args.peers_file and os.path.exists(args.peers_file):
            with open(args.peers_file) as f:
                for line in f:
                    if line.strip() and not line.startswith("#"):
                        self.peers.add(mac_bytes(line.split()[0]))
        self.peers.discard(self.mac)
        self.rate = args.rate if args.rate is not None else profile.get("rate", 20)
        self.closed_syn = args.closed_syn if args.closed_syn is not None else profile.get("closed_syn", 30)
        self.closed_syn_window = float(profile.get("closed_syn_window", 60))
        self.maxconn = args.maxconn if args.maxconn is not None else profile.get("maxconn", 2)
        self.rst_hold = args.rst_hold if args.rst_hold is not None else profile.get("rst_hold", 0)
        self.idle = float(profile.get("idle_timeout", 10))
        self.tcp_cfg = {int(c["port"]): c for c in profile.get("tcp", [])}
        self.udp_cfg = {int(c["port"]): c for c in profile.get("udp", [])}
        self.servers, self.udp_transports, self.writers = [], [], set()
        self.crashed, self.reason, self.reason_code, self.crash_time = False, None, None, None
        self.stopping = False
        self.pkt = None
        self.write_handle = None
        self.bcast_handle = None
        self.snmp = {}
        for port, c in self.udp_cfg.items():
            if c.get("kind") == "snmp":
                self.snmp[port] = SnmpAgent(c, self.started_mono)
        self.reset_counters()

    # ---------------------------------------------------------------- state
    def reset_counters(self):
        self.frames_total = 0
        self.by_kind = {k: 0 for k in ("arp", "tcp_syn", "tcp_other", "udp", "icmp", "other")}
        self.frames_peer = 0
        self.frames_mcast = 0
        self.max_fps = 0
        self.win = collections.deque()
        self.syn_win = collections.deque()
        self.max_closed_syn = 0
        self.conns_total = 0
        self.conns_now = getattr(self, "conns_now", 0)
        self.max_conns = self.conns_now
        self.tcp_bytes = 0
        self.udp_datagrams = 0
        self.snmp_replies = 0
        self.snmp_dropped = 0
        self.http_requests = 0
        self.bcast_sent = 0
        self.dirty = True

    def state(self):
        return {
            "name": self.p.get("name"), "ip": self.ip, "mac": mac_str(self.mac),
            "pid": os.getpid(), "ready": True, "benign": self.benign,
            "started": self.started, "updated": time.time(),
            "crashed": self.crashed, "reason": self.reason, "reason_code": self.reason_code,
            "time": self.crash_time, "stopped": self.stopping,
            "frames_total": self.frames_total, "frames_by_kind": dict(self.by_kind),
            "frames_peer": self.frames_peer, "frames_mcast": self.frames_mcast,
            "max_frames_per_sec": self.max_fps, "max_closed_syn_60s": self.max_closed_syn,
            "conns_total": self.conns_total, "conns_now": self.conns_now,
            "max_concurrent_conns": self.max_conns, "tcp_bytes_received": self.tcp_bytes,
            "udp_datagrams": self.udp_datagrams, "snmp_replies": self.snmp_replies,
            "snmp_dropped": self.snmp_dropped, "http_requests": self.http_requests,
            "broadcasts_sent": self.bcast_sent,
            "limits": {"rate": self.rate, "closed_syn": self.closed_syn,
                       "closed_syn_window": self.closed_syn_window,
                       "maxconn": self.maxconn, "rst_hold": self.rst_hold},
            "tcp_ports": sorted(self.tcp_cfg), "udp_ports": sorted(self.udp_cfg),
        }

    def write_state(self):
        self.write_handle = None
        if not self.args.state:
            return
        tmp = self.args.state + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.state(), f, indent=1, sort_keys=True)
            f.write("\n")
        os.replace(tmp, self.args.state)
        self.dirty = False

    def touch(self):
        self.dirty = True
        if self.write_handle is None and self.args.state:
            self.write_handle = self.loop.call_later(0.25, self.write_state)

    # ---------------------------------------------------------------- crash
    def crash(self, code, detail):
        if self.crashed or self.benign or self.stopping:
            return
        self.crashed = True
        self.reason_code = code
        self.reason = "%s: %s" % (code, detail)
        self.crash_time = time.time()
        sys.stderr.write("%s CRASH %s\n" % (time.strftime("%H:%M:%S"), self.reason))
        sys.stderr.flush()
        if not self.args.no_iface:
            try:
                if_set_up(self.iface, False)          # the device drops off the network
            except OSError as e:
                sys.stderr.write("link down failed: %s\n" % e)
        self.stop_serving()
        if self.write_handle:
            self.write_handle.cancel()
        self.write_state()

    def stop_serving(self):
        for s in self.servers:
            s.close()
        self.servers = []
        for t in self.udp_transports:
            t.close()
        self.udp_transports = []
        for w in list(self.writers):
            try:
                w.transport.abort()
            except Exception:
                pass
        if self.pkt is not None:
            try:
                self.loop.remove_reader(self.pkt.fileno())
            except Exception:
                pass
            self.pkt.close()
            self.pkt = None
        if self.bcast_handle:
            self.bcast_handle.cancel()
            self.bcast_handle = None

    # ------------------------------------------------------- frame watcher
    def open_watcher(self):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 21)
        try:
            s.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
        except OSError:
            pass
        s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        s.bind((self.iface, 0))
        s.setblocking(False)
        self.pkt = s
        self.ip_b = socket.inet_aton(self.ip) if self.ip else b""
        self.loop.add_reader(s.fileno(), self.on_frames)

    def on_frames(self):
        s = self.pkt
        for _ in range(256):
            if s is None or self.crashed:
                return
            try:
                data, anc, _flags, addr = s.recvmsg(160, 64)
            except (BlockingIOError, InterruptedError):
                return
            ts = None
            for lvl, typ, val in anc:
                if lvl == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS and len(val) >= 16:
                    sec, nsec = struct.unpack_from("qq", val)
                    ts = sec + nsec * 1e-9
            self.on_frame(data, addr[2], ts or time.time())

    def on_frame(self, f, pkttype, ts):
        if pkttype in (PACKET_OUTGOING, PACKET_OTHERHOST) or len(f) < 14:
            return
        src = f[6:12]
        etype = struct.unpack_from(">H", f, 12)[0]
        if pkttype == PACKET_MULTICAST:
            self.frames_mcast += 1
            self.touch()
            return
        if src in self.peers:
            self.frames_peer += 1
            self.touch()
            return
        kind = None
        if etype == 0x0806:
            # ARP: count unicast ARP and broadcast requests for our address only
            if len(f) < 42:
                return
            if pkttype == PACKET_BROADCAST and f[38:42] != self.ip_b:
                return
            kind = "arp"
        elif etype == 0x0800:
            if pkttype == PACKET_BROADCAST or pkttype == PACKET_HOST:
                kind = "ip"
        elif pkttype == PACKET_HOST:
            kind = "other"
        if kind is None:
            return
        # counted frame
        self.frames_total += 1
        win = self.win
        win.append(ts)
        while win and win[0] <= ts - 1.0:
            win.popleft()
        n = len(win)
        if n > self.max_fps:
            self.max_fps = n
        self.touch()
        if kind == "ip":
            kind = self.on_ipv4(f, pkttype, ts)
        if kind:
            self.by_kind[kind] += 1
        if n > self.rate:
            self.crash("rate", "%d frames in 1 s > %d" % (n, self.rate))

    def on_ipv4(self, f, pkttype, ts):
        if len(f) < 34:
            return "other"
        vihl = f[14]
        ihl = (vihl & 0x0F) * 4
        fragw = struct.unpack_from(">H", f, 20)[0]
        proto = f[23]
        if fragw & 0x3FFF:
            self.crash("ip-fragment", "MF=%d offset=%d proto=%d" % (
                (fragw >> 13) & 1, (fragw & 0x1FFF) * 8, proto))
            return "other"
        if ihl > 20:
            self.crash("ip-options", "IPv4 header length %d" % ihl)
            return "other"
        l4 = 14 + ihl
        if proto == 6:
            if len(f) < l4 + 14:
                return "tcp_other"
            dport = struct.unpack_from(">H", f, l4 + 2)[0]
            fl = f[l4 + 13]
            odd = None
            if fl == 0:
                odd = "NULL"
            elif fl & (TCP_FIN | TCP_PSH | TCP_URG) == (TCP_FIN | TCP_PSH | TCP_URG):
                odd = "XMAS"
            elif fl & (TCP_SYN | TCP_FIN) == (TCP_SYN | TCP_FIN):
                odd = "SYN+FIN"
            elif fl & TCP_FIN and not fl & TCP_ACK:
                odd = "FIN without ACK"
            elif fl & TCP_URG:
                odd = "URG"
            elif fl & TCP_SYN and fl & (TCP_ECE | TCP_CWR):
                odd = "SYN with ECE/CWR"
            if odd:
                self.crash("tcp-flags", "%s (0x%02x) to port %d" % (odd, fl, dport))
            syn = fl & (TCP_SYN | TCP_ACK) == TCP_SYN
            if dport not in self.tcp_cfg and pkttype == PACKET_HOST:
                if syn:
                    w = self.syn_win
                    w.append(ts)
                    while w and w[0] <= ts - self.closed_syn_window:
                        w.popleft()
                    if len(w) > self.max_closed_syn:
                        self.max_closed_syn = len(w)
                    if len(w) > self.closed_syn:
                        self.crash("closed-syn", "%d SYNs to closed ports in %g s > %d (last %d)" % (
                            len(w), self.closed_syn_window, self.closed_syn, dport))
                elif not fl & TCP_RST:
                    self.crash("tcp-closed", "flags 0x%02x to closed port %d" % (fl, dport))
            return "tcp_syn" if syn else "tcp_other"
        if proto == 17:
            if len(f) < l4 + 4:
                return "udp"
            dport = struct.unpack_from(">H", f, l4 + 2)[0]
            if dport not in self.udp_cfg:
                self.crash("udp-closed", "datagram to closed UDP port %d%s" % (
                    dport, " (broadcast)" if pkttype == PACKET_BROADCAST else ""))
            return "udp"
        if proto == 1:
            if len(f) >= l4 + 2:
                typ, code = f[l4], f[l4 + 1]
                if (typ == 8 and code != 0) or typ in (5, 13, 15, 17):
                    self.crash("icmp-odd", "ICMP type %d code %d" % (typ, code))
            return "icmp"
        return "other"

    # ------------------------------------------------------------ TCP side
    async def on_tcp(self, reader, writer, port):
        cfg = self.tcp_cfg[port]
        if self.crashed:
            writer.transport.abort()
            return
        self.writers.add(writer)
        self.conns_total += 1
        self.conns_now += 1
        held = False
        if self.conns_now > self.max_conns:
            self.max_conns = self.conns_now
        self.touch()
        try:
            if self.conns_now > self.maxconn:
                self.crash("maxconn", "%d concurrent TCP connections > %d" % (self.conns_now, self.maxconn))
            kind = cfg.get("kind", "silent")
            if kind == "forbidden":
                self.crash("connect-port", "connection to TCP port %d" % port)
            if self.crashed:
                return
            banner = cfg.get("banner")
            if banner:
                writer.write(self.expand(banner).encode("latin-1"))
                await writer.drain()
            if kind == "http":
                await self.serve_http(reader, writer, cfg, port)
                return
            crash_on_data = kind == "data" or cfg.get("crash_on_data", False)
            while not self.crashed:
                data = await asyncio.wait_for(reader.read(4096), self.idle)
                if not data:
                    break
                self.tcp_bytes += len(data)
                self.touch()
                if crash_on_data:
                    self.crash("data-port", "%d byte(s) on TCP port %d (first 0x%02x)" % (
                        len(data), port, data[0]))
        except ConnectionResetError:
            held = self.rst_hold > 0
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                BrokenPipeError, ConnectionError, OSError):
            pass
        finally:
            self.writers.discard(writer)
            try:
                writer.close()
            except Exception:
                pass
            if held:
                self.loop.call_later(self.rst_hold, self.release_conn)
            else:
                self.release_conn()

    def release_conn(self):
        self.conns_now -= 1
        self.touch()

    async def serve_http(self, reader, writer, cfg, port):
        strict = cfg.get("strict", not self.benign)
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), self.idle)
        except asyncio.IncompleteReadError as e:
            if e.partial:
                self.tcp_bytes += len(e.partial)
                if strict:
                    self.crash("malformed-http", "incomplete request on port %d (%d bytes)" % (
                        port, len(e.partial)))
            return
        except asyncio.LimitOverrunError:
            if strict:
                self.crash("malformed-http", "request head over 8 KiB on port %d" % port)
            return
        self.tcp_bytes += len(head)
        lines = head[:-4].split(b"\r\n")
        ok = bool(HTTP_REQ_RE.match(lines[0])) and all(HTTP_HDR_RE.match(h) for h in lines[1:])
        if not ok:
            if strict:
                self.crash("malformed-http", "bad request on port %d: %r" % (port, lines[0][:60]))
                return
            writer.write(b"HTTP/1.0 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
            return
        self.http_requests += 1
        self.touch()
        method = lines[0].split(b" ", 1)[0]
        title = self.expand(cfg.get("title", "Device"))
        body = cfg.get("body") or (
            "<!DOCTYPE html>\n<html><head><title>%s</title></head>\n"
            "<body><h1>%s</h1><p>Login required.</p></body></html>\n" % (title, title))
        body = self.expand(body).encode("utf-8")
        hdrs = ["HTTP/1.1 %s" % cfg.get("status", "200 OK")]
        if cfg.get("server"):
            hdrs.append("Server: %s" % self.expand(cfg["server"]))
        for h in cfg.get("headers", []):
            hdrs.append(self.expand(h))
        hdrs += ["Content-Type: text/html; charset=utf-8", "Content-Length: %d" % len(body),
                 "Connection: close"]
        out = ("\r\n".join(hdrs) + "\r\n\r\n").encode("latin-1")
        if method != b"HEAD":
            out += body if method == b"GET" else b""
        writer.write(out)
        await writer.drain()
        # Connection: close -- the server closes first, like embedded servers do

    def expand(self, s):
        return (s.replace("{mac}", mac_str(self.mac))
                 .replace("{MAC}", mac_str(self.mac).replace(":", "").upper())
                 .replace("{ip}", self.ip or ""))

    # ------------------------------------------------------------ UDP side
    def on_udp(self, proto, data, addr):
        if self.crashed:
            return
        port = proto.cfg["port"]
        self.udp_datagrams += 1
        self.touch()
        kind = proto.cfg.get("kind", "sink")
        if kind == "data":
            self.crash("data-port", "datagram on UDP port %d (%d bytes)" % (port, len(data)))
            return
        if kind == "snmp":
            try:
                reply, note = self.snmp[port].handle(data)
            except (BerError, ValueError, IndexError) as e:
                if self.benign:
                    return
                self.crash("malformed-snmp", "UDP %d: %s" % (port, e))
                return
            if reply is None:
                self.snmp_dropped += 1
                return
            self.snmp_replies += 1
            proto.transport.sendto(reply, addr)

    # ----------------------------------------------------------- broadcast
    def send_broadcast(self):
        self.bcast_handle = None
        b = self.p.get("broadcast")
        if not b or self.crashed or self.stopping:
            return
        try:
            if b.get("payload") == "intellivue-connect-indication":
                payload = intellivue_connect_indication(self.mac, self.ip, b.get("mask", "255.255.255.0"))
            else:
                payload = self.expand(b.get("payload", "")).encode()
            self.bcast_sock.send(udp_broadcast_frame(
                self.mac, self.ip, b.get("address", "255.255.255.255"),
                int(b.get("source_port", b["port"])), int(b["port"]), payload))
            self.bcast_sent += 1
            self.touch()
        except OSError as e:
            sys.stderr.write("broadcast failed: %s\n" % e)
        self.bcast_handle = self.loop.call_later(float(b.get("interval", 5)), self.send_broadcast)

    # --------------------------------------------------------------- main
    async def main(self):
        self.loop = asyncio.get_running_loop()
        stop = asyncio.Event()

        def on_term():
            self.stopping = True
            stop.set()

        def on_usr1():
            self.reset_counters()
            self.write_state()

        for sig in (signal.SIGTERM, signal.SIGINT):
            self.loop.add_signal_handler(sig, on_term)
        self.loop.add_signal_handler(signal.SIGUSR1, on_usr1)
        self.loop.add_signal_handler(signal.SIGUSR2, self.write_state)
        host = self.args.bind
        for port in sorted(self.tcp_cfg):
            srv = await asyncio.start_server(
                lambda r, w, port=port: self.on_tcp(r, w, port), host=host, port=port,
                reuse_address=True, backlog=int(self.p.get("backlog", 8)), limit=8192)
            self.servers.append(srv)
        for port, c in sorted(self.udp_cfg.items()):
            tr, _ = await self.loop.create_datagram_endpoint(
                lambda c=c: UdpProto(self, c), local_addr=(host, port),
                allow_broadcast=True)
            self.udp_transports.append(tr)
        if not self.benign and not self.args.no_iface:
            self.open_watcher()
        b = self.p.get("broadcast")
        if b and not self.args.no_iface:
            # sent as a raw frame: no UDP socket, so the port does not look open
            bs = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
            bs.bind((self.iface, 0))
            bs.setblocking(False)
            self.bcast_sock = bs
            self.bcast_handle = self.loop.call_later(float(b.get("first", 0.5)), self.send_broadcast)
        self.write_state()
        await stop.wait()
        self.stop_serving()
        if self.write_handle:
            self.write_handle.cancel()
        self.write_state()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", required=True, help="JSON file with device profiles")
    ap.add_argument("--profile", required=True, help="profile name in the JSON file")
    ap.add_argument("--state", help="JSON state file to keep updated")
    ap.add_argument("--iface", default="eth0")
    ap.add_argument("--ip", help="own IPv4 address (default: the interface's)")
    ap.add_argument("--bind", default="0.0.0.0")
    ap.add_argument("--rate", type=int, help="max counted frames per 1 s window")
    ap.add_argument("--closed-syn", type=int, help="max SYNs to closed ports per 60 s")
    ap.add_argument("--maxconn", type=int, help="max concurrent TCP connections")
    ap.add_argument("--rst-hold", type=float,
                    help="seconds a connection reset by the peer keeps its slot (0 = off)")
    ap.add_argument("--peer", action="append", help="MAC of a lab peer (never crashes us)")
    ap.add_argument("--peers-file", help="file with one peer MAC per line")
    ap.add_argument("--benign", action="store_true",
                    help="serve only: no frame watcher, never crash (benchmark hosts)")
    ap.add_argument("--no-iface", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    with open(args.config, encoding="utf-8") as f:
        profiles = json.load(f)
    if args.profile not in profiles:
        ap.error("no profile %r in %s" % (args.profile, args.config))
    profile = dict(profiles[args.profile])
    profile.setdefault("name", args.profile)
    if args.no_iface:
        args.benign = True
    sim = Sim(args, profile)
    asyncio.run(sim.main())
    return 0


if __name__ == "__main__":
    sys.exit(main())
