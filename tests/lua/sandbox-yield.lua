-- tests/lua/sandbox-yield.lua: asks for one exchange and reports what came
-- back; the test answers it late (or never, then the engine's timeout).
return {
  id = "sandbox-yield",
  vendor = "iomtscan tests",
  description = "waits for an exchange",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "standard",
  ports = { "tcp/80" },
  identify = function(host)
    local reply, why = host:exchange{ port = 80,
      send = "GET / HTTP/1.0\r\n\r\n", timeout = 2000 }
    return { model = reply or ("nil:" .. tostring(why)), confidence = 10 }
  end,
}
