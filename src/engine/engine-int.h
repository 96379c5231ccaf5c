/*
 * src/engine/engine-int.h - what the scan engine's files share: the scan,
 * host and connection state and the calls between the files.
 *
 * The engine is one libuv loop split by concern: scan.c (setup, run,
 * teardown), tick.c (the pacing tick), host.c (a host's gates, audit rows
 * and breaker), tcp.c (TCP connects), arp.c (ARP and capture), snmp.c
 * (SNMP over UDP) and bridge.c (the Lua identification scripts).  None of
 * this is visible outside src/engine/; the API is include/iomt/engine.h.
 */
#ifndef IOMT_ENGINE_INT_H
#define IOMT_ENGINE_INT_H

#include <pcap.h>
#include <stdint.h>

#include <uv.h>

#include "iomt/compat-dnet.h"
#include "iomt/db.h"
#include "iomt/engine.h"
#include "iomt/net.h"
#include "iomt/probe.h"
#include "iomt/safety.h"
#include "iomt/script.h"
#include "iomt/util.h"

#define SEND_MAX	2048	/* most bytes of one application message */

/* Ports tried, in order, to discover hosts ARP cannot reach (0-ended). */
extern const uint16_t scan_discover_ports[];

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

/*
 * What a script run sees of its host: the inventory's read model of the
 * host (db_host_load(), the same rows `show` prints) plus this scan's
 * services picked out of it.  Every string is owned by inv.  Freed when
 * the run is done.
 */
struct script_input {
	struct inventory *inv;		/* one host, from db_host_load() */
	struct script_fact_service *svc;
	size_t		 n_svc;
	struct db_identity prior;
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
	size_t		 open_ports;	/* distinct TCP ports found open */
	uint16_t	*open_seen;	/* those ports, for counting once */
	uint32_t	 snmp_reqid;
	struct script_input *script_in;	/* during H_SCRIPTS */
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
	struct script_xreq req;		/* borrowed from the script runner */
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
	char		 name[256];	/* pt.name: the host's DNS name, or "" */
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
	int		 window_state;	/* 0 not yet open, 1 waiting said,
					 * 2 opened (tick.c) */
	time_t		 window_until;	/* open until then (state 2) */
	uint64_t	 start_ns;
	int		 tty;
};

/* ---- host.c ---- */

/*
 * May h be sent a probe of kind to proto/port?  The never-list, then the
 * host's policy, then a saved plan the scan is pinned to.  Return 1 or 0
 * with a static reason in *why.
 */
int	host_allows(struct host *h, enum safety_kind kind, const char *proto,
	    uint16_t port, const char **why);

/* Write the host's fragile-profile match (if any) to the inventory. */
void	host_fragile_update(struct host *h);

/*
 * Record one probe in the audit log (before it leaves) and count it:
 * proto/port, the audit kind (pace_audit_name()), bytes of payload and a
 * detail (may be NULL).  Database errors are the database's to log.
 */
void	scan_audit(struct host *h, const char *proto, int port,
	    const char *kind, size_t bytes, const char *detail);

/*
 * h answered (how: "arp" or "connect"): record it, decide its policy,
 * build its port queue and move it to the service probes.  Only the
 * first call does anything.
 */
void	host_up(struct host *h, const char *how);

/*
 * A probe to h completed, failed or not (what: "timeouts", "resets"):
 * trips the breaker after the scan's limit of consecutive failures.
 */
void	host_outcome(struct host *h, int failed, const char *what);

/* ---- tcp.c ---- */

/*
 * Start a connect of kind to h's port; the audit row is written first.
 * Return the connection (owned by s->conns until it closes) or NULL when
 * the connect could not even start.
 */
struct conn *conn_start(struct host *h, uint16_t port, enum conn_kind kind);

/* Close c at once (no FIN wait); it is freed when its handles close. */
void	conn_close(struct conn *c);

/* ---- arp.c ---- */

/* The host with address ip (host order), or NULL if it is not a target. */
struct host *scan_host_by_ip(struct scan *s, uint32_t ip);

/* Send one ARP request for h (audited first).  Return 0 or -errno. */
int	scan_send_arp(struct host *h);

