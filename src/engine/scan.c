/*
 * src/engine/scan.c - the scan engine (see engine.h for the contract).
 *
 * Why it is built this way:
 *  - One libuv loop and no threads: every probe is a small state machine
 *    driven by callbacks, so thousands of hosts cost memory, not threads,
 *    and nothing can block the pacing.
 *  - One pacing tick decides every send.  A probe leaves only when the
 *    global bucket, the host's bucket, the host's connection cap and the
 *    host's minimum gap all allow it, and only after safety_check() (the
 *    compiled-in never-list) and policy_allows() (the host's policy) said
 *    yes.  The audit row is written before the packet leaves.
 *  - Hosts are admitted into a bounded active group in shuffled order, so
 *    no device or switch sees a sequential sweep and memory stays flat.
 *  - Full TCP connects only, closed with shutdown() (FIN) and a short wait
 *    for the peer's FIN: embedded stacks keep less dangling state than after
 *    half-open SYN scans or RST teardown.
 *  - A per-host circuit breaker stops all work on a host after consecutive
 *    timeouts or resets; it is recorded as "check this device", never
 *    retried.
 *  - Privileges are dropped after the capture and raw handles are open and
 *    before the first byte from the network is parsed.
 */
#include "config.h"

#include <errno.h>
#include <pcap.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <uv.h>

#include "iomt/net.h"
#include "iomt/compat-dnet.h"
#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/engine.h"
#include "iomt/probe.h"
#include "iomt/script.h"

/* Costs, waits and the send decision: the pacing model (safety.h). */
#define COMMIT_MS	250
#define SEND_MAX	2048

/* The default TCP port list and why each port is on it (docs/PORTS.md). */
static const uint16_t default_ports[] = {
	21, 22, 23, 80, 104, 135, 139, 443, 445, 631, 1883, 2575, 2761,
	2762, 3389, 4242, 5900, 5938, 7070, 8042, 8080, 8443, 8883, 9100,
	11112, 0
};
static const char *const default_reasons[] = {
	"FTP: cleartext management; embedded-stack banners (VxWorks, Treck)",
	"SSH: remote maintenance",
	"Telnet: cleartext remote maintenance on legacy devices",
	"HTTP: device web interfaces, PACS viewers",
	"DICOM (well-known port)",
	"MS-RPC: Windows-based modality consoles and workstations",
	"NetBIOS session: legacy Windows (SMB1)",
	"HTTPS: device web interfaces",
	"SMB: Windows consoles; SMB1 on legacy systems",
	"IPP: printers",
	"MQTT: IoT gateways, telemetry",
	"HL7 v2 over MLLP (IANA): interface engines (connect only)",
	"DICOM ISCL",
	"DICOM over TLS",
	"RDP: remote maintenance of Windows consoles",
	"DICOM (Orthanc default)",
	"VNC: remote viewing of monitors and consoles",
	"TeamViewer: vendor remote maintenance",
	"AnyDesk: vendor remote maintenance",
	"Orthanc HTTP/REST",
	"HTTP alternate: device and gateway web interfaces",
	"HTTPS alternate",
	"MQTT over TLS",
	"printer raw port: connect only, never a byte (never-list)",
	"DICOM (IANA registered)",
	NULL
};

/* Ports tried, in order, to discover hosts that ARP cannot reach. */
static const uint16_t discover_ports[] = { 443, 80, 22, 445, 104, 0 };

enum host_phase {
	H_PENDING = 0,
	H_ARP,
	H_DISCOVER,
	H_PROBING,
	H_SNMP,
	H_SCRIPTS,	/* identification scripts running */
	H_FINISH,
	H_DONE
};

struct scan;
struct xreq;

/* Facts copied for a script run; freed when the run is done. */
struct host_facts {
	struct script_fact_service *svc;
	size_t		 n_svc, cap_svc;
	struct observation *obs;
	size_t		 n_obs, cap_obs;
	char		**strs;		/* every string above, owned */
	size_t		 n_strs, cap_strs;
	struct db_identity prior;
	int		 has_prior;
	struct script_host sh;
	char		 mac[18];
};

struct host {
	struct scan	*scan;
	uint32_t	 ip;
	char		 ip_str[16];
	uint8_t		 mac[6];
	int		 has_mac;
	int		 onlink;
	enum host_phase	 phase;
	int		 alive;
	int		 broken;
	int64_t		 host_id;
	struct host_policy hp;
	struct hostfacts hf;		/* what the policy was decided on */
	struct ratelimit rl;
	uint64_t	 next_ns;	/* earliest next probe (gap) */
	uint64_t	 deadline_ns;	/* ARP / SNMP wait */
	int		 conns;
	int		 tries;
	size_t		 di;		/* discover_ports index */
	uint16_t	*queue;		/* ports still to check */
	size_t		 qn, qi;
	int		 consec_fail;
	uint64_t	 probes;
	size_t		 open_ports;
	uint32_t	 snmp_reqid;
	struct host_facts *facts_run;	/* during H_SCRIPTS */
	int		 scripts_started;
	struct xreq	*xq;		/* script exchanges waiting to start */
	uint16_t	 again_port;	/* a probe asked for a second run */
	char		 again_arg[256];
	const struct probe_ops *again_probe;
	uint8_t		 snmp_state[256];
	const struct probe_ops *snmp_probe;
};

enum conn_kind {
	C_DISCOVER = 1,
	C_SERVICE,
	C_SCRIPT
};

/* An exchange a Lua script asked for (script.h), paced like any probe. */
struct xreq {
	struct script_xreq req;		/* borrowed from src/script/script.c */
	script_xdone_fn	 done;
	void		*token;
	struct xreq	*next;
};

struct conn {
	struct host	*h;
	enum conn_kind	 kind;
	uint16_t	 port;
	uv_tcp_t	 tcp;
	uv_connect_t	 creq;
	uv_shutdown_t	 sreq;
	uv_timer_t	 timer;
	int		 open_handles;
	int		 connected;
	int		 finishing;	/* shutdown sent, waiting for EOF */
	int		 done;		/* outcome recorded */
	const struct probe_ops *probe;
	uint8_t		*state;
	uint8_t		*rbuf;
	size_t		 rlen, rcap;
	uint8_t		 scratch[512];
	struct kvset	 obs;
	struct probe_target pt;
	struct xreq	*xr;		/* C_SCRIPT: the request */
	int		 again;		/* a probe's second run */
	struct conn	*next;		/* scan->conns list */
	struct conn	*prev;
};

