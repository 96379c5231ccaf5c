#!/bin/sh
# Malformed targets and options: a clear message, exit 2, no database
# created (so nothing was opened, let alone sent).
. "$IOMT_SRCDIR/tests/cli/lib.sh"
db="$T/never.db"
bad() {	# pattern args...
	pat=$1
	shift
	expect_rc 2 "$IOMT" scan --db "$db" "$@" && expect_err "$pat"
	[ ! -e "$db" ] || { echo "FAIL: $* created the database"; fails=$((fails+1)); rm -f "$db"; }
}
bad "no targets"
bad "256" 256.1.1.1
bad "host name" scanner.example.org
bad "." 198.18.0.1/33
bad "." 198.18.0.40-10
bad "." 1.2.3
bad "ceiling" --rate 5000 198.18.0.1
bad "ceiling" --host-rate 100 198.18.0.1
bad "at most 4" --host-conns 10 198.18.0.1
bad "at least 100" --scan-delay 10 198.18.0.1
bad "positive" --rate -3 198.18.0.1
bad "port" --ports 0 198.18.0.1
bad "port" --ports 70000 198.18.0.1
bad "port" --ports 80,abc 198.18.0.1
bad "level" --level aggressive 198.18.0.1
bad "." -iL "$T/does-not-exist" 
bad "." --exclude 300.0.0.1 198.18.0.1
bad "max-hosts" 198.0.0.0/8
bad "argument" 198.18.0.1 --rate
printf '198.18.0.1\nnot-an-address\n' >"$T/list"
bad "line 2" -iL "$T/list"
finish
