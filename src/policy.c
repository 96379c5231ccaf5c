/*
 * policy.c - per-host safety policy (see policy.h).
 *
 * Built-in defaults follow fragile-devices.md §5: a host whose MAC belongs
 * to a medical-device maker gets at most "standard" and only the short list
 * of ports such a device handles every day (DICOM, HTTP, HL7), one
 * connection at a time at the lowest per-host rate, and no UDP (Contec
 * CMS8000, Philips IntelliVue crash on unexpected UDP); a serial-bridge
 * maker gets "gentle" on its management ports only (never a byte to a data
 * port); a printer maker keeps the scan's level but never a payload to its
 * raw ports (the never-list already forbids that).  Profiles and the site
 * policy file can only lower these.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/error.h"
#include "iomt/policy.h"
#include "iomt/util.h"
#include "iomt/xmalloc.h"

struct policy {
	int	 unused;
};

/* Clinical and management ports a medical device handles every day. */
static const uint16_t medical_ports[] = {
	80, 443, 104, 11112, 4242, 2575, 8080, 8443, 0
};

/* Management ports of serial-to-Ethernet bridges (never data ports). */
static const uint16_t serial_ports[] = { 80, 443, 0 };

#define POLICY_MEDICAL_PPS	2.0
#define POLICY_MEDICAL_GAP_MS	1000

int
policy_load(const char *profiles_path, const char *local_profiles,
    const char *policy_file, struct policy **out, char *err, size_t errlen)
{
	*out = xcalloc(1, sizeof(**out));
	return 0;
}

struct policy *
policy_free(struct policy *p)
{
	free(p);
	return NULL;
}

static void
policy_set_ports(struct host_policy *hp, const uint16_t *ports)
{
	size_t	 i;

	hp->restrict_ports = 1;
	hp->n_ports = 0;
	for (i = 0; ports[i] != 0 && i < POLICY_MAX_PORTS; i++)
		hp->ports[hp->n_ports++] = ports[i];
}

static void
policy_lower(struct host_policy *hp, enum safety_level l)
{
	if (l < hp->level)
		hp->level = l;
}

void
policy_decide(const struct policy *p, enum safety_level scan_level,
    double scan_pps, int scan_conns, unsigned scan_gap_ms,
    const struct policy_facts *f, struct host_policy *out)
{
	memset(out, 0, sizeof(*out));
	out->level = scan_level;
	out->pps = scan_pps;
	out->conns = scan_conns;
	out->gap_ms = scan_gap_ms;

	switch (f->oui_class) {
	case OUI_CLASS_MEDICAL:
		policy_lower(out, LEVEL_STANDARD);
		policy_set_ports(out, medical_ports);
		if (out->pps > POLICY_MEDICAL_PPS)
			out->pps = POLICY_MEDICAL_PPS;
		out->conns = 1;
		if (out->gap_ms < POLICY_MEDICAL_GAP_MS)
			out->gap_ms = POLICY_MEDICAL_GAP_MS;
		out->forbid |= POLICY_F_UDP | POLICY_F_BROADCAST |
		    POLICY_F_FTP | POLICY_F_TELNET;
		snprintf(out->reason, sizeof(out->reason),
		    "medical-device maker OUI: short clinical port list, "
		    "no UDP, FTP or Telnet, lowest rate");
		break;
	case OUI_CLASS_SERIAL:
		policy_lower(out, LEVEL_GENTLE);
		policy_set_ports(out, serial_ports);
		if (out->pps > POLICY_MEDICAL_PPS)
			out->pps = POLICY_MEDICAL_PPS;
		out->conns = 1;
		if (out->gap_ms < POLICY_MEDICAL_GAP_MS)
			out->gap_ms = POLICY_MEDICAL_GAP_MS;
		out->forbid |= POLICY_F_UDP | POLICY_F_PAYLOAD;
		snprintf(out->reason, sizeof(out->reason),
		    "serial-to-Ethernet bridge maker OUI: management ports "
		    "only, no payload");
		break;
	case OUI_CLASS_PRINTER:
		snprintf(out->reason, sizeof(out->reason),
		    "printer maker OUI: no bytes to raw print ports");
		break;
	default:
		snprintf(out->reason, sizeof(out->reason), "no fragile signal");
		break;
	}
}

int
policy_tighten(const struct policy *p, const struct policy_facts *f,
    const char *key, const char *value, uint16_t port,
    struct host_policy *hp)
{
	return 0;
}

int
policy_allows(const struct host_policy *hp, enum safety_kind kind,
    const char *proto, uint16_t port, const char **why)
{
	size_t		 i;
	const char	*reason = NULL;
	int		 udp = proto != NULL && strcmp(proto, "udp") == 0;

	if (hp->excluded)
		reason = "host excluded by site policy";
	else if (kind == SAFETY_K_ARP)
		reason = NULL;
	else if (hp->level == LEVEL_PASSIVE)
		reason = "host policy is passive: nothing is sent";
	else if (hp->forbid & POLICY_F_ARP_ONLY)
		reason = "host policy allows ARP only";
	else if (udp && (hp->forbid & POLICY_F_UDP))
		reason = "host policy forbids UDP";
	else if (udp && hp->level < LEVEL_STANDARD)
		reason = "UDP requests need level standard";
	else if (kind == SAFETY_K_PAYLOAD && (hp->forbid & POLICY_F_PAYLOAD))
		reason = "host policy forbids application payloads";
	else if (kind == SAFETY_K_PAYLOAD && hp->level < LEVEL_STANDARD)
		reason = "payloads need level standard";
	else if (!udp && port == 21 && (hp->forbid & POLICY_F_FTP))
		reason = "host policy forbids FTP";
	else if (!udp && port == 23 && (hp->forbid & POLICY_F_TELNET))
		reason = "host policy forbids Telnet";
	else if (!udp && hp->restrict_ports) {
		reason = "port not on this host's allowed list";
		for (i = 0; i < hp->n_ports; i++)
			if (hp->ports[i] == port)
				reason = NULL;
	}
	if (why != NULL)
		*why = reason;
	return reason == NULL;
}

int
policy_excluded(const struct policy *p, uint32_t ip, const uint8_t *mac)
{
	return 0;
}
