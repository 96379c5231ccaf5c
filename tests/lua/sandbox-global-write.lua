-- tests/lua/sandbox-global-write.lua: sandbox test (assigning an undeclared global); see tests/unit/test-lua.c
return {
  id = "sandbox-global-write",
  vendor = "iomtscan tests",
  description = "assigning an undeclared global",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    leaked = host.ip
    return { vendor = "escaped", confidence = 99 }
  end,
}
