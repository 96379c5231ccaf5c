-- dicom.lua - DICOM implementation identifiers as data (require "iomt.dicom").
--
-- An A-ASSOCIATE-AC carries the acceptor's Implementation Class UID (item
-- 0x52) and Implementation Version Name (item 0x55); the DICOM probe
-- records them as dicom.impl_uid and dicom.impl_version.  This module maps
-- them to the toolkit or vendor behind them.  The table below is data, and
-- each row names its public source.  Rules (protocols.md section 1.5):
-- toolkit roots identify the DICOM library, not the product that embeds
-- it; vendor organisation roots name the vendor only, at low confidence,
-- because any product line may sit under them; community UID maps are not
-- imported (they disagree with each other and with the toolkits' own
-- sources).  Exact UID -> product rows may be added only from a DICOM
-- Conformance Statement ("Implementation Identifying Information", PS3.2).

local M = {}

local find, sub, match, gsub, upper = string.find, string.sub, string.match,
    string.gsub, string.upper

-- kind: "toolkit" = a DICOM library or server whose UID any product built
-- on it may carry; "vendor" = an organisation's UID root; "unverified" =
-- a vendor root seen in public data but not confirmed against a primary
-- source (lowest confidence).
M.ROOTS = {
	{ root = "1.2.276.0.7230010.3", vendor = "OFFIS", product = "DCMTK",
	  kind = "toolkit", version_from_uid = "0",
	  source = "DCMTK dcmdata/include/dcmtk/dcmdata/dcuid.h " ..
	      "(OFFIS_UID_ROOT, OFFIS_IMPLEMENTATION_CLASS_UID)" },
	{ root = "1.2.40.0.13.1.3", vendor = "dcm4che.org", product = "dcm4che",
	  kind = "toolkit",
	  source = "dcm4che dcm4che-core org/dcm4che3/data/Implementation.java" },
	{ root = "1.2.826.0.1.3680043.9.3811", vendor = "pynetdicom",
	  product = "pynetdicom", kind = "toolkit", version_from_uid = "",
	  source = "pydicom/pynetdicom pynetdicom/__init__.py " ..
	      "(PYNETDICOM_UID_PREFIX)" },
	{ root = "1.3.6.1.4.1.30071.8", vendor = "fo-dicom", product = "fo-dicom",
	  kind = "toolkit",
	  source = "fo-dicom FO-DICOM.Core/DicomImplementation.cs (ClassUID)" },
	{ root = "1.2.826.0.1.3680043.2.1143.107.104.103.115", vendor = "GDCM",
	  product = "GDCM", kind = "toolkit", version_from_uid = "",
	  source = "GDCM Source/DataStructureAndEncodingDefinition/" ..
	      "gdcmFileMetaInformation.cxx (GDCM_IMPLEMENTATION_CLASS_UID)" },
	{ root = "1.2.826.0.1.3680043.2.135", vendor = "Conquest",
	  product = "Conquest DICOM server", kind = "toolkit",
	  source = "Conquest DICOM server dicom.hpp " ..
	      "(IMPLEMENTATION_CLASS_STRING 1.2.826.0.1.3680043.2.135.1066.101)" },
	{ root = "1.2.840.113619", vendor = "GE Healthcare", kind = "vendor",
	  source = "GE Healthcare UID root 1.2.840.113619 " ..
	      "(protocols.md 1.5; GE DICOM Conformance Statements)" },
	{ root = "1.3.12.2.1107.5", vendor = "Siemens Healthineers",
	  kind = "vendor",
	  source = "Siemens medical UID root 1.3.12.2.1107.5 " ..
	      "(protocols.md 1.5; Siemens DICOM Conformance Statements)" },
	{ root = "1.3.46.670589", vendor = "Philips", kind = "vendor",
	  source = "Philips Medical Systems UID root 1.3.46.670589 " ..
	      "(PMS_DICOM_ROOT; protocols.md 1.5)" },
	{ root = "1.2.392.200036.9116", vendor = "Canon Medical (Toshiba)",
	  kind = "unverified",
	  source = "Toshiba/Canon Medical UID root 1.2.392.200036.9116 " ..
	      "(public UID tables agree; verify against a conformance statement)" },
	{ root = "1.2.392.200036.9125", vendor = "Fujifilm", kind = "unverified",
	  source = "Fujifilm UID root 1.2.392.200036.9125 " ..
	      "(public UID tables; verify against a conformance statement)" },
}

