/*
 * src/engine/scan.c - the scan engine (see engine.h for the contract):
 * setting a scan up, running its loop and tearing it down.
 *
 * Why it is built this way:
 *  - One libuv loop and no threads: every probe is a small state machine
 *    driven by callbacks, so thousands of hosts cost memory, not threads,
 *    and nothing can block the pacing.
 *  - One pacing tick decides every send (tick.c), with the one
 *    cost-and-pacing model that plan and check use too (safety.h,
 *    src/safety/pace.c).  A probe leaves only after safety_check() (the
 *    compiled-in never-list) and policy_allows() (the host's policy) said
 *    yes, and its audit row is written before it leaves (host.c).
 *  - Hosts are admitted into a bounded active group in shuffled order, so
 *    no device or switch sees a sequential sweep and memory stays flat.
 *  - Full TCP connects only, closed with a FIN (tcp.c); ARP on attached
 *    networks (arp.c); one SNMP GET per host (snmp.c); the Lua scripts
 *    reach the network only through the same tick (bridge.c).
 *  - A per-host circuit breaker stops all work on a host after consecutive
 *    timeouts or resets; it is recorded as "check this device", never
 *    retried.
 *  - Privileges are dropped after the capture and raw handles are open and
 *    before the first byte from the network is parsed.
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
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
#include "engine-int.h"

#define COMMIT_MS	250

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


void
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

/*
 * The database said it is damaged: stop as on SIGINT, write nothing more
 * (db refuses every statement from now on) and let scan_run() fail.
 */
static void
scan_db_damaged(struct scan *s)
{
	struct conn	*c;

	if (s->stopping)
		return;
	log_err("the database is damaged (%s): stopping the scan",
	    db_errmsg(s->db));
	s->stopping = 1;
	for (c = s->conns; c != NULL; c = c->next)
		conn_close(c);
	uv_timer_start(&s->tick, scan_tick, 1, 0);
}

static void
scan_commit(uv_timer_t *t)
{
	struct scan	*s = t->data;

	if (db_damaged(s->db)) {
		scan_db_damaged(s);
		return;
	}
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

/* A number with the given decimals, as the reports show it. */
static json_t *
real_dec(double v, int decimals)
{
	char	 num[64];

	snprintf(num, sizeof(num), "%.*f", decimals, v);
	return json_real(strtod(num, NULL));
}

/* Write o (consumed) compact into buf (size len); "{}" if it won't fit. */
static void
json_to_buf(json_t *o, char *buf, size_t len)
{
	size_t	 n;

	n = o != NULL ? json_dumpb(o, buf, len, JSON_COMPACT |
	    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) : 0;
	if (n == 0 || n >= len)
		strlcpy(buf, "{}", len);
	else
		buf[n] = '\0';
	json_decref(o);
}

/* The scan's options as recorded in the scans table (check reads them). */
static void
scan_options_json(const struct scan_opts *o, char *buf, size_t len)
{
	json_t	*j = json_object();

	json_object_set_new(j, "global_pps", real_dec(o->global_pps, 1));
	json_object_set_new(j, "host_pps", real_dec(o->host_pps, 1));
	json_object_set_new(j, "host_conns", json_integer(o->host_conns));
	json_object_set_new(j, "gap_ms", json_integer(o->gap_ms));
	json_object_set_new(j, "connect_ms", json_integer(o->connect_ms));
	json_object_set_new(j, "banner_ms", json_integer(o->banner_ms));
	json_object_set_new(j, "breaker", json_integer(o->breaker));
	json_object_set_new(j, "level", json_string(safety_level_name(
	    o->level)));
	json_object_set_new(j, "snmp", json_boolean(o->snmp));
	json_object_set_new(j, "arp", json_boolean(!o->no_arp));
	json_object_set_new(j, "ports", json_integer((json_int_t)(
	    o->tcp_ports != NULL ? o->n_tcp_ports :
	    sizeof(default_ports) / sizeof(default_ports[0]) - 1)));
	if (o->window_text != NULL)
		json_object_set_new(j, "window", json_string(o->window_text));
	json_to_buf(j, buf, len);
}

/* What the scan found, as recorded in the scans table. */
static void
scan_stats_json(const struct scan_stats *st, char *buf, size_t len)
{
	json_t	*j = json_object();

	json_object_set_new(j, "targets", json_integer((json_int_t)
	    st->targets));
	json_object_set_new(j, "hosts_up", json_integer((json_int_t)
	    st->hosts_up));
	json_object_set_new(j, "open_ports", json_integer((json_int_t)
	    st->open_ports));
	json_object_set_new(j, "probes", json_integer((json_int_t)
	    st->packets));
	json_object_set_new(j, "breaker_trips", json_integer((json_int_t)
	    st->breaker_trips));
	json_object_set_new(j, "refused", json_integer((json_int_t)
	    st->refused));
	json_object_set_new(j, "identified", json_integer((json_int_t)
	    st->identified));
	json_object_set_new(j, "script_errors", json_integer((json_int_t)
	    st->script_errors));
	json_object_set_new(j, "hosts_done", json_integer((json_int_t)
	    st->hosts_done));
	json_object_set_new(j, "seconds", real_dec(st->seconds, 2));
	json_to_buf(j, buf, len);
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
	scan_udp_open(s);

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
	st->scan_id = s->scan_id;
	if (db_scan_scope(db, s->scan_id, &o->targets, &o->excludes) != 0)
		log_warn("cannot record the scan's targets: %s",
		    db_errmsg(db));
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

	/* OpenSSL reads its configuration and the trust store paths when
	 * the TLS context is made: do it before confinement. */
	if (tls_init() != 0)
		log_warn("TLS context unavailable; tls-handshake will record "
		    "an error");
	/* Every file is open and no device byte parsed yet: confine. */
	if ((r = privdrop_confine()) != 0)
		log_warn_r(r, "cannot confine the scanner (seccomp); going on "
		    "with the privilege drop alone");
	uv_run(&s->loop, UV_RUN_DEFAULT);

	if (s->tty)
		fputc('\n', stderr);
	st->seconds = (double)(uv_hrtime() - s->start_ns) / 1e9;
	if (db_damaged(db)) {
		r = IOMT_EDAMAGED;
		goto out_loop;
	}
	db_commit(db);
	st->hosts_done = s->done;
	status = st->interrupted ? "interrupted" : st->paused ? "paused" :
	    "complete";
	scan_stats_json(st, buf, sizeof(buf));
	r = db_scan_end(db, s->scan_id, status, buf);
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
			script_input_free(s->hosts[i].script_in);
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
