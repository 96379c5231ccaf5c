-- dicom-generic.lua - any DICOM node, and DICOM access-control findings.
--
-- Signals and their sources (the engine's DICOM probe, protocols.md 1.8):
--  * dicom.state = ac: the host accepted an A-ASSOCIATE-RQ (PDU type 02,
--    PS3.8 9.3.3) -> a DICOM node, certain.  rj (PDU 03, PS3.8 9.3.4):
--    still proves DICOM, as nmap dicom-ping treats it.  abort: DICOM-ish.
--  * dicom.any_ae_accepted = yes: the association was accepted for the
--    probe's made-up called AE title (default "ANY-SCP"); nmap dicom-ping
--    reports the same condition as "Any AET is accepted (Insecure)".
--    -> finding dicom-any-ae.
--  * dicom.rj_source / dicom.rj_reason / dicom.rj_text, e.g. source 1
--    reason 7 "called AE title not recognized" (PS3.8 Table 9-21): the
--    node checks called AE titles (good) - kept as evidence.
--  * dicom.impl_uid / dicom.impl_version through lua/dicom.lua: toolkit
--    name and version as firmware evidence for toolkits no other script
--    covers (pynetdicom, fo-dicom, GDCM, Conquest); vendor roots without
--    a vendor script (Canon/Toshiba, Fujifilm: unverified roots) give the
--    vendor at low confidence.
-- Confidence: ac 55, rj 45, abort 30.  An association result makes
-- "DICOM node" certain, but the identity resolver keeps, per field, the
-- claim with the highest confidence (src/script/identity.c); this generic class must
-- yield to a vendor script's more specific one (GE or Siemens modality at
-- 60, Orthanc or dcm4che pacs at 75+), so it is claimed at 55 or less.

local m = require("iomt.match")
local dicom = require("iomt.dicom")

-- Products and roots that have their own script.
local COVERED = { DCMTK = true, dcm4che = true }
local COVERED_ROOT = { ["1.2.840.113619"] = true, ["1.3.12.2.1107.5"] = true,
    ["1.3.46.670589"] = true }

return {
	id = "dicom-generic",
	vendor = "DICOM nodes (any maker)",
	description = "Any DICOM node from the association result; flags " ..
	    "nodes that accept any called AE title",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return host:obs("dicom.state") ~= nil
	end,
	identify = function(host)
		local r = m.result()
		local best = 0
		for _, o in ipairs(m.obs_each(host, "dicom.state")) do
			local st = string.lower(o.value)
			local c = (st == "ac" and 55) or (st == "rj" and 45) or
			    (st == "abort" and 30) or 0
			if c > best then
				best = c
				m.set(r, "device_class", "dicom-node", o.src,
				    "A-ASSOCIATE " .. st)
			end
			local pp = o.port and m.pp(o.proto, o.port) or nil
			if st == "ac" then
				local any, asrc = m.obs(host, "dicom.any_ae_accepted", pp)
				if m.truthy(any) then
					m.finding(r, { id = "dicom-any-ae",
					    severity = "medium", port = o.port,
					    title = "DICOM accepts any called AE title",
					    detail = "This DICOM service accepted a " ..
					        "connection addressed to a made-up AE " ..
					        "title. AE titles are DICOM's only built-in " ..
					        "access check, so any computer on the " ..
					        "network can query or send images to it." })
				end
			elseif st == "rj" then
				local rs = m.obs(host, "dicom.rj_source", pp)
				local rj, rjsrc = m.obs(host, "dicom.rj_reason", pp)
				local rt = m.obs(host, "dicom.rj_text", pp)
				if rj ~= nil then
					local joined = rs and ("source=" .. rs ..
					    " reason=" .. rj) or rj
					local _, _, _, text = dicom.rj_parse(joined)
					text = m.printable(rt, 80) or text
					m.evidence(r, "device_class", "A-ASSOCIATE-RJ " ..
					    joined .. (text and (" (" .. text .. ")") or ""),
					    rjsrc)
				end
			end
		end
		if best == 0 then
			return nil
		end
		r.confidence = best
		local uid, usrc, uport = m.obs(host, "dicom.impl_uid")
		local pp = uport and ("tcp/" .. uport) or nil
		local vname, vsrc = m.obs(host, "dicom.impl_version", pp)
		local id = dicom.identify(uid, vname)
		if id ~= nil and not COVERED[id.product or ""] and
		    not COVERED_ROOT[id.root or ""] then
			if id.kind == "toolkit" and id.product ~= nil then
				local fw = id.product .. (id.version and
				    (" " .. id.version) or "")
				m.set(r, "firmware", fw, (id.by == "name") and vsrc or usrc,
				    (id.by == "name") and vname or uid)
			elseif id.kind == "vendor" or id.kind == "unverified" then
				m.set(r, "vendor", id.vendor, usrc, uid .. " (" ..
				    (id.kind == "unverified" and "unverified " or "") ..
				    "UID root " .. id.root .. ")")
			end
		end
		return r
	end,
}
