-- tests/lua/sandbox-loop-pcall.lua: sandbox test (an endless loop inside pcall); see tests/unit/test-lua.c
return {
  id = "sandbox-loop-pcall",
  vendor = "iomtscan tests",
  description = "an endless loop inside pcall",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    while true do pcall(function() while true do end end) end
    return { vendor = "escaped", confidence = 99 }
  end,
}
