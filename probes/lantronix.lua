-- lantronix.lua - Lantronix serial-to-Ethernet device servers.
--
-- A device server turns a serial port into a TCP port; in hospitals it
-- often connects an older clinical device (GE Aestiva/Aespire behind a
-- terminal server: CVE-2019-10966, ICSMA-19-190-01; fragile-devices.md
-- F7).  Its raw data ports (10001+) are on the engine's never-list; this
-- script sends nothing and reads what management services already said.
--
-- Signals and their sources:
--  * MAC OUI 00:80:A3 Lantronix (IEEE MA-L; fragile-devices.md 4.1).
--  * Telnet/FTP banners naming Lantronix ("*** Lantronix Universal Device
--    Server ***", "Lantronix <model> Version V<x>", "Lantronix MSS100",
--    "FTP Version x on MSS100") - nmap-service-probes (db4aefd).
--  * Web pages: titles "Lantronix Web Manager", "Lantronix WEB-Manager",
--    "Lantronix ThinWeb Manager"; Server "Gordian Embedded" (Lantronix
--    http config) - nmap-service-probes.
--  * SNMP sysObjectID under 1.3.6.1.4.1.244 (IANA PEN 244 "Lantronix").
-- Confidence: OUI only 30; banner/title 70 (80 with OUI); sysObjectID 85.

local m = require("iomt.match")
local snmp = require("iomt.snmp")

local OUIS = { ["0080A3"] = "Lantronix" }

return {
	id = "lantronix",
	vendor = "Lantronix",
	description = "Lantronix device servers from OUI, banners, web " ..
	    "titles and sysObjectID",
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
		local k = m.oui_identify(r, host, OUIS, "Lantronix",
		    "serial-bridge")
		local conf = k ~= nil and 30 or 0
		for _, b in ipairs(m.banners(host)) do
			if m.has(b.value, "Lantronix") or
			    m.has(b.value, "on MSS100") then
				m.set(r, "vendor", "Lantronix", b.src, b.value)
				m.set(r, "device_class", "serial-bridge", b.src,
				    b.value)
				local model = string.match(b.value,
				    "Lantronix ([%u][%w%-]*) Version")
				local ver = m.version(b.value, "Version") or
				    m.version(b.value, "Software version")
				if model ~= nil then
					m.set(r, "model", model, b.src, b.value)
				end
				if ver ~= nil then
					m.set(r, "firmware", ver, b.src, b.value)
				end
				conf = math.max(conf, k ~= nil and 80 or 70)
				break
			end
		end
		local t, tsrc = m.obs_where(host, "http.title",
		    function(v) return m.has(v, "Lantronix") end)
		if t == nil then
			t, tsrc = m.obs_where(host, "http.server",
			    function(v) return m.has(v, "Gordian Embedded") end)
		end
		if t ~= nil then
			m.set(r, "vendor", "Lantronix", tsrc, t)
			m.set(r, "device_class", "serial-bridge", tsrc, t)
			conf = math.max(conf, k ~= nil and 80 or 70)
		end
		local oid, osrc = m.obs(host, "snmp.sysobjectid")
		local pen = snmp.enterprise(oid)
		if pen == 244 then
			m.set(r, "vendor", "Lantronix", osrc, oid)
			m.set(r, "device_class", "serial-bridge", osrc, oid)
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
