#!/bin/sh
# t-checklist-cli.sh - `iomtscan checklist` on a real inventory built by a
# loopback scan (127.0.0.61: a web login over plain HTTP on 8080, or the
# next free port the HTTP probe asks, and a VNC server on a free port):
# bad options exit 2 with a message; text in
# English and Japanese, the language taken from the locale when --lang is
# not given; JSON that python3 parses, with every item, valid against
# docs/json-schema/checklist.schema.json, which refuses unknown keys; a
# self-contained HTML page; the ledger and remote items following
# `annotate` and a recorded `reconcile`, whose ledger file name is
# HTML-escaped in the page.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3"; exit 77; }
SCHEMA="$IOMT_SRCDIR/docs/json-schema/checklist.schema.json"
CHECK="$IOMT_SRCDIR/tests/fixtures/export/check_export.py"

# Options first: nothing needs an inventory to be refused.
expect_rc 0 "$IOMT" checklist --help && grep -q 'usage: iomtscan checklist' "$T/out" ||
    { echo "FAIL: --help"; fails=$((fails + 1)); }
expect_rc 2 "$IOMT" checklist --lang fr
expect_err "unknown language 'fr'"
expect_rc 2 "$IOMT" checklist --format pdf
expect_err "unknown format 'pdf'"
expect_rc 2 "$IOMT" checklist --bogus
expect_err "unknown option"
expect_rc 2 "$IOMT" checklist --db
expect_rc 2 "$IOMT" checklist --db "$T/inv.db" extra
expect_err "unexpected argument 'extra'"
expect_rc 2 "$IOMT" checklist --db "$T/none.db"
expect_err "no inventory database at $T/none.db"
expect_rc 2 "$IOMT" checklist --db ""
[ -e "$T/none.db" ] && { echo "FAIL: a missing inventory was created"; fails=$((fails + 1)); }

python3 -c '
import socket, sys, select
# The first free port the HTTP probe asks (another test may hold one).
for port in (8080, 8000, 8008, 8081, 8888, 8042):
    w = socket.socket(); w.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        w.bind(("127.0.0.61", port)); break
    except OSError:
        w.close(); w = None
if w is None:
    sys.exit(1)
w.listen(8)
v = socket.socket(); v.bind(("127.0.0.61", 0)); v.listen(8)
print(port, v.getsockname()[1], flush=True)
sys.stdout.close()
while True:
    for s in select.select([w, v], [], [])[0]:
        c, _ = s.accept()
        if s is v:
            c.send(b"RFB 003.008\n")
        else:
            c.settimeout(2)
            try:
                c.recv(4096)
            except OSError:
                pass
            c.send(b"HTTP/1.0 200 OK\r\nServer: pumpweb\r\nContent-Type: text/html\r\n\r\n"
                   b"<html><title>Pump</title><form><input type=\"password\" name=\"pw\"></form></html>")
        c.close()
' >"$T/port" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/port" ] && break; sleep 0.2; done
read WEB VNC <"$T/port"
[ -n "$VNC" ] || { echo "skip: cannot listen on 127.0.0.61"; exit 77; }
DB="$T/inv.db"
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "$WEB,$VNC" 127.0.0.61

# status ID: the status of item ID in the JSON checklist.
status() {
	"$IOMT" checklist --db "$DB" --format json |
	    python3 -c 'import json, sys; print({i["id"]: i["status"] for i in json.load(sys.stdin)["items"]}[sys.argv[1]])' "$1"
}
want_status() {	# id status
	got=$(status "$1")
	[ "$got" = "$2" ] || { echo "FAIL: $1 is '$got', expected '$2'"; fails=$((fails + 1)); }
}

expect_rc 0 "$IOMT" checklist --db "$DB" --lang en
cp "$T/out" "$T/en.txt"
for s in '^\[NOT MET\] ⑫ ' '^\[NOT MET\] 2-② ' '^\[NOT MET\] 2-③ ' \
    '^\[MET\] 2-① ' "127\\.0\\.0\\.61 .*web login over HTTP tcp/$WEB" \
    "VNC tcp/$VNC; not in the ledger" 'What to do: ' 'Evidence: '; do
	grep -qE -- "$s" "$T/en.txt" || { echo "FAIL: English text lacks /$s/"; fails=$((fails + 1)); }
done
LANG=ja_JP.UTF-8 LC_ALL= LC_MESSAGES= "$IOMT" checklist --db "$DB" >"$T/ja.txt" 2>"$T/err" ||
    { echo "FAIL: checklist in the ja locale exited $?"; fails=$((fails + 1)); }
for s in '^\[未達成\] ⑫ ' '^\[達成\] 2-① ' '  対応：' '  根拠：' '台帳に記録なし' \
    'スキャンでは判断できない'; do
	grep -qE -- "$s" "$T/ja.txt" || { echo "FAIL: Japanese text lacks /$s/"; fails=$((fails + 1)); }
done
LC_ALL=C LANG=ja_JP.UTF-8 "$IOMT" checklist --db "$DB" >"$T/c.txt"
grep -q '^\[NOT MET\] ⑫' "$T/c.txt" || { echo "FAIL: LC_ALL=C did not give English"; fails=$((fails + 1)); }
"$IOMT" checklist --db "$DB" --lang ja | cmp -s - "$T/ja.txt" ||
    { echo "FAIL: --lang ja differs from the ja locale"; fails=$((fails + 1)); }

