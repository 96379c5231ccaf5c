-- banner.lua - embedded TCP/IP stack and RTOS signals in banners
-- (require "iomt.banner").
--
-- Many pumps, monitors and gateways run a real-time OS whose network
-- stack has a published family of vulnerabilities: Wind River VxWorks
-- with IPnet (URGENT/11, 2019), Treck (Ripple20, 2020), Siemens/Mentor
-- Nucleus (NUCLEUS:13 and NAME:WRECK, 2021).  Their FTP, Telnet and HTTP
-- services often say so in the first line they send.  This module is the
-- table of those signals (fragile-devices.md section 3, each pattern from
-- nmap-service-probes at nmap commit db4aefd) and a scanner that reports
-- which families a host's recorded banners and Server headers name.  A
-- banner names the software, not its version of the stack: findings built
-- from these signals say "may be affected" and point to the vendor
-- advisory; they never claim a device is vulnerable.

local M = {}

local find, lower, sub = string.find, string.lower, string.sub

-- Families: id, plain name, OS label (or nil for a stack that is not an
-- OS), the finding raised, and the disclosure it belongs to.
M.FAMILIES = {
	vxworks = { name = "VxWorks (Wind River)", os = "VxWorks",
	    finding = "urgent11-family", severity = "high",
	    title = "VxWorks network stack: URGENT/11 family may apply",
	    detail = "Banner names Wind River VxWorks. Its IPnet TCP/IP stack " ..
	        "had 11 flaws (URGENT/11, CVE-2019-12255..12265) allowing " ..
	        "remote takeover or crash; FDA warned of affected pumps and " ..
	        "anaesthesia machines. Ask the maker which version it runs." },
	treck = { name = "Treck TCP/IP", os = nil,
	    finding = "ripple20-family", severity = "high",
	    title = "Treck TCP/IP stack: Ripple20 family may apply",
	    detail = "Banner names the Treck embedded TCP/IP stack. Ripple20 " ..
	        "(19 flaws, CVE-2020-11896..11914) lets crafted packets crash " ..
	        "or take over the device. Ask the maker for its Ripple20 " ..
	        "statement and patch level." },
	netos = { name = "Digi NET+OS", os = "NET+OS",
	    finding = "ripple20-family", severity = "high",
	    title = "Digi NET+OS: Ripple20 (Treck) family may apply",
	    detail = "Banner names Digi NET+OS, which embeds the Treck stack " ..
	        "(Digi and Smiths Medical Ripple20 bulletins). Crafted " ..
	        "packets may crash or take over the module. Ask the maker " ..
	        "for its Ripple20 statement." },
	nucleus = { name = "Nucleus RTOS (Siemens/Mentor)", os = "Nucleus RTOS",
	    finding = "nucleus-family", severity = "high",
	    title = "Nucleus RTOS: NUCLEUS:13 / NAME:WRECK families may apply",
	    detail = "Banner names the Nucleus RTOS. Its Nucleus NET stack had " ..
	        "13 flaws (NUCLEUS:13, e.g. CVE-2021-31344..31346, 31881..31890)" ..
	        " and the NAME:WRECK DNS flaw CVE-2021-25677. Ask the maker " ..
	        "which Nucleus version it uses." },
	rompager = { name = "Allegro RomPager", os = nil,
	    finding = "rompager-misfortune-cookie", severity = "high",
	    title = "RomPager web server: Misfortune Cookie may apply",
	    detail = "Web server is AllegroSoft RomPager at a version up to " ..
	        "4.34, which CVE-2014-9222 (Misfortune Cookie: remote " ..
	        "takeover via a crafted cookie) covers; it was found in a " ..
	        "hospital device gateway (ICSMA-18-242-01). Patches may not " ..
	        "change the version shown." },
	goahead = { name = "GoAhead WebServer", os = nil,
	    finding = "embedded-web-server", severity = "low",
	    title = "Embedded GoAhead web server",
	    detail = "Web server is the embedded GoAhead server, which has " ..
	        "had several published flaws across versions. Keep the " ..
	        "device's firmware current and its web interface off " ..
	        "networks that do not need it." },
}

