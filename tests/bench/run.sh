#!/bin/bash
# run.sh - `make bench`: iomtscan's benchmarks, end to end and unattended.
#
# Why it exists: issues 2, 3 and 4 set performance and safety targets
# (a /24 within 1.5x of the pacing floor, little memory and CPU, fewer
# packets than nmap -sV for at least as many identified services, fewer
# frames at the fragile devices than nmap).  This script measures them,
# side by side with nmap, on the namespace lab (contrib/lab/lab.sh) so the
# numbers in docs/BENCHMARKS.md can be reproduced on any Debian 12 box.
#
# Three parts (IOMT_BENCH_PARTS, default "scale ident safety"):
#   scale   lab.sh bench-up: 253 addresses filling 198.18.1.0/24.
#           iomtscan default, --rate 1000 and --level discovery; nmap -sn,
#           nmap -sT -T2 and -T4 with iomtscan's default port list; then
#           iomtscan default again on lab.sh's own layout (the bench /24
#           on a second address of the scanner's interface).
#   ident   lab.sh up: the six real servers (DCMTK x2, Orthanc, snmpd,
#           mosquitto, HL7).  iomtscan default against nmap -sV (SYN and
#           connect), both with UDP 161.  No nmap -sV at the simulators.
#   safety  lab.sh up, re-created before each run: the whole lab /24 with
#           iomtscan default, nmap default (-sS, top 1000) and nmap -sV;
#           frames each fragile simulator counted and which crashed.
#
# Every tool runs inside the lab's scanner namespace; every frame it sends
# is captured there (tcpdump, filtered on the scanner's MAC) and counted
# afterwards.  Wall time, CPU and peak RSS come from GNU time -v.  Raw
# files go to $IOMT_BUILDDIR/bench-results/ (the previous run is kept as
# bench-results.prev); tests/bench/report.py turns them into results.json,
# tables.md and the summary printed at the end.
#
# Traffic stays inside namespaces lab.sh creates (198.18.0.0/15); the lab
# is torn down on exit, also on failure or interrupt.  Needs root, nmap,
# tcpdump and GNU time (contrib/install-deps.sh --test).  Takes about 14
# minutes on two cores.
#
# Environment: IOMT_BUILDDIR, IOMT_SRCDIR (set by make), IOMT_BENCH_LAB
# (lab name, default iomtb), IOMT_BENCH_PARTS, IOMT_BENCH_HOSTS (default
# 253), IOMT_BENCH_NMAP_TIMEOUT (seconds per nmap run, default 900),
# IOMT_BENCH_NMAP_HOST_TIMEOUT (nmap --host-timeout in the safety part,
# default 120s).
# make runs it with sh: carry on in bash
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
export LC_ALL=C

