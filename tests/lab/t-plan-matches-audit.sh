#!/bin/sh
# The plan a change board approves is what the engine sends: plan the lab
# network, scan it, and compare host by host the packets the plan promised
# with the packets the audit log shows (tests/lab/plan_vs_audit.py): each
# host's sent <= promised, nothing beyond the plan's port lists, and exact
# where the plan is exact.  Then again with the inventory the first scan
# left, where the plan lists the known hosts one by one.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
NET=198.18.0.0/24
round() {	# label
	dbarg=""
	[ -f "$DB" ] && dbarg="--db $DB"
	in_scan "$IOMT" plan $dbarg --format json --save "$T/plan-$1.json" \
	    "$NET" >/dev/null 2>"$T/plan-$1.err"
	check "$1: plan saved" [ -s "$T/plan-$1.json" ]
	iomt_scan "$NET"
	check "$1: scan exits 0" [ $? = 0 ]
	id=$(sqlite3 "$DB" "SELECT max(id) FROM scans;")
	$PY "$IOMT_SRCDIR/tests/lab/plan_vs_audit.py" "$T/plan-$1.json" "$DB" \
	    "$id" >"$T/cmp-$1.txt" 2>&1
	rc=$?
	cat "$T/cmp-$1.txt"
	check "$1: every host got at most what the plan promised (exact where exact)" \
	    [ "$rc" = 0 ]
}
round new
known=$(sqlite3 "$DB" "SELECT count(*) FROM hosts;")
check "the first scan left hosts in the inventory ($known)" [ "$known" -gt 5 ]
round known
check "the second plan lists known hosts" $PY -c '
import json, sys
sys.exit(0 if len(json.load(open(sys.argv[1]))["hosts"]) > 5 else 1)' \
    "$T/plan-known.json"
check "no fragile-device simulator crashed" crashed_none
finish
