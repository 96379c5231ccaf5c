#!/bin/sh
# Unreadable, unwritable or corrupt databases: clear message, exit 2, and
# the corrupt file is left exactly as it was.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
expect_rc 2 "$IOMT" hosts --db "$T/missing.db"
expect_err "missing.db"
expect_rc 2 "$IOMT" export --format json --db "$T/missing.db"
expect_rc 2 "$IOMT" export --format xml --db "$T/missing.db"
head -c 4096 /dev/urandom >"$T/corrupt.db"
sum=$(cksum <"$T/corrupt.db")
expect_rc 2 "$IOMT" hosts --db "$T/corrupt.db"
expect_err "corrupt.db"
expect_rc 2 "$IOMT" scan --db "$T/corrupt.db" 198.18.0.1
expect_err "not a database|corrupt"
[ "$(cksum <"$T/corrupt.db")" = "$sum" ] || { echo "FAIL: corrupt db was modified"; fails=$((fails+1)); }
expect_rc 2 "$IOMT" scan --db /proc/iomtscan-cannot-write.db 198.18.0.1
expect_err "cannot open database"
finish
