#!/bin/sh
# `iomtscan remote` on the lab: a real OpenSSH sshd (its own config and
# host key in the test's directory, started in filler host 198.18.0.102's
# namespace), the filler hosts' SSH banner and RDP port, found by a real
# scan; and the remote-maintenance lines of the fragile devices the scan
# never touches (GE CARESCAPE VNC on 198.18.0.25:5900, Lantronix and
# Baxter Telnet on .22:23 and .24:23), recorded by `listen` while a
# maintenance client uses them.  Checks: the scan sent nothing to those
# ports (audit), `remote` lists every line with the right kind and basis,
# the JSON validates, "ledger known" flips after annotate --ledger-id,
# the remote line after annotate --remote, the sshd stopped before a
# rescan shows as closed, and no simulator crashed.
. "$IOMT_SRCDIR/tests/lab/lib.sh"
[ -x /usr/sbin/sshd ] || { echo "skip: no /usr/sbin/sshd (openssh-server; contrib/lab/deps.sh --all)"; exit 77; }
command -v ssh-keygen >/dev/null 2>&1 || { echo "skip: no ssh-keygen"; exit 77; }
made_run=""
cleanup() {
	[ -n "$made_run" ] && rmdir /run/sshd 2>/dev/null
	lab_down
}
trap cleanup EXIT
lab_up --hosts 3
SSHD_IP=198.18.0.102
K="$T/sshd"
mkdir -p "$K"
ssh-keygen -q -t ed25519 -N '' -C iomtscan-lab -f "$K/host_ed25519" || { echo "ssh-keygen failed"; exit 1; }
cat >"$K/sshd_config" <<EOF
# iomtscan lab: a real sshd that accepts no one
ListenAddress $SSHD_IP:22
HostKey $K/host_ed25519
PidFile $K/sshd.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication no
PermitRootLogin no
AuthorizedKeysFile none
StrictModes no
EOF
# Debian's sshd needs its privilege-separation directory.
if [ ! -d /run/sshd ]; then
	mkdir -m 755 /run/sshd && made_run=1
fi
/usr/sbin/sshd -t -f "$K/sshd_config" || { echo "sshd config refused"; exit 1; }
bash "$LAB" --name "$NAME" exec h102 /usr/sbin/sshd -D -e -f "$K/sshd_config" 2>"$K/sshd.log" &
for i in 1 2 3 4 5 6 7 8 9 10; do
	bash "$LAB" --name "$NAME" exec h102 ss -Hltn 2>/dev/null | grep -q "$SSHD_IP:22 " && break
	sleep 0.3
done
# A real SSH server: it completes a key exchange with our host key.
in_scan ssh-keyscan -T 5 -t ed25519 "$SSHD_IP" 2>/dev/null | awk '{ print $3 }' >"$T/scanned.key"
check "the sshd in $SSHD_IP's namespace is real (key exchange gives its host key)" \
    [ "$(cat "$T/scanned.key")" = "$(awk '{ print $2 }' "$K/host_ed25519.pub")" ]

iomt_scan 198.18.0.0/24
check "scan exits 0" [ $? = 0 ]
# The scan leaves the fragile devices' remote ports alone.
"$IOMT" audit --db "$DB" >"$T/audit.txt"
check "the scan sent nothing to 5900 on .25 or 23 on .22/.24" $PY - "$T/audit.txt" <<'PYEOF'
import re, sys
bad = [l for l in open(sys.argv[1], encoding="utf-8")
       if re.search(r"198\.18\.0\.25\s+5900\b|198\.18\.0\.2[24]\s+23\b", l)]
if bad:
    print("wrong:", *bad[:3]); sys.exit(1)
# The same pattern does find the connect to the sshd (the format is right).
if not any(re.search(r"198\.18\.0\.102\s+22\b", l) for l in open(sys.argv[1], encoding="utf-8")):
    print("wrong: no audit row for 198.18.0.102 22/tcp"); sys.exit(1)
PYEOF
"$IOMT" remote --db "$DB" --format json >"$T/r1.json"
check "remote after the scan: real sshd, filler SSH and RDP; no fragile device" $PY - "$T/r1.json" "$SSHD_IP" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
s = {(h["ip"], v["port"]): v for h in d["hosts"] for v in h["services"]}
ok = (s.get((sys.argv[2], 22), {}).get("banner") or "").startswith("SSH-2.0-OpenSSH_") \
    and s[(sys.argv[2], 22)]["basis"] == "banner" and s[(sys.argv[2], 22)]["kind"] == "ssh" \
    and s.get(("198.18.0.100", 22), {}).get("kind") == "ssh" \
    and s.get(("198.18.0.101", 3389), {}).get("kind") == "rdp" \
    and not any(ip in ("198.18.0.22", "198.18.0.24", "198.18.0.25") for ip, _ in s)
if not ok:
    print("wrong:", sorted(s)); sys.exit(1)
PYEOF

# A maintenance engineer's sessions, from the scanner host, while listen
# records them: read each device's greeting, send nothing, close.
in_scan "$IOMT" listen -q -i eth0 -t 8 --db "$DB" >"$T/listen.out" 2>&1 &
lpid=$!
sleep 2
in_scan $PY - <<'PYEOF' >"$T/client.out" 2>&1
import socket, time
for ip, port in (("198.18.0.25", 5900), ("198.18.0.22", 23), ("198.18.0.24", 23)):
    c = socket.create_connection((ip, port), timeout=3)
    c.settimeout(2)
    try:
        print(ip, port, c.recv(256)[:40])
    except socket.timeout:
        print(ip, port, "no greeting")
    time.sleep(0.3)
    c.close()
