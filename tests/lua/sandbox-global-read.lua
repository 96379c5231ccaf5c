-- tests/lua/sandbox-global-read.lua: sandbox test (reading an undeclared global); see tests/unit/test-lua.c
return {
  id = "sandbox-global-read",
  vendor = "iomtscan tests",
  description = "reading an undeclared global",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    local v = undeclared_variable .. "x"
    return { vendor = "escaped", confidence = 99 }
  end,
}
