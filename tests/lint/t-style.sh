#!/bin/sh
# The style guide's mechanical rules hold for every C file.
exec sh "$IOMT_SRCDIR/tests/lint/style.sh" "$IOMT_SRCDIR"
