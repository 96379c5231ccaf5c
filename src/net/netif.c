/*
 * src/net/netif.c - find the interface that reaches a target (see net.h).
 *
 * Uses libdnet's interface table so the same code works on Linux and the
 * BSDs.  Read once per scan; nothing here sends a packet.
 */
#include "config.h"

#include <string.h>

#include "iomt/compat-dnet.h"
#include "iomt/util.h"
#include "iomt/net.h"

struct netif_search {
	uint32_t	 ip;
	const char	*name;
	struct netif	*out;
	int		 found;
};

/* Does the IPv4 address a (with prefix bits) hold s->ip, or is the
 * interface the one asked for by name? */
static int
netif_match(struct netif_search *s, const struct intf_entry *e,
    const struct addr *a)
{
	uint32_t	 ip, m;

	if (a->addr_type != ADDR_TYPE_IP)
		return 0;
	ip = ntohl(a->addr_ip);
	m = a->addr_bits == 0 ? 0 :
	    (uint32_t)(0xffffffffu << (32 - a->addr_bits));
	if (s->name != NULL) {
		if (strcmp(s->name, e->intf_name) != 0)
			return 0;
	} else if (m == 0 || (ip & m) != (s->ip & m))
		return 0;
	strlcpy(s->out->name, e->intf_name, sizeof(s->out->name));
	s->out->addr = ip;
	s->out->mask = m;
	memcpy(s->out->mac, &e->intf_link_addr.addr_eth, 6);
	s->out->up = (e->intf_flags & INTF_FLAG_UP) != 0;
	s->found = 1;
	return 1;
}

static int
netif_cb(const struct intf_entry *e, void *arg)
{
	struct netif_search *s = arg;
	u_int		 i;

	if (e->intf_type == INTF_TYPE_LOOPBACK ||
	    e->intf_link_addr.addr_type != ADDR_TYPE_ETH)
		return 0;
	if (netif_match(s, e, &e->intf_addr))
		return 1;
	/* A subnet may sit on a second address of the interface. */
	for (i = 0; i < e->intf_alias_num; i++)
		if (netif_match(s, e, &e->intf_alias_addrs[i]))
			return 1;
	return 0;
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
