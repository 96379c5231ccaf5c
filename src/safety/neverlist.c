/*
 * src/safety/neverlist.c - the compiled-in never-list (see safety.h).
 *
 * These rules come from published incidents (docs/SAFETY.md, "The
 * never-list"):
 *  - 7, 9, 13, 17, 19 (echo, discard, daytime, qotd, chargen): Philips
 *    IntelliVue Information Center iX becomes unresponsive when its simple
 *    TCP services are used (ICSMA-18-233-01).  No packet of any kind.
 *  - printer raw ports 9100-9107, LPD 515, PJL 9999: printers print
 *    whatever arrives (nmap#2237, nmap PR #3174).  A bare connect is
 *    allowed, a byte is not.
 *  - serial-to-Ethernet data ports: bytes reach the clinical device's
 *    serial interface (GE Aestiva/Aespire, CVE-2019-10966).  No payload.
 * No option, profile or script can change them.
 */
#include "config.h"

#include <string.h>

#include "iomt/util.h"
#include "iomt/safety.h"

static int
safety_is_simple_service(uint16_t port)
{
	return port == 7 || port == 9 || port == 13 || port == 17 ||
	    port == 19;
}

int
safety_is_printer_raw(uint16_t port)
{
	return (port >= 9100 && port <= 9107) || port == 515 || port == 9999;
}

int
safety_is_serial_data(uint16_t port)
{
	return (port >= 4001 && port <= 4016) ||	/* Moxa NPort */
	    (port >= 10001 && port <= 10016) ||	/* Lantronix, Perle */
	    (port >= 2101 && port <= 2116) ||		/* Digi RealPort/raw */
	    port == 950 || port == 966;			/* Moxa command ports */
}

int
safety_check(enum safety_kind kind, const char *proto, uint16_t port,
    const char **why)
{
	const char	*reason = NULL;

	if (kind == SAFETY_K_ARP)
		goto out;
	if (port == 0)
		reason = "port 0 is never probed";
	else if (safety_is_simple_service(port))
		reason = "simple TCP/UDP services 7/9/13/17/19 hang some "
		    "clinical systems (ICSMA-18-233-01): never contacted";
	else if (kind == SAFETY_K_UDP && proto != NULL &&
	    strcmp(proto, "udp") == 0 && port != 161)
		reason = "UDP is sent only to SNMP (161) with a well-formed "
		    "request; never UDP sweeps";
	else if ((kind == SAFETY_K_PAYLOAD || kind == SAFETY_K_UDP) &&
	    safety_is_printer_raw(port))
		reason = "printer raw port: any byte may be printed";
	else if ((kind == SAFETY_K_PAYLOAD || kind == SAFETY_K_UDP) &&
	    safety_is_serial_data(port))
		reason = "serial-bridge data port: bytes reach the attached "
		    "device";
 out:
	if (why != NULL)
		*why = reason;
	return reason == NULL ? 0 : IOMT_EDENIED;
}

static const char *const level_names[] = {
	"passive", "discovery", "gentle", "standard", "clinical"
};

const char *
safety_level_name(enum safety_level l)
{
	if ((unsigned)l >= sizeof(level_names) / sizeof(level_names[0]))
		return "unknown";
	return level_names[l];
}

int
safety_level_parse(const char *s)
{
	size_t	 i;

	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (strcmp(s, level_names[i]) == 0)
			return (int)i;
	return -1;
}
