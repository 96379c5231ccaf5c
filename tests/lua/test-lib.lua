-- test-lib.lua - checks of the lua/ library's pure functions in the
-- standalone interpreter (a developer's aid; the suite runs scripts in the
-- real sandbox through tests/scripts/run-fixtures.sh).
--
--   IOMT_SRCDIR=. lua5.4 tests/lua/test-lib.lua

local srcdir = os.getenv("IOMT_SRCDIR") or "."
_G.iomt = { version = "0.0-test", log = function() end }
for _, name in ipairs({ "match", "dicom", "snmp", "http", "mllp", "banner" }) do
	package.preload["iomt." .. name] = function()
		return dofile(srcdir .. "/lua/" .. name .. ".lua")
	end
end

local m = require("iomt.match")
local dicom = require("iomt.dicom")
local snmp = require("iomt.snmp")
local http = require("iomt.http")
local mllp = require("iomt.mllp")
local banner = require("iomt.banner")

local n, bad = 0, 0
local function eq(got, want, what)
	n = n + 1
	if got ~= want then
		bad = bad + 1
		print(("FAIL %s: got %s, want %s"):format(what, tostring(got),
		    tostring(want)))
	end
end

-- match
eq(m.mac_hex("00:09:fb:01:02:03"), "0009FB010203", "mac_hex colon")
eq(m.mac_hex("00-09-FB-01-02-03"), "0009FB010203", "mac_hex dash")
eq(m.mac_hex("0009.fb01.0203"), "0009FB010203", "mac_hex cisco")
eq(m.mac_hex("zz:zz"), nil, "mac_hex junk")
eq(m.mac_is_local("02:09:fb:01:02:03"), true, "local bit")
eq(m.mac_is_local("00:09:fb:01:02:03"), false, "global")
eq(m.oui_find("70:b3:d5:36:a1:23", { ["70B3D536A"] = 1, ["70B3D5"] = 2 }),
    "70B3D536A", "longest prefix")
eq(m.version("Allegro-Software-RomPager/4.07 UPnP/1.0", "RomPager"), "4.07",
    "version slash")
eq(m.version("Lantronix ETS16 Version V3.1/1(960520)", "Version"), "3.1",
    "version V")
eq(m.version("no digits here", "here"), nil, "version none")
eq(m.truthy("yes"), true, "truthy")
eq(m.falsy("no"), true, "falsy")
eq(m.truthy("maybe"), false, "truthy junk")
eq(m.printable("a\1b\255c  d"), "a?b?c d", "printable")
eq(m.printable(string.rep(" ", 1000)), nil, "printable blanks")

-- dicom
eq(dicom.digits_version("367"), "3.6.7", "digits 367")
eq(dicom.digits_version("3610"), "3.6.10", "digits 3610")
eq(dicom.valid_uid("1.2.840.10008.1.1"), true, "valid uid")
eq(dicom.valid_uid("1.2..3"), false, "empty component")
eq(dicom.valid_uid("1.02.3"), false, "leading zero")
eq(dicom.valid_uid(string.rep("1.", 40) .. "1"), false, "too long")
local e, tail = dicom.lookup("1.2.276.0.7230010.3.0.3.6.7")
eq(e and e.product, "DCMTK", "lookup dcmtk")
eq(tail, "0.3.6.7", "lookup tail")
eq(dicom.lookup("1.2.276.0.72300103.0.3.6.7"), nil, "lookup boundary")
local id = dicom.identify("1.2.276.0.7230010.3.0.3.6.7", "OFFIS_DCMTK_367")
eq(id.version, "3.6.7", "identify dcmtk version")
eq(id.by, "both", "identify both")
id = dicom.identify("1.2.826.0.1.3680043.9.3811.2.0.2", "PYNETDICOM_202")
eq(id.product, "pynetdicom", "identify pynetdicom")
eq(id.version, "2.0.2", "pynetdicom version")
id = dicom.identify("1.2.840.113619.6.374", "GE_X")
eq(id.vendor, "GE Healthcare", "identify ge root")
eq(id.kind, "vendor", "ge kind")
local p, v = dicom.parse_version_name("dcm4che-5.31.0")
eq(p, "dcm4che", "dcm4che name")
eq(v, "5.31.0", "dcm4che version")
p, v = dicom.parse_version_name("OFFIS-DCMTK-2.0")
eq(v, "2.0", "dcmtk dotted")
local _, src, rsn, text = dicom.rj_parse("source=1 reason=7")
eq(text, "called AE title not recognized", "rj text")

