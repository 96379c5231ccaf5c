-- tests/lua/sandbox-memory.lua: sandbox test (a huge string.rep); see tests/unit/test-lua.c
return {
  id = "sandbox-memory",
  vendor = "iomtscan tests",
  description = "a huge string.rep",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    local s = string.rep("x", 1e9)
    return { vendor = "escaped", confidence = 99 }
  end,
}
