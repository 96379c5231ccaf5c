/*
 * src/engine/tick.c - the scan engine's pacing tick: the one place that
 * decides every send.
 *
 * A probe leaves only when the pacing model (safety.h, src/safety/pace.c)
 * says the global bucket, the host's bucket and the host's gap allow it,
 * the host's connection cap has room, and host_allows() said yes.  Hosts
 * are admitted into a bounded active group in shuffled order, so no
 * device or switch sees a sequential sweep and memory stays flat; each
 * host is advanced by at most one probe per tick through its phases
 * (ARP, discovery, service probes, SNMP, scripts).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uv.h>

#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/engine.h"
#include "iomt/probe.h"
#include "iomt/script.h"
#include "engine-int.h"

/* Ports tried, in order, to discover hosts that ARP cannot reach. */
const uint16_t scan_discover_ports[] = { 443, 80, 22, 445, 104, 0 };

static void	host_finish(struct host *h);

/* Until a host is known to be up only the global bucket and the scan's
 * gap apply; then its own bucket and gap too. */
static int
scan_may_send(struct scan *s, struct host *h, unsigned cost, uint64_t now)
{
	return pace_may_send(&s->global, h->alive ? &h->rl : NULL,
	    h->next_ns, cost, now);
}

static void
scan_spent(struct scan *s, struct host *h, unsigned cost, uint64_t now)
{
	h->next_ns = pace_spend(&s->global, h->alive ? &h->rl : NULL, cost,
	    h->alive ? h->hp.gap_ms : s->o->gap_ms, now);
}

/* Advance one host by at most one probe.  Return 1 if it sent one. */
static int
host_step(struct host *h, uint64_t now)
{
	struct scan	*s = h->scan;
	const char	*why;

	if (h->broken && h->phase < H_SCRIPTS) {
		if (h->conns == 0)
			h->phase = H_SCRIPTS;
		else
			return 0;
	}
	if ((h->broken || s->stopping) && h->xq != NULL)
		host_cancel_xq(h, h->broken ? "host stopped answering" :
		    "cancelled");
	switch (h->phase) {
	case H_ARP:
		if (h->alive)
			return 0;
		if (h->tries > 0 && now < h->deadline_ns)
			return 0;
		if (h->tries >= PACE_ARP_TRIES) {
			h->phase = H_FINISH;	/* no answer: down */
			return 0;
		}
		if (!host_allows(h, SAFETY_K_ARP, NULL, 0, &why)) {
			h->phase = H_FINISH;
			return 0;
		}
		if (!scan_may_send(s, h, PACE_COST_ARP, now))
			return 0;
		h->tries++;
		scan_spent(s, h, PACE_COST_ARP, now);
		h->deadline_ns = now + (uint64_t)PACE_ARP_WAIT_MS * 1000000u;
		if (scan_send_arp(h) != 0)
			log_debug("%s: ARP send failed", h->ip_str);
		return 1;
	case H_DISCOVER:
		if (h->alive || h->conns > 0)
			return 0;
		if (scan_discover_ports[h->di] == 0) {
			h->phase = H_FINISH;
			return 0;
		}
		if (!scan_may_send(s, h, PACE_COST_CONNECT, now))
			return 0;
		if (h->hp.excluded || h->hp.level < LEVEL_DISCOVERY ||
		    (h->hp.forbid & POLICY_F_ARP_ONLY)) {
			h->phase = H_FINISH;
			return 0;
		}
		if (safety_check(SAFETY_K_CONNECT, "tcp", scan_discover_ports[h->di],
		    &why) != 0 || (s->o->plan != NULL &&
		    !plan_permits(s->o->plan, h->ip, "tcp",
		    scan_discover_ports[h->di], SAFETY_K_CONNECT))) {
			h->di++;
			return 0;
		}
		scan_spent(s, h, PACE_COST_CONNECT, now);
		conn_start(h, scan_discover_ports[h->di++], C_DISCOVER);
		return 1;
	case H_PROBING:
		if (h->conns >= h->hp.conns)
			return 0;
		if (h->again_port != 0) {
			struct conn *c;

			if (!scan_may_send(s, h, PACE_COST_CONNECT, now))
				return 0;
			scan_spent(s, h, PACE_COST_CONNECT, now);
			c = conn_start(h, h->again_port, C_SERVICE);
			if (c != NULL)
				c->again = 1;
			h->again_port = 0;
			h->again_probe = c != NULL ? h->again_probe : NULL;
			return 1;
		}
		while (h->qi < h->qn) {
			uint16_t port = h->queue[h->qi];

			if (host_allows(h, SAFETY_K_CONNECT, "tcp", port,
			    &why))
				break;
			h->qi++;	/* refused before anything was sent */
			s->st->refused++;
		}
		if (h->qi >= h->qn) {
			if (h->conns > 0 || h->again_port != 0)
				return 0;
			h->phase = H_SNMP;
			h->tries = 0;
			return host_step(h, now);
		}
		if (!scan_may_send(s, h, PACE_COST_CONNECT, now))
			return 0;
		scan_spent(s, h, PACE_COST_CONNECT, now);
		conn_start(h, h->queue[h->qi++], C_SERVICE);
		return 1;
	case H_SNMP:
		if (h->tries > 0) {
			if (now >= h->deadline_ns)
				h->phase = H_SCRIPTS;
			return 0;
		}
		h->snmp_probe = s->o->snmp && s->udp_open ?
		    probe_for_port("udp", 161, h->hp.level) : NULL;
		if (h->snmp_probe == NULL ||
		    !host_allows(h, SAFETY_K_UDP, "udp", 161, &why)) {
			h->phase = H_SCRIPTS;
			return 0;
		}
		if (!scan_may_send(s, h, PACE_COST_UDP, now))
			return 0;
		scan_spent(s, h, PACE_COST_UDP, now);
		h->tries = 1;
		h->deadline_ns = now + (uint64_t)PACE_SNMP_WAIT_MS * 1000000u;
		if (scan_send_snmp(h) != 0)
			h->phase = H_SCRIPTS;
		return 1;
	case H_SCRIPTS:
		if (!h->scripts_started) {
			host_scripts_start(h);
			return 0;
		}
		if (h->xq == NULL || h->conns >= h->hp.conns)
			return 0;
		if (!scan_may_send(s, h, PACE_COST_CONNECT, now))
			return 0;
		{
			struct xreq *xr = h->xq;
			struct conn *c;

			h->xq = xr->next;
			scan_spent(s, h, PACE_COST_CONNECT, now);
			c = conn_start(h, (uint16_t)xr->req.port, C_SCRIPT);
			if (c == NULL) {
				xr->done(xr->token, IOMT_ELIMIT, "closed",
				    NULL, 0);
				free(xr);
			} else
				c->xr = xr;
		}
		return 1;
	case H_FINISH:
		if (h->conns == 0)
			host_finish(h);
		return 0;
	default:
		return 0;
	}
}

