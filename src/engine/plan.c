/*
 * src/engine/plan.c - the dry run: what a scan would send, per subnet and
 * per known host (see engine.h); plan-text.c shows it to people and
 * plan-json.c saves and loads it.
 *
 * The plan mirrors the engine's rules instead of running it: for each
 * address the policy is decided from what is known before the first
 * packet (the address, and for hosts in the inventory their MAC, identity,
 * earlier profile, observations and ports), then the packets are counted
 * with the engine's own cost-and-pacing model (src/safety/pace.c): an
 * ARP request and one retry on attached networks, otherwise up to one TCP
 * connect per discovery port (the engine's own list), then a connect per
 * allowed port, the messages of each payload probe and the SNMP
 * requests.  Every count is an upper bound.  Addresses that are not in
 * the inventory and fall under the same site rules share one decision,
 * so a /16 costs a handful of groups, not 65,536 lines.  Nothing here
 * opens a socket or a capture.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/engine.h"
#include "iomt/probe.h"
#include "iomt/net.h"
#include "engine-int.h"

/* Costs, waits and bursts: the pacing model (safety.h, pace.c). */
#define PLAN_ARP_WAIT_S		(PACE_ARP_WAIT_MS / 1000.0)
#define PLAN_SNMP_WAIT_S	(PACE_SNMP_WAIT_MS / 1000.0)
#define PLAN_RULE_BITS		64

/* Stands for "a MAC with no fragile signal" (locally administered). */
static const uint8_t placeholder_mac[6] = { 0x02, 0, 0, 0, 0, 0 };

/* ------------------------------------------------------------------ */
/* Building                                                            */

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

struct known {
	uint32_t	 ip;
	int64_t		 id;
};

static int
known_cmp(const void *a, const void *b)
{
	const struct known *x = a, *y = b;

	return x->ip < y->ip ? -1 : x->ip > y->ip;
}

struct known_ctx {
	const struct scan_opts *o;
	struct known	*k;
	size_t		 n, cap;
};

static int
known_cb(void *arg, const struct db_host *row)
{
	struct known_ctx *c = arg;
	uint32_t	 ip;

	if (target_aton(row->ip, &ip) != 0 ||
	    !target_set_contains(&c->o->targets, ip) ||
	    (c->o->excludes.n > 0 && target_set_contains(&c->o->excludes, ip)))
		return 0;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->k = xreallocarray(c->k, c->cap, sizeof(*c->k));
	}
	c->k[c->n].ip = ip;
	c->k[c->n].id = row->id;
	c->n++;
	return 0;
}

static int
net_of(const struct plan_input *in, uint32_t ip, int *skip)
{
	size_t	 i;

	*skip = 0;
	for (i = 0; i < in->n_nets; i++) {
		uint32_t m = in->nets[i].mask;

		if (m == 0 || (ip & m) != (in->nets[i].addr & m))
			continue;
		if (ip == in->nets[i].addr || (m < 0xfffffffeu &&
		    ((ip & ~m) == 0 || (ip & ~m) == ~m)))
			*skip = 1;
		return 1;
	}
	return 0;
}

void
plan_ports_push(uint16_t **v, size_t *n, uint16_t p)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = p;
}

static size_t
count_communities(const struct scan_opts *o)
{
	size_t	 n = 0;

	if (o->pcfg.snmp_communities == NULL)
		return 1;
	while (o->pcfg.snmp_communities[n] != NULL)
		n++;
	return n > 0 ? n : 1;
}

/*
 * A probe may hand its port to another probe (probe.next: http-get to
 * tls-handshake when a web port turns out to speak TLS); the engine runs
 * that once per host.  Charge the costliest such run the host allows.
 */