SRC=${IOMT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BLD=${IOMT_BUILDDIR:-$(pwd)}
export IOMT_DATADIR="$SRC"
IOMT=$BLD/iomtscan
LABSH=$SRC/contrib/lab/lab.sh
NAME=${IOMT_BENCH_LAB:-iomtb}
PARTS=${IOMT_BENCH_PARTS:-scale ident safety inventory advisories}
HOSTS=${IOMT_BENCH_HOSTS:-253}
NMAP_TO=${IOMT_BENCH_NMAP_TIMEOUT:-900}
# nmap keeps probing a crashed simulator (it looks filtered) for a quarter
# of an hour; the safety runs bound that with a host timeout.  It cannot
# change what the simulators count: a crashed one has its link down.
HOST_TO=${IOMT_BENCH_NMAP_HOST_TIMEOUT:-120s}
OUT=$BLD/bench-results
SCAN_NS=$NAME-scan
SCAN_MAC=02:10:0d:00:00:02	# lab.sh: the scanner's MAC
BENCH_NET=198.18.1		# lab.sh bench_ip(): first bench /24
LAB_NET=198.18.0		# lab.sh: the device lab
SCAN_IP=198.18.0.2
REAL_HOSTS=198.18.0.10-15	# devices.tsv: the real servers
# iomtscan's default TCP list; replaced by the ports its first scan used.
PORTS=21,22,23,80,104,135,139,443,445,631,1883,2575,2761,2762,3389,4242,5900,5938,7070,8042,8080,8443,8883,9100,11112

TD_PID=""
T0=$(date +%s)

say() { echo "bench: $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

lab() { bash "$LABSH" "$@"; }

stop_capture() {
	if [ -n "$TD_PID" ]; then
		kill -INT "$TD_PID" 2>/dev/null
		wait "$TD_PID" 2>/dev/null
		TD_PID=""
	fi
}

cleanup() {
	stop_capture
	lab down --name "$NAME" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM HUP

# ------------------------------------------------------------ checks

[ "$(id -u)" -eq 0 ] || { echo "bench: must run as root (network namespaces)" >&2; exit 77; }
[ -x "$IOMT" ] || die "no $IOMT: run make first"
for t in tcpdump python3 ip; do
	command -v "$t" >/dev/null 2>&1 || die "$t is missing (contrib/install-deps.sh --test)"
done
[ -x /usr/bin/time ] || die "GNU time is missing: apt-get install time"
HAVE_NMAP=1
command -v nmap >/dev/null 2>&1 || { HAVE_NMAP=0; say "nmap not installed: nmap rows are skipped"; }
case $NAME in
	''|*[!A-Za-z0-9]*) die "bad IOMT_BENCH_LAB '$NAME'" ;;
esac
case $HOSTS in
	''|*[!0-9]*) die "IOMT_BENCH_HOSTS must be a number" ;;
esac
if [ "$HOSTS" -lt 1 ] || [ "$HOSTS" -gt 253 ]; then
	die "IOMT_BENCH_HOSTS must be 1..253 (one /24 of bench addresses)"
fi

if [ -d "$OUT" ]; then
	rm -rf "$OUT.prev"
	mv "$OUT" "$OUT.prev"
fi
mkdir -p "$OUT"
RUNS=$OUT/runs.tsv
printf 'tag\tpart\ttool\tlabel\ttargets\thosts\trc\n' > "$RUNS"

{
	echo "date: $(date -u +%FT%TZ)"
	echo "host: $(uname -srm)"
	echo "os: Debian $(cat /etc/debian_version 2>/dev/null || echo '?')"
	echo "cpu: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
	echo "mem: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "loadavg-start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "iomtscan: $("$IOMT" --version 2>&1 | head -1) ($IOMT)"
	echo "source: $(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo '?')$(
	    git -C "$SRC" diff --quiet HEAD -- src include 2>/dev/null || echo ' (src/ or include/ modified)')"
	echo "configure: $(sed -n 's/^  \$ \(.*configure.*\)$/\1/p' "$BLD/config.log" 2>/dev/null | head -1)"
	echo "cflags: $(sed -n 's/^CFLAGS = //p' "$BLD/Makefile" 2>/dev/null | head -1)"
	[ "$HAVE_NMAP" = 1 ] && echo "nmap: $(nmap --version | head -1)"
	echo "tcpdump: $(tcpdump --version 2>&1 | head -1)"
	echo "other-namespaces: $(ip netns list | awk '{ print $1 }' | grep -vc "^$NAME-")"
} > "$OUT/meta.txt"

# ------------------------------------------------------------ helpers

# capture TAG: record every frame the scanner namespace sends
capture() {
	local tag=$1
	ip netns exec "$SCAN_NS" tcpdump -i eth0 -n -U -s 128 \
	    -w "$OUT/$tag.pcap" "ether src $SCAN_MAC" \
	    > /dev/null 2> "$OUT/$tag.tcpdump.log" &
	TD_PID=$!
	for _ in $(seq 50); do
		grep -q 'listening on' "$OUT/$tag.tcpdump.log" 2>/dev/null && return 0
		sleep 0.1
	done
	die "tcpdump did not start: $(cat "$OUT/$tag.tcpdump.log")"
}

# measure TAG PART TOOL LABEL TARGETS HOSTS CMD...: run CMD in the scanner
# namespace under GNU time with a capture around it
measure() {
	local tag=$1 part=$2 tool=$3 label=$4 targets=$5 hosts=$6 rc t
	shift 6
	say "$part: $label ($*)"
	capture "$tag"
	t=$(date +%s.%N)
	ip netns exec "$SCAN_NS" /usr/bin/time -v -o "$OUT/$tag.time" "$@" \
	    > "$OUT/$tag.stdout" 2> "$OUT/$tag.stderr" < /dev/null
	rc=$?
	sleep 0.5	# the last FINs and ACKs
	stop_capture
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tag" "$part" "$tool" "$label" \
	    "$targets" "$hosts" "$rc" >> "$RUNS"
	say "  rc $rc, $(awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s," \
	    "$(tcpdump -r "$OUT/$tag.pcap" -n 2>/dev/null | wc -l) frames"
	return 0
}

