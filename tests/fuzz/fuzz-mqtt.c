/*
 * fuzz-mqtt.c - libFuzzer target for the MQTT CONNACK parser and the
 * mqtt-connect probe (CONNACK, DISCONNECT, then whatever follows).
 */
#include "config.h"

#include "fuzz-probe.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kv_reset(&fz_obs);
	(void)mqtt_parse_connack(data, size, &fz_obs);
	fuzz_check_obs(&fz_obs);
	fuzz_probe_all("mqtt-connect", data, size, NULL);
	return 0;
}
