-- snmp.lua - reading SNMP system-group values (require "iomt.snmp").
--
-- The SNMP probe records sysDescr, sysObjectID, sysName and sysLocation
-- as snmp.sysdescr, snmp.sysobjectid, snmp.sysname, snmp.syslocation.  A
-- sysObjectID under 1.3.6.1.4.1.<PEN> names the vendor through its IANA
-- Private Enterprise Number.  The table below lists only enterprise
-- numbers checked against the IANA registry text (as shipped in
-- Wireshark's enterprises.tsv, generated from
-- https://www.iana.org/assignments/enterprise-numbers) or against the
-- vendor's own MIB (net-snmp's NET-SNMP-MIB: netSnmp ::= { enterprises
-- 8072 }; MOXA-GENERAL-MIB: moxa ::= { enterprises 8691 }).  An unknown
-- number is reported as a number, never guessed.

local M = {}

local find, sub, match, lower, gsub = string.find, string.sub, string.match,
    string.lower, string.gsub

-- PEN -> { vendor, class } where class is the device class the number
-- suggests on its own (nil when the vendor makes many kinds of things).
M.PEN = {
	[2] = { vendor = "IBM" },
	[9] = { vendor = "Cisco", class = "network-device" },
	[11] = { vendor = "HP" },
	[42] = { vendor = "Sun Microsystems" },
	[43] = { vendor = "3Com", class = "network-device" },
	[171] = { vendor = "D-Link", class = "network-device" },
	[207] = { vendor = "Allied Telesis", class = "network-device" },
	[232] = { vendor = "Compaq" },
	[244] = { vendor = "Lantronix", class = "serial-bridge" },
	[253] = { vendor = "Xerox", class = "printer" },
	[311] = { vendor = "Microsoft" },
	[318] = { vendor = "APC (American Power Conversion)",
	    class = "network-device" },
	[332] = { vendor = "Digi International", class = "serial-bridge" },
	[367] = { vendor = "Ricoh", class = "printer" },
	[534] = { vendor = "Eaton", class = "network-device" },
	[641] = { vendor = "Lexmark", class = "printer" },
	[674] = { vendor = "Dell" },
	[890] = { vendor = "ZyXEL", class = "network-device" },
	[1248] = { vendor = "Seiko Epson", class = "printer" },
	[1347] = { vendor = "Kyocera", class = "printer" },
	[1588] = { vendor = "Brocade", class = "network-device" },
	[1602] = { vendor = "Canon", class = "printer" },
	[2021] = { vendor = "UCD-SNMP (agent)" },
	[8072] = { vendor = "Net-SNMP (agent)" },
	[8691] = { vendor = "Moxa", class = "serial-bridge" },
}

-- Where each PEN row was checked (for evidence text).
M.PEN_SOURCE = "IANA Private Enterprise Numbers (Wireshark enterprises.tsv)"

-- net-snmp agent OS arcs: 1.3.6.1.4.1.8072.3.2.<n> (NET-SNMP-TC
-- netSnmpAgentOIDs).
M.NETSNMP_OS = {
	[1] = "HP-UX 9", [2] = "SunOS 4", [3] = "Solaris", [4] = "OSF/1",
	[5] = "Ultrix", [6] = "HP-UX 10", [7] = "NetBSD", [8] = "FreeBSD",
	[9] = "IRIX", [10] = "Linux", [11] = "BSDi", [12] = "OpenBSD",
	[13] = "Windows", [14] = "HP-UX 11", [15] = "AIX", [16] = "macOS",
	[17] = "DragonFly BSD",
}

-- Normalise an OID as printed by agents and tools: strip a leading dot,
-- "iso." -> "1.", "SNMPv2-SMI::enterprises." -> "1.3.6.1.4.1.".  Returns
-- a dotted-decimal string or nil if it is not one.
function M.normalize_oid(oid)
	if type(oid) ~= "string" then
		return nil
	end
	oid = sub(oid, 1, 256)
	oid = match(oid, "^%s*(.-)%s*$")
	oid = gsub(oid, "^%.", "")
	oid = gsub(oid, "^iso%.", "1.")
	oid = gsub(oid, "^SNMPv2%-SMI::enterprises%.", "1.3.6.1.4.1.")
	oid = gsub(oid, "^enterprises%.", "1.3.6.1.4.1.")
	if #oid == 0 or find(oid, "[^%d%.]") or find(oid, "%.%.") or
	    find(oid, "%.$") then
		return nil
	end
	return oid
