-- stub-host.lua - run a probe script against a fixture directory in the
-- standalone Lua 5.4 interpreter, without the iomtscan runtime.
--
-- A developer's aid only: the test suite uses `iomtscan script test`
-- (tests/scripts/run-fixtures.sh), which runs scripts in the real sandbox.
-- This stub lets a script author check logic where no build is at hand:
--
--   lua5.4 tests/lua/stub-host.lua probes/foo.lua tests/data/scripts/foo/case
--
-- It reads host.json, exchanges.json, expect.json and expect-absent.txt
-- (a small JSON reader is included), builds a host object with the API of docs/LUA-API.md
-- (fields ip, mac, oui_vendor, oui_class, level; methods services, open,
-- obs, obs_all, identity, exchange), runs rule() and identify(), prints
-- the result and compares it with expect.json.  Exit 0 on a match, 1 on a
-- mismatch, 2 on a broken script or fixture.

local srcdir = os.getenv("IOMT_SRCDIR") or "."

local function readfile(p)
	local f = io.open(p, "rb")
	if f == nil then
		return nil
	end
	local s = f:read("a")
	f:close()
	return s
end

-- JSON ------------------------------------------------------------------

local json = {}
local NULL = setmetatable({}, { __tostring = function() return "null" end })
json.null = NULL

