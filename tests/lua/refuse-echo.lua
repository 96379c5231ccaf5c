-- tests/lua/refuse-echo.lua: an exchange policy must refuse; see test-lua.c
return {
  id = "refuse-echo",
  vendor = "iomtscan tests",
  description = "refused exchange",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "standard",
  identify = function(host)
    local r, why = host:exchange{ port = 7 }
    return { model = r and "sent" or why, confidence = 5 }
  end,
}
