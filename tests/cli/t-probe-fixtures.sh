#!/bin/sh
# t-fixtures.sh - every shipped probe script passes its recorded fixtures
# (tests/fixtures/probes/<id>/<case>/) in the real sandbox, through
# `iomtscan script test`.  See run-fixtures.sh.
S=${IOMT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
exec sh "$S/tests/cli/run-fixtures.sh"
