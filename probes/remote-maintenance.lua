-- remote-maintenance.lua - remote access and cleartext management
-- services (SSH, Telnet, FTP, VNC, RDP, TeamViewer, AnyDesk).
--
-- Remote maintenance paths are what hospital checklists ask for first
-- (MHLW checklist 2-2; MDS2 RMOT-1, CONN-4): who can reach the device
-- from outside, and how.  This script names them; it identifies no
-- product.  Sends nothing: it reads open ports, service names and the
-- banners the engine already read.
--
-- Signals and their sources:
--  * SSH: banner "SSH-" (RFC 4253 section 4.2) or port 22.
--  * Telnet 23, FTP 21: cleartext logins (RFC 854, RFC 959).
--  * VNC: banner "RFB 003.00x" (RFC 6143 section 7.1.1) or 5900-5903.
--  * RDP 3389 ([MS-RDPBCGR]); rdp.nla = no means no Network Level
--    Authentication (the login screen is shown before any credential).
--  * TeamViewer 5938/tcp (nmap-services "teamviewer"), AnyDesk 7070/tcp
--    (protocols.md 9, verify): port only.
-- Findings: remote-access-<kind> per service; cleartext-management for
-- Telnet and FTP.

local m = require("iomt.match")

local KINDS = {
	ssh = { sev = "low", name = "SSH",
	    detail = "Encrypted remote command line. Fine for vendor " ..
	        "maintenance if accounts are personal, passwords strong and " ..
	        "access limited to the maintenance network; list it in the " ..
	        "device's remote-access record." },
	telnet = { sev = "high", name = "Telnet",
	    detail = "Remote command line without encryption: passwords and " ..
	        "commands cross the network readable by anyone on it. Turn it " ..
	        "off or ask the maker for an SSH alternative." },
	ftp = { sev = "medium", name = "FTP",
	    detail = "File transfer without encryption: passwords and files " ..
	        "cross the network readable. On medical devices FTP is often " ..
	        "a service or firmware path; ask the maker whether it can be " ..
	        "disabled." },
	vnc = { sev = "medium", name = "VNC",
	    detail = "Remote screen and mouse control. Anyone who gets the " ..
	        "password sees and operates the device's screen; VNC itself " ..
	        "usually does not encrypt. Limit it to the vendor's " ..
	        "maintenance path." },
	rdp = { sev = "medium", name = "Remote Desktop (RDP)",
	    detail = "Windows remote desktop. Exposed RDP is a common entry " ..
	        "for ransomware; keep it patched, require Network Level " ..
	        "Authentication and limit who can reach it." },
	teamviewer = { sev = "medium", name = "TeamViewer",
	    detail = "Vendor or staff remote-support tool listening for " ..
	        "connections. It bypasses normal network controls; confirm " ..
	        "who uses it, that it is approved, and that unattended " ..
	        "access is protected." },
	anydesk = { sev = "medium", name = "AnyDesk",
	    detail = "Remote-support tool listening for direct connections. " ..
	        "It bypasses normal network controls; confirm who uses it, " ..
	        "that it is approved, and that unattended access is " ..
	        "protected." },
}

local CLEARTEXT = "Management over a cleartext protocol (Telnet or FTP): " ..
    "user names, passwords and data cross the network unencrypted and " ..
    "can be read or altered by anyone on the same network."

local PORTS = {
	[22] = "ssh", [23] = "telnet", [21] = "ftp", [3389] = "rdp",
	[5900] = "vnc", [5901] = "vnc", [5902] = "vnc", [5903] = "vnc",
	[5938] = "teamviewer", [7070] = "anydesk",
}

local SERVICES = {
	ssh = "ssh", telnet = "telnet", ftp = "ftp", vnc = "vnc",
	rdp = "rdp", ["ms-wbt-server"] = "rdp", teamviewer = "teamviewer",
	anydesk = "anydesk",
}

local function kind_of(s)
	if s.proto ~= "tcp" then
		return nil
	end
	local b = s.banner or ""
	if m.starts(b, "SSH-") then
		return "ssh"
	end
	if m.starts(b, "RFB ") then
		return "vnc"
	end
	if s.service ~= nil and SERVICES[s.service] ~= nil then
		return SERVICES[s.service]
	end
	return PORTS[s.port or 0]
end

return {
	id = "remote-maintenance",
	vendor = "Remote-access services (any maker)",
	description = "Remote maintenance paths (SSH, Telnet, FTP, VNC, RDP, " ..
	    "TeamViewer, AnyDesk) and cleartext management",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return #m.services(host) > 0
	end,
	identify = function(host)
		local r = m.result()
		local banners = {}
		for _, b in ipairs(m.banners(host)) do
			if b.port ~= nil then
				banners[b.port] = banners[b.port] or b.value
			end
		end
		for _, s in ipairs(m.services(host)) do
			if s.banner == nil and s.port ~= nil then
				s.banner = banners[s.port]
			end
			local k = kind_of(s)
			if k ~= nil then
				local info = KINDS[k]
				local detail = info.detail
				if k == "rdp" then
					local nla = m.obs(host, "rdp.nla",
					    m.pp(s.proto, s.port))
					if m.falsy(nla) then
						detail = "Windows remote desktop WITHOUT " ..
						    "Network Level Authentication: the login " ..
						    "screen is offered to anyone who connects. " ..
						    "Turn NLA on, patch, and limit who can " ..
						    "reach it."
					end
				end
				m.finding(r, { id = "remote-access-" .. k,
				    severity = info.sev, port = s.port,
				    title = info.name .. " remote access on " ..
				        s.proto .. "/" .. s.port,
				    detail = detail })
				if k == "telnet" or k == "ftp" then
					m.finding(r, { id = "cleartext-management",
					    severity = k == "telnet" and "high" or "medium",
					    port = s.port,
					    title = info.name .. " (cleartext) on " ..
					        s.proto .. "/" .. s.port,
					    detail = CLEARTEXT })
				end
			end
		end
		if #r.findings == 0 then
			return nil
		end
		r.confidence = 0
		return r
	end,
}
