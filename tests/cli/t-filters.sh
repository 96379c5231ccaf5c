#!/bin/sh
# t-filters.sh - the filters of `hosts` and `export` on a real inventory
# built by a loopback scan (127.0.0.1 with a plain service, 127.0.0.3
# with VNC): --finding by id and by severity, --subnet, --unmanaged (a
# ledger ID given with annotate makes a host managed), --seen-since with
# dates and durations, --class and --vendor, the same hosts in the table,
# JSON and CSV; bad values exit 2 with a message naming the option.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skip: no python3"; exit 77; }
python3 -c '
import socket, sys, select
a = socket.socket(); a.bind(("127.0.0.1", 0)); a.listen(8)
port = a.getsockname()[1]
v = socket.socket(); v.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
v.bind(("127.0.0.3", 5900)); v.listen(8)
print(port, flush=True)
sys.stdout.close()
while True:
    for s in select.select([a, v], [], [])[0]:
        c, _ = s.accept()
        if s is v:
            c.send(b"RFB 003.008\n")
        c.close()
' >"$T/port" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/port" ] && break; sleep 0.2; done
PORT=$(cat "$T/port")
[ -n "$PORT" ] || { echo "skip: cannot listen on 127.0.0.3:5900"; exit 77; }
DB="$T/inv.db"
expect_rc 0 "$IOMT" scan --db "$DB" -q -p "$PORT,5900" 127.0.0.1 127.0.0.3

# hosts_of ARGS...: the addresses `hosts` lists, space separated.
hosts_of() {
	"$IOMT" hosts --db "$DB" "$@" >"$T/h" 2>"$T/herr" || { echo "FAIL: hosts $* exited $?"; cat "$T/herr"; fails=$((fails + 1)); }
	awk '$1 ~ /^127\./ { printf "%s%s", sep, $1; sep = " " }' "$T/h"
}
want() {	# expected ARGS...
	exp=$1
	shift
	got=$(hosts_of "$@")
	[ "$got" = "$exp" ] || { echo "FAIL: hosts $*: got '$got', expected '$exp'"; fails=$((fails + 1)); }
	# JSON and CSV exports list the same hosts.
	j=$("$IOMT" export --db "$DB" "$@" | python3 -c 'import json,sys; print(" ".join(h["ip"] for h in json.load(sys.stdin)["hosts"]))')
	[ "$j" = "$exp" ] || { echo "FAIL: export $*: got '$j', expected '$exp'"; fails=$((fails + 1)); }
	c=$("$IOMT" export --db "$DB" --format csv "$@" | python3 -c '
import csv, sys
seen = []
for r in csv.DictReader(sys.stdin):
    if r["ip"] not in seen: seen.append(r["ip"])
print(" ".join(seen))')
	[ "$c" = "$exp" ] || { echo "FAIL: export --format csv $*: got '$c', expected '$exp'"; fails=$((fails + 1)); }
}
want "127.0.0.1 127.0.0.3"
want "127.0.0.3" --finding remote-access-vnc
want "127.0.0.3" --finding medium
want "127.0.0.3" --finding low
want "" --finding high
want "" --finding cleartext-http
want "127.0.0.1" --subnet 127.0.0.0/31
want "127.0.0.1 127.0.0.3" --subnet 127.0.0.0/8
want "127.0.0.3" --subnet 127.0.0.3
want "127.0.0.1 127.0.0.3" --unmanaged
expect_rc 0 "$IOMT" annotate --db "$DB" 127.0.0.3 --ledger-id ME-7 --owner 放射線科
want "127.0.0.1" --unmanaged
expect_rc 0 "$IOMT" annotate --db "$DB" 127.0.0.3 --owner 臨床工学部
want "127.0.0.1" --unmanaged	# an owner alone does not make it managed
want "" --unmanaged --finding remote-access-vnc
want "127.0.0.1 127.0.0.3" --seen-since 1d
want "127.0.0.1 127.0.0.3" --seen-since 2000-01-01
want "" --seen-since 2999-01-01
want "" --seen-since 2999-01-01T00:00:00Z
want "" --fragile
want "" --class infusion-pump
want "" --vendor Philips
hosts_of --class infusion-pump >/dev/null
grep -q "No host in the inventory matches" "$T/h" || { echo "FAIL: an empty filtered table says nothing"; fails=$((fails + 1)); }

for bad in "--class pump" "--subnet 127.0.0.0/33" "--subnet 300.1.1.1/8" "--subnet 127.0.0.0/x" \
    "--finding CRITICAL" "--seen-since yesterday" "--seen-since 7" "--seen-since 7y" \
    "--seen-since 2026-13-01" "--seen-since -3d" "--vendor="; do
	# shellcheck disable=SC2086
	expect_rc 2 "$IOMT" hosts --db "$DB" $bad
	opt=${bad%% *}
	opt=${opt%%=*}
	expect_err "iomtscan hosts: $opt"
	# shellcheck disable=SC2086
	expect_rc 2 "$IOMT" export --db "$DB" $bad
done
expect_rc 2 "$IOMT" hosts --db "$DB" --class pmp
expect_err "did you mean 'pacs'"
expect_rc 2 "$IOMT" show --db "$DB" --fragile 127.0.0.1
expect_err 'filters hosts and export only'
finish
