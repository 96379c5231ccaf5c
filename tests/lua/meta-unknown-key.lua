-- tests/lua/meta-unknown-key.lua: bad metadata; see tests/unit/test-lua.c
return {
  id = "meta-unknown-key",
  vendor = "iomtscan tests", description = "an unknown key",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive", categories = { "safe" },
  identify = function(host) return nil end,
}
