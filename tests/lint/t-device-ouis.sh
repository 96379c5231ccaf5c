#!/bin/sh
# Every prefix in the curated device-maker table exists in the IEEE files.
[ -d /usr/share/ieee-data ] || exit 77
exec sh "$IOMT_SRCDIR/tests/lint/device-ouis.sh"
