#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# lab.sh -- the simulated hospital network iomtscan's tests, demo and
# benchmarks run against.  Everything lives in network namespaces on
# addresses from 198.18.0.0/15; nothing is routed anywhere else.
# See contrib/lab/README.md.
#
# usage: lab.sh [--name PREFIX] COMMAND [ARGS]
#
#   up [--hosts N]        build the lab (tears an existing one down first);
#                         N extra benign filler hosts at 198.18.0.100+
#   down                  stop every process, delete every namespace
#   status                namespaces, processes, simulator states
#   devices               print the runtime device table (TSV)
#   exec NAME CMD...      run CMD in the namespace of NAME (device name,
#                         IP, "scan" or "br")
#   verify                check from the scanner namespace that every real
#                         server answers (DICOM echo, HTTP, SNMP, MQTT, HL7)
#   crashed               "IP REASON" per crashed simulator; exit 1 if any
#   frames IP             frames the simulator at IP has counted
#   reset-counters        zero simulator counters, empty the HL7 log
#   revive [IP...]        restart crashed (or the given) simulators
#   hl7-received          number of things the HL7 listener received
#   bench-up [--hosts N]  add N (default 256) benchmark addresses on 4-8
#                         namespaces in 198.18.1.0/24 and up
#
# PREFIX (default "iomt", or $IOMT_LAB_NAME): letters and digits, at most 12.
# Namespaces are PREFIX-scan, PREFIX-br, PREFIX-<device>, PREFIX-h<octet>,
# PREFIX-bench<k>; state is in /run/iomt-lab/PREFIX/.
set -eu
umask 022
export LC_ALL=C

LAB_DIR=$(cd "$(dirname "$0")" && pwd -P)
PY=/usr/bin/python3
STATE_ROOT=${IOMT_LAB_STATE_ROOT:-/run/iomt-lab}
NAME=${IOMT_LAB_NAME:-iomt}
DEVICES_TSV=${IOMT_LAB_DEVICES:-$LAB_DIR/devices.tsv}
SIMS_JSON=$LAB_DIR/sims.json
UP_TIMEOUT=${IOMT_LAB_UP_TIMEOUT:-20}
NET=198.18.0
SCAN_IP=198.18.0.2
SCAN_MAC=02:10:0d:00:00:02
FILLER_BASE=100
FILLER_MAX=100

die() { echo "lab.sh: $*" >&2; exit 2; }
say() { echo "lab[$NAME]: $*" >&2; }

usage() {
    sed -n '4,31s/^# \{0,1\}//p' "$0"
    exit "${1:-2}"
}

set_name() {
    NAME=$1
    case $NAME in
        ''|*[!A-Za-z0-9]*) die "bad --name '$NAME' (letters and digits only)" ;;
    esac
    [ ${#NAME} -le 12 ] || die "--name is longer than 12 characters"
}

setup_paths() {
    S=$STATE_ROOT/$NAME
    BR=$NAME-br
    SCAN=$NAME-scan
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

lock() {
    local lf=$STATE_ROOT/$NAME.lock p own holders="" foreign=""
    mkdir -p "$STATE_ROOT"
    exec 9>"$lf"
    flock -w 2 9 && return 0
    # Services started by an older lab.sh inherited the lock descriptor.  If
    # every holder lives in this lab's own namespaces, it is one of those
    # (teardown kills them); otherwise another lab.sh is busy: wait for it.
    # (the subshells close fd 9 first so that they do not count as holders)
    for p in $(exec 9>&-; find /proc/[0-9]*/fd -maxdepth 1 -lname "$lf" 2>/dev/null |
               cut -d/ -f3 | sort -u); do
        [ "$p" = "$$" ] || holders="$holders $p"
    done
    own=" $(exec 9>&-; for ns in $(lab_namespaces); do ns_pids "$ns"; done | tr '\n' ' ') "
    for p in $holders; do
        case $own in *" $p "*) ;; *) foreign="$foreign $p" ;; esac
    done
    if [ -n "$holders" ] && [ -z "$foreign" ]; then
        say "lock held only by this lab's own services (pids$holders); going ahead"
        return 0
    fi
    flock -w 120 9 || die "another lab.sh holds $lf (pids$foreign)"
}

ns_exists() { [ -e "/run/netns/$1" ]; }

# ---------------------------------------------------------------- teardown

# namespaces that belong to lab NAME: recorded ones plus any that match the
# lab's naming scheme (left over from an interrupted run)
lab_namespaces() {
    local names re
    names=$(awk -F'\t' 'NR > 1 && $3 != "" { printf "|%s", $3 }' "$DEVICES_TSV" 2>/dev/null || true)
    re="^$NAME-(br|scan|bench[0-9]+|h[0-9]+$names)\$"
    {
        [ -f "$S/namespaces" ] && cat "$S/namespaces"
        ip netns list 2>/dev/null | awk '{ print $1 }' | grep -E "$re" || true
    } | awk 'NF && !seen[$0]++'
}

ns_pids() { ip netns pids "$1" 2>/dev/null || true; }

