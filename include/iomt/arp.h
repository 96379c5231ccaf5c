/*
 * arp.h - ARP requests out (libdnet), ARP replies in (libpcap).
 *
 * Building and parsing are kept apart from I/O so the parser can be fuzzed
 * and tested against recorded frames.  Replies are read from a non-blocking
 * pcap handle whose selectable descriptor sits on a uv_poll_t in scan.c.
 */
#ifndef IOMT_ARP_H
#define IOMT_ARP_H

#include <stddef.h>
#include <stdint.h>

#define ARP_FRAME_LEN	42	/* Ethernet + ARP for IPv4, unpadded */

/*
 * Build a broadcast ARP request from (src_mac, src_ip) for tip into buf
 * (at least ARP_FRAME_LEN bytes).  Return the frame length.
 */
size_t	arp_build_request(uint8_t *buf, const uint8_t src_mac[6],
	    uint32_t src_ip, uint32_t tip);

/*
 * Parse an Ethernet frame of len bytes.  If it is an ARP reply (or a
 * request, which also proves the sender is alive) for IPv4 over Ethernet,
 * set *sip (host order) and smac to the sender and return 0; otherwise
 * IOMT_EPROTO or IOMT_ETRUNC.  Never reads past len.
 */
int	arp_parse(const uint8_t *frame, size_t len, uint32_t *sip,
	    uint8_t smac[6]);

#endif /* IOMT_ARP_H */