/*
 * Open the capture and raw handles on s->nif and start polling them.
 * Return 0, or IOMT_EPRIV with nothing left open.
 */
int	scan_open_raw(struct scan *s);

/* ---- snmp.c ---- */

/* Open the scan's UDP socket; s->udp_open tells whether it worked. */
void	scan_udp_open(struct scan *s);

/*
 * Send h's SNMP GET (audited first).  Return 0, IOMT_EPROTO when the
 * probe built no request, or a negative libuv error.
 */
int	scan_send_snmp(struct host *h);

/* ---- bridge.c ---- */

/* Start h's identification scripts, or move it on when there are none. */
void	host_scripts_start(struct host *h);

/* Fail every exchange h's scripts still wait for, with reason why. */
void	host_cancel_xq(struct host *h, const char *why);

/* Free a script run's input and its read model.  NULL-safe; returns
 * NULL. */
struct script_input *script_input_free(struct script_input *in);

/* script_io.exchange for the scan s (ctx): see script.h. */
int	scan_xchg(void *ctx, const struct script_xreq *req,
	    script_xdone_fn done, void *token);

/* ---- tick.c ---- */

/*
 * Has the scan's --window closed since it opened (the tick has not
 * noticed yet)?  Then a connection that completes starts no probe.
 * Return 1 or 0; 0 without a window.
 */
int	scan_window_over(const struct scan *s);

/* The pacing tick (a uv timer callback on s->tick). */
void	scan_tick(uv_timer_t *t);

/* Something happened (a reply, a close): run the tick soon. */
void	scan_kick(struct scan *s);

/* ---- scan.c ---- */

/* Stop every timer, handle and connection so the loop can end. */
void	scan_stop_all(struct scan *s);

/* ---- plan.c, plan-text.c, plan-json.c ---- */

/* One group of addresses, or one known host, of a plan. */
struct plan_entry {
	int		 is_host;
	uint32_t	 ip;		/* host entries */
	struct target_range *ranges;	/* group entries */
	size_t		 n_ranges, cap_ranges;
	char		 key[96];	/* group identity */
	char		 label[200];	/* site rule(s) that apply */
	uint64_t	 addresses;
	int		 onlink;
	int		 excluded;
	enum safety_level level;
	int		 arp;
	uint16_t	 disc[8];
	size_t		 n_disc;
	uint16_t	*tcp;
	size_t		 n_tcp;
	uint16_t	*payload;
	size_t		 n_payload;
	size_t		 extra_sends;	/* messages beyond PACE_PAYLOAD_SENDS
					 * the payload probes may send */
	uint64_t	 next_pkts;	/* one probe.next run (its connect and
					 * messages), at most once per host */
	char		 probes[512];	/* "dicom-assoc@104 http-get@80" */
	uint16_t	 udp[2];
	size_t		 n_udp;
	uint64_t	 pkts;		/* per host, at most */
	double		 pps;
	int		 conns;
	unsigned	 gap_ms;
	double		 secs, secs_max;	/* per host */
	char		 forbid[128];
	char		 profile[64];
	char		 reason[256];
	char		 mac[18];
	char		 vendor[96];
	char		 klass[40];
};

/* A plan: what a scan would send (engine.h). */
struct plan {
	char		 created[32];
	char		*targets;
	enum safety_level level;
	double		 global_pps, host_pps;
	int		 host_conns;
	unsigned	 gap_ms;
	size_t		 group;
	int		 snmp, arp;
	size_t		 n_ports;
	size_t		 n_profiles, n_site, n_rules, n_ex;
	struct plan_entry *g;		/* groups */
	size_t		 ng, capg;
	struct plan_entry *h;		/* known hosts, sorted by ip */
	size_t		 nh, caph;
	struct plan_totals tot;
};

/* Append port p to the array *v of *n ports (grown; aborts on OOM). */
void	plan_ports_push(uint16_t **v, size_t *n, uint16_t p);

/* Work out pl->tot, the totals, from the groups and hosts. */
void	plan_sum(struct plan *pl);

#endif /* IOMT_ENGINE_INT_H */
