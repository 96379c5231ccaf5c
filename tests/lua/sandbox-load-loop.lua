-- tests/lua/sandbox-load-loop.lua: loops at the top level of the file,
-- which runs at load time; loading is under the same budget.
local n = 0
while true do n = n + 1 end
return {
  id = "sandbox-load-loop",
  vendor = "iomtscan tests",
  description = "never finishes loading",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host) return nil end,
}