struct scan {
	uv_loop_t	 loop;
	const struct scan_opts *o;
	struct scan_stats *st;
	struct db	*db;
	int64_t		 scan_id;
	struct oui_db	*oui;
	struct policy	*pol;
	int		 own_pol;	/* pol is ours to free */
	struct netif	 nif;
	int		 have_nif;
	pcap_t		*pcap;
	eth_t		*eth;
	uv_poll_t	 pcap_poll;
	int		 pcap_polling;
	uv_udp_t	 udp;
	int		 udp_open;
	uv_timer_t	 tick;
	uv_timer_t	 commit;
	uv_timer_t	 progress;
	uv_signal_t	 sigint, sigterm;
	struct ratelimit global;
	struct host	*hosts;
	size_t		 n_hosts;
	uint32_t	*by_ip;		/* indices sorted by ip */
	size_t		 next_admit;
	size_t		 active;
	size_t		 done;
	size_t		 rr;		/* round-robin start */
	const uint16_t	*ports;
	size_t		 n_ports;
	struct conn	*conns;
	struct script_env *scripts;
	struct script_io sio;
	int		 stopping;
	uint64_t	 start_ns;
	int		 tty;
};

static void	scan_kick(struct scan *s);
static void	host_finish(struct host *h);
static void	host_scripts_start(struct host *h);
static void	host_cancel_xq(struct host *h, const char *why);

/* ------------------------------------------------------------------ */
/* Audit and bookkeeping                                               */

/*
 * May h be sent a probe of kind to proto/port?  The never-list first,
 * then the host's policy, then a saved plan the scan is pinned to.
 */
static int
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
static void
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

static void
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
		for (j = 0; j < h->di && discover_ports[j] != 0; j++)
			if (discover_ports[j] == p)
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

static void
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
static void
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

/* ------------------------------------------------------------------ */
/* TCP connections                                                     */

/* Answer a script's exchange exactly once. */
static void
conn_xdone(struct conn *c, int status, const char *reason)
{
	struct xreq	*xr = c->xr;

	if (xr == NULL)
		return;
	c->xr = NULL;
	xr->done(xr->token, status, reason, c->rbuf, status == 0 ? c->rlen : 0);
	free(xr);
}

static void
conn_closed(uv_handle_t *hd)
{
	struct conn	*c = hd->data;
	struct scan	*s = c->h->scan;

	if (--c->open_handles > 0)
		return;
	conn_xdone(c, IOMT_ELIMIT, c->h->scan->stopping ? "cancelled" :
	    "closed");
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->h->conns--;
	free(c->state);
	free(c->rbuf);
	free(c);
	scan_kick(s);
}

static void
conn_close(struct conn *c)
{
	if (c->done == 2)
		return;
	c->done = 2;
	if (!uv_is_closing((uv_handle_t *)&c->tcp))
		uv_close((uv_handle_t *)&c->tcp, conn_closed);
	if (!uv_is_closing((uv_handle_t *)&c->timer))
		uv_close((uv_handle_t *)&c->timer, conn_closed);
}

static void
conn_finish_timeout(uv_timer_t *t)
{
	conn_close(t->data);
}

static void
conn_shutdown_cb(uv_shutdown_t *req, int status)
{
	/* FIN sent (or the socket is gone); the read callback sees the
	 * peer's FIN, or the timer closes the socket. */
	(void)req;
	(void)status;
}

/* Close gracefully: FIN, then wait briefly for the peer's FIN. */
static void
conn_finish(struct conn *c)
{
	if (c->finishing || c->done == 2)
		return;
	c->finishing = 1;
	if (!c->connected ||
	    uv_shutdown(&c->sreq, (uv_stream_t *)&c->tcp,
	    conn_shutdown_cb) != 0) {
		conn_close(c);
		return;
	}
	uv_timer_stop(&c->timer);
	uv_timer_start(&c->timer, conn_finish_timeout, PACE_CLOSE_WAIT_MS, 0);
}

static void
conn_store_obs(struct conn *c)
{
	struct host	*h = c->h;
	struct scan	*s = h->scan;
	const char	*svc, *banner;
	size_t		 i;

	if (h->host_id == 0)
		return;
	for (i = 0; i < c->obs.n; i++) {
		const char *k = c->obs.f[i].key;

		db_observation(s->db, s->scan_id, h->host_id, "tcp", c->port,
		    c->probe != NULL ? c->probe->name : "connect", k,
		    kv_val(&c->obs, i));
		if (strncmp(k, "probe.", 6) != 0 && policy_tighten(s->pol,
		    hostfacts_facts(&h->hf), k, kv_val(&c->obs, i), c->port,
		    &h->hp) == 1) {
			log_info("%s: policy tightened by %s: %s", h->ip_str, k,
			    h->hp.reason);
			host_fragile_update(h);
		}
	}
	if (!c->again && c->probe != NULL && h->again_port == 0 &&
	    kv_get(&c->obs, "probe.again") != NULL) {
		h->again_port = c->port;
		h->again_probe = c->probe;
		strlcpy(h->again_arg, kv_get(&c->obs, "probe.again"),
		    sizeof(h->again_arg));
	}
	svc = kv_get(&c->obs, "service");
	if (svc == NULL && c->probe != NULL && c->probe->service != NULL &&
	    c->obs.n > 0)
		svc = c->probe->service;
	banner = kv_get(&c->obs, "banner");
	if (banner == NULL)
		banner = kv_get(&c->obs, "http.server");
	db_service(s->db, s->scan_id, h->host_id, "tcp", c->port, "open",
	    svc, banner);
}

static void
conn_written(uv_write_t *wr, int status)
{
	(void)status;
	free(wr->data);
}

static int
conn_send(struct conn *c, const uint8_t *buf, size_t len)
{
	struct host	*h = c->h;
	const char	*why = NULL;
	uv_buf_t	 b;
	uv_write_t	*wr;
	int		 r;

	if (!host_allows(h, SAFETY_K_PAYLOAD, "tcp", c->port, &why)) {
		h->scan->st->refused++;
		log_info("%s:%u: payload refused: %s", h->ip_str, c->port, why);
		return IOMT_EDENIED;
	}
	if (len > SEND_MAX)
		return IOMT_ELIMIT;
	scan_audit(h, "tcp", c->port, pace_audit_name(SAFETY_K_PAYLOAD),
	    len, c->probe != NULL ? c->probe->name : NULL);
	wr = xmalloc(sizeof(*wr) + len);
	memcpy(wr + 1, buf, len);
	b = uv_buf_init((char *)(wr + 1), (unsigned)len);
	wr->data = wr;
	pace_charge(&h->scan->global, &h->rl, PACE_COST_PAYLOAD, uv_hrtime());
	r = uv_write(wr, (uv_stream_t *)&c->tcp, &b, 1, conn_written);
	if (r != 0)
		free(wr);
	return r;
}

static void conn_read_timeout(uv_timer_t *t);

