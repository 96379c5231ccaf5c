#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# control-test.sh -- show that the lab's fragile simulators have teeth and
# that polite traffic does not hurt them.  Needs root.
#
#   1. lab.sh up (twice: idempotence), lab.sh verify (real servers answer)
#   2. polite sequence from the scanner namespace (labprobe.py polite):
#      no simulator may crash, every one must have counted frames, and the
#      HL7 listener must have received nothing
#   3. nmap -n -sS -T4 -O against the fragile simulators: every one must
#      crash (nmap is stopped once they all have, or after 120 s)
#   4. each crash rule on its own (labprobe.py trigger), reviving the
#      simulator before each: the recorded reason must match
#      (skip with CONTROL_TEST_RULES=0)
#   5. lab.sh down; no namespace of the lab may remain
#
# Exit 0 when every assertion holds.  Lab name: $IOMT_LAB_NAME or "iomtct"
# (not the default "iomt", so a developer's running lab is left alone).
set -eu
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd -P)
P=${IOMT_LAB_NAME:-iomtct}
LAB="$HERE/lab.sh --name $P"
STATE=${IOMT_LAB_STATE_ROOT:-/run/iomt-lab}/$P
SCAN=$P-scan
PROBE="/usr/bin/python3 $HERE/labprobe.py"
FAILS=0
NMAP_PID=""

pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; FAILS=$((FAILS + 1)); }
step() { echo; echo "== $*"; }