-- Signals: where (a "banner" or "http.server" observation), a plain,
-- case-sensitive substring, the family, and the nmap-service-probes line
-- it comes from.  Banners are stored escaped by the engine
-- (str_printable), so only printable text is matched.
M.SIGNALS = {
	{ where = "banner", text = "220 VxWorks", family = "vxworks",
	  source = "nmap-service-probes: match ftp m|^220 VxWorks ...|" },
	{ where = "banner", text = "Tornado-vxWorks", family = "vxworks",
	  source = "nmap-service-probes: match ftp m|^220 Tornado-vxWorks|" },
	{ where = "banner", text = "Wind River FTP server", family = "vxworks",
	  source = "nmap-service-probes: match ftp m|^220 Wind River FTP server|" },
	{ where = "banner", text = "vxTarget FTP server", family = "vxworks",
	  source = "nmap-service-probes: match ftp m|^220 vxTarget FTP server|" },
	{ where = "banner", text = "VxWorks login:", family = "vxworks",
	  source = "nmap-service-probes: match telnet m|VxWorks login: |" },
	{ where = "http.server", text = "WindWeb/", family = "vxworks",
	  source = "nmap-service-probes: match http ... Server: WindWeb/" },
	{ where = "http.server", text = "WindRiver-WebServer", family = "vxworks",
	  source = "nmap-service-probes: match http ... Server: WindRiver-WebServer/" },
	{ where = "banner", text = "Treck FTP server", family = "treck",
	  source = "nmap-service-probes: match ftp m|^220 Treck FTP server ready|" },
	{ where = "banner", text = "NET+OS", family = "netos",
	  source = "nmap-service-probes: match ftp m|^220 NET\\+OS ... FTP server ready|" },
	{ where = "http.server", text = "Net-OS", family = "netos",
	  source = "nmap-service-probes: match upnp ... Server: Net-OS" },
	{ where = "banner", text = "Nucleus FTP Server", family = "nucleus",
	  source = "nmap-service-probes: match ftp m|^220 Nucleus FTP Server|" },
	{ where = "http.server", text = "Nucleus WebServ", family = "nucleus",
	  source = "nmap-service-probes: match http ... Server: Nucleus WebServ" },
	{ where = "http.server", text = "Nucleus/", family = "nucleus",
	  source = "nmap-service-probes: match upnp ... Server: Nucleus/x UPnP" },
	{ where = "http.server", text = "RomPager", family = "rompager",
	  source = "nmap-service-probes: match http ... Server: " ..
	      "Allegro-Software-RomPager/" },
	{ where = "http.server", text = "GoAhead-Webs", family = "goahead",
	  source = "nmap-service-probes: match http ... Server: GoAhead-Webs" },
	{ where = "http.server", text = "GoAhead-http", family = "goahead",
	  source = "GoAhead WebServer 3.x/4.x default Server header" },
}

-- Compare dotted versions a and b numerically ("4.07" < "4.34").
-- Returns -1, 0, 1, or nil when either is not a dotted number.
function M.vercmp(a, b)
	if type(a) ~= "string" or type(b) ~= "string" then
		return nil
	end
	local pa, pb = {}, {}
	for n in string.gmatch(sub(a, 1, 32), "%d+") do
		pa[#pa + 1] = tonumber(n)
	end
	for n in string.gmatch(sub(b, 1, 32), "%d+") do
		pb[#pb + 1] = tonumber(n)
	end
	if #pa == 0 or #pb == 0 then
		return nil
	end
	for i = 1, math.max(#pa, #pb) do
		local x, y = pa[i] or 0, pb[i] or 0
		if x < y then
			return -1
		elseif x > y then
			return 1
		end
	end
	return 0
end

-- Scan a list of observed strings.  items is an array of { where =
-- "banner"|"http.server", value = string, src = evidence source, port }.
-- Returns an array of hits { family = id, info = FAMILIES[id], signal,
-- source (nmap line), src (observation), port, value }, at most one per
-- family and port, in SIGNALS order.
function M.scan(items)
	local hits, seen = {}, {}
	for _, it in ipairs(items) do
		local v = type(it.value) == "string" and sub(it.value, 1, 4096) or nil
		if v ~= nil then
			for _, s in ipairs(M.SIGNALS) do
				local key = s.family .. "@" .. tostring(it.port)
				if s.where == it.where and not seen[key] and
				    find(v, s.text, 1, true) then
					seen[key] = true
					hits[#hits + 1] = { family = s.family,
					    info = M.FAMILIES[s.family],
					    signal = s.text, source = s.source,
					    src = it.src, port = it.port,
					    value = v }
				end
			end
		end
	end
	return hits
end

return M
