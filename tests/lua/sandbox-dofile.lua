-- tests/lua/sandbox-dofile.lua: sandbox test (dofile is blocked); see tests/unit/test-lua.c
return {
  id = "sandbox-dofile",
  vendor = "iomtscan tests",
  description = "dofile is blocked",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    dofile("/etc/passwd")
    return { vendor = "escaped", confidence = 99 }
  end,
}
