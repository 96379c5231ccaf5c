-- tests/lua/host-api.lua: exercises every read-only host method.
local lib = require "iomt.match"
return {
  id = "host-api",
  vendor = "iomtscan tests",
  description = "the host object and the iomt library",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    local n = 0
    for _, s in ipairs(host:services()) do n = n + 1 end
    local all = host:obs_all()
    local prior = host:identity()
    local parts = {
      host.ip, host.mac or "-", host.oui_class, host.level,
      tostring(n), tostring(host:open("tcp/80")),
      tostring(host:open("tcp/81")), tostring(host:open("udp/161")),
      host:obs("http.server") or "-", host:obs("http.server", "tcp/8080") or "-",
      tostring(#all), prior and prior.vendor or "-",
      iomt.hex("\1\171"), tostring(iomt.u16be("\1\2\3", 2)),
      tostring(iomt.u32be("\0\0\1\0")), tostring(iomt.u16be("\1", 1)),
      tostring(lib.answer), tostring(getmetatable(host)),
      tostring(pcall(function() host.ip = "x" end)),
    }
    iomt.log("info", "host-api saw %d services", n)
    return { model = table.concat(parts, "|"), confidence = 1 }
  end,
}
