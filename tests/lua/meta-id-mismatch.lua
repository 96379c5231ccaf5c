-- tests/lua/meta-id-mismatch.lua: bad metadata; see tests/unit/test-lua.c
return {
  id = "something-else",
  vendor = "iomtscan tests", description = "id differs from file name",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host) return nil end,
}
