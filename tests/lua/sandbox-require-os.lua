-- tests/lua/sandbox-require-os.lua: sandbox test (require of a standard library); see tests/unit/test-lua.c
return {
  id = "sandbox-require-os",
  vendor = "iomtscan tests",
  description = "require of a standard library",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    local os = require "os"
    return { vendor = "escaped", confidence = 99 }
  end,
}
