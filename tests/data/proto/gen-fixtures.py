#!/usr/bin/env python3
# gen-fixtures.py - (re)generate the golden fixtures of the standard probes.
#
# Real replies recorded from DCMTK storescp 3.6.7, Orthanc 1.10.1, Net-SNMP
# 5.9.3 snmpd, Mosquitto 2.0.11 and Python's http.server (on loopback, in a
# private network namespace; see README.md) are kept as they were captured
# and never rewritten here.  This script derives their truncated, oversized
# and malformed variants, builds the replies no lab server here can give
# (SMB, RDP, HL7, other DICOM toolkits, embedded web servers) byte by byte
# from the specifications cited next to each, writes every <case>.expect,
# and writes the golden requests under requests/, built independently of
# the C code so the unit test compares two implementations.
#
# Usage: python3 gen-fixtures.py   (from any directory)
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def w(probe, case, data, expect):
    d = os.path.join(HERE, probe)
    os.makedirs(d, exist_ok=True)
    if data is not None:
        with open(os.path.join(d, case + ".bin"), "wb") as f:
            f.write(data)
    with open(os.path.join(d, case + ".expect"), "w") as f:
        f.write("\n".join(expect) + "\n")


def rd(probe, case):
    with open(os.path.join(HERE, probe, case + ".bin"), "rb") as f:
        return f.read()


def be16(v): return struct.pack(">H", v)
def be32(v): return struct.pack(">I", v)
def le16(v): return struct.pack("<H", v)
def le32(v): return struct.pack("<I", v)
def le64(v): return struct.pack("<Q", v)


# ---- requests (independent of src/) ------------------------------------

IMPL_UID = b"2.25.161545251079387365572242257946759849825"


def item(t, v):
    return bytes([t, 0]) + be16(len(v)) + v


def dicom_rq(called, calling):
    body = be16(1) + be16(0) + called.ljust(16) + calling.ljust(16) + \
        bytes(32)
    body += item(0x10, b"1.2.840.10008.3.1.1.1")
    body += item(0x20, bytes([1, 0, 0, 0]) +
                 item(0x30, b"1.2.840.10008.1.1") +
                 item(0x40, b"1.2.840.10008.1.2"))
    body += item(0x50, item(0x51, be32(16384)) + item(0x52, IMPL_UID) +
                 item(0x55, b"IOMTSCAN_010"))
    return bytes([1, 0]) + be32(len(body)) + body


def ber(tag, v):
    n = len(v)
    if n < 0x80:
        return bytes([tag, n]) + v
    if n < 0x100:
        return bytes([tag, 0x81, n]) + v
    return bytes([tag, 0x82]) + be16(n) + v


def ber_int(v):
    n = 1
    while not -(1 << (8 * n - 1)) <= v < (1 << (8 * n - 1)):
        n += 1
    return ber(0x02, v.to_bytes(n, "big", signed=True))


def ber_oid(text):
    a = [int(x) for x in text.split(".")]
    out = bytes([a[0] * 40 + a[1]])
    for x in a[2:]:
        enc = [x & 0x7f]
        x >>= 7
        while x:
            enc.insert(0, 0x80 | (x & 0x7f))
            x >>= 7
        out += bytes(enc)
    return ber(0x06, out)


def snmp_msg(version, community, pdu_tag, rid, estat, eidx, varbinds):
    vbs = b"".join(ber(0x30, ber_oid(o) + v) for o, v in varbinds)
    pdu = ber_int(rid) + ber_int(estat) + ber_int(eidx) + ber(0x30, vbs)
    return ber(0x30, ber_int(version) + ber(0x04, community) +
               ber(pdu_tag, pdu))


SYS = {"descr": "1.3.6.1.2.1.1.1.0", "oid": "1.3.6.1.2.1.1.2.0",
       "uptime": "1.3.6.1.2.1.1.3.0", "contact": "1.3.6.1.2.1.1.4.0",
       "name": "1.3.6.1.2.1.1.5.0", "loc": "1.3.6.1.2.1.1.6.0"}
NULL = b"\x05\x00"


def smb1_negotiate(dialects):
    b = b"".join(b"\x02" + d + b"\x00" for d in dialects)
    hdr = b"\xffSMB" + b"\x72" + le32(0) + b"\x18" + le16(0xc001) + \
        le16(0) + bytes(8) + le16(0) + le16(0xffff) + le16(0xfeff) + \
        le16(0) + le16(0)
    msg = hdr + b"\x00" + le16(len(b)) + b
    return b"\x00" + len(msg).to_bytes(3, "big") + msg


def smb2_negotiate(salt, mid):
    hdr = b"\xfeSMB" + le16(64) + le16(0) + le32(0) + le16(0) + le16(1) + \
        le32(0) + le32(0) + le64(mid) + le32(0xfeff) + le32(0) + le64(0) + \
        bytes(16)
    dialects = [0x0202, 0x0210, 0x0300, 0x0302, 0x0311]
    body = le16(36) + le16(len(dialects)) + le16(1) + le16(0) + le32(0) + \
        salt[16:32] + le32(112) + le16(1) + le16(0) + \
        b"".join(le16(d) for d in dialects)
    msg = hdr + body + bytes(2)
    ctx = le16(1) + le16(38) + le32(0) + le16(1) + le16(32) + le16(1) + salt
    msg += ctx
    return b"\x00" + len(msg).to_bytes(3, "big") + msg


