-- tests/lua/sandbox-good.lua: a well-behaved script that always answers,
-- so the tests can see the run go on around a broken one.
return {
  id = "sandbox-good",
  vendor = "Good Vendor",
  description = "always identifies the host",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    return {
      vendor = "Good Vendor", device_class = "server", confidence = 30,
      evidence = { { field = "vendor", value = "Good Vendor",
                     source = "test" } },
    }
  end,
}
