-- tests/lua/refuse-udp.lua: an exchange policy must refuse; see test-lua.c
return {
  id = "refuse-udp",
  vendor = "iomtscan tests",
  description = "refused exchange",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "standard",
  identify = function(host)
    local r, why = host:exchange{ proto = "udp", port = 53, send = "x" }
    return { model = r and "sent" or why, confidence = 5 }
  end,
}
