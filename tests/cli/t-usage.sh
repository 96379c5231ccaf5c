#!/bin/sh
# Every subcommand has --help (exit 0); bad commands and options exit 2.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
expect_rc 0 "$IOMT" --version && grep -q '^iomtscan [0-9]' "$T/out" || fails=$((fails+1))
expect_rc 0 "$IOMT" --help
for c in scan hosts show export audit demo; do
	expect_rc 0 "$IOMT" "$c" --help
	grep -q "usage: iomtscan $c" "$T/out" || { echo "FAIL: $c --help has no usage line"; fails=$((fails+1)); }
done
expect_rc 2 "$IOMT"
expect_rc 2 "$IOMT" frobnicate
expect_err "unknown command"
expect_rc 2 "$IOMT" scan --no-such-option 198.18.0.1
expect_err "unknown option"
# --bom is for CSV export only, and said so.
expect_rc 0 "$IOMT" export --help
grep -q -- '--bom' "$T/out" && grep -q 'Excel' "$T/out" || { echo "FAIL: export --help does not explain --bom"; fails=$((fails+1)); }
expect_rc 2 "$IOMT" export --format json --bom --db "$T/none.db"
expect_err "--bom is for --format csv"
expect_rc 2 "$IOMT" hosts --bom --db "$T/none.db"
expect_err "unknown option '--bom'"
finish