/* Feed the probe what has arrived; act on its answer. */
static void
conn_feed(struct conn *c, unsigned flags)
{
	uint8_t	 out[SEND_MAX];
	size_t	 outn = 0;
	int	 r;

	if (c->probe == NULL || c->done) {
		conn_finish(c);
		return;
	}
	r = c->probe->input(c->state, &c->pt, c->rbuf, c->rlen, flags,
	    &c->obs, out, sizeof(out), &outn);
	if (r == PROBE_MORE && (flags & (PROBE_IN_EOF | PROBE_IN_TIMEOUT)))
		r = PROBE_DONE;
	if (r == PROBE_SEND) {
		if (conn_send(c, out, outn) != 0)
			r = PROBE_DONE;
		else {
			unsigned ms = c->probe->timeout_ms ?
			    c->probe->timeout_ms : c->h->scan->o->banner_ms;

			uv_timer_stop(&c->timer);
			uv_timer_start(&c->timer, conn_read_timeout, ms, 0);
			return;
		}
	}
	if (r == PROBE_MORE)
		return;
	if (r < 0) {
		kv_add(&c->obs, "probe.error", iomt_strerror(r));
		log_debug("%s:%u: %s: %s", c->h->ip_str, c->port,
		    c->probe->name, iomt_strerror(r));
	}
	c->done = 1;
	conn_store_obs(c);
	conn_finish(c);
}

static void
conn_read_timeout(uv_timer_t *t)
{
	struct conn	*c = t->data;

	if (c->finishing)
		return;
	if (c->kind == C_SCRIPT) {
		c->done = 1;
		conn_xdone(c, c->rlen > 0 ? 0 : IOMT_ELIMIT, "timeout");
		conn_finish(c);
		return;
	}
	conn_feed(c, PROBE_IN_TIMEOUT);
}

/* A script exchange has new bytes: is the reply complete? */
static void
conn_script_input(struct conn *c, int eof)
{
	const struct script_xreq *q = &c->xr->req;

	if (!eof && c->rlen < c->rcap && (q->until == NULL ||
	    q->until_len == 0 || memmem(c->rbuf, c->rlen, q->until,
	    q->until_len) == NULL))
		return;
	c->done = 1;
	conn_xdone(c, 0, NULL);
	conn_finish(c);
}

static void
conn_alloc(uv_handle_t *hd, size_t suggested, uv_buf_t *buf)
{
	struct conn	*c = hd->data;

	(void)suggested;
	if (c->rbuf != NULL && c->rlen < c->rcap && !c->finishing)
		*buf = uv_buf_init((char *)c->rbuf + c->rlen,
		    (unsigned)(c->rcap - c->rlen));
	else
		*buf = uv_buf_init((char *)c->scratch, sizeof(c->scratch));
}

/* Account for the ACK the kernel sends for a segment a device sent. */
static void
scan_charge_ack(struct host *h)
{
	pace_charge(&h->scan->global, h->alive ? &h->rl : NULL, PACE_COST_ACK,
	    uv_hrtime());
}

static void
conn_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
	struct conn	*c = st->data;

	if (n == 0)
		return;
	if (n < 0) {
		if (n == UV_EOF)
			scan_charge_ack(c->h);	/* our ACK of its FIN */
		if (n != UV_EOF && !c->done) {
			/* A reset on an open connection counts toward the
			 * breaker. */
			host_outcome(c->h, n == UV_ECONNRESET, "resets");
		}
		if (c->finishing || c->done) {
			conn_close(c);
			return;
		}
		if (c->kind == C_SCRIPT)
			conn_xdone(c, n == UV_EOF ? 0 : IOMT_EPROTO,
			    n == UV_EOF ? NULL : "reset");
		else
			conn_feed(c, PROBE_IN_EOF);
		conn_close(c);
		return;
	}
	if (c->finishing || c->done)
		return;		/* draining after our FIN */
	/* The kernel ACKs what the device sent: charge that frame too, so
	 * the per-host rate counts frames the device receives. */
	scan_charge_ack(c->h);
	if (buf->base == (char *)c->rbuf + c->rlen) {
		c->rlen += (size_t)n;
		if (c->kind == C_SCRIPT)
			conn_script_input(c, 0);
		else
			conn_feed(c, c->rlen >= c->rcap ? PROBE_IN_EOF : 0);
	}
}

static void
conn_start_probe(struct conn *c)
{
	struct host	*h = c->h;
	struct scan	*s = h->scan;
	const struct probe_ops *p;
	const char	*why;
	uint8_t		 out[SEND_MAX];
	size_t		 outn = 0;
	int		 r;
	unsigned	 ms;

	if (c->again) {
		p = h->again_probe;
		if (p != NULL && (p->level > h->hp.level ||
		    !host_allows(h, SAFETY_K_PAYLOAD, "tcp", c->port, &why)))
			p = NULL;
		if (p == NULL) {
			c->done = 1;
			conn_finish(c);
			return;
		}
		goto have_probe;
	}
	p = probe_for_port("tcp", c->port, h->hp.level);
	if (p != NULL && (p->flags & PROBE_F_PAYLOAD) &&
	    !host_allows(h, SAFETY_K_PAYLOAD, "tcp", c->port, &why))
		p = probe_find("banner");
	if (p != NULL && p->level > h->hp.level)
		p = NULL;
	/* Never linger on printer raw or serial data ports: a connect is
	 * all they get. */
	if (safety_is_printer_raw(c->port) || safety_is_serial_data(c->port))
		p = NULL;
	if (p == NULL) {
		c->done = 1;
		conn_store_obs(c);
		conn_finish(c);
		return;
	}
 have_probe:
	c->probe = p;
	c->rcap = p->max_reply > 0 ? p->max_reply : 1024;
	c->rbuf = xmalloc(c->rcap);
	c->state = xcalloc(1, p->state_size > 0 ? p->state_size : 1);
	if (c->again && proto_again(p, c->state, h->again_arg) != 0) {
		c->done = 1;
		conn_finish(c);
		return;
	}
	c->pt.ip = h->ip;
	c->pt.ip_str = h->ip_str;
	c->pt.port = c->port;
	c->pt.proto = "tcp";
	c->pt.cfg = &s->o->pcfg;
	r = p->start(c->state, &c->pt, out, sizeof(out), &outn);
	if (r == PROBE_SEND && conn_send(c, out, outn) != 0)
		r = IOMT_EDENIED;
	if (r < 0) {
		c->done = 1;
		conn_store_obs(c);
		conn_finish(c);
		return;
	}
	if (uv_read_start((uv_stream_t *)&c->tcp, conn_alloc, conn_read) != 0) {
		conn_close(c);
		return;
	}
	ms = p->timeout_ms ? p->timeout_ms : s->o->banner_ms;
	uv_timer_stop(&c->timer);
	uv_timer_start(&c->timer, conn_read_timeout, ms, 0);
}

