/*
 * src/probe/registry.c - the registry of compiled-in C probes.
 *
 * A NULL-terminated array, as ZMap's probe_modules.c: adding a probe means
 * writing its file and one line here.  probe_for_port() picks what runs on
 * an open port so the engine never hard-codes protocols.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "iomt/probe.h"

extern const struct probe_ops probe_banner;
/* --- probe declarations (proto helpers add here) --- */
extern const struct probe_ops probe_dicom_assoc;
extern const struct probe_ops probe_http_get;
extern const struct probe_ops probe_snmp_get;
extern const struct probe_ops probe_smb_negotiate;
extern const struct probe_ops probe_rdp_x224;
extern const struct probe_ops probe_mqtt_connect;
extern const struct probe_ops probe_hl7_nmq;
extern const struct probe_ops probe_hl7_mllp;
/* --- end proto probe declarations --- */

static const struct probe_ops *const registry[] = {
	/* --- probe registry (most specific first) --- */
	&probe_dicom_assoc,
	&probe_http_get,
	&probe_snmp_get,
	&probe_smb_negotiate,
	&probe_rdp_x224,
	&probe_mqtt_connect,
	&probe_hl7_nmq,		/* clinical level only; else hl7-mllp */
	&probe_hl7_mllp,
	/* --- end proto probes --- */
	&probe_banner,		/* last: passive read on any open port */
	NULL
};

const struct probe_ops *const *
probe_registry(void)
{
	return registry;
}

const struct probe_ops *
probe_find(const char *name)
{
	size_t	 i;

	for (i = 0; registry[i] != NULL; i++)
		if (strcmp(registry[i]->name, name) == 0)
			return registry[i];
	return NULL;
}

static int
probe_has_port(const struct probe_ops *p, uint16_t port)
{
	size_t	 i;

	if (p->ports == NULL)
		return 0;
	for (i = 0; p->ports[i] != 0; i++)
		if (p->ports[i] == port)
			return 1;
	return 0;
}

const struct probe_ops *
probe_for_port(const char *proto, uint16_t port, enum safety_level level)
{
	size_t	 i;
	int	 udp = strcmp(proto, "udp") == 0;

	for (i = 0; registry[i] != NULL; i++) {
		const struct probe_ops *p = registry[i];

		if (udp != ((p->flags & PROBE_F_UDP) != 0))
			continue;
		if (p->level > level)
			continue;
		if (p->ports != NULL && !probe_has_port(p, port))
			continue;
		return p;
	}
	return NULL;
}

int
probe_selftest_all(void)
{
	size_t	 i;
	int	 failed = 0;

	for (i = 0; registry[i] != NULL; i++) {
		if (registry[i]->selftest == NULL ||
		    registry[i]->selftest() != 0) {
			fprintf(stderr, "selftest failed: %s\n",
			    registry[i]->name);
			failed++;
		}
	}
	return failed;
}
