#!/bin/sh
# t-html.sh - `iomtscan export --format html` on a real inventory built by
# a loopback scan of hostile services (127.0.0.63: a web page whose title
# and Server header carry markup, a TCP banner with "</svg><script>",
# U+2028 and a byte that is not UTF-8, a VNC server; annotations with
# markup and U+2028 as a ledger could bring them): the page parses as
# HTML with exactly one script, ours, whose SHA-256 is the one the
# Content-Security-Policy allows; no element or attribute loads or runs
# anything (no src, no on* handler, every href an in-page anchor); the
# device strings are there as text; one row per host of the JSON export;
# the language comes from --lang, else the locale, and --lang also sets
# the xlsx headers; bad options exit 2; a filter that matches nothing
# gives a valid page with no rows.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3"; exit 77; }

expect_rc 2 "$IOMT" export --format html --lang fr
expect_err "--lang 'fr': use ja or en"
expect_rc 2 "$IOMT" export --format json --lang ja
expect_err "--lang is for --format xlsx and html"
expect_rc 2 "$IOMT" hosts --lang ja
expect_err "unknown option '--lang'"
expect_rc 2 "$IOMT" export --format html --lang
expect_err "needs an argument"

python3 -c '
import socket, sys, select
web = socket.socket(); web.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
web.bind(("127.0.0.63", 8080)); web.listen(8)
ban = socket.socket(); ban.bind(("127.0.0.63", 0)); ban.listen(8)
vnc = socket.socket(); vnc.bind(("127.0.0.63", 0)); vnc.listen(8)
print(ban.getsockname()[1], vnc.getsockname()[1], flush=True)
sys.stdout.close()
while True:
    for s in select.select([web, ban, vnc], [], [])[0]:
        c, _ = s.accept()
        if s is vnc:
            c.send(b"RFB 003.008\n")
        elif s is ban:
            c.send("</svg><script>alert(3)</script>\u2028x\"y\x27z".encode() + b"\xff\r\n")
        else:
            c.settimeout(2)
            try:
                c.recv(4096)
            except OSError:
                pass
            c.send(b"HTTP/1.0 200 OK\r\nServer: \"><svg onload=alert(2)>\r\n"
                   b"Content-Type: text/html\r\n\r\n"
                   b"<html><title>&lt;script&gt;alert(1)&lt;/script&gt; Pump</title></html>")
        c.close()
' >"$T/port" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/port" ] && break; sleep 0.2; done
read -r BAN VNC <"$T/port" || true
[ -n "${VNC:-}" ] || { echo "skip: cannot listen on 127.0.0.63:8080"; exit 77; }
DB="$T/inv.db"
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "8080,$BAN,$VNC" 127.0.0.63
# what people (or a ledger) typed reaches the page too
expect_rc 0 "$IOMT" annotate --db "$DB" 127.0.0.63 \
    --name "$(printf '</svg><script>alert(3)</script>\342\200\250x')" \
    --owner '"><svg onload=alert(2)>' --location '<script>alert(1)</script>'

expect_rc 0 "$IOMT" export --db "$DB" --format html --lang en
cp "$T/out" "$T/en.html"
expect_rc 0 "$IOMT" export --db "$DB" --format json
cp "$T/out" "$T/inv.json"
LANG=ja_JP.UTF-8 LC_ALL= LC_MESSAGES= "$IOMT" export --db "$DB" --format html >"$T/ja.html" ||
    { echo "FAIL: html in the ja locale"; fails=$((fails + 1)); }
LC_ALL=C LANG=ja_JP.UTF-8 "$IOMT" export --db "$DB" --format html >"$T/c.html"
LANG=ja_JP.UTF-8 "$IOMT" export --db "$DB" --format html --lang en >"$T/en2.html"
expect_rc 0 "$IOMT" export --db "$DB" --format html --subnet 10.0.0.0/8
cp "$T/out" "$T/none.html"

python3 - "$T" <<'PYEOF' || fails=$((fails + 1))
import base64, hashlib, json, re, sys
from html.parser import HTMLParser
T = sys.argv[1]
bad = []
def need(c, msg):
    if not c:
        bad.append(msg)

