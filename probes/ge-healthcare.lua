-- ge-healthcare.lua - GE Healthcare (incl. Datex-Ohmeda) devices.
--
-- CARESCAPE monitoring networks are fragile ("MDhex", ICSMA-20-023-01:
-- loss of monitoring and alarms; fragile-devices.md F6), so the OUI and
-- title paths are passive; the DICOM path only reads what the engine's
-- DICOM probe already recorded (on hosts whose level allowed it).
--
-- Signals and their sources:
--  * MAC OUI 44:4B:5D "GE Healthcare", A0:F2:17 "GE Medical System
--    (China)", 00:40:97 "DATEX DIVISION OF INSTRUMENTARIUM CORP.", MA-M
--    50A0308 (GE Healthcare) - IEEE registries, Debian ieee-data
--    20220827.1; fragile-devices.md section 4.
--  * Web titles naming "CARESCAPE" (GE patient monitoring product family)
--    -> patient-monitor; "Centricity" (GE's PACS/RIS product family name)
--    -> pacs.
--  * dicom.impl_uid under GE's UID root 1.2.840.113619 (protocols.md 1.5;
--    GE DICOM Conformance Statements).  The root names the vendor, not the
--    product: a GE acceptor is most often a modality or its workstation,
--    so the class is imaging-modality unless the web side says Centricity.
-- Confidence: OUI only 25 (class medical-device); OUI + title 70; DICOM
-- root 60, 70 with a GE OUI as well.

local m = require("iomt.match")
local dicom = require("iomt.dicom")

local OUIS = {
	["444B5D"] = "GE Healthcare",
	["A0F217"] = "GE Medical System (China)",
	["004097"] = "DATEX DIVISION OF INSTRUMENTARIUM CORP.",
	["50A0308"] = "GE Healthcare (MA-M)",
}

return {
	id = "ge-healthcare",
	vendor = "GE Healthcare",
	description = "GE Healthcare / Datex-Ohmeda devices from OUI, " ..
	    "CARESCAPE/Centricity web titles and GE's DICOM UID root",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return m.oui_find(host.mac, OUIS) ~= nil or
		    m.any_obs(host, { "http.title", "dicom.impl_uid" })
	end,
	identify = function(host)
		local r = m.result()
		local k = m.oui_identify(r, host, OUIS, "GE Healthcare",
		    "medical-device")
		local conf = k ~= nil and 25 or 0
		local uid, usrc = m.obs_where(host, "dicom.impl_uid", function(v)
			local id = dicom.identify(v, nil)
			return id ~= nil and id.root == "1.2.840.113619"
		end)
		if uid ~= nil then
			m.set(r, "vendor", "GE Healthcare", usrc, uid)
			m.set(r, "device_class", "imaging-modality", usrc,
			    "GE UID root 1.2.840.113619: " .. uid)
			conf = k ~= nil and 70 or 60
		end
		local t, tsrc = m.obs_where(host, "http.title",
		    function(v) return m.ihas(v, "CARESCAPE") end)
		if t ~= nil then
			m.set(r, "vendor", "GE Healthcare", tsrc, t)
			m.set(r, "device_class", "patient-monitor", tsrc, t)
			conf = math.max(conf, k ~= nil and 70 or 50)
		else
			t, tsrc = m.obs_where(host, "http.title",
			    function(v) return m.ihas(v, "Centricity") end)
			if t ~= nil and (k ~= nil or uid ~= nil) then
				m.set(r, "device_class", "pacs", tsrc, t)
				conf = math.max(conf, 70)
			end
		end
		return m.vendor_done(r, conf)
	end,
}
