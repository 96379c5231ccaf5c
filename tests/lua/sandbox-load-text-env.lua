-- tests/lua/sandbox-load-text-env.lua: sandbox test (load() gets a private environment); see tests/unit/test-lua.c
return {
  id = "sandbox-load-text-env",
  vendor = "iomtscan tests",
  description = "load() gets a private environment",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    load("leaked = 1")()
    return { vendor = "escaped", confidence = 99 }
  end,
}
