/*
 * fuzz-snmp.c - libFuzzer target for the SNMP BER decoder.
 *
 * Runs snmp_parse_response() (any request-id), the OID decoder on the raw
 * bytes, the OID encoder on the bytes as text (a decode of its output must
 * succeed), and the snmp-get probe over the bytes as one datagram.
 */
#include "config.h"

#include "fuzz-probe.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 s[256], text[SNMP_OID_TEXT_MAX * 2];
	uint8_t	 enc[128];
	ssize_t	 n;

	kv_reset(&fz_obs);
	(void)snmp_parse_response(data, size, NULL, &fz_obs);
	fuzz_check_obs(&fz_obs);
	(void)snmp_oid_decode(data, size, text, SNMP_OID_TEXT_MAX);
	n = snmp_oid_encode(fuzz_cstr(s, sizeof(s), data, size), enc,
	    sizeof(enc));
	if (n > 0 && snmp_oid_decode(enc, (size_t)n, text, sizeof(text)) != 0)
		abort();
	fuzz_probe("snmp-get", data, size, 0, NULL);
	return 0;
}
