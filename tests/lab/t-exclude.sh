#!/bin/sh
# An excluded host receives zero frames (ARP included) and is not in the
# inventory; the others are still scanned.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
victim=$(awk -F'\t' '$4 == "fragile" { print $1; exit }' "$DEVICES")
[ -n "$victim" ] || { echo "no fragile device in $DEVICES"; exit 1; }
bash "$LAB" reset-counters --name "$NAME" >/dev/null 2>&1
iomt_scan --exclude "$victim" --ports 80,104 198.18.0.0/24
frames=$(bash "$LAB" frames "$victim" --name "$NAME")
check "excluded $victim received 0 frames (got $frames)" [ "$frames" = 0 ]
"$IOMT" export --format json --db "$DB" >"$T/inv.json"
check "excluded host absent, others found" $PY "$IOMT_SRCDIR/tests/lab/check_inventory.py" \
    "$T/inv.json" "$DEVICES" --ports 80,104 --absent "$victim"
check "no fragile-device simulator crashed" crashed_none
finish
