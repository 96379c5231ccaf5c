-- match.lua - safe string matching, MAC prefix lookup and result building
-- for iomtscan probe scripts (require "iomt.match").
--
-- Every string a script looks at came from a device or from a recorded
-- fixture, so nothing here trusts its input: values are coerced to strings
-- and clipped before any search, searches are plain (no pattern syntax
-- from data), and the few patterns used are anchored and linear, so a
-- hostile 1 MiB banner costs a bounded amount of work.  The result
-- helpers keep the rule that every identity field a script sets comes with
-- an evidence entry naming the observation that supports it.

local M = {}

local find, lower, upper, sub, gsub, match, format, byte =
    string.find, string.lower, string.upper, string.sub, string.gsub,
    string.match, string.format, string.byte

-- Longest device string any helper looks at.  The C engine already caps
-- observation values at 1 KiB; fixtures and exchange replies may be larger.
M.MAX = 4096

-- Longest string put into a result field or evidence value.
M.FIELD_MAX = 200

-- Return v as a string clipped to n bytes (default M.MAX), numbers
-- converted, anything else (nil, tables, booleans) nil.
function M.str(v, n)
	local t = type(v)
	if t == "number" then
		v = tostring(v)
	elseif t ~= "string" then
		return nil
	end
	n = n or M.MAX
	if #v > n then
		v = sub(v, 1, n)
	end
	return v
end

-- Clip s to n bytes; nil stays nil.
function M.clip(s, n)
	return M.str(s, n or M.FIELD_MAX)
end

-- Plain, case-sensitive substring test.  Nil-safe.
function M.has(s, needle)
	s = M.str(s)
	if s == nil or needle == nil or needle == "" then
		return false
	end
	return find(s, needle, 1, true) ~= nil
end

-- Plain, case-insensitive substring test.  Nil-safe.
function M.ihas(s, needle)
	s = M.str(s)
	if s == nil or needle == nil or needle == "" then
		return false
	end
	return find(lower(s), lower(needle), 1, true) ~= nil
end

-- Return the first needle of the array needles that s contains (case-
-- insensitive, plain), or nil.
function M.any(s, needles)
	s = M.str(s)
	if s == nil then
		return nil
	end
	local ls = lower(s)
	for _, n in ipairs(needles) do
		if n ~= "" and find(ls, lower(n), 1, true) then
			return n
		end
	end
	return nil
end

