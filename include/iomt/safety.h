/*
 * safety.h - the never-list and the per-host safety level.
 *
 * The engine asks safety_check() before every packet it builds, whoever
 * asked for it (the default port list, a user's --ports, a Lua script).
 * The answer depends only on compiled-in rules, so no option, profile or
 * script can turn them off: no packet at all to the simple TCP/UDP
 * services 7/9/13/17/19 (Philips PIC iX hang, ICSMA-18-233-01), no payload
 * to printer raw ports or serial-bridge data ports, no odd TCP flags and
 * no IP fragments (the engine has no code path that makes either; full
 * connect() only).  The safety *level* of a host (passive .. standard)
 * is the policy's job; this file only names the levels.
 */
#ifndef IOMT_SAFETY_H
#define IOMT_SAFETY_H

#include <stdint.h>

/* What a probe does to a port, from least to most. */
enum safety_kind {
	SAFETY_K_ARP = 1,	/* one ARP request (L2, no port) */
	SAFETY_K_CONNECT,	/* TCP connect + graceful close, no bytes */
	SAFETY_K_PAYLOAD,	/* TCP connect, then send application bytes */
	SAFETY_K_UDP		/* one UDP datagram */
};

/*
 * Safety levels, in increasing order of what they allow.  A host's level
 * is the lowest of: the scan's level, its subnet's, its maker class's and
 * any matching fragile profile's.  docs/SAFETY.md says what each sends.
 */
enum safety_level {
	LEVEL_PASSIVE = 0,	/* nothing at all */
	LEVEL_DISCOVERY = 1,	/* ARP, or one connect per host */
	LEVEL_GENTLE = 2,	/* connects + passive banner reads, no bytes */
	LEVEL_STANDARD = 3,	/* well-formed identification requests */
	LEVEL_CLINICAL = 4	/* opt-in: messages an application processes */
};

/*
 * Return 0 if a probe of the given kind to proto ("tcp"/"udp") port may be
 * sent at all, IOMT_EDENIED otherwise, with a static reason in *why (may be
 * NULL).  Pure function; the rules are compiled in.
 */
int	safety_check(enum safety_kind kind, const char *proto, uint16_t port,
	    const char **why);

/* Return 1 if port is a printer raw port (9100-9107, 515, 9999 LPD/PJL). */
int	safety_is_printer_raw(uint16_t port);

/* Return 1 if port is a known serial-bridge data port (Moxa 4001-4016,
 * Lantronix 10001-10016, Digi 2101, Perle 10001+). */
int	safety_is_serial_data(uint16_t port);

/* Level name ("passive", ...) and the reverse; parse returns -1 if unknown. */
const char *safety_level_name(enum safety_level l);
int	safety_level_parse(const char *s);

#endif /* IOMT_SAFETY_H */