static void
plan_next_run(const struct host_policy *hp, const struct probe_ops *pr,
    uint16_t port, struct plan_entry *e)
{
	const struct probe_ops *np;
	uint64_t	 pk;
	unsigned	 sends;

	if (pr->next == NULL || (np = probe_find(pr->next)) == NULL ||
	    np->level > hp->level ||
	    ((np->flags & PROBE_F_TLS) && (hp->forbid & POLICY_F_TLS)) ||
	    !policy_allows(hp, SAFETY_K_PAYLOAD, "tcp", port, NULL))
		return;
	sends = np->sends > PACE_PAYLOAD_SENDS ? np->sends :
	    PACE_PAYLOAD_SENDS;
	pk = PACE_COST_CONNECT + (uint64_t)sends * PACE_COST_PAYLOAD;
	if (pk > e->next_pkts) {
		e->secs_max += (double)sends * np->timeout_ms / 1000.0;
		e->next_pkts = pk;
	}
}

/* List what the engine may send to one host under hp, and the time. */
static void
entry_fill_probes(const struct plan_input *in, const struct host_policy *hp,
    int onlink, struct plan_entry *e)
{
	const struct scan_opts *o = in->opts;
	const uint16_t	*ports;
	size_t		 n_ports, i;
	const char	*why;
	double		 step, gap_s;

	e->level = hp->level;
	e->excluded = hp->excluded;
	e->pps = hp->pps;
	e->conns = hp->conns;
	e->gap_ms = hp->gap_ms;
	profile_forbid_str(hp->forbid, e->forbid, sizeof(e->forbid));
	strlcpy(e->profile, hp->profile, sizeof(e->profile));
	strlcpy(e->reason, hp->reason, sizeof(e->reason));
	e->onlink = onlink;
	if (hp->excluded || hp->level == LEVEL_PASSIVE)
		return;		/* nothing at all, not even ARP */
	gap_s = hp->gap_ms / 1000.0;
	step = pace_connect_step_s(hp->pps, hp->gap_ms);
	if (onlink && !o->no_arp) {
		e->arp = 1;
		e->secs_max += PACE_ARP_TRIES * PLAN_ARP_WAIT_S;
	} else {
		for (i = 0; scan_discover_ports[i] != 0; i++) {
			if (safety_check(SAFETY_K_CONNECT, "tcp",
			    scan_discover_ports[i], NULL) != 0)
				continue;
			e->disc[e->n_disc++] = scan_discover_ports[i];
		}
		e->secs += step;
		e->secs_max += e->n_disc * (o->connect_ms / 1000.0 + step);
	}
	if (hp->level == LEVEL_DISCOVERY)
		return;
	if (o->tcp_ports != NULL) {
		ports = o->tcp_ports;
		n_ports = o->n_tcp_ports;
	} else {
		ports = scan_default_ports(NULL);
		for (n_ports = 0; ports[n_ports] != 0; n_ports++)
			;
	}
	for (i = 0; i < n_ports; i++) {
		uint16_t		 p = ports[i];
		const struct probe_ops	*pr;
		unsigned		 sends;

		if (safety_check(SAFETY_K_CONNECT, "tcp", p, &why) != 0 ||
		    !policy_allows(hp, SAFETY_K_CONNECT, "tcp", p, &why))
			continue;
		plan_ports_push(&e->tcp, &e->n_tcp, p);
		e->secs += step;
		e->secs_max += step + o->connect_ms / 1000.0;
		pr = probe_for_port("tcp", p, hp->level);
		if (pr == NULL || (pr->flags & PROBE_F_PAYLOAD) == 0 ||
		    safety_is_printer_raw(p) || safety_is_serial_data(p) ||
		    safety_check(SAFETY_K_PAYLOAD, "tcp", p, &why) != 0 ||
		    !policy_allows(hp, SAFETY_K_PAYLOAD, "tcp", p, &why)) {
			if (pr != NULL || hp->level >= LEVEL_GENTLE)
				e->secs_max += o->banner_ms / 1000.0;
			continue;
		}
		plan_ports_push(&e->payload, &e->n_payload, p);
		sends = pr->sends > PACE_PAYLOAD_SENDS ? pr->sends :
		    PACE_PAYLOAD_SENDS;
		e->extra_sends += sends - PACE_PAYLOAD_SENDS;
		if (hp->pps > 0)
			e->secs += sends * PACE_COST_PAYLOAD / hp->pps;
		e->secs_max += sends * ((pr->timeout_ms > 0 ? pr->timeout_ms :
		    o->banner_ms) / 1000.0);
		plan_next_run(hp, pr, p, e);
		snprintf(e->probes + strlen(e->probes),
		    sizeof(e->probes) - strlen(e->probes), "%s%s@%u",
		    e->probes[0] != '\0' ? " " : "", pr->name, p);
	}
	if (o->snmp && safety_check(SAFETY_K_UDP, "udp", 161, &why) == 0 &&
	    policy_allows(hp, SAFETY_K_UDP, "udp", 161, &why) &&
	    probe_for_port("udp", 161, hp->level) != NULL) {
		e->udp[e->n_udp++] = 161;
		e->secs += gap_s;
		e->secs_max += PLAN_SNMP_WAIT_S + gap_s;
	}
}

