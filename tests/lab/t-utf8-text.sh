#!/bin/sh
# UTF-8 end to end with real HTTP servers in the lab: one serves the title
# 輸液ポンプ管理, one a title carrying a terminal escape sequence and a
# control character next to Japanese text.  The Japanese title must be
# stored as UTF-8 bytes in SQLite, kept as raw UTF-8 in the JSON export
# (no \u escapes, no "\xe8" text), appear once and undoubled in the CSV
# (with --bom: EF BB BF first) and as itself in `show`; the hostile title
# must reach the terminal neutralised (no ESC byte).  The same texts as
# a TCP banner (what exports carry) must be raw UTF-8 in JSON and CSV,
# with the hostile one's ESC escaped in JSON.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
cat >"$T/srv.py" <<'PY'
import http.server, sys
title = sys.argv[2].encode("utf-8").decode("unicode_escape").encode("latin-1")
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<html><head><meta charset='utf-8'><title>" + title + b"</title></head><body>ok</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
if sys.argv[3:] == ["banner"]:
    import socketserver
    class B(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.sendall(b"220 " + title + b" FTP ready\r\n")
    socketserver.TCPServer.allow_reuse_address = True
    socketserver.TCPServer(("0.0.0.0", int(sys.argv[1])), B).serve_forever()
http.server.HTTPServer(("0.0.0.0", int(sys.argv[1])), H).serve_forever()
PY
# 輸液ポンプ管理 as UTF-8 bytes, and the same with ESC]0;x BEL and ESC[31m
ja='\xe8\xbc\xb8\xe6\xb6\xb2\xe3\x83\x9d\xe3\x83\xb3\xe3\x83\x97\xe7\xae\xa1\xe7\x90\x86'
ip netns exec "$NAME-mosquitto" $PY "$T/srv.py" 8080 "$ja" >/dev/null 2>&1 &
p1=$!
ip netns exec "$NAME-hl7" $PY "$T/srv.py" 8080 "\x1b]0;pwned\x07\x1b[31m$ja\x01" >/dev/null 2>&1 &
p2=$!
# the same texts as the first line of a TCP banner (services.banner)
ip netns exec "$NAME-mosquitto" $PY "$T/srv.py" 21 "$ja" banner >/dev/null 2>&1 &
p3=$!
ip netns exec "$NAME-hl7" $PY "$T/srv.py" 21 "\x1b]0;pwned\x07\x1b[31m$ja\x01" banner >/dev/null 2>&1 &
p4=$!
trap 'kill $p1 $p2 $p3 $p4 2>/dev/null; lab_down' EXIT
sleep 1
iomt_scan --ports 21,8080 198.18.0.14 198.18.0.15
hex=$(sqlite3 "$DB" "SELECT hex(value) FROM observations o JOIN hosts h ON h.id = o.host_id WHERE h.ip = '198.18.0.14' AND o.key = 'http.title' LIMIT 1;")
check "SQLite holds the UTF-8 bytes ($hex)" [ "$hex" = "E8BCB8E6B6B2E3839DE383B3E38397E7AEA1E79086" ]
"$IOMT" export --db "$DB" --format json >"$T/inv.json"
check "JSON keeps raw UTF-8" grep -q "輸液ポンプ管理" "$T/inv.json"
check "JSON has no escaped copy" sh -c "! grep -q 'xe8\\|\\\\u8f38' '$T/inv.json'"
check "JSON carries the hostile banner with its ESC escaped" sh -c "grep -q 'pwned' '$T/inv.json' && ! grep -q \"\$(printf '\\033')\" '$T/inv.json'"
"$IOMT" export --db "$DB" --format csv --bom >"$T/inv.csv"
check "CSV starts with the BOM" [ "$(head -c 3 "$T/inv.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
check "CSV holds the title undoubled" sh -c "grep -q '輸液ポンプ管理' '$T/inv.csv' && ! grep -q 'xe8' '$T/inv.csv'"
"$IOMT" show --db "$DB" 198.18.0.14 >"$T/show14"
check "show prints the Japanese title" grep -q "輸液ポンプ管理" "$T/show14"
"$IOMT" show --db "$DB" 198.18.0.15 >"$T/show15"
check "show keeps the Japanese next to the escapes" grep -q "輸液ポンプ管理" "$T/show15"
check "show sends no ESC or BEL to the terminal" sh -c "! grep -q \"\$(printf '\\033')\" '$T/show15' && ! grep -q \"\$(printf '\\007')\" '$T/show15'"
finish
