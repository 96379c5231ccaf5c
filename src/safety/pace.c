/*
 * src/safety/pace.c - the one cost-and-pacing model (see safety.h).
 *
 * A scanner that promises to be gentle has to make the same promise
 * three times: when the change board reads the plan, when the engine
 * decides each send, and when `check` reads the audit log afterwards.
 * If each of them counts packets its own way, the three drift apart
 * silently.  So the costs, the waits and the decision "may this probe
 * leave now?" live here, once, and the engine (src/engine/tick.c), the
 * plan (src/engine/plan.c) and the check (src/cli/check.c) all call it.
 * The clock is always an argument, so everything here is testable with a
 * simulated clock and nothing sleeps.
 */
#include "config.h"

#include <string.h>

#include "iomt/safety.h"

/* The audit log's kind names, by safety_kind. */
static const struct {
	enum safety_kind kind;
	const char	*name;
	unsigned	 cost;
} pace_kinds[] = {
	{ SAFETY_K_ARP, "arp", PACE_COST_ARP },
	{ SAFETY_K_CONNECT, "tcp-connect", PACE_COST_CONNECT },
	{ SAFETY_K_PAYLOAD, "tcp-payload", PACE_COST_PAYLOAD },
	{ SAFETY_K_UDP, "udp", PACE_COST_UDP }
};

#define PACE_NKINDS	(sizeof(pace_kinds) / sizeof(pace_kinds[0]))

unsigned
pace_cost(enum safety_kind kind)
{
	size_t	 i;

	for (i = 0; i < PACE_NKINDS; i++)
		if (pace_kinds[i].kind == kind)
			return pace_kinds[i].cost;
	return 0;
}

const char *
pace_audit_name(enum safety_kind kind)
{
	size_t	 i;

	for (i = 0; i < PACE_NKINDS; i++)
		if (pace_kinds[i].kind == kind)
			return pace_kinds[i].name;
	return NULL;
}

int
pace_audit_kind(const char *name, enum safety_kind *kind)
{
	size_t	 i;

	for (i = 0; name != NULL && i < PACE_NKINDS; i++)
		if (strcmp(pace_kinds[i].name, name) == 0) {
			*kind = pace_kinds[i].kind;
			return 0;
		}
	return IOMT_EINVAL;
}

unsigned
pace_audit_cost(const char *name)
{
	enum safety_kind kind;

	if (pace_audit_kind(name, &kind) != 0)
		return 0;
	return pace_cost(kind);
}

void
pace_global_init(struct ratelimit *rl, double global_pps, uint64_t now_ns)
{
	ratelimit_init(rl, global_pps, global_pps / 10 > PACE_COST_CONNECT ?
	    global_pps / 10 : PACE_COST_CONNECT, now_ns);
}

void
pace_host_init(struct ratelimit *rl, double pps, uint64_t now_ns)
{
	ratelimit_init(rl, pps, PACE_HOST_BURST, now_ns);
}

int
pace_may_send(struct ratelimit *global, struct ratelimit *host,
    uint64_t next_ns, unsigned cost, uint64_t now_ns)
{
	if (now_ns < next_ns)
		return 0;
	if (ratelimit_avail(global, now_ns) < (int64_t)cost)
		return 0;
	if (host != NULL && ratelimit_avail(host, now_ns) < (int64_t)cost)
		return 0;
	return 1;
}

uint64_t
pace_spend(struct ratelimit *global, struct ratelimit *host, unsigned cost,
    unsigned gap_ms, uint64_t now_ns)
{
	pace_charge(global, host, cost, now_ns);
	return now_ns + (uint64_t)gap_ms * 1000000u;
}

void
pace_charge(struct ratelimit *global, struct ratelimit *host, double n,
    uint64_t now_ns)
{
	ratelimit_drain(global, n, now_ns);
	if (host != NULL)
		ratelimit_drain(host, n, now_ns);
}

uint64_t
pace_tick_ms(const struct ratelimit *global, uint64_t now_ns)
{
	uint64_t wait = ratelimit_wait_ms(global, PACE_COST_CONNECT, now_ns);

	if (wait < PACE_TICK_MIN_MS)
		wait = PACE_TICK_MIN_MS;
	if (wait > PACE_TICK_MAX_MS)
		wait = PACE_TICK_MAX_MS;
	return wait;
}

double
pace_connect_step_s(double pps, unsigned gap_ms)
{
	double	 step = pps > 0 ? PACE_COST_CONNECT / pps : 0;
	double	 gap_s = gap_ms / 1000.0;

	return step < gap_s ? gap_s : step;
}

uint64_t
pace_host_packets(int arp, size_t n_disc, size_t n_tcp, size_t n_payload,
    size_t n_udp)
{
	uint64_t n;

	n = arp ? (uint64_t)PACE_ARP_TRIES * PACE_COST_ARP :
	    (uint64_t)n_disc * PACE_COST_CONNECT;
	n += (uint64_t)n_tcp * PACE_COST_CONNECT;
	n += (uint64_t)n_payload * PACE_PAYLOAD_SENDS * PACE_COST_PAYLOAD;
	n += (uint64_t)n_udp * PACE_COST_UDP;
	return n;
}

double
pace_window_limit(double pps)
{
	return pps + PACE_HOST_BURST + 1;
}
