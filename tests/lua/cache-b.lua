-- tests/lua/cache-b.lua: asks the same exchange as cache-a.lua;
-- the engine must be asked once.
return {
  id = "cache-b",
  vendor = "iomtscan tests",
  description = "identical exchange",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "standard",
  ports = { "tcp/80" },
  identify = function(host)
    local r = host:exchange{ proto = "tcp", port = 80,
      send = "GET / HTTP/1.0\r\n\r\n", max = 1024 }
    local server = r and r:match("Server: ([^\r\n]+)")
    return server and { model = "b:" .. server, confidence = 40,
      findings = { { id = "cleartext-http", severity = "low", port = 80,
        title = "HTTP without TLS", detail = "seen by cache-b" } } }
  end,
}
