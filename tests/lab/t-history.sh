#!/bin/sh
# Two scans into one database keep history: no duplicate hosts or
# services, first_seen kept, last_seen advanced, both scans recorded.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
iomt_scan --ports 80,104,1883,4242 198.18.0.0/24
first=$(sqlite3 "$DB" 'SELECT ip, first_seen FROM hosts ORDER BY ip;')
n1=$(sqlite3 "$DB" 'SELECT count(*) FROM hosts;')
s1=$(sqlite3 "$DB" 'SELECT count(*) FROM services;')
sleep 2
iomt_scan --ports 80,104,1883,4242 198.18.0.0/24
n2=$(sqlite3 "$DB" 'SELECT count(*) FROM hosts;')
s2=$(sqlite3 "$DB" 'SELECT count(*) FROM services;')
second=$(sqlite3 "$DB" 'SELECT ip, first_seen FROM hosts ORDER BY ip;')
check "host count unchanged ($n1 -> $n2)" [ "$n1" = "$n2" ]
check "service count unchanged ($s1 -> $s2)" [ "$s1" = "$s2" ]
check "first_seen kept" [ "$first" = "$second" ]
adv=$(sqlite3 "$DB" 'SELECT count(*) FROM hosts WHERE last_seen > first_seen;')
# Hosts that the first scan matched to a passive fragile profile are held
# back by the second before any packet, so they are not seen again.
held=$(sqlite3 "$DB" "SELECT count(*) FROM host_scans WHERE scan_id = (SELECT max(id) FROM scans) AND state = 'held';")
check "last_seen advanced for every host probed again ($adv + $held held = $n2)" [ $((adv + held)) = "$n2" ]
check "the second scan held the passive fragile devices back ($held)" [ "$held" -ge 2 ]
scans=$(sqlite3 "$DB" "SELECT count(*) FROM scans WHERE status = 'complete';")
check "two complete scans recorded ($scans)" [ "$scans" = 2 ]
check "no fragile-device simulator crashed" crashed_none
finish