static void
host_finish(struct host *h)
{
	struct scan	*s = h->scan;

	if (h->phase == H_DONE)
		return;
	if (h->alive && h->host_id != 0 && !h->broken) {
		db_host_state(s->db, s->scan_id, h->host_id, "up",
		    h->hp.reason[0] != '\0' ? h->hp.reason : NULL);
		/* Known services whose port was probed and is silent now. */
		if (db_services_settle(s->db, s->scan_id, h->host_id,
		    h->ip_str) != 0)
			log_warn("cannot record the services of %s: %s",
			    h->ip_str, db_errmsg(s->db));
	}
	h->phase = H_DONE;
	free(h->queue);
	free(h->open_seen);
	h->queue = NULL;
	s->active--;
	s->done++;
}

/*
 * Decide before the first packet (ARP included) from what the inventory
 * already knows about the address: an excluded or passive host gets
 * nothing at all, and a device identified as a pump last week is treated
 * as a pump from the first packet this week.  Return 0 if the host may be
 * discovered, 1 if it is held back.
 */
static int
host_predecide(struct scan *s, struct host *h)
{
	const struct scan_opts	*o = s->o;
	int64_t			 id = 0;

	if (db_host_find(s->db, h->ip_str, &id) != 0 ||
	    hostfacts_load(s->db, id, s->oui, &h->hf) != 0) {
		id = 0;
		hostfacts_set_addr(&h->hf, h->ip, NULL, s->oui);
	}
	policy_decide(s->pol, o->level, o->host_pps, o->host_conns, o->gap_ms,
	    hostfacts_facts(&h->hf), &h->hp);
	if (!h->hp.excluded && h->hp.level > LEVEL_PASSIVE)
		return 0;
	s->st->held++;
	log_info("%s: %s: nothing sent (%s)", h->ip_str, h->hp.excluded ?
	    "excluded" : "passive", h->hp.reason);
	if (id != 0)
		db_host_state(s->db, s->scan_id, id, h->hp.excluded ?
		    "excluded" : "held", h->hp.reason);
	/* Also for an address the inventory does not know yet. */
	if (db_scan_held(s->db, s->scan_id, h->ip_str, h->hp.excluded ?
	    "excluded" : "held", h->hp.reason) != 0)
		log_warn("cannot record held address %s: %s", h->ip_str,
		    db_errmsg(s->db));
	return 1;
}

static void
host_admit(struct scan *s, struct host *h)
{
	h->scan = s;
	if (host_predecide(s, h)) {
		h->phase = H_DONE;
		s->done++;
		return;
	}
	if (s->pcap != NULL && s->eth != NULL && h->onlink && !s->o->no_arp)
		h->phase = H_ARP;
	else
		h->phase = H_DISCOVER;
	s->active++;
}