PYEOF
check "the maintenance client reached all three lines" [ "$(grep -c '^198' "$T/client.out")" = 3 ]
wait $lpid
check "listen exits 0" [ $? = 0 ]
"$IOMT" remote --db "$DB" --format json >"$T/r2.json"
check "remote JSON validates against docs/json-schema/remote.schema.json" $PY - "$T/r2.json" "$IOMT_SRCDIR/docs/json-schema/remote.schema.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
try:
    import jsonschema
except ImportError:
    print("note: python3-jsonschema not installed; shape only")
    sys.exit(0 if d["schema"] == "iomtscan-remote/1" else 1)
jsonschema.validate(d, json.load(open(sys.argv[2])), cls=jsonschema.Draft202012Validator)
PYEOF
check "remote lists the lines listen saw: VNC on .25 (RFB banner), Telnet on .22 and .24" $PY - "$T/r2.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
h = {x["ip"]: x for x in d["hosts"]}
def svc(ip, port):
    return {v["port"]: v for v in h[ip]["services"]}[port]
try:
    v = svc("198.18.0.25", 5900)
    assert v["kind"] == "vnc" and v["banner"] == "RFB 003.008", v
    assert v["first_scan"] == d["latest_scan"] and v["open_in_latest_scan"], v
    for ip in ("198.18.0.22", "198.18.0.24"):
        t = svc(ip, 23)
        assert t["kind"] == "telnet" and t["cleartext"] and t["banner"] is None, t
    assert h["198.18.0.25"]["fragile_profile"] and h["198.18.0.24"]["fragile_profile"]
    assert h["198.18.0.25"]["mac"] == "00:40:97:1a:2b:19"
    assert list(h) == sorted(h, key=lambda a: tuple(int(x) for x in a.split(".")))
    assert not any(x["ledger_known"] for x in d["hosts"])
    # The listen run did not probe the scan's services: not checked.
    assert svc("198.18.0.100", 22)["latest_scan_state"] == "not checked"
except (AssertionError, KeyError) as e:
    print("wrong:", repr(e)[:600]); sys.exit(1)
PYEOF
"$IOMT" remote --db "$DB" >"$T/r2.txt"
check "text: 6 devices, CARESCAPE's VNC, sorted" $PY - "$T/r2.txt" <<'PYEOF'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
ips = re.findall(r"^(198\.18\.0\.\d+) ", t, re.M)
ok = ips == ["198.18.0.22", "198.18.0.24", "198.18.0.25", "198.18.0.100", "198.18.0.101", "198.18.0.102"] \
    and re.search(r"tcp/5900 +VNC +banner", t) and re.search(r"tcp/23 +Telnet \(cleartext\) +service", t) and "6 devices with" in t \
    and t.count("NOT IN THE LEDGER") == 6
if not ok:
    print(t); sys.exit(1)
PYEOF

# The ledger learns of the monitor; its line gets an owner.
"$IOMT" annotate --db "$DB" 198.18.0.25 --ledger-id ME-0025 >/dev/null
check "annotate --ledger-id exits 0" [ $? = 0 ]
"$IOMT" annotate --db "$DB" 00:80:a3:1a:2b:16 --remote "保守ベンダー Telnet、臨床工学部が管理" >/dev/null
check "annotate --remote by MAC exits 0" [ $? = 0 ]
"$IOMT" remote --db "$DB" --format json >"$T/r3.json"
check "ledger known flips for .25 only; the remote line of .22 is recorded" $PY - "$T/r3.json" <<'PYEOF'
import json, sys
h = {x["ip"]: x for x in json.load(open(sys.argv[1]))["hosts"]}
ok = h["198.18.0.25"]["ledger_known"] and h["198.18.0.25"]["ledger_id"] == "ME-0025" \
    and not any(x["ledger_known"] for ip, x in h.items() if ip != "198.18.0.25") \
    and h["198.18.0.22"]["remote_line"] == "保守ベンダー Telnet、臨床工学部が管理" \
    and h["198.18.0.22"]["remote_line_recorded"] \
    and not h["198.18.0.25"]["remote_line_recorded"]
sys.exit(0 if ok else 1)
PYEOF
"$IOMT" remote --db "$DB" --unmanaged --format csv >"$T/r3.csv"
check "remote --unmanaged (CSV) leaves the monitor out" $PY - "$T/r3.csv" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
ips = {r["ip"] for r in rows}
sys.exit(0 if rows and "198.18.0.25" not in ips and "198.18.0.22" in ips else 1)
PYEOF

# The sshd stops; a rescan of its host finds the line closed, still listed.
kill "$(cat "$K/sshd.pid")" 2>/dev/null
sleep 0.5
iomt_scan "$SSHD_IP"
"$IOMT" remote --db "$DB" --format json >"$T/r4.json"
check "after the sshd stopped: closed in the latest scan, first scan kept" $PY - "$T/r4.json" "$SSHD_IP" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
s = {(h["ip"], v["port"]): v for h in d["hosts"] for v in h["services"]}
v = s[(sys.argv[2], 22)]
ok = v["latest_scan_state"] == "closed" and not v["open_in_latest_scan"] \
    and v["first_scan"] == 1 and v["last_open_scan"] == 1 \
    and s[("198.18.0.25", 5900)]["latest_scan_state"] == "not checked"
if not ok:
    print("wrong:", v); sys.exit(1)
PYEOF
check "no fragile-device simulator crashed" crashed_none
finish
