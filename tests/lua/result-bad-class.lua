-- tests/lua/result-bad-class.lua: result validation; see tests/unit/test-lua.c
return {
  id = "result-bad-class",
  vendor = "iomtscan tests",
  description = "result validation",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    return { vendor = "Acme", device_class = "toaster", confidence = 60 }
  end,
}