def requests():
    d = os.path.join(HERE, "requests")
    os.makedirs(d, exist_ok=True)

    def put(name, data):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    put("dicom-assoc-rq.bin", dicom_rq(b"ANY-SCP", b"IOMTSCAN"))
    # protocols.md section 3, byte for byte.
    put("snmp-v1-ref.bin", bytes.fromhex(
        "304502010004067075626c6963a03802041a2b3c4d020100020100302a"
        "300c06082b060102010101000500300c06082b060102010102000500"
        "300c06082b060102010105000500"))
    put("snmp-get-v2c.bin", snmp_msg(1, b"public", 0xa0, 0x1a2b3c4d, 0, 0,
        [(SYS["descr"], NULL), (SYS["oid"], NULL), (SYS["name"], NULL),
         (SYS["loc"], NULL)]))
    put("http-get-8080.txt",
        b"GET / HTTP/1.1\r\nHost: 198.18.0.5:8080\r\n"
        b"User-Agent: iomtscan/0.1 (+device-safe inventory)\r\n"
        b"Accept: */*\r\nConnection: close\r\n\r\n")
    put("smb1-negotiate.bin", smb1_negotiate([b"NT LM 0.12", b"SMB 2.002",
                                              b"SMB 2.???"]))
    put("smb1-negotiate-only.bin", smb1_negotiate([b"NT LM 0.12"]))
    put("smb2-negotiate.bin", smb2_negotiate(bytes(range(32)), 1))
    put("mqtt-connect.bin", b"\x10\x1c\x00\x04MQTT\x04\x02\x00\x0a"
        b"\x00\x10iomtscan0badf00d")
    put("hl7-nmq.bin", b"\x0bMSH|^~\\&|IOMTSCAN|SECOPS|||20260101120000||"
        b"NMQ^N01^NMQ_N01|IOMTSCAN-0001|T|2.5\rNCK|20260101120000\r\x1c\r")


# ---- DICOM (PS3.8 9.3) ---------------------------------------------------

RELEASE_RQ = "05000000000400000000"
ABORT = "07000000000400000000"
RP = bytes.fromhex("06000000000400000000")


def dicom_ac(uid, ver, result=0, extra_ui=b"", extra_items=b"",
             called=b"ANY-SCP", uid_pad=b"", max_item=None):
    if max_item is None:
        max_item = item(0x51, be32(16384))
    body = be16(1) + be16(0) + called.ljust(16) + b"IOMTSCAN".ljust(16) + \
        bytes(32)
    body += item(0x10, b"1.2.840.10008.3.1.1.1")
    pc = bytes([1, 0, result, 0])
    if result == 0:
        pc += item(0x40, b"1.2.840.10008.1.2")
    body += item(0x21, pc)
    body += extra_items
    body += item(0x50, max_item + item(0x52, uid + uid_pad) +
                 extra_ui + (item(0x55, ver) if ver else b""))
    return bytes([2, 0]) + be32(len(body)) + body


