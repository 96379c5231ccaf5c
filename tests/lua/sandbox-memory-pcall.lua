-- tests/lua/sandbox-memory-pcall.lua: sandbox test (a huge string.rep caught by pcall); see tests/unit/test-lua.c
return {
  id = "sandbox-memory-pcall",
  vendor = "iomtscan tests",
  description = "a huge string.rep caught by pcall",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    local ok = pcall(string.rep, "x", 1e9)
    return { vendor = "escaped", confidence = 99 }
  end,
}
