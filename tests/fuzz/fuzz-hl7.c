/*
 * fuzz-hl7.c - libFuzzer target for the MLLP/HL7 frame parser and both
 * HL7 probes (passive hl7-mllp, opt-in hl7-nmq).
 */
#include "config.h"

#include "fuzz-probe.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kv_reset(&fz_obs);
	(void)hl7_parse_frame(data, size, &fz_obs);
	fuzz_check_obs(&fz_obs);
	fuzz_probe_all("hl7-mllp", data, size, NULL);
	fuzz_probe_all("hl7-nmq", data, size, NULL);
	return 0;
}
