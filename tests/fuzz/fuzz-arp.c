/*
 * fuzz-arp.c - libFuzzer target for the ARP reply parser (src/net/arp.c).
 *
 * arp_parse() reads raw Ethernet frames from libpcap; any frame on the
 * wire can reach it.  It must never read past len, and on success the
 * frame must at least hold an Ethernet + ARP header.
 */
#include "config.h"

#include <stdlib.h>

#include "iomt/net.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t ip = 0;
	uint8_t	 mac[6];

	if (arp_parse(data, size, &ip, mac) == 0 && size < 42)
		abort();
	return 0;
}