end

-- Return the enterprise number (a number) under 1.3.6.1.4.1 and the rest
-- of the OID after it (string, may be ""), or nil.
function M.enterprise(oid)
	oid = M.normalize_oid(oid)
	if oid == nil then
		return nil
	end
	local pen, rest = match(oid, "^1%.3%.6%.1%.4%.1%.(%d+)(.*)$")
	if pen == nil or #pen > 9 then
		return nil
	end
	rest = gsub(rest, "^%.", "")
	return tonumber(pen), rest
end

-- Return vendor, class, pen for a sysObjectID (vendor nil when the PEN is
-- not in the table; pen still returned).
function M.vendor_of(oid)
	local pen, rest = M.enterprise(oid)
	if pen == nil then
		return nil
	end
	local e = M.PEN[pen]
	if e == nil then
		return nil, nil, pen, rest
	end
	return e.vendor, e.class, pen, rest
end

-- OS named by a net-snmp agent sysObjectID (1.3.6.1.4.1.8072.3.2.N).
function M.netsnmp_os(oid)
	local pen, rest = M.enterprise(oid)
	if pen ~= 8072 then
		return nil
	end
	local n = tonumber(match(rest, "^3%.2%.(%d+)$"))
	return n and M.NETSNMP_OS[n] or nil
end

-- OS from a sysDescr.  Known shapes:
--   net-snmp on Linux: "Linux <host> <release> #1 SMP ... <machine>"
--   Windows: "Hardware: ... Software: Windows Version 6.1 (Build 7601 ...)"
--   Cisco IOS: "Cisco IOS Software, ... Version 15.2(4)E7, ..."
--   FreeBSD/NetBSD/OpenBSD "<OS> <host> <release> ..."
--   VxWorks: "... VxWorks ..." (some embedded agents)
-- Returns os (string) or nil.
function M.os_from_sysdescr(d)
	if type(d) ~= "string" then
		return nil
	end
	d = sub(d, 1, 512)
	local rel = match(d, "^Linux%s+%S+%s+(%d+%.%d+[%w%.%-_+]*)")
	if rel ~= nil then
		return "Linux " .. sub(rel, 1, 32)
	end
	if find(d, "^Linux[%s]") then
		return "Linux"
	end
	local wv = match(d, "Software:%s*Windows.-Version%s+(%d+%.%d+)")
	if wv ~= nil then
		local build = match(d, "Build%s+(%d+)")
		return "Windows " .. wv .. (build and (" build " .. build) or "")
	end
	local ios = match(d, "Cisco IOS.-Version%s+([%w%.%(%)]+)")
	if ios ~= nil then
		return "Cisco IOS " .. sub(ios, 1, 24)
	end
	for _, os in ipairs({ "FreeBSD", "NetBSD", "OpenBSD" }) do
		local r = match(d, "^" .. os .. "%s+%S+%s+(%d+%.%d+[%w%.%-_]*)")
		if r ~= nil then
			return os .. " " .. sub(r, 1, 24)
		end
	end
	if find(d, "VxWorks", 1, true) then
		return "VxWorks"
	end
	return nil
end

-- Legacy Windows from a Windows sysDescr: "Version 5.x" (2000/XP/2003),
-- "6.0" (Vista/2008), "6.1" (7/2008 R2).  Returns a label or nil.
function M.windows_legacy(d)
	if type(d) ~= "string" then
		return nil
	end
	local wv = match(sub(d, 1, 512), "Software:%s*Windows.-Version%s+(%d+%.%d+)")
	if wv == nil then
		return nil
	end
	local major, minor = match(wv, "^(%d+)%.(%d+)$")
	major, minor = tonumber(major), tonumber(minor)
	if major == nil then
		return nil
	end
	if major < 6 or (major == 6 and minor <= 1) then
		return "Windows NT " .. wv
	end
	return nil
end

return M
