#!/bin/sh
# Regenerate the autotools build files (configure, Makefile.in).
# Run once after a fresh checkout: ./autogen.sh && ./configure && make
set -e
cd "$(dirname "$0")"
for t in autoreconf aclocal automake pkg-config; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "autogen.sh: $t not found (apt-get install autoconf automake pkg-config)" >&2
		exit 1
	}
done
mkdir -p m4 build-aux
autoreconf -fi
