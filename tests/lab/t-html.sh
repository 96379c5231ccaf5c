#!/bin/sh
# export --format html on a real scan of the demo network, opened in a
# real browser: Debian's chromium, headless, in a network namespace of
# its own with nothing but loopback (unshare -n), so the page it opens
# from file:// cannot reach anything.  For the Japanese and the English
# page: a 1280x2000 screenshot that is not blank (decoded, many colours,
# a good share of non-white pixels); no console message from the page (an
# error, an uncaught exception or a refused load would each print one); the
# DOM after the page's script ran: the script marked itself ready,
# sorted the table by address descending and filtered it as the URL
# fragment asked.  The page's counts are checked against the JSON export
# (devices, medical, fragile, not in the ledger, remote access, findings
# by severity) and its "what was sent" table against the audit table.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
CHROMIUM=$(sh "$IOMT_SRCDIR/tests/tools/browser-deps.sh") || exit 77
command -v unshare >/dev/null 2>&1 || { echo "skip: no unshare"; exit 77; }
lab_up
iomt_scan 198.18.0.0/24
"$IOMT" annotate --db "$DB" 198.18.0.20 --ledger-id "ME-0020" --owner "看護部" \
    --location "3階 東病棟" >/dev/null
check "annotate exits 0" [ $? = 0 ]
"$IOMT" export --db "$DB" --format html --lang ja >"$T/ja.html"
check "html ja exits 0" [ $? = 0 ]
"$IOMT" export --db "$DB" --format html --lang en >"$T/en.html"
check "html en exits 0" [ $? = 0 ]
"$IOMT" export --db "$DB" --format json >"$T/inv.json"
"$IOMT" remote --db "$DB" --format json >"$T/remote.json"

# browse FILE FRAGMENT OUTPREFIX: screenshot and DOM, no network at all
browse() {
	for what in screenshot dom; do
		if [ "$what" = screenshot ]; then
			out="--screenshot=$3.png --window-size=1280,2000"
		else
			out="--dump-dom"
		fi
		# shellcheck disable=SC2086
		unshare -n sh -c 'ip link set lo up 2>/dev/null; exec "$@"' sh \
		    "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		    --no-first-run --no-default-browser-check \
		    --disable-background-networking --disable-component-update \
		    --disable-sync --disable-extensions --disable-default-apps \
		    --user-data-dir="$T/chrome-$what" \
		    --enable-logging=stderr --v=0 $out "file://$1$2" \
		    >"$3.$what.out" 2>"$3.$what.err"
		echo $? >"$3.$what.rc"
	done
}
browse "$T/ja.html" "" "$T/ja"
browse "$T/en.html" "#sort=ip:desc&filter=198.18.0.2" "$T/en"
check "chromium ran" [ "$(cat "$T/ja.screenshot.rc" "$T/ja.dom.rc" "$T/en.screenshot.rc" "$T/en.dom.rc" | tr -d '\n')" = 0000 ]
for p in ja en; do
	# the page's own messages (chromium's internal chrome:// pages log
	# some of their own, e.g. "Slow network is detected" under load)
	if grep -h "CONSOLE.*source: file://" "$T/$p.screenshot.err" \
	    "$T/$p.dom.err" >"$T/$p.console"; then
		sed 's/^/    /' "$T/$p.console" | head -10
	fi
	check "$p page: no console message" [ ! -s "$T/$p.console" ]
done

check "screenshots are not blank" $PY - "$T/ja.png" "$T/en.png" <<'PYEOF'
import struct, sys, zlib
def pixels(path):
    d = open(path, "rb").read()
    assert d[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, hdr = 8, b"", None
    while pos < len(d):
        n, t = struct.unpack(">I4s", d[pos:pos + 8])
        body = d[pos + 8:pos + 8 + n]
        if t == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif t == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype = hdr[:4]
    assert depth == 8 and ctype in (2, 6), "colour type %d" % ctype
    bpp = 3 if ctype == 2 else 4
    raw, stride, prev, rows, i = zlib.decompress(idat), w * bpp, bytearray(w * bpp), [], 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); prev = line
    return w, h, bpp, rows
