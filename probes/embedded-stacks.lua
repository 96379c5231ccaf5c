-- embedded-stacks.lua - embedded RTOS / TCP/IP stacks with published
-- vulnerability families (URGENT/11, Ripple20, NUCLEUS:13/NAME:WRECK) and
-- old embedded web servers.
--
-- Signals and their sources: the table in lua/banner.lua (fragile-devices.md
-- section 3; every pattern from nmap-service-probes at nmap db4aefd):
-- FTP "220 VxWorks", "Tornado-vxWorks", "Wind River FTP server", Telnet
-- "VxWorks login:", Server "WindWeb/" -> VxWorks (URGENT/11, FDA Safety
-- Communication 2019-10-01); FTP "220 Treck FTP server ready." -> Treck
-- (Ripple20, ICSA-20-168-01); FTP "NET+OS" -> Digi NET+OS (Treck inside);
-- FTP "Nucleus FTP Server", Server "Nucleus WebServ" / "Nucleus/" ->
-- Nucleus; Server "Allegro-Software-RomPager/<v>" (CVE-2014-9222 for
-- versions up to 4.34); Server "GoAhead-Webs".  The HTTP probe's own
-- family tag http.stack (src/probe/stack.c) counts too, except for
-- RomPager, whose finding needs the version from the Server header.
-- A banner names the software, not the patch level: every finding says
-- "may apply".  Sends nothing.  os is set for VxWorks, Nucleus and NET+OS
-- at confidence 60.

local m = require("iomt.match")
local stack = require("iomt.banner")

return {
	id = "embedded-stacks",
	vendor = "Embedded RTOS and TCP/IP stacks (any maker)",
	description = "VxWorks, Treck, Nucleus, NET+OS, RomPager and GoAhead " ..
	    "from banners and Server headers, with their vulnerability families",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return #m.banners(host) > 0 or
		    host:obs("http.server") ~= nil
	end,
	identify = function(host)
		local items = {}
		for _, b in ipairs(m.banners(host)) do
			items[#items + 1] = { where = "banner", value = b.value,
			    src = b.src, port = b.port }
		end
		for _, o in ipairs(m.obs_each(host, "http.server")) do
			items[#items + 1] = { where = "http.server", value = o.value,
			    src = o.src, port = o.port }
		end
		local hits = stack.scan(items)
		-- The HTTP probe also names the family (http.stack, from
		-- src/probe/stack.c); count it where no signal above matched.
		local STACK = { windweb = "vxworks", vxworks = "vxworks",
		    treck = "treck", nucleus = "nucleus", goahead = "goahead" }
		for _, o in ipairs(m.obs_each(host, "http.stack")) do
			local fam = STACK[string.lower(o.value)]
			local dup = false
			for _, h in ipairs(hits) do
				dup = dup or (h.family == fam and h.port == o.port)
			end
			if fam ~= nil and not dup then
				hits[#hits + 1] = { family = fam,
				    info = stack.FAMILIES[fam], signal = o.value,
				    src = o.src, port = o.port,
				    value = "http.stack " .. o.value }
			end
		end
		if #hits == 0 then
			return nil
		end
		local r = m.result()
		r.confidence = 0
		for _, h in ipairs(hits) do
			local info = h.info
			local raise = true
			if h.family == "rompager" then
				local v = m.version(h.value, "RomPager")
				raise = v ~= nil and stack.vercmp(v, "4.34") ~= 1
			end
			if info.os ~= nil and r.os == nil then
				m.set(r, "os", info.os, h.src, h.value)
				r.confidence = 60
			end
			if raise then
				m.finding(r, { id = info.finding,
				    severity = info.severity, port = h.port,
				    title = info.title, detail = info.detail })
			else
				m.evidence(r, "os", info.name .. " (no finding: " ..
				    "version above the affected range)", h.src)
			end
		end
		return m.done(r)
	end,
}
