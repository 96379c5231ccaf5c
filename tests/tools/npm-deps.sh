#!/bin/sh
# npm-deps.sh - the npm packages tests need, installed once into a cache
# directory outside the checkout (never committed), and its path printed.
#
#   @cyclonedx/cyclonedx-library  the official CycloneDX JSON schemas and
#                                 their validator (t-cyclonedx.sh)
#   ajv, ajv-formats, ajv-formats-draft2019  its validator's peers
#
# Node.js and npm come from Debian (nodejs, npm) when the machine has
# none.  Exit 77 (skip) when npm cannot be had; 1 when an install fails.
set -eu
dir=${IOMT_NPM_DIR:-/var/cache/iomtscan-test-npm}
want="@cyclonedx/cyclonedx-library@10 ajv@8 ajv-formats@3 ajv-formats-draft2019@1"
if ! command -v npm >/dev/null 2>&1; then
	[ "$(id -u)" = 0 ] || exit 77
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends nodejs npm >/dev/null 2>&1 || exit 77
fi
if [ ! -f "$dir/.done" ]; then
	mkdir -p "$dir"
	# shellcheck disable=SC2086
	npm install --prefix "$dir" --no-audit --no-fund --silent $want \
	    >"$dir/install.log" 2>&1 || { tail -5 "$dir/install.log" >&2; exit 1; }
	touch "$dir/.done"
fi
echo "$dir"
