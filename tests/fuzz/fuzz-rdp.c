/*
 * fuzz-rdp.c - libFuzzer target for the RDP X.224 Connection Confirm
 * parser and the rdp-x224 probe.
 */
#include "config.h"

#include "fuzz-probe.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kv_reset(&fz_obs);
	(void)rdp_parse_cc(data, size, &fz_obs);
	fuzz_check_obs(&fz_obs);
	fuzz_probe_all("rdp-x224", data, size, NULL);
	return 0;
}
