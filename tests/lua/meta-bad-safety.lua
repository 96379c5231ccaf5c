-- tests/lua/meta-bad-safety.lua: bad metadata; see tests/unit/test-lua.c
return {
  id = "meta-bad-safety",
  vendor = "iomtscan tests", description = "unknown safety level",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "reckless",
  identify = function(host) return nil end,
}