-- True if s starts with prefix (plain, case-sensitive).
function M.starts(s, prefix)
	s = M.str(s)
	return s ~= nil and sub(s, 1, #prefix) == prefix
end

-- Make s safe to show: printable ASCII only (others become '?'), runs of
-- blanks collapsed, trimmed, clipped to n (default M.FIELD_MAX).  Returns
-- nil for nil or an empty result.
function M.printable(s, n)
	s = M.str(s, (n or M.FIELD_MAX) * 4)
	if s == nil then
		return nil
	end
	s = gsub(s, "[^\32-\126]", "?")
	s = gsub(s, "%s+", " ")
	s = match(s, "^%s*(.-)%s*$") or ""
	s = sub(s, 1, n or M.FIELD_MAX)
	if s == "" then
		return nil
	end
	return s
end

-- Trim a version string to characters versions use, at most 32 of them,
-- without trailing punctuation.  Returns nil when nothing is left.
function M.clean_version(v)
	v = M.str(v, 64)
	if v == nil then
		return nil
	end
	v = match(v, "^[%w%.%-_%(%)]+") or ""
	v = sub(v, 1, 32)
	v = gsub(v, "[%.%-_%(]+$", "")
	if v == "" or not find(v, "%d") then
		return nil
	end
	return v
end

-- Find prefix in s (plain, case-insensitive) and return the version that
-- follows it: optional separators ("/", ":", "_", "-", blanks), an optional
-- "v"/"V", then a digit and version characters.  "RomPager/4.07" with
-- prefix "RomPager" gives "4.07".  Nil when absent.
function M.version(s, prefix)
	s = M.str(s)
	if s == nil then
		return nil
	end
	local _, j = find(lower(s), lower(prefix), 1, true)
	if j == nil then
		return nil
	end
	local rest = sub(s, j + 1, j + 80)
	local v = match(rest, "^[%s/:_%-]*[vV]?[%s%.]?(%d[%w%.%-_%(%)]*)")
	return M.clean_version(v)
end

-- Observation truth values: "yes", "true", "1", "accepted", "on" are true.
function M.truthy(v)
	v = M.str(v, 16)
	if v == nil then
		return false
	end
	v = lower(v)
	return v == "yes" or v == "true" or v == "1" or v == "accepted" or
	    v == "on" or v == "y"
end

-- "no", "false", "0", "off", "rejected" are false (absent is neither).
function M.falsy(v)
	v = M.str(v, 16)
	if v == nil then
		return false
	end
	v = lower(v)
	return v == "no" or v == "false" or v == "0" or v == "off" or
	    v == "rejected" or v == "n"
end

-- MAC addresses ---------------------------------------------------------

-- Return mac ("00:09:fb:01:02:03", "00-09-FB-...", "0009fb010203") as 12
-- upper-case hex digits, or nil if it is not a MAC.
function M.mac_hex(mac)
	mac = M.str(mac, 64)
	if mac == nil then
		return nil
	end
	local h = upper(gsub(mac, "[:%-%.%s]", ""))
	if #h ~= 12 or find(h, "[^0-9A-F]") then
		return nil
	end
	return h
end

-- True when the locally administered bit is set (randomised or virtual
-- MAC: the OUI then names nobody) or the address is multicast.
function M.mac_is_local(mac)
	local h = M.mac_hex(mac)
	if h == nil then
		return false
	end
	local b = tonumber(sub(h, 1, 2), 16)
	return b % 4 >= 2 or b % 2 == 1
end

-- Longest-prefix lookup of mac in tbl, whose keys are upper-case hex
-- prefixes of 9 (MA-S, IAB), 7 (MA-M) or 6 (MA-L) digits.  Returns the
-- matching key and its value, or nil.  Locally administered MACs match
-- nothing.
function M.oui_find(mac, tbl)
	local h = M.mac_hex(mac)
	if h == nil or M.mac_is_local(h) then
		return nil
	end
	for _, n in ipairs({ 9, 7, 6 }) do
		local k = sub(h, 1, n)
		if tbl[k] ~= nil then
			return k, tbl[k]
		end
	end
	return nil
end

-- Format an OUI key "0009FB" as "00:09:FB" (MA-M/MA-S keys stay hex).
function M.oui_label(k)
	if k ~= nil and #k == 6 then
		return sub(k, 1, 2) .. ":" .. sub(k, 3, 4) .. ":" .. sub(k, 5, 6)
	end
	return k
end

-- The evidence source "oui.00:09:FB" for host's MAC in tbl (M.oui_find()),
-- the table's value and the key; nil when no prefix of tbl matches.
function M.oui_source(host, tbl)
	local k, v = M.oui_find(host.mac, tbl)
	if k == nil then
		return nil
	end
	return "oui." .. M.oui_label(k), v, k
end

-- The OUI-only identification a maker script starts with.  When host's
-- MAC is in tbl, set r.vendor to vendor and r.device_class to class, both
-- with the source "oui.<prefix>" and the table's value as the observed
-- text; a value that is a table { vendor, text, ... } gives the text and,
-- when vendor is nil, the vendor.  note, when given, is appended to the
-- text in the class's evidence (to say the class is a guess from the
-- maker).  Returns the key and the value found, or nil.
function M.oui_identify(r, host, tbl, vendor, class, note)
	local src, v, k = M.oui_source(host, tbl)
	if src == nil then
		return nil
	end
	local text = v
	if type(v) == "table" then
		vendor = vendor or v[1]
		text = v[2]
	end
	M.set(r, "vendor", vendor, src, text)
	M.set(r, "device_class", class, src, text .. (note or ""))
	return k, v
