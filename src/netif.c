/* STUB: replaced by the real implementation. */
#include "config.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "iomt/error.h"
#include "iomt/netif.h"

int
netif_for(uint32_t ip, const char *name, struct netif *out)
{
	return IOMT_EINVAL;
}

int
netif_onlink(const struct netif *nif, uint32_t ip)
{
	return IOMT_EINVAL;
}
