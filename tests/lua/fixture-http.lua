-- tests/lua/fixture-http.lua: a small probe for the `script test` tests
-- (fixtures in tests/lua/fixtures/fixture-http/).
return {
  id = "fixture-http",
  vendor = "Acme Medical",
  description = "Acme infusion pump web interface",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "standard",
  ports = { "tcp/80" },
  identify = function(host)
    local reply, why = host:exchange{ port = 80,
      send = "GET / HTTP/1.0\r\n\r\n", max = 4096, stop = "</html>" }
    if not reply then
      return nil
    end
    local model = reply:match("<title>ACME%-(%u%d+) Infusion</title>")
    if not model then
      return nil
    end
    local fw = (reply:match("Server: [^\r\n]*fw/([%d.]+)"))
    local second = host:exchange{ port = 80, send = "GET /about HTTP/1.0\r\n\r\n" }
    return {
      vendor = "Acme Medical", model = "ACME-" .. model,
      device_class = "infusion-pump", firmware = fw, confidence = 80,
      evidence = {
        { field = "model", value = "ACME-" .. model, source = "http.title@tcp/80" },
        { field = "firmware", value = fw or "", source = "http.server@tcp/80" },
      },
      findings = {
        { id = "cleartext-http-login", severity = "medium", port = 80,
          title = "Web login without encryption",
          detail = "The pump's web page asks for a password over plain "
            .. "HTTP; anyone on the network can read it." .. (second and "" or " (about page: timeout)") },
      },
    }
  end,
}
