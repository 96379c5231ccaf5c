-- tests/lua/result-confidence.lua: result validation; see tests/unit/test-lua.c
return {
  id = "result-confidence",
  vendor = "iomtscan tests",
  description = "result validation",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    return { vendor = "Acme", device_class = "server", confidence = 150 }
  end,
}
