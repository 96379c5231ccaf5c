#!/bin/sh
# t-remote.sh - `iomtscan remote` on a real inventory built by loopback
# scans: a VNC server (RFB banner) on 127.0.0.41 and an SSH server (SSH-
# banner) on 127.0.0.42, both on ports that say nothing by number, so the
# banner is what makes them remote access; a plain service is not listed.
# Text, JSON (against docs/json-schema/remote.schema.json when
# python3-jsonschema is there) and CSV list the same services; the ledger
# and the remote line flip with annotate; a service stopped before the
# second scan is "closed" but still listed, one the third scan did not
# probe is "not checked"; filters apply; a formula in an annotation stays
# inert in CSV; nothing found is exit 0 with a sentence; bad options 2;
# a ledger's remote-maintenance column arrives with reconcile --apply.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3"; exit 77; }
# serve IP BANNER: listen on IP, a free port, print it; send BANNER to
# every connection ("" sends nothing).
serve() {
	exec python3 -c '
import socket, sys
s = socket.socket(); s.bind((sys.argv[1], 0)); s.listen(8)
print(s.getsockname()[1], flush=True)
sys.stdout.close()
while True:
    c, _ = s.accept()
    if sys.argv[2]:
        c.send(sys.argv[2].encode() + b"\r\n")
    c.close()
' "$1" "$2"
}
serve 127.0.0.41 "RFB 003.008" >"$T/vport" &
vnc=$!
serve 127.0.0.42 "SSH-2.0-OpenSSH_9.2p1 Debian-2" >"$T/sport" &
ssh=$!
serve 127.0.0.42 "" >"$T/pport" &
plain=$!
trap 'kill $vnc $ssh $plain 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do
	[ -s "$T/vport" ] && [ -s "$T/sport" ] && [ -s "$T/pport" ] && break
	sleep 0.2
done
VP=$(cat "$T/vport") SP=$(cat "$T/sport") PP=$(cat "$T/pport")
[ -n "$VP" ] && [ -n "$SP" ] && [ -n "$PP" ] || { echo "skip: cannot listen on 127.0.0.41/42"; exit 77; }
DB="$T/inv.db"
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "$VP,$SP,$PP" 127.0.0.41 127.0.0.42

# check_json FILE PYTHON-EXPR...: the JSON parses, validates, and each
# expression over d (the document) and s (dict "ip:port" -> service) holds.
check_json() {
	f=$1
	shift
	python3 - "$f" "$IOMT_SRCDIR/docs/json-schema/remote.schema.json" "$@" <<'PYEOF' || fails=$((fails + 1))
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
try:
    import jsonschema
    jsonschema.validate(d, json.load(open(sys.argv[2])),
                        cls=jsonschema.Draft202012Validator)
except ImportError:
    pass
h = {x["ip"]: x for x in d["hosts"]}
s = {"%s:%d" % (x["ip"], v["port"]): v for x in d["hosts"] for v in x["services"]}
for e in sys.argv[3:]:
    if not eval(e):
        print("FAIL: JSON: not", e, "\n", json.dumps(d["hosts"], indent=1)[:1500])
        sys.exit(1)
PYEOF
}

expect_rc 0 "$IOMT" remote --db "$DB"
cp "$T/out" "$T/text1"
grep -q "^127.0.0.41 " "$T/text1" && grep -q "^127.0.0.42 " "$T/text1" ||
    { echo "FAIL: text does not list both hosts"; cat "$T/text1"; fails=$((fails + 1)); }
grep -q "tcp/$VP  *VNC  *banner" "$T/text1" && grep -q "tcp/$SP  *SSH  *banner" "$T/text1" ||
    { echo "FAIL: text does not show VNC and SSH by banner"; cat "$T/text1"; fails=$((fails + 1)); }
grep -q "tcp/$PP " "$T/text1" && { echo "FAIL: the plain service is listed as remote access"; fails=$((fails + 1)); }
[ "$(grep -c 'NOT IN THE LEDGER' "$T/text1")" = 2 ] || { echo "FAIL: not 2 hosts outside the ledger"; fails=$((fails + 1)); }
grep -q "2 devices with 2 remote-access services (2 open in the latest scan)" "$T/text1" ||
    { echo "FAIL: summary line"; tail -4 "$T/text1"; fails=$((fails + 1)); }
# Sorted by address.
[ "$(grep -o '^127\.0\.0\.4[12]' "$T/text1" | tr '\n' ' ')" = "127.0.0.41 127.0.0.42 " ] ||
    { echo "FAIL: text not sorted by address"; fails=$((fails + 1)); }

