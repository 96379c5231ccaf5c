-- tests/lua/result-unknown-key.lua: result validation; see tests/unit/test-lua.c
return {
  id = "result-unknown-key",
  vendor = "iomtscan tests",
  description = "result validation",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    return { vendor = "Acme", colour = "blue", confidence = 60, findings = { { id = "Bad Id", severity = "low", title = "t", detail = "d" }, { id = "ok-finding", severity = "medium", title = "A title", detail = "A detail", port = 80 } } }
  end,
}