def dicom():
    P = "dicom-assoc"
    ac_common = ["result=done", "service=dicom", "dicom.state=ac",
                 "dicom.verification_accepted=yes",
                 "dicom.verification_result=acceptance",
                 "dicom.max_pdu=16384", "dicom.release=ok", "nsent=1",
                 "sent.0=" + RELEASE_RQ]
    dcmtk = ["dicom.impl_uid=1.2.276.0.7230010.3.0.3.6.7",
             "dicom.impl_version=OFFIS_DCMTK_367",
             "dicom.transfer_syntax=1.2.840.10008.1.2",
             "dicom.app_context=1.2.840.10008.3.1.1.1",
             "dicom.protocol_version=1", "dicom.contexts_accepted=1/1"]
    w(P, "dcmtk-storescp-ac", None,
      ["# DCMTK 3.6.7 storescp: AC (190 bytes) then A-RELEASE-RP."] +
      ac_common + dcmtk + ["dicom.called_ae_used=ANY-SCP",
                           "dicom.any_ae_accepted=yes",
                           "dicom.ac_called_ae=ANY-SCP",
                           "dicom.ac_calling_ae=IOMTSCAN"])
    w(P, "orthanc-any-ae-ac", None,
      ["# Orthanc 1.10.1, DicomCheckCalledAet false (the default)."] +
      ac_common + dcmtk + ["dicom.any_ae_accepted=yes"])
    w(P, "orthanc-ac", None,
      ["# Orthanc 1.10.1 with DicomCheckCalledAet, called as ORTHANC.",
       "@called_ae=ORTHANC"] + ac_common + dcmtk +
      ["dicom.called_ae_used=ORTHANC", "!dicom.any_ae_accepted"])
    w(P, "orthanc-called-ae-rj", None,
      ["# Orthanc 1.10.1 with DicomCheckCalledAet: RJ 1/1/7.",
       "result=done", "nsent=0", "service=dicom", "dicom.state=rj",
       "dicom.rj_result=1", "dicom.rj_permanent=yes", "dicom.rj_source=1",
       "dicom.rj_reason=7",
       "dicom.rj_text=service-user: called-AE-title-not-recognized",
       "dicom.any_ae_accepted=no", "!dicom.impl_uid"])
    w(P, "dcmtk-storescp-refuse-rj", None,
      ["# storescp --refuse: RJ 1/1/1 (protocols.md 1.4).", "result=done",
       "nsent=0", "service=dicom", "dicom.state=rj", "dicom.rj_reason=1",
       "dicom.rj_source=1", "!dicom.any_ae_accepted"])
    ac = rd(P, "dcmtk-storescp-ac")[:190]
    # pynetdicom-shaped AC: verification refused (3), async window, role
    # selection, user identity response, an unknown item to skip.
    ui = item(0x53, be16(1) + be16(1)) + \
        item(0x54, be16(17) + b"1.2.840.10008.1.1" + b"\x01\x00") + \
        item(0x59, be16(4) + b"abcd")
    w(P, "pynetdicom-ac-refused",
      dicom_ac(b"1.2.826.0.1.3680043.9.3811.2.0.2", b"PYNETDICOM_202", 3,
               ui, item(0x7f, b"xyz")) + RP,
      ["# pynetdicom-shaped AC; Verification context refused.",
       "result=done", "service=dicom", "dicom.state=ac",
       "dicom.verification_accepted=no",
       "dicom.verification_result=abstract-syntax-not-supported",
       "dicom.contexts_accepted=0/1",
       "dicom.impl_uid=1.2.826.0.1.3680043.9.3811.2.0.2",
       "dicom.impl_version=PYNETDICOM_202", "dicom.async_ops=1/1",
       "dicom.role_selections=1", "dicom.user_identity_response=4",
       "dicom.release=ok", "!dicom.transfer_syntax"])
    w(P, "dcm4che-ac-padded-uid",
      dicom_ac(b"1.2.40.0.13.1.3", b"dcm4che-5.31.0", uid_pad=b"\x00") + RP,
      ["# dcm4che identity; UID padded with a NUL, which is trimmed.",
       "result=done", "dicom.impl_uid=1.2.40.0.13.1.3",
       "dicom.impl_version=dcm4che-5.31.0", "dicom.release=ok"])
    w(P, "ac-no-version-name",
      dicom_ac(b"1.3.6.1.4.1.30071.8", b"") + RP,
      ["# An AC without item 0x55 (allowed: it is optional).",
       "result=done", "dicom.impl_uid=1.3.6.1.4.1.30071.8",
       "!dicom.impl_version"])
    w(P, "ac-release-closed", ac,
      ["# AC, then the peer closes instead of answering A-RELEASE-RQ.",
       "result=done", "nsent=1", "dicom.state=ac", "dicom.release=closed"])
    w(P, "ac-release-timeout", ac,
      ["# AC, then silence after A-RELEASE-RQ.", "@end=timeout",
       "result=done", "dicom.release=no-reply"])
    w(P, "ac-release-abort", ac + bytes.fromhex("07000000000400000200"),
      ["# AC, then A-ABORT (provider, reason 0) instead of A-RELEASE-RP.",
       "result=done", "nsent=1", "dicom.state=ac", "dicom.release=aborted",
       "dicom.abort_source=2", "dicom.abort_reason=0"])
    w(P, "ac-release-collision", ac + bytes.fromhex(RELEASE_RQ) + RP,
      ["# Release collision: the peer sends A-RELEASE-RQ too; we answer",
       "# A-RELEASE-RP and then read its RP.", "result=done", "nsent=2",
       "sent.0=" + RELEASE_RQ, "sent.1=06000000000400000000",
       "dicom.release=ok"])
    w(P, "ac-then-pdata",
      ac + bytes.fromhex("04000000000a00000006010300000000"),
      ["# AC, then a P-DATA-TF nobody asked for: A-ABORT and finish.",
       "result=done", "nsent=2", "sent.1=" + ABORT,
       "dicom.unexpected=pdu", "dicom.unexpected_pdu=04"])
    w(P, "ac-then-garbage", ac + b"HTTP/1.1 200 OK\r\n",
      ["# AC, then bytes that are no PDU: A-ABORT and finish.",
       "result=done", "nsent=2", "sent.1=" + ABORT,
       "dicom.unexpected=malformed"])
    w(P, "abort-first", bytes.fromhex("07000000000400000201"),
      ["# A-ABORT (provider, unrecognized-PDU) as the only answer.",
       "result=done", "nsent=0", "service=dicom", "dicom.state=abort",
       "dicom.abort_source=2", "dicom.abort_reason=1",
       "dicom.abort_text=service-provider: unrecognized-PDU"])
    w(P, "unexpected-release-rp", RP,
      ["# A well-formed but unexpected PDU first: A-ABORT, then finish.",
       "result=done", "nsent=1", "sent.0=" + ABORT, "service=dicom",
       "dicom.state=unexpected", "dicom.unexpected_pdu=06"])
    for cut in (1, 5, 6, 60, 100, 189):
        w(P, "ac-cut-%03d" % cut, ac[:cut],
          ["# The AC cut after %d bytes, then EOF." % cut, "error=ETRUNC",
           "!service", "!dicom.state"])
    w(P, "ac-rp-cut-195", ac + RP[:5],
      ["# AC complete, A-RELEASE-RP cut: the AC stands.", "result=done",
       "dicom.state=ac", "dicom.release=truncated"])
    w(P, "oversized-256m", bytes.fromhex("02000fffffff0001") + ac[8:],
      ["# PDU-length claims 256 MB: rejected before waiting.",
       "error=EPROTO", "!service"])
    w(P, "oversized-ffffffff", bytes.fromhex("0200ffffffff") + ac[6:],
      ["# PDU-length claims 4 GB.", "error=EPROTO", "!service"])
    w(P, "oversized-64k-plus-1", bytes.fromhex("020000010001") + ac[6:],
      ["# One byte above the 64 KiB cap.", "error=EPROTO", "!service"])
    bad = bytearray(ac)
    bad[74 + 2:74 + 4] = be16(0x4000)   # app-context item overruns PDU
    w(P, "item-overrun", bytes(bad) + RP,
      ["# An item length running past the PDU.", "error=EPROTO",
       "!service"])
    noui = dicom_ac(b"1.2.3", b"X")
    noui = noui[:noui.index(b"\x50\x00")]
    noui = bytes([2, 0]) + be32(len(noui) - 6) + noui[6:]
    w(P, "ac-no-user-info", noui + RP,
      ["# An AC without the mandatory User Information item.",
       "error=EPROTO", "!service"])
    badmax = dicom_ac(b"1.2.3", b"X", max_item=item(0x51, b"\x40\x00"))
    w(P, "ac-bad-max-length", badmax + RP,
      ["# Sub-item 0x51 with length 2 instead of 4.", "error=EPROTO",
       "!service"])
    w(P, "rj-bad-length", bytes.fromhex("030000000005000101010000"),
      ["# An RJ whose length is not 4.", "error=EPROTO", "!service"])
    w(P, "not-dicom-http", b"HTTP/1.1 400 Bad Request\r\n\r\n",
      ["# An HTTP server on port 104.", "error=EPROTO", "!service"])
    w(P, "not-dicom-type-zero", bytes(10),
      ["# PDU type 00 does not exist.", "error=EPROTO", "!service"])
    w(P, "silent", b"",
      ["# Nothing at all before EOF.", "result=done", "dicom.state=none",
       "!service"])


# ---- HTTP (RFC 9110/9112) -------------------------------------------------

