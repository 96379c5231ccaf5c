/*
 * src/listen/listen-int.h - what the passive decoders in src/listen/
 * share and nothing outside the folder uses: adding the records a frame
 * yields to a struct listen_result.
 *
 * Every decoder creates its records through lrec_new() or lrec_sender()
 * so the rules on which addresses count (no multicast, broadcast,
 * loopback or all-zero address; a MAC only when the frame proves it is on
 * this segment) live in one place, listen.c.
 */
#ifndef IOMT_LISTEN_INT_H
#define IOMT_LISTEN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "iomt/listen.h"

/* EtherTypes (IEEE 802 numbers) the frame walk and ARP look at. */
#define ETHERTYPE_IPV4	0x0800
#define ETHERTYPE_ARP	0x0806
#define ETHERTYPE_VLAN	0x8100
#define ETHERTYPE_QINQ	0x88a8
#define ETHERTYPE_LLDP	0x88cc

/*
 * Return a new, cleared record in res, or NULL when res already holds
 * LISTEN_RECS_MAX records.  The record belongs to res; a decoder that
 * finds nothing worth keeping drops it again with res->n--.
 */
struct listen_rec *lrec_new(struct listen_result *res);

/*
 * Set r's MAC to the 6 bytes at mac, unless mac is NULL, all zero or a
 * group address.
 */
void	lrec_mac(struct listen_rec *r, const uint8_t *mac);

/*
 * Set r's IPv4 address (host order) to ip, unless ip is 0.0.0.0,
 * 255.255.255.255, multicast or loopback.
 */
void	lrec_ip(struct listen_rec *r, uint32_t ip);

/*
 * Record the IPv4 address ip (host order) that a frame names for r: as
 * the dotted observation key (replacing an earlier one; none when key is
 * NULL), and as r's address when r has none yet (see lrec_ip()).
 */
void	lrec_addr(struct listen_rec *r, const char *key, uint32_t ip);

/* Record the service proto/port/name (copied, cut to fit) as seen on r. */
void	lrec_svc(struct listen_rec *r, const char *proto, uint16_t port,
	    const char *name);

/*
 * Return a new record for the sender of pk: its IPv4 address, and its
 * MAC when the frame went to a group address (so the sender is on this
 * segment, not behind a router).  NULL when res is full.
 */
struct listen_rec *lrec_sender(const struct listen_pkt *pk,
	    struct listen_result *res);

/*
 * Add the len device bytes at p to o under key, trimmed of surrounding
 * white space and NULs, escaped and cut at LISTEN_VAL_MAX.  Nothing is
 * added when nothing is left.
 */
void	lrec_text(struct kvset *o, const char *key, const uint8_t *p,
	    size_t len);

/* Return the IPv4 address (host order) in the 4 bytes at b. */
uint32_t lrec_ip_from(const uint8_t *b);

#endif /* IOMT_LISTEN_INT_H */
