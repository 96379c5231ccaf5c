-- dcm4che.lua - dcm4che-based DICOM archives (dcm4chee-arc and kin).
--
-- Signals and their sources:
--  * dicom.impl_uid = 1.2.40.0.13.1.3 and dicom.impl_version
--    "dcm4che-<version>" (dcm4che dcm4che-core
--    src/main/java/org/dcm4che3/data/Implementation.java; version name cut
--    to 16 characters) - protocols.md section 1.5.  Other projects have
--    been seen borrowing this UID (e.g. dcm4go's client), so the UID alone
--    is strong, not certain.
--  * dcm4chee-arc is served under the web context /dcm4chee-arc on
--    WildFly (dcm4chee-arc-light documentation): an http.location or
--    http.title naming "dcm4chee" supports the archive as the product.
-- A dcm4che acceptor on a hospital network is almost always the archive
-- (the toolkit's own storescp is a test tool), so the class is pacs; the
-- model is named only when the web side says dcm4chee.

local m = require("iomt.match")
local dicom = require("iomt.dicom")

return {
	id = "dcm4che",
	vendor = "dcm4che.org",
	description = "dcm4che / dcm4chee-arc DICOM archives from their " ..
	    "implementation class UID and version name",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return host:obs("dicom.impl_uid") ~= nil or
		    host:obs("dicom.impl_version") ~= nil
	end,
	identify = function(host)
		local r = m.result()
		local found = false
		for _, o in ipairs(m.obs_each(host, "dicom.impl_uid")) do
			local pp = o.port and m.pp(o.proto, o.port) or nil
			local vname, vsrc = m.obs(host, "dicom.impl_version", pp)
			local id = dicom.identify(o.value, vname)
			if id ~= nil and id.product == "dcm4che" and id.by ~= "name" then
				m.set(r, "vendor", "dcm4che.org", o.src, o.value)
				m.set(r, "device_class", "pacs", o.src, o.value)
				if id.by == "both" and id.version ~= nil then
					m.set(r, "firmware", "dcm4che " .. id.version,
					    vsrc, vname)
				end
				r.confidence = id.by == "both" and 85 or 75
				found = true
				break
			end
		end
		if not found then
			local vname, vsrc = m.obs_where(host, "dicom.impl_version",
			    function(v)
				    return (dicom.parse_version_name(v)) == "dcm4che"
			    end)
			if vname == nil then
				return nil
			end
			local _, ver = dicom.parse_version_name(vname)
			m.set(r, "vendor", "dcm4che.org", vsrc, vname)
			m.set(r, "device_class", "pacs", vsrc, vname)
			if ver ~= nil then
				m.set(r, "firmware", "dcm4che " .. ver, vsrc, vname)
			end
			r.confidence = 70
		end
		local web, wsrc = m.obs_where(host, "http.location",
		    function(v) return m.ihas(v, "/dcm4chee-arc") end)
		if web == nil then
			web, wsrc = m.obs_where(host, "http.title",
			    function(v) return m.ihas(v, "dcm4chee") end)
		end
		if web ~= nil then
			m.set(r, "model", "dcm4chee-arc", wsrc, web)
			r.confidence = math.min(r.confidence + 5, 90)
		end
		return r
	end,
}
