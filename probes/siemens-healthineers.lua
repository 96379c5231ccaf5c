-- siemens-healthineers.lua - Siemens Healthineers imaging and
-- diagnostics devices.
--
-- Signals and their sources:
--  * dicom.impl_uid under Siemens' medical UID root 1.3.12.2.1107.5
--    (protocols.md 1.5; Siemens DICOM Conformance Statements) -> an
--    imaging modality or its workstation (the root names the vendor only).
--  * MAC OUI 00:18:65 and 20:E7:91 "Siemens Healthcare Diagnostics", MA-S
--    70B3D520C (IEEE registries, Debian ieee-data 20220827.1;
--    fragile-devices.md section 4) -> laboratory analyser family
--    (Siemens Healthcare Diagnostics makes lab and point-of-care
--    analysers).  Siemens imaging registrations are missing from the 2022
--    registry file, so imaging is identified by DICOM only.
--  * Web titles naming "syngo" (Siemens imaging software platform) raise
--    confidence for the imaging path.
-- Confidence: OUI only 25; DICOM root 60; DICOM root + syngo title 70.

local m = require("iomt.match")
local dicom = require("iomt.dicom")

local OUIS = {
	["001865"] = "Siemens Healthcare Diagnostics",
	["20E791"] = "Siemens Healthcare Diagnostics",
	["70B3D520C"] = "Siemens Healthcare Diagnostics (MA-S)",
}

return {
	id = "siemens-healthineers",
	vendor = "Siemens Healthineers",
	description = "Siemens Healthineers modalities (DICOM UID root) and " ..
	    "Healthcare Diagnostics analysers (OUI)",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return m.oui_find(host.mac, OUIS) ~= nil or
		    host:obs("dicom.impl_uid") ~= nil
	end,
	identify = function(host)
		local r = m.result()
		local conf = 0
		local uid, usrc = m.obs_where(host, "dicom.impl_uid", function(v)
			local id = dicom.identify(v, nil)
			return id ~= nil and id.root == "1.3.12.2.1107.5"
		end)
		if uid ~= nil then
			m.set(r, "vendor", "Siemens Healthineers", usrc, uid)
			m.set(r, "device_class", "imaging-modality", usrc,
			    "Siemens UID root 1.3.12.2.1107.5: " .. uid)
			conf = 60
			local t, tsrc = m.obs_where(host, "http.title",
			    function(v) return m.ihas(v, "syngo") end)
			if t ~= nil then
				m.evidence(r, "vendor", t, tsrc)
				conf = 70
			end
		end
		if uid == nil then
			if m.oui_identify(r, host, OUIS, "Siemens Healthineers",
			    "lab-analyzer") ~= nil then
				conf = 25
			end
		else
			local src, label = m.oui_source(host, OUIS)
			if src ~= nil then
				m.evidence(r, "vendor", label, src)
			end
		end
		return m.vendor_done(r, conf)
	end,
}
