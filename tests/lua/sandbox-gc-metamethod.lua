-- tests/lua/sandbox-gc-metamethod.lua: sandbox test (__gc finalizers are refused); see tests/unit/test-lua.c
return {
  id = "sandbox-gc-metamethod",
  vendor = "iomtscan tests",
  description = "__gc finalizers are refused",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    setmetatable({}, { __gc = function() while true do end end })
    return { vendor = "escaped", confidence = 99 }
  end,
}
