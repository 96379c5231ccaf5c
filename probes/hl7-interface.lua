-- hl7-interface.lua - HL7 v2 interfaces over MLLP - NEVER SENDS.
--
-- Any HL7 message that reaches an interface engine is processed: routed,
-- queued, alerted or acknowledged (protocols.md 2).  So by default HL7
-- listeners are classified by port and silence only, and this script
-- sends nothing at any level.
--
-- Signals and their sources:
--  * hl7.mllp / hl7.classified_by (src/probe/hl7.c): the engine's HL7
--    probe connected to a hospital-configured HL7 port (default 2575, IANA
--    "hl7"), sent nothing and recorded what it saw: "silent" (classified
--    by port), "data" with classified_by "protocol" (an unsolicited MLLP
--    frame 0x0B ... 0x1C 0x0D arrived - cf. the nmap-service-probes
--    "hl7-mlp" match), "data" without it (another protocol's banner: not
--    HL7), or "closed".
--  * hl7.msh_app / hl7.msh_facility / hl7.version: MSH-3/-4/-12 of a
--    reply, recorded only at the opt-in clinical level (NMQ^N01); they
--    name the interface engine's application, not a product, and are
--    kept as evidence only.
--  * tcp/2575 open with nothing else known: weakest.
-- Confidence: 2575 open or closed-on-connect 15; silent 30; an MLLP frame
-- seen 60.

local m = require("iomt.match")
local mllp = require("iomt.mllp")

return {
	id = "hl7-interface",
	vendor = "HL7 v2 interface engines (any maker)",
	description = "HL7 v2 over MLLP listeners, classified by port and " ..
	    "silence (never sends a message)",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return host:obs("hl7.mllp") ~= nil or
		    m.open(host, "tcp/2575")
	end,
	identify = function(host)
		local r = m.result()
		local v, src = m.obs(host, "hl7.mllp")
		local by = m.obs(host, "hl7.classified_by")
		if v == "data" and by == "protocol" then
			m.set(r, "device_class", "hl7-interface", src,
			    "HL7 v2 over MLLP: an MLLP frame was received")
			r.confidence = 60
		elseif v == "silent" or (v ~= nil and by == "port") then
			m.set(r, "device_class", "hl7-interface", src,
			    "HL7 v2 over MLLP (port-based classification): " .. v)
			r.confidence = 30
		elseif v == "closed" then
			m.set(r, "device_class", "hl7-interface", src,
			    "HL7 v2 over MLLP (port-based classification): " ..
			    "closed on connect")
			r.confidence = 15
		end
		if r.device_class ~= nil then
			for _, key in ipairs({ "hl7.msh_app", "hl7.sending_app",
			    "hl7.msh_facility", "hl7.version" }) do
				local x, xs = m.obs(host, key)
				if x ~= nil then
					m.evidence(r, "device_class", key .. " " .. x, xs)
				end
			end
			return r
		end
		if v ~= nil then
			-- Something else spoke first (hl7.mllp "data" without an
			-- MLLP frame): not an HL7 listener.
			return nil
		end
		for _, p in ipairs(mllp.DEFAULT_PORTS) do
			if m.open(host, "tcp/" .. p) then
				m.set(r, "device_class", "hl7-interface",
				    "service@tcp/" .. p, "HL7 v2 over MLLP " ..
				    "(port-based classification): tcp/" .. p .. " open")
				r.confidence = 15
				return r
			end
		end
		return nil
	end,
}
