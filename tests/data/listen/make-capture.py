#!/usr/bin/python3
"""make-capture.py - write tests/data/listen/capture.pcap, the recorded
network that "iomtscan listen -r" is tested on.

The capture is generated, not recorded, so that it is deterministic and
contains nothing from a real hospital: every address is in 198.18.0.0/15,
every name is made up, and the HL7 message carries an invented patient
whose name and identifier the tests check were NOT stored.  Frames, in
order (tests/unit/test-listen.c refers to them by index):

   0  ARP reply        198.18.0.21  00:09:fb:01:02:03 (Philips monitor)
   1  ARP request      198.18.0.30  00:d0:75:aa:bb:cc (BD Alaris)
   2  DHCP REQUEST     58:46:e1:00:00:01 (Baxter) asks for 198.18.0.40
   3  DHCP ACK         server 198.18.0.1 gives 198.18.0.40
   4  mDNS response    198.18.0.50 printer: PTR, SRV (ipp 631), TXT, A
   5  SSDP NOTIFY      198.18.0.60 gateway
   6  LLDP             switch ward3-sw1, management 198.18.0.2
   7  CDP              switch ward3-sw2, address 198.18.0.3
   8  IntelliVue       198.18.0.21 connect indication to udp/24005
   9  DICOM A-ASSOCIATE-RQ  198.18.0.70 -> 198.18.0.80:104
  10  DICOM A-ASSOCIATE-AC  198.18.0.80:104 -> 198.18.0.70
  11  HL7 ORU^R01 over MLLP  198.18.0.90 -> 198.18.0.91:2575
  12  TCP SYN (no payload: ignored)
  13  truncated IPv4 (malformed: ignored)

Run with no arguments to (re)write capture.pcap next to this script; the
output is byte-for-byte the same every time.  Standard library only.
"""
import os
import struct
import sys

BCAST = bytes.fromhex("ffffffffffff")
T0 = 1767268800  # 2026-01-01T12:00:00Z


def mac(s):
    return bytes.fromhex(s.replace(":", ""))


def ip4(s):
    return bytes(int(x) for x in s.split("."))


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def eth(dst, src, etype, payload):
    return dst + src + struct.pack("!H", etype) + payload


def ipv4(src, dst, proto, payload, ident=1):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident,
                      0x4000, 64, proto, 0, ip4(src), ip4(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def udp(src, dst, sport, dport, payload):
    u = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 17, len(u))
    c = csum(pseudo + u) or 0xFFFF
    u = u[:6] + struct.pack("!H", c) + u[8:]
    return ipv4(src, dst, 17, u)


def tcp(src, dst, sport, dport, payload, flags=0x18, seq=1000, ack=2000):
    t = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags,
                    65535, 0, 0) + payload
    pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 6, len(t))
    t = t[:16] + struct.pack("!H", csum(pseudo + t)) + t[18:]
    return ipv4(src, dst, 6, t)


def arp(op, sha, spa, tha, tpa):
    return struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, op, mac(sha),
                       ip4(spa), mac(tha), ip4(tpa))


def dhcp(op, chaddr, ciaddr, yiaddr, options):
    body = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", op, 1, 6, 0,
                       0x1234ABCD, 0, 0x8000, ip4(ciaddr), ip4(yiaddr),
                       ip4("0.0.0.0"), ip4("0.0.0.0"),
                       mac(chaddr) + b"\0" * 10, b"\0" * 64, b"\0" * 128)
    body += bytes.fromhex("63825363")
    for code, val in options:
        body += bytes([code, len(val)]) + val
    return body + b"\xff"


def dns_name(name):
    out = b""
    for label in name.split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def mdns_response():
    # Header: id 0, flags 8400 (response, authoritative), 0 questions,
    # 4 answers.  Names after the first use compression pointers.
    msg = struct.pack("!HHHHHH", 0, 0x8400, 0, 4, 0, 0)
    svc_off = len(msg)
    msg += dns_name("_ipp._tcp.local")
    inst = b"\x0cWard Printer" + struct.pack("!H", 0xC000 | svc_off)
    msg += struct.pack("!HHIH", 12, 1, 4500, len(inst))
    inst_off = len(msg)
    msg += inst
    # SRV: owner = the instance name (pointer), target wardprinter.local
    msg += struct.pack("!H", 0xC000 | inst_off)
    local_off = svc_off + 1 + 4 + 1 + 4  # the "local" label
    target = b"\x0bwardprinter" + struct.pack("!H", 0xC000 | local_off)
    rdata = struct.pack("!HHH", 0, 0, 631) + target
    msg += struct.pack("!HHIH", 33, 0x8001, 120, len(rdata))
    host_off = len(msg) + 6
    msg += rdata
    # TXT
    txt = b""
    for s in (b"ty=Brother HL-L2350DW", b"product=(HL-L2350DW)"):
        txt += bytes([len(s)]) + s
    msg += struct.pack("!H", 0xC000 | inst_off)
    msg += struct.pack("!HHIH", 16, 0x8001, 4500, len(txt)) + txt
    # A: wardprinter.local -> 198.18.0.50
    msg += struct.pack("!H", 0xC000 | host_off)
    msg += struct.pack("!HHIH", 1, 0x8001, 120, 4) + ip4("198.18.0.50")
    return msg


