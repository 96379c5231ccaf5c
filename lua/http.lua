-- http.lua - HTTP helpers for probe scripts (require "iomt.http").
--
-- The engine's HTTP probe sends one "GET /" per web port and records
-- http.status, http.server, http.title, http.realm, http.location and
-- http.login_form per port.  Scripts mostly read those observations; the
-- rare script that needs one more standard request (Orthanc's /system)
-- builds it here and parses the reply with the bounded parser below: at
-- most 64 headers, header lines cut at 1 KiB, body cut at 64 KiB, no
-- chunked decoding beyond what a JSON field search needs.

local M = {}

local find, sub, match, lower, gsub, format = string.find, string.sub,
    string.match, string.lower, string.gsub, string.format

M.MAX_HEADERS = 64
M.MAX_BODY = 65536

local byte = string.byte

-- Trim blanks (space, tab, CR, LF) at both ends in linear time.
local function trim(s)
	local i, j = 1, #s
	while i <= j do
		local c = byte(s, i)
		if c ~= 32 and c ~= 9 and c ~= 13 and c ~= 10 then
			break
		end
		i = i + 1
	end
	while j >= i do
		local c = byte(s, j)
		if c ~= 32 and c ~= 9 and c ~= 13 and c ~= 10 then
			break
		end
		j = j - 1
	end
	return sub(s, i, j)
end
M.trim = trim

-- Ports where HTTP runs over TLS (a login there is not cleartext).
M.TLS_PORTS = { [443] = true, [8443] = true, [2762] = true, [4443] = true,
    [9443] = true }

-- Build a standard GET request for path.  ip is the Host header value.
function M.get_request(path, ip, version)
	local ua = "iomtscan"
	if version ~= nil then
		ua = ua .. "/" .. version
	end
	return "GET " .. path .. " HTTP/1.1\r\nHost: " .. (ip or "localhost") ..
	    "\r\nUser-Agent: " .. ua .. "\r\nAccept: */*\r\n" ..
	    "Connection: close\r\n\r\n"
end

-- Parse an HTTP/1.x response.  Returns nil for anything that does not
-- start with a status line, else a table { status = number, reason,
-- headers = { lowercased name -> value (first wins) }, body = string }.
function M.parse(reply)
	if type(reply) ~= "string" then
		return nil
	end
	local status, reason = match(sub(reply, 1, 256),
	    "^HTTP/%d%.%d%s+(%d%d%d)%s*([^\r\n]*)")
	if status == nil then
		return nil
	end
	local r = { status = tonumber(status), reason = sub(reason, 1, 64),
	    headers = {} }
	local hend = find(reply, "\r\n\r\n", 1, true)
	local bstart
	if hend == nil then
		hend = find(reply, "\n\n", 1, true)
		bstart = hend and hend + 2 or #reply + 1
	else
		bstart = hend + 4
	end
	local head = sub(reply, 1, (hend or #reply) - 1)
	if #head > 65536 then
		head = sub(head, 1, 65536)
	end
	local n = 0
	local pos = find(head, "\n", 1, true)
	while pos ~= nil and n < M.MAX_HEADERS do
		local nl = find(head, "\n", pos + 1, true) or (#head + 1)
		local line = sub(head, pos + 1, math.min(nl - 1, pos + 1024))
		local name, value = match(line, "^([%w%-_]+)[ \t]*:(.*)$")
		if name ~= nil then
			name = lower(name)
			value = trim(value)
			if r.headers[name] == nil then
				r.headers[name] = value
			end
			n = n + 1
		end
		if nl > #head then
			break
		end
		pos = nl
	end
	r.body = sub(reply, bstart, bstart + M.MAX_BODY - 1)
	return r
end

-- The <title> of an HTML body (first 8 KiB searched), trimmed, or nil.
function M.title(body)
	if type(body) ~= "string" then
		return nil
	end
	local b = sub(body, 1, 8192)
	local lb = lower(b)
	local i = find(lb, "<title", 1, true)
	if i == nil then
		return nil
	end
	local j = find(lb, ">", i, true)
	if j == nil then
		return nil
	end
	local k = find(lb, "</title", j, true) or math.min(#b + 1, j + 257)
	local t = sub(b, j + 1, k - 1)
	t = trim((gsub(t, "%s+", " ")))
	if t == "" then
		return nil
	end
	return sub(t, 1, 200)
end

-- Value of a top-level string field "key" in a JSON text (a plain scan,
-- not a JSON parser: enough for flat objects such as Orthanc's /system).
-- Escapes are not decoded; values with a backslash or longer than 128
-- bytes are refused (nil).
function M.json_string(body, key)
	if type(body) ~= "string" or type(key) ~= "string" then
		return nil
	end
	local b = sub(body, 1, 16384)
	local _, j = find(b, '"' .. key .. '"', 1, true)
	if j == nil then
		return nil
	end
	local v = match(b, '^%s*:%s*"([^"\\\r\n]*)"', j + 1)
	if v == nil or #v > 128 then
		return nil
	end
	return v
end

-- Value of a top-level number field "key" in a JSON text, or nil.
function M.json_number(body, key)
	if type(body) ~= "string" or type(key) ~= "string" then
		return nil
	end
	local b = sub(body, 1, 16384)
	local _, j = find(b, '"' .. key .. '"', 1, true)
	if j == nil then
		return nil
	end
	return tonumber(match(b, "^%s*:%s*(%-?%d+%.?%d*)", j + 1))
end

-- Split a Server header into product and version: "Apache/2.4.57
-- (Debian)" -> "Apache", "2.4.57"; "Microsoft-IIS/7.5" ->
-- "Microsoft-IIS", "7.5"; "GoAhead-Webs" -> "GoAhead-Webs", nil.
function M.server_product(server)
	if type(server) ~= "string" then
		return nil
	end
	server = sub(server, 1, 256)
	local p, v = match(server, "^%s*([%w%-_%.]+)/([%w%.%-_]+)")
	if p ~= nil then
		return p, v
	end
	p = match(server, "^%s*([%w%-_%.]+)")
	return p, nil
end

-- True if port is conventionally TLS (https).
function M.is_tls_port(port)
	return M.TLS_PORTS[tonumber(port) or -1] == true
end

return M
