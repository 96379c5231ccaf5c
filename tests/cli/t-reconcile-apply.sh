#!/bin/sh
# t-reconcile-apply.sh - `iomtscan reconcile --apply` on a real inventory
# built by a loopback scan: the ledger's owner, location, ID and name land
# in the annotations of the matched hosts (shown by show and export, with
# the ledger row as source), a second --apply changes nothing, and a
# ledger with a cell that cannot be stored, or a ledger that cannot be
# read, exits 2 and changes nothing.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3"; exit 77; }
python3 -c '
import socket, sys
a = socket.socket(); a.bind(("127.0.0.1", 0)); a.listen(8)
port = a.getsockname()[1]
b = socket.socket(); b.bind(("127.0.0.2", port)); b.listen(8)
print(port, flush=True)
sys.stdout.close()
import select
while True:
    for s in select.select([a, b], [], [])[0]:
        c, _ = s.accept(); c.close()
' >"$T/port" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/port" ] && break; sleep 0.2; done
PORT=$(cat "$T/port")
DB="$T/inv.db"
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "$PORT" 127.0.0.1 127.0.0.2
# UTF-8 with BOM, CRLF, a title row, a location with a line break inside.
printf '\357\273\277医療機器台帳\r\n管理番号,機器名称,設置場所,管理部署,IPアドレス\r\nME-1,超音波診断装置,"3階東\r\nICU",放射線科,127.0.0.1\r\nME-2,輸液ポンプ,,臨床工学部,１２７．０．０．２\r\nME-3,予備,倉庫,臨床工学部,127.0.0.3\r\n' >"$T/ledger.csv"
expect_rc 0 "$IOMT" annotate --db "$DB" 127.0.0.2 --location 病棟5
expect_rc 0 "$IOMT" reconcile --db "$DB" --ledger "$T/ledger.csv" --apply
cp "$T/out" "$T/apply1"
grep -q 'Applied to the inventory (7 changes)' "$T/apply1" || { echo "FAIL: first --apply"; cat "$T/apply1"; fails=$((fails + 1)); }
grep -q '127.0.0.1 *location *(none) -> 3階東 ICU *\[reconcile .*ledger.csv row 3\]' "$T/apply1" ||
    { echo "FAIL: location change not shown with its row"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" show --db "$DB" 127.0.0.1
for want in 'Owner        放射線科' 'Location     3階東 ICU' 'Ledger ID    ME-1' 'Name         超音波診断装置' 'ledger.csv row 3'; do
	grep -q "$want" "$T/out" || { echo "FAIL: show lacks '$want'"; fails=$((fails + 1)); }
done
expect_rc 0 "$IOMT" export --db "$DB"
python3 - "$T/out" <<'PY' || fails=$((fails + 1))
import json, sys
hs = {h["ip"]: h["annotations"] for h in json.load(open(sys.argv[1]))["hosts"]}
want = {"127.0.0.1": {"owner": "放射線科", "location": "3階東 ICU", "ledger_id": "ME-1", "name": "超音波診断装置"},
        "127.0.0.2": {"owner": "臨床工学部", "location": "病棟5", "ledger_id": "ME-2", "name": "輸液ポンプ"}}
if hs != want:
    print("FAIL: annotations after --apply", hs); sys.exit(1)
PY
expect_rc 0 "$IOMT" reconcile --db "$DB" --ledger "$T/ledger.csv" --apply --format json
python3 - "$T/out" <<'PY' || fails=$((fails + 1))
import json, sys
r = json.load(open(sys.argv[1]))
if r["applied"] != []:
    print("FAIL: second --apply changed", r["applied"]); sys.exit(1)
PY
"$IOMT" annotate --db "$DB" 127.0.0.1 >"$T/before"
# A cell holding a control character: refused, naming the row.
printf '管理番号,機器名称,IPアドレス\r\nME-1,new name,127.0.0.2\r\nME-9,bad\033name,127.0.0.1\r\n' >"$T/ctl.csv"
expect_rc 2 "$IOMT" reconcile --db "$DB" --ledger "$T/ctl.csv" --apply
expect_err 'row 3: the name cell'
# A ledger that cannot be read.
printf '管理番号,IPアドレス,MACアドレス\r\nX,127.0.0.1,00:14:22\r\n' >"$T/bad.csv"
expect_rc 2 "$IOMT" reconcile --db "$DB" --ledger "$T/bad.csv" --apply
"$IOMT" annotate --db "$DB" 127.0.0.1 >"$T/after"
cmp -s "$T/before" "$T/after" || { echo "FAIL: a refused --apply changed the annotations"; diff "$T/before" "$T/after"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" export --db "$DB"
grep -q 'new name' "$T/out" && { echo "FAIL: a refused --apply wrote row 2"; fails=$((fails + 1)); }
# Without --apply nothing is written.
printf '管理番号,機器名称,IPアドレス\r\nME-1,別名,127.0.0.1\r\n' >"$T/other.csv"
expect_rc 0 "$IOMT" reconcile --db "$DB" --ledger "$T/other.csv"
expect_rc 0 "$IOMT" show --db "$DB" 127.0.0.1
grep -q '別名' "$T/out" && { echo "FAIL: reconcile without --apply wrote"; fails=$((fails + 1)); }
finish
