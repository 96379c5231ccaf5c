-- infusion-pumps.lua - networked infusion pumps and their modules
-- (Baxter, BD/CareFusion/Alaris, B. Braun, Smiths Medical, ICU Medical/
-- Hospira, Terumo) - PASSIVE ONLY.
--
-- Pumps must not be probed: gateway trouble has stopped infusions (Baxter
-- Spectrum IQ correction 2021), failed TLS handshakes leak memory until a
-- system error "during active infusions" (BD Alaris PCU <= 12.1.3), and
-- their Telnet/FTP services carry published flaws (fragile-devices.md F8-
-- F11).  This script sends nothing and uses only the MAC and the titles
-- of web pages already recorded.
--
-- Signals and their sources: the OUI table below (IEEE MA-L, MA-S and IAB
-- registries as packaged in Debian ieee-data 20220827.1;
-- fragile-devices.md section 4) and product family names in web titles
-- (public product names: Sigma Spectrum, Alaris, Medley, SpaceCom,
-- Infusomat, Perfusor, Medfusion, CADD, Plum, LifeCare, Symbiq, TE-).
-- An OUI names the maker of the network module, so the class is a guess
-- whose confidence depends on how much else the maker ships:
-- pump-dominated OUIs 30, broad makers 15-20; OUI + product title 65.
-- Look-alike "Alaris, Inc." (00:B0:94, Fremont) is not BD and not listed.

local m = require("iomt.match")

local OUIS = {
	["5846E1"] = { "Baxter", "Baxter", 30 },
	["5842E4"] = { "Baxter", "Baxter", 30 },
	["0050C22E0"] = { "Baxter", "Baxter (IAB)", 30 },
	["00D075"] = { "BD (Alaris)", "ALARIS MEDICAL SYSTEMS", 30 },
	["F8C678"] = { "BD (CareFusion)", "Carefusion", 20 },
	["9CC8AE"] = { "BD", "Becton, Dickinson and Company", 15 },
	["70B3D536A"] = { "BD", "Becton Dickinson (MA-S)", 15 },
	["70B3D56C7"] = { "BD", "Becton Dickinson (MA-S)", 15 },
	["70B3D5808"] = { "BD", "Becton Dickinson (MA-S)", 15 },
	["70B3D56B9"] = { "BD", "Becton Dickinson (MA-S)", 15 },
	["8C1F64775"] = { "BD", "Becton Dickinson (MA-S)", 15 },
	["0050C2C1C"] = { "BD", "Becton Dickinson (IAB)", 15 },
	["001221"] = { "B. Braun", "B.Braun Melsungen AG", 20 },
	["001A01"] = { "Smiths Medical", "Smiths Medical", 30 },
	["0003B1"] = { "ICU Medical (Hospira)", "ICU Medical / Hospira", 30 },
	["60F673"] = { "Terumo", "TERUMO CORPORATION", 15 },
}

-- Product family names seen in web titles -> maker, and model label.
local TITLES = {
	{ "Sigma Spectrum", "Baxter", "Sigma Spectrum" },
	{ "Spectrum IQ", "Baxter", "Spectrum IQ" },
	{ "Alaris", "BD (Alaris)", "Alaris" },
	{ "Medley", "BD (Alaris)", "Medley" },
	{ "SpaceCom", "B. Braun", "SpaceCom" },
	{ "Infusomat", "B. Braun", "Infusomat Space" },
	{ "Perfusor", "B. Braun", "Perfusor Space" },
	{ "Medfusion", "Smiths Medical", "Medfusion" },
	{ "CADD", "Smiths Medical", "CADD" },
	{ "Plum", "ICU Medical (Hospira)", "Plum" },
	{ "LifeCare", "ICU Medical (Hospira)", "LifeCare" },
	{ "Symbiq", "ICU Medical (Hospira)", "Symbiq" },
}

-- Maker families for matching a title to an OUI maker ("BD (Alaris)" and
-- "BD" are the same company).
local function same_maker(a, b)
	if a == nil or b == nil then
		return false
	end
	local fa = string.match(a, "^(%S+)")
	local fb = string.match(b, "^(%S+)")
	return fa == fb
end

return {
	id = "infusion-pumps",
	vendor = "Baxter, BD, B. Braun, Smiths Medical, ICU Medical, Terumo",
	description = "Networked infusion pumps from maker OUIs and product " ..
	    "names in web titles (passive)",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return m.oui_find(host.mac, OUIS) ~= nil or
		    host:obs("http.title") ~= nil
	end,
	identify = function(host)
		local r = m.result()
		local k, e = m.oui_identify(r, host, OUIS, nil, "infusion-pump",
		    " (class guessed from maker)")
		local conf = k ~= nil and e[3] or 0
		for _, t in ipairs(TITLES) do
			local v, src = m.obs_where(host, "http.title",
			    function(x) return m.has(x, t[1]) end)
			if v ~= nil then
				if k ~= nil and same_maker(e[1], t[2]) then
					m.set(r, "model", t[3], src, v)
					m.evidence(r, "device_class", v, src)
					conf = 65
					break
				elseif k == nil and m.ihas(v, "pump") or
				    k == nil and m.ihas(v, "infusion") then
					m.set(r, "vendor", t[2], src, v)
					m.set(r, "device_class", "infusion-pump", src, v)
					conf = 40
					break
				end
			end
		end
		return m.vendor_done(r, conf)
	end,
}
