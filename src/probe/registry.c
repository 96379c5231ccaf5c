/*
 * src/probe/registry.c - the registry of compiled-in C probes.
 *
 * A NULL-terminated array, as ZMap's probe_modules.c, generated from the
 * one list in probes.def: adding a probe means writing its file and one
 * line there (docs/HACKING.md, "Add a C probe").  probe_for_port() picks
 * what runs on an open port so the engine never hard-codes protocols.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "iomt/probe.h"

#define PROBE(n)	extern const struct probe_ops probe_##n;
#include "probes.def"
#undef PROBE

static const struct probe_ops *const registry[] = {
#define PROBE(n)	&probe_##n,
#include "probes.def"
#undef PROBE
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
