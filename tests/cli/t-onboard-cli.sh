#!/bin/sh
# t-onboard-cli.sh - `iomtscan onboard` refuses everything but one device
# address, before anything is opened or sent: no operand, two addresses,
# a CIDR block, a range, a list, a host name, loopback, multicast, an
# address the site policy excludes, a bad --lang or --format, an unknown
# option, a missing data file.  Each exits 2 with a message naming the
# problem and creates no database.  (The scan itself is tests/lab/
# t-onboard.sh.)
. "$IOMT_SRCDIR/tests/cli/lib.sh"
DB="$T/inv.db"

expect_rc 0 "$IOMT" onboard --help && grep -q 'usage: iomtscan onboard IP' "$T/out" ||
    { echo "FAIL: --help"; fails=$((fails + 1)); }
expect_rc 2 "$IOMT" onboard --db "$DB"
expect_err "give the one address of the device"
expect_rc 2 "$IOMT" onboard --db "$DB" 198.18.0.10 198.18.0.11
expect_err "one address only"
expect_rc 2 "$IOMT" onboard --db "$DB" 198.18.0.0/24
expect_err "is a block of addresses"
expect_rc 2 "$IOMT" onboard --db "$DB" 198.18.0.10/32
expect_err "is a block of addresses"
expect_rc 2 "$IOMT" onboard --db "$DB" 198.18.0.10-20
expect_err "is a range or a list"
expect_rc 2 "$IOMT" onboard --db "$DB" 198.18.0.10,198.18.0.11
expect_err "is a range or a list"
expect_rc 2 "$IOMT" onboard --db "$DB" pump-icu3.hospital.example
expect_err "is not an IPv4 address \(host names are not looked up"
expect_rc 2 "$IOMT" onboard --db "$DB" 198.18.0.300
expect_err "is not an IPv4 address"
expect_rc 2 "$IOMT" onboard --db "$DB" 198.18.10
expect_err "is not an IPv4 address"
expect_rc 2 "$IOMT" onboard --db "$DB" 127.0.0.1
expect_err "is not the address of a device"
expect_rc 2 "$IOMT" onboard --db "$DB" 224.0.0.251
expect_err "is not the address of a device"
expect_rc 2 "$IOMT" onboard --db "$DB" 0.0.0.0
expect_err "is not the address of a device"
expect_rc 2 "$IOMT" onboard --db "$DB" --lang fr 198.18.0.10
expect_err "unknown language 'fr'"
expect_rc 2 "$IOMT" onboard --db "$DB" --format html 198.18.0.10
expect_err "unknown format 'html'"
expect_rc 2 "$IOMT" onboard --db "$DB" --bogus 198.18.0.10
expect_err "unknown option '--bogus'"
expect_rc 2 "$IOMT" onboard --db "$DB" --exclude 198.18.0.11 198.18.0.10
expect_err "unknown option '--exclude'"
expect_rc 2 "$IOMT" onboard --db "$DB" -iL "$T/list" 198.18.0.10
expect_rc 2 "$IOMT" onboard --db "" 198.18.0.10
expect_err "--db needs a file name"
expect_rc 2 "$IOMT" onboard --db "$DB" -e no-such-if0 198.18.0.10
expect_err "no such interface"
printf 'format 1\nexclude 198.18.0.99\n' >"$T/policy.conf"
expect_rc 2 "$IOMT" onboard --db "$DB" --policy "$T/policy.conf" 198.18.0.99
expect_err "198.18.0.99 is excluded by the site policy"
printf 'format 1\nexclude range 198.18.0.96/28\n' >"$T/policy2.conf"
expect_rc 2 "$IOMT" onboard --db "$DB" --policy "$T/policy2.conf" 198.18.0.99
expect_err "is excluded by the site policy"
printf 'format 1\nbogus line\n' >"$T/bad.conf"
expect_rc 2 "$IOMT" onboard --db "$DB" --policy "$T/bad.conf" 198.18.0.10
[ -e "$DB" ] && { echo "FAIL: bad input created $DB"; fails=$((fails + 1)); }
finish
