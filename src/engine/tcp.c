/*
 * src/engine/tcp.c - TCP connects for the scan engine: discovery, service
 * probes and the exchanges Lua scripts ask for.
 *
 * Full connects only, closed with shutdown() (FIN) and a short wait for
 * the peer's FIN: embedded stacks keep less dangling state than after
 * half-open SYN scans or RST teardown.  Each connection is a small state
 * machine on libuv callbacks; it feeds a C probe (probe.h) or answers a
 * script's exchange, charges every frame to the pacing model and reports
 * timeouts and resets to the host's circuit breaker.
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
#include "iomt/script.h"
#include "engine-int.h"

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
	if (c->probe != NULL && c->probe->fini != NULL && c->state != NULL)
		c->probe->fini(c->state);
	free(c->state);
	free(c->rbuf);
	free(c);
	scan_kick(s);
}

void
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

/*
 * Count an open TCP port of h once per scan, as the inventory stores it
 * (one service row per port): discovery, the probe, a second probe run
 * and script exchanges may each connect to the same port.
 */
static void
count_open(struct host *h, uint16_t port)
{
	size_t	 i;

	for (i = 0; i < h->open_ports; i++)
		if (h->open_seen[i] == port)
			return;
	h->open_seen = xreallocarray(h->open_seen, h->open_ports + 1,
	    sizeof(*h->open_seen));
	h->open_seen[h->open_ports++] = port;
	h->scan->st->open_ports++;
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
	/* The reply says another probe fits this port (a TLS server
	 * answering plain HTTP): that probe's run, once per host. */
	if (!c->again && c->probe != NULL && c->probe->next != NULL &&
	    h->again_port == 0 && kv_get(&c->obs, "probe.next") != NULL &&
	    strcmp(kv_get(&c->obs, "probe.next"), c->probe->next) == 0 &&
	    probe_find(c->probe->next) != NULL) {
		h->again_port = c->port;
		h->again_probe = probe_find(c->probe->next);
		h->again_arg[0] = '\0';
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

/*
 * The host's DNS name for TLS SNI (RFC 6066 3: a host name, never an
 * address), from what passive listening or an earlier scan learned:
 * the mDNS host name first, then the DHCP host name.  Only letters,
 * digits, '-' and '.'; a trailing dot is dropped.  Empty when none.
 */
static void
host_dns_name(const struct host *h, char *dst, size_t dsize)
{
	static const char *const keys[] = { "mdns.hostname", "dhcp.hostname",
	    NULL };
	size_t	 i, j, n;

	dst[0] = '\0';
	for (i = 0; keys[i] != NULL; i++) {
		for (j = 0; j < h->hf.n_obs; j++) {
			const char *v = h->hf.obs[j].value;
			int	 ok = 1, alpha = 0;

			if (h->hf.obs[j].key == NULL || v == NULL ||
			    strcmp(h->hf.obs[j].key, keys[i]) != 0)
				continue;
			n = strlen(v);
			if (n > 0 && v[n - 1] == '.')
				n--;
			if (n == 0 || n >= dsize || n > 253)
				continue;
			for (size_t k = 0; k < n && ok; k++) {
				unsigned char ch = (unsigned char)v[k];

				if ((ch >= 'a' && ch <= 'z') ||
				    (ch >= 'A' && ch <= 'Z'))
					alpha = 1;
				else if (!(ch >= '0' && ch <= '9') &&
				    ch != '-' && ch != '.')
					ok = 0;
			}
			if (!ok || !alpha)	/* all digits: an address */
				continue;
			memcpy(dst, v, n);
			dst[n] = '\0';
			return;
		}
	}
}

/*
 * A TLS probe never runs where the host's profile forbids TLS
 * handshakes, on whatever port the TLS service was found (the policy's
 * own TLS check covers only the usual TLS ports).
 */
static int
host_allows_tls(const struct host *h, const struct probe_ops *p)
{
	if ((p->flags & PROBE_F_TLS) == 0 || (h->hp.forbid & POLICY_F_TLS) == 0)
		return 1;
	h->scan->st->refused++;
	log_info("%s: TLS handshake refused: host policy forbids TLS "
	    "handshakes", h->ip_str);
	return 0;
}

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
	if (r == PROBE_FIN) {
		/* The last message (a TLS close_notify): send it; the FIN
		 * conn_finish() queues goes out after it. */
		(void)conn_send(c, out, outn);
		r = PROBE_DONE;
	}
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
		    !host_allows(h, SAFETY_K_PAYLOAD, "tcp", c->port, &why) ||
		    !host_allows_tls(h, p)))
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
	    (!host_allows(h, SAFETY_K_PAYLOAD, "tcp", c->port, &why) ||
	    !host_allows_tls(h, p)))
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
	host_dns_name(h, c->name, sizeof(c->name));
	c->pt.name = c->name[0] != '\0' ? c->name : NULL;
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
		count_open(h, c->port);
		if (h->scan->stopping || scan_window_over(h->scan)) {
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

struct conn *
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