end

-- Observations ---------------------------------------------------------

-- "tcp/80" -> "tcp", 80.  Nil on anything else.
function M.split_pp(pp)
	pp = M.str(pp, 16)
	if pp == nil then
		return nil
	end
	local proto, port = match(pp, "^(%a+)/(%d+)$")
	if proto == nil then
		return nil
	end
	return proto, tonumber(port)
end

-- "tcp", 80 -> "tcp/80".
function M.pp(proto, port)
	return (M.str(proto, 8) or "tcp") .. "/" .. (tonumber(port) or 0)
end

-- Every observation named key, as an array of { value = string (clipped),
-- proto, port, probe, src = "key@proto/port" }, in the engine's order.
-- Uses host:obs_all() when the host provides it, else host:obs(key).
function M.obs_each(host, key)
	local out = {}
	local all = host.obs_all and host:obs_all() or nil
	if type(all) == "table" then
		for _, o in ipairs(all) do
			if type(o) == "table" and o.key == key then
				local v = M.str(o.value)
				if v ~= nil then
					local port = tonumber(o.port)
					local proto = M.str(o.proto, 8) or "tcp"
					local src = key
					if port ~= nil and port > 0 then
						src = key .. "@" .. proto .. "/" .. port
					else
						port = nil	-- host-level observation
					end
					out[#out + 1] = { value = v, proto = proto,
					    port = port, probe = o.probe, src = src }
				end
			end
		end
		return out
	end
	local v = M.str(host:obs(key))
	if v ~= nil then
		out[1] = { value = v, src = key }
	end
	return out
end

-- First observation key (optionally on one "tcp/80"), as value, source
-- string and port; nil if absent.
function M.obs(host, key, pp)
	if pp ~= nil then
		local v = M.str(host:obs(key, pp))
		if v == nil then
			return nil
		end
		local _, port = M.split_pp(pp)
		return v, key .. "@" .. pp, port
	end
	local l = M.obs_each(host, key)
	if l[1] == nil then
		return nil
	end
	return l[1].value, l[1].src, l[1].port
end

-- First observation of key whose value satisfies pred(value, entry);
-- returns value, source, port (or nil).
function M.obs_where(host, key, pred)
	for _, o in ipairs(M.obs_each(host, key)) do
		if pred(o.value, o) then
			return o.value, o.src, o.port
		end
	end
	return nil
end

-- True if any of the observation keys in the array keys is present.
function M.any_obs(host, keys)
	for _, k in ipairs(keys) do
		if host:obs(k) ~= nil then
			return true
		end
	end
	return false
end

-- True if any of the "proto/port" strings in the array pps is open.
function M.any_open(host, pps)
	for _, pp in ipairs(pps) do
		if M.open(host, pp) then
			return true
		end
	end
	return false
end

-- Open services as an array of { proto, port, service, banner } (banner
-- clipped), tolerant of hosts that return nothing.
function M.services(host)
	local out = {}
	local l = host.services and host:services() or nil
	if type(l) ~= "table" then
		return out
	end
	for _, s in ipairs(l) do
		if type(s) == "table" and (s.state == nil or s.state == "open") then
			out[#out + 1] = { proto = M.str(s.proto, 8) or "tcp",
			    port = tonumber(s.port), service = M.str(s.service, 32),
			    banner = M.str(s.banner) }
		end
	end
	return out
end

-- True if proto/port ("tcp/80") is open on host.
function M.open(host, pp)
	if host.open then
		return host:open(pp) == true
	end
	local proto, port = M.split_pp(pp)
	for _, s in ipairs(M.services(host)) do
		if s.proto == proto and s.port == port then
			return true
		end
	end
	return false
end

