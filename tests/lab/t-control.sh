#!/bin/sh
# The simulators have teeth: an aggressive nmap scan (-sS -T4 -O) crashes
# them, so the "nothing crashed" checks of the other tests mean something.
command -v nmap >/dev/null || { echo "nmap not installed"; exit 1; }
exec sh "$IOMT_SRCDIR/contrib/lab/control-test.sh"
