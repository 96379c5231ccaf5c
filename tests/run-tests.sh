#!/bin/sh
# run-tests.sh - the whole iomtscan test suite (what `make check` runs).
#
# Runs, in order: the C unit tests, the probe selftests, the style and data
# checks, the command-line tests, the Lua script fixtures, the namespace
# lab integration tests (root only), and a short fuzzing smoke run when a
# fuzzing build is available.  Each test script exits 0 (pass), 77 (skip)
# or anything else (fail).  The last line is "N passed, N failed".
#
# Environment: IOMT_BUILDDIR (build tree with ./iomtscan), IOMT_SRCDIR
# (source tree), IOMT_FUZZ_BUILDDIR (optional clang --enable-fuzzing tree),
# IOMT_FUZZ_SECONDS (default 10 per fuzzer), IOMT_SKIP_LAB=1 to skip lab,
# IOMT_FUZZ_BUILD_FAILED=1 (set by run-suite.sh) counts a broken fuzz build
# as a failure.
set -u
B=${IOMT_BUILDDIR:-$(pwd)}
S=${IOMT_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
export IOMT_BUILDDIR="$B" IOMT_SRCDIR="$S" IOMT="$B/iomtscan"
export IOMT_DATADIR="$S"
# third-party caches only (tests/lsan.supp)
export LSAN_OPTIONS="suppressions=$S/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
passed=0
failed=0
skipped=0
failures=""
logdir="$B/test-logs"
mkdir -p "$logdir"

count() {	# name rc
	case "$2" in
	0) passed=$((passed + 1)); echo "ok $1" ;;
	77) skipped=$((skipped + 1)); echo "skip $1" ;;
	*) failed=$((failed + 1)); failures="$failures $1"; echo "FAIL $1" ;;
	esac
}

# Everything but the lab runs in a network namespace of its own that holds
# only a loopback interface (as root): a unit or CLI test that scans
# anything but 127.0.0.0/8 by mistake has nowhere to send it.  The lab
# tests build their own namespaces and run the scanner inside them.
jail() {
	if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1; then
		unshare -n sh -c 'ip link set lo up && exec "$@"' jail "$@"
	else
		"$@"
	fi
}

run_script() {	# path [group]
	name=$(basename "$1" .sh)
	if [ "${2:-}" = lab ]; then
		sh "$1" >"$logdir/$name.log" 2>&1
	else
		jail sh "$1" >"$logdir/$name.log" 2>&1
	fi
	rc=$?
	count "$name" "$rc"
	if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
		tail -n 25 "$logdir/$name.log" | sed 's/^/    /'
	fi
}

echo "== unit tests"
if [ -x "$B/tests/unit/runner" ]; then
	jail "$B/tests/unit/runner" >"$logdir/unit.log" 2>&1
	grep -E '^(ok|FAIL) ' "$logdir/unit.log"
	up=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p' "$logdir/unit.log" | tail -1)
	uf=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p' "$logdir/unit.log" | tail -1)
	if [ -z "$up" ]; then
		count unit-runner 1
		tail -n 30 "$logdir/unit.log"
	else
		passed=$((passed + up))
		failed=$((failed + uf))
		[ "$uf" = 0 ] || { grep -B1 -A8 '^FAIL\|^  ' "$logdir/unit.log" | head -60; failures="$failures unit"; }
	fi
else
	count unit-runner-missing 1
fi

echo "== probe selftests"
jail "$IOMT" --selftest >"$logdir/selftest.log" 2>&1
count selftest $?

for group in lint cli lab; do
	dir="$S/tests/$group"
	[ -d "$dir" ] || continue
	if [ "$group" = lab ]; then
		if [ "$(id -u)" != 0 ] || [ "${IOMT_SKIP_LAB:-0}" = 1 ]; then
			echo "== lab tests: skipped (need root; IOMT_SKIP_LAB=${IOMT_SKIP_LAB:-0})"
			skipped=$((skipped + 1))
			continue
		fi
	fi
	echo "== $group"
	for t in "$dir"/t-*.sh; do
		[ -f "$t" ] || continue
		run_script "$t" "$group"
	done
done

echo "== fuzzing smoke"
if [ -n "${IOMT_FUZZ_BUILDDIR:-}" ] && [ -x "$S/tests/fuzz/run-smoke.sh" -o -f "$S/tests/fuzz/run-smoke.sh" ]; then
	sh "$S/tests/fuzz/run-smoke.sh" "$IOMT_FUZZ_BUILDDIR" "${IOMT_FUZZ_SECONDS:-10}" >"$logdir/fuzz.log" 2>&1
	rc=$?
	grep -E '^(ok|FAIL) ' "$logdir/fuzz.log"
	count fuzz-smoke "$rc"
	[ "$rc" = 0 ] || tail -n 30 "$logdir/fuzz.log"
elif [ "${IOMT_FUZZ_BUILD_FAILED:-0}" = 1 ]; then
	count fuzz-build 1
else
	echo "skip fuzz-smoke (no IOMT_FUZZ_BUILDDIR; tests/run-suite.sh builds one)"
	skipped=$((skipped + 1))
fi

echo
[ -n "$failures" ] && echo "failed:$failures (logs in $logdir)"
[ "$skipped" -gt 0 ] && echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
