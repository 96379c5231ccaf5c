#!/bin/sh
# install-deps.sh - install what iomtscan needs on Debian 12 (as root).
#
#   contrib/install-deps.sh          build and run (and the demo network)
#   contrib/install-deps.sh --test   also what the test suite needs
#
# Idempotent: packages already present are not fetched again, and the
# package lists are refreshed only when something is missing.
set -eu
build="build-essential autoconf automake pkg-config libuv1-dev \
libsqlite3-dev liblua5.4-dev libpcap-dev libdumbnet-dev ieee-data iproute2 \
libcap2-bin"
# The demo network runs real servers from Debian packages.
lab="dcmtk orthanc snmpd snmp mosquitto python3 python3-hl7"
testing="clang libclang-rt-14-dev llvm nmap tcpdump sqlite3 lua5.4 time"
pkgs="$build $lab"
[ "${1:-}" = "--test" ] && pkgs="$pkgs $testing"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "install-deps.sh: run as root to install:$missing" >&2
		exit 1
	fi
	echo "install-deps.sh: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
exit 0
