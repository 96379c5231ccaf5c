#!/bin/sh
# Damaged inventories: a real inventory (a scan of a loopback listener)
# with pages overwritten, a file that is not SQLite, a truncated copy and
# a zero-length file.  Every command that reads the inventory says
# "database is damaged", names the file and what to do, and exits 2; a
# scan refuses before its first packet (the listener counts no new
# connection, no audit row is added) and never writes into the file.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
export IOMT_DATADIR="$IOMT_SRCDIR"

# A loopback listener that counts the connections it accepts.
python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(64)
open(sys.argv[1] + ".port", "w").write(str(s.getsockname()[1]))
n = 0
while True:
    c, _ = s.accept()
    n += 1
    open(sys.argv[1], "w").write(str(n))
    c.close()
' "$T/accepts" &
LPID=$!
trap 'kill $LPID 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/accepts.port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
PORT=$(cat "$T/accepts.port")
accepts() { cat "$T/accepts" 2>/dev/null || echo 0; }

expect_rc 0 "$IOMT" scan -q --db "$T/good.db" --ports "$PORT" 127.0.0.1
a0=$(accepts)
[ "$a0" -ge 1 ] || { echo "FAIL: the listener saw no scan ($a0)"; fails=$((fails+1)); }
audit0=$(sqlite3 "$T/good.db" "SELECT count(*) FROM audit")
pages=$(sqlite3 "$T/good.db" "PRAGMA page_count")
[ "$pages" -ge 9 ] || { echo "FAIL: inventory too small ($pages pages)"; fails=$((fails+1)); }

# Every reading command on a damaged file: exit 2 and the message.
damaged() {
	f=$1
	for c in hosts "show 127.0.0.1" export "export --format csv" audit \
	    check "plan 127.0.0.1" checklist "checklist --format json"; do
		# shellcheck disable=SC2086
		expect_rc 2 "$IOMT" $c --db "$f" || continue
		expect_err "iomtscan [a-z]+: database is damaged: $f \\(.+\\); keep this file for analysis, restore the last backup or start a new inventory with --db NEWFILE"
	done
	sum=$(cksum <"$f")
	expect_rc 2 "$IOMT" scan -q --db "$f" --ports "$PORT" 127.0.0.1
	expect_err "iomtscan scan: database is damaged: $f"
	[ "$(accepts)" = "$a0" ] || { echo "FAIL: scan of $f sent packets"; fails=$((fails+1)); }
	[ "$(cksum <"$f")" = "$sum" ] || { echo "FAIL: scan wrote into $f"; fails=$((fails+1)); }
}

# Overwritten pages (a copy of the inventory, as the documentation says).
cp "$T/good.db" "$T/pages.db"
dd if=/dev/urandom of="$T/pages.db" bs=4096 seek=5 count=3 conv=notrunc 2>/dev/null
damaged "$T/pages.db"
[ "$(sqlite3 "$T/good.db" "SELECT count(*) FROM audit")" = "$audit0" ] ||
	{ echo "FAIL: audit rows changed"; fails=$((fails+1)); }
# One overwritten page deep in the file is found as well.
cp "$T/good.db" "$T/onepage.db"
dd if=/dev/urandom of="$T/onepage.db" bs=4096 seek=$((pages - 2)) count=1 conv=notrunc 2>/dev/null
damaged "$T/onepage.db"

# Not SQLite at all, and a truncated copy.
head -c 20000 /dev/urandom >"$T/junk.db"
damaged "$T/junk.db"
head -c 20480 "$T/good.db" >"$T/trunc.db"
damaged "$T/trunc.db"

# A zero-length file is an empty SQLite database: nothing to read (exit
# 2, "empty"), and a scan starts a new inventory in it.
: >"$T/zero.db"
expect_rc 2 "$IOMT" hosts --db "$T/zero.db"
expect_err "empty"
expect_rc 0 "$IOMT" scan -q --db "$T/zero.db" --ports "$PORT" 127.0.0.1
expect_rc 0 "$IOMT" hosts --db "$T/zero.db"

# The good inventory still reads; check still runs the full integrity check.
expect_rc 0 "$IOMT" hosts --db "$T/good.db"
grep -q "127.0.0.1" "$T/out" || { echo "FAIL: good inventory unreadable"; fails=$((fails+1)); }
finish
