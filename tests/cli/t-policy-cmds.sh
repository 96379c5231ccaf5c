#!/bin/sh
# The safety commands from the outside: profiles, plan, listen, check.
# Nothing here sends a packet: plan and listen -r never do, and the
# addresses are from 198.18.0.0/15.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
export IOMT_ETCDIR="$T/etc"	# never pick up this machine's /etc/iomtscan
mkdir -p "$T/etc"
CAP="$IOMT_SRCDIR/tests/fixtures/listen/capture.pcap"

for c in profiles plan listen check; do
	expect_rc 0 "$IOMT" "$c" --help
	grep -q "usage: iomtscan $c" "$T/out" ||
	    { echo "FAIL: $c --help has no usage line"; fails=$((fails+1)); }
done

# profiles: list, show, test, check; bad input is exit 2 with file:line
expect_rc 0 "$IOMT" profiles list
grep -q '^philips-intellivue-monitor *passive' "$T/out" ||
    { echo "FAIL: profiles list"; fails=$((fails+1)); }
expect_rc 0 "$IOMT" profiles list --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["profiles"]) >= 17' "$T/out" ||
    { echo "FAIL: profiles list --format json"; fails=$((fails+1)); }
expect_rc 0 "$IOMT" profiles show bd-alaris-pcu
grep -q 'ICSMA-20-317-01' "$T/out" || { echo "FAIL: show"; fails=$((fails+1)); }
expect_rc 2 "$IOMT" profiles show no-such-profile
expect_rc 0 "$IOMT" profiles test - --mac 58:46:e1:00:00:09
grep -q 'baxter-sigma-spectrum' "$T/out" || { echo "FAIL: test by OUI"; fails=$((fails+1)); }
grep -q 'passive by profile baxter-sigma-spectrum' "$T/out" ||
    { echo "FAIL: test policy"; fails=$((fails+1)); }
expect_rc 0 "$IOMT" profiles test - --obs 'tcp/21:banner=220 Treck FTP server ready.'
grep -q 'treck-stack' "$T/out" || { echo "FAIL: test by banner"; fails=$((fails+1)); }
expect_rc 2 "$IOMT" profiles test - --obs novalue
printf 'format 1\nprofile x\n  vendor V\n  level loud\n' >"$T/bad.conf"
expect_rc 2 "$IOMT" profiles check "$T/bad.conf"
expect_err "bad.conf:4: unknown level 'loud'"
expect_rc 2 "$IOMT" profiles list --profiles-local "$T/bad.conf"
expect_err "bad.conf:4:"
# a site override replaces the shipped profile
sed -e 's/^profile bd-alaris-pcu$/profile bd-alaris-pcu/' \
    "$IOMT_SRCDIR/data/profiles.conf" | awk '
	/^format/ { print; next }
	/^profile bd-alaris-pcu$/ { on = 1 }
	on { sub(/level      passive/, "level      discovery"); print }
	on && /^end$/ { on = 0 }' >"$T/etc/profiles.local.conf"
expect_rc 0 "$IOMT" profiles list
grep -q '^bd-alaris-pcu *discovery .* (site)' "$T/out" ||
    { echo "FAIL: local override"; fails=$((fails+1)); }
rm -f "$T/etc/profiles.local.conf"

# plan: text and JSON, a passive subnet, an exclusion; sends nothing
printf 'format 1\nsubnet 198.18.5.0/24 level passive\nexclude 198.18.6.9\n' \
    >"$T/policy.conf"
expect_rc 0 "$IOMT" plan --policy "$T/policy.conf" 198.18.5.0/24 \
    198.18.6.0/28
grep -q 'nothing is sent (not even ARP)' "$T/out" ||
    { echo "FAIL: plan text"; fails=$((fails+1)); }
expect_rc 2 "$IOMT" plan --db "$T/none.db" 198.18.5.0/24
expect_rc 0 "$IOMT" plan --policy "$T/policy.conf" --format json \
    --save "$T/plan.json" 198.18.5.0/24 198.18.6.0/28
python3 - "$T/out" "$T/plan.json" <<'PY' || { echo "FAIL: plan json"; fails=$((fails+1)); }
import json, sys
for f in sys.argv[1:]:
    d = json.load(open(f))
    assert d["format"] == "iomtscan-plan/1"
    t = d["totals"]
    assert t["addresses"] == 256 + 16, t
    assert t["held"] == 256 + 1, t
    passive = [g for g in d["groups"] if g["level"] == "passive"]
    assert passive and all(g["max_packets"] == 0 for g in passive)
    assert any(g["excluded"] for g in d["groups"])
PY
expect_rc 2 "$IOMT" plan
expect_rc 2 "$IOMT" plan --rate 5000 198.18.5.0/24
expect_rc 2 "$IOMT" plan host.example

# listen -r: the recorded capture builds the expected inventory
expect_rc 0 "$IOMT" listen -r "$CAP" --db "$T/inv.db"
expect_rc 0 "$IOMT" export --format json --db "$T/inv.db"
python3 - "$T/out" <<'PY' || { echo "FAIL: listen inventory"; fails=$((fails+1)); }
import json, sys
d = json.load(open(sys.argv[1]))
hosts = {h["ip"]: h for h in d["hosts"]}
assert len(hosts) == 12, sorted(hosts)
assert hosts["198.18.0.21"]["mac"] == "00:09:fb:01:02:03"
assert hosts["198.18.0.40"]["mac"] == "58:46:e1:00:00:01"
ports = {(s["proto"], s["port"]) for s in hosts["198.18.0.80"]["services"]}
assert ("tcp", 104) in ports, ports
ports = {(s["proto"], s["port"]) for s in hosts["198.18.0.91"]["services"]}
assert ("tcp", 2575) in ports, ports
text = json.dumps(d)
for phi in ("TESTPATIENT", "PATID", "19700101"):
    assert phi not in text, phi
PY
expect_rc 0 "$IOMT" profiles test 198.18.0.21 --db "$T/inv.db"
grep -q 'philips-intellivue-monitor' "$T/out" ||
    { echo "FAIL: profiles test from listen"; fails=$((fails+1)); }
expect_rc 2 "$IOMT" listen
expect_rc 2 "$IOMT" listen -r "$T/no-such.pcap" --db "$T/inv.db"
expect_rc 2 "$IOMT" listen -r "$CAP" -i lo

# check: a listen-only inventory has no scan to check
expect_rc 0 "$IOMT" check --db "$T/inv.db"
grep -q 'nothing to check' "$T/out" || { echo "FAIL: check"; fails=$((fails+1)); }
expect_rc 2 "$IOMT" check --db "$T/inv.db" --scan 99
expect_rc 2 "$IOMT" check --db "$T/missing.db"
# Nested bounded repetitions multiply in regcomp (a fuzzer found 2 GB):
# refused at load, quickly.
expect_rc 2 "$IOMT" profiles check "$IOMT_SRCDIR/tests/fuzz/corpus/profile/nested-bounds.conf"
expect_err "product is above 256"
finish
