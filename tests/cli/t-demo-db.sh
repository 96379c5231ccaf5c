#!/bin/sh
# t-demo-db.sh - `iomtscan demo` never touches an existing file it was not
# told it may replace: it refuses with exit 2 before building anything,
# and the file (and its -wal companion) stay byte for byte as they were.
# --keep-db and --force together are a usage error.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
printf 'a hospital inventory, not a demo\n' > "$T/inv.db"
printf 'wal\n' > "$T/inv.db-wal"
sum=$(cat "$T/inv.db" "$T/inv.db-wal" | cksum)
unchanged() {
	[ "$(cat "$T/inv.db" "$T/inv.db-wal" | cksum)" = "$sum" ] ||
	    { echo "FAIL: $1: the existing file was changed"; fails=$((fails + 1)); }
}
expect_rc 2 "$IOMT" demo --db "$T/inv.db"
expect_err 'already exists'
unchanged "demo --db"
if ip netns list 2>/dev/null | grep -q '^iomtdemo'; then
	echo "FAIL: the demo network was built"
	fails=$((fails + 1))
fi
expect_rc 2 "$IOMT" demo --db "$T/inv.db" --keep-db --force
unchanged "--keep-db --force"
(cd "$T" && cp inv.db iomtscan-demo.db && "$IOMT" demo >/dev/null 2>&1)
rc=$?
[ "$rc" = 2 ] || { echo "FAIL: demo over ./iomtscan-demo.db exited $rc"; fails=$((fails + 1)); }
cmp -s "$T/inv.db" "$T/iomtscan-demo.db" || { echo "FAIL: ./iomtscan-demo.db changed"; fails=$((fails + 1)); }
finish