def http():
    P = "http-get"
    w(P, "python-200", None,
      ["# Python 3.11 http.server: 200, Server, title, Content-Length.",
       "result=done", "service=http", "http.status=200", "http.version=1.0",
       "http.server=SimpleHTTP/0.6 Python/3.11.7",
       "http.content_type=text/html; charset=utf-8",
       "http.title=Directory listing for /", "!probe.again",
       "!http.login_form", "!http.stack"])
    w(P, "orthanc-401", None,
      ["# Orthanc 1.10.1 with authentication: 401 and a Basic realm.",
       "@port=8042", "result=done", "http.status=401",
       "http.auth_scheme=Basic", "http.realm=Orthanc Secure Area"])
    w(P, "orthanc-redirect", None,
      ["# Orthanc 1.10.1: 301 to a relative path, followed once.",
       "@port=8042", "result=done", "http.status=301",
       "http.location=app/explorer.html", "http.redirect=/app/explorer.html",
       "probe.again=/app/explorer.html"])
    w(P, "orthanc-followup", None,
      ["# The follow-up run on /app/explorer.html (cut at 600 bytes).",
       "@port=8042", "@again=/app/explorer.html", "result=done",
       "http.status=200", "http.title=Orthanc Explorer",
       "http.path=/app/explorer.html", "!probe.again"])
    body = (b"<html><head><title>\r\n  Infusion  Manager\r\n</title></head>"
            b"<body><form method=post><input name=user>"
            b"<input TYPE='password' name=pw></form></body></html>")
    chunked = b"%x\r\n" % 40 + body[:40] + b"\r\n" + \
        b"%x\r\n" % (len(body) - 40) + body[40:] + b"\r\n0\r\n\r\n"
    w(P, "goahead-chunked-login",
      b"HTTP/1.1 200 OK\r\nServer: GoAhead-Webs\r\n"
      b"X-Powered-By: embedded\r\n"
      b"Set-Cookie: SESSIONID=abc123; path=/; HttpOnly\r\n"
      b"set-cookie: lang=en\r\nTransfer-Encoding: chunked\r\n"
      b"Content-Type: text/html\r\n\r\n" + chunked,
      ["# Embedded GoAhead server, chunked body with a login form.",
       "result=done", "http.server=GoAhead-Webs", "http.stack=goahead",
       "http.powered_by=embedded", "http.cookies=SESSIONID,lang",
       "http.title=Infusion Manager", "http.login_form=yes"])
    w(P, "rompager-digest-401",
      b"HTTP/1.1 401 Unauthorized\r\n"
      b"Server: Allegro-Software-RomPager/4.07\r\n"
      b"WWW-Authenticate: Digest realm=\"MX450 \\\"Web\\\"\", "
      b"nonce=\"5f3\", qop=\"auth\"\r\nContent-Length: 0\r\n\r\n",
      ["# RomPager 4.07 (an old embedded server) with a Digest realm.",
       "result=done", "http.status=401", "http.stack=rompager",
       "http.auth_scheme=Digest", "http.realm=MX450 \\\\\"Web\\\\\""])
    w(P, "iis6-200",
      b"HTTP/1.1 200 OK\r\nContent-Length: 35\r\nContent-Type: text/html\r\n"
      b"Server: Microsoft-IIS/6.0\r\nX-Powered-By: ASP.NET\r\n\r\n"
      b"<title>Under Construction</title>\r\n",
      ["# Windows Server 2003 IIS.", "result=done",
       "http.server=Microsoft-IIS/6.0", "http.powered_by=ASP.NET",
       "http.title=Under Construction"])
    w(P, "redirect-offhost",
      b"HTTP/1.1 302 Found\r\nLocation: https://portal.example.org/login\r\n"
      b"Content-Length: 0\r\n\r\n",
      ["# A redirect off the host is recorded, never followed.",
       "result=done", "http.status=302", "http.redirect_offhost=yes",
       "!probe.again", "!http.redirect"])
    w(P, "redirect-absolute-same-host",
      b"HTTP/1.0 302 Found\r\nLocation: http://198.18.0.5:8080/cgi-bin/"
      b"login.cgi?lang=en#top\r\n\r\n",
      ["# An absolute redirect to this host and port.", "@port=8080",
       "result=done", "http.redirect=/cgi-bin/login.cgi?lang=en",
       "probe.again=/cgi-bin/login.cgi?lang=en"])
    w(P, "redirect-other-port",
      b"HTTP/1.1 307 Temporary Redirect\r\n"
      b"Location: http://198.18.0.5:8443/\r\nContent-Length: 0\r\n\r\n",
      ["# Same host, other port: not followed.", "result=done",
       "http.redirect_offhost=yes", "!probe.again"])
    w(P, "redirect-in-followup",
      b"HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n",
      ["# A second redirect in the follow-up run: recorded, not followed.",
       "@again=/first", "result=done", "http.redirect=/again",
       "!probe.again"])
    w(P, "continue-then-200",
      b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
      b"Server: lighttpd/1.4.35\r\nContent-Length: 0\r\n\r\n",
      ["# An interim 100 response before the real one.", "result=done",
       "http.status=200", "http.server=lighttpd/1.4.35"])
    w(P, "close-delimited-escapes",
      b"HTTP/1.0 200 OK\r\nServer: Dev\x1b[31mice\xff\r\n\r\n"
      b"<TITLE>A\x00B\x07</TITLE>",
      ["# Body delimited by close; control bytes arrive escaped.",
       "result=done", "http.server=Dev\\x1b[31mice\\xff",
       "http.title=A\\x00B\\x07"])
    w(P, "headers-cut",
      b"HTTP/1.1 200 OK\r\nServer: Boa/0.94.13\r\nContent-Ty",
      ["# Headers cut by EOF: what arrived is kept and flagged.",
       "result=done", "http.status=200", "http.server=Boa/0.94.13",
       "http.headers_truncated=yes"])
    w(P, "content-length-4g",
      b"HTTP/1.1 200 OK\r\nContent-Length: 4294967296\r\n\r\n"
      b"<title>short</title>",
      ["# Content-Length claims 4 GB; EOF ends it, nothing is sized by it.",
       "result=done", "http.title=short"])
    w(P, "content-length-huge",
      b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n"
      b"<title>x</title>",
      ["# An absurd Content-Length.", "result=done", "http.title=x"])
    w(P, "long-header-line", b"HTTP/1.1 200 OK\r\nX-Junk: " + b"A" * 9000,
      ["# One header line longer than the header cap.", "result=done",
       "http.status=200", "http.headers_truncated=yes"])
    for cut in (4, 11):
        w(P, "status-cut-%02d" % cut, b"HTTP/1.1 200 OK\r\n"[:cut],
          ["# Status line cut after %d bytes." % cut, "result=error",
           "!service"])
    w(P, "status-only", b"HTTP/1.1 200 OK\r",
      ["# A status line and nothing else: enough to prove HTTP.",
       "result=done", "http.status=200", "http.headers_truncated=yes"])
    w(P, "bad-status", b"HTTP/1.1 OK\r\n\r\n",
      ["# No status code.", "error=EPROTO", "!service"])
    w(P, "not-http-ssh", b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n",
      ["# Not HTTP at all.", "error=EPROTO", "!service"])
    w(P, "silent", b"",
      ["# The server closes without a byte.", "result=done", "!service"])


