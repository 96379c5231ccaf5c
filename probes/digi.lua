-- digi.lua - Digi International device servers and embedded modules
-- (PortServer, ConnectPort, Digi Connect, NET+OS modules).
--
-- As lantronix.lua: a serial bridge may front a clinical device; Digi
-- modules also sit inside medical devices (Smiths Medical CADD-Solis
-- wireless module runs Digi NET+OS; fragile-devices.md F11), so a Digi
-- OUI on a clinical VLAN is a medical-device candidate.  Sends nothing.
--
-- Signals and their sources:
--  * MAC OUI 00:40:9D "DigiBoard" (IEEE MA-L; fragile-devices.md 4.1).
--  * HTTP realm "PortServer TS <n>" (nmap-service-probes, db4aefd: "Digi
--    Portserver terminal server http config"); titles naming
--    "PortServer", "ConnectPort", "Digi Connect" or the word "Digi".
--  * SSH "SSH-2.0-DigiSSH_<x>" (nmap: "Digi CM sshd"); FTP "220 NET+OS
--    <x> FTP server ready" (nmap: "NET+OS ftpd", cpe digi:net+os).
--  * SNMP sysObjectID under 1.3.6.1.4.1.332 (IANA PEN 332 "Digi
--    International").
-- Confidence: OUI only 30; banner/realm/title 70 (80 with OUI);
-- sysObjectID 85.

local m = require("iomt.match")
local snmp = require("iomt.snmp")

local OUIS = { ["00409D"] = "DigiBoard" }

local PRODUCTS = { "PortServer", "ConnectPort", "Digi Connect", "AnywhereUSB",
    "Digi One" }

local function digi_word(s)
	s = m.str(s, 1024)
	return s ~= nil and string.find(s, "%f[%w]Digi%f[%W]") ~= nil
end

return {
	id = "digi",
	vendor = "Digi International",
	description = "Digi device servers and NET+OS modules from OUI, " ..
	    "realm, banners, titles and sysObjectID",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return m.oui_find(host.mac, OUIS) ~= nil or
		    #m.banners(host) > 0 or m.any_obs(host, { "http.title",
		    "http.realm", "snmp.sysobjectid" })
	end,
	identify = function(host)
		local r = m.result()
		local k = m.oui_identify(r, host, OUIS, "Digi International",
		    "serial-bridge", " (or a device embedding a Digi module)")
		local conf = k ~= nil and 30 or 0
		local strong = k ~= nil and 80 or 70
		local function hit(v, src, model)
			m.set(r, "vendor", "Digi International", src, v)
			m.set(r, "device_class", "serial-bridge", src, v)
			if model ~= nil and r.model == nil then
				m.set(r, "model", model, src, v)
			end
			conf = math.max(conf, strong)
		end
		local v, src = m.obs_where(host, "http.realm",
		    function(x) return m.has(x, "PortServer") end)
		if v ~= nil then
			hit(v, src, string.match(v, "(PortServer[%w %-]*)"))
		end
		for _, o in ipairs(m.obs_each(host, "http.title")) do
			local p = m.any(o.value, PRODUCTS)
			if p ~= nil or digi_word(o.value) then
				hit(o.value, o.src, p)
				break
			end
		end
		for _, b in ipairs(m.banners(host)) do
			if m.has(b.value, "DigiSSH_") or m.has(b.value, "NET+OS") then
				hit(b.value, b.src, nil)
				if m.has(b.value, "NET+OS") then
					m.set(r, "os", "NET+OS", b.src, b.value)
					local fw = m.version(b.value, "NET+OS")
					if fw ~= nil then
						m.set(r, "firmware", "NET+OS " .. fw,
						    b.src, b.value)
					end
				end
				break
			end
		end
		local oid, osrc = m.obs(host, "snmp.sysobjectid")
		if snmp.enterprise(oid) == 332 then
			hit(oid, osrc, nil)
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
