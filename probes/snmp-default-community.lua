-- snmp-default-community.lua - SNMP answering a factory-default community.
--
-- Signals and their sources:
--  * snmp.community_accepted: the community string the engine's SNMP probe
--    used when the agent answered.  iomtscan only sends the communities
--    the hospital configured (default "public"; never guesses:
--    protocols.md 3), so an answer to "public" or "private" - the
--    factory defaults of RFC 1157-era agents and of net-snmp's example
--    configuration - is the finding; a site-specific community is not.
-- Finding snmp-default-community: medium for "public" (read access to
-- device details and network tables), high for "private" (commonly the
-- read-write default).

local m = require("iomt.match")

local DEFAULTS = { public = "medium", private = "high" }

return {
	id = "snmp-default-community",
	vendor = "SNMP agents (any maker)",
	description = "Flags SNMP agents that answer a factory-default " ..
	    "community string",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return host:obs("snmp.community_accepted") ~= nil
	end,
	identify = function(host)
		local r = m.result()
		for _, o in ipairs(m.obs_each(host, "snmp.community_accepted")) do
			local c = string.lower(m.str(o.value, 32) or "")
			local sev = DEFAULTS[c]
			if sev ~= nil then
				m.finding(r, { id = "snmp-default-community",
				    severity = sev, port = o.port or 161,
				    title = "SNMP answers the default community \"" ..
				        c .. "\"",
				    detail = "The device's management agent answers " ..
				        "the factory password \"" .. c .. "\". Anyone " ..
				        "on the network can read its configuration" ..
				        (c == "private" and " and may change it" or "") ..
				        ". Set a site-specific community or use " ..
				        "SNMPv3." })
			end
		end
		if #r.findings == 0 then
			return nil
		end
		r.confidence = 0
		return r
	end,
}
