-- http-cleartext-login.lua - web logins offered without TLS.
--
-- Signals and their sources (the engine's HTTP probe: one GET /, protocols
-- md 4):
--  * http.login_form = yes: the page holds a password field
--    (<input type="password">).
--  * http.realm: a 401 with WWW-Authenticate Basic/Digest realm (RFC
--    9110 11.6.1; RFC 7617 Basic sends the password base64-encoded,
--    i.e. readable).
--  * The port is not a TLS port (443, 8443, 2762, 4443, 9443) and no
--    http.tls observation says otherwise.
-- Finding cleartext-http-login (medium) per port.

local m = require("iomt.match")
local http = require("iomt.http")

return {
	id = "http-cleartext-login",
	vendor = "Web interfaces (any maker)",
	description = "Flags web logins (forms or HTTP authentication) " ..
	    "served over plain HTTP",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return host:obs("http.login_form") ~= nil or
		    host:obs("http.realm") ~= nil
	end,
	identify = function(host)
		local r = m.result()
		local cands = {}
		for _, o in ipairs(m.obs_each(host, "http.login_form")) do
			if m.truthy(o.value) then
				cands[#cands + 1] = { o = o, what = "login form" }
			end
		end
		for _, o in ipairs(m.obs_each(host, "http.realm")) do
			cands[#cands + 1] = { o = o, what = "HTTP authentication" }
		end
		for _, c in ipairs(cands) do
			local o = c.o
			local tls = o.port and m.obs(host, "http.tls",
			    m.pp(o.proto, o.port)) or nil
			if o.port ~= nil and not http.is_tls_port(o.port) and
			    not m.truthy(tls) then
				m.finding(r, { id = "cleartext-http-login",
				    severity = "medium", port = o.port,
				    title = "Web login without encryption (" .. c.what ..
				        ") on " .. o.proto .. "/" .. o.port,
				    detail = "This web page asks for a user name and " ..
				        "password over plain HTTP. Anyone on the same " ..
				        "network can read the password as it is sent. " ..
				        "Ask the maker to enable HTTPS and turn off " ..
				        "plain HTTP." })
			end
		end
		if #r.findings == 0 then
			return nil
		end
		r.confidence = 0
		return r
	end,
}
