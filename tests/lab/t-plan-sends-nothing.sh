#!/bin/sh
# "iomtscan plan" sends nothing at all: after planning the whole lab
# network from the scanner namespace, every fragile-device simulator has
# received zero frames, none crashed, and the plan still reports the
# passive subnet and the excluded host it was given.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
export IOMT_ETCDIR="$T/etc"
mkdir -p "$T/etc"
fragile=$(awk -F'\t' '$4 == "fragile" { print $1 }' "$DEVICES")
[ -n "$fragile" ] || { echo "no fragile device in $DEVICES"; exit 1; }
victim=$(echo "$fragile" | head -1)
printf 'format 1\nsubnet 198.18.0.16/28 level passive\nexclude %s\n' \
    "$victim" >"$T/policy.conf"
# An inventory that knows the lab (a listen of the recorded capture) so
# known hosts are planned too; plan must not touch them either.
"$IOMT" listen -q -r "$IOMT_SRCDIR/tests/fixtures/listen/capture.pcap" \
    --db "$DB" 2>/dev/null
bash "$LAB" reset-counters --name "$NAME" >/dev/null 2>&1
sleep 1
in_scan "$IOMT" plan --db "$DB" --policy "$T/policy.conf" \
    --format json --save "$T/plan.json" 198.18.0.0/24 >"$T/plan.out"
check "plan exited 0" [ $? = 0 ]
sleep 1
for ip in $fragile; do
	frames=$(bash "$LAB" frames "$ip" --name "$NAME")
	check "plan sent nothing to $ip (frames: $frames)" [ "$frames" = 0 ]
done
check "no fragile-device simulator crashed" crashed_none
check "plan JSON names the passive subnet and the exclusion" $PY - \
    "$T/plan.json" "$victim" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
victim = sys.argv[2]
ok_passive = any(g["level"] == "passive" and g["max_packets"] == 0
                 for g in d["groups"])
ex = [e for e in d["groups"] + d["hosts"] if e["excluded"]]
sys.exit(0 if ok_passive and ex else 1)
PY
finish