/* Count what the engine may send to one host under hp. */
static void
entry_fill(const struct plan_input *in, const struct host_policy *hp,
    int onlink, struct plan_entry *e)
{
	entry_fill_probes(in, hp, onlink, e);
	if (e->excluded || e->level == LEVEL_PASSIVE)
		return;
	e->pkts = pace_host_packets(e->arp, e->n_disc, e->n_tcp,
	    e->n_payload, e->n_udp > 0 ? count_communities(in->opts) : 0) +
	    (uint64_t)e->extra_sends * PACE_COST_PAYLOAD + e->next_pkts;
}

static struct plan_entry *
group_for(struct plan *pl, const char *key)
{
	size_t	 i;

	for (i = 0; i < pl->ng; i++)
		if (strcmp(pl->g[i].key, key) == 0)
			return &pl->g[i];
	if (pl->ng == pl->capg) {
		pl->capg = pl->capg ? pl->capg * 2 : 8;
		pl->g = xreallocarray(pl->g, pl->capg, sizeof(*pl->g));
	}
	memset(&pl->g[pl->ng], 0, sizeof(pl->g[0]));
	strlcpy(pl->g[pl->ng].key, key, sizeof(pl->g[0].key));
	return &pl->g[pl->ng++];
}

static void
group_add(struct plan_entry *e, uint32_t ip)
{
	e->addresses++;
	if (e->n_ranges > 0 && e->ranges[e->n_ranges - 1].hi != 0xffffffffu &&
	    e->ranges[e->n_ranges - 1].hi + 1 == ip) {
		e->ranges[e->n_ranges - 1].hi = ip;
		return;
	}
	if (e->n_ranges == e->cap_ranges) {
		e->cap_ranges = e->cap_ranges ? e->cap_ranges * 2 : 4;
		e->ranges = xreallocarray(e->ranges, e->cap_ranges,
		    sizeof(*e->ranges));
	}
	e->ranges[e->n_ranges].lo = ip;
	e->ranges[e->n_ranges].hi = ip;
	e->n_ranges++;
}

static struct plan_entry *
host_new(struct plan *pl)
{
	if (pl->nh == pl->caph) {
		pl->caph = pl->caph ? pl->caph * 2 : 16;
		pl->h = xreallocarray(pl->h, pl->caph, sizeof(*pl->h));
	}
	memset(&pl->h[pl->nh], 0, sizeof(pl->h[0]));
	return &pl->h[pl->nh++];
}

