#!/bin/sh
# Every C probe is registered exactly once and built: each descriptor
# "const struct probe_ops probe_X = {" in src/probe/*.c has a PROBE(X) line
# in src/probe/probes.def, each PROBE(X) line has a descriptor, and every
# src/probe/*.c file is in probe_SOURCES of Makefile.am and the other way
# round (docs/HACKING.md, "Add a C probe").  Exit 1 on any mismatch.
set -u
S=${IOMT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$S" || exit 2
rc=0
def=src/probe/probes.def
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# Descriptors defined in the probe files.
grep -hE '^const struct probe_ops probe_[a-z0-9_]+ = \{' src/probe/*.c |
    sed -E 's/^const struct probe_ops probe_([a-z0-9_]+) = \{.*/\1/' |
    sort >"$tmp/defined"
# Lines of the registry list.
grep -E '^PROBE\(' "$def" | sed -E 's/^PROBE\(([a-z0-9_]+)\).*/\1/' |
    sort >"$tmp/listed"
dups=$(uniq -d "$tmp/listed")
if [ -n "$dups" ]; then
	echo "listed more than once in $def: $dups"
	rc=1
fi
for p in $(comm -23 "$tmp/defined" "$tmp/listed"); do
	echo "probe_$p is defined in src/probe/ but not listed in $def"
	rc=1
done
for p in $(sort -u "$tmp/listed" | comm -13 "$tmp/defined" -); do
	echo "PROBE($p) in $def, but no src/probe/*.c defines probe_$p"
	rc=1
done

# Files of probe_SOURCES (the backslash-continued variable in Makefile.am).
sed -n '/^probe_SOURCES[[:space:]]*=/,/[^\\]$/p' Makefile.am |
    tr ' \t\\' '\n\n\n' | grep -E '^src/probe/.*\.c$' | sort >"$tmp/built"
ls src/probe/*.c | sort >"$tmp/files"
for f in $(comm -23 "$tmp/files" "$tmp/built"); do
	echo "$f is not in probe_SOURCES of Makefile.am"
	rc=1
done
for f in $(comm -13 "$tmp/files" "$tmp/built"); do
	echo "probe_SOURCES of Makefile.am lists $f, which does not exist"
	rc=1
done
grep -q 'src/probe/probes.def' Makefile.am || {
	echo "$def is not in probe_SOURCES of Makefile.am (make dist)"
	rc=1
}
[ "$rc" = 0 ] && echo "probe registry: $(wc -l <"$tmp/listed") probes ok"
exit "$rc"
