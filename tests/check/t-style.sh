#!/bin/sh
# The style guide's mechanical rules hold for every C file.
exec sh "$IOMT_SRCDIR/tests/check-style.sh" "$IOMT_SRCDIR"
