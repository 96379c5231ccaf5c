-- tests/lua/meta-syntax-error.lua: bad metadata; see tests/unit/test-lua.c
return {
  id = "meta-syntax-error",
  vendor = "iomtscan tests" description = "a missing comma",
}
