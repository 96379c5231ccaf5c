-- legacy-windows.lua - Windows versions past end of support, and SMBv1.
--
-- Windows-based modality consoles and workstations on XP/7 were infected
-- by WannaCry (SMBv1, MS17-010) in 2017 (fragile-devices.md F14).  This
-- script reads negotiation results the engine already has; it never runs
-- a vulnerability check.
--
-- Signals and their sources:
--  * smb.smb1 = yes: the host answered an SMB1 NEGOTIATE ([MS-CIFS];
--    protocols.md 7) -> finding smb1-enabled.
--  * smb.dialect: highest SMB2 dialect; "2.0.2" / "2.02" only means
--    Vista/Server 2008 era ([MS-SMB2] 2.2.4).
--  * http.server "Microsoft-IIS/5.0" (Windows 2000), "/5.1" (XP), "/6.0"
--    (Server 2003), "/7.0" (Vista/Server 2008), "/7.5" (7/Server 2008 R2)
--    - the IIS version each Windows release ships (Microsoft IIS release
--    history; protocols.md 4 names 5.1, 6.0, 7.5).
--  * snmp.sysdescr "Software: Windows Version 5.x/6.0/6.1" (the Windows
--    SNMP agent's sysDescr).
--  * smb.os / smb.ntlm_version when the SMB probe records an NTLM
--    version ("5.1.2600", "6.1.7601": protocols.md 7.4 build table).
-- os is set to the Windows generation the evidence supports, with
-- "(legacy)"; confidence 60 (IIS or SMB dialect), 75 (NTLM/SNMP version).

local m = require("iomt.match")
local snmp = require("iomt.snmp")

local IIS = {
	["5.0"] = "Windows 2000", ["5.1"] = "Windows XP",
	["6.0"] = "Windows Server 2003", ["7.0"] = "Windows Vista / Server 2008",
	["7.5"] = "Windows 7 / Server 2008 R2",
}

local NT = {
	["5.0"] = "Windows 2000", ["5.1"] = "Windows XP",
	["5.2"] = "Windows Server 2003 / XP x64", ["6.0"] = "Windows Vista / Server 2008",
	["6.1"] = "Windows 7 / Server 2008 R2",
}

local LEGACY = "This Windows version no longer gets security updates " ..
    "from Microsoft. Known flaws (e.g. those used by WannaCry) stay open; " ..
    "isolate the device and ask the maker for a supported version or " ..
    "compensating controls."

return {
	id = "legacy-windows",
	vendor = "Microsoft Windows (legacy)",
	description = "Windows past end of support (IIS, SMB, SNMP, NTLM " ..
	    "version evidence) and SMBv1",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return m.any_obs(host, { "smb.smb1", "smb.ntlm_version",
		    "smb.os", "smb.dialect", "snmp.sysdescr", "http.server" })
	end,
	identify = function(host)
		local r = m.result()
		local conf = 0
		local legacy_port
		local smb1, s1src, s1port = m.obs(host, "smb.smb1")
		if m.truthy(smb1) then
			m.finding(r, { id = "smb1-enabled", severity = "high",
			    port = s1port or 445,
			    title = "SMB version 1 enabled",
			    detail = "The 1980s file-sharing protocol SMBv1 is " ..
			        "switched on. WannaCry spread through it and " ..
			        "infected Windows-based medical devices in 2017. " ..
			        "Ask the maker how to disable SMBv1 or isolate the " ..
			        "device." })
			m.evidence(r, "os", "SMB1 NEGOTIATE answered", s1src)
		end
		-- NTLM / OS version from SMB, when the probe records one.
		for _, key in ipairs({ "smb.ntlm_version", "smb.os" }) do
			local v, src, port = m.obs(host, key)
			local mm = v and string.match(v, "(%d+%.%d+)") or nil
			if mm ~= nil and NT[mm] ~= nil then
				m.set(r, "os", NT[mm] .. " (legacy)", src, v)
				conf = 75
				legacy_port = port
				break
			end
			if v ~= nil and m.any(v, { "Windows 5.", "Windows XP",
			    "Windows Server 2003", "Windows 7 ",
			    "Windows Embedded Standard 7", "Windows 2000" }) then
				m.set(r, "os", "Windows (legacy)", src, v)
				conf = 70
				legacy_port = port
				break
			end
		end
		if r.os == nil then
			local d, dsrc = m.obs(host, "snmp.sysdescr")
			local w = snmp.windows_legacy(d)
			if w ~= nil then
				local ver = string.match(w, "(%d+%.%d+)$")
				m.set(r, "os", (NT[ver] or "Windows") .. " (legacy)",
				    dsrc, d)
				conf = 75
			end
		end
		if r.os == nil then
			for _, o in ipairs(m.obs_each(host, "http.server")) do
				local v = string.match(o.value, "Microsoft%-IIS/(%d+%.%d+)")
				if v ~= nil and IIS[v] ~= nil then
					m.set(r, "os", IIS[v] .. " (legacy)", o.src, o.value)
					conf = 60
					legacy_port = o.port
					break
				end
			end
		end
		if r.os == nil then
			local dia, dsrc, dport = m.obs(host, "smb.dialect")
			if dia == "2.0.2" or dia == "2.02" or dia == "0x0202" then
				m.set(r, "os", "Windows Vista / Server 2008 (legacy)",
				    dsrc, "highest SMB dialect " .. dia)
				conf = 50
				legacy_port = dport
			end
		end
		if r.os ~= nil then
			m.finding(r, { id = "legacy-windows", severity = "high",
			    port = legacy_port,
			    title = "Windows version past end of support: " .. r.os,
			    detail = LEGACY })
		end
		if #r.findings == 0 then
			return nil
		end
		r.confidence = conf
		return r
	end,
}
