-- tests/lua/lib/match.lua: stands in for lua/match.lua so the unit tests
-- can check require without depending on the shipped library.
local M = {}
M.answer = 42
return M