# ---- SNMP (RFC 1157/3416) --------------------------------------------------

def snmp_id(b):
    # request-id of a recorded message: 30 L 02 01 v 04 n c.. A2 L 02 n id
    i = 1
    i += 1 + (b[i] & 0x7f if b[i] & 0x80 else 0)
    i += 3                                  # version
    i += 2 + b[i + 1]                       # community
    i += 1
    i += 1 + (b[i] & 0x7f if b[i] & 0x80 else 0)
    n = b[i + 1]
    return int.from_bytes(b[i + 2:i + 2 + n], "big", signed=True)


def snmp():
    P = "snmp-get"
    v2c = rd(P, "netsnmp-v2c")
    rid = snmp_id(v2c)
    w(P, "netsnmp-v2c", None,
      ["# Net-SNMP 5.9.3 snmpd, community public, system group set.",
       "@snmp_id=%d" % rid, "result=done", "service=snmp",
       "snmp.version=2c", "snmp.sysobjectid=1.3.6.1.4.1.8072.3.2.10",
       "snmp.enterprise=8072", "snmp.sysname=lab-gw-01",
       "snmp.syslocation=Lab rack 3", "snmp.community_accepted=public",
       "snmp.default_community=yes", "!snmp.error_status"])
    ns = rd(P, "netsnmp-nosuch")
    w(P, "netsnmp-nosuch", None,
      ["# Net-SNMP with a view hiding sysLocation: noSuchObject (80).",
       "@snmp_id=%d" % snmp_id(ns), "result=done", "service=snmp",
       "snmp.sysname=vm", "!snmp.syslocation"])
    w(P, "netsnmp-other-id", v2c,
      ["# A well-formed response to another request-id is not ours.",
       "@snmp_id=12345", "result=ignored", "!service"])
    w(P, "configured-community", v2c,
      ["# A site's own community is never written to the inventory.",
       "@snmp_id=%d" % rid, "@community=s3cret-Site", "result=done",
       "snmp.community_accepted=(configured)",
       "snmp.default_community=no"])
    v1 = snmp_msg(0, b"public", 0xa2, 77, 2, 4,
                  [(SYS["descr"], NULL), (SYS["oid"], NULL),
                   (SYS["name"], NULL), (SYS["loc"], NULL)])
    w(P, "v1-nosuchname", v1,
      ["# SNMPv1 agent: the whole GET fails with noSuchName (index 4).",
       "@snmp_id=77", "result=done", "service=snmp", "snmp.version=1",
       "snmp.error_status=2", "snmp.error_text=noSuchName",
       "snmp.error_index=4", "!snmp.sysdescr"])
    lantronix = snmp_msg(1, b"public", 0xa2, 1000, 0, 0, [
        (SYS["descr"], ber(0x04, b"Lantronix UDS1100 V6.8.0.2\r\n\x00")),
        (SYS["oid"], ber_oid("1.3.6.1.4.1.244.1.11")),
        (SYS["name"], ber(0x04, b"")),
        (SYS["loc"], ber(0x04, b"ICU\x01bed\xff7"))])
    w(P, "serial-bridge", lantronix,
      ["# A serial bridge: CR LF NUL trimmed, binary bytes escaped.",
       "@snmp_id=1000", "result=done",
       "snmp.sysdescr=Lantronix UDS1100 V6.8.0.2",
       "snmp.sysobjectid=1.3.6.1.4.1.244.1.11", "snmp.enterprise=244",
       "snmp.syslocation=ICU\\x01bed\\xff7", "snmp.sysname="])
    longform = snmp_msg(1, b"public", 0xa2, 5, 0, 0, [
        (SYS["descr"], ber(0x04, b"D" * 300)),
        (SYS["uptime"], ber(0x43, b"\x00\xff\xff\xff\xff")),
        (SYS["contact"], ber(0x04, b"biomed"))])
    w(P, "long-lengths", longform,
      ["# Long-form lengths (0x82) and a 5-byte TimeTicks.", "@snmp_id=5",
       "result=done", "snmp.sysuptime=4294967295",
       "snmp.syscontact=biomed"])
    for cut in (1, 30, 100, len(v2c) - 1):
        w(P, "cut-%03d" % cut, v2c[:cut],
          ["# The datagram cut after %d bytes." % cut, "@snmp_id=%d" % rid,
           "error=ETRUNC", "!service"])
    w(P, "oversized-4g", b"\x30\x84\xff\xff\xff\xff" + v2c[3:],
      ["# The outer SEQUENCE claims 4 GB.", "error=ETRUNC", "!service"])
    w(P, "five-length-octets", b"\x30\x85\x00\x00\x00\x00\xa8" + v2c[3:],
      ["# Five length octets: rejected.", "error=EPROTO", "!service"])
    w(P, "indefinite-length", b"\x30\x80" + v2c[3:] + b"\x00\x00",
      ["# BER indefinite length: rejected.", "error=EPROTO", "!service"])
    w(P, "get-request-echo", snmp_msg(1, b"public", 0xa0, 9, 0, 0,
                                      [(SYS["descr"], NULL)]),
      ["# Our own GetRequest reflected back is not a response.",
       "@snmp_id=9", "error=EPROTO", "!service"])
    w(P, "snmpv3", ber(0x30, ber_int(3) + ber(0x30, ber_int(1)) +
                       ber(0x04, b"\x04") + ber_int(3) + ber(0x30, b"")),
      ["# An SNMPv3 message.", "error=EPROTO", "!service"])
    w(P, "bad-oid", snmp_msg(1, b"public", 0xa2, 9, 0, 0, [
        (SYS["descr"], b"\x06\x02\x2b\x86")]),
      ["# An OID value with an unterminated arc.", "@snmp_id=9",
       "error=EPROTO", "!service"])
    w(P, "silent", b"",
      ["# No datagram.", "result=done", "!service"])


