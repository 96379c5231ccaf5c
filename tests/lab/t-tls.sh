#!/bin/sh
# The tls-handshake probe against real TLS servers in lab namespaces:
#  .14:443   python3 http.server wrapped in ssl (TLS 1.3), a title
#  .15:8443  openssl s_server -www, TLS 1.0 only
#  .10:2762  openssl s_server (DICOM TLS port) with an expired self-signed
#            RSA 1024 SHA-1 certificate
#  .11:443   hostile: a crafted ServerHello, then a Certificate message
#            claiming 1 MB, streamed
#  .11:8443  hostile: a ServerHello, then a certificate trickled one byte
#            every 50 ms for ever (an endless handshake)
#  .14:8080  one port for both, as Go's net/http serves TLS: plain HTTP
#            gets "400 Client sent an HTTP request to an HTTPS server",
#            a ClientHello gets HTTPS (http-get hands the port to
#            tls-handshake)
#  .20:443   the simulated BD Alaris pump, whose profile forbids TLS
# Checks the stored observations, the findings and what `show` prints,
# that the hostile servers are cut off with the reason recorded while the
# scan stays within its time bound, that the audit log shows every byte
# sent to them, and that the pump got no handshake.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
command -v openssl >/dev/null || { echo "skip: no openssl"; exit 77; }
lab_up
C="$T/certs"
sh "$IOMT_SRCDIR/tests/fixtures/tls/gen.sh" --out "$C" >/dev/null 2>&1
check "test certificates made" [ -s "$C/selfsigned-rsa1024-sha1-expired.pem" ]
cat >"$T/https.py" <<'PY'
import http.server, ssl, sys
class H(http.server.BaseHTTPRequestHandler):
    server_version = "LabPumpWeb/3.2"
    sys_version = ""
    def do_GET(self):
        body = b"<html><head><title>Ward 3 Infusion Gateway</title></head></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[2], sys.argv[3])
srv = http.server.HTTPServer(("0.0.0.0", int(sys.argv[1])), H)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()
PY
cat >"$T/both.py" <<'PY'
# TLS and plain HTTP on one port, told apart by the first byte.
import socket, ssl, sys, threading
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[2], sys.argv[3])
def serve(c):
    try:
        c.settimeout(10)
        first = c.recv(1, socket.MSG_PEEK)
        if first == b"\x16":
            c = ctx.wrap_socket(c, server_side=True)
            c.recv(4096)
            body = b"<html><title>Gateway Console (TLS on 8080)</title></html>"
            c.sendall(b"HTTP/1.1 200 OK\r\nServer: GoGateway/1.4\r\nContent-Length: "
                      + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
            c.unwrap()
        elif first:
            c.recv(4096)
            c.sendall(b"HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
                      b"Connection: close\r\n\r\nClient sent an HTTP request to an HTTPS server.\n")
    except (OSError, ssl.SSLError):
        pass
    finally:
        c.close()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1])))
s.listen(4)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
cat >"$T/hostile.py" <<'PY'
# A TLS "server" that answers any ClientHello with a TLS 1.2 ServerHello
# (AES128-SHA, no extensions), then either a Certificate message claiming
# 1 MB, streamed in 16 KB records ("huge"), or one claiming 30000 bytes
# trickled a byte every 50 ms for ever ("endless").  Counts what it sent.
import os, socket, sys, threading, time
mode, port, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def rec(body):
    return b"\x16\x03\x03" + len(body).to_bytes(2, "big") + body
def serve(c):
    sent = 0
    try:
        c.settimeout(10)
        c.recv(4096)
        sh = b"\x03\x03" + os.urandom(24) + b"\x00" * 8 + b"\x00" + b"\x00\x2f" + b"\x00"
        msg = b"\x02" + len(sh).to_bytes(3, "big") + sh
        c.sendall(rec(msg)); sent += 5 + len(msg)
        if mode == "huge":
            body = b"\x0b" + (1 << 20).to_bytes(3, "big")
            c.sendall(rec(body)); sent += 5 + len(body)
            while sent < (1 << 20) + 4096:
                chunk = rec(b"\x41" * 16384)
                c.sendall(chunk); sent += len(chunk)
        else:
            # one full-size record whose 16 KB never all arrive
            c.sendall(b"\x16\x03\x03\x40\x00\x0b\x00\x75\x2c"); sent += 9
            while True:
                c.sendall(b"\x41"); sent += 1
                time.sleep(0.05)
    except OSError:
        pass
    finally:
        with open(log, "a") as f:
            f.write("%s %d\n" % (mode, sent))
        c.close()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", port))
