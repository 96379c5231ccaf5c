/*
 * src/net/arp.c - build ARP requests and parse ARP frames (RFC 826).
 *
 * Kept free of I/O so the parser can be fuzzed (tests/fuzz/fuzz-arp.c) and
 * the builder unit-tested; src/engine/arp.c sends the frames with libdnet and reads
 * replies with libpcap.
 *
 *   0                   1                   2                   3
 *   Ethernet: dst(6) src(6) type(2)=0x0806
 *   ARP:      htype(2)=1 ptype(2)=0x0800 hlen(1)=6 plen(1)=4 op(2)
 *             sha(6) spa(4) tha(6) tpa(4)
 */
#include "config.h"

#include <string.h>

#include "iomt/net.h"
#include "iomt/util.h"

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

size_t
arp_build_request(uint8_t *buf, const uint8_t src_mac[6], uint32_t src_ip,
    uint32_t tip)
{
	memset(buf, 0xff, 6);
	memcpy(buf + 6, src_mac, 6);
	put16(buf + 12, 0x0806);
	put16(buf + 14, 1);
	put16(buf + 16, 0x0800);
	buf[18] = 6;
	buf[19] = 4;
	put16(buf + 20, 1);
	memcpy(buf + 22, src_mac, 6);
	put32(buf + 28, src_ip);
	memset(buf + 32, 0, 6);
	put32(buf + 38, tip);
	return ARP_FRAME_LEN;
}

int
arp_parse(const uint8_t *frame, size_t len, uint32_t *sip, uint8_t smac[6])
{
	const uint8_t	*a;
	uint16_t	 op;

	if (len < ARP_FRAME_LEN)
		return IOMT_ETRUNC;
	if (frame[12] != 0x08 || frame[13] != 0x06)
		return IOMT_EPROTO;
	a = frame + 14;
	if (a[0] != 0 || a[1] != 1 || a[2] != 0x08 || a[3] != 0x00 ||
	    a[4] != 6 || a[5] != 4)
		return IOMT_EPROTO;
	op = (uint16_t)((a[6] << 8) | a[7]);
	if (op != 1 && op != 2)
		return IOMT_EPROTO;
	/* A sender MAC that is multicast or all-zero is not a host. */
	if ((a[8] & 0x01) != 0 ||
	    (a[8] | a[9] | a[10] | a[11] | a[12] | a[13]) == 0)
		return IOMT_EPROTO;
	memcpy(smac, a + 8, 6);
	*sip = ((uint32_t)a[14] << 24) | ((uint32_t)a[15] << 16) |
	    ((uint32_t)a[16] << 8) | a[17];
	return 0;
}