kill_ns_procs() {   # kill -TERM, wait, kill -KILL every process in the given namespaces
    local ns pids left deadline
    for ns in "$@"; do
        pids=$(ns_pids "$ns")
        # shellcheck disable=SC2086
        if [ -n "$pids" ]; then kill -TERM $pids 2>/dev/null || true; fi
    done
    # Orthanc needs ~5 s for a graceful stop; its data is thrown away anyway
    deadline=$(( $(date +%s%N) / 1000000 + ${IOMT_LAB_KILL_WAIT_MS:-2500} ))
    while [ $(( $(date +%s%N) / 1000000 )) -lt $deadline ]; do
        left=""
        for ns in "$@"; do left="$left$(ns_pids "$ns")"; done
        [ -z "$left" ] && return 0
        sleep 0.1
    done
    for ns in "$@"; do
        pids=$(ns_pids "$ns")
        # shellcheck disable=SC2086
        if [ -n "$pids" ]; then kill -KILL $pids 2>/dev/null || true; fi
    done
    sleep 0.2
}

teardown() {
    local nss ns data
    # shellcheck disable=SC2207
    nss=($(lab_namespaces))
    if [ ${#nss[@]} -gt 0 ]; then
        kill_ns_procs "${nss[@]}"
        # device namespaces first, the bridge last
        for ns in "${nss[@]}"; do
            [ "$ns" = "$BR" ] && continue
            ip netns del "$ns" 2>/dev/null || true
        done
        ip netns del "$BR" 2>/dev/null || true
    fi
    if [ -f "$S/datadir" ]; then
        data=$(cat "$S/datadir")
        case $data in
            /tmp/iomt-lab-"$NAME".*) rm -rf -- "$data" ;;
        esac
    fi
    rm -rf -- "$S"
    [ ${#nss[@]} -gt 0 ] && say "down: removed ${#nss[@]} namespace(s)"
    return 0
}

# ------------------------------------------------------------------ build

mk_ns() {
    ns_exists "$1" && die "namespace $1 already exists"
    ip netns add "$1"
    echo "$1" >> "$S/namespaces"
    # IPv4 only: no IPv6 link-local chatter (router/neighbour solicitations)
    ip netns exec "$1" sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6;
        echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6' 2>/dev/null || true
    ip -n "$1" link set lo up
}

# attach NS VETH MAC IP/PLEN: veth pair VETH (bridge side) <-> eth0 (in NS)
attach() {
    local ns=$1 veth=$2 mac=$3 cidr=$4
    ip -n "$BR" link add "$veth" type veth peer name eth0 netns "$ns"
    ip -n "$BR" link set "$veth" master br0 up
    ip -n "$ns" link set eth0 address "$mac"
    ip -n "$ns" addr add "$cidr" dev eth0
    ip -n "$ns" link set eth0 up
}

build_base() {
    mkdir -p "$S/log" "$S/sim" "$S/conf"
    : > "$S/namespaces"
    DATA=$(mktemp -d "/tmp/iomt-lab-$NAME.XXXXXX")
    echo "$DATA" > "$S/datadir"
    mk_ns "$BR"
    ip -n "$BR" link add br0 type bridge stp_state 0 mcast_snooping 0
    ip -n "$BR" link set br0 up
    mk_ns "$SCAN"
    attach "$SCAN" vscan "$SCAN_MAC" "$SCAN_IP/24"
    printf 'ip\tmac\tname\tkind\ttcp\tudp\tvendor\tclass\tcrash_ports\tdescription\n' > "$S/devices.tsv"
    touch "$S/base"
}

# start_bg NAME NS CMD... : start CMD detached inside NS, output to log/NAME.log
start_bg() {
    local name=$1 ns=$2
    shift 2
    setsid ip netns exec "$ns" "$@" < /dev/null >> "$S/log/$name.log" 2>&1 9>&- &
}

# tcp and udp ports and class of a sims.json profile: "TCP UDP CLASS" (lists or -)
profile_ports() {
    "$PY" - "$SIMS_JSON" "$1" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))[sys.argv[2]]
f = lambda k: ",".join(str(c["port"]) for c in sorted(p.get(k, []), key=lambda c: c["port"])) or "-"
print(f("tcp"), f("udp"), p.get("class", "-"))
EOF
}

write_configs() {
    # DCMTK dcmqrscp
    mkdir -p "$DATA/dcmqrscp" "$DATA/storescp" "$DATA/orthanc" "$DATA/snmp"
    cat > "$S/conf/dcmqrscp.cfg" <<EOF
# iomtscan lab: dcmqrscp with an empty archive
NetworkTCPPort  = 11112
MaxPDUSize      = 16384
MaxAssociations = 4
UserName        = root
GroupName       = root
HostTable BEGIN
HostTable END
VendorTable BEGIN
VendorTable END
AETable BEGIN
DCMQRSCP   $DATA/dcmqrscp   RW (20, 64mb)   ANY
AETable END
EOF
    cat > "$S/conf/orthanc.json" <<EOF
{
  "Name": "IOMTLAB-PACS",
  "StorageDirectory": "$DATA/orthanc",
  "IndexDirectory": "$DATA/orthanc",
  "StorageCompression": false,
  "Plugins": [],
  "ConcurrentJobs": 1,
  "HttpServerEnabled": true,
  "HttpPort": 8042,
  "HttpDescribeErrors": true,
  "HttpCompressionEnabled": false,
  "DicomServerEnabled": true,
  "DicomAet": "ORTHANC",
  "DicomCheckCalledAet": false,
  "DicomPort": 4242,
  "DefaultEncoding": "Latin1",
  "RemoteAccessAllowed": true,
  "AuthenticationEnabled": false,
  "SslEnabled": false,
  "DicomModalities": {},
  "OrthancPeers": {},
  "SaveJobs": false,
  "LimitFindResults": 0,
  "LimitFindInstances": 0,
  "KeepAlive": false,
  "CheckRevisions": false
}
EOF
    cat > "$S/conf/snmpd.conf" <<EOF
# iomtscan lab: net-snmp posing as a Cisco access switch (read-only)
agentAddress udp:161
rocommunity public
sysDescr Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E4, RELEASE SOFTWARE (fc2)
sysObjectID .1.3.6.1.4.1.9.1.1208
sysName ward3-access-sw1
sysLocation Building A, floor 3, IDF 3B
sysContact netops@hospital.example
sysServices 6
EOF
    cat > "$S/conf/mosquitto.conf" <<EOF
# iomtscan lab: anonymous MQTT broker
listener 1883 0.0.0.0
allow_anonymous true
persistence false
log_dest stderr
log_type error
log_type warning
log_type notice
log_type information
EOF
}

start_device() {   # NAME IP KIND
    local name=$1 ip=$2 kind=$3 ns=$NAME-$1
    case $kind in
        fragile)
            start_bg "$name" "$ns" "$PY" "$LAB_DIR/fragile-sim.py" --config "$SIMS_JSON" \
                --profile "$name" --state "$S/sim/$ip.json" --peers-file "$S/peers.txt"
            return ;;
        filler)
            start_bg "$name" "$ns" "$PY" "$LAB_DIR/fragile-sim.py" --config "$SIMS_JSON" \
                --profile "$(cat "$S/conf/$name.profile")" --benign --state "$S/sim/$ip.json"
            return ;;
    esac
    case $name in
        storescp)
            start_bg "$name" "$ns" storescp --aetitle STORESCP --accept-all \
                --output-directory "$DATA/storescp" 104 ;;
        dcmqrscp)
            start_bg "$name" "$ns" dcmqrscp --config "$S/conf/dcmqrscp.cfg" 11112 ;;
        orthanc)
            start_bg "$name" "$ns" Orthanc --no-jobs "$S/conf/orthanc.json" ;;
        snmpd)
            start_bg "$name" "$ns" env SNMP_PERSISTENT_DIR="$DATA/snmp" MIBS= \
                snmpd -f -C -c "$S/conf/snmpd.conf" -Lo ;;
        mosquitto)
            start_bg "$name" "$ns" mosquitto -c "$S/conf/mosquitto.conf" ;;
        hl7)
            start_bg "$name" "$ns" "$PY" "$LAB_DIR/hl7-listener.py" --port 2575 \
                --log "$S/hl7-messages.jsonl" ;;
        *) die "no start rule for real device '$name'" ;;
    esac
}

