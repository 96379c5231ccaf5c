-- dcmtk-dicom.lua - DICOM nodes built on the OFFIS DCMTK toolkit.
--
-- Signals and their sources:
--  * dicom.impl_uid under 1.2.276.0.7230010.3 (OFFIS_UID_ROOT; the
--    acceptor's Implementation Class UID is OFFIS_UID_ROOT ".0.<version>",
--    e.g. 1.2.276.0.7230010.3.0.3.6.7) - DCMTK
--    dcmdata/include/dcmtk/dcmdata/dcuid.h; protocols.md section 1.5.
--  * dicom.impl_version "OFFIS_DCMTK_<digits>" (OFFIS_IMPLEMENTATION_
--    VERSION_NAME, same header), e.g. OFFIS_DCMTK_367 = DCMTK 3.6.7.
-- DCMTK is a library: Orthanc, modality consoles, viewers and routers
-- embed it and keep its identifiers (protocols.md 1.5: Orthanc sets none
-- of its own).  So this script names the device class (a DICOM node,
-- certain once an A-ASSOCIATE-AC carried these items) and reports the
-- toolkit and its version as firmware evidence; it never names a vendor
-- or model.  Sends nothing: it reads the DICOM probe's observations.
-- Confidence 55 (UID and version name agree), 50 otherwise: the UID is
-- exact, but this toolkit-level claim must lose the device_class to a
-- product script (Orthanc pacs 75+) under the per-field resolver.

local m = require("iomt.match")
local dicom = require("iomt.dicom")

return {
	id = "dcmtk-dicom",
	vendor = "OFFIS (DCMTK toolkit)",
	description = "DICOM nodes whose association reply carries DCMTK's " ..
	    "implementation class UID or version name",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return host:obs("dicom.impl_uid") ~= nil or
		    host:obs("dicom.impl_version") ~= nil
	end,
	identify = function(host)
		for _, o in ipairs(m.obs_each(host, "dicom.impl_uid")) do
			local pp = o.port and m.pp(o.proto, o.port) or nil
			local vname, vsrc = m.obs(host, "dicom.impl_version", pp)
			local id = dicom.identify(o.value, vname)
			if id ~= nil and id.product == "DCMTK" then
				local r = m.result()
				m.set(r, "device_class", "dicom-node", o.src,
				    "DCMTK implementation class UID " .. o.value)
				if id.version ~= nil then
					m.set(r, "firmware", "DCMTK " .. id.version,
					    vsrc or o.src, vname or o.value)
				end
				if vname ~= nil and id.by == "both" then
					m.evidence(r, "device_class", vname, vsrc)
				end
				r.confidence = id.consistent and 55 or 50
				return r
			end
		end
		-- A version name alone (UID missing or not DCMTK's).
		local vname, vsrc = m.obs_where(host, "dicom.impl_version",
		    function(v) return (dicom.parse_version_name(v)) == "DCMTK" end)
		if vname ~= nil then
			local _, ver = dicom.parse_version_name(vname)
			local r = m.result()
			m.set(r, "device_class", "dicom-node", vsrc,
			    "DCMTK implementation version name " .. vname)
			if ver ~= nil then
				m.set(r, "firmware", "DCMTK " .. ver, vsrc, vname)
			end
			r.confidence = 50
			return r
		end
		return nil
	end,
}
