-- draeger.lua - Draeger (Draegerwerk) ventilators, anaesthesia machines
-- and patient monitors - PASSIVE ONLY.
--
-- Signals and their sources:
--  * MAC OUI 00:10:5D "Draeger Medical", 00:30:E6 "Draeger Medical
--    Systems", F0:E5:C3 "Draegerwerk AG & Co. KGaA" (IEEE MA-L registry,
--    Debian ieee-data 20220827.1; fragile-devices.md section 4).
--  * Web titles naming Draeger or a Draeger product family (public product
--    names): Evita, Savina, Babylog, Oxylog -> ventilator; Perseus,
--    Primus, Fabius, Atlan, Zeus -> anesthesia-machine; Infinity ->
--    patient-monitor.  A family name is trusted only together with a
--    Draeger OUI or the word Draeger in the same title.
-- The OUI alone cannot tell a ventilator from a monitor: class stays
-- medical-device.  Confidence: OUI only 25; OUI + Draeger title 60;
-- OUI/brand + product family 70.

local m = require("iomt.match")

local OUIS = {
	["00105D"] = "Draeger Medical",
	["0030E6"] = "Draeger Medical Systems",
	["F0E5C3"] = "Draegerwerk AG & Co. KGaA",
}

local FAMILIES = {
	{ "Evita", "ventilator" }, { "Savina", "ventilator" },
	{ "Babylog", "ventilator" }, { "Oxylog", "ventilator" },
	{ "Perseus", "anesthesia-machine" }, { "Primus", "anesthesia-machine" },
	{ "Fabius", "anesthesia-machine" }, { "Atlan", "anesthesia-machine" },
	{ "Zeus", "anesthesia-machine" }, { "Infinity", "patient-monitor" },
}

local BRAND = { "Draeger", "Dräger", "Drager", "Draegerwerk" }

return {
	id = "draeger",
	vendor = "Draeger",
	description = "Draeger ventilators, anaesthesia machines and monitors " ..
	    "from OUI and web titles (passive)",
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
		local k = m.oui_identify(r, host, OUIS, "Draeger",
		    "medical-device")
		local conf = k ~= nil and 25 or 0
		for _, o in ipairs(m.obs_each(host, "http.title")) do
			local brand = m.any(o.value, BRAND)
			if brand ~= nil or k ~= nil then
				for _, f in ipairs(FAMILIES) do
					if m.has(o.value, f[1]) then
						m.set(r, "vendor", "Draeger", o.src, o.value)
						m.set(r, "device_class", f[2], o.src, o.value)
						conf = 70
						break
					end
				end
				if conf < 70 and brand ~= nil then
					m.set(r, "vendor", "Draeger", o.src, o.value)
					if r.device_class == nil then
						m.set(r, "device_class", "medical-device",
						    o.src, o.value)
					end
					conf = k ~= nil and 60 or 45
				end
			end
			if conf >= 70 then
				break
			end
		end
		return m.vendor_done(r, conf)
	end,
}
