-- tests/lua/sandbox-io-open.lua: sandbox test (io.open must not exist); see tests/unit/test-lua.c
return {
  id = "sandbox-io-open",
  vendor = "iomtscan tests",
  description = "io.open must not exist",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    local f = io.open("/etc/passwd")
    return { vendor = "escaped", confidence = 99 }
  end,
}
