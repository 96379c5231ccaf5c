-- tests/lua/meta-bad-ports.lua: bad metadata; see tests/unit/test-lua.c
return {
  id = "meta-bad-ports",
  vendor = "iomtscan tests", description = "a malformed port",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive", ports = { "tcp/80", "http" },
  identify = function(host) return nil end,
}