# ---- SMB ([MS-SMB2], [MS-CIFS]) --------------------------------------------

FT = (1714564800 + 11644473600) * 10000000      # 2024-05-01T12:00:00Z
GUID = bytes.fromhex("78563412cdab01ef0123456789abcdef")
GUID_TEXT = "12345678-abcd-ef01-0123-456789abcdef"


def nb(msg):
    return b"\x00" + len(msg).to_bytes(3, "big") + msg


def smb2_rsp(dialect, secmode=1, mid=0, status=0, blob=b"\x60\x00",
             ctxs=b""):
    hdr = b"\xfeSMB" + le16(64) + le16(0) + le32(status) + le16(0) + \
        le16(1) + le32(1) + le32(0) + le64(mid) + le32(0) + le32(0) + \
        le64(0) + bytes(16)
    if status != 0:
        return nb(hdr + le16(9) + b"\x00\x00" + le32(0) + b"\x00")
    off = 64 + 64
    body = le16(65) + le16(secmode) + le16(dialect) + \
        le16(1 if ctxs else 0) + GUID + le32(0x2f) + le32(8388608) * 3 + \
        le64(FT) + le64(0) + le16(off) + le16(len(blob))
    pad = b""
    ctxoff = 0
    if ctxs:
        ctxoff = off + len(blob)
        pad = bytes((8 - ctxoff % 8) % 8)
        ctxoff += len(pad)
    body += le32(ctxoff) + blob + pad + ctxs
    return nb(hdr + body)


def utf16z(s):
    return s.encode("utf-16-le") + b"\x00\x00"


def smb1_rsp(idx, secmode=3, caps=0xf3fd, extsec=False, wc=17):
    flags2 = 0xc001 | (0x0800 if extsec else 0)
    hdr = b"\xffSMB" + b"\x72" + le32(0) + b"\x98" + le16(flags2) + \
        le16(0) + bytes(8) + le16(0) + le16(0xffff) + le16(0xfeff) + \
        le16(0) + le16(0)
    if wc == 1:
        return nb(hdr + b"\x01" + le16(idx) + le16(0))
    if extsec:
        caps |= 0x80000000
        data = GUID + b"\x60\x28"
        chl = 0
    else:
        data = bytes(range(8)) + utf16z("WORKGROUP") + utf16z("XPEMB")
        chl = 8
    words = le16(idx) + bytes([secmode]) + le16(50) + le16(1) + \
        le32(16644) + le32(65536) + le32(0) + le32(caps) + le64(FT) + \
        le16(0xffc4) + bytes([chl])
    return nb(hdr + b"\x11" + words + le16(len(data)) + data)


def smb():
    P = "smb-negotiate"
    preauth = le16(1) + le16(38) + le32(0) + le16(1) + le16(32) + le16(1) + \
        bytes(32)
    win10 = smb2_rsp(0x02ff) + smb2_rsp(0x0311, 1, 1, ctxs=preauth)
    w(P, "smb2-win10-311", win10,
      ["# Windows 10 style: wildcard 2.??? to the multi-protocol",
       "# negotiate, then 3.1.1 to our SMB2 NEGOTIATE.", "result=done",
       "nsent=1", "sentprefix.0=0000009efe534d424000", "service=smb",
       "smb.dialect=3.1.1", "smb.signing=enabled",
       "smb.server_guid=" + GUID_TEXT,
       "smb.system_time=2024-05-01T12:00:00Z", "probe.again=smb1",
       "!smb.smb1"])
    w(P, "smb2-2008-0202", smb2_rsp(0x0202, 3),
      ["# Vista/Server 2008: SMB 2.0.2 chosen directly; signing required.",
       "result=done", "nsent=0", "smb.dialect=2.0.2",
       "smb.signing=required", "probe.again=smb1"])
    w(P, "smb2-wildcard-no-second", smb2_rsp(0x02ff),
      ["# 2.??? then silence: the wildcard answer is what we know.",
       "result=done", "nsent=1", "smb.dialect=2.???",
       "smb.negotiate2=no-reply"])
    w(P, "smb1-xp", smb1_rsp(0),
      ["# Windows XP Embedded: NT LM 0.12 without extended security.",
       "result=done", "nsent=0", "service=smb", "smb.smb1=yes",
       "smb.dialect=NT LM 0.12", "smb.signing=disabled",
       "smb.domain=WORKGROUP", "smb.server_name=XPEMB",
       "smb.system_time=2024-05-01T12:00:00Z", "!probe.again"])
    w(P, "smb1-extsec-signing", smb1_rsp(0, 0x0f, extsec=True),
      ["# An SMB1-only server with extended security, signing required.",
       "result=done", "smb.smb1=yes", "smb.signing=required",
       "smb.server_guid=" + GUID_TEXT, "!smb.domain"])
    w(P, "smb1-no-dialect", smb1_rsp(0xffff, wc=1),
      ["# An SMB1 server that accepts none of the dialects.",
       "result=done", "smb.dialect=none", "smb.smb1=no"])
    w(P, "smb1only-yes", smb1_rsp(0),
      ["# The second run (SMB1 only) answered: SMBv1 is enabled.",
       "@again=smb1", "result=done", "smb.smb1=yes",
       "smb.smb1_evidence=negotiate-reply", "!probe.again"])
    w(P, "smb1only-closed", b"",
      ["# The second run: Windows with SMB1 off closes the connection.",
       "@again=smb1", "result=done", "smb.smb1=no",
       "smb.smb1_evidence=closed"])
    w(P, "smb1only-timeout", b"",
      ["# The second run: no answer at all.", "@again=smb1",
       "@end=timeout", "result=done", "smb.smb1=no",
       "smb.smb1_evidence=no-reply"])
    w(P, "smb2-error-status", smb2_rsp(0, status=0xc00000bb),
      ["# An SMB2 error response (STATUS_NOT_SUPPORTED).", "result=done",
       "service=smb", "smb.status=0xc00000bb", "!probe.again"])
    full = smb2_rsp(0x0202, 3)
    for cut in (1, 4, 40, 100, len(full) - 1):
        w(P, "cut-%03d" % cut, full[:cut],
          ["# A negotiate response cut after %d bytes." % cut,
           "error=ETRUNC", "!service"])
    w(P, "oversized-netbios", b"\x00\xff\xff\xff" + full[4:],
      ["# NetBIOS length 16 MB: above the 64 KiB cap.", "error=EPROTO",
       "!service"])
    w(P, "netbios-session-response", b"\x82\x00\x00\x00",
      ["# A NetBIOS session response (port 139 framing) on 445.",
       "error=EPROTO", "!service"])
    bad = bytearray(full)
    bad[4 + 64:4 + 66] = le16(9)
    w(P, "bad-structure-size", bytes(bad),
      ["# A success status with StructureSize 9.", "error=EPROTO",
       "!service"])
    short = nb(b"\xfeSMB" + le16(64) + bytes(20))
    w(P, "short-header", short,
      ["# An SMB2 header shorter than 64 bytes.", "error=EPROTO",
       "!service"])
    w(P, "not-smb", nb(b"HTTP/1.1 400 Bad"),
      ["# Framed, but not SMB.", "error=EPROTO", "!service"])


