#!/bin/sh
# A typo in the site policy is an error with FILE:LINE and the closest
# known name, never a rule that silently matches nothing: an unknown device
# class, profile, exclusion kind or keyword; a NUL byte has its own message; plan
# says how many exclusion rules it applied.  plan sends nothing.
. "$IOMT_SRCDIR/tests/cli/lib.sh"
export IOMT_ETCDIR="$T/etc"
mkdir -p "$T/etc"
typo() {	# pattern file-body
	printf "$2" >"$T/p.conf"
	expect_rc 2 "$IOMT" plan --policy "$T/p.conf" 198.19.255.77 &&
	    expect_err "$1"
	expect_rc 2 "$IOMT" scan --db "$T/x.db" --policy "$T/p.conf" 198.19.255.77 &&
	    expect_err "$1"
	[ ! -e "$T/x.db" ] || { echo "FAIL: scan created a database"; fails=$((fails+1)); rm -f "$T/x.db"; }
}
typo "p\.conf:3: exclude class: unknown device class 'infusion-pumps' \(did you mean 'infusion-pump'\?\)" \
    'format 1\nexclude 198.19.255.1\nexclude class infusion-pumps\n'
typo "p\.conf:2: exclude: unknown kind 'clas' \(did you mean 'class'\?\)" \
    'format 1\nexclude clas infusion-pump\n'
typo "p\.conf:2: exclude: unknown kind 'vendr' \(did you mean 'vendor'\?\)" \
    'format 1\nexclude vendr "Acme Medical"\n'
typo "p\.conf:2: unknown keyword 'excldue' \(did you mean 'exclude'\?\)" \
    'format 1\nexcldue 198.19.255.1\n'
typo "p\.conf:2: exclude profile: no profile 'bd-alaris-pc' \(did you mean 'bd-alaris-pcu'\?\)" \
    'format 1\nexclude profile bd-alaris-pc\n'
typo "p\.conf:2: NUL byte" 'format 1\nexclude class infusion\000-pump\n'
if grep -q 'longer than' "$T/err"; then echo "FAIL: NUL reported as a long line"; fails=$((fails+1)); fi
# A class far from every known name gets no suggestion, still an error.
typo "unknown device class 'zzzzzzzzzz' \(docs/DEVICE-CLASSES.md\)" \
    'format 1\nexclude class zzzzzzzzzz\n'
# The right names load, and plan says how many exclusion rules it applied.
printf 'format 1\nexclude class infusion-pump\nexclude 198.19.255.1\nexclude vendor "Acme Medical"\nexclude profile bd-alaris-pcu\n' >"$T/ok.conf"
expect_rc 0 "$IOMT" plan --policy "$T/ok.conf" 198.19.255.77
grep -q '4 exclusion rules' "$T/out" || { echo "FAIL: plan does not say 4 exclusion rules"; sed 's/^/  /' "$T/out" | head -4; fails=$((fails+1)); }
expect_rc 0 "$IOMT" plan --policy "$T/ok.conf" --format json 198.19.255.77
python3 -c "import json,sys; assert json.load(open(sys.argv[1]))[\"policy\"][\"exclusions\"] == 4" "$T/out" || { echo "FAIL: plan JSON policy.exclusions"; fails=$((fails+1)); }
finish