expect_rc 0 "$IOMT" checklist --db "$DB" --format json --lang ja
cp "$T/out" "$T/ck.json"
python3 - "$T/ck.json" "$VNC" <<'PYEOF' || fails=$((fails + 1))
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
ids = [i["id"] for i in d["items"]]
want = ["inventory", "ledger", "diagram", "remote-maintenance", "legacy-os",
        "cleartext-management", "default-credentials", "device-knowledge"]
def need(c, msg):
    if not c:
        print("FAIL: json:", msg); sys.exit(1)
need(ids == want, "items %r" % ids)
need(d["schema"] == "iomtscan-checklist/1" and d["lang"] == "ja", "schema, lang")
need(d["inventory"]["hosts"] == 1 and d["inventory"]["complete_scans"] == 1, "inventory counts")
it = {i["id"]: i for i in d["items"]}
for i in d["items"]:
    need(i["item"]["ja"] and i["item"]["en"] and i["todo"]["ja"] and i["evidence"]["en"], "texts of " + i["id"])
c = it["cleartext-management"]
need(c["status"] == "not_met" and c["counts"]["http_login"] == 1, "cleartext %r" % c)
need(c["hosts"][0]["ip"] == "127.0.0.61", "cleartext host")
r = it["remote-maintenance"]
need(r["status"] == "not_met" and r["counts"]["remote_hosts"] == 1, "remote %r" % r["counts"])
need(("VNC tcp/%s" % sys.argv[2]) in r["hosts"][0]["why"]["en"], "remote why")
k = it["device-knowledge"]
need(k["status"] == "not_met" and k["counts"]["gaps"] == 1, "a device with nothing on file is a gap")
need(it["inventory"]["mhlw"] == "2-①" and it["diagram"]["mhlw"] is None, "item numbers")
PYEOF
python3 - "$T/ck.json" "$SCHEMA" <<'PYEOF' || fails=$((fails + 1))
import json, sys
import jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])),
                    cls=jsonschema.Draft202012Validator)
PYEOF
python3 "$CHECK" closed "$T/ck.json" "$SCHEMA" "" scanner inventory summary \
    items.0 items.0.item items.0.ref items.0.evidence items.0.todo \
    items.1.hosts.0 items.1.hosts.0.why || fails=$((fails + 1))

expect_rc 0 "$IOMT" checklist --db "$DB" --format html --lang en
cp "$T/out" "$T/ck.html"
python3 - "$T/ck.html" <<'PYEOF' || fails=$((fails + 1))
import sys
from html.parser import HTMLParser
src = open(sys.argv[1], encoding="utf-8").read()
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.tags = set(); self.bad = []
    def handle_starttag(self, t, a):
        self.tags.add(t)
        for k, v in a:
            if k in ("src", "href") or k.startswith("on"):
                self.bad.append((t, k, v))
        if t not in ("meta", "br"):
            self.stack.append(t)
    def handle_endtag(self, t):
        if not self.stack or self.stack[-1] != t:
            self.bad.append(("unbalanced", t, self.stack[-3:]))
        else:
            self.stack.pop()
p = P(); p.feed(src)
ok = src.startswith("<!DOCTYPE html>") and "script" not in p.tags and not p.bad and not p.stack
ok = ok and src.count('class="ck-item') == 8 and "<section class=\"iomt-checklist\" lang=\"en\">" in src
if not ok:
    print("FAIL: html", p.bad, p.stack, sorted(p.tags)); sys.exit(1)
PYEOF

# The ledger knows the device: the ledger and remote items are met.
expect_rc 0 "$IOMT" annotate --db "$DB" 127.0.0.61 --ledger-id ME-61
want_status ledger met
want_status remote-maintenance met
# A comparison with a ledger whose file name is markup is recorded and
# named, escaped, in the page.
mkdir -p "$T/l"
LEDGER="$T/l/<b>台帳&.csv"
printf '管理番号,機器名称,IPアドレス\r\nME-61,輸液ポンプ,127.0.0.61\r\nME-62,予備,127.0.0.62\r\n' >"$LEDGER"
expect_rc 0 "$IOMT" reconcile --db "$DB" --ledger "$LEDGER"
"$IOMT" checklist --db "$DB" --lang en >"$T/en2.txt"
grep -q "Last compared with the ledger on .*<b>台帳&.csv): 2 rows, 1 matched" "$T/en2.txt" ||
    { echo "FAIL: the recorded reconcile is not in the evidence"; grep -A3 'ledger of servers' "$T/en2.txt"; fails=$((fails + 1)); }
"$IOMT" checklist --db "$DB" --format html >"$T/ck2.html"
grep -q '&lt;b&gt;台帳&amp;.csv' "$T/ck2.html" && ! grep -q '<b>台帳' "$T/ck2.html" ||
    { echo "FAIL: the ledger name is not escaped in HTML"; fails=$((fails + 1)); }
# The second row's address was never scanned (not checked): still met.
want_status ledger met
# Compared with the ledger, but its IDs not brought in: partly.
expect_rc 0 "$IOMT" annotate --db "$DB" 127.0.0.61 --clear ledger-id
want_status ledger partly
want_status remote-maintenance not_met
expect_rc 0 "$IOMT" reconcile --db "$DB" --ledger "$LEDGER" --apply
want_status ledger met
finish
