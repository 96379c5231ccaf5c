-- tests/lua/ident-a.lua: disagrees with ident-b.lua about the vendor at
-- the same confidence; the rules (docs/IDENTIFICATION.md) must pick one
-- whatever the load order.
return {
  id = "ident-a",
  vendor = "Acme",
  description = "claims Acme from a banner",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    return {
      vendor = "Acme", model = "A-100", device_class = "infusion-pump",
      confidence = 70,
      evidence = {
        { field = "vendor", value = "Acme", source = "banner@tcp/22" },
        { field = "model", value = "A-100", source = "banner@tcp/22" },
        { field = "device_class", value = "infusion-pump",
          source = "banner@tcp/22" },
      },
    }
  end,
}
