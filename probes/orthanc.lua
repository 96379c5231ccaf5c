-- orthanc.lua - Orthanc DICOM server (lightweight PACS).
--
-- Signals and their sources (jodogne/OrthancMirror at 2d55a19):
--  * GET / answers a redirect to "app/explorer.html"
--    (OrthancServer/Sources/OrthancRestApi/OrthancRestSystem.cpp,
--    ServeRoot; 307 since 1.12.4, 301 before) -> http.location.
--  * With authentication on, 401 with realm "Orthanc Secure Area"
--    (OrthancFramework/Sources/HttpServer/HttpServer.cpp, ORTHANC_REALM)
--    -> http.realm.
--  * Orthanc Explorer's page title "Orthanc Explorer"
--    (OrthancServer/OrthancExplorer/explorer.html) -> http.title.
--  * Default ports 4242 (DicomPort) and 8042 (HttpPort)
--    (OrthancServer/Resources/Configuration.json); Orthanc answers DICOM
--    with its bundled DCMTK's identifiers (protocols.md 1.5), so DCMTK on
--    4242 plus an open 8042 is a weak hint only.
--  * One standard request, GET /system on the port that already looked
--    like Orthanc: its JSON carries "Name", "Version", "ApiVersion",
--    "DicomAet" (OrthancRestSystem.cpp, GetSystemInformation).  Sent only
--    when the host's level is "standard" or higher and no login is
--    required (a 401 realm means /system would be refused too).

local m = require("iomt.match")
local http = require("iomt.http")
local dicom = require("iomt.dicom")

local function orthanc_http(host)
	local v, src, port = m.obs_where(host, "http.realm",
	    function(x) return m.ihas(x, "Orthanc Secure Area") end)
	if v ~= nil then
		return "realm", v, src, port
	end
	v, src, port = m.obs_where(host, "http.location", function(x)
		return x == "app/explorer.html" or
		    m.has(x, "/app/explorer.html")
	end)
	if v ~= nil then
		return "location", v, src, port
	end
	v, src, port = m.obs_where(host, "http.title",
	    function(x) return m.ihas(x, "Orthanc Explorer") end)
	if v ~= nil then
		return "title", v, src, port
	end
	return nil
end

return {
	id = "orthanc",
	vendor = "Orthanc",
	description = "Orthanc DICOM server: Orthanc Explorer redirect, realm " ..
	    "or title, and the version from /system",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "standard",
	ports = { "tcp/8042", "tcp/4242", "tcp/80", "tcp/8080", "tcp/443",
	    "tcp/104", "tcp/11112" },
	identify = function(host)
		local r = m.result()
		local how, v, src, port = orthanc_http(host)
		if how ~= nil then
			m.set(r, "vendor", "Orthanc", src, v)
			m.set(r, "model", "Orthanc", src, v)
			m.set(r, "device_class", "pacs", src, v)
			r.confidence = how == "title" and 75 or 80
			if how ~= "realm" and port ~= nil and
			    m.level_allows(host, "standard") and
			    m.open(host, "tcp/" .. port) then
				local reply = host:exchange{ proto = "tcp",
				    port = port,
				    send = http.get_request("/system", host.ip,
				        iomt.version),
				    max = 16384, timeout = 3000 }
				local resp = http.parse(reply)
				if resp ~= nil and resp.status == 200 then
					local ver = m.clean_version(
					    http.json_string(resp.body, "Version"))
					local api = http.json_number(resp.body,
					    "ApiVersion")
					local xsrc = "GET /system@tcp/" .. port
					if ver ~= nil and api ~= nil then
						m.set(r, "firmware", ver, xsrc,
						    '"Version": "' .. ver .. '"')
						local aet = m.printable(http.json_string(
						    resp.body, "DicomAet"), 16)
						if aet ~= nil then
							m.evidence(r, "model",
							    "DicomAet " .. aet, xsrc)
						end
						r.confidence = 92
					end
				end
			end
			return r
		end
		-- Weak: DCMTK on Orthanc's default DICOM port, HTTP port open.
		local uid, usrc = m.obs(host, "dicom.impl_uid", "tcp/4242")
		local id = dicom.identify(uid, nil)
		if id ~= nil and id.product == "DCMTK" and
		    m.open(host, "tcp/8042") then
			m.set(r, "vendor", "Orthanc", usrc,
			    "DCMTK on tcp/4242 with tcp/8042 open (Orthanc defaults)")
			m.set(r, "device_class", "pacs", usrc, uid)
			r.confidence = 40
			return r
		end
		return nil
	end,
}