void
plan_sum(struct plan *pl)
{
	struct plan_totals *t = &pl->tot;
	double		 sum = 0, sum_max = 0, longest = 0, longest_max = 0;
	double		 g = pl->group > 0 ? (double)pl->group : 1;
	size_t		 i;

	t->groups = pl->ng;
	t->hosts = pl->nh;
	for (i = 0; i < pl->ng + pl->nh; i++) {
		const struct plan_entry *e = i < pl->ng ? &pl->g[i] :
		    &pl->h[i - pl->ng];
		uint64_t n = e->is_host ? 1 : e->addresses;

		t->addresses += n;
		if (e->pkts == 0)
			t->held += n;
		t->max_packets += n * e->pkts;
		sum += (double)n * e->secs;
		sum_max += (double)n * e->secs_max;
		if (e->secs > longest)
			longest = e->secs;
		if (e->secs_max > longest_max)
			longest_max = e->secs_max;
	}
	t->seconds = sum / g;
	if (t->seconds < longest)
		t->seconds = longest;
	if (pl->global_pps > 0 && t->max_packets / pl->global_pps >
	    t->seconds)
		t->seconds = t->max_packets / pl->global_pps;
	t->seconds_max = sum_max / g;
	if (t->seconds_max < longest_max)
		t->seconds_max = longest_max;
	if (t->seconds_max < t->seconds)
		t->seconds_max = t->seconds;
}

