/*
 * fuzz-tls.c - libFuzzer target for the tls-handshake probe: arbitrary
 * bytes as the server's side of the handshake, fed into the OpenSSL
 * memory-BIO driver as the engine feeds it (whole, in pieces, then EOF),
 * and the same bytes as a DER certificate for the certificate-facts
 * parser.
 */
#include "config.h"

#include "fuzz-probe.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kv_reset(&fz_obs);
	(void)tls_cert_facts(data, size, 1767225600, &fz_obs);
	fuzz_check_obs(&fz_obs);
	(void)tls_record_sniff(data, size);
	fuzz_probe_all("tls-handshake", data, size, NULL);
	return 0;
}