s.listen(4)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
ip netns exec "$NAME-mosquitto" $PY "$T/https.py" 443 \
    "$C/ca-issued-rsa2048-sha256.pem" "$C/ca-issued-rsa2048-sha256.key" \
    >/dev/null 2>&1 &
p1=$!
ip netns exec "$NAME-hl7" openssl s_server -quiet -www -accept 8443 -tls1 \
    -cipher 'ALL:@SECLEVEL=0' -cert "$C/utf8-subject.pem" \
    -key "$C/utf8-subject.key" </dev/null >/dev/null 2>&1 &
p2=$!
# -www: s_server never reads stdin; on 2762 the probe sends no request.
ip netns exec "$NAME-storescp" openssl s_server -quiet -www -accept 2762 \
    -cipher 'ALL:@SECLEVEL=0' -cert "$C/selfsigned-rsa1024-sha1-expired.pem" \
    -key "$C/selfsigned-rsa1024-sha1-expired.key" </dev/null >/dev/null 2>&1 &
p3=$!
ip netns exec "$NAME-dcmqrscp" $PY "$T/hostile.py" huge 443 "$T/hostile.log" \
    >/dev/null 2>&1 &
p4=$!
ip netns exec "$NAME-dcmqrscp" $PY "$T/hostile.py" endless 8443 \
    "$T/hostile.log" >/dev/null 2>&1 &
p5=$!
ip netns exec "$NAME-mosquitto" $PY "$T/both.py" 8080 \
    "$C/ec-p384-sha384.pem" "$C/ec-p384-sha384.key" >/dev/null 2>&1 &
p6=$!
trap 'kill $p1 $p2 $p3 $p4 $p5 $p6 2>/dev/null; lab_down' EXIT
sleep 2
start=$(date +%s)
iomt_scan --ports 443,8443,2762,8080 198.18.0.10 198.18.0.11 198.18.0.14 \
    198.18.0.15 198.18.0.20
