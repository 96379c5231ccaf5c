-- tests/lua/sandbox-string-metatable.lua: sandbox test (the string metatable is protected); see tests/unit/test-lua.c
return {
  id = "sandbox-string-metatable",
  vendor = "iomtscan tests",
  description = "the string metatable is protected",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    getmetatable("").__index = { upper = function() return "x" end }
    return { vendor = "escaped", confidence = 99 }
  end,
}
