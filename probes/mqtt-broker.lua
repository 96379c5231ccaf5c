-- mqtt-broker.lua - MQTT message brokers (Mosquitto, EMQX, HiveMQ ...).
--
-- Signals and their sources:
--  * The engine's MQTT probe sends one CONNECT without credentials and
--    records the CONNACK: mqtt.anonymous = yes when the return code is 0
--    "Connection Accepted", no for 5 "not authorized" / 4 "bad user name
--    or password" (OASIS MQTT 3.1.1 section 3.2.2.3; protocols.md 10).
--    Any CONNACK proves a broker.  The probe never subscribes, so the
--    broker product (e.g. Mosquitto's $SYS/broker/version) stays unknown
--    and no vendor is claimed.
--  * service "mqtt" on tcp/1883 (IANA mqtt) or 8883 (secure-mqtt).
-- Finding: mqtt-anonymous when anonymous clients are accepted.
-- Confidence: CONNACK 80; port/service name only 30.

local m = require("iomt.match")

return {
	id = "mqtt-broker",
	vendor = "MQTT brokers (any)",
	description = "MQTT brokers from the CONNACK to an anonymous CONNECT; " ..
	    "flags brokers that accept anonymous clients",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return m.any_obs(host, { "mqtt.anonymous", "mqtt.connack" }) or
		    #m.services(host) > 0
	end,
	identify = function(host)
		local r = m.result()
		local a, asrc, aport = m.obs(host, "mqtt.anonymous")
		local rc, rcsrc = m.obs(host, "mqtt.connack")
		if a ~= nil and (m.truthy(a) or m.falsy(a)) or rc ~= nil then
			m.set(r, "device_class", "mqtt-broker", asrc or rcsrc,
			    "MQTT CONNACK " .. (rc or a))
			r.confidence = 80
			if m.truthy(a) then
				m.finding(r, { id = "mqtt-anonymous",
				    severity = "medium", port = aport,
				    title = "MQTT broker accepts anonymous clients",
				    detail = "Any device on the network can connect " ..
				        "to this message broker without a password " ..
				        "and read or publish messages, for example " ..
				        "device readings or commands. Require " ..
				        "user names and passwords (and TLS)." })
			end
			return r
		end
		for _, s in ipairs(m.services(host)) do
			if s.service == "mqtt" or s.service == "secure-mqtt" or
			    (s.proto == "tcp" and (s.port == 1883 or s.port == 8883)) then
				local pp = m.pp(s.proto, s.port)
				m.set(r, "device_class", "mqtt-broker",
				    "service@" .. pp, pp .. " open (MQTT port)")
				r.confidence = 30
				return r
			end
		end
		return nil
	end,
}
