#!/bin/sh
# run-smoke.sh - run every built libFuzzer target briefly over its corpus.
#
# Usage: sh tests/fuzz/run-smoke.sh BUILDDIR [SECONDS]
# BUILDDIR is a tree configured with CC=clang --enable-fuzzing (add
# --enable-sanitizers so memory errors are caught, not only crashes).
# Each tests/fuzz/fuzz-* binary there runs SECONDS (default 10) over a
# scratch copy of tests/fuzz/corpus/<name>/ plus <name>.dict when present;
# the checked-in corpus is never modified.  Prints "ok fuzz-NAME" or
# "FAIL fuzz-NAME" per target; a crashing input is copied to
# BUILDDIR/fuzz-crashes/.  Exit 0 if none crashed, 1 if one did, 77 (skip)
# if BUILDDIR holds no fuzzers.  See tests/fuzz/README.md.
set -u
B=${1:?usage: run-smoke.sh BUILDDIR [SECONDS]}
T=${2:-10}
S=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iomt-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
rc=0
n=0
for f in "$B"/tests/fuzz/fuzz-*; do
	[ -f "$f" ] && [ -x "$f" ] || continue
	name=${f##*/fuzz-}
	corpus="$S/tests/fuzz/corpus/$name"
	mkdir -p "$tmp/$name/new" "$tmp/$name/art"
	set -- -max_total_time="$T" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$tmp/$name/art/"
	[ -f "$S/tests/fuzz/$name.dict" ] && set -- "$@" \
	    -dict="$S/tests/fuzz/$name.dict"
	[ -d "$corpus" ] && set -- "$@" "$tmp/$name/new" "$corpus"
	if "$f" "$@" >"$tmp/$name.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
		    "$tmp/$name.log")
		echo "ok fuzz-$name (${runs:-?} runs in ${T}s)"
	else
		echo "FAIL fuzz-$name"
		tail -n 40 "$tmp/$name.log"
		mkdir -p "$B/fuzz-crashes"
		for a in "$tmp/$name/art/"*; do
			[ -f "$a" ] || continue
			cp "$a" "$B/fuzz-crashes/$name-${a##*/}"
			echo "  input saved: $B/fuzz-crashes/$name-${a##*/}"
		done
		rc=1
	fi
	n=$((n + 1))
done
if [ "$n" = 0 ]; then
	echo "no fuzzers in $B/tests/fuzz (configure with CC=clang --enable-fuzzing)"
	exit 77
fi
exit "$rc"