# ---- RDP ([MS-RDPBCGR] 2.2.1.2) ---------------------------------------------

def rdp_cc(neg=None):
    x224 = b"\xd0\x00\x00\x12\x34\x00"
    if neg is not None:
        x224 += neg
    tpdu = bytes([len(x224)]) + x224
    return b"\x03\x00" + be16(4 + len(tpdu)) + tpdu


def rdp():
    P = "rdp-x224"

    def rsp(proto, flags=0x1f):
        return b"\x02" + bytes([flags]) + le16(8) + le32(proto)

    def fail(code):
        return b"\x03\x00" + le16(8) + le32(code)
    w(P, "nla-hybrid", rdp_cc(rsp(2)),
      ["# Windows with NLA: PROTOCOL_HYBRID selected.", "result=done",
       "service=rdp", "rdp.selected_protocol=hybrid", "rdp.nla=yes",
       "rdp.neg_flags=0x1f"])
    w(P, "tls-only", rdp_cc(rsp(1, 0x01)),
      ["# TLS without NLA: the login screen is shown before credentials.",
       "result=done", "rdp.selected_protocol=tls", "rdp.nla=no"])
    w(P, "hybrid-ex", rdp_cc(rsp(8)),
      ["# PROTOCOL_HYBRID_EX.", "result=done",
       "rdp.selected_protocol=hybrid_ex", "rdp.nla=yes"])
    w(P, "legacy-no-neg", rdp_cc(),
      ["# Windows XP/2003 era: a confirm without negotiation data.",
       "result=done", "rdp.selected_protocol=rdp", "rdp.negotiation=none",
       "rdp.nla=no"])
    w(P, "failure-ssl-not-allowed", rdp_cc(fail(2)),
      ["# Only standard RDP security is allowed.", "result=done",
       "rdp.neg_failure=ssl-not-allowed-by-server",
       "rdp.selected_protocol=rdp", "rdp.nla=no"])
    w(P, "failure-hybrid-required", rdp_cc(fail(5)),
      ["# HYBRID_REQUIRED_BY_SERVER.", "result=done",
       "rdp.neg_failure=hybrid-required-by-server", "rdp.nla=yes"])
    w(P, "disconnect", b"\x03\x00\x00\x0b\x06\x80\x00\x00\x12\x34\x00",
      ["# An X.224 Disconnect Request is not evidence of RDP.",
       "error=EPROTO", "!service"])
    full = rdp_cc(rsp(2))
    for cut in (1, 3, 10, 18):
        w(P, "cut-%02d" % cut, full[:cut],
          ["# The confirm cut after %d bytes." % cut, "error=ETRUNC",
           "!service"])
    w(P, "oversized-tpkt", b"\x03\x00\xff\xff" + full[4:],
      ["# TPKT length 65535: above the cap.", "error=EPROTO", "!service"])
    bad = bytearray(full)
    bad[4] = 0x0d
    w(P, "bad-li", bytes(bad),
      ["# LI does not match the TPKT length.", "error=EPROTO", "!service"])
    bad = bytearray(full)
    bad[13:15] = le16(9)
    w(P, "bad-neg-length", bytes(bad),
      ["# RDP_NEG_RSP length not 8.", "error=EPROTO", "!service"])
    w(P, "not-tpkt", b"SSH-2.0-OpenSSH_8.0\r\n",
      ["# Not TPKT.", "error=EPROTO", "!service"])


# ---- MQTT 3.1.1 --------------------------------------------------------------