def lldp():
    def tlv(t, v):
        return struct.pack("!H", (t << 9) | len(v)) + v
    return (tlv(1, b"\x04" + mac("00:11:22:33:44:55")) +
            tlv(2, b"\x05Gi1/0/7") +
            tlv(3, struct.pack("!H", 120)) +
            tlv(5, b"ward3-sw1") +
            tlv(6, b"Cisco IOS Software, C2960X Version 15.2(7)E") +
            tlv(8, b"\x05\x01" + ip4("198.18.0.2") + b"\x02\x00\x00\x00\x01\x00") +
            tlv(0, b""))


def cdp():
    def tlv(t, v):
        return struct.pack("!HH", t, 4 + len(v)) + v
    addrs = struct.pack("!I", 1) + b"\x01\x01\xcc" + struct.pack("!H", 4) + \
        ip4("198.18.0.3")
    body = (tlv(1, b"ward3-sw2") + tlv(2, addrs) +
            tlv(3, b"GigabitEthernet1/0/1") +
            tlv(5, b"Cisco IOS Software, Version 15.2(7)E3") +
            tlv(6, b"cisco WS-C2960X-24PS-L"))
    pdu = b"\x02\xb4\x00\x00" + body
    llc = bytes.fromhex("aaaa0300000c2000") + pdu
    return mac("01:00:0c:cc:cc:cc") + mac("00:11:22:33:44:66") + \
        struct.pack("!H", len(llc)) + llc


def ae(s):
    return s.encode().ljust(16, b" ")


def dicom_assoc(pdu_type, called, calling, uid, version):
    items = b"\x10\x00" + struct.pack("!H", 21) + b"1.2.840.10008.3.1.1.1"
    ctx = b"\x30\x00" + struct.pack("!H", 17) + b"1.2.840.10008.1.1"
    ctx += b"\x40\x00" + struct.pack("!H", 17) + b"1.2.840.10008.1.2"
    if pdu_type == 1:
        items += b"\x20\x00" + struct.pack("!H", 4 + len(ctx)) + \
            b"\x01\x00\x00\x00" + ctx
    else:
        ts = b"\x40\x00" + struct.pack("!H", 17) + b"1.2.840.10008.1.2"
        items += b"\x21\x00" + struct.pack("!H", 4 + len(ts)) + \
            b"\x01\x00\x00\x00" + ts
    ui = b"\x51\x00\x00\x04" + struct.pack("!I", 16384)
    ui += b"\x52\x00" + struct.pack("!H", len(uid)) + uid.encode()
    ui += b"\x55\x00" + struct.pack("!H", len(version)) + version.encode()
    items += b"\x50\x00" + struct.pack("!H", len(ui)) + ui
    body = b"\x00\x01\x00\x00" + ae(called) + ae(calling) + b"\0" * 32 + items
    return bytes([pdu_type, 0]) + struct.pack("!I", len(body)) + body


def hl7():
    msg = (b"MSH|^~\\&|LABSYS|CITYHOSP|EHR|CITYHOSP|20260101120000||"
           b"ORU^R01|MSG0001|P|2.5.1\r"
           b"PID|1||PATID-987654^^^HOSP||TESTPATIENT^JANE||19700101|F\r"
           b"OBX|1|NM|8867-4^Heart rate^LN||72|/min|||||F\r")
    return b"\x0b" + msg + b"\x1c\r"


