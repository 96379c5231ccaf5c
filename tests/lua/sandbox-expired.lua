-- tests/lua/sandbox-expired.lua: keeps the host object of its first run
-- and uses it during the second; that must raise "expired host object".
local saved = nil
return {
  id = "sandbox-expired",
  vendor = "iomtscan tests",
  description = "uses a saved host object after its run",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    if saved == nil then
      saved = host
      return { vendor = "first run", confidence = 10 }
    end
    return { vendor = saved.ip, confidence = 10 }
  end,
}