/* Connected for a script's exchange: send its bytes, read its reply. */
static void
conn_start_script(struct conn *c)
{
	const struct script_xreq *q = &c->xr->req;
	const char	*why;
	unsigned	 ms;

	c->rcap = q->max > 0 ? q->max : SCRIPT_DEF_REPLY;
	c->rbuf = xmalloc(c->rcap);
	if (q->send != NULL && q->send_len > 0) {
		if (q->send_len > SEND_MAX) {
			conn_xdone(c, IOMT_ELIMIT, "request too large");
			c->done = 1;
			conn_finish(c);
			return;
		}
		if (conn_send(c, q->send, q->send_len) != 0) {
			why = "refused by policy: payload not allowed here";
			conn_xdone(c, IOMT_EDENIED, why);
			c->done = 1;
			conn_finish(c);
			return;
		}
	}
	if (uv_read_start((uv_stream_t *)&c->tcp, conn_alloc, conn_read) != 0) {
		conn_xdone(c, IOMT_ELIMIT, "closed");
		conn_close(c);
		return;
	}
	ms = q->timeout_ms > 0 ? q->timeout_ms : SCRIPT_DEF_TIMEOUT_MS;
	uv_timer_stop(&c->timer);
	uv_timer_start(&c->timer, conn_read_timeout, ms, 0);
}

static void
conn_connected(uv_connect_t *req, int status)
{
	struct conn	*c = req->data;
	struct host	*h = c->h;

	if (status == UV_ECANCELED || c->done == 2)
		return;
	uv_timer_stop(&c->timer);
	if (status == 0) {
		c->connected = 1;
		host_outcome(h, 0, NULL);
		if (c->kind == C_DISCOVER)
			host_up(h, "connect");
		h->open_ports++;
		h->scan->st->open_ports++;
		if (h->scan->stopping) {
			c->done = 1;
			conn_store_obs(c);
			conn_finish(c);
			return;
		}
		if (c->kind == C_SCRIPT)
			conn_start_script(c);
		else
			conn_start_probe(c);
		return;
	}
	if (c->kind == C_SCRIPT)
		conn_xdone(c, IOMT_ELIMIT, status == UV_ECONNREFUSED ?
		    "refused" : "closed");
	if (status == UV_ECONNREFUSED) {
		/* Only the SYN reached the host: refund the rest. */
		pace_charge(&h->scan->global, h->alive ? &h->rl : NULL,
		    (double)PACE_COST_REFUSED - PACE_COST_CONNECT,
		    uv_hrtime());
		/* A refusal proves the host is there. */
		host_outcome(h, 0, NULL);
		if (c->kind == C_DISCOVER)
			host_up(h, "connect");
	} else
		host_outcome(h, 1, "timeouts");
	c->done = 1;
	conn_close(c);
}

static void
conn_connect_timeout(uv_timer_t *t)
{
	struct conn	*c = t->data;

	conn_xdone(c, IOMT_ELIMIT, "timeout");
	host_outcome(c->h, 1, "timeouts");
	c->done = 1;
	conn_close(c);
}

static struct conn *
conn_start(struct host *h, uint16_t port, enum conn_kind kind)
{
	struct scan		*s = h->scan;
	struct conn		*c;
	struct sockaddr_in	 sin;
	int			 r;

	c = xcalloc(1, sizeof(*c));
	c->h = h;
	c->kind = kind;
	c->port = port;
	kv_reset(&c->obs);
	uv_tcp_init(&s->loop, &c->tcp);
	uv_timer_init(&s->loop, &c->timer);
	c->open_handles = 2;
	c->tcp.data = c;
	c->timer.data = c;
	c->creq.data = c;
	c->next = s->conns;
	if (s->conns != NULL)
		s->conns->prev = c;
	s->conns = c;
	h->conns++;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(h->ip);
	scan_audit(h, "tcp", port, pace_audit_name(SAFETY_K_CONNECT), 0,
	    kind == C_DISCOVER ? "discovery" : kind == C_SCRIPT ? "script" :
	    "service");
	r = uv_tcp_connect(&c->creq, &c->tcp, (struct sockaddr *)&sin,
	    conn_connected);
	if (r != 0) {
		log_debug("%s:%u: connect: %s", h->ip_str, port,
		    uv_strerror(r));
		c->done = 1;
		conn_close(c);
		return NULL;
	}
	uv_timer_start(&c->timer, conn_connect_timeout, s->o->connect_ms, 0);
	return c;
}

/* ------------------------------------------------------------------ */
/* ARP and capture                                                     */