expect_rc 0 "$IOMT" remote --db "$DB" --format json
cp "$T/out" "$T/j1"
check_json "$T/j1" 'd["schema"] == "iomtscan-remote/1"' 'd["latest_scan"] == 1' \
    'list(h) == ["127.0.0.41", "127.0.0.42"]' \
    "s['127.0.0.41:$VP']['kind'] == 'vnc' and s['127.0.0.41:$VP']['basis'] == 'banner'" \
    "s['127.0.0.42:$SP']['kind'] == 'ssh' and s['127.0.0.42:$SP']['banner'].startswith('SSH-2.0-')" \
    "'127.0.0.42:$PP' not in s" \
    'all(v["first_scan"] == 1 and v["open_in_latest_scan"] and v["latest_scan_state"] == "open" for v in s.values())' \
    'all(v["first_seen"] for v in s.values())' \
    'not any(x["ledger_known"] or x["remote_line_recorded"] for x in d["hosts"])'

# The ledger and the remote line, from annotate; a formula stays inert.
expect_rc 0 "$IOMT" annotate --db "$DB" 127.0.0.41 --ledger-id ME-0041
expect_rc 0 "$IOMT" annotate --db "$DB" 127.0.0.42 --remote "=HYPERLINK(\"x\") 保守: GE サービス"
expect_rc 0 "$IOMT" remote --db "$DB" --format json
check_json "$T/out" 'h["127.0.0.41"]["ledger_known"] and h["127.0.0.41"]["ledger_id"] == "ME-0041"' \
    'not h["127.0.0.42"]["ledger_known"]' \
    'h["127.0.0.42"]["remote_line_recorded"] and h["127.0.0.42"]["remote_line"].endswith("保守: GE サービス")' \
    'not h["127.0.0.41"]["remote_line_recorded"]'
