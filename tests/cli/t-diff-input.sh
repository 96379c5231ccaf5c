#!/bin/sh
# t-diff-input.sh - `iomtscan diff` on a real inventory built by loopback
# scans: bad input exits 2 with a message saying what is wrong (no
# database, one complete scan only, an unknown or interrupted scan, the
# same scan twice, a bad id, format or option), and a service that stops
# between two scans is reported closed, in text and in JSON.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3"; exit 77; }
python3 -c '
import socket, sys, select
a = socket.socket(); a.bind(("127.0.0.1", 0)); a.listen(8)
print(a.getsockname()[1], flush=True)
sys.stdout.close()
while True:
    for s in select.select([a], [], [])[0]:
        c, _ = s.accept(); c.close()
' >"$T/port" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/port" ] && break; sleep 0.2; done
PORT=$(cat "$T/port")
DB="$T/inv.db"

expect_rc 2 "$IOMT" diff --db "$T/none.db"
expect_err 'no inventory database at .*none.db'
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "$PORT" 127.0.0.1
expect_rc 2 "$IOMT" diff --db "$DB"
expect_err 'fewer than two complete scans'
kill $srv
wait $srv 2>/dev/null
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "$PORT" 127.0.0.1

expect_rc 0 "$IOMT" diff --db "$DB"
cp "$T/out" "$T/text"
grep -q '^0 added, 0 removed, 0 not checked, 1 changed$' "$T/text" ||
    { echo "FAIL: summary line"; cat "$T/text"; fails=$((fails + 1)); }
grep -q "tcp/$PORT no longer open (closed now)" "$T/text" ||
    { echo "FAIL: closed port not in the text"; cat "$T/text"; fails=$((fails + 1)); }
expect_rc 0 "$IOMT" diff --db "$DB" --format json --from 1 --to 2
python3 - "$T/out" "$PORT" <<'PY' || fails=$((fails + 1))
import json, sys
d = json.load(open(sys.argv[1]))
want = {"from_scan": 1, "to_scan": 2, "added": [], "removed": [], "not_checked": [],
        "changed": [{"ip": "127.0.0.1", "mac": None, "changes": [
            {"field": "tcp/" + sys.argv[2], "before": "open", "after": "closed"}]}]}
if d != want:
    print("FAIL: diff JSON", d); sys.exit(1)
PY

# The same inventory as version 3 wrote it (no per-scan MAC, identity,
# findings or ranges): migrated on the next read-write open, and the old
# scans compare without inventing a change from what they did not record.
cp "$DB" "$T/old.db"
python3 - "$T/old.db" <<'PY' || fails=$((fails + 1))
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
# Every table a migration after version 3 creates goes, so the file is
# what version 3 wrote.
v3 = {"scans", "hosts", "host_scans", "services", "observations", "audit",
      "errors", "identities", "findings", "host_fragile", "service_scans",
      "scan_held", "annotations", "annotation_history"}
for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                       " AND name NOT LIKE 'sqlite_%'").fetchall():
    if t not in v3:
        db.execute("DROP TABLE %s" % t)
db.executescript("""
ALTER TABLE host_scans DROP COLUMN mac; ALTER TABLE host_scans DROP COLUMN vendor;
ALTER TABLE host_scans DROP COLUMN model; ALTER TABLE host_scans DROP COLUMN device_class;
ALTER TABLE host_scans DROP COLUMN firmware; ALTER TABLE host_scans DROP COLUMN os;
ALTER TABLE host_scans DROP COLUMN snap;
UPDATE hosts SET mac = '00:09:fb:00:00:01';
PRAGMA user_version = 3;
""")
db.commit()
PY
expect_rc 0 "$IOMT" annotate --db "$T/old.db" 127.0.0.1 --note migrated
expect_rc 0 "$IOMT" diff --db "$T/old.db" --format json --from 1 --to 2
python3 - "$T/out" "$PORT" <<'PY' || fails=$((fails + 1))
import json, sys
d = json.load(open(sys.argv[1]))
ch = [(c["field"], c["before"], c["after"]) for h in d["changed"] for c in h["changes"]]
if ch != [("tcp/" + sys.argv[2], "open", "closed")] or d["removed"] or d["added"]:
    print("FAIL: diff of migrated scans", d); sys.exit(1)
PY
# The output validates against the schema, and an unknown key anywhere
# fails it (python3-jsonschema comes with install-deps.sh --test).
expect_rc 0 "$IOMT" diff --db "$DB" --format json
python3 "$IOMT_SRCDIR/tests/fixtures/export/check_export.py" closed "$T/out" \
    "$IOMT_SRCDIR/docs/json-schema/diff.schema.json" "" changed.0 \
    changed.0.changes.0 || fails=$((fails + 1))

expect_rc 2 "$IOMT" diff --db "$DB" --from 1 --to 9
expect_err 'no scan 9 in the inventory \(complete scans, newest first: 2, 1\)'
expect_rc 2 "$IOMT" diff --db "$DB" --from 2 --to 2
expect_err 'same scan'
expect_rc 2 "$IOMT" diff --db "$DB" --from first
expect_err "--from wants a scan id .*'first'"
expect_rc 2 "$IOMT" diff --db "$DB" --to 0
expect_err '--to wants a scan id'
expect_rc 2 "$IOMT" diff --db "$DB" --format yaml
expect_err "unknown format 'yaml'"
expect_rc 2 "$IOMT" diff --db "$DB" --since 1
expect_err 'since'
expect_rc 2 "$IOMT" diff --db "$DB" 127.0.0.1
expect_err 'unexpected argument'
expect_rc 2 "$IOMT" diff --db "$DB" --from
expect_err 'from'
# --from 2 alone: compared with the last complete scan, itself.
expect_rc 2 "$IOMT" diff --db "$DB" --from 2
expect_err 'scan 2 is the last complete scan: nothing later'
expect_rc 0 "$IOMT" diff --db "$DB" --from 1
expect_rc 0 "$IOMT" diff --db "$DB" --to 2
expect_rc 2 "$IOMT" diff --db "$DB" --to 1
expect_err 'no complete scan before scan 1'
expect_rc 2 "$IOMT" diff --db "$DB" --from 9
expect_err 'no scan 9'
# Bad input also with an unreadable database.
printf 'not a database' >"$T/junk.db"
expect_rc 2 "$IOMT" diff --db "$T/junk.db"
# An interrupted scan proves nothing.
"$IOMT" scan --db "$DB" -q -p "$PORT" 127.0.0.1 &
scan=$!
sleep 0.05
kill -9 $scan 2>/dev/null
wait $scan 2>/dev/null
st=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select status from scans where id = 3").fetchone())' "$DB")
if [ "$st" = "('running',)" ] || [ "$st" = "('aborted',)" ]; then
	expect_rc 2 "$IOMT" diff --db "$DB" --from 2 --to 3
	expect_err 'scan 3 did not complete'
fi
expect_rc 0 "$IOMT" help diff
finish
