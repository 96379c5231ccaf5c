-- tests/lua/sandbox-loadfile.lua: sandbox test (loadfile is blocked); see tests/unit/test-lua.c
return {
  id = "sandbox-loadfile",
  vendor = "iomtscan tests",
  description = "loadfile is blocked",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    local f = loadfile("/etc/passwd")
    return { vendor = "escaped", confidence = 99 }
  end,
}
