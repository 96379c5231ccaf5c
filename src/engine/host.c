/*
 * src/engine/host.c - one host's bookkeeping in the scan engine: the gates
 * every probe passes, the audit row, the policy decision, the breaker.
 *
 * Every probe the engine sends, whoever asked for it, is first put to
 * host_allows() (the never-list, the host's policy, a saved plan) and
 * written to the audit log by scan_audit() before it leaves.  The rest
 * is what a host goes through: recorded when it answers, its policy
 * decided from what is known, its port queue shuffled, and the circuit
 * breaker that leaves it alone after consecutive failures.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <uv.h>

#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/engine.h"
#include "engine-int.h"

/*
 * May h be sent a probe of kind to proto/port?  The never-list first,
 * then the host's policy, then a saved plan the scan is pinned to.
 */
int
host_allows(struct host *h, enum safety_kind kind, const char *proto,
    uint16_t port, const char **why)
{
	const struct plan *pl = h->scan->o->plan;

	if (safety_check(kind, proto, port, why) != 0)
		return 0;
	if (!policy_allows(&h->hp, kind, proto, port, why))
		return 0;
	if (pl != NULL && !plan_permits(pl, h->ip, proto, port, kind)) {
		*why = "beyond the saved plan (--plan)";
		return 0;
	}
	return 1;
}

/* Write the host's fragile-profile match (if any) to the inventory. */
void
host_fragile_update(struct host *h)
{
	struct scan	*s = h->scan;
	char		 ids[256], why[256], pj[2048];
	const char	*hazard = NULL;

	if (h->host_id == 0 || policy_fragile_summary(s->pol,
	    hostfacts_facts(&h->hf), ids, sizeof(ids), &hazard, why,
	    sizeof(why)) == 0)
		return;
	policy_to_json(&h->hp, pj, sizeof(pj));
	db_fragile_set(s->db, s->scan_id, h->host_id, ids, hazard, pj, why);
}

static int64_t
wall_us(void)
{
	struct timeval	 tv;

	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

void
scan_audit(struct host *h, const char *proto, int port, const char *kind,
    size_t bytes, const char *detail)
{
	struct scan	*s = h->scan;

	h->probes++;
	s->st->packets++;
	db_audit(s->db, s->scan_id, wall_us(), h->ip_str, proto, port, kind,
	    bytes, detail);
}

static void
host_record(struct host *h, const char *how)
{
	struct scan	*s = h->scan;
	const char	*vendor = NULL;

	if (h->has_mac && s->oui != NULL)
		vendor = oui_lookup(s->oui, h->mac);
	if (db_host_seen(s->db, s->scan_id, h->ip_str,
	    h->has_mac ? h->mac : NULL, vendor, how, &h->host_id) != 0)
		log_warn("cannot record host %s: %s", h->ip_str,
		    db_errmsg(s->db));
}

/*
 * Decide the host's policy from what is known now: MAC/OUI from ARP and
 * the identity earlier scans left in the inventory.
 */
static void
host_decide(struct host *h)
{
	struct scan		*s = h->scan;
	const struct scan_opts	*o = s->o;

	/* host_predecide() loaded what the inventory knew before the first
	 * packet (identity, profile, observations, a remembered MAC); ARP
	 * adds this scan's MAC.  No second trip to the database. */
	if (h->has_mac)
		hostfacts_set_addr(&h->hf, h->ip, h->mac, s->oui);
	policy_decide(s->pol, o->level, o->host_pps, o->host_conns, o->gap_ms,
	    hostfacts_facts(&h->hf), &h->hp);
	host_fragile_update(h);
	pace_host_init(&h->rl, h->hp.pps, uv_hrtime());
	if (h->hp.profile[0] != '\0' ||
	    hostfacts_facts(&h->hf)->oui_class != OUI_CLASS_NONE)
		log_info("%s: level %s (%s)", h->ip_str,
		    safety_level_name(h->hp.level), h->hp.reason);
}

static void
host_build_queue(struct host *h)
{
	struct scan	*s = h->scan;
	size_t		 i;

	h->queue = xcalloc(s->n_ports, sizeof(*h->queue));
	h->qn = 0;
	for (i = 0; i < s->n_ports; i++) {
		uint16_t	 p = s->ports[i];
		size_t		 j;
		int		 dup = 0;

		/* Ports already answered during discovery are not asked
		 * twice. */
		for (j = 0; j < h->di && scan_discover_ports[j] != 0; j++)
			if (scan_discover_ports[j] == p)
				dup = 1;
		if (!dup)
			h->queue[h->qn++] = p;
	}
	/* Shuffle per host so no two devices see the same order. */
	for (i = h->qn; i > 1; i--) {
		size_t	 j = (size_t)((h->ip * 2654435761u + i * 40503u +
		    s->o->seed) % i);
		uint16_t t = h->queue[i - 1];

		h->queue[i - 1] = h->queue[j];
		h->queue[j] = t;
	}
	h->qi = 0;
}

void
host_up(struct host *h, const char *how)
{
	if (h->alive)
		return;
	h->alive = 1;
	/* Our ARP reply does not reach the kernel's neighbour cache, so the
	 * kernel broadcasts its own request before the first connect: pay
	 * for that frame too. */
	if (strcmp(how, "arp") == 0)
		pace_charge(&h->scan->global, NULL, PACE_COST_ARP,
		    uv_hrtime());
	h->scan->st->hosts_up++;
	host_record(h, how);
	host_decide(h);
	host_build_queue(h);
	h->phase = H_PROBING;
}

static void
host_trip(struct host *h, const char *why)
{
	struct scan	*s = h->scan;

	if (h->broken)
		return;
	h->broken = 1;
	s->st->breaker_trips++;
	log_warn("%s: %s; leaving it alone for the rest of the scan "
	    "(check this device)", h->ip_str, why);
	if (h->host_id != 0)
		db_host_state(s->db, s->scan_id, h->host_id, "breaker", why);
}

/* A probe to h completed: count successes and failures for the breaker. */
void
host_outcome(struct host *h, int failed, const char *what)
{
	char	 why[128];

	if (!failed) {
		h->consec_fail = 0;
		return;
	}
	h->consec_fail++;
	if (h->alive && h->scan->o->breaker > 0 &&
	    h->consec_fail >= h->scan->o->breaker) {
		snprintf(why, sizeof(why), "%d consecutive %s",
		    h->consec_fail, what);
		host_trip(h, why);
	}
}