-- snmp
eq(snmp.enterprise("1.3.6.1.4.1.8072.3.2.10"), 8072, "pen")
eq(snmp.enterprise(".1.3.6.1.4.1.9.1.1208"), 9, "pen leading dot")
eq(snmp.enterprise("iso.3.6.1.4.1.332.1"), 332, "pen iso")
eq(snmp.enterprise("1.3.6.1.2.1.1"), nil, "not enterprise")
eq(snmp.netsnmp_os("1.3.6.1.4.1.8072.3.2.10"), "Linux", "netsnmp linux")
eq(snmp.os_from_sysdescr("Linux gw 5.10.0-21-amd64 #1 SMP"), "Linux 5.10.0-21-amd64",
    "sysdescr linux")
eq(snmp.os_from_sysdescr("Hardware: x - Software: Windows Version 6.1 (Build 7601 Multiprocessor Free)"),
    "Windows 6.1 build 7601", "sysdescr windows")
eq(snmp.windows_legacy("Software: Windows Version 10.0 (Build 17763)"), nil,
    "windows 10 not legacy")

-- http
local r = http.parse("HTTP/1.1 307 Temporary Redirect\r\nLocation: app/explorer.html\r\nX:  y  \r\n\r\nbody")
eq(r.status, 307, "http status")
eq(r.headers.location, "app/explorer.html", "http location")
eq(r.headers.x, "y", "http trim")
eq(r.body, "body", "http body")
eq(http.parse("garbage"), nil, "http garbage")
eq(http.json_string('{ "Version" : "1.12.4" }', "Version"), "1.12.4", "json string")
eq(http.json_string('{ "Version" : "a\\"b" }', "Version"), nil, "json escape refused")
eq(http.json_number('{"ApiVersion": 24}', "ApiVersion"), 24, "json number")
eq(http.title("<html><TITLE>  NPort  Web Console </title>"), "NPort Web Console", "title")
local sp, sv = http.server_product("Microsoft-IIS/7.5")
eq(sp, "Microsoft-IIS", "server product")
eq(sv, "7.5", "server version")

-- mllp
local msg = "MSH|^~\\&|LAB|HOSP|||20260101||ACK^R01|1|T|2.5\rMSA|AA|1\r"
eq(mllp.unframe(mllp.frame(msg)), msg, "mllp roundtrip")
eq(mllp.unframe("\11\28\13"), "", "empty frame")
eq(mllp.msh(msg).sending_app, "LAB", "msh-3")
eq(mllp.msh(msg).version, "2.5", "msh-12")
eq(mllp.ack_code(msg), "AA", "msa-1")

-- banner (stack signals)
eq(banner.vercmp("4.07", "4.34"), -1, "vercmp lt")
eq(banner.vercmp("4.34", "4.34"), 0, "vercmp eq")
eq(banner.vercmp("4.51", "4.34"), 1, "vercmp gt")
local hits = banner.scan({ { where = "banner", value = "220 VxWorks (5.4) FTP server ready", port = 21 } })
eq(hits[1] and hits[1].family, "vxworks", "scan vxworks")
eq(#banner.scan({ { where = "banner", value = "220 (vsFTPd 3.0.3)", port = 21 } }), 0,
    "scan vsftpd")
for id, f in pairs(banner.FAMILIES) do
	eq(#f.detail <= 256, true, "detail length " .. id)
end

print(("%d passed, %d failed"):format(n - bad, bad))
os.exit(bad == 0 and 0 or 1)