function json.decode(s)
	local pos = 1
	local function err(msg)
		error("json: " .. msg .. " at byte " .. pos, 0)
	end
	local function ws()
		pos = s:find("[^ \t\r\n]", pos) or (#s + 1)
	end
	local value
	local function str()
		pos = pos + 1
		local out = {}
		while true do
			local c = s:sub(pos, pos)
			if c == "" then
				err("unterminated string")
			elseif c == '"' then
				pos = pos + 1
				return table.concat(out)
			elseif c == "\\" then
				local e = s:sub(pos + 1, pos + 1)
				local map = { b = "\b", f = "\f", n = "\n", r = "\r",
				    t = "\t", ['"'] = '"', ["\\"] = "\\", ["/"] = "/" }
				if map[e] then
					out[#out + 1] = map[e]
					pos = pos + 2
				elseif e == "u" then
					local h = tonumber(s:sub(pos + 2, pos + 5), 16)
					if h == nil then
						err("bad \\u")
					end
					out[#out + 1] = utf8.char(h)
					pos = pos + 6
				else
					err("bad escape")
				end
			else
				out[#out + 1] = c
				pos = pos + 1
			end
		end
	end
	function value()
		ws()
		local c = s:sub(pos, pos)
		if c == "{" then
			local t = {}
			pos = pos + 1
			ws()
			if s:sub(pos, pos) == "}" then
				pos = pos + 1
				return t
			end
			while true do
				ws()
				if s:sub(pos, pos) ~= '"' then
					err("key expected")
				end
				local k = str()
				ws()
				if s:sub(pos, pos) ~= ":" then
					err("colon expected")
				end
				pos = pos + 1
				t[k] = value()
				ws()
				local d = s:sub(pos, pos)
				pos = pos + 1
				if d == "}" then
					return t
				elseif d ~= "," then
					err("comma expected")
				end
			end
		elseif c == "[" then
			local t = {}
			pos = pos + 1
			ws()
			if s:sub(pos, pos) == "]" then
				pos = pos + 1
				return t
			end
			while true do
				t[#t + 1] = value()
				ws()
				local d = s:sub(pos, pos)
				pos = pos + 1
				if d == "]" then
					return t
				elseif d ~= "," then
					err("comma expected")
				end
			end
		elseif c == '"' then
			return str()
		elseif s:sub(pos, pos + 3) == "true" then
			pos = pos + 4
			return true
		elseif s:sub(pos, pos + 4) == "false" then
			pos = pos + 5
			return false
		elseif s:sub(pos, pos + 3) == "null" then
			pos = pos + 4
			return NULL
		else
			local n = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
			if n == nil or n == "" then
				err("value expected")
			end
			pos = pos + #n
			return tonumber(n)
		end
	end
	local v = value()
	ws()
	if pos <= #s then
		err("trailing data")
	end
	return v
end

local function denull(v)
	if v == NULL then
		return nil
	end
	return v
end

-- Host ------------------------------------------------------------------

local function make_host(dir, fx, exch)
	local h = {
		ip = denull(fx.ip) or "198.18.0.10",
		mac = denull(fx.mac),
		oui_vendor = denull(fx.oui_vendor),
		oui_class = denull(fx.oui_class) or "none",
		level = denull(fx.level) or "standard",
	}
	local services = {}
	for _, s in ipairs(denull(fx.services) or {}) do
		services[#services + 1] = { proto = s.proto, port = s.port,
		    state = denull(s.state) or "open", service = denull(s.service),
		    banner = denull(s.banner) }
	end
	local obs = {}
	for _, o in ipairs(denull(fx.obs) or {}) do
		obs[#obs + 1] = { proto = denull(o.proto) or "tcp",
		    port = denull(o.port), probe = denull(o.probe),
		    key = o.key, value = denull(o.value) }
	end
	local used = {}
	h.exchanges = {}
	function h:services()
		local out = {}
		for i, s in ipairs(services) do
			out[i] = { proto = s.proto, port = s.port, state = s.state,
			    service = s.service, banner = s.banner }
		end
		return out
	end
	function h:open(pp)
		local proto, port = pp:match("^(%a+)/(%d+)$")
		for _, s in ipairs(services) do
			if s.proto == proto and s.port == tonumber(port) and
			    s.state == "open" then
				return true
			end
		end
		return false
	end
	function h:obs(key, pp)
		local proto, port
		if pp ~= nil then
			proto, port = pp:match("^(%a+)/(%d+)$")
			port = tonumber(port)
		end
		for _, o in ipairs(obs) do
			if o.key == key and (pp == nil or (o.proto == proto and
			    o.port == port)) then
				return o.value
			end
		end
		return nil
	end
	function h:obs_all()
		local out = {}
		for i, o in ipairs(obs) do
			out[i] = { proto = o.proto, port = o.port, probe = o.probe,
			    key = o.key, value = o.value }
		end
		return out
	end
	function h:identity()
		return denull(fx.identity)
	end
	function h:exchange(req)
		h.exchanges[#h.exchanges + 1] = req
		if not self:open((req.proto or "tcp") .. "/" .. req.port) then
			return nil, "not open"
		end
		for i, e in ipairs(exch) do
			if not used[i] and e.proto == req.proto and e.port == req.port and
			    (denull(e.send) == nil or e.send == req.send) then
				used[i] = true
				if denull(e.error) ~= nil then
					return nil, e.error
				end
				if denull(e.reply_file) ~= nil then
					return readfile(dir .. "/" .. e.reply_file)
				end
				return denull(e.reply)
			end
		end
		return nil, "timeout"
	end
	return h
end

-- Main ------------------------------------------------------------------

local script_path, dir = arg[1], arg[2]
if script_path == nil or dir == nil then
	io.stderr:write("usage: stub-host.lua SCRIPT FIXTURE-DIR\n")
	os.exit(2)
end

_G.iomt = { version = "0.0-stub", log = function() end }
for _, name in ipairs({ "match", "dicom", "snmp", "http", "mllp", "banner" }) do
	package.preload["iomt." .. name] = function()
		return dofile(srcdir .. "/lua/" .. name .. ".lua")
	end
end

local ok, fx = pcall(json.decode, readfile(dir .. "/host.json") or "")
if not ok then
	print("FIXTURE ERROR host.json: " .. tostring(fx))
	os.exit(2)
end
local exch = {}
local xs = readfile(dir .. "/exchanges.json")
if xs ~= nil then
	exch = json.decode(xs)
end
local expect
local es = readfile(dir .. "/expect.json")
if es ~= nil then
	expect = json.decode(es)
end

local okl, script = pcall(dofile, script_path)
if not okl or type(script) ~= "table" then
	print("SCRIPT ERROR " .. tostring(script))
	os.exit(2)
end
local host = make_host(dir, fx, exch)
local res
local okr, why = pcall(function()
	if script.rule ~= nil and not script.rule(host) then
		res = nil
		return
	end
	res = script.identify(host)
end)
if not okr then
	print("SCRIPT ERROR " .. tostring(why))
	os.exit(2)
end

local function show(r)
	if r == nil then
		return "no identity"
	end
	local parts = {}
	for _, k in ipairs({ "vendor", "model", "device_class", "firmware", "os",
	    "confidence" }) do
		if r[k] ~= nil then
			parts[#parts + 1] = k .. "=" .. tostring(r[k])
		end
	end
	local f = {}
	for _, x in ipairs(r.findings or {}) do
		f[#f + 1] = x.id
	end
	parts[#parts + 1] = "findings=[" .. table.concat(f, ",") .. "]"
	return table.concat(parts, " ")
end

-- Sanity: evidence for every field, string lengths.
local problems = {}
if res ~= nil then
	for _, k in ipairs({ "vendor", "model", "device_class", "firmware", "os" }) do
		if res[k] ~= nil then
			local found = false
			for _, e in ipairs(res.evidence or {}) do
				if e.field == k then
					found = true
				end
			end
			if not found then
				problems[#problems + 1] = "no evidence for " .. k
			end
			if #tostring(res[k]) > 256 then
				problems[#problems + 1] = k .. " longer than 256"
			end
		end
	end
	for _, x in ipairs(res.findings or {}) do
		for _, k in ipairs({ "id", "severity", "title", "detail" }) do
			if x[k] == nil then
				problems[#problems + 1] = "finding without " .. k
			elseif #x[k] > 256 then
				problems[#problems + 1] = "finding " .. x.id .. " " .. k ..
				    " is " .. #x[k] .. " bytes"
			end
		end
	end
	for _, e in ipairs(res.evidence or {}) do
		if #e.value > 256 or #e.source > 256 then
			problems[#problems + 1] = "evidence longer than 256"
		end
	end
end

-- What `iomtscan script test` compares: the identity resolved from this
-- one claim plus the OUI facts (src/ident.c): a field the script leaves
-- unset is filled from the OUI (vendor: curated label at 20, registry name
-- at 10; class from the curated maker class), and the identity's
-- confidence is that of the claims that won vendor or device_class.
local ident = { findings = res and res.findings or {} }
local conf = 0
if res ~= nil then
	for _, k in ipairs({ "vendor", "model", "device_class", "firmware", "os" }) do
		ident[k] = res[k]
	end
	if res.vendor ~= nil or res.device_class ~= nil then
		conf = res.confidence or 50
	end
end
if ident.vendor == nil and (denull(fx.oui_label) or denull(fx.oui_vendor)) then
	ident.vendor = denull(fx.oui_label) or denull(fx.oui_vendor)
	conf = math.max(conf, denull(fx.oui_label) and 20 or 10)
end
local OUICLASS = { medical = "medical-device", ["serial-bridge"] = "serial-bridge",
    printer = "printer" }
if ident.device_class == nil and OUICLASS[denull(fx.oui_class) or ""] then
	ident.device_class = OUICLASS[fx.oui_class]
	conf = math.max(conf, denull(fx.oui_label) and 20 or 10)
end
ident.confidence = conf

local fails = {}
if expect ~= nil then
	for _, k in ipairs({ "vendor", "model", "device_class", "firmware", "os" }) do
		local want = expect[k]
		if want == NULL then
			if ident[k] ~= nil then
				fails[#fails + 1] = k .. ": expected unset, got " ..
				    tostring(ident[k])
			end
		elseif want ~= nil and ident[k] ~= want then
			fails[#fails + 1] = k .. ": want " .. tostring(want) ..
			    " got " .. tostring(ident[k])
		end
	end
	if expect.confidence_min and conf < expect.confidence_min then
		fails[#fails + 1] = "confidence " .. conf .. " < " ..
		    expect.confidence_min
	end
	if expect.confidence_max and conf > expect.confidence_max then
		fails[#fails + 1] = "confidence " .. conf .. " > " ..
		    expect.confidence_max
	end
	local have = {}
	for _, x in ipairs(ident.findings) do
		have[x.id] = true
	end
	for _, id in ipairs(expect.findings or {}) do
		if not have[id] then
			fails[#fails + 1] = "missing finding " .. id
		end
	end
end
-- expect-absent.txt: finding ids the case must not produce ("*" = none).
local ab = readfile(dir .. "/expect-absent.txt")
if ab ~= nil then
	for line in ab:gmatch("[^\n]+") do
		if line == "*" and #ident.findings > 0 then
			fails[#fails + 1] = "produced findings, expected none"
		elseif line:sub(1, 1) ~= "#" then
			for _, x in ipairs(ident.findings) do
				if x.id == line then
					fails[#fails + 1] = "produced finding " .. line
				end
			end
		end
	end
end
for _, p in ipairs(problems) do
	fails[#fails + 1] = p
end
print(show(res))
if #fails > 0 then
	print("MISMATCH: " .. table.concat(fails, "; "))
	os.exit(1)
end
os.exit(0)