static struct host *
scan_host_by_ip(struct scan *s, uint32_t ip)
{
	size_t	 lo = 0, hi = s->n_hosts;

	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;
		uint32_t v = s->hosts[s->by_ip[mid]].ip;

		if (v == ip)
			return &s->hosts[s->by_ip[mid]];
		if (v < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
scan_pcap_frame(u_char *arg, const struct pcap_pkthdr *ph,
    const u_char *bytes)
{
	struct scan	*s = (struct scan *)arg;
	struct host	*h;
	uint32_t	 sip;
	uint8_t		 mac[6];

	if (arp_parse(bytes, ph->caplen, &sip, mac) != 0)
		return;
	if (s->have_nif && sip == s->nif.addr)
		return;
	h = scan_host_by_ip(s, sip);
	if (h == NULL || h->phase != H_ARP)
		return;		/* not ours, or not asked: ignored */
	memcpy(h->mac, mac, 6);
	h->has_mac = 1;
	host_up(h, "arp");
}

static void
scan_pcap_readable(uv_poll_t *p, int status, int events)
{
	struct scan	*s = p->data;
	int		 n;

	(void)events;
	if (status < 0)
		return;
	/* Drain; spurious wakeups return 0 at once. */
	do {
		n = pcap_dispatch(s->pcap, 64, scan_pcap_frame, (u_char *)s);
	} while (n > 0);
	scan_kick(s);
}

static int
scan_send_arp(struct host *h)
{
	struct scan	*s = h->scan;
	uint8_t		 frame[64];
	size_t		 len;

	len = arp_build_request(frame, s->nif.mac, s->nif.addr, h->ip);
	scan_audit(h, "arp", 0, pace_audit_name(SAFETY_K_ARP), len, NULL);
	if (eth_send(s->eth, frame, len) < 0)
		return -errno;
	return 0;
}

/* ------------------------------------------------------------------ */
/* SNMP over UDP                                                       */

static void
udp_alloc(uv_handle_t *hd, size_t suggested, uv_buf_t *buf)
{
	static uint8_t	 ubuf[2048];

	(void)hd;
	(void)suggested;
	*buf = uv_buf_init((char *)ubuf, sizeof(ubuf));
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
	memset(&pt, 0, sizeof(pt));
	pt.ip = h->ip;
	pt.ip_str = h->ip_str;
	pt.port = 161;
	pt.proto = "udp";
	pt.cfg = &s->o->pcfg;
	r = h->snmp_probe->input(h->snmp_state, &pt, (const uint8_t *)buf->base,
	    (size_t)n, 0, &obs, out, sizeof(out), &outn);
	if (r == PROBE_MORE)
		return;		/* not the reply we asked for */
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

static int
scan_send_snmp(struct host *h)
{
	struct scan		*s = h->scan;
	struct probe_target	 pt;
	struct sockaddr_in	 sin;
	uint8_t			 out[512];
	size_t			 outn = 0;
	uv_buf_t		 b;
	int			 r;

	memset(&pt, 0, sizeof(pt));
	pt.ip = h->ip;
	pt.ip_str = h->ip_str;
	pt.port = 161;
	pt.proto = "udp";
	pt.cfg = &s->o->pcfg;
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


/* ------------------------------------------------------------------ */
/* Identification scripts                                              */

#define FACTS_MAX_OBS	256
#define FACTS_MAX_SVC	128

static const char *
facts_str(struct host_facts *f, const char *v)
{
	char	*c;

	if (v == NULL)
		return NULL;
	if (f->n_strs == f->cap_strs) {
		f->cap_strs = f->cap_strs ? f->cap_strs * 2 : 64;
		f->strs = xreallocarray(f->strs, f->cap_strs, sizeof(*f->strs));
	}
	c = xstrdup(v);
	f->strs[f->n_strs++] = c;
	return c;
}

static struct host_facts *
facts_free(struct host_facts *f)
{
	size_t	 i;

	if (f == NULL)
		return NULL;
	for (i = 0; i < f->n_strs; i++)
		free(f->strs[i]);
	free(f->strs);
	free(f->svc);
	free(f->obs);
	free(f);
	return NULL;
}

struct facts_walk {
	struct host_facts *f;
	int64_t		 scan_id;
};

static int
facts_svc_cb(void *arg, const struct db_service_row *row)
{
	struct facts_walk *w = arg;
	struct host_facts *f = w->f;
	struct script_fact_service *sv;

	/* This scan's view of the host's services. */
	if (row->last_scan != w->scan_id || f->n_svc >= FACTS_MAX_SVC)
		return 0;
	if (f->n_svc == f->cap_svc) {
		f->cap_svc = f->cap_svc ? f->cap_svc * 2 : 16;
		f->svc = xreallocarray(f->svc, f->cap_svc, sizeof(*f->svc));
	}
	sv = &f->svc[f->n_svc++];
	sv->proto = facts_str(f, row->proto);
	sv->port = row->port;
	sv->state = facts_str(f, row->state);
	sv->service = facts_str(f, row->service);
	sv->banner = facts_str(f, row->banner);
	return 0;
}

static int
facts_obs_cb(void *arg, const struct observation *row)
{
	struct facts_walk *w = arg;
	struct host_facts *f = w->f;
	struct observation *ob;

	if (f->n_obs >= FACTS_MAX_OBS)
		return 1;	/* newest first: the rest is older */
	if (row->key == NULL || row->value == NULL)
		return 0;
	if (f->n_obs == f->cap_obs) {
		f->cap_obs = f->cap_obs ? f->cap_obs * 2 : 32;
		f->obs = xreallocarray(f->obs, f->cap_obs, sizeof(*f->obs));
	}
	ob = &f->obs[f->n_obs++];
	ob->proto = facts_str(f, row->proto != NULL ? row->proto : "");
	ob->port = row->port;
	ob->probe = facts_str(f, row->probe != NULL ? row->probe : "");
	ob->key = facts_str(f, row->key);
	ob->value = facts_str(f, row->value);
	return 0;
}

/* Everything the inventory knows about h, copied for a script run. */
static struct host_facts *
facts_build(struct host *h)
{
	struct scan		*s = h->scan;
	struct host_facts	*f = xcalloc(1, sizeof(*f));
	struct facts_walk	 w = { f, s->scan_id };
	struct db_identity	 prior;
	const char		*label = NULL;
	enum oui_class		 cls = OUI_CLASS_NONE;

	db_foreach_service(s->db, h->host_id, facts_svc_cb, &w);
	db_foreach_observation(s->db, h->host_id, facts_obs_cb, &w);
	if (db_host_identity_get(s->db, h->host_id, &prior) == 0) {
		f->prior.vendor = facts_str(f, prior.vendor);
		f->prior.model = facts_str(f, prior.model);
		f->prior.device_class = facts_str(f, prior.device_class);
		f->prior.firmware = facts_str(f, prior.firmware);
		f->prior.os = facts_str(f, prior.os);
		f->prior.confidence = prior.confidence;
		f->prior.evidence_json = facts_str(f, prior.evidence_json);
		f->has_prior = 1;
	}
	f->sh.ip = h->ip_str;
	if (h->has_mac) {
		mac_ntoa(h->mac, f->mac, sizeof(f->mac));
		f->sh.mac = f->mac;
		if (s->oui != NULL) {
			f->sh.oui_vendor = oui_lookup(s->oui, h->mac);
			cls = oui_class(s->oui, h->mac, &label);
		}
	}
	f->sh.oui_class = oui_class_name(cls);
	f->sh.oui_label = label;
	f->sh.level = h->hp.level;
	f->sh.svc = f->svc;
	f->sh.n_svc = f->n_svc;
	f->sh.obs = f->obs;
	f->sh.n_obs = f->n_obs;
	f->sh.prior = f->has_prior ? &f->prior : NULL;
	return f;
}

static void
host_scripts_done(void *arg, const struct script_result *res)
{
	struct host		*h = arg;
	struct scan		*s = h->scan;
	struct db_identity	 id;
	size_t			 i;

	if (res->n_errors > 0)
		s->st->script_errors += res->n_errors;
	if (h->host_id != 0 && (res->vendor[0] != '\0' ||
	    res->device_class[0] != '\0')) {
		script_result_identity(res, &id);
		if (db_identity_set(s->db, s->scan_id, h->host_id, &id) == 0)
			s->st->identified++;
	}
	for (i = 0; h->host_id != 0 && i < res->n_findings; i++) {
		const struct script_finding *fi = &res->findings[i];

		db_finding(s->db, s->scan_id, h->host_id, fi->id, fi->severity,
		    fi->port, fi->title, fi->detail);
	}
	h->facts_run = facts_free(h->facts_run);
	h->phase = H_FINISH;
	scan_kick(s);
}

static void
host_scripts_start(struct host *h)
{
	struct scan	*s = h->scan;

	h->scripts_started = 1;
	if (s->scripts == NULL || s->stopping || h->host_id == 0) {
		h->phase = H_FINISH;
		return;
	}
	h->facts_run = facts_build(h);
	if (script_run_host(s->scripts, &h->facts_run->sh, &s->sio,
	    host_scripts_done, h) != 0) {
		h->facts_run = facts_free(h->facts_run);
		h->phase = H_FINISH;
	}
}

static void
host_cancel_xq(struct host *h, const char *why)
{
	while (h->xq != NULL) {
		struct xreq *xr = h->xq;

		h->xq = xr->next;
		xr->done(xr->token, IOMT_ELIMIT, why, NULL, 0);
		free(xr);
	}
}

/*
 * script_io.exchange: a script asks for an exchange.  Refuse at once what
 * the never-list or the host's policy forbids; queue the rest for the
 * pacing tick, exactly like the engine's own probes.
 */
static int
scan_xchg(void *ctx, const struct script_xreq *req, script_xdone_fn done,
    void *token)
{
	struct scan	*s = ctx;
	struct host	*h;
	struct xreq	*xr, **tail;
	uint32_t	 ip;
	const char	*why = NULL;

	if (s->stopping || target_aton(req->ip, &ip) != 0)
		return IOMT_EDENIED;
	h = scan_host_by_ip(s, ip);
	if (h == NULL || h->broken || !h->alive)
		return IOMT_EDENIED;
	if (strcmp(req->proto, "tcp") != 0 || req->port <= 0 ||
	    req->port > 65535)
		return IOMT_EDENIED;	/* UDP exchanges: not yet */
	if (!host_allows(h, SAFETY_K_CONNECT, "tcp", (uint16_t)req->port,
	    &why))
		return IOMT_EDENIED;
	if (req->send != NULL && req->send_len > 0 &&
	    (!host_allows(h, SAFETY_K_PAYLOAD, "tcp", (uint16_t)req->port,
	    &why) || req->level > h->hp.level))
		return IOMT_EDENIED;
	xr = xcalloc(1, sizeof(*xr));
	xr->req = *req;
	xr->done = done;
	xr->token = token;
	for (tail = &h->xq; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = xr;
	scan_kick(s);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The pacing tick                                                     */

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
		if (discover_ports[h->di] == 0) {
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
		if (safety_check(SAFETY_K_CONNECT, "tcp", discover_ports[h->di],
		    &why) != 0 || (s->o->plan != NULL &&
		    !plan_permits(s->o->plan, h->ip, "tcp",
		    discover_ports[h->di], SAFETY_K_CONNECT))) {
			h->di++;
			return 0;
		}
		scan_spent(s, h, PACE_COST_CONNECT, now);
		conn_start(h, discover_ports[h->di++], C_DISCOVER);
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
	if (h->alive && h->host_id != 0 && !h->broken)
		db_host_state(s->db, s->scan_id, h->host_id, "up",
		    h->hp.reason[0] != '\0' ? h->hp.reason : NULL);
	h->phase = H_DONE;
	free(h->queue);
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

static void scan_tick(uv_timer_t *t);

static void
scan_stop_all(struct scan *s)
{
	struct conn	*c;

	for (c = s->conns; c != NULL; c = c->next)
		conn_close(c);
	uv_timer_stop(&s->tick);
	uv_timer_stop(&s->progress);
	if (s->pcap_polling) {
		uv_poll_stop(&s->pcap_poll);
		uv_close((uv_handle_t *)&s->pcap_poll, NULL);
		s->pcap_polling = 0;
	}
	if (s->udp_open) {
		uv_close((uv_handle_t *)&s->udp, NULL);
		s->udp_open = 0;
	}
	uv_timer_stop(&s->commit);
	if (!uv_is_closing((uv_handle_t *)&s->tick))
		uv_close((uv_handle_t *)&s->tick, NULL);
	if (!uv_is_closing((uv_handle_t *)&s->commit))
		uv_close((uv_handle_t *)&s->commit, NULL);
	if (!uv_is_closing((uv_handle_t *)&s->progress))
		uv_close((uv_handle_t *)&s->progress, NULL);
	if (!uv_is_closing((uv_handle_t *)&s->sigint))
		uv_close((uv_handle_t *)&s->sigint, NULL);
	if (!uv_is_closing((uv_handle_t *)&s->sigterm))
		uv_close((uv_handle_t *)&s->sigterm, NULL);
}

static void
scan_tick(uv_timer_t *t)
{
	struct scan	*s = t->data;
	uint64_t	 now = uv_hrtime(), wait;
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
	uv_timer_start(&s->tick, scan_tick, wait, 0);
}

/* Something happened (a reply, a close): run the tick soon. */
static void
scan_kick(struct scan *s)
{
	if (s->stopping || uv_is_closing((uv_handle_t *)&s->tick))
		return;
	if (uv_timer_get_due_in(&s->tick) > 1)
		uv_timer_start(&s->tick, scan_tick, 1, 0);
}

static void
scan_commit(uv_timer_t *t)
{
	struct scan	*s = t->data;

	if (db_commit(s->db) != 0)
		log_warn("database commit failed: %s", db_errmsg(s->db));
	if (db_begin(s->db) != 0)
		log_warn("database begin failed: %s", db_errmsg(s->db));
}

static void
scan_progress(uv_timer_t *t)
{
	struct scan	*s = t->data;
	double		 el = (double)(uv_hrtime() - s->start_ns) / 1e9;

	fprintf(stderr, "\r\033[K%zu/%zu hosts, %llu up, %llu open ports, "
	    "%llu probes, %.0fs", s->done, s->n_hosts,
	    (unsigned long long)s->st->hosts_up,
	    (unsigned long long)s->st->open_ports,
	    (unsigned long long)s->st->packets, el);
}

static void
scan_signal(uv_signal_t *sig, int signum)
{
	struct scan	*s = sig->data;
	struct conn	*c;

	if (s->stopping)
		return;
	log_warn("%s received: stopping, saving what was found",
	    signum == SIGINT ? "SIGINT" : "SIGTERM");
	s->stopping = 1;
	s->st->interrupted = 1;
	for (c = s->conns; c != NULL; c = c->next)
		conn_close(c);
	uv_timer_start(&s->tick, scan_tick, 1, 0);
}

/* ------------------------------------------------------------------ */
/* Setup                                                               */

void
scan_opts_default(struct scan_opts *o)
{
	static const char *const communities[] = { "public", NULL };

	memset(o, 0, sizeof(*o));
	target_set_init(&o->targets);
	target_set_init(&o->excludes);
	o->snmp = 1;
	o->global_pps = SCAN_DEF_GLOBAL_PPS;
	o->host_pps = SCAN_DEF_HOST_PPS;
	o->host_conns = SCAN_DEF_HOST_CONNS;
	o->gap_ms = SCAN_DEF_GAP_MS;
	o->connect_ms = SCAN_DEF_CONNECT_MS;
	o->banner_ms = SCAN_DEF_BANNER_MS;
	o->breaker = SCAN_DEF_BREAKER;
	o->max_hosts = SCAN_DEF_MAX_HOSTS;
	o->group = SCAN_DEF_GROUP;
	o->level = LEVEL_STANDARD;
	o->pcfg.dicom_called_ae = "ANY-SCP";
	o->pcfg.dicom_calling_ae = "IOMTSCAN";
	o->pcfg.snmp_communities = communities;
	o->pcfg.http_body_max = 16384;
	o->oui_dir = "/usr/share/ieee-data";
}

const uint16_t *
scan_default_ports(const char *const **reasons)
{
	if (reasons != NULL)
		*reasons = default_reasons;
	return default_ports;
}

/* qsort has no context argument; the host table is set just before. */
static const struct host *qsort_hosts;

static int
cmp_by_ip_q(const void *a, const void *b)
{
	uint32_t	 x = qsort_hosts[*(const uint32_t *)a].ip;
	uint32_t	 y = qsort_hosts[*(const uint32_t *)b].ip;

	return x < y ? -1 : x > y;
}

/* Open pcap and libdnet handles on s->nif.  Return 0 or an error. */
static int
scan_open_raw(struct scan *s)
{
	char		 errbuf[PCAP_ERRBUF_SIZE];
	struct bpf_program bpf;
	int		 r = IOMT_EPRIV, fd;

	s->pcap = pcap_create(s->nif.name, errbuf);
	if (s->pcap == NULL)
		goto out;
	if (pcap_set_snaplen(s->pcap, 128) != 0 ||
	    pcap_set_promisc(s->pcap, 0) != 0 ||
	    pcap_set_immediate_mode(s->pcap, 1) != 0 ||
	    pcap_set_timeout(s->pcap, 10) != 0)
		goto out;
	if (pcap_activate(s->pcap) < 0) {
		log_debug("pcap_activate: %s", pcap_geterr(s->pcap));
		goto out;
	}
	if (pcap_compile(s->pcap, &bpf, "arp", 1, PCAP_NETMASK_UNKNOWN) != 0)
		goto out;
	if (pcap_setfilter(s->pcap, &bpf) != 0) {
		pcap_freecode(&bpf);
		goto out;
	}
	pcap_freecode(&bpf);
	if (pcap_setnonblock(s->pcap, 1, errbuf) != 0)
		goto out;
	fd = pcap_get_selectable_fd(s->pcap);
	if (fd < 0)
		goto out;
	s->eth = eth_open(s->nif.name);
	if (s->eth == NULL)
		goto out;
	if (uv_poll_init(&s->loop, &s->pcap_poll, fd) != 0)
		goto out;
	s->pcap_poll.data = s;
	uv_poll_start(&s->pcap_poll, UV_READABLE, scan_pcap_readable);
	s->pcap_polling = 1;
	r = 0;
 out:
	if (r != 0) {
		if (s->pcap != NULL)
			pcap_close(s->pcap);
		s->pcap = NULL;
		if (s->eth != NULL)
			eth_close(s->eth);
		s->eth = NULL;
	}
	return r;
}

static void
scan_options_json(const struct scan_opts *o, char *buf, size_t len)
{
	snprintf(buf, len, "{\"global_pps\":%.1f,\"host_pps\":%.1f,"
	    "\"host_conns\":%d,\"gap_ms\":%u,\"connect_ms\":%u,"
	    "\"banner_ms\":%u,\"breaker\":%d,\"level\":\"%s\","
	    "\"snmp\":%s,\"arp\":%s,\"ports\":%zu}",
	    o->global_pps, o->host_pps, o->host_conns, o->gap_ms,
	    o->connect_ms, o->banner_ms, o->breaker,
	    safety_level_name(o->level), o->snmp ? "true" : "false",
	    o->no_arp ? "false" : "true",
	    o->tcp_ports != NULL ? o->n_tcp_ports :
	    sizeof(default_ports) / sizeof(default_ports[0]) - 1);
}

int
scan_run(const struct scan_opts *o, struct db *db, struct scan_stats *st)
{
	struct scan	*s;
	uint32_t	*ips = NULL;
	size_t		 n = 0, i;
	int		 r, raw_ok = 0;
	char		 buf[512];
	const char	*status;
	struct sockaddr_in any;

	memset(st, 0, sizeof(*st));
	s = xcalloc(1, sizeof(*s));
	s->o = o;
	s->st = st;
	s->db = db;
	s->start_ns = uv_hrtime();
	s->tty = o->progress && isatty(STDERR_FILENO);

	r = target_expand(&o->targets, &o->excludes, o->max_hosts, &ips, &n);
	if (r != 0) {
		log_err("refusing to scan more than %llu addresses (see "
		    "--max-hosts)", (unsigned long long)o->max_hosts);
		goto out;
	}
	target_shuffle(ips, n, o->seed);
	st->targets = n;

	r = oui_load(o->oui_dir, o->oui_classes, &s->oui);
	if (r != 0 || oui_count(s->oui) == 0)
		log_warn("no IEEE OUI registry in %s: vendor names will be "
		    "unknown (apt-get install ieee-data)", o->oui_dir);

	if (o->policy != NULL)
		s->pol = o->policy;
	else if ((r = policy_load(NULL, NULL, NULL, &s->pol, buf,
	    sizeof(buf))) != 0) {
		log_err("policy: %s", buf);
		goto out;
	} else
		s->own_pol = 1;

	/* Pick the interface from the first target (or -e). */
	if (n > 0 && netif_for(ips[0], o->iface, &s->nif) == 0)
		s->have_nif = 1;

	if ((r = uv_loop_init(&s->loop)) != 0)
		goto out;
	uv_timer_init(&s->loop, &s->tick);
	uv_timer_init(&s->loop, &s->commit);
	uv_timer_init(&s->loop, &s->progress);
	s->tick.data = s->commit.data = s->progress.data = s;
	uv_signal_init(&s->loop, &s->sigint);
	uv_signal_init(&s->loop, &s->sigterm);
	s->sigint.data = s->sigterm.data = s;

	/* Raw handles first, while we may still have privileges. */
	if (s->have_nif && !o->no_arp) {
		if (!privdrop_have_raw())
			log_warn("no root or CAP_NET_RAW: ARP discovery is off, "
			    "hosts are discovered by TCP connect only (run as "
			    "root, or install with setcap cap_net_raw+ep)");
		else if (scan_open_raw(s) == 0)
			raw_ok = 1;
		else
			log_warn("cannot open %s for capture: discovery by "
			    "TCP connect only", s->nif.name);
	}
	if (uv_udp_init(&s->loop, &s->udp) == 0) {
		memset(&any, 0, sizeof(any));
		any.sin_family = AF_INET;
		s->udp.data = s;
		if (uv_udp_bind(&s->udp, (struct sockaddr *)&any, 0) == 0 &&
		    uv_udp_recv_start(&s->udp, udp_alloc, udp_recv) == 0)
			s->udp_open = 1;
		else
			uv_close((uv_handle_t *)&s->udp, NULL);
	}

	/* Nothing from the network has been parsed yet: drop root now. */
	if ((r = privdrop(o->user)) != 0) {
		log_err_r(r, "cannot drop privileges to user %s",
		    o->user != NULL ? o->user : "nobody");
		goto out_loop;
	}

	/* Host table in shuffled order, plus an index sorted by address. */
	s->n_hosts = n;
	s->hosts = xcalloc(n ? n : 1, sizeof(*s->hosts));
	s->by_ip = xcalloc(n ? n : 1, sizeof(*s->by_ip));
	for (i = 0; i < n; i++) {
		struct host *h = &s->hosts[i];

		h->scan = s;
		h->ip = ips[i];
		hostfacts_init(&h->hf);
		target_ntoa(ips[i], h->ip_str, sizeof(h->ip_str));
		h->onlink = s->have_nif && netif_onlink(&s->nif, ips[i]);
		s->by_ip[i] = (uint32_t)i;
		/* Until the host's policy is decided, the scan-wide caps
		 * apply (discovery sends at most one probe at a time). */
		h->hp.level = o->level;
		h->hp.conns = 1;
		h->hp.gap_ms = o->gap_ms;
	}
	qsort_hosts = s->hosts;
	qsort(s->by_ip, n, sizeof(*s->by_ip), cmp_by_ip_q);
	/* Our own address and, on-link, network/broadcast are skipped. */
	for (i = 0; i < n; i++) {
		struct host *h = &s->hosts[i];
		uint32_t host_part = h->ip & ~s->nif.mask;

		if (s->have_nif && (h->ip == s->nif.addr ||
		    (s->nif.mask < 0xfffffffeu &&
		    (h->ip & s->nif.mask) == (s->nif.addr & s->nif.mask) &&
		    (host_part == 0 || host_part == ~s->nif.mask)))) {
			h->phase = H_DONE;
			s->done++;
		}
	}

	s->ports = o->tcp_ports != NULL ? o->tcp_ports : default_ports;
	s->n_ports = o->tcp_ports != NULL ? o->n_tcp_ports :
	    sizeof(default_ports) / sizeof(default_ports[0]) - 1;

	scan_options_json(o, buf, sizeof(buf));
	if ((r = db_scan_begin(db, o->targets_text != NULL ?
	    o->targets_text : "", buf, &s->scan_id)) != 0) {
		log_err("cannot record the scan: %s", db_errmsg(db));
		goto out_loop;
	}
	if (o->probes_dir != NULL && !o->no_scripts) {
		if (script_env_load(o->probes_dir, o->lua_dir, NULL, db,
		    s->scan_id, &s->scripts) != 0)
			log_warn("cannot read the probe scripts in %s: hosts "
			    "get identities from their MAC only", o->probes_dir);
		else {
			script_env_set_oui(s->scripts, s->oui);
			log_info("%zu of %zu identification scripts enabled",
			    script_env_enabled(s->scripts),
			    script_env_count(s->scripts));
		}
	}
	s->sio.exchange = scan_xchg;
	s->sio.ctx = s;
	log_info("scan %lld: %zu addresses, %s discovery%s%s",
	    (long long)s->scan_id, n, raw_ok ? "ARP" : "TCP connect",
	    s->have_nif ? " via " : "", s->have_nif ? s->nif.name : "");

	pace_global_init(&s->global, o->global_pps, uv_hrtime());
	uv_signal_start(&s->sigint, scan_signal, SIGINT);
	uv_signal_start(&s->sigterm, scan_signal, SIGTERM);
	db_begin(db);
	uv_timer_start(&s->commit, scan_commit, COMMIT_MS, COMMIT_MS);
	if (s->tty)
		uv_timer_start(&s->progress, scan_progress, 500, 500);
	uv_timer_start(&s->tick, scan_tick, 0, 0);

	/* Every file is open and no device byte parsed yet: confine. */
	if ((r = privdrop_confine()) != 0)
		log_warn_r(r, "cannot confine the scanner (seccomp); going on "
		    "with the privilege drop alone");
	uv_run(&s->loop, UV_RUN_DEFAULT);

	if (s->tty)
		fputc('\n', stderr);
	db_commit(db);
	st->seconds = (double)(uv_hrtime() - s->start_ns) / 1e9;
	status = st->interrupted ? "interrupted" : "complete";
	snprintf(buf, sizeof(buf), "{\"targets\":%llu,\"hosts_up\":%llu,"
	    "\"open_ports\":%llu,\"probes\":%llu,\"breaker_trips\":%llu,"
	    "\"refused\":%llu,\"identified\":%llu,\"script_errors\":%llu,"
	    "\"seconds\":%.2f}",
	    (unsigned long long)st->targets,
	    (unsigned long long)st->hosts_up,
	    (unsigned long long)st->open_ports,
	    (unsigned long long)st->packets,
	    (unsigned long long)st->breaker_trips,
	    (unsigned long long)st->refused,
	    (unsigned long long)st->identified,
	    (unsigned long long)st->script_errors, st->seconds);
	db_scan_end(db, s->scan_id, status, buf);
	r = 0;
 out_loop:
	scan_stop_all(s);
	uv_run(&s->loop, UV_RUN_DEFAULT);
	if (uv_loop_close(&s->loop) != 0)
		log_debug("loop did not close cleanly");
 out:
	if (s->pcap != NULL)
		pcap_close(s->pcap);
	if (s->eth != NULL)
		eth_close(s->eth);
	if (s->hosts != NULL)
		for (i = 0; i < s->n_hosts; i++) {
			free(s->hosts[i].queue);
			facts_free(s->hosts[i].facts_run);
			hostfacts_free(&s->hosts[i].hf);
		}
	free(s->hosts);
	free(s->by_ip);
	free(ips);
	script_env_free(s->scripts);
	oui_free(s->oui);
	if (s->own_pol)
		policy_free(s->pol);
	free(s);
	return r;
}