expect_rc 0 "$IOMT" remote --db "$DB"
grep -q "known, ledger ID ME-0041" "$T/out" || { echo "FAIL: text does not show the ledger ID"; fails=$((fails + 1)); }
grep -q "remote line  =HYPERLINK" "$T/out" || { echo "FAIL: text does not show the remote line"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" remote --db "$DB" --format csv
python3 - "$T/out" "$VP" "$SP" <<'PYEOF' || fails=$((fails + 1))
import csv, io, sys
raw = open(sys.argv[1], "rb").read()
assert raw.endswith(b"\r\n"), "CRLF line ends"
rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
got = sorted((r["ip"], r["port"], r["kind"]) for r in rows)
want = sorted([("127.0.0.41", sys.argv[2], "vnc"), ("127.0.0.42", sys.argv[3], "ssh")])
if got != want:
    print("FAIL: CSV rows", got, "expected", want); sys.exit(1)
r = {x["ip"]: x for x in rows}
if r["127.0.0.41"]["ledger_known"] != "yes" or r["127.0.0.42"]["ledger_known"] != "no":
    print("FAIL: CSV ledger_known", r); sys.exit(1)
if not r["127.0.0.42"]["remote_line"].startswith("'=HYPERLINK"):
    print("FAIL: CSV formula not neutralised:", r["127.0.0.42"]["remote_line"]); sys.exit(1)
for x in rows:
    for k, v in x.items():
        if v[:1] in ("=", "+", "-", "@"):
            print("FAIL: CSV cell", k, "starts a formula:", v); sys.exit(1)
PYEOF

# Filters as hosts takes them.
expect_rc 0 "$IOMT" remote --db "$DB" --unmanaged --format json
check_json "$T/out" 'list(h) == ["127.0.0.42"]' 'd["filtered"]'
expect_rc 0 "$IOMT" remote --db "$DB" --subnet 127.0.0.41/32 --format json
check_json "$T/out" 'list(h) == ["127.0.0.41"]'
expect_rc 0 "$IOMT" remote --db "$DB" --finding remote-access-ssh --format json
check_json "$T/out" 'list(h) == ["127.0.0.42"]'
expect_rc 0 "$IOMT" remote --db "$DB" --class infusion-pump
grep -q "No device matching the filters is offering remote access" "$T/out" ||
    { echo "FAIL: an empty filtered list says nothing"; cat "$T/out"; fails=$((fails + 1)); }

# SSH stops: the second scan finds it closed; it stays listed.
kill $ssh
wait $ssh 2>/dev/null
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "$VP,$SP,$PP" 127.0.0.41 127.0.0.42
expect_rc 0 "$IOMT" remote --db "$DB" --format json
check_json "$T/out" 'd["latest_scan"] == 2' \
    "s['127.0.0.42:$SP']['latest_scan_state'] == 'closed' and not s['127.0.0.42:$SP']['open_in_latest_scan']" \
    "s['127.0.0.42:$SP']['first_scan'] == 1 and s['127.0.0.42:$SP']['last_open_scan'] == 1" \
    "s['127.0.0.41:$VP']['latest_scan_state'] == 'open' and s['127.0.0.41:$VP']['first_scan'] == 1"
expect_rc 0 "$IOMT" remote --db "$DB"
grep -q "closed (last open in scan 1)" "$T/out" || { echo "FAIL: text does not say closed"; cat "$T/out"; fails=$((fails + 1)); }
grep -q "(1 open in the latest scan)" "$T/out" || { echo "FAIL: open count after the stop"; fails=$((fails + 1)); }
# A third scan of 127.0.0.41 only: the SSH line is "not checked".
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "$VP" 127.0.0.41
expect_rc 0 "$IOMT" remote --db "$DB" --format json
check_json "$T/out" 'd["latest_scan"] == 3' \
    "s['127.0.0.42:$SP']['latest_scan_state'] == 'not checked'" \
    "s['127.0.0.41:$VP']['open_in_latest_scan']"

# Nothing to list is an answer.
E="$T/empty.db"
expect_rc 0 "$IOMT" scan --db "$E" -q -p "$PP" 127.0.0.42
expect_rc 0 "$IOMT" remote --db "$E"
grep -q "No device is offering remote access" "$T/out" || { echo "FAIL: empty inventory says nothing"; cat "$T/out"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" remote --db "$E" --format json
check_json "$T/out" 'd["hosts"] == []'
expect_rc 0 "$IOMT" remote --db "$E" --format csv
[ "$(wc -l <"$T/out")" = 1 ] || { echo "FAIL: empty CSV is not just the header"; fails=$((fails + 1)); }

# Bad options: exit 2 with a message naming what is wrong.
expect_rc 2 "$IOMT" remote --db "$DB" --format xml
expect_err "iomtscan remote: unknown format 'xml'"
expect_rc 2 "$IOMT" remote --db "$DB" --class pump
expect_err "iomtscan remote: --class"
expect_rc 2 "$IOMT" remote --db "$DB" --seen-since yesterday
expect_err "iomtscan remote: --seen-since"
expect_rc 2 "$IOMT" remote --db "$DB" 127.0.0.41
expect_err "unexpected argument"
expect_rc 2 "$IOMT" remote --db "$DB" --bogus
expect_err "unknown option '--bogus'"
expect_rc 2 "$IOMT" remote --db "$DB" --format
expect_err "needs an argument"
expect_rc 2 "$IOMT" remote --db "$T/missing.db"
expect_err "no inventory database at .*missing.db"
expect_rc 0 "$IOMT" remote --help
grep -q "usage: iomtscan remote" "$T/out" || { echo "FAIL: --help"; fails=$((fails + 1)); }
expect_rc 2 "$IOMT" annotate --db "$DB" 127.0.0.41 --remote ""
expect_rc 0 "$IOMT" annotate --db "$DB" 127.0.0.42 --clear remote
expect_rc 0 "$IOMT" remote --db "$DB" --format json
check_json "$T/out" 'not h["127.0.0.42"]["remote_line_recorded"]'
# The ledger's remote-maintenance column reaches the inventory through
# reconcile --apply (full-width brackets and the long-vowel mark in the
# header as Excel users type them).
printf '\357\273\277管理番号,IPアドレス,リモートメンテナンス（保守）\r\nME-0042,127.0.0.42,GE保守VPN・臨床工学部承認\r\n' >"$T/ledger.csv"
expect_rc 0 "$IOMT" reconcile --db "$DB" --ledger "$T/ledger.csv" --apply
expect_rc 0 "$IOMT" remote --db "$DB" --format json
check_json "$T/out" 'h["127.0.0.42"]["ledger_id"] == "ME-0042" and h["127.0.0.42"]["ledger_known"]' \
    'h["127.0.0.42"]["remote_line"] == "GE保守VPN・臨床工学部承認"'
expect_rc 0 "$IOMT" reconcile --db "$DB" --ledger "$T/ledger.csv" --map C=remote --format json
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if d["matched"] and d["matched"][0]["ledger"].get("remote") == "GE保守VPN・臨床工学部承認" else 1)' "$T/out" ||
    { echo "FAIL: reconcile JSON lacks the ledger's remote field"; head -c 600 "$T/out"; fails=$((fails + 1)); }
finish