int
plan_build(const struct plan_input *in, struct plan **out, char *err,
    size_t errlen)
{
	const struct scan_opts *o = in->opts;
	struct plan	*pl;
	struct known_ctx kc;
	struct hostfacts hf;
	uint32_t	*ips = NULL;
	size_t		 n = 0, i, j, ki = 0;
	int		 r;
	time_t		 now = time(NULL);
	struct tm	 tm;

	*out = NULL;
	memset(&kc, 0, sizeof(kc));
	hostfacts_init(&hf);
	pl = xcalloc(1, sizeof(*pl));
	gmtime_r(&now, &tm);
	strftime(pl->created, sizeof(pl->created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	pl->targets = xstrdup(in->targets_text != NULL ? in->targets_text :
	    "");
	pl->level = o->level;
	pl->global_pps = o->global_pps;
	pl->host_pps = o->host_pps;
	pl->host_conns = o->host_conns;
	pl->gap_ms = o->gap_ms;
	pl->group = o->group;
	pl->snmp = o->snmp;
	pl->arp = !o->no_arp;
	if (o->tcp_ports != NULL)
		pl->n_ports = o->n_tcp_ports;
	else {
		const uint16_t *dp = scan_default_ports(NULL);

		while (dp[pl->n_ports] != 0)
			pl->n_ports++;
	}
	pl->n_profiles = profile_set_count(policy_profiles(in->pol));
	for (i = 0; i < pl->n_profiles; i++)
		if (profile_set_get(policy_profiles(in->pol), i)->local)
			pl->n_site++;
	pl->n_rules = policy_subnet_count(in->pol);
	pl->n_ex = policy_exclude_count(in->pol);

	r = target_expand(&o->targets, &o->excludes, o->max_hosts, &ips, &n);
	if (r != 0) {
		snprintf(err, errlen, "more than %llu addresses (see "
		    "--max-hosts)", (unsigned long long)o->max_hosts);
		goto out;
	}
	qsort(ips, n, sizeof(*ips), u32_cmp);
	kc.o = o;
	if (in->db != NULL && (r = db_foreach_host(in->db, known_cb,
	    &kc)) != 0) {
		snprintf(err, errlen, "%s", db_errmsg(in->db));
		goto out;
	}
	if (kc.n > 1)
		qsort(kc.k, kc.n, sizeof(*kc.k), known_cmp);

	for (i = 0; i < n; i++) {
		uint32_t	 ip = ips[i];
		int		 skip, onlink;
		struct host_policy hp;
		struct policy_facts f;
		struct plan_entry *e;
		const char	*vendor;
		char		 key[96], why[192];

		onlink = net_of(in, ip, &skip);
		if (skip)
			continue;	/* our address, network, broadcast */
		while (ki < kc.n && kc.k[ki].ip < ip)
			ki++;
		if (ki < kc.n && kc.k[ki].ip == ip) {
			e = host_new(pl);
			e->is_host = 1;
			e->ip = ip;
			e->addresses = 1;
			r = hostfacts_load(in->db, kc.k[ki].id, in->oui, &hf);
			if (r != 0 && r != IOMT_ENOTFOUND) {
				snprintf(err, errlen, "%s",
				    db_errmsg(in->db));
				goto out;
			}
			policy_decide(in->pol, o->level, o->host_pps,
			    o->host_conns, o->gap_ms, hostfacts_facts(&hf),
			    &hp);
			entry_fill(in, &hp, onlink, e);
			if (hf.has_mac)
				mac_ntoa(hf.mac, e->mac, sizeof(e->mac));
			vendor = hf.prior_vendor != NULL ? hf.prior_vendor :
			    hf.oui_vendor != NULL ? hf.oui_vendor : "";
			str_printable(e->vendor, sizeof(e->vendor),
			    (const uint8_t *)vendor, strlen(vendor));
			strlcpy(e->klass, hf.prior_class != NULL ?
			    hf.prior_class : "", sizeof(e->klass));
			continue;
		}
		/*
		 * Not in the inventory: what the site rules say.  On-link,
		 * ARP will bring a MAC before any probe: plan for the most
		 * the engine could then allow, a MAC with no fragile signal
		 * (a locally administered placeholder matches no maker,
		 * OUI or MAC rule).  Routed hosts never show a MAC.
		 */
		memset(&f, 0, sizeof(f));
		f.ip = ip;
		if (onlink && !o->no_arp)
			f.mac = placeholder_mac;
		snprintf(key, sizeof(key), "%c%c:", onlink ? 'L' : 'R',
		    policy_excluded_facts(in->pol, &f, why, sizeof(why)) ?
		    'X' : '-');
		for (j = 0; j < policy_subnet_count(in->pol) &&
		    j < PLAN_RULE_BITS; j++)
			if (policy_subnet_contains(in->pol, j, ip))
				snprintf(key + strlen(key),
				    sizeof(key) - strlen(key), "%zu,", j);
		e = group_for(pl, key);
		if (e->addresses == 0) {
			policy_decide(in->pol, o->level, o->host_pps,
			    o->host_conns, o->gap_ms, &f, &hp);
			entry_fill(in, &hp, onlink, e);
			if (e->excluded)
				snprintf(e->label, sizeof(e->label), "%s", why);
			for (j = 0; !e->excluded &&
			    j < policy_subnet_count(in->pol) &&
			    j < PLAN_RULE_BITS; j++)
				if (policy_subnet_contains(in->pol, j, ip))
					snprintf(e->label + strlen(e->label),
					    sizeof(e->label) -
					    strlen(e->label), "%s'%s'",
					    e->label[0] != '\0' ? ", " : "",
					    policy_subnet_text(in->pol, j));
		}
		group_add(e, ip);
	}
	plan_sum(pl);
	*out = pl;
	pl = NULL;
	r = 0;
 out:
	hostfacts_free(&hf);
	free(kc.k);
	free(ips);
	plan_free(pl);
	return r;
}

static void
entry_free(struct plan_entry *e)
{
	free(e->ranges);
	free(e->tcp);
	free(e->payload);
}

struct plan *
plan_free(struct plan *pl)
{
	size_t	 i;

	if (pl == NULL)
		return NULL;
	for (i = 0; i < pl->ng; i++)
		entry_free(&pl->g[i]);
	for (i = 0; i < pl->nh; i++)
		entry_free(&pl->h[i]);
	free(pl->g);
	free(pl->h);
	free(pl->targets);
	free(pl);
	return NULL;
}

void
plan_totals(const struct plan *pl, struct plan_totals *t)
{
	*t = pl->tot;
}

/* ------------------------------------------------------------------ */
/* Checking                                                            */

static const struct plan_entry *
plan_find(const struct plan *pl, uint32_t ip)
{
	size_t	 lo = 0, hi = pl->nh, i, j;

	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (pl->h[mid].ip == ip)
			return &pl->h[mid];
		if (pl->h[mid].ip < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = 0; i < pl->ng; i++)
		for (j = 0; j < pl->g[i].n_ranges; j++)
			if (ip >= pl->g[i].ranges[j].lo &&
			    ip <= pl->g[i].ranges[j].hi)
				return &pl->g[i];
	return NULL;
}

int
plan_permits(const struct plan *pl, uint32_t ip, const char *proto,
    uint16_t port, enum safety_kind kind)
{
	const struct plan_entry *e;
	int		 udp = proto != NULL && strcmp(proto, "udp") == 0;

	if (pl == NULL || (e = plan_find(pl, ip)) == NULL)
		return 0;
	if (e->excluded || e->level == LEVEL_PASSIVE)
		return 0;
	switch (kind) {
	case SAFETY_K_ARP:
		return e->arp;
	case SAFETY_K_CONNECT:
		return !udp && (port_in(e->tcp, e->n_tcp, port) ||
		    port_in(e->disc, e->n_disc, port));
	case SAFETY_K_PAYLOAD:
		return !udp && port_in(e->payload, e->n_payload, port);
	case SAFETY_K_UDP:
		return udp && port_in(e->udp, e->n_udp, port);
	default:
		return 0;
	}
}

/* Check one address of fresh entry f against the saved plan. */
static int
covers_one(const struct plan *saved, const struct plan_entry *f,
    uint32_t ip, char *err, size_t errlen)
{
	const struct plan_entry *e = plan_find(saved, ip);
	char		 a[16];
	size_t		 i;

	target_ntoa(ip, a, sizeof(a));
	if (e == NULL) {
		snprintf(err, errlen, "%s is not in the plan (the plan covers "
		    "%s)", a, saved->targets);
		return IOMT_EDENIED;
	}
	if (e->excluded || e->level == LEVEL_PASSIVE) {
		snprintf(err, errlen, "the plan sends nothing to %s, this scan "
		    "would", a);
		return IOMT_EDENIED;
	}
	if (f->level > e->level) {
		snprintf(err, errlen, "%s: level %s is above the plan's %s", a,
		    safety_level_name(f->level), safety_level_name(e->level));
		return IOMT_EDENIED;
	}
	if (f->arp != e->arp) {
		snprintf(err, errlen, "%s is %s here but the plan was saved for "
		    "%s; save the plan again where the scan runs", a,
		    f->arp ? "on-link (ARP)" : "routed (no ARP)", e->arp ?
		    "an on-link scan (ARP)" : "a routed scan (no ARP)");
		return IOMT_EDENIED;
	}
	for (i = 0; i < f->n_tcp + f->n_udp; i++) {
		int		 u = i >= f->n_tcp;
		uint16_t	 p = u ? f->udp[i - f->n_tcp] : f->tcp[i];

		if (!port_in(u ? e->udp : e->tcp, u ? e->n_udp : e->n_tcp, p)) {
			snprintf(err, errlen, "%s port %u to %s is not in the "
			    "plan", u ? "UDP" : "TCP", p, a);
			return IOMT_EDENIED;
		}
	}
	return 0;
}

int
plan_covers(const struct plan *saved, const struct plan *fresh, char *err,
    size_t errlen)
{
	const struct plan_entry *f;
	size_t		 i, j;
	uint32_t	 ip;
	int		 r;

	if (fresh->level > saved->level) {
		snprintf(err, errlen, "--level %s is above the plan's %s",
		    safety_level_name(fresh->level),
		    safety_level_name(saved->level));
		return IOMT_EDENIED;
	}
	for (i = 0; i < fresh->nh + fresh->ng; i++) {
		f = i < fresh->nh ? &fresh->h[i] : &fresh->g[i - fresh->nh];
		if (f->excluded || f->level == LEVEL_PASSIVE)
			continue;
		for (j = 0; j < (f->is_host ? 1 : f->n_ranges); j++)
			for (ip = f->is_host ? f->ip : f->ranges[j].lo;; ip++) {
				if ((r = covers_one(saved, f, ip, err,
				    errlen)) != 0)
					return r;
				if (ip == (f->is_host ? f->ip : f->ranges[j].hi))
					break;
			}
	}
	return 0;
}
