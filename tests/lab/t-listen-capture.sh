#!/bin/sh
# "iomtscan listen -i" records the lab's IntelliVue simulator from its
# connect-indication broadcasts alone, marks it as a fragile Philips
# monitor, and sends nothing: every simulator's frame counter stays at
# zero and none crashes.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
export IOMT_ETCDIR="$T/etc"
mkdir -p "$T/etc"
fragile=$(awk -F'\t' '$4 == "fragile" { print $1 }' "$DEVICES")
ivue=$(awk -F'\t' '$3 == "intellivue" { print $1 }' "$DEVICES")
[ -n "$ivue" ] || { echo "no intellivue device in $DEVICES"; exit 1; }
bash "$LAB" reset-counters --name "$NAME" >/dev/null 2>&1
# The simulator broadcasts every 5 s; listen for 12.
in_scan "$IOMT" listen -q -i eth0 -t 12 --db "$DB"
check "listen exited 0" [ $? = 0 ]
for ip in $fragile; do
	frames=$(bash "$LAB" frames "$ip" --name "$NAME")
	check "listen sent nothing to $ip (frames: $frames)" [ "$frames" = 0 ]
done
"$IOMT" export --format json --db "$DB" >"$T/inv.json"
check "the IntelliVue monitor $ivue is in the inventory with its MAC" \
    $PY - "$T/inv.json" "$ivue" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
h = [h for h in d["hosts"] if h["ip"] == sys.argv[2]]
sys.exit(0 if h and (h[0].get("mac") or "").startswith("00:09:fb") else 1)
PY
"$IOMT" profiles test "$ivue" --db "$DB" >"$T/test.out"
check "it matches philips-intellivue-monitor" \
    grep -q 'philips-intellivue-monitor' "$T/test.out"
check "no fragile-device simulator crashed" crashed_none
finish
