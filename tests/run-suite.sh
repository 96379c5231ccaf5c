#!/bin/sh
# run-suite.sh - the README's test command: install what the tests need,
# build iomtscan with ASAN+UBSAN (and a clang libFuzzer build for the fuzz
# smoke run), and run the whole suite (`make check`).  Run as root on
# Debian 12: the integration tests build network namespaces.
set -eu
S=$(cd "$(dirname "$0")/.." && pwd)
cd "$S"
sh contrib/install-deps.sh --test
./autogen.sh >/dev/null
mkdir -p build-check
(cd build-check && ../configure --enable-debug --enable-sanitizers >/dev/null && make -j2 >/dev/null)
# The plain build, as `make` gives it: the sanitizer build skips the
# seccomp filter (LeakSanitizer), so tests/lab/t-confined-scan.sh runs
# a whole scan with this one.
mkdir -p build-plain
(cd build-plain && ../configure --enable-debug >/dev/null && make -j2 iomtscan >/dev/null)
export IOMT_PLAIN_BUILDDIR="$S/build-plain"
if command -v clang >/dev/null 2>&1; then
	mkdir -p build-fuzz
	# A fuzz target that no longer builds is a failure, not a skip.
	if (cd build-fuzz && CC=clang ../configure --enable-fuzzing --enable-sanitizers >/dev/null && make -j2 >build.log 2>&1); then
		export IOMT_FUZZ_BUILDDIR="$S/build-fuzz"
	else
		tail -n 30 build-fuzz/build.log >&2
		export IOMT_FUZZ_BUILD_FAILED=1
	fi
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd build-check
rc=0
make check 2>&1 | tee test-suite.log || true
rc=$(grep -c '^FAIL\|^make.*Error' test-suite.log || true)
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' test-suite.log | tail -1)
[ -n "$summary" ] || summary="0 passed, 1 failed"
echo "$summary"
case "$summary" in *" 0 failed") [ "$rc" = 0 ] && exit 0 ;; esac
exit 1
