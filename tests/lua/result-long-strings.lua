-- tests/lua/result-long-strings.lua: result validation; see tests/unit/test-lua.c
return {
  id = "result-long-strings",
  vendor = "iomtscan tests",
  description = "result validation",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    return { vendor = "Acme", model = string.rep("M", 10240), firmware = "1.0", confidence = 60, evidence = { { field = "model", value = string.rep("v", 300), source = "x" } }, findings = { { id = "big", severity = "low", title = "t", detail = string.rep("d", 10240) } } }
  end,
}
