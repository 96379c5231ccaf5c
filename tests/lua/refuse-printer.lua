-- tests/lua/refuse-printer.lua: an exchange policy must refuse; see test-lua.c
return {
  id = "refuse-printer",
  vendor = "iomtscan tests",
  description = "refused exchange",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "standard",
  identify = function(host)
    local r, why = host:exchange{ port = 9100, send = "\27%-12345X@PJL INFO ID\r\n" }
    return { model = r and "sent" or why, confidence = 5 }
  end,
}