for path in sys.argv[1:]:
    w, h, bpp, rows = pixels(path)
    colours, ink = set(), 0
    for r in rows[::4]:
        for x in range(0, len(r), bpp * 4):
            px = r[x:x + 3]
            colours.add(px)
            ink += px != b"\xff\xff\xff"
    total = len(rows[::4]) * ((w + 3) // 4)
    print(path, "%dx%d" % (w, h), len(colours), "colours", "%.1f%% ink" % (100.0 * ink / total))
    if (w, h) != (1280, 2000) or len(colours) < 50 or ink < total * 0.05:
        print("wrong: blank or trivial screenshot", path); sys.exit(1)
PYEOF

check "the script ran: sorted and filtered as the URL asked" $PY - "$T/ja.dom.out" "$T/en.dom.out" "$T/inv.json" <<'PYEOF'
import json, re, sys
def need(c, msg):
    if not c:
        print("wrong:", msg); sys.exit(1)
inv = json.load(open(sys.argv[3]))
def rows(dom):
    tb = dom[dom.index("<tbody>"):dom.index("</tbody>")]
    return [(re.search(r"<td[^>]*>([^<]*)", r).group(1), "hidden" in a)
            for a, r in re.findall(r"<tr([^>]*)>(.*?)</tr>", tb, re.S)]
ja, en = open(sys.argv[1]).read(), open(sys.argv[2]).read()
need('data-iomt-ready="1"' in ja and 'data-iomt-ready="1"' in en, "script marked the pages ready")
need('id="devices-tools"' in en and 'id="devices-tools" hidden' not in en, "filter box shown")
r = rows(ja)
need(sorted(ip for ip, _ in r) == sorted(h["ip"] for h in inv["hosts"]) and not any(hd for _, hd in r), "ja: every host, none hidden")
need('data-iomt-sorted="ip:desc"' in en, "en: sorted by the fragment")
r = rows(en)
key = lambda ip: tuple(int(x) for x in ip.split("."))
need([ip for ip, _ in r] == sorted((h["ip"] for h in inv["hosts"]), key=key, reverse=True), "en: rows by address, descending")
shown = sorted(ip for ip, hd in r if not hd)
need(shown and shown == sorted(h["ip"] for h in inv["hosts"] if "198.18.0.2" in h["ip"]), "en: filter 198.18.0.2 shows %s" % shown)
need(re.search(r'id="devices-count">%d<' % len(shown), en), "en: shown count")
PYEOF

check "the page's counts are the inventory's" $PY - "$T/ja.html" "$T/en.html" "$T/inv.json" "$T/remote.json" "$DB" <<'PYEOF'
import json, re, sqlite3, sys
def need(c, msg):
    if not c:
        print("wrong:", msg); sys.exit(1)
inv, rem = json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
medical = {"patient-monitor", "infusion-pump", "imaging-modality", "ultrasound",
           "ventilator", "anesthesia-machine", "lab-analyzer", "medical-device"}
hosts = inv["hosts"]
want = {
    "devices": len(hosts),
    "medical": sum(1 for h in hosts if (h["identity"] or {}).get("device_class") in medical),
    "fragile": sum(1 for h in hosts if h["fragile"]),
    "unmanaged": sum(1 for h in hosts if not (h["annotations"] or {}).get("ledger_id")),
    "remote": sum(1 for h in rem["hosts"] if any(s["state"] == "open" for s in h["services"])),
}
for sev in ("high", "medium", "low", "info"):
    want["findings-" + sev] = sum(1 for h in hosts for f in h["findings"] if f["severity"] == sev)
need(want["medical"] > 0 and want["fragile"] > 0 and want["unmanaged"] == want["devices"] - 1, "lab inventory as expected: %s" % want)
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[5], uri=True)
sent = dict(db.execute("SELECT kind, count(*) FROM audit GROUP BY kind"))
for page in sys.argv[1:3]:
    s = open(page).read()
    got = {k: int(v) for k, v in re.findall(r'data-count="([a-z-]+)"><div class="n">(\d+)<', s)}
    need(got == want, "%s: counts %s, inventory %s" % (page, got, want))
    kinds = {k: int(n) for k, n in re.findall(r'<tr data-kind="([a-z-]+)"><td>[^<]*</td><td>(\d+)</td>', s)}
    need(kinds == sent, "%s: sent %s, audit %s" % (page, kinds, sent))
    need('data-breaker-total="0"' in s, "%s: no device stopped answering" % page)
    for h in hosts:
        need(">%s<" % h["ip"] in s, "%s: host %s" % (page, h["ip"]))
ja = open(sys.argv[1]).read()
need("看護部 / 3階 東病棟" in ja and "輸液ポンプ" in ja, "ja: annotations and Japanese class names")
PYEOF
check "no simulator crashed" crashed_none
finish