# listening NS : print "tcp:PORT" / "udp:PORT" for every listening socket
listening() {
    ip netns exec "$1" ss -Hlntu 2>/dev/null |
        awk '{ n = split($5, a, ":"); print $1 ":" a[n] }' | sort -u
}

# port_set TCP UDP : the expected set in listening()'s format
port_set() {
    { [ "$1" != - ] && echo "$1" | tr ',' '\n' | sed 's/^/tcp:/'
      [ "$2" != - ] && echo "$2" | tr ',' '\n' | sed 's/^/udp:/'; } | sort -u
}

# wait until every device in the TSV rows on stdin listens on its ports
wait_listening() {
    local deadline rows pending ip mac name kind tcp udp rest ns want have extra
    deadline=$(( $(date +%s) + UP_TIMEOUT ))
    rows=$(cat)
    while :; do
        pending=""
        while IFS=$'\t' read -r ip mac name kind tcp udp rest; do
            [ -n "$ip" ] || continue
            ns=$NAME-$name
            want=$(port_set "$tcp" "$udp")
            have=$(listening "$ns")
            if [ -n "$(comm -23 <(echo "$want") <(echo "$have"))" ]; then
                if [ -z "$(ns_pids "$ns")" ]; then
                    say "$name ($ip) exited during start-up; last log lines:"
                    tail -n 15 "$S/log/$name.log" >&2 || true
                    return 1
                fi
                pending="$pending$ip	$mac	$name	$kind	$tcp	$udp	$rest"$'\n'
            elif [ "$kind" != real ]; then
                extra=$(comm -13 <(echo "$want") <(echo "$have"))
                if [ -n "$extra" ]; then
                    say "$name listens on unexpected ports: $(echo "$extra" | tr '\n' ' ')" \
                        "(devices.tsv and sims.json disagree)"
                    return 1
                fi
            fi
        done <<< "$rows"
        [ -z "$pending" ] && return 0
        if [ "$(date +%s)" -ge "$deadline" ]; then
            say "timed out after ${UP_TIMEOUT}s waiting for:"
            while IFS=$'\t' read -r ip mac name kind tcp udp rest; do
                [ -n "$ip" ] || continue
                say "  $name ($ip) wants [$(port_set "$tcp" "$udp" | tr '\n' ' ')]" \
                    "has [$(listening "$NAME-$name" | tr '\n' ' ')]"
                tail -n 5 "$S/log/$name.log" >&2 || true
            done <<< "$pending"
            return 1
        fi
        rows=$pending
        sleep 0.1
    done
}

