#!/bin/sh
# scan --window: a spec that cannot be read exactly (hour 25, an unknown
# weekday, an empty span or spec) ends the command with a message naming
# the bad part, exit 2, and no database created; a good spec is accepted
# and shown in --help.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
db="$T/never.db"
bad() {	# pattern spec
	expect_rc 2 "$IOMT" scan --db "$db" --window "$2" 127.0.0.1 &&
	    expect_err "$1"
	[ ! -e "$db" ] || { echo "FAIL: --window '$2' created the database"; fails=$((fails+1)); rm -f "$db"; }
}
bad '"25:00"' '25:00'
bad 'not a start time' '25:00-06:00'
bad 'not an end time' '22:00-24:30'
bad '"Mon-Foo": not a weekday' 'Mon-Foo 22:00-06:00'
bad '"Mon-Foo": not a weekday' 'Mon-Foo'
bad 'weekdays without a time span' 'Mon-Fri'
bad 'empty window' ''
bad 'empty window' '22:00-06:00,'
bad 'the span is empty' '10:00-10:00'
bad 'not a start time' '10:5-11:00'
bad 'START-END' '22:00'
expect_rc 2 "$IOMT" scan --db "$db" --window && expect_err "argument"
bad 'not a weekday' 'Xyz 10:00-11:00'
expect_rc 0 "$IOMT" scan --help
grep -q -- "--window SPEC" "$T/out" || { echo "FAIL: --help does not list --window"; fails=$((fails+1)); }
finish
