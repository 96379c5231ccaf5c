-- tests/lua/meta-missing-id.lua: bad metadata; see tests/unit/test-lua.c
return {
  vendor = "iomtscan tests", description = "no id",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host) return nil end,
}
