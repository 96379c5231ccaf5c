/*
 * netif.h - which interface reaches a target, and is it on-link?
 *
 * ARP only works for addresses on a directly attached subnet; everything
 * else is discovered by TCP connect.  This asks the kernel's interface
 * table (libdnet intf) once at start and answers per address.
 */
#ifndef IOMT_NETIF_H
#define IOMT_NETIF_H

#include <stdint.h>

struct netif {
	char		name[32];
	uint32_t	addr;		/* our address, host order */
	uint32_t	mask;		/* host order */
	uint8_t		mac[6];
	int		up;
};

/*
 * Find the interface whose subnet contains ip (host order), or the one
 * named name when name is not NULL.  Return 0 and fill *out, or
 * IOMT_ENOTFOUND.  Loopback and interfaces without an IPv4 address or a
 * MAC are ignored.
 */
int	netif_for(uint32_t ip, const char *name, struct netif *out);

/* Return 1 if ip is on nif's subnet (and not its network/broadcast). */
int	netif_onlink(const struct netif *nif, uint32_t ip);

#endif /* IOMT_NETIF_H */
