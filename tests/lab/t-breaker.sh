#!/bin/sh
# The circuit breaker: a device that stops answering in the middle of a
# scan (its link goes down) is left alone after --breaker consecutive
# timeouts, recorded as "breaker" ("check this device"), never retried,
# and the scan ends with status 1.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
lab_up
ip netns exec "$NAME-scan" "$IOMT" scan --db "$DB" -q --no-snmp \
    --ports 104,20001,20002,20003,20004,20005,20006,20007,20008,20009,20010,20011,20012 \
    198.18.0.10 &
pid=$!
sleep 3
ip -n "$NAME-storescp" link set eth0 down
down_us=$(date +%s%6N)
wait "$pid"
rc=$?
check "scan ends with status 1 (got $rc)" [ "$rc" = 1 ]
st=$(sqlite3 "$DB" "SELECT hs.state || ': ' || coalesce(hs.reason, '') FROM host_scans hs JOIN hosts h ON h.id = hs.host_id WHERE h.ip = '198.18.0.10';")
check "host recorded as breaker ($st)" sh -c "echo '$st' | grep -q '^breaker: 3 consecutive'"
after=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE ip = '198.18.0.10' AND t_us > $down_us;")
check "at most 3 probes after the device went quiet ($after)" [ "$after" -le 3 ]
total=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE ip = '198.18.0.10' AND kind = 'tcp-connect';")
check "the rest of the port list was never tried ($total of 13 connects)" [ "$total" -lt 13 ]
"$IOMT" hosts --db "$DB" >"$T/hosts"
check "hosts table flags the device" grep -q "check device" "$T/hosts"
finish
