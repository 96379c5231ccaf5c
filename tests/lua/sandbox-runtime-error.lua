-- tests/lua/sandbox-runtime-error.lua: sandbox test (an ordinary runtime error); see tests/unit/test-lua.c
return {
  id = "sandbox-runtime-error",
  vendor = "iomtscan tests",
  description = "an ordinary runtime error",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    local t = nil; local x = t.field
    return { vendor = "escaped", confidence = 99 }
  end,
}
