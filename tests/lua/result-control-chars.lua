-- tests/lua/result-control-chars.lua: result validation; see tests/unit/test-lua.c
return {
  id = "result-control-chars",
  vendor = "iomtscan tests",
  description = "result validation",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    return { vendor = "Ac\27[2Jme\0", model = "Dr\195\164ger \226\128\174x", confidence = 60 }
  end,
}
