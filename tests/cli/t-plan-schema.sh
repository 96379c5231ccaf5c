#!/bin/sh
# t-plan-schema.sh - the scan plan (`plan --format json` and the file
# `plan --save` writes) is valid against docs/json-schema/plan.schema.json,
# with a group of addresses and a host the inventory knows (a loopback
# scan of 127.0.0.62), and the schema refuses an unknown key at the top
# level and in every object of the plan (check_export.py closed).
. "$IOMT_SRCDIR/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3"; exit 77; }
SCHEMA="$IOMT_SRCDIR/docs/json-schema/plan.schema.json"
CHECK="$IOMT_SRCDIR/tests/fixtures/export/check_export.py"
python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.62", 0)); s.listen(8)
print(s.getsockname()[1], flush=True)
sys.stdout.close()
while True:
    c, _ = s.accept(); c.close()
' >"$T/port" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/port" ] && break; sleep 0.2; done
PORT=$(cat "$T/port")
[ -n "$PORT" ] || { echo "skip: cannot listen on 127.0.0.62"; exit 77; }
DB="$T/inv.db"
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "$PORT" 127.0.0.62
expect_rc 0 "$IOMT" plan --db "$DB" --format json 127.0.0.62 127.0.0.64/30
cp "$T/out" "$T/plan.json"
python3 - "$T/plan.json" <<'PYEOF' || fails=$((fails + 1))
import json, sys
d = json.load(open(sys.argv[1]))
if len(d["groups"]) < 1 or [h["ip"] for h in d["hosts"]] != ["127.0.0.62"]:
    print("FAIL: plan has no group or not the known host:", d["groups"], d["hosts"]); sys.exit(1)
PYEOF
python3 "$CHECK" closed "$T/plan.json" "$SCHEMA" "" options policy groups.0 \
    hosts.0 totals || fails=$((fails + 1))
expect_rc 0 "$IOMT" plan --db "$DB" --save "$T/saved.json" 127.0.0.62 127.0.0.64/30
python3 "$CHECK" closed "$T/saved.json" "$SCHEMA" "" options groups.0 hosts.0 ||
    fails=$((fails + 1))
finish
