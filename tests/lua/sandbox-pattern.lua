-- tests/lua/sandbox-pattern.lua: sandbox test (a backtracking pattern over a long subject); see tests/unit/test-lua.c
return {
  id = "sandbox-pattern",
  vendor = "iomtscan tests",
  description = "a backtracking pattern over a long subject",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    local a, b = string.find(string.rep("a", 40000), "(.-)b(.-)c")
    return { vendor = "escaped", confidence = 99 }
  end,
}
