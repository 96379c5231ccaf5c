-- tests/lua/refuse-declared.lua: an exchange policy must refuse; see test-lua.c
return {
  id = "refuse-declared",
  vendor = "iomtscan tests",
  description = "refused exchange",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "gentle",
  identify = function(host)
    local r, why = host:exchange{ port = 80, send = "GET / HTTP/1.0\r\n\r\n" }
    return { model = r and "sent" or why, confidence = 5 }
  end,
}
