-- philips-intellivue.lua - Philips IntelliVue patient monitoring
-- (bedside monitors, Information Center iX) - PASSIVE ONLY.
--
-- IntelliVue monitors are fragile on the network (ICSMA-18-156-01,
-- ICSMA-20-254-01: crafted traffic restarts them; ICSMA-19-255-01: FTP to
-- the WLAN module corrupts its firmware; fragile-devices.md F1-F5).  This
-- script therefore sends nothing and reads only what is already known.
--
-- Signals and their sources:
--  * MAC OUI 00:09:FB "Philips Patient Monitoring", 00:09:5C "Philips
--    Medical Systems - Cardiac and Monitoring Systems", 7C:94:B2 "Philips
--    Healthcare PCCI" (IEEE MA-L registry as packaged in Debian ieee-data
--    20220827.1; fragile-devices.md section 4).  Other Philips OUIs
--    (lighting, consumer) are deliberately not used.
--  * UDP 24005/24105 seen passively: IntelliVue Data Export connect
--    indication and protocol ports (Philips Data Export Interface
--    Programming Guide 4535 642 59271; nmap-services med-ci 24005;
--    protocols.md section 13).
--  * Web titles naming the product families "IntelliVue" or "PIC iX" /
--    "Information Center iX" (Philips product names) from the standard
--    GET / already recorded as http.title.
-- Confidence: OUI only 25 (the class is a guess: these OUIs also cover
-- other Philips monitoring products); OUI + title or Data Export port 70;
-- title without OUI 55.

local m = require("iomt.match")

local OUIS = {
	["0009FB"] = "Philips Patient Monitoring",
	["00095C"] = "Philips Medical Systems - Cardiac and Monitoring Systems",
	["7C94B2"] = "Philips Healthcare PCCI",
}

local TITLES = {
	{ text = "Information Center iX", model = "IntelliVue Information Center iX" },
	{ text = "PIC iX", model = "IntelliVue Information Center iX" },
	{ text = "IntelliVue", model = nil },
}

return {
	id = "philips-intellivue",
	vendor = "Philips",
	description = "Philips IntelliVue patient monitors and Information " ..
	    "Center iX from OUI, passive Data Export ports and web titles",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return m.oui_find(host.mac, OUIS) ~= nil or
		    host:obs("http.title") ~= nil or
		    m.any_open(host, { "udp/24005", "udp/24105" })
	end,
	identify = function(host)
		local r = m.result()
		local k = m.oui_identify(r, host, OUIS, "Philips",
		    "patient-monitor")
		local conf = k ~= nil and 25 or 0
		for _, pp in ipairs({ "udp/24005", "udp/24105" }) do
			if m.open(host, pp) then
				m.set(r, "vendor", "Philips", "service@" .. pp,
				    "IntelliVue Data Export port " .. pp)
				m.set(r, "device_class", "patient-monitor",
				    "service@" .. pp, "IntelliVue Data Export port")
				conf = math.max(conf + 45, 55)
				break
			end
		end
		local model
		for _, t in ipairs(TITLES) do
			local v, src = m.obs_where(host, "http.title",
			    function(x) return m.has(x, t.text) end)
			if v ~= nil then
				m.set(r, "vendor", "Philips", src, v)
				m.set(r, "device_class", "patient-monitor", src, v)
				model = t.model and { t.model, src, v } or nil
				conf = k ~= nil and 70 or math.max(conf, 55)
				break
			end
		end
		if model ~= nil then
			m.set(r, "model", model[1], model[2], model[3])
		end
		if r.vendor == nil then
			return nil
		end
		r.confidence = math.min(conf, 75)
		return r
	end,
}