def frames():
    f = []
    me = mac("02:00:00:00:00:fe")
    f.append(eth(me, mac("00:09:fb:01:02:03"), 0x0806,
                 arp(2, "00:09:fb:01:02:03", "198.18.0.21",
                     "02:00:00:00:00:fe", "198.18.0.254")))
    f.append(eth(BCAST, mac("00:d0:75:aa:bb:cc"), 0x0806,
                 arp(1, "00:d0:75:aa:bb:cc", "198.18.0.30",
                     "00:00:00:00:00:00", "198.18.0.30")))
    pump = "58:46:e1:00:00:01"
    f.append(eth(BCAST, mac(pump), 0x0800, udp(
        "0.0.0.0", "255.255.255.255", 68, 67,
        dhcp(1, pump, "0.0.0.0", "0.0.0.0", [
            (53, b"\x03"), (50, ip4("198.18.0.40")), (12, b"pump-icu-7"),
            (60, b"BaxterSpectrumIQ"), (55, bytes([1, 3, 6, 15, 28])),
            (61, b"\x01" + mac(pump))]))))
    f.append(eth(BCAST, mac("02:00:00:00:00:01"), 0x0800, udp(
        "198.18.0.1", "255.255.255.255", 67, 68,
        dhcp(2, pump, "0.0.0.0", "198.18.0.40", [
            (53, b"\x05"), (54, ip4("198.18.0.1")),
            (51, struct.pack("!I", 86400))]))))
    f.append(eth(mac("01:00:5e:00:00:fb"), mac("00:1b:a9:00:00:50"), 0x0800,
                 udp("198.18.0.50", "224.0.0.251", 5353, 5353,
                     mdns_response())))
    notify = (b"NOTIFY * HTTP/1.1\r\n"
              b"HOST: 239.255.255.250:1900\r\n"
              b"CACHE-CONTROL: max-age=1800\r\n"
              b"LOCATION: http://198.18.0.60:8080/desc.xml\r\n"
              b"NT: upnp:rootdevice\r\n"
              b"NTS: ssdp:alive\r\n"
              b"SERVER: Linux/4.9 UPnP/1.0 ExampleMed-Gateway/2.1\r\n"
              b"USN: uuid:2f402f80-da50-11e1-9b23-0019b9000060::upnp:rootdevice\r\n"
              b"\r\n")
    f.append(eth(mac("01:00:5e:7f:ff:fa"), mac("00:19:b9:00:00:60"), 0x0800,
                 udp("198.18.0.60", "239.255.255.250", 1900, 1900, notify)))
    f.append(eth(mac("01:80:c2:00:00:0e"), mac("00:11:22:33:44:55"), 0x88CC,
                 lldp()))
    f.append(cdp())
    payload = bytes(range(64))
    f.append(eth(BCAST, mac("00:09:fb:01:02:03"), 0x0800,
                 udp("198.18.0.21", "198.18.0.255", 24005, 24005, payload)))
    ct, pacs = mac("00:1e:c9:00:00:70"), mac("00:1e:c9:00:00:80")
    f.append(eth(pacs, ct, 0x0800, tcp(
        "198.18.0.70", "198.18.0.80", 50000, 104,
        dicom_assoc(1, "PACS_MAIN", "CT_CONSOLE", "1.3.12.2.1107.5.1.4",
                    "SIEMENS_CT_VA4"))))
    f.append(eth(ct, pacs, 0x0800, tcp(
        "198.18.0.80", "198.18.0.70", 104, 50000,
        dicom_assoc(2, "PACS_MAIN", "CT_CONSOLE",
                    "1.2.276.0.7230010.3.0.3.6.7", "OFFIS_DCMTK_367"),
        seq=2000, ack=1200)))
    f.append(eth(mac("00:1e:c9:00:00:91"), mac("00:1e:c9:00:00:90"), 0x0800,
                 tcp("198.18.0.90", "198.18.0.91", 40000, 2575, hl7())))
    f.append(eth(mac("00:1e:c9:00:00:91"), mac("00:1e:c9:00:00:90"), 0x0800,
                 tcp("198.18.0.90", "198.18.0.91", 40001, 2575, b"",
                     flags=0x02)))
    bad = ipv4("198.18.0.99", "198.18.0.98", 17, b"\0" * 8)[:17]
    f.append(eth(BCAST, mac("00:1e:c9:00:00:99"), 0x0800, bad))
    return f


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "capture.pcap")
    if len(sys.argv) > 1:
        out = sys.argv[1]
    data = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
    for i, fr in enumerate(frames()):
        data += struct.pack("<IIII", T0 + i, 0, len(fr), len(fr)) + fr
    with open(out, "wb") as fp:
        fp.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
