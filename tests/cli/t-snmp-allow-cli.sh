#!/bin/sh
# "allow snmp" from the outside: a bad allow on a site policy line or in a
# profile is exit 2 with FILE:LINE (plan, scan, profiles check), a good
# one loads, and plan and profiles show/test say what it allows.  plan
# sends nothing; the addresses are never reached.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
export IOMT_ETCDIR="$T/etc"
mkdir -p "$T/etc"
bad() {	# pattern file-body
	printf "$2" >"$T/p.conf"
	expect_rc 2 "$IOMT" plan --policy "$T/p.conf" 198.19.255.77 &&
	    expect_err "$1"
	expect_rc 2 "$IOMT" scan --db "$T/x.db" --policy "$T/p.conf" 198.19.255.77 &&
	    expect_err "$1"
	[ ! -e "$T/x.db" ] || { echo "FAIL: scan created a database"; fails=$((fails+1)); rm -f "$T/x.db"; }
}
bad "p\.conf:2: unknown allow word 'snmpv3' \(snmp\)" \
    'format 1\nsubnet 198.19.255.0/24 allow snmpv3\n'
bad "p\.conf:3: host takes one address such as 198\.18\.5\.7, not '198\.19\.255\.0/24'" \
    'format 1\n# gateways\nhost 198.19.255.0/24 allow snmp\n'
bad "p\.conf:2: subnet 198\.19\.255\.0/24: 'allow snmp' and 'forbid udp' on one line contradict" \
    'format 1\nsubnet 198.19.255.0/24 forbid udp allow snmp\n'
bad "p\.conf:2: host: 'allow' needs a value" \
    'format 1\nhost 198.19.255.77 allow\n'
# A bad profile directive.
printf 'format 1\nprofile x\n  vendor V\n  product P\n  hazard H\n  level standard\n  allow telnet\n' >"$T/bad.conf"
expect_rc 2 "$IOMT" profiles check "$T/bad.conf" &&
    expect_err "bad\.conf:7: unknown allow word 'telnet' \(snmp\)"
# Good lines: plan names the line that allows SNMP for a host with no MAC
# (maker unknown, so no UDP by default).
printf 'format 1\nsubnet 198.19.255.0/24 rate 5\nhost 198.19.255.77 allow snmp\n' >"$T/ok.conf"
expect_rc 0 "$IOMT" plan --policy "$T/ok.conf" 198.19.255.77 198.19.255.78
grep -q 'SNMP allowed by site policy line 3 (host 198.19.255.77)' "$T/out" ||
    { echo "FAIL: plan does not name the allow line"; sed 's/^/  /' "$T/out" | head -20; fails=$((fails+1)); }
expect_rc 0 "$IOMT" plan --policy "$T/ok.conf" --format json 198.19.255.77 198.19.255.78
python3 - "$T/out" <<'PY' || { echo "FAIL: plan JSON udp"; fails=$((fails+1)); }
import json, sys
d = json.load(open(sys.argv[1]))
hosts = {g["ranges"][0][0]: g for g in d["groups"]}
assert hosts["198.19.255.77"]["udp"] == [161], hosts["198.19.255.77"]
assert hosts["198.19.255.78"]["udp"] == [], hosts["198.19.255.78"]
PY
# A site profile that marks a gateway: profiles show prints the allow.
cat >"$T/etc/profiles.local.conf" <<'PROF'
format 1
profile site-gw
  vendor     Draeger
  product    Infinity gateway
  hazard     none known
  level      standard
  allow      snmp
  source     site
  reviewed   2026-12-04
  match-oui  00105D
end
PROF
expect_rc 0 "$IOMT" profiles show site-gw
grep -q '^  allow  *snmp' "$T/out" || { echo "FAIL: profiles show allow"; sed 's/^/  /' "$T/out"; fails=$((fails+1)); }
expect_rc 0 "$IOMT" profiles test - --mac 00:10:5d:00:00:09
tr -s ' \n' '  ' <"$T/out" | grep -q 'SNMP allowed by profile site-gw' ||
    { echo "FAIL: profiles test names the gateway profile"; sed 's/^/  /' "$T/out"; fails=$((fails+1)); }
finish
