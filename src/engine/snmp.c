/*
 * src/engine/snmp.c - SNMP over UDP for the scan engine.
 *
 * One unbound UDP socket serves every host: one GET to udp/161 per host,
 * sent by the pacing tick, and the replies matched back to their host by
 * address and fed to the SNMP probe (probe.h).  What it reports is stored
 * like any probe's observations and may tighten the host's policy.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/engine.h"
#include "iomt/probe.h"
#include "engine-int.h"

static void
udp_alloc(uv_handle_t *hd, size_t suggested, uv_buf_t *buf)
{
	static uint8_t	 ubuf[2048];

	(void)hd;
	(void)suggested;
	*buf = uv_buf_init((char *)ubuf, sizeof(ubuf));
}

/* What the SNMP probe is told about its target. */
static void
snmp_target(const struct host *h, struct probe_target *pt)
{
	memset(pt, 0, sizeof(*pt));
	pt->ip = h->ip;
	pt->ip_str = h->ip_str;
	pt->port = 161;
	pt->proto = "udp";
	pt->cfg = &h->scan->o->pcfg;
}

static void
udp_recv(uv_udp_t *u, ssize_t n, const uv_buf_t *buf,
    const struct sockaddr *addr, unsigned flags)
{
	struct scan	*s = u->data;
	struct host	*h;
	struct kvset	 obs;
	struct probe_target pt;
	uint8_t		 out[64];
	size_t		 outn = 0, i;
	int		 r;

	(void)flags;
	if (n <= 0 || addr == NULL || addr->sa_family != AF_INET)
		return;
	if (ntohs(((const struct sockaddr_in *)addr)->sin_port) != 161)
		return;
	h = scan_host_by_ip(s, ntohl(((const struct sockaddr_in *)
	    addr)->sin_addr.s_addr));
	if (h == NULL || h->phase != H_SNMP || h->snmp_probe == NULL)
		return;
	kv_reset(&obs);
	snmp_target(h, &pt);
	r = h->snmp_probe->input(h->snmp_state, &pt, (const uint8_t *)buf->base,
	    (size_t)n, 0, &obs, out, sizeof(out), &outn);
	if (r == PROBE_MORE)
		return;		/* not the reply we asked for */
	if (r < 0)	/* unparsable: say so, as for TCP probes */
		kv_add(&obs, "probe.error", iomt_strerror(r));
	if (h->host_id != 0 && obs.n > 0) {
		for (i = 0; i < obs.n; i++) {
			db_observation(s->db, s->scan_id, h->host_id, "udp",
			    161, h->snmp_probe->name, obs.f[i].key,
			    kv_val(&obs, i));
			if (policy_tighten(s->pol, hostfacts_facts(&h->hf),
			    obs.f[i].key, kv_val(&obs, i), 161, &h->hp) == 1)
				host_fragile_update(h);
		}
		db_service(s->db, s->scan_id, h->host_id, "udp", 161, "open",
		    "snmp", kv_get(&obs, "snmp.sysdescr"));
		s->st->open_ports++;
	}
	h->phase = H_SCRIPTS;
	scan_kick(s);
}

int
scan_send_snmp(struct host *h)
{
	struct scan		*s = h->scan;
	struct probe_target	 pt;
	struct sockaddr_in	 sin;
	uint8_t			 out[512];
	size_t			 outn = 0;
	uv_buf_t		 b;
	int			 r;

	snmp_target(h, &pt);
	memset(h->snmp_state, 0, sizeof(h->snmp_state));
	r = h->snmp_probe->start(h->snmp_state, &pt, out, sizeof(out), &outn);
	if (r != PROBE_SEND || outn == 0)
		return IOMT_EPROTO;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(161);
	sin.sin_addr.s_addr = htonl(h->ip);
	scan_audit(h, "udp", 161, pace_audit_name(SAFETY_K_UDP), outn,
	    h->snmp_probe->name);
	b = uv_buf_init((char *)out, (unsigned)outn);
	r = uv_udp_try_send(&s->udp, &b, 1, (struct sockaddr *)&sin);
	return r < 0 ? r : 0;
}

void
scan_udp_open(struct scan *s)
{
	struct sockaddr_in any;

	if (uv_udp_init(&s->loop, &s->udp) != 0)
		return;
	memset(&any, 0, sizeof(any));
	any.sin_family = AF_INET;
	s->udp.data = s;
	if (uv_udp_bind(&s->udp, (struct sockaddr *)&any, 0) == 0 &&
	    uv_udp_recv_start(&s->udp, udp_alloc, udp_recv) == 0)
		s->udp_open = 1;
	else
		uv_close((uv_handle_t *)&s->udp, NULL);
}