FILLER_OUIS="f8:b1:56 3c:4a:92 00:15:5d 00:1b:21 00:0c:29"
FILLER_VENDORS="Dell Inc.|Hewlett Packard|Microsoft Corporation|Intel Corporate|VMware, Inc."
FILLER_PROFILES="filler-linux filler-windows filler-web"

print_table() {   # TSV on stdin -> aligned summary
    awk -F'\t' 'BEGIN { printf "%-14s %-17s %-11s %-7s %-17s %-6s %s\n", "IP", "MAC", "NAME", "KIND", "TCP", "UDP", "VENDOR (ieee-data)" }
        NR > 1 { printf "%-14s %-17s %-11s %-7s %-17s %-6s %s\n", $1, $2, $3, $4, $5, $6, $7 }'
}

UP_OK=""
ON_FAIL=teardown
on_build_exit() {
    local rc=$?
    if [ -z "$UP_OK" ]; then
        say "failed (exit $rc); undoing ($ON_FAIL)"
        $ON_FAIL || true
        [ "$rc" -eq 0 ] && rc=1
    fi
    exit "$rc"
}

cmd_up() {
    local hosts=0 t0 ip mac name kind vendor i oct prof j ptcp pudp pclass
    while [ $# -gt 0 ]; do
        case $1 in
            --hosts) [ $# -ge 2 ] || die "--hosts needs a number"; hosts=$2; shift 2 ;;
            --hosts=*) hosts=${1#*=}; shift ;;
            --name) [ $# -ge 2 ] || die "--name needs a value"; set_name "$2"; setup_paths; shift 2 ;;
            *) die "up: unknown argument '$1'" ;;
        esac
    done
    case $hosts in ''|*[!0-9]*) die "--hosts must be a number" ;; esac
    [ "$hosts" -le "$FILLER_MAX" ] || die "up --hosts is at most $FILLER_MAX (use bench-up for more)"
    [ "$(id -u)" -eq 0 ] || die "must run as root"
    sh "$LAB_DIR/deps.sh" --check > /dev/null || die "missing packages: run sh $LAB_DIR/deps.sh"
    t0=$(now)
    lock
    teardown
    trap on_build_exit EXIT
    trap 'exit 130' INT TERM HUP
    build_base
    write_configs
    tail -n +2 "$DEVICES_TSV" >> "$S/devices.tsv"
    # filler hosts (benign, one namespace each so that each has its own MAC)
    for i in $(seq 0 $((hosts - 1))); do
        oct=$((FILLER_BASE + i))
        j=$((i % 5 + 1))
        mac="$(echo "$FILLER_OUIS" | cut -d' ' -f$j):5e:00:$(printf %02x "$oct")"
        vendor=$(echo "$FILLER_VENDORS" | cut -d'|' -f$j)
        prof=$(echo "$FILLER_PROFILES" | cut -d' ' -f$((i % 3 + 1)))
        echo "$prof" > "$S/conf/h$oct.profile"
        read -r ptcp pudp pclass <<< "$(profile_ports "$prof")"
        printf '%s\t%s\th%s\tfiller\t%s\t%s\t%s\t%s\t-\t%s\n' "$NET.$oct" "$mac" "$oct" \
            "$ptcp" "$pudp" "$vendor" "$pclass" "benign filler host ($prof)" \
            >> "$S/devices.tsv"
    done
    tail -n +2 "$S/devices.tsv" | awk -F'\t' '{ print $2 }' > "$S/peers.txt"
    while IFS=$'\t' read -r ip mac name _; do
        mk_ns "$NAME-$name"
        attach "$NAME-$name" "v${ip##*.}" "$mac" "$ip/24"
    done < <(tail -n +2 "$S/devices.tsv")
    while IFS=$'\t' read -r ip _ name kind _; do
        start_device "$name" "$ip" "$kind"
    done < <(tail -n +2 "$S/devices.tsv")
    tail -n +2 "$S/devices.tsv" | wait_listening
    UP_OK=1
    trap - EXIT INT TERM HUP
    date -u +%FT%TZ > "$S/up"
    print_table < "$S/devices.tsv"
    echo "scanner: namespace $SCAN, $SCAN_IP/24, MAC $SCAN_MAC, no default route"
    echo "lab '$NAME' up in $(elapsed "$t0") s -- e.g. ip netns exec $SCAN iomtscan scan $NET.0/24"
}

