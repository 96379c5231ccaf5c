#!/bin/sh
# browser-deps.sh - the browser the HTML report is tested in (t-html.sh):
# Debian's chromium, run headless, and a Japanese font (fonts-ipafont-
# gothic) so the Japanese page renders as text, not as empty boxes.
# Installs them from Debian when missing (root only) and prints the
# browser's path.  Exit 77 (skip) when they cannot be had.
set -eu
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
dpkg-query -W -f='${Status}' fonts-ipafont-gothic 2>/dev/null |
    grep -q "ok installed" || need="$need fonts-ipafont-gothic"
if [ -n "$need" ]; then
	[ "$(id -u)" = 0 ] || { echo "browser-deps.sh: need root to install:$need" >&2; exit 77; }
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1 ||
	    { apt-get update -qq >/dev/null 2>&1 &&
	      apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1; } ||
	    { echo "browser-deps.sh: cannot install:$need" >&2; exit 77; }
fi
command -v chromium
