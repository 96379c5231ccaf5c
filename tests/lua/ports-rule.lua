-- tests/lua/ports-rule.lua: runs only on hosts with tcp/443 open whose
-- rule() agrees (the OUI class is "medical").
return {
  id = "ports-rule",
  vendor = "iomtscan tests",
  description = "ports and rule filtering",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  ports = { "tcp/443", "udp/161" },
  rule = function(host) return host.oui_class == "medical" end,
  identify = function(host)
    return { vendor = "Ruled", device_class = "medical-device",
      confidence = 25 }
  end,
}
