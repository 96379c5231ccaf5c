-- tests/lua/meta-no-identify.lua: bad metadata; see tests/unit/test-lua.c
return {
  id = "meta-no-identify",
  vendor = "iomtscan tests", description = "no identify",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
}
