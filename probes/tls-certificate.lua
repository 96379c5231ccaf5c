-- tls-certificate.lua - what a device's TLS certificate and handshake say
-- about how well its encrypted services are protected.
--
-- Signals and their sources (the engine's tls-handshake probe: one
-- handshake offering TLS 1.0-1.3, protocols.md 5; facts per port):
--  * tls.self_signed = yes: issuer equals subject and the certificate
--    verifies with its own key (RFC 5280 6.1; OpenSSL X509_self_signed).
--  * tls.expired / tls.not_yet_valid: notAfter before / notBefore after
--    the scan time (RFC 5280 4.1.2.5).
--  * tls.weak_key = yes: RSA or DSA below 2048 bits, EC below 224
--    (NIST SP 800-57 Part 1 Rev. 5, table 2; 112-bit security).
--  * tls.weak_sig = md5 | sha1: collisions published (MD5 2004, SHA-1
--    SHAttered 2017); CA/Browser Forum ended SHA-1 certificates in 2016.
--  * tls.legacy_version = yes: the server chose SSLv3, TLS 1.0 or 1.1
--    although 1.2 and 1.3 were offered, so it speaks nothing newer
--    (RFC 8996 deprecates TLS 1.0 and 1.1).
-- Findings per port; no identity is claimed (confidence 0).

local m = require("iomt.match")

local RULES = {
	{ key = "tls.self_signed", id = "tls-self-signed", severity = "low",
	  title = "Self-signed certificate",
	  detail = "The device's encrypted service uses a certificate it " ..
	      "signed itself. Computers cannot tell this device from an " ..
	      "impostor, so staff learn to click through warnings. Ask " ..
	      "the maker how to install a certificate from the hospital's " ..
	      "own certificate authority." },
	{ key = "tls.expired", id = "tls-cert-expired", severity = "medium",
	  title = "Certificate expired",
	  detail = "The certificate's validity ended. Connections either " ..
	      "fail or are accepted with a warning that users learn to " ..
	      "ignore. Renew the certificate; ask the maker if the device " ..
	      "cannot do it." },
	{ key = "tls.not_yet_valid", id = "tls-cert-not-yet-valid",
	  severity = "low", title = "Certificate not yet valid",
	  detail = "The certificate's validity starts in the future. The " ..
	      "device's clock may be wrong, which also upsets logs and " ..
	      "alarms' time stamps; check its time source (NTP)." },
	{ key = "tls.weak_key", id = "tls-weak-key", severity = "medium",
	  title = "Weak certificate key",
	  detail = "The certificate's key is too short (RSA below 2048 " ..
	      "bits or elliptic curve below 224 bits) to protect the " ..
	      "connection against a determined attacker. Ask the maker for " ..
	      "a firmware or configuration that uses a longer key." },
	{ key = "tls.weak_sig", id = "tls-weak-signature", severity = "medium",
	  title = "Certificate signed with a broken hash",
	  detail = "The certificate is signed with MD5 or SHA-1, for which " ..
	      "forged certificates have been shown. Replace it with one " ..
	      "signed with SHA-256 or better." },
	{ key = "tls.legacy_version", id = "tls-legacy-protocol",
	  severity = "medium", title = "Only old TLS versions",
	  detail = "The service chose SSLv3, TLS 1.0 or TLS 1.1 although " ..
	      "TLS 1.2 and 1.3 were offered, so it supports nothing newer. " ..
	      "These versions are retired (RFC 8996) and current systems " ..
	      "refuse them. Ask the maker for an update that supports TLS " ..
	      "1.2 or later." },
}

return {
	id = "tls-certificate",
	vendor = "TLS services (any maker)",
	description = "Flags self-signed, expired, not-yet-valid and weak " ..
	    "certificates and services limited to old TLS versions",
	author = "iomtscan project",
	license = "MIT",
	version = "1.0",
	safety = "passive",
	rule = function(host)
		return host:obs("tls.self_signed") ~= nil or
		    host:obs("tls.version") ~= nil
	end,
	identify = function(host)
		local r = m.result()
		for _, rule in ipairs(RULES) do
			for _, o in ipairs(m.obs_each(host, rule.key)) do
				local weak_sig = rule.key == "tls.weak_sig" and
				    (o.value == "md5" or o.value == "sha1")
				if o.port ~= nil and (weak_sig or
				    (rule.key ~= "tls.weak_sig" and
				    m.truthy(o.value))) then
					local what = rule.title
					if rule.key == "tls.weak_sig" then
						what = what .. " (" .. o.value .. ")"
					end
					local v = m.obs(host, "tls.version",
					    m.pp(o.proto, o.port))
					if rule.key == "tls.legacy_version" and v then
						what = what .. " (" ..
						    (m.printable(v, 16) or "?") .. ")"
					end
					m.finding(r, { id = rule.id,
					    severity = rule.severity, port = o.port,
					    title = what .. " on " .. o.proto .. "/" ..
					        o.port,
					    detail = rule.detail })
				end
			end
		end
		if #r.findings == 0 then
			return nil
		end
		r.confidence = 0
		return r
	end,
}
