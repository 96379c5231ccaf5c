-- nihon-kohden-fukuda.lua - Nihon Kohden and Fukuda Denshi patient
-- monitoring devices - PASSIVE ONLY.
--
-- Nihon Kohden's CNS-6201 central monitor crashes on crafted network
-- input (CVE-2025-59668; fragile-devices.md F13), so this script sends
-- nothing.
--
-- Signals and their sources:
--  * MAC OUI 00:A0:9A "NIHON KOHDEN AMERICA", 00:40:D1 "FUKUDA DENSHI"
--    (IEEE MA-L registry, Debian ieee-data 20220827.1; fragile-devices.md
--    section 4).  Both makers' networked products are mostly patient
--    monitors, central stations and ECG carts: patient-monitor is a
--    likely, not a seen, class.
--  * Web titles naming the maker ("Nihon Kohden", "NIHON KOHDEN",
--    "Fukuda Denshi", "FUKUDA") from the standard GET / already recorded.
-- Confidence: OUI only 20; OUI + maker title 60; title only 40.

local m = require("iomt.match")

local OUIS = {
	["00A09A"] = { "Nihon Kohden", "NIHON KOHDEN AMERICA" },
	["0040D1"] = { "Fukuda Denshi", "FUKUDA DENSHI" },
}

local TITLES = {
	{ "Nihon Kohden", "Nihon Kohden" }, { "NihonKohden", "Nihon Kohden" },
	{ "Fukuda Denshi", "Fukuda Denshi" }, { "FUKUDA", "Fukuda Denshi" },
}

return {
	id = "nihon-kohden-fukuda",
	vendor = "Nihon Kohden / Fukuda Denshi",
	description = "Nihon Kohden and Fukuda Denshi monitors from OUI and " ..
	    "web titles (passive, low confidence)",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return m.oui_find(host.mac, OUIS) ~= nil or
		    host:obs("http.title") ~= nil
	end,
	identify = function(host)
		local r = m.result()
		local k = m.oui_identify(r, host, OUIS, nil, "patient-monitor",
		    " (likely class from maker)")
		local conf = k ~= nil and 20 or 0
		for _, t in ipairs(TITLES) do
			local v, src = m.obs_where(host, "http.title",
			    function(x) return m.ihas(x, t[1]) end)
			if v ~= nil and (r.vendor == nil or r.vendor == t[2]) then
				m.set(r, "vendor", t[2], src, v)
				if r.device_class == nil then
					m.set(r, "device_class", "patient-monitor",
					    src, v)
				end
				conf = k ~= nil and 60 or 40
				break
			end
		end
		return m.vendor_done(r, conf)
	end,
}
