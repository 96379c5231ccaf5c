#!/bin/sh
# install-deps.sh - install what iomtscan needs on Debian 12 (as root).
#
#   contrib/install-deps.sh          build and run (and the demo network)
#   contrib/install-deps.sh --test   also what the test suite needs
#
# The build needs the libraries below; the demo network's packages are
# listed once, in contrib/lab/deps.sh, which installs them with the
# packages' own daemons kept from starting on the host.  Idempotent:
# packages already present are not fetched again, and the package lists
# are refreshed only when something is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build="build-essential autoconf automake pkg-config libuv1-dev \
libsqlite3-dev liblua5.4-dev libpcap-dev libdumbnet-dev libjansson-dev \
libseccomp-dev libzip-dev libxml2-dev libgraphviz-dev libxlsxwriter-dev libssl-dev \
ieee-data iproute2 libcap2-bin"
testing="clang libclang-rt-14-dev llvm sqlite3 lua5.4 time openssl \
python3-jsonschema chromium fonts-ipafont-gothic"
labflag=""
pkgs="$build"
if [ "${1:-}" = "--test" ]; then
	pkgs="$pkgs $testing"
	labflag="--all"
fi
if [ "${1:-}" = "--list" ]; then
	echo $build $(sh "$here/lab/deps.sh" --list)
	exit 0
fi
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
# shellcheck disable=SC2086
sh "$here/lab/deps.sh" $labflag >/dev/null
