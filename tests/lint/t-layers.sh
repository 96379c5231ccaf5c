#!/bin/sh
# t-layers.sh - the source tree stays layered.
#
# docs/HACKING.md ("The source tree") orders the layers; a file may
# include the API header of its own layer or of a layer before it, never
# one after it, and another layer's internal -int.h never:
#
#   util < net < safety < probe < db < script < listen < ledger < engine
#        < report < cli
#
# Also: no C file or header over 1,200 lines; only main.c at src/'s top;
# every folder under src/ is a known layer; libiomt.a holds no CLI code.
# Fails naming the file and the line.
set -u
S=${IOMT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
order="util net safety probe db script listen ledger engine report cli"
fail=0
rank() {	# layer -> position, or empty
	i=0
	for l in $order; do
		[ "$l" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
}
hdr_layer() {	# iomt/X.h -> layer
	case "$1" in
	compat-dnet) echo net ;;
	db-docs) echo db ;;
	*) echo "$1" ;;
	esac
}
for d in "$S"/src/*/; do
	l=$(basename "$d")
	[ -n "$(rank "$l")" ] || { echo "src/$l/: not a layer ($order)"; fail=1; }
done
for f in "$S"/src/*; do
	[ -f "$f" ] || continue
	[ "$(basename "$f")" = main.c ] || { echo "src/$(basename "$f"): only main.c lives at src/'s top"; fail=1; }
done
check() {	# file layer
	r=$(rank "$2")
	grep -n '^#[[:space:]]*include[[:space:]]*"' "$1" | while IFS= read -r line; do
		n=${line%%:*}
		inc=$(echo "$line" | sed 's/.*include[[:space:]]*"\([^"]*\)".*/\1/')
		case "$inc" in
		iomt/*.h)
			h=$(basename "$inc" .h)
			hl=$(hdr_layer "$h")
			hr=$(rank "$hl")
			if [ -z "$hr" ]; then
				echo "${1#"$S"/}:$n: includes $inc, which is no layer's header"
				echo x
			elif [ "$hr" -gt "$r" ]; then
				echo "${1#"$S"/}:$n: layer $2 includes $inc (layer $hl comes after it)"
				echo x
			fi ;;
		*-int.h)
			case "$1" in
			*/src/"$2"/*) ;;
			*) echo "${1#"$S"/}:$n: includes another layer's internal $inc"; echo x ;;
			esac ;;
		esac
	done
}
out=$(
	for f in "$S"/src/*/*.[ch]; do
		l=$(basename "$(dirname "$f")")
		check "$f" "$l"
	done
	for f in "$S"/include/iomt/*.h; do
		l=$(hdr_layer "$(basename "$f" .h)")
		[ -n "$(rank "$l")" ] || { echo "include/iomt/$(basename "$f"): no such layer"; echo x; continue; }
		check "$f" "$l"
	done
)
if echo "$out" | grep -qx x; then
	echo "$out" | grep -vx x
	fail=1
fi
for f in "$S"/src/*.c "$S"/src/*/*.[ch] "$S"/include/iomt/*.h; do
	[ -f "$f" ] || continue
	n=$(wc -l <"$f")
	[ "$n" -le 1200 ] || { echo "${f#"$S"/}: $n lines (at most 1,200)"; fail=1; }
done
# libiomt.a: the layers, never src/cli/.
sed -n '/^libiomt_a_SOURCES/,/^[a-z]/p' "$S/Makefile.am" | grep -q 'cli_SOURCES\|src/cli/' &&
    { echo "Makefile.am: libiomt.a contains CLI sources"; fail=1; }
for l in $order; do
	[ "$l" = cli ] && continue
	grep -q "src/cli/" <<EOF2 && { echo "Makefile.am: ${l}_SOURCES lists src/cli/"; fail=1; }
$(sed -n "/^${l}_SOURCES/,/^[a-z]/p" "$S/Makefile.am")
EOF2
done
[ "$fail" = 0 ] && echo "layers: ok ($(ls -d "$S"/src/*/ | wc -l) layers)"
exit "$fail"