# iomt TAG PART LABEL TARGETS HOSTS ARGS...: an iomtscan scan into its own
# database, then its audit log and JSON export next to it
iomt() {
	local tag=$1 part=$2 label=$3 targets=$4 hosts=$5
	shift 5
	rm -f "$OUT/$tag.db" "$OUT/$tag.db-wal" "$OUT/$tag.db-shm"
	measure "$tag" "$part" iomtscan "$label" "$targets" "$hosts" \
	    timeout -s INT 900 "$IOMT" scan -v --db "$OUT/$tag.db" "$@"
	"$IOMT" audit --db "$OUT/$tag.db" > "$OUT/$tag.audit" 2>/dev/null
	"$IOMT" export --format json --db "$OUT/$tag.db" > "$OUT/$tag.json" 2>/dev/null
	"$IOMT" hosts --db "$OUT/$tag.db" > "$OUT/$tag.hosts" 2>/dev/null
}

# nmaprun TAG PART LABEL TARGETS HOSTS ARGS...
nmaprun() {
	local tag=$1 part=$2 label=$3 targets=$4 hosts=$5
	shift 5
	if [ "$HAVE_NMAP" != 1 ]; then
		printf '%s\t%s\tnmap\t%s\t%s\t%s\tskipped\n' "$tag" "$part" "$label" \
		    "$targets" "$hosts" >> "$RUNS"
		return 0
	fi
	measure "$tag" "$part" nmap "$label" "$targets" "$hosts" \
	    timeout "$NMAP_TO" nmap -n -oX "$OUT/$tag.xml" "$@"
}