rc=$?
took=$(( $(date +%s) - start ))
check "scan exits 0 ($rc)" [ "$rc" = 0 ]
# Per step 5 s, at most TLS_MAX_SENDS steps, plus connects and closes.
check "scan finished within its bounds (${took}s <= 60s)" [ "$took" -le 60 ]
obs() {	# ip port key
	sqlite3 "$DB" "SELECT o.value FROM observations o JOIN hosts h ON h.id = o.host_id WHERE h.ip = '$1' AND o.port = $2 AND o.key = '$3' ORDER BY o.id DESC LIMIT 1;"
}
svc() {	# ip port
	sqlite3 "$DB" "SELECT s.service FROM services s JOIN hosts h ON h.id = s.host_id WHERE h.ip = '$1' AND s.port = $2 ORDER BY s.rowid DESC LIMIT 1;"
}
# HTTPS with a title, TLS 1.3, CA-issued RSA 2048.
check "443 https: title" [ "$(obs 198.18.0.14 443 http.title)" = "Ward 3 Infusion Gateway" ]
check "443 https: Server header" [ "$(obs 198.18.0.14 443 http.server)" = "LabPumpWeb/3.2" ]
check "443 https: TLS 1.3 ($(obs 198.18.0.14 443 tls.version))" [ "$(obs 198.18.0.14 443 tls.version)" = "TLSv1.3" ]
check "443 https: subject" [ "$(obs 198.18.0.14 443 tls.subject)" = "O=Example Hospital,CN=pacs.example" ]
check "443 https: issuer" [ "$(obs 198.18.0.14 443 tls.issuer)" = "O=Example Hospital,CN=Ward CA" ]
check "443 https: SANs" [ "$(obs 198.18.0.14 443 tls.san)" = "DNS:pacs.example, DNS:pacs" ]
check "443 https: key" [ "$(obs 198.18.0.14 443 tls.key_type)/$(obs 198.18.0.14 443 tls.key_bits)" = "rsa/2048" ]
check "443 https: not self-signed" [ "$(obs 198.18.0.14 443 tls.self_signed)" = "no" ]
check "443 https: verification recorded" [ -n "$(obs 198.18.0.14 443 tls.verify)" ]
check "443 service https ($(svc 198.18.0.14 443))" [ "$(svc 198.18.0.14 443)" = "https" ]
# TLS found on 8080 by http-get, then the tls-handshake second run.
check "8080 plain HTTP said TLS (probe.next)" [ "$(obs 198.18.0.14 8080 probe.next)" = "tls-handshake" ]
check "8080 TLS run: title over TLS ($(obs 198.18.0.14 8080 http.title))" [ "$(obs 198.18.0.14 8080 http.title)" = "Gateway Console (TLS on 8080)" ]
check "8080 TLS run: EC P-384 certificate" [ "$(obs 198.18.0.14 8080 tls.key_curve)" = "secp384r1" ]
check "8080 service https ($(svc 198.18.0.14 8080))" [ "$(svc 198.18.0.14 8080)" = "https" ]
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE ip = '198.18.0.14' AND port = 8080 AND kind = 'tcp-connect' AND detail = 'service';")
check "8080 got two service connects, HTTP then TLS ($n)" [ "$n" = 2 ]
# TLS 1.0 only.
check "8443 TLS 1.0 only ($(obs 198.18.0.15 8443 tls.version))" [ "$(obs 198.18.0.15 8443 tls.version)" = "TLSv1" ]
check "8443 legacy version flagged" [ "$(obs 198.18.0.15 8443 tls.legacy_version)" = "yes" ]
check "8443 s_server -www answered HTTP ($(obs 198.18.0.15 8443 http.status))" [ "$(obs 198.18.0.15 8443 http.status)" = "200" ]
check "8443 UTF-8 subject kept" [ "$(obs 198.18.0.15 8443 tls.subject_cn)" = "輸液ポンプ-2" ]
# DICOM TLS, expired self-signed RSA 1024 SHA-1.
check "2762 service dicom-tls ($(svc 198.18.0.10 2762))" [ "$(svc 198.18.0.10 2762)" = "dicom-tls" ]
check "2762 expired" [ "$(obs 198.18.0.10 2762 tls.expired)" = "yes" ]
check "2762 self-signed" [ "$(obs 198.18.0.10 2762 tls.self_signed)" = "yes" ]
check "2762 RSA 1024" [ "$(obs 198.18.0.10 2762 tls.key_bits)" = "1024" ]
check "2762 SHA-1" [ "$(obs 198.18.0.10 2762 tls.weak_sig)" = "sha1" ]
check "2762 not-after" [ "$(obs 198.18.0.10 2762 tls.not_after)" = "2023-03-01T00:00:00Z" ]
check "2762 got no HTTP request" [ -z "$(obs 198.18.0.10 2762 http.status)" ]
# Findings and show.
"$IOMT" show --db "$DB" 198.18.0.10 >"$T/show10" 2>&1
for f in tls-self-signed tls-cert-expired tls-weak-key tls-weak-signature; do
	check "show 198.18.0.10 has finding $f" grep -q "$f" "$T/show10"
