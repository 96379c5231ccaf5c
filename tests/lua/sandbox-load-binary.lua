-- tests/lua/sandbox-load-binary.lua: sandbox test (load refuses bytecode); see tests/unit/test-lua.c
return {
  id = "sandbox-load-binary",
  vendor = "iomtscan tests",
  description = "load refuses bytecode",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    local f = load("\27Lua\84\0\25\147\13\10\26\10\4\8\8", "x", "b")
    return { vendor = "escaped", confidence = 99 }
  end,
}
