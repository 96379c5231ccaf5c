-- network-printers.lua - network printers and print servers.
--
-- Printers print whatever reaches their raw ports, so the engine never
-- sends a byte to 9100-9107, 515 or 9999 (never-list; nmap/nmap#2237).
-- An open raw port is still a strong sign of a printer, and it costs
-- nothing to notice: this script only reads what is already recorded.
--
-- Signals and their sources:
--  * tcp/9100 open (HP JetDirect / AppSocket raw printing; nmap-services
--    "jetdirect"), tcp/515 (LPD, RFC 1179), tcp/631 (IPP, RFC 8011).
--  * SNMP sysDescr naming a printer or print server: "JETDIRECT" /
--    "HP ETHERNET MULTI-ENVIRONMENT" (HP JetDirect), "Lexmark", "Brother
--    NC-", "ZebraNet"/"Zebra", "Xerox", "KYOCERA", "RICOH", "EPSON",
--    "Canon" with a printer word; sysObjectID PENs of printer makers (IANA
--    PEN 253 Xerox, 367 Ricoh, 641 Lexmark, 1248 Seiko Epson, 1347
--    Kyocera, 1602 Canon; see lua/snmp.lua).
--  * Banners: "JD FTP Server Ready" (HP JetDirect ftpd), "ZBR-<n>
--    Version" (Zebra print server ftpd), "Lexmark ... FTP Server",
--    "ZebraNet PrintServer" telnet (nmap-service-probes, db4aefd).
--  * Web: titles naming HP LaserJet/OfficeJet/DesignJet, Lexmark,
--    Brother, Zebra, Xerox; Server "Debut/<x>" (nmap: "Brother/HP printer
--    http admin").
--  * host.oui_class "printer" (the curated data/device-ouis.txt table).
-- Confidence: OUI class only 30; raw port only 40; raw port + OUI 60;
-- banner/title 65-75; sysDescr/sysObjectID 85.

local m = require("iomt.match")
local snmp = require("iomt.snmp")

-- Text signal -> vendor (case-insensitive, plain).
local MAKERS = {
	{ "JETDIRECT", "HP" }, { "HP ETHERNET MULTI-ENVIRONMENT", "HP" },
	{ "LaserJet", "HP" }, { "OfficeJet", "HP" }, { "DesignJet", "HP" },
	{ "Lexmark", "Lexmark" }, { "MarkNet", "Lexmark" },
	{ "Brother NC-", "Brother" }, { "Brother", "Brother" },
	{ "ZebraNet", "Zebra" }, { "Zebra", "Zebra" },
	{ "Xerox", "Xerox" }, { "KYOCERA", "Kyocera" }, { "RICOH", "Ricoh" },
	{ "EPSON", "Epson" },
}

local BANNERS = {
	{ "JD FTP Server Ready", "HP" }, { "ZBR-", "Zebra" },
	{ "ZebraNet PrintServer", "Zebra" },
}

local function maker(s)
	s = m.str(s, 1024)
	if s == nil then
		return nil
	end
	for _, e in ipairs(MAKERS) do
		if m.ihas(s, e[1]) then
			return e[2]
		end
	end
	return nil
end

local function model_of(s)
	s = m.str(s, 512) or ""
	local mo = string.match(s, "(HP %a*Jet[%w%- ]-%w)%f[;,%(%)%c]") or
	    string.match(s, "(HP %a*Jet [%w%-]+)") or
	    string.match(s, "(Lexmark [%w][%w%-]*)") or
	    string.match(s, "(Brother [%u][%w%-]+)")
	return mo
end

return {
	id = "network-printers",
	vendor = "HP, Lexmark, Brother, Zebra, Xerox and other printer makers",
	description = "Network printers from raw print ports (never touched), " ..
	    "SNMP, banners, web titles and maker OUIs",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return host.oui_class == "printer" or #m.banners(host) > 0 or
		    m.any_open(host, { "tcp/9100", "tcp/515", "tcp/631" }) or
		    m.any_obs(host, { "snmp.sysdescr", "snmp.sysobjectid",
		    "http.title", "http.server" })
	end,
	identify = function(host)
		local r = m.result()
		local conf = 0
		local oui_printer = host.oui_class == "printer"
		if oui_printer then
			m.set(r, "device_class", "printer", "oui.class",
			    (m.str(host.oui_vendor, 64) or "printer maker") ..
			    " (curated printer OUI)")
			conf = 30
		end
		for _, pp in ipairs({ "tcp/9100", "tcp/515", "tcp/631" }) do
			if m.open(host, pp) then
				m.set(r, "device_class", "printer", "service@" .. pp,
				    pp .. " open (printing port)")
				conf = math.max(conf, oui_printer and 60 or
				    (pp == "tcp/9100" and 40 or 35))
				break
			end
		end
		-- SNMP: strongest.
		local d, dsrc = m.obs(host, "snmp.sysdescr")
		local dv = maker(d)
		local oid, osrc = m.obs(host, "snmp.sysobjectid")
		local ov, oclass = snmp.vendor_of(oid)
		if dv ~= nil and (m.ihas(d, "JETDIRECT") or m.ihas(d, "print") or
		    m.ihas(d, "Jet") or m.ihas(d, "Zebra") or
		    m.ihas(d, "Lexmark") or m.ihas(d, "Brother NC")) then
			m.set(r, "vendor", dv, dsrc, d)
			m.set(r, "device_class", "printer", dsrc, d)
			local mo = model_of(d)
			if mo ~= nil then
				m.set(r, "model", mo, dsrc, d)
			end
			conf = math.max(conf, 85)
		end
		if oclass == "printer" then
			if r.vendor == nil then
				m.set(r, "vendor", ov, osrc, oid)
			end
			m.set(r, "device_class", "printer", osrc, oid)
			conf = math.max(conf, 85)
		end
		-- Banners.
		for _, b in ipairs(m.banners(host)) do
			for _, e in ipairs(BANNERS) do
				if m.has(b.value, e[1]) then
					if r.vendor == nil then
						m.set(r, "vendor", e[2], b.src, b.value)
					end
					m.set(r, "device_class", "printer", b.src,
					    b.value)
					conf = math.max(conf, 70)
					break
				end
			end
			local lx = string.match(b.value, "Lexmark ([%w%-/ ]+) FTP Server")
			if lx ~= nil then
				if r.vendor == nil then
					m.set(r, "vendor", "Lexmark", b.src, b.value)
				end
				m.set(r, "device_class", "printer", b.src, b.value)
				if r.model == nil then
					m.set(r, "model", "Lexmark " .. lx, b.src,
					    b.value)
				end
				conf = math.max(conf, 75)
			end
		end
		-- Web titles and Server headers.
		for _, o in ipairs(m.obs_each(host, "http.title")) do
			local t = maker(o.value)
			if t ~= nil and (m.ihas(o.value, "Jet") or
			    m.ihas(o.value, "print") or t ~= "HP") then
				if r.vendor == nil then
					m.set(r, "vendor", t, o.src, o.value)
				end
				m.set(r, "device_class", "printer", o.src, o.value)
				local mo = model_of(o.value)
				if mo ~= nil and r.model == nil then
					m.set(r, "model", mo, o.src, o.value)
				end
				conf = math.max(conf, 65)
				break
			end
		end
		local s, ssrc = m.obs_where(host, "http.server",
		    function(v) return m.starts(v, "Debut/") end)
		if s ~= nil then
			m.set(r, "device_class", "printer", ssrc, s)
			conf = math.max(conf, 65)
		end
		if r.device_class == nil then
			return nil
		end
		r.confidence = conf
		return r
	end,
}
