#!/bin/sh
# check-style.sh - the mechanical parts of the style guide (docs/HACKING.md):
# no banned libc functions, no struct typedefs, and a comment paragraph at
# the top of every C file saying why it exists.  `make check-style` and the
# test suite run it.  Exit 1 on any violation.
set -u
S=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$S" || exit 2
rc=0
files=$(find src include tests/unit tests/fuzz -name '*.[ch]' 2>/dev/null | sort)
banned=$(grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|strtok|atoi|atol|alloca)[[:space:]]*\(' $files |
    grep -vE '(snprintf|vsnprintf|strlcpy|strlcat|fgets|strtok_r)')
if [ -n "$banned" ]; then
	echo "banned functions (use snprintf, strlcpy, parse_ll):"
	echo "$banned"
	rc=1
fi
td=$(grep -nE 'typedef[[:space:]]+struct' $files)
if [ -n "$td" ]; then
	echo "struct typedefs (write 'struct name'):"
	echo "$td"
	rc=1
fi
for f in $files; do
	first=$(grep -v '^[[:space:]]*$' "$f" | head -1)
	case "$first" in
	/\**) ;;
	*) echo "$f: does not open with a comment saying why it exists"; rc=1 ;;
	esac
	if grep -q 'STUB' "$f"; then
		echo "$f: still a stub"
		rc=1
	fi
done
[ "$rc" = 0 ] && echo "style: $(echo "$files" | wc -l) files ok"
exit "$rc"
