-- tests/lua/sandbox-table-move.lua: sandbox test (a C loop of 10^12 steps); see tests/unit/test-lua.c
return {
  id = "sandbox-table-move",
  vendor = "iomtscan tests",
  description = "a C loop of 10^12 steps",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    table.move({}, 1, 1e12, 2)
    return { vendor = "escaped", confidence = 99 }
  end,
}
