/*
 * fuzz-dicom.c - libFuzzer target for the DICOM Upper Layer parser.
 *
 * Feeds arbitrary bytes to dicom_pdu_size() and dicom_parse_pdu() and runs
 * the dicom-assoc probe over them as a reply stream (A-ASSOCIATE-AC, then
 * A-RELEASE-RP or anything else), as the engine would deliver it.
 */
#include "config.h"

#include "fuzz-probe.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kv_reset(&fz_obs);
	(void)dicom_pdu_size(data, size);
	(void)dicom_parse_pdu(data, size, &fz_obs);
	fuzz_check_obs(&fz_obs);
	fuzz_probe_all("dicom-assoc", data, size, NULL);
	return 0;
}