/* "HH:MM:SS" or "Mon HH:MM" in local time, for the window messages. */
static const char *
window_when(time_t t, time_t now, char *buf, size_t len)
{
	struct tm	 tm;

	if (t == (time_t)-1 || localtime_r(&t, &tm) == NULL)
		return "never";
	if (strftime(buf, len, t - now < 86400 ? "%H:%M:%S" :
	    "%a %Y-%m-%d %H:%M", &tm) == 0)
		return "?";
	return buf;
}

/*
 * --window: before it opens, wait (saying until when) and send nothing;
 * at its end stop as a signal does but leave open connections to finish:
 * no new host, no new probe, the scan recorded as paused.  Return the
 * milliseconds the window stays open (capped), or -1 when the tick must
 * not go on (the timer is already set).
 */
static int64_t
scan_window(struct scan *s)
{
	time_t		 now, until;
	char		 when[48];
	int64_t		 ms;

	now = s->o->clock != NULL ? s->o->clock() : time(NULL);
	if (s->window_state == 2 && now < s->window_until)
		return (int64_t)(s->window_until - now) * 1000;
	if (window_open_at(s->o->window, now, &until)) {
		if (s->window_state != 2)
			log_info("scan window open until %s",
			    window_when(until, now, when, sizeof(when)));
		s->window_state = 2;
		s->window_until = until;
		return (int64_t)(until - now) * 1000;
	}
	if (s->window_state == 2) {
		if (s->done == s->n_hosts)
			return 1000;	/* nothing left to start */
		log_warn("scan window closed: pausing, %zu of %zu addresses "
		    "done; open connections finish, nothing new is sent",
		    s->done, s->n_hosts);
		s->stopping = 1;
		s->st->paused = 1;
		uv_timer_start(&s->tick, scan_tick, 1, 0);
		return -1;
	}
	if (s->window_state == 0)
		log_warn("outside the scan window: nothing is sent until %s",
		    window_when(until, now, when, sizeof(when)));
	s->window_state = 1;
	ms = until == (time_t)-1 ? 60000 : (int64_t)(until - now) * 1000;
	uv_timer_start(&s->tick, scan_tick, ms < 60000 ? (uint64_t)ms :
	    60000, 0);
	return -1;
}

int
scan_window_over(const struct scan *s)
{
	return s->o->window != NULL && s->window_state == 2 &&
	    (s->o->clock != NULL ? s->o->clock() : time(NULL)) >=
	    s->window_until;
}

void
scan_tick(uv_timer_t *t)
{
	struct scan	*s = t->data;
	uint64_t	 now = uv_hrtime(), wait;
	int64_t		 open_ms = -2;
	size_t		 i, n;

	if (s->stopping) {
		/* Let waiting script exchanges fail, then wait until every
		 * connection is closed and every script run has ended. */
		for (i = 0; i < s->next_admit; i++)
			if (s->hosts[i].xq != NULL)
				host_cancel_xq(&s->hosts[i], "cancelled");
		if (s->conns == NULL && (s->scripts == NULL ||
		    script_env_active_runs(s->scripts) == 0))
			scan_stop_all(s);
		else
			uv_timer_start(&s->tick, scan_tick, 5, 0);
		return;
	}
	if (s->o->window != NULL && (open_ms = scan_window(s)) < 0)
		return;
	/* Admit hosts into the active group, in shuffled order. */
	while (s->active < s->o->group && s->next_admit < s->n_hosts) {
		struct host *h = &s->hosts[s->next_admit++];

		if (h->phase != H_DONE)
			host_admit(s, h);
	}
	/* One pass over all admitted, unfinished hosts, starting at a
	 * rotating offset so the global bucket is shared fairly. */
	n = s->next_admit;
	for (i = 0; i < n; i++) {
		struct host *h = &s->hosts[(s->rr + i) % n];

		if (h->phase == H_DONE || h->phase == H_PENDING)
			continue;
		host_step(h, now);
	}
	if (n > 0)
		s->rr = (s->rr + 1) % n;
	if (s->done == s->n_hosts && s->conns == NULL &&
	    (s->scripts == NULL || script_env_active_runs(s->scripts) == 0)) {
		scan_stop_all(s);
		return;
	}
	wait = pace_tick_ms(&s->global, now);
	if (open_ms >= 0 && (uint64_t)open_ms < wait)
		wait = (uint64_t)open_ms;	/* be there when it closes */
	uv_timer_start(&s->tick, scan_tick, wait, 0);
}

/* Something happened (a reply, a close): run the tick soon. */
void
scan_kick(struct scan *s)
{
	if (s->stopping || uv_is_closing((uv_handle_t *)&s->tick))
		return;
	if (uv_timer_get_due_in(&s->tick) > 1)
		uv_timer_start(&s->tick, scan_tick, 1, 0);
}
