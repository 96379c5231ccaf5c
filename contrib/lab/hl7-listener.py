#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""hl7-listener: an HL7 v2 MLLP receiver for the iomtscan lab.

Accepts MLLP connections (default port 2575), parses every received frame
(0x0B ... 0x1C 0x0D) with python3-hl7's hl7.parse() and answers with an ACK
(MSA|AA, or MSA|AR when the message does not parse).  It LOGS everything it
receives as JSON lines so tests can assert that the scanner sent nothing:

  {"event": "connect", "peer": ...}            a connection was accepted
  {"event": "message", "peer": ..., "type": "ADT^A01", "control_id": ..., "text": ...}
  {"event": "unparsable", "peer": ..., "error": ..., "text": ...}
  {"event": "data", "peer": ..., "hex": ...}   bytes outside any MLLP frame
  {"event": "close", "peer": ..., "bytes": N}

"Received nothing" means: no message, unparsable or data event (connect and
close events are fine: L1 connect-only probing is allowed).  The log file is
opened per write, so truncating it (lab.sh reset-counters) is safe.

Needs Debian's python3-hl7: run with /usr/bin/python3.
"""

import argparse
import asyncio
import datetime
import json
import signal
import sys
import time

import hl7

VT, FS, CR = b"\x0b", b"\x1c", b"\x0d"
MAX_FRAME = 1 << 20


class Listener:
    def __init__(self, args):
        self.args = args

    def log(self, **ev):
        ev["time"] = time.time()
        with open(self.args.log, "a") as f:
            f.write(json.dumps(ev, sort_keys=True) + "\n")

    def ack(self, text):
        try:
            msg = hl7.parse(text)
            mtype = str(msg.segment("MSH")[9])
            cid = str(msg.segment("MSH")[10])
            ack = msg.create_ack(ack_code="AA", application=self.args.app,
                                 facility=self.args.facility)
            return str(ack).encode(), mtype, cid, None
        except Exception as e:  # hl7.ParseException, KeyError, IndexError ...
            ts = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
            nak = ("MSH|^~\\&|%s|%s|||%s||ACK|NAK%s|P|2.5\rMSA|AR|\r" % (
                self.args.app, self.args.facility, ts, ts))
            return nak.encode(), None, None, "%s: %s" % (type(e).__name__, e)

    async def handle(self, reader, writer):
        peer = "%s:%d" % writer.get_extra_info("peername")[:2]
        self.log(event="connect", peer=peer)
        buf = b""
        total = 0
        try:
            while True:
                data = await asyncio.wait_for(reader.read(65536), self.args.idle)
                if not data:
                    break
                total += len(data)
                buf += data
                while True:
                    start = buf.find(VT)
                    if start < 0:
                        if buf:
                            self.log(event="data", peer=peer, hex=buf[:256].hex(), bytes=len(buf))
                        buf = b""
                        break
                    if start > 0:
                        self.log(event="data", peer=peer, hex=buf[:start][:256].hex(), bytes=start)
                        buf = buf[start:]
                    end = buf.find(FS + CR)
                    if end < 0:
                        if len(buf) > MAX_FRAME:
                            self.log(event="data", peer=peer, hex=buf[:256].hex(), bytes=len(buf))
                            buf = b""
                        break
                    text = buf[1:end].decode("utf-8", "replace")
                    buf = buf[end + 2:]
                    reply, mtype, cid, err = self.ack(text)
                    if err:
                        self.log(event="unparsable", peer=peer, error=err, text=text[:4096])
                    else:
                        self.log(event="message", peer=peer, type=mtype, control_id=cid,
                                 text=text[:4096])
                    writer.write(VT + reply + FS + CR)
                    await writer.drain()
        except (asyncio.TimeoutError, ConnectionError, OSError):
            pass
        finally:
            if buf:
                self.log(event="data", peer=peer, hex=buf[:256].hex(), bytes=len(buf))
            self.log(event="close", peer=peer, bytes=total)
            try:
                writer.close()
            except Exception:
                pass

    async def main(self):
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        srv = await asyncio.start_server(self.handle, host=self.args.bind, port=self.args.port,
                                         reuse_address=True)
        open(self.args.log, "a").close()
        await stop.wait()
        srv.close()


def main():
    ap = argparse.ArgumentParser(description="HL7 v2 MLLP listener that logs what it receives")
    ap.add_argument("--port", type=int, default=2575)
    ap.add_argument("--bind", default="0.0.0.0")
    ap.add_argument("--log", required=True, help="JSON-lines log of received data")
    ap.add_argument("--app", default="IOMTLAB-ENGINE", help="MSH-3 of the ACKs")
    ap.add_argument("--facility", default="IOMTLAB", help="MSH-4 of the ACKs")
    ap.add_argument("--idle", type=float, default=60.0, help="idle timeout per connection (s)")
    args = ap.parse_args()
    asyncio.run(Listener(args).main())
    return 0


if __name__ == "__main__":
    sys.exit(main())
