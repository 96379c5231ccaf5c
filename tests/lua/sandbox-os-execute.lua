-- tests/lua/sandbox-os-execute.lua: sandbox test (os.execute must not exist); see tests/unit/test-lua.c
return {
  id = "sandbox-os-execute",
  vendor = "iomtscan tests",
  description = "os.execute must not exist",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    os.execute("touch /tmp/iomtscan-sandbox-escaped")
    return { vendor = "escaped", confidence = 99 }
  end,
}
