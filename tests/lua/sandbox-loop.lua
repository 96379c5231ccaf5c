-- tests/lua/sandbox-loop.lua: sandbox test (an endless loop); see tests/unit/test-lua.c
return {
  id = "sandbox-loop",
  vendor = "iomtscan tests",
  description = "an endless loop",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    while true do end
    return { vendor = "escaped", confidence = 99 }
  end,
}