done
check "show 198.18.0.10 prints the certificate subject" grep -q "CN=pump-7" "$T/show10"
check "show 198.18.0.10 names the service dicom-tls" grep -q "dicom-tls" "$T/show10"
"$IOMT" show --db "$DB" 198.18.0.15 >"$T/show15" 2>&1
check "show 198.18.0.15 has finding tls-legacy-protocol" grep -q "tls-legacy-protocol" "$T/show15"
"$IOMT" show --db "$DB" 198.18.0.14 >"$T/show14" 2>&1
check "show 198.18.0.14 prints the HTTPS title" grep -q "Ward 3 Infusion Gateway" "$T/show14"
check "show 198.18.0.14 has no certificate finding for 443" sh -c "! grep -E 'tls-(self-signed|cert-|weak-|legacy-)' '$T/show14' | grep -q '/443'"
check "show 198.18.0.14 has the self-signed finding for 8080" sh -c "grep 'tls-self-signed' '$T/show14' | grep -q '/8080'"
# Hostile servers: cut off, reason recorded, audit shows the bytes.
e1=$(obs 198.18.0.11 443 tls.error)
check "1 MB certificate refused ($e1)" sh -c "echo '$e1' | grep -q 'excessive message size'"
e2=$(obs 198.18.0.11 8443 tls.error)
check "endless handshake cut off by the timer ($e2)" [ "$e2" = "handshake incomplete: no answer in time" ]
for i in 1 2 3 4 5; do
	grep -q huge "$T/hostile.log" 2>/dev/null && break
	sleep 1
done
echo "hostile servers sent: $(tr '\n' ' ' <"$T/hostile.log" 2>/dev/null)"
# The engine drains and discards after its FIN; the probe stopped at the
# Certificate header and kept no more than its byte cap.
b1=$(obs 198.18.0.11 443 tls.bytes_in)
check "the probe read at most its cap from the huge server ($b1)" [ "${b1:-0}" -gt 0 ] && [ "${b1:-0}" -le 65536 ]
check "no certificate facts from the huge server" [ -z "$(obs 198.18.0.11 443 tls.subject)" ]
for p in 443 8443; do
	n=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE ip = '198.18.0.11' AND port = $p AND kind = 'tcp-payload';")
	b=$(sqlite3 "$DB" "SELECT coalesce(sum(bytes), 0) FROM audit WHERE ip = '198.18.0.11' AND port = $p AND kind = 'tcp-payload';")
	check "audit: $n message(s), $b bytes to 198.18.0.11:$p (1..5, > 0)" [ "$n" -ge 1 ] && [ "$n" -le 5 ] && [ "$b" -gt 0 ]
done
"$IOMT" audit --db "$DB" 198.18.0.11 >"$T/audit11" 2>&1
check "iomtscan audit lists the ClientHello to 198.18.0.11" grep -q "tls-handshake" "$T/audit11"
# The pump's profile forbids TLS: connect only, no handshake.
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE ip = '198.18.0.20' AND port = 443 AND kind = 'tcp-payload';")
check "no TLS handshake to the Alaris pump ($n)" [ "$n" = 0 ]
# The plain build confines itself with seccomp before the first byte is
# parsed: OpenSSL must do its work inside that filter (not killed: SIGSYS).
P=${IOMT_PLAIN_BUILDDIR:-}
if [ -n "$P" ] && [ -x "$P/iomtscan" ]; then
	in_scan "$P/iomtscan" scan --db "$T/confined.db" -q --ports 443,2762 \
	    198.18.0.10 198.18.0.14
	rc=$?
	check "confined scan with TLS exits 0 (got $rc)" [ "$rc" = 0 ]
	t=$(sqlite3 "$T/confined.db" "SELECT o.value FROM observations o JOIN hosts h ON h.id = o.host_id WHERE h.ip = '198.18.0.14' AND o.key = 'http.title' LIMIT 1;")
	check "confined scan read the HTTPS title ($t)" [ "$t" = "Ward 3 Infusion Gateway" ]
	t=$(sqlite3 "$T/confined.db" "SELECT o.value FROM observations o JOIN hosts h ON h.id = o.host_id WHERE h.ip = '198.18.0.10' AND o.key = 'tls.expired' LIMIT 1;")
	check "confined scan read the DICOM TLS certificate" [ "$t" = yes ]
else
	echo "note: no plain build (IOMT_PLAIN_BUILDDIR): confined TLS scan not run"
fi
check "no fragile-device simulator crashed" crashed_none
finish