-- Every banner the host volunteered: the "banner" observations and the
-- banner field of services, as { value, port, src }, without duplicates.
function M.banners(host)
	local out, seen = {}, {}
	for _, o in ipairs(M.obs_each(host, "banner")) do
		local k = (o.port or 0) .. "\0" .. o.value
		if not seen[k] then
			seen[k] = true
			out[#out + 1] = { value = o.value, port = o.port,
			    src = o.src }
		end
	end
	for _, s in ipairs(M.services(host)) do
		if s.banner ~= nil then
			local k = (s.port or 0) .. "\0" .. s.banner
			if not seen[k] then
				seen[k] = true
				out[#out + 1] = { value = s.banner, port = s.port,
				    src = "banner@" .. s.proto .. "/" ..
				    (s.port or 0) }
			end
		end
	end
	return out
end

-- Safety levels in increasing order (include/iomt/safety.h).
M.LEVELS = { passive = 0, discovery = 1, gentle = 2, standard = 3,
    clinical = 4 }

-- True when the host's current level allows at least level name.  An
-- unknown host level allows nothing above passive.
function M.level_allows(host, name)
	local have = M.LEVELS[M.str(host.level, 16) or ""] or 0
	return have >= (M.LEVELS[name] or 99)
end

-- Results ---------------------------------------------------------------

-- A new, empty result.
function M.result()
	return { evidence = {}, findings = {} }
end

-- The runtime keeps at most 16 evidence entries and 16 findings per
-- result (include/iomt/script.h); the helpers stop adding at those counts
-- so a busy host never produces a result the runtime has to trim.
M.MAX_EVIDENCE = 16
M.MAX_FINDINGS = 16

-- Record evidence for field without setting it.  Supporting evidence
-- stops 4 entries short of the cap so that the evidence for a field M.set()
-- sets (primary = true) always fits.
function M.evidence(r, field, value, source, primary)
	if #r.evidence >= M.MAX_EVIDENCE - (primary and 0 or 4) then
		return
	end
	r.evidence[#r.evidence + 1] = {
		field = field,
		value = M.printable(tostring(value)) or "?",
		source = M.printable(source, 79) or "?",
	}
end

-- Set r[field] = value (clipped, printable) and record the evidence that
-- supports it; evvalue, when given, is the observed text shown instead.
-- A nil or empty value sets nothing.
function M.set(r, field, value, source, evvalue)
	if value == nil then
		return
	end
	if type(value) == "string" then
		value = M.printable(value)
		if value == nil then
			return
		end
	end
	r[field] = value
	M.evidence(r, field, evvalue or value, source, true)
end

-- Append a finding { id, severity, port, title, detail } to r, once per
-- id and port.
function M.finding(r, f)
	for _, g in ipairs(r.findings) do
		if g.id == f.id and g.port == f.port then
			return
		end
	end
	if #r.findings >= M.MAX_FINDINGS then
		return
	end
	r.findings[#r.findings + 1] = {
		id = f.id, severity = f.severity, port = f.port,
		title = M.clip(f.title, 199), detail = M.clip(f.detail, 256),
	}
end

-- The finding every serial-to-Ethernet bridge script reports: the box may
-- pass network bytes straight to a clinical device's serial port.
function M.serial_bridge_finding(r)
	M.finding(r, { id = "serial-bridge-exposed", severity = "medium",
	    title = "Serial-to-Ethernet bridge: may front a clinical device",
	    detail = "This box turns a network connection into a serial " ..
	        "cable. Whatever is on its serial port (often an older pump, " ..
	        "monitor or anaesthesia machine) gets the bytes sent to its " ..
	        "data ports, usually without a login (CVE-2019-10966)." })
end

-- True when r says something: a vendor, a class or a finding.
function M.useful(r)
	return r ~= nil and (r.vendor ~= nil or r.device_class ~= nil or
	    r.os ~= nil or #r.findings > 0)
end

-- The end of identify() for a script that names a maker: nil when r has
-- no vendor, else r with r.confidence = conf.
function M.vendor_done(r, conf)
	if r.vendor == nil then
		return nil
	end
	r.confidence = conf
	return r
end

-- Return r if useful, else nil (what identify() should return).
function M.done(r)
	if M.useful(r) then
		return r
	end
	return nil
end

return M
