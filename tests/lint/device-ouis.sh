#!/bin/sh
# check-device-ouis.sh - keep the curated device-maker table honest.
#
# data/device-ouis.txt decides which hosts the safety policy treats as
# medical devices, serial bridges or printers, so a typo in a prefix would
# silently drop a fragile device back to the full-rate scan.  This script
# checks every entry against the IEEE registry CSVs (Debian ieee-data):
# the line is well formed ("PREFIX CLASS Label  # ieee: Name"), the prefix
# appears once in the table, it is registered with the matching length
# (6 hex = MA-L, 7 = MA-M, 9 = MA-S or IAB), and the registry's
# organisation name equals the "# ieee:" name the curator recorded
# (whitespace collapsed).  Prints each mismatch; exit 1 on any, 77 when
# the registry directory is missing, 0 otherwise.
#
# Usage: check-device-ouis.sh [TABLE [IEEE-DIR]]
#   defaults: $IOMT_SRCDIR/data/device-ouis.txt, $IOMT_IEEE_DIR or
#   /usr/share/ieee-data.
set -u
S=${IOMT_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
table=${1:-$S/data/device-ouis.txt}
ieee=${2:-${IOMT_IEEE_DIR:-/usr/share/ieee-data}}
if [ ! -d "$ieee" ]; then
	echo "skip: no IEEE registry directory $ieee"
	exit 77
fi
if [ ! -r "$table" ]; then
	echo "cannot read $table"
	exit 1
fi
files=""
for f in oui.csv mam.csv oui36.csv iab.csv; do
	[ -r "$ieee/$f" ] && files="$files $ieee/$f"
done
if [ -z "$files" ]; then
	echo "skip: no registry CSV files in $ieee"
	exit 77
fi

# shellcheck disable=SC2086
LC_ALL=C awk -v table="$table" '
function trim(s) {
	gsub(/[ \t\r]+/, " ", s)
	sub(/^ /, "", s)
	sub(/ $/, "", s)
	return s
}
# Organisation name: the third CSV field, possibly quoted with "" escapes.
function csvname(rest,    i, c, out) {
	if (substr(rest, 1, 1) != "\"") {
		i = index(rest, ",")
		return trim(i > 0 ? substr(rest, 1, i - 1) : rest)
	}
	out = ""
	for (i = 2; i <= length(rest); i++) {
		c = substr(rest, i, 1)
		if (c == "\"") {
			if (substr(rest, i + 1, 1) == "\"") {
				out = out "\""
				i++
			} else
				break
		} else
			out = out c
	}
	return trim(out)
}
FILENAME != table {
	if ($0 !~ /^(MA-L|MA-M|MA-S|IAB),[0-9A-Fa-f]+,/)
		next
	reg = $0
	sub(/,.*/, "", reg)
	rest = substr($0, length(reg) + 2)
	asg = rest
	sub(/,.*/, "", asg)
	asg = toupper(asg)
	rest = substr(rest, length(asg) + 2)
	if (!(asg in name)) {
		name[asg] = csvname(rest)
		kind[asg] = reg
	}
	next
}
{
	line = $0
	ieeename = ""
	i = index(line, "# ieee:")
	if (i > 0)
		ieeename = trim(substr(line, i + 7))
	sub(/#.*/, "", line)
	if (line ~ /^[ \t\r]*$/)
		next
	n = split(trim(line), f, " ")
	where = table ":" FNR ": "
	p = toupper(f[1])
	if (p !~ /^[0-9A-F]+$/ || (length(p) != 6 && length(p) != 7 &&
	    length(p) != 9)) {
		print where "prefix \"" f[1] "\" is not 6, 7 or 9 hex digits"
		bad++
		next
	}
	if (f[2] != "medical" && f[2] != "serial-bridge" &&
	    f[2] != "printer") {
		print where "class \"" f[2] "\" is not medical, " \
		    "serial-bridge or printer"
		bad++
	}
	if (n < 3) {
		print where "no label"
		bad++
	}
	if (ieeename == "") {
		print where "no \"# ieee: <registered name>\" comment"
		bad++
	}
	if (p in seen) {
		print where p " already listed on line " seen[p]
		bad++
	}
	seen[p] = FNR
	entries++
	if (!(p in name)) {
		print where p " is not in the IEEE registry files"
		bad++
		next
	}
	want = length(p) == 6 ? "MA-L" : length(p) == 7 ? "MA-M" : "MA-S"
	if (kind[p] != want && !(want == "MA-S" && kind[p] == "IAB")) {
		print where p " is registered as " kind[p] ", not " want
		bad++
	}
	if (ieeename != "" && name[p] != ieeename) {
		print where p " is registered to \"" name[p] "\", table " \
		    "says \"" ieeename "\""
		bad++
	}
	cls[f[2]]++
}
END {
	if (entries == 0) {
		print table ": no entries"
		bad++
	}
	printf "%d entries (medical %d, serial-bridge %d, printer %d), " \
	    "%d problems\n", entries, cls["medical"], cls["serial-bridge"],
	    cls["printer"], bad
	exit bad > 0 ? 1 : 0
}
' $files "$table"