def mqtt():
    P = "mqtt-connect"
    w(P, "mosquitto-anon", None,
      ["# Mosquitto 2.0.11, allow_anonymous true: CONNACK 0, DISCONNECT.",
       "result=done", "nsent=1", "sent.0=e000", "service=mqtt",
       "mqtt.connack=0", "mqtt.result=accepted", "mqtt.anonymous=yes",
       "mqtt.session_present=no"])
    w(P, "mosquitto-denied", None,
      ["# Mosquitto 2.0.11, allow_anonymous false: CONNACK 5.",
       "result=done", "nsent=0", "service=mqtt", "mqtt.connack=5",
       "mqtt.result=not-authorized", "mqtt.anonymous=no"])
    w(P, "bad-credentials-4", b"\x20\x02\x00\x04",
      ["# Return code 4.", "result=done", "mqtt.anonymous=no",
       "mqtt.result=bad-user-name-or-password"])
    w(P, "mqtt31-only", b"\x20\x02\x00\x01",
      ["# An MQTT 3.1 broker refuses protocol level 4.", "result=done",
       "mqtt.result=unacceptable-protocol-version",
       "mqtt.protocol=not-3.1.1", "!mqtt.anonymous"])
    w(P, "id-rejected", b"\x20\x02\x00\x02",
      ["# Identifier rejected.", "result=done",
       "mqtt.result=identifier-rejected", "!mqtt.anonymous"])
    w(P, "session-present", b"\x20\x02\x01\x00",
      ["# Session present with a clean-session CONNECT (odd but legal",
       "# to parse).", "result=done", "mqtt.session_present=yes",
       "nsent=1"])
    w(P, "mqtt5-reason", b"\x20\x03\x00\x87\x00",
      ["# An MQTT 5 style CONNACK (length 3) is not 3.1.1.",
       "error=EPROTO", "!service"])
    w(P, "reserved-flags", b"\x20\x02\x02\x00",
      ["# Reserved acknowledge flags set.", "error=EPROTO", "!service"])
    w(P, "rc-out-of-range", b"\x20\x02\x00\x80",
      ["# Return code 128.", "error=EPROTO", "!service"])
    w(P, "publish-first", b"\x30\x05\x00\x01a\x00\x00",
      ["# A PUBLISH instead of CONNACK.", "error=EPROTO", "!service"])
    w(P, "cut-3", b"\x20\x02\x00",
      ["# CONNACK cut after 3 bytes.", "error=ETRUNC", "!service"])
    w(P, "silent", b"",
      ["# The broker closes without a byte.", "result=done", "!service"])


# ---- HL7 v2 / MLLP -----------------------------------------------------------

ACK = (b"\x0bMSH|^~\\&|MIRTH^Connect|HOSP_A|IOMTSCAN|SECOPS|20260101120001"
       b"||ACK^N01^ACK|8812|T|2.5\rMSA|AR|IOMTSCAN-0001|Unsupported message "
       b"type\rERR|||200^Unsupported message type^HL70357|E\r\x1c\r")
NMR = (b"\x0bMSH|^~\\&|CLOVERLEAF|LAB|IOMTSCAN|SECOPS|20260101120002||"
       b"NMR^N01^NMR_N01|77|T|2.4\rMSA|AA|IOMTSCAN-0001\rNCK|20260101120002"
       b"\r\x1c\r")


def hl7():
    P = "hl7-mllp"
    w(P, "silent", b"",
      ["# The usual MLLP listener: silent for 2 s; labelled by port.",
       "@end=timeout", "result=done", "nsent=0", "hl7.mllp=silent",
       "service=hl7-mllp", "hl7.classified_by=port"])
    w(P, "closed", b"",
      ["# The listener closes at once (e.g. IP not allowed).",
       "result=done", "hl7.mllp=closed", "!service"])
    w(P, "unsolicited-frame", NMR,
      ["# A listener that speaks first with a framed message.",
       "result=done", "hl7.mllp=data", "service=hl7-mllp",
       "hl7.classified_by=protocol", "hl7.msh_app=CLOVERLEAF",
       "hl7.msh_facility=LAB", "hl7.version=2.4",
       "hl7.msg_type=NMR^N01^NMR_N01"])
    w(P, "empty-frame", b"\x0b\x1c\r",
      ["# An empty MLLP frame (nmap's hl7-mlp match).", "result=done",
       "service=hl7-mllp", "hl7.frame=empty",
       "hl7.classified_by=framing"])
    w(P, "other-banner", b"220 ftp.example FTP server ready\r\n",
      ["# Something else answers on the HL7 port: not labelled HL7.",
       "result=done", "hl7.mllp=data",
       "banner=220 ftp.example FTP server ready", "!service"])
    w(P, "frame-cut", NMR[:40],
      ["# A frame cut by EOF.", "error=ETRUNC", "hl7.mllp=data",
       "!service"])
    P = "hl7-nmq"
    w(P, "mirth-ack-ar", ACK,
      ["# An interface engine rejecting NMQ with an ACK (MSA AR + ERR).",
       "result=done", "nsent=0", "hl7.nmq=answered", "service=hl7-mllp",
       "hl7.classified_by=protocol", "hl7.msh_app=MIRTH^Connect",
       "hl7.msh_facility=HOSP_A", "hl7.msg_type=ACK^N01^ACK",
       "hl7.version=2.5", "hl7.ack_code=AR",
       "hl7.ack_text=Unsupported message type",
       "hl7.error=ERR|||200^Unsupported message type^HL70357|E"])
    w(P, "nmr-aa", NMR,
      ["# An NMR^N01 answer.", "result=done", "hl7.ack_code=AA",
       "hl7.msh_app=CLOVERLEAF", "hl7.version=2.4", "!hl7.error"])
    w(P, "no-reply", b"",
      ["# No answer: still labelled by port.", "@end=timeout",
       "result=done", "hl7.nmq=no-reply", "hl7.mllp=silent",
       "hl7.classified_by=port"])
    w(P, "closed", b"",
      ["# The engine closes on our message.", "result=done",
       "hl7.nmq=closed", "!service"])
    w(P, "not-hl7", b"HTTP/1.1 400 Bad Request\r\n\r\n",
      ["# An HTTP server on the HL7 port.", "error=EPROTO", "!service"])
    w(P, "no-msh", b"\x0bPID|1||123\r\x1c\r",
      ["# A frame that does not start with MSH.", "error=EPROTO",
       "!service"])
    w(P, "ack-cut", ACK[:60],
      ["# The ACK cut by EOF.", "error=ETRUNC", "!service"])


requests()
dicom()
http()
snmp()
smb()
rdp()
mqtt()
hl7()