cmd_down() {
    while [ $# -gt 0 ]; do
        case $1 in
            --name) [ $# -ge 2 ] || die "--name needs a value"; set_name "$2"; setup_paths; shift 2 ;;
            *) die "down: unknown argument '$1'" ;;
        esac
    done
    lock
    teardown
}

# ------------------------------------------------------------- queries

need_up() { [ -f "$S/devices.tsv" ] || { echo "lab '$NAME' is not up" >&2; exit 2; }; }

# resolve a device name, IP, "scan", "br" or full namespace name to a namespace
resolve_ns() {
    local a=$1 row
    case $a in
        scan|scanner|"$SCAN_IP") echo "$SCAN"; return ;;
        br|bridge) echo "$BR"; return ;;
    esac
    if [ -f "$S/devices.tsv" ]; then
        row=$(awk -F'\t' -v a="$a" 'NR > 1 && ($1 == a || $3 == a) { print $3; exit }' "$S/devices.tsv")
        if [ -n "$row" ]; then echo "$NAME-$row"; return; fi
        # bench addresses
        row=$(awk -F'\t' -v a="$a" '$1 == a { print $3; exit }' "$S/bench.tsv" 2>/dev/null || true)
        if [ -n "$row" ]; then echo "$NAME-$row"; return; fi
    fi
    if ns_exists "$a"; then echo "$a"; return; fi
    if ns_exists "$NAME-$a"; then echo "$NAME-$a"; return; fi
    die "no device, address or namespace '$a' in lab '$NAME'"
}

