# lib.sh - helpers for the command-line tests (sourced).
# expect_rc RC CMD...: run CMD, fail unless it exits with RC.
set -u
T=$(mktemp -d /tmp/iomt-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fails=0
expect_rc() {
	want=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL: '$*' exited $got, expected $want"
		sed 's/^/  stderr: /' "$T/err" | head -5
		fails=$((fails + 1))
		return 1
	fi
	return 0
}
# expect_err PATTERN: the last command's stderr matches PATTERN (grep -E).
expect_err() {
	if ! grep -qE -- "$1" "$T/err"; then
		echo "FAIL: stderr does not match /$1/:"
		sed 's/^/  /' "$T/err" | head -5
		fails=$((fails + 1))
	fi
}
finish() {
	[ "$fails" = 0 ] && echo "all checks passed"
	exit "$fails"
}
