-- tests/lua/refuse-host-level.lua: an exchange policy must refuse; see test-lua.c
return {
  id = "refuse-host-level",
  vendor = "iomtscan tests",
  description = "refused exchange",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "standard",
  identify = function(host)
    local r, why = host:exchange{ port = 80, send = "GET / HTTP/1.0\r\n\r\n" }
    return { model = r and "sent" or why, confidence = 5 }
  end,
}
