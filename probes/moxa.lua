-- moxa.lua - Moxa NPort serial device servers.
--
-- As lantronix.lua: a serial bridge may front a clinical device; its data
-- ports (4001+) are on the engine's never-list; this script sends nothing.
--
-- Signals and their sources:
--  * MAC OUI 00:90:E8 Moxa (IEEE MA-L; fragile-devices.md 4.1).
--  * Web: Server "MoxaHttp/<x>" and title "NPort Web Console"
--    (nmap-service-probes, db4aefd: "MoxaHttp ... Moxa NPort serial to IP
--    http config").
--  * Telnet console "Model name : NPort <model>" / "Firmware version :
--    <x>" and SSH "SSH-2.0-moxa_<x>" (nmap-service-probes).
--  * SNMP sysObjectID under 1.3.6.1.4.1.8691 (MOXA-GENERAL-MIB: moxa ::=
--    { enterprises 8691 }); sysDescr naming an NPort model.
-- Confidence: OUI only 30; banner/title/server 70 (80 with OUI);
-- sysObjectID 85.

local m = require("iomt.match")
local snmp = require("iomt.snmp")

local OUIS = { ["0090E8"] = "Moxa" }

local function nport_model(s)
	local mo = string.match(m.str(s, 1024) or "", "NPort[ ]?([%w][%w%-]*)")
	if mo ~= nil and string.find(mo, "%d") then
		return "NPort " .. mo
	end
	return nil
end

return {
	id = "moxa",
	vendor = "Moxa",
	description = "Moxa NPort device servers from OUI, MoxaHttp, console " ..
	    "banners and sysObjectID",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return m.oui_find(host.mac, OUIS) ~= nil or
		    #m.banners(host) > 0 or m.any_obs(host, { "http.title",
		    "http.server", "snmp.sysobjectid" })
	end,
	identify = function(host)
		local r = m.result()
		local k = m.oui_identify(r, host, OUIS, "Moxa", "serial-bridge")
		local conf = k ~= nil and 30 or 0
		local strong = k ~= nil and 80 or 70
		local s, ssrc = m.obs_where(host, "http.server",
		    function(v) return m.has(v, "MoxaHttp") end)
		if s ~= nil then
			m.set(r, "vendor", "Moxa", ssrc, s)
			m.set(r, "device_class", "serial-bridge", ssrc, s)
			conf = math.max(conf, strong)
		end
		local t, tsrc = m.obs_where(host, "http.title", function(v)
			return m.has(v, "NPort") or m.has(v, "MOXA") or
			    m.has(v, "Moxa")
		end)
		if t ~= nil then
			m.set(r, "vendor", "Moxa", tsrc, t)
			m.set(r, "device_class", "serial-bridge", tsrc, t)
			local mo = nport_model(t)
			if mo ~= nil then
				m.set(r, "model", mo, tsrc, t)
			end
			conf = math.max(conf, strong)
		end
		for _, b in ipairs(m.banners(host)) do
			if m.has(b.value, "NPort") or m.has(b.value, "-moxa_") or
			    m.has(b.value, "MOXA") then
				m.set(r, "vendor", "Moxa", b.src, b.value)
				m.set(r, "device_class", "serial-bridge", b.src,
				    b.value)
				local mo = nport_model(b.value)
				if mo ~= nil then
					m.set(r, "model", mo, b.src, b.value)
				end
				local fw = m.version(b.value, "Firmware version")
				if fw ~= nil then
					m.set(r, "firmware", fw, b.src, b.value)
				end
				conf = math.max(conf, strong)
				break
			end
		end
		local oid, osrc = m.obs(host, "snmp.sysobjectid")
		if snmp.enterprise(oid) == 8691 then
			m.set(r, "vendor", "Moxa", osrc, oid)
			m.set(r, "device_class", "serial-bridge", osrc, oid)
			local d, dsrc = m.obs(host, "snmp.sysdescr")
			local mo = nport_model(d)
			if mo ~= nil then
				m.set(r, "model", mo, dsrc, d)
			end
			conf = math.max(conf, 85)
		end
		if r.vendor == nil then
			return nil
		end
		m.serial_bridge_finding(r)
		r.confidence = conf
		return r
	end,
}
