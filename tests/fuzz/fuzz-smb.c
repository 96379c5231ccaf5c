/*
 * fuzz-smb.c - libFuzzer target for the SMB1/SMB2 NEGOTIATE response
 * parser.
 *
 * Runs smb_parse_negotiate() and the smb-negotiate probe, in its normal
 * (multi-protocol, then SMB2) and SMB1-only variants, over the bytes.
 */
#include "config.h"

#include "fuzz-probe.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t dialect;

	kv_reset(&fz_obs);
	(void)smb_parse_negotiate(data, size, &fz_obs, &dialect);
	fuzz_check_obs(&fz_obs);
	fuzz_probe_all("smb-negotiate", data, size, NULL);
	fuzz_probe("smb-negotiate", data, size, 0, "smb1");
	return 0;
}