class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self.text, self.rows = [], [], [], 0
        self.in_script = False
        self.in_tbody = False
    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "script":
            self.in_script = True
            self.scripts.append("")
        if tag == "tbody" and not self.rows and self.in_tbody is False:
            self.in_tbody = True
        if tag == "tr" and self.in_tbody:
            self.rows += 1
    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
        if tag == "tbody":
            self.in_tbody = None
    def handle_data(self, d):
        if self.in_script:
            self.scripts[-1] += d
        else:
            self.text.append(d)

def parse(name):
    raw = open("%s/%s" % (T, name), "rb").read()
    try:
        s = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        bad.append("%s: not UTF-8: %s" % (name, e)); s = raw.decode("utf-8", "replace")
    p = Page(); p.feed(s); p.close()
    return s, p

inv = json.load(open(T + "/inv.json"))
for name, lang in (("en.html", "en"), ("ja.html", "ja"), ("c.html", "en"), ("en2.html", "en")):
    s, p = parse(name)
    need(s.startswith("<!DOCTYPE html>\n<html lang=\"%s\">" % lang), "%s: language %s" % (name, lang))
    need(len(p.scripts) == 1, "%s: %d scripts" % (name, len(p.scripts)))
    csp = [dict(a).get("content", "") for t, a in p.tags if t == "meta" and dict(a).get("http-equiv") == "Content-Security-Policy"]
    need(len(csp) == 1 and csp[0].startswith("default-src 'none';"), "%s: CSP %r" % (name, csp))
    if p.scripts and csp:
        h = base64.b64encode(hashlib.sha256(p.scripts[0].encode()).digest()).decode()
        need(("'sha256-%s'" % h) in csp[0], "%s: the script's hash is %s: put it in REPORT_HTML_SCRIPT_HASH (src/report/report-int.h)" % (name, h))
    need(sum(1 for t, a in p.tags if t == "svg") == 1, "%s: one inline svg" % name)
    for t, a in p.tags:
        need(t not in ("img", "iframe", "object", "embed", "link", "base", "form", "frame"), "%s: element <%s>" % (name, t))
        for k, v in a:
            need(not k.startswith("on"), "%s: handler %s on <%s>" % (name, k, t))
            need(k not in ("src", "srcdoc", "action", "formaction", "xlink:href"), "%s: %s= on <%s>" % (name, k, t))
            if k == "href":
                need((v or "").startswith("#"), "%s: href %r" % (name, v))
            if t == "meta" and k == "http-equiv":
                need(v in ("Content-Security-Policy",), "%s: meta %s" % (name, v))
    need(p.rows == len(inv["hosts"]), "%s: %d rows, %d hosts" % (name, p.rows, len(inv["hosts"])))
    text = "".join(p.text)
    for h in ("</svg><script>alert(3)</script>\u2028x", '"><svg onload=alert(2)>', "<script>alert(1)</script>"):
        need(h in text, "%s: %r shown as text" % (name, h))
    need("\u2028" in text, "%s: U+2028 kept as a character reference" % name)
    need("\u2028" not in s, "%s: U+2028 raw in the source" % name)
    need("alert" not in p.scripts[0] if p.scripts else True, "%s: device text in the script" % name)
s, p = parse("ja.html")
need("機器一覧" in s and "遠隔操作" in s, "ja.html: Japanese text")
s, p = parse("none.html")
need(p.rows == 0 and "data-count=\"devices\"><div class=\"n\">0<" in s, "none.html: no rows, 0 devices")
need("Only devices matching" in s or "出力条件に合う機器だけ" in s, "none.html: says it is filtered")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PYEOF

# --lang sets the workbook's headers too, whatever the locale says
LANG=ja_JP.UTF-8 "$IOMT" export --db "$DB" --format xlsx --lang en >"$T/en.xlsx"
LANG=C "$IOMT" export --db "$DB" --format xlsx --lang ja >"$T/ja.xlsx"
python3 - "$T" <<'PYEOF' || fails=$((fails + 1))
import sys, zipfile
T = sys.argv[1]
en = zipfile.ZipFile(T + "/en.xlsx").read("xl/sharedStrings.xml").decode()
ja = zipfile.ZipFile(T + "/ja.xlsx").read("xl/sharedStrings.xml").decode()
if "Asset ID" not in en or "管理番号" in en or "管理番号" not in ja:
    print("FAIL: --lang did not choose the xlsx headers"); sys.exit(1)
PYEOF
finish
