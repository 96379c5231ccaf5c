#!/bin/sh
# t-annotate.sh - `iomtscan annotate` on a real inventory built by a
# loopback scan: fields set (Japanese kept), shown in hosts, show, the
# JSON and CSV exports, kept across a rescan, with history; --clear;
# control characters, unknown hosts and MACs, bad --clear fields refused
# with exit 2 and nothing changed.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3"; exit 77; }
python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True)
sys.stdout.close()
while True:
    c, _ = s.accept(); c.close()
' >"$T/port" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/port" ] && break; sleep 0.2; done
PORT=$(cat "$T/port")
DB="$T/inv.db"
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "$PORT" 127.0.0.1
"$IOMT" annotate --db "$DB" 127.0.0.1 >"$T/before"
expect_rc 2 "$IOMT" annotate --db "$DB" 127.0.0.1 --note "$(printf 'line\nbreak')"
expect_err 'control character'
expect_rc 2 "$IOMT" annotate --db "$DB" 127.0.0.1 --owner "$(printf 'a\033[2Jb')"
expect_rc 2 "$IOMT" annotate --db "$DB" 127.0.0.1 --name "$(printf '\377\376')"
expect_err 'not UTF-8'
expect_rc 2 "$IOMT" annotate --db "$DB" 127.0.0.9 --owner x
expect_err 'not in the inventory'
expect_rc 2 "$IOMT" annotate --db "$DB" 00:09:fb:01:02:03 --owner x
expect_err 'no host in the inventory has the MAC 00:09:fb:01:02:03'
expect_rc 2 "$IOMT" annotate --db "$DB" not-a-host --owner x
expect_rc 2 "$IOMT" annotate --db "$DB" 127.0.0.1 --clear colour
expect_err "no field 'colour'"
expect_rc 2 "$IOMT" annotate --db "$DB" 127.0.0.1 --owner x --clear owner
expect_rc 2 "$IOMT" annotate --db "$T/none.db" 127.0.0.1 --owner x
[ -e "$T/none.db" ] && { echo "FAIL: annotate created a database"; fails=$((fails + 1)); }
"$IOMT" annotate --db "$DB" 127.0.0.1 >"$T/after"
cmp -s "$T/before" "$T/after" || { echo "FAIL: a refused annotate changed the annotations"; fails=$((fails + 1)); }
grep -q 'none (add some' "$T/after" || { echo "FAIL: no annotations expected yet"; fails=$((fails + 1)); }

expect_rc 0 "$IOMT" annotate --db "$DB" 127.0.0.1 --owner 放射線科 \
    --location "3階東 ICU" --ledger-id ME-0042 --name 超音波診断装置 --note 保守契約あり
grep -q 'owner = 放射線科' "$T/out" || { echo "FAIL: annotate did not say what it set"; cat "$T/out"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" annotate --db "$DB" 127.0.0.1 --note 保守契約あり
grep -q 'note unchanged' "$T/out" || { echo "FAIL: same value not reported unchanged"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" annotate --db "$DB" 127.0.0.1 --clear note
# A rescan keeps them.
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "$PORT" 127.0.0.1
expect_rc 0 "$IOMT" hosts --db "$DB"
grep -q '超音波診断装置 @ 3階東 ICU' "$T/out" || { echo "FAIL: hosts lacks name @ location"; cat "$T/out"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" show --db "$DB" 127.0.0.1
for want in 'Annotations' 'Owner        放射線科' 'Ledger ID    ME-0042'; do
	grep -q "$want" "$T/out" || { echo "FAIL: show lacks '$want'"; fails=$((fails + 1)); }
done
grep -q 'Note ' "$T/out" && { echo "FAIL: show lists a cleared note"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" export --db "$DB"
python3 - "$T/out" <<'PY' || fails=$((fails + 1))
import json, sys
h = json.load(open(sys.argv[1]))["hosts"][0]
want = {"owner": "放射線科", "location": "3階東 ICU", "ledger_id": "ME-0042", "name": "超音波診断装置"}
if h["annotations"] != want:
    print("FAIL: JSON annotations", h["annotations"]); sys.exit(1)
PY
expect_rc 0 "$IOMT" export --db "$DB" --format csv
python3 - "$T/out" <<'PY' || fails=$((fails + 1))
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
r = rows[0]
if (r["owner"], r["location"], r["ledger_id"], r["name"], r["note"]) != ("放射線科", "3階東 ICU", "ME-0042", "超音波診断装置", ""):
    print("FAIL: CSV annotation columns", r); sys.exit(1)
PY
expect_rc 0 "$IOMT" annotate --db "$DB" 127.0.0.1
for want in 'Annotations of 127.0.0.1' 'History' 'note .*保守契約あり -> (cleared)' 'owner .*(none) -> 放射線科 .*\[annotate'; do
	grep -q "$want" "$T/out" || { echo "FAIL: annotate listing lacks '$want'"; cat "$T/out"; fails=$((fails + 1)); }
done
n=$(grep -c ' -> ' "$T/out")
[ "$n" = 6 ] || { echo "FAIL: history has $n changes, expected 6"; fails=$((fails + 1)); }
finish
