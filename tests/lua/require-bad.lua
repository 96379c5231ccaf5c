-- tests/lua/require-bad.lua: require of a name outside the fixed table.
local x = require "iomt.nope"
return {
  id = "require-bad",
  vendor = "iomtscan tests",
  description = "require outside the table",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host) return nil end,
}
