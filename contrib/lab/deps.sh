#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# deps.sh -- install the Debian packages the iomtscan lab needs (contrib/lab).
#
# The only place in contrib/lab that installs anything.  Idempotent: when every
# package is already installed it does nothing (no network access at all);
# otherwise it runs `apt-get update` once and installs the missing ones.
#
#   deps.sh [--all]           install what is missing (needs root)
#   deps.sh [--all] --check   exit 1 and list what is missing, install nothing
#   deps.sh [--all] --list    print the package names
#
# Without --all: what the demo network needs; with --all also what the lab
# tests and benchmarks need.
#
# While installing, a temporary /usr/sbin/policy-rc.d (exit 101) keeps the
# packages' own daemons (orthanc, snmpd, mosquitto, sshd) from being started on
# the host; it is removed again unless it existed before.  Set
# IOMT_LAB_ALLOW_SERVICE_START=1 to skip that.
set -eu

# What `lab.sh up` (and so `iomtscan demo`) runs: the servers, the
# simulators' interpreter, ip/flock/setsid and the OUI registry.
# contrib/install-deps.sh installs exactly this list (it reads it with
# --list), and tests/lint/t-deps.sh checks that every program the demo runs
# comes from a package on it.
DEMO_PACKAGES="dcmtk orthanc snmpd snmp mosquitto python3 python3-hl7 iproute2
ieee-data util-linux"
# What only `lab.sh verify`, the lab tests and the benchmarks add
# (openssh-server: tests/lab/t-remote.sh runs its own sshd inside a lab
# namespace; the host's ssh service is kept from starting, see below).
TEST_PACKAGES="mosquitto-clients curl nmap tcpdump openssh-server"

PACKAGES=$DEMO_PACKAGES
case "${1:-}" in
--all) PACKAGES="$DEMO_PACKAGES $TEST_PACKAGES"; shift ;;
esac
if [ "${1:-}" = "--list" ]; then
    echo $PACKAGES
    exit 0
fi

missing=""
for p in $PACKAGES; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case $st in
        *" installed") ;;
        *) missing="$missing $p" ;;
    esac
done

if [ -z "$missing" ]; then
    [ "${1:-}" = "--check" ] && echo "deps: all installed"
    exit 0
fi

if [ "${1:-}" = "--check" ]; then
    echo "deps: missing:$missing"
    exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing:$missing -- run $0 as root" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
created_policy=""
cleanup() {
    if [ -n "$created_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ -z "${IOMT_LAB_ALLOW_SERVICE_START:-}" ] && [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# temporary, from iomtscan contrib/lab/deps.sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
fi

echo "deps: installing:$missing"
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
echo "deps: done"
