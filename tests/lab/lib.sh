# lib.sh - helpers for the namespace lab tests (sourced).
#
# Each test builds its own lab (contrib/lab/lab.sh) under a private name,
# runs the scanner *inside* the lab's scanner namespace, and always tears
# the lab down, also when the test fails or is interrupted.
set -u
LAB="$IOMT_SRCDIR/contrib/lab/lab.sh"
DEVICES="$IOMT_SRCDIR/contrib/lab/devices.tsv"
PY=/usr/bin/python3
NAME=${LABNAME:-iomtt$$}
NAME=$(echo "$NAME" | cut -c1-10)
T=$(mktemp -d /tmp/iomt-lab.XXXXXX)
DB="$T/inv.db"
fails=0
lab_down() {
	bash "$LAB" down --name "$NAME" >/dev/null 2>&1 || true
	rm -rf "$T"
}
trap lab_down EXIT
trap 'exit 130' INT TERM
lab_up() {
	bash "$LAB" up --name "$NAME" "$@" >"$T/lab-up.log" 2>&1 || {
		echo "lab did not come up:"
		tail -20 "$T/lab-up.log"
		exit 1
	}
}
# in_scan CMD...: run CMD inside the scanner namespace.
in_scan() {
	ip netns exec "$NAME-scan" "$@"
}
iomt_scan() {
	in_scan "$IOMT" scan --db "$DB" -q "$@"
}
check() {	# description command...
	desc=$1
	shift
	if "$@"; then
		echo "ok: $desc"
	else
		echo "FAIL: $desc"
		fails=$((fails + 1))
	fi
}
crashed_none() {
	out=$(bash "$LAB" crashed --name "$NAME" 2>&1)
	rc=$?
	[ "$rc" = 0 ] || echo "$out"
	return "$rc"
}
finish() {
	[ "$fails" = 0 ] && echo "all checks passed"
	exit "$fails"
}