cmd_exec() {
    if [ $# -ge 2 ] && [ "$1" = --name ]; then set_name "$2"; setup_paths; shift 2; fi
    [ $# -ge 2 ] || die "usage: lab.sh [--name PREFIX] exec NAME CMD..."
    local ns
    ns=$(resolve_ns "$1")
    shift
    exec ip netns exec "$ns" "$@"
}

# simulator state report: helper in Python (JSON parsing)
sim_report() {   # MODE [ARG]
    "$PY" - "$S" "$@" <<'EOF'
import json, os, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
S, mode = sys.argv[1], sys.argv[2]
rows = []
with open(os.path.join(S, "devices.tsv")) as f:
    hdr = f.readline().rstrip("\n").split("\t")
    for line in f:
        if line.strip():
            rows.append(dict(zip(hdr, line.rstrip("\n").split("\t"))))

def state(ip):
    try:
        with open(os.path.join(S, "sim", ip + ".json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None

def alive(st):
    if not st or not st.get("pid") or st.get("stopped"):
        return False
    try:
        with open("/proc/%d/stat" % st["pid"]) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return False
    return fields[0] not in ("Z", "X")     # a zombie is dead, just not reaped yet

if mode == "crashed":
    bad = 0
    for r in rows:
        if r["kind"] != "fragile":
            continue
        st = state(r["ip"])
        if st and st.get("crashed"):
            print(r["ip"], st.get("reason"))
            bad += 1
        elif not alive(st):
            print(r["ip"], "process-exited: simulator is not running")
            bad += 1
    sys.exit(1 if bad else 0)
if mode == "frames":
    st = state(sys.argv[3])
    if st is None:
        sys.stderr.write("no simulator state for %s\n" % sys.argv[3])
        sys.exit(2)
    print(st.get("frames_total", 0))
    sys.exit(0)
if mode == "status":
    prefix = sys.argv[3]
    ns_ino = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            ns_ino.setdefault(os.stat("/proc/%s/ns/net" % pid).st_ino, []).append(int(pid))
        except OSError:
            pass
    def procs(name):
        try:
            return len(ns_ino.get(os.stat("/run/netns/%s-%s" % (prefix, name)).st_ino, []))
        except OSError:
            return 0
    print("%-14s %-11s %-8s %-8s %7s %5s %5s  %s" % ("IP", "NAME", "KIND", "STATE", "FRAMES", "MAXFS", "MAXCO", "REASON"))
    for r in rows:
        if r["kind"] == "bench":
            continue
        if r["kind"] in ("fragile", "filler"):
            st = state(r["ip"])
            s = "CRASHED" if st and st.get("crashed") else ("running" if alive(st) else "DEAD")
            print("%-14s %-11s %-8s %-8s %7d %5d %5d  %s" % (
                r["ip"], r["name"], r["kind"], s, st.get("frames_total", 0) if st else 0,
                st.get("max_frames_per_sec", 0) if st else 0,
                st.get("max_concurrent_conns", 0) if st else 0, (st or {}).get("reason") or ""))
        else:
            print("%-14s %-11s %-8s %-8s" % (r["ip"], r["name"], r["kind"],
                                           "running" if procs(r["name"]) else "DEAD"))
EOF
}

cmd_status() {
    local n running ns
    need_up
    echo "lab '$NAME' up since $(cat "$S/up" 2>/dev/null || echo '?'); state $S"
    sim_report status "$NAME"
    if [ -f "$S/bench.tsv" ]; then
        n=$(wc -l < "$S/bench.tsv")
        running=0
        for ns in $(awk -F'\t' '{ print $3 }' "$S/bench.tsv" | sort -u); do
            [ -n "$(ns_pids "$NAME-$ns")" ] && running=$((running + 1))
        done
        echo "bench: $n addresses on $(awk -F'\t' '{ print $3 }' "$S/bench.tsv" | sort -u | wc -l) namespaces ($running listeners running)"
    fi
}

cmd_crashed() { need_up; sim_report crashed; }

cmd_frames() {
    local ns pids
    [ $# -eq 1 ] || die "usage: lab.sh frames IP"
    need_up
    # ask the simulator to write its state file now (else it lags <= 0.25 s)
    ns=$(resolve_ns "$1")
    pids=$(ns_pids "$ns")
    # shellcheck disable=SC2086
    if [ -n "$pids" ] && [ -f "$S/sim/$1.json" ]; then kill -USR2 $pids 2>/dev/null || true; sleep 0.05; fi
    sim_report frames "$1"
}

cmd_devices() { need_up; cat "$S/devices.tsv"; }

cmd_hl7_received() {
    need_up
    if [ -f "$S/hl7-messages.jsonl" ]; then
        grep -cE '"event": "(message|unparsable|data)"' "$S/hl7-messages.jsonl" || true
    else
        echo 0
    fi
}

cmd_reset_counters() {
    local ip name kind rest pids
    need_up
    while IFS=$'\t' read -r ip _ name kind rest; do
        case $kind in fragile|filler) ;; *) continue ;; esac
        pids=$(ns_pids "$NAME-$name")
        # shellcheck disable=SC2086
        if [ -n "$pids" ]; then kill -USR1 $pids 2>/dev/null || true; fi
    done < <(tail -n +2 "$S/devices.tsv")
    [ -f "$S/hl7-messages.jsonl" ] && : > "$S/hl7-messages.jsonl"
    sleep 0.2
    say "counters reset"
}

cmd_revive() {
    local targets ip mac name kind tcp udp rest rows=""
    need_up
    lock
    DATA=$(cat "$S/datadir")
    if [ $# -gt 0 ]; then
        targets=" $* "
    else
        targets=" $(sim_report crashed | awk '{ printf "%s ", $1 }') "
    fi
    while IFS=$'\t' read -r ip mac name kind tcp udp rest; do
        [ "$kind" = fragile ] || continue
        case $targets in *" $ip "*|*" $name "*) ;; *) continue ;; esac
        kill_ns_procs "$NAME-$name"
        rm -f "$S/sim/$ip.json"
        ip -n "$NAME-$name" link set eth0 up
        start_device "$name" "$ip" "$kind"
        rows="$rows$ip	$mac	$name	$kind	$tcp	$udp	$rest"$'\n'
    done < <(tail -n +2 "$S/devices.tsv")
    [ -n "$rows" ] || { say "revive: nothing to revive"; return 0; }
    printf '%s' "$rows" | wait_listening
    # the state file appears once the frame watcher is open
    for ip in $(printf '%s' "$rows" | awk -F'\t' '{ print $1 }'); do
        for _ in $(seq 50); do [ -f "$S/sim/$ip.json" ] && break; sleep 0.1; done
    done
    say "revived: $(printf '%s' "$rows" | awk -F'\t' '{ printf "%s ", $3 }')"
}

# ------------------------------------------------------------------ verify

cmd_verify() {
    local fail=0 ip out
    need_up
    addr() { awk -F'\t' -v n="$1" '$3 == n { print $1 }' "$S/devices.tsv"; }
    check() {   # LABEL CMD...
        local label=$1
        shift
        if out=$(ip netns exec "$SCAN" "$@" 2>&1); then
            echo "ok    $label"
        else
            echo "FAIL  $label: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
            fail=1
        fi
    }
    ip=$(addr storescp);  check "storescp  $ip:104   C-ECHO" echoscu -to 5 -aet IOMTLABVERIFY -aec STORESCP "$ip" 104
    ip=$(addr dcmqrscp);  check "dcmqrscp  $ip:11112 C-ECHO" echoscu -to 5 -aet IOMTLABVERIFY -aec DCMQRSCP "$ip" 11112
    ip=$(addr orthanc);   check "orthanc   $ip:4242  C-ECHO" echoscu -to 5 -aet IOMTLABVERIFY -aec ORTHANC "$ip" 4242
    check "orthanc   $ip:8042  GET /system" sh -c "curl -fsS -m 5 http://$ip:8042/system | grep -q DicomAet"
    ip=$(addr snmpd)
    check "snmpd     $ip:161   GET sysDescr/sysObjectID/sysName" sh -c \
        "snmpget -v2c -c public -t 2 -r 1 -On -M /dev/null $ip 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.2.0 1.3.6.1.2.1.1.5.0 | grep -q 'Cisco IOS'"
    ip=$(addr mosquitto); check "mosquitto $ip:1883  publish QoS 1" mosquitto_pub -h "$ip" -p 1883 -q 1 -i iomtlab-verify -t iomtlab/verify -m ok
    ip=$(addr hl7)
    check "hl7       $ip:2575  MLLP message -> ACK AA" "$PY" - "$ip" <<'EOF'
import socket, sys
msg = ("MSH|^~\\&|IOMTLAB|VERIFY|IOMTLAB-ENGINE|IOMTLAB|20260101120000||ADT^A01|LABVERIFY1|T|2.5\r"
       "EVN|A01|20260101120000\r")
s = socket.create_connection((sys.argv[1], 2575), timeout=5)
s.sendall(b"\x0b" + msg.encode() + b"\x1c\x0d")
buf = b""
while b"\x1c\x0d" not in buf:
    d = s.recv(4096)
    if not d:
        break
    buf += d
s.close()
sys.exit(0 if b"MSA|AA|LABVERIFY1" in buf else 1)
EOF
    sleep 0.2
    if grep -q '"control_id": "LABVERIFY1"' "$S/hl7-messages.jsonl" 2>/dev/null; then
        echo "ok    hl7 log recorded the message ($S/hl7-messages.jsonl; now emptied)"
        : > "$S/hl7-messages.jsonl"
    else
        echo "FAIL  hl7 log did not record the message"
        fail=1
    fi
    if out=$(sim_report crashed); then
        echo "ok    fragile simulators running, none crashed"
    else
        echo "FAIL  simulators: $out"
        fail=1
    fi
    return $fail
}

# ---------------------------------------------------------------- bench

BENCH_OUIS="f8:b1:56 3c:4a:92 00:1b:54 00:1b:21 00:0c:29 00:15:5d 00:25:90 b8:27:eb"
BENCH_VENDORS="Dell Inc.|Hewlett Packard|Cisco Systems, Inc|Intel Corporate|VMware, Inc.|Microsoft Corporation|Super Micro Computer, Inc.|Raspberry Pi Foundation"

bench_ip() {   # index -> address: 253 hosts (.2-.254) per /24 from 198.18.1.0/24
    local i=$1 s h
    s=$((1 + i / 253))
    h=$((2 + i % 253))
    if [ $s -le 255 ]; then echo "198.18.$s.$h"; else echo "198.19.$((s - 256)).$h"; fi
}

bench_remove() {
    local nss ns
    # shellcheck disable=SC2207
    nss=($(lab_namespaces | grep -E "^$NAME-bench[0-9]+\$" || true))
    if [ ${#nss[@]} -gt 0 ]; then
        kill_ns_procs "${nss[@]}"
        for ns in "${nss[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
        grep -vxF -f <(printf '%s\n' "${nss[@]}") "$S/namespaces" > "$S/namespaces.new" || true
        mv "$S/namespaces.new" "$S/namespaces"
    fi
    # scanner-side gateway addresses of earlier bench subnets
    ip -n "$SCAN" -o -4 addr show dev eth0 2>/dev/null | awk '{ print $4 }' |
        grep -v "^$SCAN_IP/" | while read -r a; do ip -n "$SCAN" addr del "$a" dev eth0; done
    rm -f "$S/bench.tsv"
    if [ -f "$S/devices.tsv" ]; then
        awk -F'\t' '$4 != "bench"' "$S/devices.tsv" > "$S/devices.tsv.new"
        mv "$S/devices.tsv.new" "$S/devices.tsv"
    fi
}

cmd_bench_up() {
    local hosts=256 t0 k nsn per i j a first mac vendor ns fresh="" subnets s rows="" ptcp pudp
    while [ $# -gt 0 ]; do
        case $1 in
            --hosts) [ $# -ge 2 ] || die "--hosts needs a number"; hosts=$2; shift 2 ;;
            --hosts=*) hosts=${1#*=}; shift ;;
            --name) [ $# -ge 2 ] || die "--name needs a value"; set_name "$2"; setup_paths; shift 2 ;;
            *) die "bench-up: unknown argument '$1'" ;;
        esac
    done
    case $hosts in ''|*[!0-9]*) die "--hosts must be a number" ;; esac
    if [ "$hosts" -lt 1 ] || [ "$hosts" -gt 60000 ]; then die "--hosts must be 1..60000"; fi
    [ "$(id -u)" -eq 0 ] || die "must run as root"
    t0=$(now)
    lock
    trap on_build_exit EXIT
    trap 'exit 130' INT TERM HUP
    if [ -f "$S/base" ] && ns_exists "$BR" && ns_exists "$SCAN"; then
        DATA=$(cat "$S/datadir")
        bench_remove
        ON_FAIL=bench_remove    # keep the existing lab if adding the bench fails
    else
        teardown
        build_base
        fresh=1
    fi
    nsn=$(( (hosts + 63) / 64 ))
    [ $nsn -lt 4 ] && nsn=4
    [ $nsn -gt 8 ] && nsn=8
    [ $nsn -gt "$hosts" ] && nsn=$hosts
    per=$(( (hosts + nsn - 1) / nsn ))
    read -r ptcp pudp _ <<< "$(profile_ports bench)"
    # scanner: first address (.1) of every bench /24, so they are all on-link
    subnets=$(( (hosts + 252) / 253 ))
    for s in $(seq 0 $((subnets - 1))); do
        a=$(bench_ip $((s * 253)))
        echo "addr add ${a%.*}.1/24 dev eth0"
    done > "$S/conf/bench-scan.batch"
    ip -n "$SCAN" -batch "$S/conf/bench-scan.batch"
    : > "$S/bench.tsv"
    for k in $(seq 0 $((nsn - 1))); do
        ns=$NAME-bench$k
        j=$((k % 8 + 1))
        mac="$(echo "$BENCH_OUIS" | cut -d' ' -f$j):be:00:$(printf %02x "$k")"
        vendor=$(echo "$BENCH_VENDORS" | cut -d'|' -f$j)
        first=$((k * per))
        [ $first -lt "$hosts" ] || break
        mk_ns "$ns"
        attach "$ns" "vb$k" "$mac" "$(bench_ip $first)/24"
        : > "$S/conf/bench$k.batch"
        for i in $(seq "$first" $(( (first + per < hosts ? first + per : hosts) - 1 ))); do
            a=$(bench_ip "$i")
            [ "$i" -gt "$first" ] && echo "addr add $a/24 dev eth0" >> "$S/conf/bench$k.batch"
            printf '%s\t%s\tbench%s\tbench\t%s\t%s\t%s\tbench\t-\tbenchmark address\n' \
                "$a" "$mac" "$k" "$ptcp" "$pudp" "$vendor" >> "$S/bench.tsv"
        done
        [ -s "$S/conf/bench$k.batch" ] && ip -n "$ns" -batch "$S/conf/bench$k.batch"
        start_bg "bench$k" "$ns" "$PY" "$LAB_DIR/fragile-sim.py" --config "$SIMS_JSON" \
            --profile bench --benign --state "$S/sim/bench$k.json"
        rows="$rows$(bench_ip "$first")	$mac	bench$k	bench	$ptcp	$pudp	-"$'\n'
    done
    printf '%s' "$rows" | wait_listening
    cat "$S/bench.tsv" >> "$S/devices.tsv"
    UP_OK=1
    trap - EXIT INT TERM HUP
    if [ -n "$fresh" ]; then date -u +%FT%TZ > "$S/up"; fi
    echo "bench: $hosts addresses $(bench_ip 0) .. $(bench_ip $((hosts - 1))) on $nsn namespaces" \
        "($NAME-bench0..$((nsn - 1))), TCP $ptcp open on every address"
    echo "scanner $SCAN: $SCAN_IP/24 plus .1 of each bench /24 ($(seq -s' ' 0 $((subnets - 1)) |
        while read -r l; do for s in $l; do a=$(bench_ip $((s * 253))); printf '%s.0/24 ' "${a%.*}"; done; done))"
    echo "bench up in $(elapsed "$t0") s -- e.g. ip netns exec $SCAN iomtscan scan $(a=$(bench_ip 0); echo "${a%.*}.0/24")"
}

# ------------------------------------------------------------------ main

main() {
    setup_paths
    while [ $# -gt 0 ]; do
        case $1 in
            --name) [ $# -ge 2 ] || die "--name needs a value"; set_name "$2"; setup_paths; shift 2 ;;
            --name=*) set_name "${1#*=}"; setup_paths; shift ;;
            -h|--help|help) usage 0 ;;
            -*) die "unknown option '$1'" ;;
            *) break ;;
        esac
    done
    [ $# -ge 1 ] || usage
    set_name "$NAME"
    setup_paths
    local cmd=$1
    shift
    # "--name P" is accepted anywhere after the command too (but not inside
    # the command line given to exec)
    if [ "$cmd" != exec ]; then
        local args=()
        while [ $# -gt 0 ]; do
            case $1 in
                --name) [ $# -ge 2 ] || die "--name needs a value"; set_name "$2"; shift 2 ;;
                --name=*) set_name "${1#*=}"; shift ;;
                *) args+=("$1"); shift ;;
            esac
        done
        setup_paths
        set -- ${args[@]+"${args[@]}"}
    fi
    case $cmd in
        up) cmd_up "$@" ;;
        down) cmd_down "$@" ;;
        status) cmd_status "$@" ;;
        devices) cmd_devices "$@" ;;
        exec) cmd_exec "$@" ;;
        verify) cmd_verify "$@" ;;
        crashed) cmd_crashed "$@" ;;
        frames) cmd_frames "$@" ;;
        reset-counters) cmd_reset_counters "$@" ;;
        revive) cmd_revive "$@" ;;
        hl7-received) cmd_hl7_received "$@" ;;
        bench-up) cmd_bench_up "$@" ;;
        *) die "unknown command '$cmd' (try --help)" ;;
    esac
}

main "$@"
