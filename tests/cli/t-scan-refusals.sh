#!/bin/sh
# What a scan would do differently from what its author wrote is refused
# before anything is opened (exit 2, a message naming the difference, no
# database file), or said on stderr: targets or ports beyond a saved plan,
# a plan saved for a routed scan used on-link (and the other way round), an
# unknown interface or user; plan and scan accept the same levels; ports
# the never-list holds back are named with the reason.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
db="$T/never.db"
refuse() {	# pattern args...
	pat=$1
	shift
	expect_rc 2 "$IOMT" scan --db "$db" "$@" && expect_err "$pat"
	for f in "$db" "$db-wal" "$db-shm" "$db-journal"; do
		[ ! -e "$f" ] || { echo "FAIL: $* created $f"; fails=$((fails+1)); rm -f "$f"; }
	done
}
expect_rc 0 "$IOMT" plan --save "$T/p.json" 198.19.255.77
grep -q '"arp":false' "$T/p.json" || { echo "FAIL: 198.19.255.77 is not routed here"; fails=$((fails+1)); }
refuse "198\.19\.255\.78 is not in the plan \(the plan covers 198\.19\.255\.77\)" \
    --plan "$T/p.json" --ports 80 198.19.255.78
refuse "TCP port 8081 to 198\.19\.255\.77 is not in the plan" \
    --plan "$T/p.json" --ports 80,8081 198.19.255.77
refuse "--level clinical is above the plan's standard" \
    --plan "$T/p.json" --level clinical 198.19.255.77
# The same plan as saved on the scanner's own network (ARP), used here.
sed 's/"arp":false/"arp":true/g; s/"discover":\[[0-9,]*\]/"discover":[]/g' \
    "$T/p.json" >"$T/onlink.json"
refuse "198\.19\.255\.77 is routed \(no ARP\) here but the plan was saved for an on-link scan" \
    --plan "$T/onlink.json" 198.19.255.77
refuse "-e nosuchif0: no such interface" -e nosuchif0 198.19.255.77
refuse "--user nosuchuser: no such user" --user nosuchuser 198.19.255.77
expect_rc 2 "$IOMT" plan -e nosuchif0 198.19.255.77 &&
    expect_err "no such interface"
# listen checks its interface and user before creating the database too.
expect_rc 2 "$IOMT" listen -i nosuchif0 --db "$db" && expect_err "-i nosuchif0: no such interface"
expect_rc 2 "$IOMT" listen -r "$IOMT_SRCDIR/tests/fixtures/listen/capture.pcap" \
    --user nosuchuser --db "$db" && expect_err "--user nosuchuser: no such user"
[ ! -e "$db" ] || { echo "FAIL: listen created the database"; fails=$((fails+1)); rm -f "$db"; }
# Same levels for plan and scan.
expect_rc 0 "$IOMT" plan --level clinical 198.19.255.77
grep -q "level clinical" "$T/out" || { echo "FAIL: plan --level clinical"; fails=$((fails+1)); }
refuse "--level must be passive, discovery, gentle, standard or clinical" \
    --level reckless 198.19.255.77
expect_rc 2 "$IOMT" plan --level reckless 198.19.255.77 &&
    expect_err "--level must be passive, discovery, gentle, standard or clinical"
# Held-back ports are named, with the reason.
expect_rc 0 "$IOMT" plan --ports 80,9100,7 198.19.255.77
expect_err "port 9100 held back to a TCP connect, no byte sent: printer raw port"
expect_err "port 7 held back, never contacted: simple TCP/UDP services"
[ ! -e "$T/iomtscan.db" ] || { echo "FAIL: plan created a database"; fails=$((fails+1)); }
finish