-- Implementation Version Name patterns: prefix (plain, case-insensitive
-- match on the start) -> product, and how to read the version after it.
M.NAMES = {
	{ prefix = "OFFIS_DCMTK_", product = "DCMTK", digits = true },
	{ prefix = "OFFIS-DCMTK-", product = "DCMTK", digits = true },
	{ prefix = "PYNETDICOM_", product = "pynetdicom", digits = true },
	{ prefix = "PYNETDICOM3_", product = "pynetdicom", digits = true },
	{ prefix = "dcm4che-", product = "dcm4che" },
	{ prefix = "fo-dicom ", product = "fo-dicom" },
	{ prefix = "GDCM ", product = "GDCM" },
}

-- Root entries sorted longest first, so the most specific root wins.
local sorted = {}
for _, e in ipairs(M.ROOTS) do
	sorted[#sorted + 1] = e
end
table.sort(sorted, function(a, b) return #a.root > #b.root end)

-- True if s is a syntactically valid UID: 1..64 characters, digits and
-- dots, no empty component, no leading zero in a multi-digit component
-- (PS3.5 section 9.1).
function M.valid_uid(s)
	if type(s) ~= "string" or #s == 0 or #s > 64 then
		return false
	end
	if find(s, "[^%d%.]") or find(s, "^%.") or find(s, "%.$") or
	    find(s, "%.%.") then
		return false
	end
	if find(s, "^0%d") or find(s, "%.0%d") then
		return false
	end
	return true
end

-- Return the ROOTS entry whose root is uid or a dotted prefix of it, and
-- the rest of the UID after the root (without the dot); nil if none.
function M.lookup(uid)
	if not M.valid_uid(uid) then
		return nil
	end
	for _, e in ipairs(sorted) do
		local r = e.root
		if uid == r then
			return e, ""
		end
		if #uid > #r and sub(uid, 1, #r + 1) == r .. "." then
			return e, sub(uid, #r + 2)
		end
	end
	return nil
end

-- "367" -> "3.6.7", "368" -> "3.6.8", "3610" -> "3.6.10", "20" -> "2.0".
function M.digits_version(d)
	if type(d) ~= "string" or not find(d, "^%d+$") or #d > 6 then
		return nil
	end
	if #d == 1 then
		return d
	end
	if #d == 2 then
		return sub(d, 1, 1) .. "." .. sub(d, 2, 2)
	end
	return sub(d, 1, 1) .. "." .. sub(d, 2, 2) .. "." .. sub(d, 3)
end

-- Clean a version string taken from device bytes.
local function clean(v)
	if type(v) ~= "string" then
		return nil
	end
	v = match(v, "^[%w%.%-_]+")
	if v == nil or not find(v, "%d") then
		return nil
	end
	return sub(v, 1, 24)
end

-- Parse an Implementation Version Name.  Returns product, version (either
-- may be nil): "OFFIS_DCMTK_367" -> "DCMTK", "3.6.7";
-- "dcm4che-5.29.2" -> "dcm4che", "5.29.2"; "OFFIS-DCMTK-2.0" -> "DCMTK",
-- "2.0".
function M.parse_version_name(name)
	if type(name) ~= "string" or #name == 0 or #name > 64 then
		return nil
	end
	name = match(name, "^%s*(.-)%s*$")
	local uname = upper(name)
	for _, p in ipairs(M.NAMES) do
		local n = #p.prefix
		if sub(uname, 1, n) == upper(p.prefix) then
			local rest = sub(name, n + 1)
			if p.digits and find(rest, "^%d+$") then
				return p.product, M.digits_version(rest)
			end
			return p.product, clean(rest)
		end
	end
	return nil
end

-- Version read from the UID tail: DCMTK "0.3.6.7" (after "0."),
-- pynetdicom/GDCM "2.0.2".
local function uid_version(e, tail)
	if e.version_from_uid == nil or tail == nil or tail == "" then
		return nil
	end
	local pre = e.version_from_uid
	if pre ~= "" then
		if sub(tail, 1, #pre + 1) ~= pre .. "." then
			return nil
		end
		tail = sub(tail, #pre + 2)
	end
	if not find(tail, "^%d+%.%d+[%d%.]*$") or #tail > 16 then
		return nil
	end
	return tail
end

-- Identify an acceptor from its Implementation Class UID and Version
-- Name (either may be nil).  Returns nil or a table:
--   { vendor, product (toolkit name or nil), kind, version, root, source,
--     by = "uid" | "name" | "both", consistent = bool }
-- consistent is false when the UID names one toolkit and the version name
-- another (a product that kept one and replaced the other).
function M.identify(uid, vname)
	local e, tail = M.lookup(uid)
	local nprod, nver = M.parse_version_name(vname)
	if e == nil and nprod == nil then
		return nil
	end
	local r = {}
	if e ~= nil then
		r.vendor, r.product, r.kind = e.vendor, e.product, e.kind
		r.root, r.source, r.by = e.root, e.source, "uid"
		r.version = uid_version(e, tail)
		r.consistent = true
		if nprod ~= nil then
			if e.product == nprod then
				r.by = "both"
				r.version = nver or r.version
			else
				r.consistent = false
			end
		end
	else
		r.product, r.version, r.by, r.kind = nprod, nver, "name", "toolkit"
		r.source = "Implementation Version Name prefix"
		r.consistent = true
		for _, x in ipairs(M.ROOTS) do
			if x.product == nprod then
				r.vendor = x.vendor
				break
			end
		end
	end
	return r
end

-- A-ASSOCIATE-RJ (PS3.8 Table 9-21): source -> reason -> text.
M.RJ = {
	[1] = { [1] = "no reason given", [2] = "application context not supported",
	    [3] = "calling AE title not recognized",
	    [7] = "called AE title not recognized" },
	[2] = { [1] = "no reason given", [2] = "protocol version not supported" },
	[3] = { [1] = "temporary congestion", [2] = "local limit exceeded" },
}

-- Read up to three numbers (result, source, reason) from a dicom.rj_reason
-- observation in any of the forms "1/1/7", "1 1 7", "result=1 source=1
-- reason=7" or a bare reason "7".  Returns result, source, reason (numbers
-- or nil) and a plain-language text when known.
function M.rj_parse(s)
	if type(s) ~= "string" then
		return nil
	end
	s = sub(s, 1, 64)
	local res = tonumber(match(s, "result%s*[=:]%s*(%d+)"))
	local src = tonumber(match(s, "source%s*[=:]%s*(%d+)"))
	local rsn = tonumber(match(s, "reason%s*[=:]%s*(%d+)"))
	if res == nil and src == nil and rsn == nil then
		local a, b, c = match(s, "^%s*(%d+)%D+(%d+)%D+(%d+)")
		if a ~= nil then
			res, src, rsn = tonumber(a), tonumber(b), tonumber(c)
		else
			rsn = tonumber(match(s, "^%s*(%d+)%s*$"))
		end
	end
	local text
	if src ~= nil and rsn ~= nil and M.RJ[src] ~= nil then
		text = M.RJ[src][rsn]
	end
	return res, src, rsn, text
end

-- True when an RJ says the called AE title was checked (source 1 reason 7).
function M.rj_called_ae_checked(s)
	local _, src, rsn = M.rj_parse(s)
	return src == 1 and rsn == 7
end

return M
