-- tests/lua/sandbox-collectgarbage.lua: sandbox test (collectgarbage is blocked); see tests/unit/test-lua.c
return {
  id = "sandbox-collectgarbage",
  vendor = "iomtscan tests",
  description = "collectgarbage is blocked",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    collectgarbage("stop")
    return { vendor = "escaped", confidence = 99 }
  end,
}
