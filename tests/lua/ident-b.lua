-- tests/lua/ident-b.lua: see ident-a.lua.
return {
  id = "ident-b",
  vendor = "Zenith",
  description = "claims Zenith from an SNMP reply",
  author = "iomtscan tests", license = "MIT", version = "1.0",
  safety = "passive",
  identify = function(host)
    return {
      vendor = "Zenith", model = "Z-9", device_class = "patient-monitor",
      firmware = "9.1", confidence = 70,
      evidence = {
        { field = "vendor", value = "Zenith", source = "snmp.sysdescr@udp/161" },
        { field = "device_class", value = "patient-monitor",
          source = "oui" },
      },
    }
  end,
}
