/* STUB: replaced by the real implementation. */
#include "config.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "iomt/error.h"
#include "iomt/arp.h"

size_t
arp_build_request(uint8_t *buf, const uint8_t src_mac[6], uint32_t src_ip, uint32_t tip)
{
	return IOMT_EINVAL;
}

int
arp_parse(const uint8_t *frame, size_t len, uint32_t *sip, uint8_t smac[6])
{
	return IOMT_EINVAL;
}
