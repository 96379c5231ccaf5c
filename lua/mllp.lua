-- mllp.lua - HL7 v2 Minimal Lower Layer Protocol helpers
-- (require "iomt.mllp").
--
-- MLLP frames one HL7 v2 message as 0x0B, the message (segments ended by
-- 0x0D), then 0x1C 0x0D (protocols.md section 2; HL7 v2.x Implementation
-- Guide, Transport Specification: MLLP).  By default iomtscan never sends
-- an HL7 message: an interface engine processes whatever it receives.
-- These helpers only parse what was recorded (an unsolicited frame, a
-- reply collected at the opt-in "clinical" level) and, for that opt-in
-- level, build a frame.  Parsing is bounded: at most 64 segments and the
-- first 32 fields of MSH are looked at.

local M = {}

local find, sub, byte, char, match = string.find, string.sub, string.byte,
    string.char, string.match

M.SB = "\11"		-- 0x0B start block
M.EB = "\28"		-- 0x1C end block
M.CR = "\13"		-- 0x0D segment terminator / frame trailer

-- IANA "hl7" 2575/tcp; sites add their own interface ports.
M.DEFAULT_PORTS = { 2575 }

-- Wrap an HL7 message in an MLLP frame.
function M.frame(msg)
	return M.SB .. msg .. M.EB .. M.CR
end

-- Return the message inside the first complete MLLP frame of s, or nil and
-- a reason ("empty", "no start block", "incomplete").  An empty frame
-- ("\11\28\13", the reply some listeners give to junk) returns "".
function M.unframe(s)
	if type(s) ~= "string" or #s == 0 then
		return nil, "empty"
	end
	s = sub(s, 1, 1048576)
	local i = find(s, M.SB, 1, true)
	if i == nil then
		return nil, "no start block"
	end
	local j = find(s, M.EB .. M.CR, i + 1, true)
	if j == nil then
		return nil, "incomplete"
	end
	return sub(s, i + 1, j - 1)
end

-- Split a message into at most max (default 64) segments.
function M.segments(msg, max)
	local out = {}
	if type(msg) ~= "string" then
		return out
	end
	max = max or 64
	local pos = 1
	while pos <= #msg and #out < max do
		local e = find(msg, M.CR, pos, true) or (#msg + 1)
		local seg = sub(msg, pos, e - 1)
		if seg ~= "" then
			out[#out + 1] = seg
		end
		pos = e + 1
	end
	return out
end

-- Parse the MSH segment of msg.  Returns a table with the fields scanners
-- care about (sending application MSH-3, facility MSH-4, message type
-- MSH-9, control id MSH-10, processing id MSH-11, version MSH-12), or nil.
-- The field separator is MSH-1, whatever character the sender chose.
function M.msh(msg)
	local seg = M.segments(msg, 1)[1]
	if seg == nil or sub(seg, 1, 3) ~= "MSH" or #seg < 8 then
		return nil
	end
	local fs = sub(seg, 4, 4)
	local fields = { "MSH", fs }
	local pos = 5
	while pos <= #seg + 1 and #fields < 32 do
		local e = find(seg, fs, pos, true) or (#seg + 1)
		fields[#fields + 1] = sub(seg, pos, e - 1)
		pos = e + 1
	end
	-- fields[n] is MSH-(n-1): fields[2] = MSH-1, fields[3] = MSH-2 ...
	local function f(n)
		local v = fields[n + 1]
		if v == nil or v == "" then
			return nil
		end
		return sub(v, 1, 64)
	end
	return { encoding = f(2), sending_app = f(3), sending_facility = f(4),
	    receiving_app = f(5), receiving_facility = f(6),
	    message_type = f(9), control_id = f(10), processing_id = f(11),
	    version = f(12) }
end

-- Acknowledgement code (MSA-1: AA, AE, AR, CA, CE, CR) of msg, or nil.
function M.ack_code(msg)
	for _, seg in ipairs(M.segments(msg)) do
		if sub(seg, 1, 4) == "MSA" .. sub(seg, 4, 4) and #seg > 4 then
			local code = match(seg, "^MSA.(%u%u)")
			return code
		end
	end
	return nil
end

return M
