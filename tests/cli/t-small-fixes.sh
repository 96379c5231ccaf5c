#!/bin/sh
# Smaller things a new user meets: no -wal/-shm left after a clean exit;
# script test names the fixture's host; profiles list ends cut cells with
# an ellipsis, measured in display columns; "help CMD" prints CMD's usage;
# listen -r prints a header; nmap's -p and --excludefile are accepted.
# Nothing here sends a packet (listen -r, plan, script test).
. "$IOMT_SRCDIR/tests/cli/lib.sh"
export IOMT_ETCDIR="$T/etc"
mkdir -p "$T/etc"
CAP="$IOMT_SRCDIR/tests/fixtures/listen/capture.pcap"
nofile() {	# what file...
	for f in "$@"; do
		[ ! -e "$f" ] || { echo "FAIL: $f left behind"; fails=$((fails+1)); }
	done
}

# Clean exits leave the database alone, without -wal or -shm.
expect_rc 0 "$IOMT" listen -r "$CAP" --db "$T/inv.db"
[ -s "$T/inv.db" ] || { echo "FAIL: listen -r stored nothing"; fails=$((fails+1)); }
nofile "$T/inv.db-wal" "$T/inv.db-shm"
expect_rc 0 "$IOMT" hosts --db "$T/inv.db"
expect_rc 0 "$IOMT" export --db "$T/inv.db"
nofile "$T/inv.db-wal" "$T/inv.db-shm"
expect_rc 0 "$IOMT" listen -r "$CAP" --db "$T/inv.db"
nofile "$T/inv.db-wal" "$T/inv.db-shm"

# listen -r: the table has a header.
head -1 "$T/out" | grep -q '^IP  *MAC  *FRAMES' ||
    { echo "FAIL: listen -r table has no header"; head -2 "$T/out"; fails=$((fails+1)); }

# script test: messages name the fixture's host, not 127.0.0.1.
FX="$IOMT_SRCDIR/tests/fixtures/probes/dcm4che/archive-with-web"
grep -q '"198.18.0.10"' "$FX/host.json" || { echo "FAIL: fixture host changed"; fails=$((fails+1)); }
mkdir -p "$T/probes"
sed 's/^\(\s*\)identify = function(host)/\1identify = function(host)\n\1host:exchange({port = 1, send = "x"})/' \
    "$IOMT_SRCDIR/probes/dcm4che.lua" >"$T/probes/dcm4che.lua"
"$IOMT" script test "$T/probes/dcm4che.lua" --fixture "$FX" -v >"$T/out" 2>"$T/err"
grep -q 'with 198\.18\.0\.10 refused' "$T/err" ||
    { echo "FAIL: script test error does not name 198.18.0.10"; sed 's/^/  /' "$T/err" | head -3; fails=$((fails+1)); }
if grep -q '127\.0\.0\.1' "$T/out" "$T/err"; then
	echo "FAIL: script test names 127.0.0.1"; fails=$((fails+1))
fi

# profiles list: long and wide names are cut with an ellipsis, columns kept.
{ echo "format 1"
  awk '/^profile /{c++} c==1' "$IOMT_SRCDIR/data/profiles.conf" |
    sed 's/^profile .*/profile site-infusion-pump-ward-3-north-wing/; s/^  vendor .*/  vendor     輸液ポンプ管理システム株式会社/'
} >"$T/local.conf"
expect_rc 0 "$IOMT" profiles list --profiles-local "$T/local.conf"
line=$(grep '^site-infusion' "$T/out")
case $line in
"site-infusion-pump-ward-3-n… passive   patient-monitor  輸液ポンプ管理システ…  "*) ;;
*) echo "FAIL: profiles list cell: '$line'"; fails=$((fails+1)) ;;
esac

# help CMD prints CMD's usage.
for c in scan plan listen profiles; do
	expect_rc 0 "$IOMT" help "$c"
	head -1 "$T/out" | grep -q "^usage: iomtscan $c" ||
	    { echo "FAIL: help $c: $(head -1 "$T/out")"; fails=$((fails+1)); }
done
expect_rc 2 "$IOMT" help no-such-command && expect_err "unknown command 'no-such-command'"

# nmap spellings: -p LIST, -pLIST, --excludefile FILE.
expect_rc 0 "$IOMT" plan -p 80,8080 198.19.255.77
grep -q 'TCP connects (2): 80,8080' "$T/out" || { echo "FAIL: -p 80,8080"; fails=$((fails+1)); }
expect_rc 0 "$IOMT" plan -p8080 198.19.255.77
grep -q 'TCP connects (1): 8080' "$T/out" || { echo "FAIL: -p8080"; fails=$((fails+1)); }
echo 198.19.255.77 >"$T/ex.txt"
expect_rc 0 "$IOMT" plan --excludefile "$T/ex.txt" 198.19.255.76-77
grep -q '^Total: 1 addresses' "$T/out" || { echo "FAIL: --excludefile"; grep Total "$T/out"; fails=$((fails+1)); }
expect_rc 2 "$IOMT" scan --db "$T/x.db" -p 0 198.19.255.77 && expect_err "bad port"
nofile "$T/x.db"
finish
