-- tests/lua/sandbox-rawset-env.lua: sandbox test (rawset on the private environment); see tests/unit/test-lua.c
return {
  id = "sandbox-rawset-env",
  vendor = "iomtscan tests",
  description = "rawset on the private environment",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    rawset(_ENV, "leaked", 1)
    return { vendor = "escaped", confidence = 99 }
  end,
}
