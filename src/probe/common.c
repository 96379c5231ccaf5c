/*
 * src/probe/common.c - what the standard probes share: a second run on
 * request, and ids that differ between runs.
 *
 * A probe cannot open a connection, so when one exchange shows that a
 * second, different one is worth a new connection (a same-host HTTP
 * redirect; the SMB1-only negotiate after an SMB2 server answered) the
 * probe records "probe.again" = arg and the engine calls proto_again()
 * before start() on the new connection.  proto_again() only calls the
 * probe's own again() callback: nothing here knows a probe by name, and
 * this file depends on no probe (the probes depend on it).
 * proto_random() supplies SNMP request-ids, MQTT client ids, SMB salts and
 * HL7 control ids: values that must differ between scans and hosts, but
 * are not secrets.
 */
#include "config.h"

#include <sys/random.h>

#include "iomt/util.h"
#include "iomt/probe.h"

int
proto_again(const struct probe_ops *p, void *state, const char *arg)
{
	if (p == NULL || state == NULL || arg == NULL || p->again == NULL)
		return IOMT_EINVAL;
	return p->again(state, arg);
}

uint64_t
proto_random(void)
{
	static uint64_t	 s;
	static int	 seeded;
	uint64_t	 z;

	if (!seeded) {
		if (getrandom(&s, sizeof(s), GRND_NONBLOCK) != sizeof(s))
			s = now_ns() ^ (uint64_t)(uintptr_t)&s;
		seeded = 1;
	}
	/* splitmix64 */
	s += 0x9e3779b97f4a7c15ULL;
	z = s;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