# sims TAG: what the fragile simulators counted after run TAG
sims() {
	local tag=$1
	sleep 1		# simulators write their state at most every 0.25 s
	lab status --name "$NAME" > "$OUT/$tag.lab-status" 2>&1
	lab crashed --name "$NAME" > "$OUT/$tag.crashed" 2>&1
	mkdir -p "$OUT/$tag.sim"
	cp /run/iomt-lab/"$NAME"/sim/*.json "$OUT/$tag.sim/" 2>/dev/null
	lab devices --name "$NAME" > "$OUT/devices.tsv" 2>/dev/null
}

lab_up() {	# ARGS for lab.sh (up or bench-up)
	if ! lab "$@" --name "$NAME" > "$OUT/lab-$1.log" 2>&1; then
		tail -20 "$OUT/lab-$1.log" >&2
		die "lab.sh $1 failed"
	fi
}

# ------------------------------------------------------------ scale

part_scale() {
	local net=$BENCH_NET.0/24 p
	say "scale: lab.sh bench-up --hosts $HOSTS"
	lab down --name "$NAME" > /dev/null 2>&1
	lab_up bench-up --hosts "$HOSTS"
	cp "$SRC/contrib/lab/sims.json" "$OUT/sims.json"

	# lab.sh adds the bench subnet's gateway address (.1) to the scanner's
	# eth0 after 198.18.0.2/24.  The main runs make the bench address the
	# interface's first one, as on a scanner that sits in the /24 it
	# scans; the last run measures the scan as the lab builds it (the
	# bench subnet on a second address of the interface).
	ip -n "$SCAN_NS" addr del "$SCAN_IP/24" dev eth0
	ip -n "$SCAN_NS" addr add "$SCAN_IP/24" dev eth0
	ip -n "$SCAN_NS" -4 addr show dev eth0 > "$OUT/scale-scanner-addrs.txt"

	iomt scale-default scale "iomtscan scan (defaults)" "$net" "$HOSTS" "$net"
	# nmap gets exactly the TCP ports iomtscan's default scan checked
	p=$(awk 'NR > 1 && $4 == "tcp-connect" { sub("/tcp", "", $3); print $3 }' \
	    "$OUT/scale-default.audit" | sort -n | uniq | paste -sd, -)
	[ -n "$p" ] && PORTS=$p
	echo "$PORTS" > "$OUT/ports.txt"
	iomt scale-rate1000 scale "iomtscan scan --rate 1000" "$net" "$HOSTS" \
	    --rate 1000 "$net"
	iomt scale-discovery scale "iomtscan scan --level discovery" "$net" \
	    "$HOSTS" --level discovery "$net"
	nmaprun scale-nmap-sn scale "nmap -sn" "$net" "$HOSTS" \
	    -sn --exclude "$BENCH_NET.1" "$net"
	nmaprun scale-nmap-t2 scale "nmap -sT -T2 -p LIST" "$net" "$HOSTS" \
	    -sT -T2 -p "$PORTS" --exclude "$BENCH_NET.1" "$net"
	nmaprun scale-nmap-t4 scale "nmap -sT -T4 -p LIST" "$net" "$HOSTS" \
	    -sT -T4 -p "$PORTS" --exclude "$BENCH_NET.1" "$net"

	ip -n "$SCAN_NS" addr del "$BENCH_NET.1/24" dev eth0
	ip -n "$SCAN_NS" addr add "$BENCH_NET.1/24" dev eth0
	ip -n "$SCAN_NS" -4 addr show dev eth0 > "$OUT/scale-scanner-addrs2.txt"
	iomt scale-secondary scale "iomtscan default, bench /24 on a 2nd address" \
	    "$net" "$HOSTS" "$net"
}

# ------------------------------------------------------------ ident

part_ident() {
	say "ident: lab.sh up (real servers $REAL_HOSTS)"
	lab_up up
	iomt ident-iomtscan ident "iomtscan scan (defaults)" "$REAL_HOSTS" 6 \
	    "$REAL_HOSTS"
	nmaprun ident-nmap-sv ident "nmap -sS -sU -sV -p T:LIST,U:161" \
	    "$REAL_HOSTS" 6 -sS -sU -sV -p "T:$PORTS,U:161" "$REAL_HOSTS"
	nmaprun ident-nmap-stsv ident "nmap -sT -sU -sV -p T:LIST,U:161" \
	    "$REAL_HOSTS" 6 -sT -sU -sV -p "T:$PORTS,U:161" "$REAL_HOSTS"
	sims ident-end
}

# ------------------------------------------------------------ safety

part_safety() {
	local net=$LAB_NET.0/24
	say "safety: the whole lab $net, lab re-created before each run"
	lab_up up
	iomt safety-iomtscan safety "iomtscan scan (defaults)" "$net" 254 "$net"
	sims safety-iomtscan
	lab_up up
	nmaprun safety-nmap-default safety "nmap (default: -sS, top 1000)" \
	    "$net" 254 --host-timeout "$HOST_TO" --exclude "$SCAN_IP" "$net"
	sims safety-nmap-default
	lab_up up
	nmaprun safety-nmap-sv safety "nmap -sV (top 1000)" "$net" 254 \
	    -sV --host-timeout "$HOST_TO" --exclude "$SCAN_IP" "$net"
	sims safety-nmap-sv
}

# ------------------------------------------------------------ inventory

# Readers of a large inventory (no lab, no traffic): mkinv writes two
# complete scans of IOMT_BENCH_INV_HOSTS hosts through the db API and a
# ledger of IOMT_BENCH_LEDGER_ROWS rows; each reader runs under GNU time.
part_inventory() {
	local n=${IOMT_BENCH_INV_HOSTS:-4000} rows=${IOMT_BENCH_LEDGER_ROWS:-10000}
	local d=$OUT/inventory t
	mkdir -p "$d"
	rm -f "$d/inv.db" "$d/ledger.csv"
	say "inventory: $n hosts x 2 scans, ledger of $rows rows"
	t=$(date +%s.%N)
	"$BLD/tests/bench/mkinv" "$d/inv.db" "$d/ledger.csv" "$n" "$rows" ||
	    die "mkinv failed"
	echo "mkinv-seconds: $(echo "$(date +%s.%N) - $t" | bc)" >> "$OUT/meta.txt"
	printf 'run\twall s\tpeak RSS MB\texit\n' > "$d/results.tsv"
	inv_run() {	# name cmd...
		local name=$1
		shift
		/usr/bin/time -v "$@" > "$d/$name.out" 2> "$d/$name.time"
		local rc=$?
		local wall rss
		wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$d/$name.time" |
		    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$d/$name.time")
		printf '%s\t%s\t%.1f\t%s\n' "$name" "$wall" "$(echo "$rss / 1024" | bc -l)" "$rc" >> "$d/results.tsv"
	}
	inv_run "reconcile $rows rows (text)" "$IOMT" reconcile --db "$d/inv.db" --ledger "$d/ledger.csv"
	inv_run "reconcile $rows rows (json)" "$IOMT" reconcile --db "$d/inv.db" --ledger "$d/ledger.csv" --format json
	iconv -f UTF-8 -t CP932 "$d/ledger.csv" > "$d/ledger-cp932.csv"
	inv_run "reconcile $rows rows (CP932)" "$IOMT" reconcile --db "$d/inv.db" --ledger "$d/ledger-cp932.csv"
	if "$IOMT" help diff > /dev/null 2>&1; then
		inv_run "diff of two $n-host scans (text)" "$IOMT" diff --db "$d/inv.db"
		inv_run "diff of two $n-host scans (json)" "$IOMT" diff --db "$d/inv.db" --format json
		# mkinv's second scan: per 100 hosts 1 added, 1 removed, 1 held
		# and 6 changed (moved, replaced, model, finding, 2 telnet).
		python3 - "$d/diff of two $n-host scans (json).out" "$n" <<'PY' ||
import json, sys
d, n = json.load(open(sys.argv[1])), int(sys.argv[2])
got = [len(d[k]) for k in ("added", "removed", "not_checked", "changed")]
want = [n // 100, n // 100, n // 100, 6 * n // 100]
if got != want:
    sys.exit("diff counts %r, expected %r" % (got, want))
PY
		    die "diff of the bench inventory gave wrong counts"
	fi
	inv_run "hosts ($n hosts)" "$IOMT" hosts --db "$d/inv.db"
	inv_run "remote ($n hosts, text)" "$IOMT" remote --db "$d/inv.db"
	inv_run "remote ($n hosts, json)" "$IOMT" remote --db "$d/inv.db" --format json
	inv_run "export json ($n hosts)" "$IOMT" export --db "$d/inv.db" --format json
	for f in csv cyclonedx xlsx dot svg html; do
		inv_run "export $f ($n hosts)" "$IOMT" export --db "$d/inv.db" --format "$f"
	done
	for f in text json html; do
		inv_run "checklist $f ($n hosts)" "$IOMT" checklist --db "$d/inv.db" --format "$f"
	done
	column -t -s "$(printf '\t')" "$d/results.tsv" >&2
}

# ------------------------------------------------------------ advisories

# Advisories (no lab, no traffic): gen-csaf.py writes IOMT_BENCH_ADVISORIES
# CSAF documents (one in IOMT_BENCH_ADV_EVERY, default 50, for the makers
# and models mkinv writes, so every host gets links; a second revision of
# every tenth); they are imported into a mkinv inventory, imported again
# (nothing changes), and the views that link every host run under GNU
# time.
part_advisories() {
	local n=${IOMT_BENCH_INV_HOSTS:-4000} a=${IOMT_BENCH_ADVISORIES:-300}
	local every=${IOMT_BENCH_ADV_EVERY:-50}
	local d=$OUT/advisories
	mkdir -p "$d"
	rm -rf "$d/inv.db" "$d/csaf"
	say "advisories: $a generated advisories, $n hosts"
	"$BLD/tests/bench/mkinv" "$d/inv.db" "$d/ledger.csv" "$n" 10 ||
	    die "mkinv failed"
	python3 "$SRC/tests/bench/gen-csaf.py" "$d/csaf" "$a" "$every" ||
	    die "gen-csaf failed"
	printf 'run\twall s\tpeak RSS MB\texit\n' > "$d/results.tsv"
	adv_run() {	# name cmd...
		local name=$1
		shift
		/usr/bin/time -v "$@" > "$d/$name.out" 2> "$d/$name.time"
		local rc=$?
		local wall rss
		wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$d/$name.time" |
		    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$d/$name.time")
		printf '%s\t%s\t%.1f\t%s\n' "$name" "$wall" "$(echo "$rss / 1024" | bc -l)" "$rc" >> "$d/results.tsv"
	}
	adv_run "import $a advisories ($(ls "$d/csaf" | wc -l) files)" "$IOMT" advisories import -q --db "$d/inv.db" "$d/csaf"
	adv_run "import again (unchanged)" "$IOMT" advisories import -q --db "$d/inv.db" "$d/csaf"
	adv_run "advisories list" "$IOMT" advisories list --db "$d/inv.db"
	echo "advisory-links: $("$IOMT" export --db "$d/inv.db" --format json |
	    python3 -c 'import json, sys; print(sum(len(h["advisories"]) for h in json.load(sys.stdin)["hosts"]))')" \
	    >> "$OUT/meta.txt"
	adv_run "hosts ($n hosts, advisory counts)" "$IOMT" hosts --db "$d/inv.db"
	adv_run "export json ($n hosts)" "$IOMT" export --db "$d/inv.db" --format json
	adv_run "export cyclonedx ($n hosts)" "$IOMT" export --db "$d/inv.db" --format cyclonedx
	column -t -s "$(printf '\t')" "$d/results.tsv" >&2
}

for part in $PARTS; do
	case $part in
		inventory) part_inventory ;;
		advisories) part_advisories ;;
		scale) part_scale ;;
		ident) part_ident ;;
		safety) part_safety ;;
		*) die "unknown part '$part' (scale, ident, safety, inventory, advisories)" ;;
	esac
done
lab down --name "$NAME" > /dev/null 2>&1
echo "loadavg-end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/meta.txt"
echo "bench-seconds: $(( $(date +%s) - T0 ))" >> "$OUT/meta.txt"

python3 "$SRC/tests/bench/report.py" "$OUT"
rc=$?
say "raw results in $OUT ($(( $(date +%s) - T0 )) s)"
exit $rc