# shellcheck disable=SC2317  # invoked by trap
cleanup() {
    local rc=$?
    if [ -n "$NMAP_PID" ]; then kill "$NMAP_PID" 2>/dev/null || true; wait "$NMAP_PID" 2>/dev/null || true; fi
    $LAB down >/dev/null 2>&1 || true
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

[ "$(id -u)" -eq 0 ] || { echo "control-test: must run as root" >&2; exit 2; }
sh "$HERE/deps.sh"

fragile_ips() { awk -F'\t' 'NR > 1 && $4 == "fragile" { print $1 }' "$STATE/devices.tsv"; }

# ------------------------------------------------------------------ 1
step "1. lab up (twice), verify real servers"
$LAB up > /dev/null
t0=$(date +%s.%N)
$LAB up
secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
if awk -v s="$secs" 'BEGIN { exit !(s < 20) }'; then pass "second 'up' (teardown + build) in ${secs}s"; else fail "'up' took ${secs}s (>= 20)"; fi
n=$(ip netns list | awk '{ print $1 }' | grep -c "^$P-" || true)
want=$(( $(tail -n +2 "$HERE/devices.tsv" | wc -l) + 2 ))
[ "$n" -eq "$want" ] && pass "$n namespaces after two 'up's" || fail "$n namespaces, expected $want"
if $LAB verify; then pass "real servers reachable from $SCAN"; else fail "lab.sh verify"; fi
if out=$(/usr/bin/python3 "$HERE/check-devices.py" "$STATE/devices.tsv"); then
    pass "devices.tsv: vendors match oui.csv, ports and crash ports match sims.json"
else
    fail "devices.tsv: $out"
fi

# ------------------------------------------------------------------ 2
step "2. polite sequence must not crash anything"
$LAB reset-counters
if ip netns exec "$SCAN" $PROBE polite --devices "$STATE/devices.tsv"; then
    pass "every polite probe answered"
else
    fail "some polite probe got no answer"
fi
sleep 1
if out=$($LAB crashed); then pass "no simulator crashed"; else fail "polite traffic crashed: $out"; fi
for ip in $(fragile_ips); do
    f=$($LAB frames "$ip")
    [ "$f" -gt 0 ] && pass "$ip counted $f frames" || fail "$ip counted no frames (watcher blind?)"
done
$LAB status | awk 'NR > 1 && $3 == "fragile"'
n=$($LAB hl7-received)
[ "$n" -eq 0 ] && pass "HL7 listener received nothing" || fail "HL7 listener received $n item(s)"

# ------------------------------------------------------------------ 3
step "3. nmap -sS -T4 -O must crash every fragile simulator"
ips=$(fragile_ips | tr '\n' ' ')
echo "ip netns exec $SCAN nmap -n -sS -T4 -O $ips"
ip netns exec "$SCAN" nmap -n -sS -T4 -O $ips > "$STATE/nmap.out" 2>&1 &
NMAP_PID=$!
deadline=$(( $(date +%s) + 120 ))
while :; do
    n=$($LAB crashed | wc -l || true)
    [ "$n" -ge "$(echo $ips | wc -w)" ] && break
    [ "$(date +%s)" -ge "$deadline" ] && break
    kill -0 "$NMAP_PID" 2>/dev/null || { sleep 1; break; }
    sleep 0.5
done
kill "$NMAP_PID" 2>/dev/null || true
wait "$NMAP_PID" 2>/dev/null || true
NMAP_PID=""
crashed=$($LAB crashed || true)
echo "$crashed" | sed 's/^/      /'
for ip in $ips; do
    echo "$crashed" | grep -q "^$ip " && pass "nmap crashed $ip" || fail "nmap did not crash $ip"
done

# ------------------------------------------------------------------ 4
if [ "${CONTROL_TEST_RULES:-1}" != 0 ]; then
    step "4. each crash rule on its own"
    rule() {   # IP EXPECTED-CODE TRIGGER-ARGS...
        local ip=$1 code=$2 got
        shift 2
        $LAB revive "$ip" 2> /dev/null
        if $LAB crashed | grep -q "^$ip "; then fail "could not revive $ip"; return; fi
        ip netns exec "$SCAN" $PROBE trigger "$@" || true
        sleep 0.5
        got=$($LAB crashed | awk -v ip="$ip" '$1 == ip { sub(/^[^ ]+ /, ""); print; exit }' || true)
        case $got in
            "$code":*) pass "$* -> $got" ;;
            *) fail "$* -> expected $code, got '${got:-no crash}'" ;;
        esac
    }
    rule 198.18.0.20 rate          arp-storm 198.18.0.20
    rule 198.18.0.20 closed-syn    sweep 198.18.0.20
    for f in null fin xmas synfin urg ece; do
        rule 198.18.0.20 tcp-flags flags:$f 198.18.0.20 80
    done
    rule 198.18.0.20 tcp-closed    nonsyn-closed 198.18.0.20
    rule 198.18.0.20 udp-closed    udp 198.18.0.20 40999
    rule 198.18.0.20 ip-fragment   frag 198.18.0.20
    rule 198.18.0.20 icmp-odd      icmp-odd 198.18.0.20
    rule 198.18.0.20 maxconn       maxconn 198.18.0.20 80
    rule 198.18.0.21 connect-port  connect 198.18.0.21 21
    rule 198.18.0.21 data-port     udp 198.18.0.21 24105
    rule 198.18.0.22 data-port     data 198.18.0.22 10001
    rule 198.18.0.23 data-port     data 198.18.0.23 9100
    rule 198.18.0.23 data-port     data 198.18.0.23 515
    rule 198.18.0.23 malformed-snmp snmp-garbage 198.18.0.23
    rule 198.18.0.24 data-port     data 198.18.0.24 21
    rule 198.18.0.25 data-port     data 198.18.0.25 2000
    rule 198.18.0.25 malformed-http http-garbage 198.18.0.25 80
    # one UDP broadcast to a port nobody serves takes every simulator down
    $LAB revive 2> /dev/null
    ip netns exec "$SCAN" $PROBE trigger udp-bcast 40998
    sleep 0.5
    n=$($LAB crashed | grep -c ' udp-closed: .*(broadcast)' || true)
    [ "$n" -eq "$(echo $ips | wc -w)" ] && pass "one UDP broadcast crashed all $n simulators (F12)" ||
        fail "UDP broadcast crashed $n simulators"
fi

# ------------------------------------------------------------------ 5
step "5. lab down"
$LAB down
n=$(ip netns list | awk '{ print $1 }' | grep -c "^$P-" || true)
[ "$n" -eq 0 ] && pass "no namespace left" || fail "$n namespace(s) left"
[ ! -d "$STATE" ] && pass "state directory removed" || fail "$STATE still exists"

echo
if [ "$FAILS" -eq 0 ]; then echo "control-test: all assertions passed"; exit 0; fi
echo "control-test: $FAILS assertion(s) failed"
exit 1
