/*
 * netif.c - find the interface that reaches a target (see netif.h).
 *
 * Uses libdnet's interface table so the same code works on Linux and the
 * BSDs.  Read once per scan; nothing here sends a packet.
 */
#include "config.h"

#include <string.h>

#include "iomt/compat-dnet.h"
#include "iomt/error.h"
#include "iomt/netif.h"
#include "iomt/util.h"

struct netif_search {
	uint32_t	 ip;
	const char	*name;
	struct netif	*out;
	int		 found;
};

static int
netif_cb(const struct intf_entry *e, void *arg)
{
	struct netif_search *s = arg;
	uint32_t	 a, m;

	if (e->intf_type == INTF_TYPE_LOOPBACK ||
	    e->intf_addr.addr_type != ADDR_TYPE_IP ||
	    e->intf_link_addr.addr_type != ADDR_TYPE_ETH)
		return 0;
	a = ntohl(e->intf_addr.addr_ip);
	m = e->intf_addr.addr_bits == 0 ? 0 :
	    (uint32_t)(0xffffffffu << (32 - e->intf_addr.addr_bits));
	if (s->name != NULL) {
		if (strcmp(s->name, e->intf_name) != 0)
			return 0;
	} else if ((a & m) != (s->ip & m) || m == 0)
		return 0;
	strlcpy(s->out->name, e->intf_name, sizeof(s->out->name));
	s->out->addr = a;
	s->out->mask = m;
	memcpy(s->out->mac, &e->intf_link_addr.addr_eth, 6);
	s->out->up = (e->intf_flags & INTF_FLAG_UP) != 0;
	s->found = 1;
	return 1;
}

int
netif_for(uint32_t ip, const char *name, struct netif *out)
{
	intf_t			*it;
	struct netif_search	 s;

	memset(out, 0, sizeof(*out));
	s.ip = ip;
	s.name = name;
	s.out = out;
	s.found = 0;
	it = intf_open();
	if (it == NULL)
		return IOMT_ENOTFOUND;
	intf_loop(it, netif_cb, &s);
	intf_close(it);
	return s.found ? 0 : IOMT_ENOTFOUND;
}

int
netif_onlink(const struct netif *nif, uint32_t ip)
{
	if (nif->mask == 0 || (ip & nif->mask) != (nif->addr & nif->mask))
		return 0;
	if (nif->mask != 0xffffffffu && nif->mask != 0xfffffffeu &&
	    ((ip & ~nif->mask) == 0 || (ip & ~nif->mask) == ~nif->mask))
		return 0;
	return ip != nif->addr;
}
