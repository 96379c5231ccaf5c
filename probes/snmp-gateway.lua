-- snmp-gateway.lua - SNMP-managed network gear and gateways.
--
-- Signals and their sources:
--  * snmp.sysobjectid 1.3.6.1.4.1.<PEN>...: vendor from the IANA Private
--    Enterprise Number (lua/snmp.lua lists only numbers checked against
--    the IANA registry text or the vendor's MIB).  Printers and serial
--    bridges are left to network-printers.lua and the bridge scripts.
--  * Net-SNMP agents answer 1.3.6.1.4.1.8072.3.2.<os> (NET-SNMP-TC
--    netSnmpAgentOIDs: 10 linux, 13 win32, 8 freebsd ...): the OS, not
--    the product - an embedded Linux gateway, a server, an appliance.
--  * snmp.sysdescr: OS strings of net-snmp ("Linux <host> <release> ..."),
--    Windows ("Software: Windows Version x.y"), Cisco IOS; words
--    "router", "switch", "firewall", "access point" -> network-device;
--    "gateway" -> iot-gateway.
-- Confidence: known PEN 80 (vendor); sysDescr OS 70; words only 50.

local m = require("iomt.match")
local snmp = require("iomt.snmp")

local NETWORD = { "router", "switch", "firewall", "access point",
    "Cisco IOS", "JUNOS", "RouterOS", "ProCurve", "Catalyst" }

return {
	id = "snmp-gateway",
	vendor = "SNMP-managed equipment (any maker)",
	description = "Vendor, OS and class of SNMP-managed network gear and " ..
	    "gateways from sysObjectID and sysDescr",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return host:obs("snmp.sysobjectid") ~= nil or
		    host:obs("snmp.sysdescr") ~= nil
	end,
	identify = function(host)
		local r = m.result()
		local conf = 0
		local oid, osrc = m.obs(host, "snmp.sysobjectid")
		local d, dsrc = m.obs(host, "snmp.sysdescr")
		local vendor, class, pen = snmp.vendor_of(oid)
		if class == "printer" or class == "serial-bridge" then
			return nil
		end
		if vendor ~= nil and pen ~= 8072 and pen ~= 2021 then
			m.set(r, "vendor", vendor, osrc,
			    oid .. " (IANA PEN " .. pen .. ")")
			conf = 80
			if class ~= nil then
				m.set(r, "device_class", class, osrc, oid)
			end
		elseif pen ~= nil then
			m.evidence(r, "vendor", "IANA PEN " .. pen ..
			    (vendor and (" " .. vendor) or " (not in table)"), osrc)
		end
		local os = snmp.os_from_sysdescr(d)
		if os ~= nil then
			m.set(r, "os", os, dsrc, d)
			conf = math.max(conf, 70)
		else
			local nos = snmp.netsnmp_os(oid)
			if nos ~= nil then
				m.set(r, "os", nos, osrc, oid)
				conf = math.max(conf, 70)
			end
		end
		if r.device_class == nil and d ~= nil then
			local w = m.any(d, NETWORD)
			if w ~= nil then
				m.set(r, "device_class", "network-device", dsrc, d)
				conf = math.max(conf, 50)
			elseif m.ihas(d, "gateway") then
				m.set(r, "device_class", "iot-gateway", dsrc, d)
				conf = math.max(conf, 50)
			end
		end
		if r.vendor == nil and r.os == nil and r.device_class == nil then
			return nil
		end
		local name, nsrc = m.obs(host, "snmp.sysname")
		if name ~= nil then
			m.evidence(r, "vendor", "sysName " .. name, nsrc)
		end
		r.confidence = conf
		return r
	end,
}
