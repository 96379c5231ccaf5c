-- tests/lua/sandbox-string-dump.lua: sandbox test (string.dump is blocked); see tests/unit/test-lua.c
return {
  id = "sandbox-string-dump",
  vendor = "iomtscan tests",
  description = "string.dump is blocked",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    local f = load(string.dump(function() return 1 end))
    return { vendor = "escaped", confidence = 99 }
  end,
}
