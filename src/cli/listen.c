/*
 * src/cli/listen.c - "iomtscan listen": passive inventory from a capture file
 * or a live interface, sending nothing.
 *
 * A hospital that is not ready for active scanning can still learn what
 * is on a network from what devices announce about themselves.  This
 * reads frames with libpcap (a file with -r, or an interface with -i in
 * non-promiscuous mode), decodes them with src/listen/listen.c, and writes the hosts,
 * services seen in use and observations into the same inventory a scan
 * uses, under a scan row of its own ({"mode":"listen"}) so history and
 * "profiles test" work on it.  It never sends: no libdnet handle is
 * opened, pcap_inject() is never called, and for a live capture root is
 * dropped right after the capture handle is open, before the first frame
 * is decoded.  Hosts matching a fragile-device profile get a host_fragile
 * row, so the first scan afterwards treats them carefully from its first
 * packet.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <net/if.h>
#include <pcap.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/listen.h"
#include "iomt/net.h"
#include "iomt/engine.h"

#define LISTEN_SNAPLEN		4096
#define LISTEN_TIMEOUT_MS	200
#define LISTEN_FILTER \
	"arp or (ether proto 0x88cc) or (ether[12:2] <= 1500) or " \
	"(udp and (port 67 or port 68 or port 5353 or port 1900 or " \
	"dst port 24005)) or (tcp and len > 60) or " \
	"(vlan and (arp or udp or tcp))"

static volatile sig_atomic_t listen_stop;

static void
listen_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan listen -r FILE.pcap [options]\n"
"       iomtscan listen -i IFACE [-t SECONDS] [options]\n"
"\n"
"Build an inventory from what devices announce about themselves, sending\n"
"nothing at all: ARP, DHCP (host name, vendor class), mDNS/DNS-SD, SSDP,\n"
"LLDP, CDP, Philips IntelliVue connect indications, DICOM association\n"
"headers and HL7 MSH segments (only MSH-3, MSH-4 and MSH-12: no patient\n"
"data is read or kept).  Results go into the inventory (--db), under a\n"
"scan of its own, like a scan's.\n"
"\n"
"  -r, --read FILE          read a capture file (Ethernet or Linux cooked)\n"
"  -i, --interface IFACE    capture live, not promiscuous (needs root or\n"
"                           CAP_NET_RAW; root is dropped once it is open)\n"
"  -t, --time SECONDS       stop a live capture after SECONDS (default:\n"
"                           until interrupted)\n"
"  --db FILE                inventory database (default ./iomtscan.db)\n"
"  --user USER              drop root to USER (default nobody)\n"
"  --oui-dir DIR            IEEE registry files\n"
"                           (default /usr/share/ieee-data)\n"
"  --profiles FILE, --profiles-local FILE, --policy FILE\n"
"                           profiles to mark fragile hosts with\n"
"  -q, --quiet              no table on stdout\n"
"  -v, --verbose            more messages\n"
"\n"
"Exit status: 0 ok, 1 interrupted or frames could not be read, 2 usage\n"
"error, unreadable capture or database.\n");
}

static void
on_signal(int sig)
{
	(void)sig;
	listen_stop = 1;
}

struct lstats {
	uint64_t	 frames;
	uint64_t	 decoded;	/* frames that yielded records */
	uint64_t	 malformed;
};

struct lctx {
	struct listen_table *t;
	struct lstats	*st;
	int		 dlt;
};

static void
on_frame(u_char *arg, const struct pcap_pkthdr *ph, const u_char *bytes)
{
	struct lctx		*c = (struct lctx *)(void *)arg;
	static struct listen_result res;
	int			 r;

	c->st->frames++;
	listen_result_init(&res);
	r = listen_parse_frame(c->dlt, bytes, ph->caplen, &res);
	if (r < 0) {
		c->st->malformed++;
		return;
	}
	if (res.n > 0) {
		c->st->decoded++;
		listen_table_add(c->t, &res);
	}
}

/* Facts about a listened host, for profile matching. */
static void
facts_of(const struct listen_host *h, const struct oui_db *oui,
    struct hostfacts *hf)
{
	size_t	 i;

	hostfacts_init(hf);
	hostfacts_set_addr(hf, h->ip, h->has_mac ? h->mac : NULL, oui);
	for (i = 0; i < h->n_kv; i++)
		hostfacts_add_obs(hf, h->kv[i].proto[0] != '\0' ?
		    h->kv[i].proto : NULL, h->kv[i].port, h->kv[i].key,
		    h->kv[i].value);
	for (i = 0; i < h->n_svc; i++)
		hostfacts_add_open(hf, strcmp(h->svc[i].proto, "udp") == 0,
		    h->svc[i].port);
}

/* The banner a session showed for service sv of h (an SSH or VNC
 * greeting), or NULL. */
static const char *
svc_banner(const struct listen_host *h, const struct listen_svc *sv)
{
	for (size_t i = 0; i < h->n_kv; i++)
		if (h->kv[i].port == sv->port &&
		    strcmp(h->kv[i].proto, sv->proto) == 0 &&
		    strcmp(h->kv[i].key, "banner") == 0)
			return h->kv[i].value;
	return NULL;
}

/* Write the table into the inventory.  Return 0 or an error. */
static int
store(struct db *db, int64_t scan_id, const struct listen_table *t,
    const struct policy *pol, const struct oui_db *oui, int quiet,
    size_t *stored, size_t *fragile, size_t *macless)
{
	size_t		 i, j;
	int		 r = 0;
	char		 ip[16], pj[2048];

	if (!quiet && listen_table_count(t) > 0)
		printf("%-15s %-17s %6s  %s\n", "IP", "MAC", "FRAMES",
		    "SERVICES  FACTS  [FRAGILE PROFILES]");
	for (i = 0; i < listen_table_count(t); i++) {
		const struct listen_host *h = listen_table_get(t, i);
		const char	*vendor = NULL;
		struct hostfacts hf;
		char		 ids[256] = "", why[256];
		const char	*hazard;
		struct host_policy hp;
		int64_t		 host_id;

		if (h->dead)
			continue;
		if (!h->has_ip) {
			(*macless)++;
			continue;
		}
		target_ntoa(h->ip, ip, sizeof(ip));
		if (h->has_mac && oui != NULL)
			vendor = oui_lookup(oui, h->mac);
		if ((r = db_host_seen(db, scan_id, ip, h->has_mac ? h->mac :
		    NULL, vendor, "passive", &host_id)) != 0)
			return r;
		(*stored)++;
		db_host_state(db, scan_id, host_id, "up", "seen passively");
		for (j = 0; j < h->n_svc; j++)
			if ((r = db_service(db, scan_id, host_id,
			    h->svc[j].proto, h->svc[j].port, "open",
			    h->svc[j].name, svc_banner(h, &h->svc[j]))) != 0)
				return r;
		for (j = 0; j < h->n_kv; j++)
			if ((r = db_observation(db, scan_id, host_id,
			    h->kv[j].proto[0] != '\0' ? h->kv[j].proto : NULL,
			    h->kv[j].port, "listen", h->kv[j].key,
			    h->kv[j].value)) != 0)
				return r;
		facts_of(h, oui, &hf);
		if (policy_fragile_summary(pol, hostfacts_facts(&hf), ids,
		    sizeof(ids), &hazard, why, sizeof(why)) > 0) {
			policy_decide(pol, LEVEL_STANDARD, SCAN_DEF_HOST_PPS,
			    SCAN_DEF_HOST_CONNS, SCAN_DEF_GAP_MS,
			    hostfacts_facts(&hf), &hp);
			policy_to_json(&hp, pj, sizeof(pj));
			r = db_fragile_set(db, scan_id, host_id, ids, hazard,
			    pj, why);
			(*fragile)++;
		}
		if (!quiet) {
			char	 m[20] = "-";

			if (h->has_mac)
				mac_ntoa(h->mac, m, sizeof(m));
			printf("%-15s %-17s %6llu  ", ip, m,
			    (unsigned long long)h->frames);
			for (j = 0; j < h->n_svc; j++)
				printf("%s%s/%u", j ? "," : "",
				    h->svc[j].proto, h->svc[j].port);
			if (h->n_svc > 0)
				printf("  ");
			for (j = 0; j < h->n_kv && j < 4; j++)
				printf("%s%s", j ? " " : "", h->kv[j].key);
			if (h->n_kv > 4)
				printf(" ...");
			if (ids[0] != '\0')
				printf("  [fragile: %s]", ids);
			putchar('\n');
		}
		hostfacts_free(&hf);
		if (r != 0)
			return r;
	}
	return 0;
}

enum {
	OPT_DB = 256, OPT_USER, OPT_OUI_DIR
};

/*
 * The options recorded with the listen run, as compact JSON in opts
 * (size len): {"mode":"listen","source":...,"live":...,"seconds":N}.  A
 * source too long for opts is cut (at a UTF-8 boundary) until it fits.
 */
static void
listen_opts_json(const char *source, int live, double seconds, char *opts,
    size_t len)
{
	char	 src[600], num[32];
	json_t	*o;
	size_t	 n, cut;

	strlcpy(src, source, sizeof(src));
	snprintf(num, sizeof(num), "%.0f", seconds);
	o = json_object();
	json_object_set_new(o, "mode", json_string("listen"));
	json_object_set_new(o, "source", policy_json_string(src));
	json_object_set_new(o, "live", json_boolean(live));
	json_object_set_new(o, "seconds",
	    json_integer(strtoll(num, NULL, 10)));
	while ((n = json_dumpb(o, opts, len - 1, JSON_COMPACT |
	    JSON_PRESERVE_ORDER)) == 0 || n >= len - 1) {
		cut = strlen(src);
		if (cut == 0)
			break;
		cut = cut > 16 ? cut - 16 : 0;
		while (cut > 0 && ((unsigned char)src[cut] & 0xc0) == 0x80)
			cut--;
		src[cut] = '\0';
		json_object_set_new(o, "source", policy_json_string(src));
	}
	opts[n < len ? n : 0] = '\0';
	json_decref(o);
}

/*
 * What the run found, as compact JSON in stats (size len):
 * {"frames":N,"decoded":N,"malformed":N,"hosts":N,"fragile":N,
 * "mac_only":N}.  "{}" if it does not fit.
 */
static void
listen_stats_json(const struct lstats *st, size_t hosts,
    size_t fragile, size_t mac_only, char *stats, size_t len)
{
	json_t	*o;
	size_t	 n;

	o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}",
	    "frames", (json_int_t)st->frames,
	    "decoded", (json_int_t)st->decoded,
	    "malformed", (json_int_t)st->malformed,
	    "hosts", (json_int_t)hosts,
	    "fragile", (json_int_t)fragile,
	    "mac_only", (json_int_t)mac_only);
	n = o != NULL ? json_dumpb(o, stats, len, JSON_COMPACT |
	    JSON_PRESERVE_ORDER) : 0;
	if (n == 0 || n >= len)
		strlcpy(stats, "{}", len);
	else
		stats[n] = '\0';
	json_decref(o);
}

static const struct option listen_longopts[] = {
	{ "read", required_argument, NULL, 'r' },
	{ "interface", required_argument, NULL, 'i' },
	{ "time", required_argument, NULL, 't' },
	{ "db", required_argument, NULL, OPT_DB },
	{ "user", required_argument, NULL, OPT_USER },
	{ "oui-dir", required_argument, NULL, OPT_OUI_DIR },
	CMD_POLICY_LONGOPTS,
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Open a live capture: non-promiscuous, filtered, receive only. */
static pcap_t *
open_live(const char *iface)
{
	char		 errbuf[PCAP_ERRBUF_SIZE];
	struct bpf_program bpf;
	pcap_t		*p;

	if ((p = pcap_create(iface, errbuf)) == NULL) {
		fprintf(stderr, "iomtscan listen: %s\n", errbuf);
		return NULL;
	}
	if (pcap_set_snaplen(p, LISTEN_SNAPLEN) != 0 ||
	    pcap_set_promisc(p, 0) != 0 ||
	    pcap_set_timeout(p, LISTEN_TIMEOUT_MS) != 0 ||
	    pcap_activate(p) < 0) {
		fprintf(stderr, "iomtscan listen: cannot capture on %s: %s "
		    "(needs root or CAP_NET_RAW)\n", iface, pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	if (pcap_setdirection(p, PCAP_D_IN) != 0)
		log_debug("cannot restrict the capture to incoming frames");
	if (pcap_compile(p, &bpf, LISTEN_FILTER, 1, PCAP_NETMASK_UNKNOWN) ==
	    0) {
		if (pcap_setfilter(p, &bpf) != 0)
			log_warn("capture filter not applied: %s",
			    pcap_geterr(p));
		pcap_freecode(&bpf);
	}
	return p;
}

int
cmd_listen(int argc, char **argv)
{
	struct lstats	 st;
	struct lctx	 c;
	struct listen_table *t = NULL;
	struct policy	*pol = NULL;
	struct oui_db	*oui = NULL;
	struct db	*db = NULL;
	pcap_t		*p = NULL;
	const char	*file = NULL, *iface = NULL, *user = NULL;
	const char	*dbpath = cmd_db_path(NULL);
	const char	*oui_dir = "/usr/share/ieee-data";
	struct cmd_policy_files pf = { NULL, NULL, NULL };
	char		 errbuf[PCAP_ERRBUF_SIZE];
	char		 targets[512], opts[1024], stats[256];
	int64_t		 scan_id = 0;
	long long	 v;
	double		 seconds = 0;
	int		 ch, r = EXIT_USAGE, quiet = 0, verbose = 0, dlt;
	int		 interrupted = 0, rc;
	size_t		 stored = 0, fragile = 0, macless = 0;
	struct sigaction sa, old_int, old_term;
	struct timespec	 t0, now;

	memset(&st, 0, sizeof(st));
	memset(&sa, 0, sizeof(sa));
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":r:i:t:qvh", listen_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'r':
			file = optarg;
			break;
		case 'i':
			iface = optarg;
			break;
		case 't':
			if (parse_ll(optarg, 1, 7 * 24 * 3600, &v) != 0) {
				r = cmd_usage_error("listen", "-t needs "
				    "seconds (1..604800), not '%s'", optarg);
				goto out;
			}
			seconds = (double)v;
			break;
		case OPT_DB:
			dbpath = optarg;
			break;
		case OPT_USER:
			user = optarg;
			break;
		case OPT_OUI_DIR:
			oui_dir = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			verbose++;
			break;
		default:
			if (cmd_common_option("listen", ch, argv, &pf,
			    listen_usage, &r))
				goto out;
			break;
		}
	}
	if (cmd_operand_left("listen", argc, argv, &r))
		goto out;
	if ((file == NULL) == (iface == NULL)) {
		r = cmd_usage_error("listen", "give exactly one of -r FILE or "
		    "-i IFACE");
		goto out;
	}
	if (user != NULL && privdrop_check_user(user) != 0) {
		r = cmd_usage_error("listen", "--user %s: no such user", user);
		goto out;
	}
	if (iface != NULL && if_nametoindex(iface) == 0) {
		r = cmd_usage_error("listen", "-i %s: no such interface",
		    iface);
		goto out;
	}
	if (file != NULL && seconds > 0) {
		r = cmd_usage_error("listen", "-t applies to a live capture "
		    "(-i) only");
		goto out;
	}
	cmd_log_verbosity(verbose);
	if (cmd_policy_load(pf.profiles, pf.local, pf.policy_file, &pol) != 0)
		goto out;

	/* The capture first, while we may still be root. */
	if (file != NULL) {
		if ((p = pcap_open_offline(file, errbuf)) == NULL) {
			fprintf(stderr, "iomtscan listen: cannot read %s: %s\n",
			    file, errbuf);
			goto out;
		}
	} else if ((p = open_live(iface)) == NULL)
		goto out;
	dlt = pcap_datalink(p);
	if (dlt != DLT_EN10MB && dlt != DLT_LINUX_SLL) {
		fprintf(stderr, "iomtscan listen: link type %s is not "
		    "supported (Ethernet or Linux cooked capture only)\n",
		    pcap_datalink_val_to_name(dlt) != NULL ?
		    pcap_datalink_val_to_name(dlt) : "unknown");
		goto out;
	}
	/* The database too, so it stays writable after the drop. */
	if (cmd_open_db("listen", dbpath, 0, &db) != 0)
		goto out;
	/* Nothing from the network has been decoded yet: drop root. */
	if (iface != NULL && (rc = privdrop(user)) != 0) {
		log_err_r(rc, "cannot drop privileges to %s",
		    user != NULL ? user : "nobody");
		goto out;
	}
	if ((oui = cmd_oui_load(oui_dir)) == NULL)
		log_warn("no IEEE OUI registry in %s: vendors will be unknown",
		    oui_dir);
	snprintf(targets, sizeof(targets), "listen %s %s",
	    file != NULL ? "-r" : "-i", file != NULL ? file : iface);
	listen_opts_json(file != NULL ? file : iface, file == NULL, seconds,
	    opts, sizeof(opts));
	if (db_scan_begin(db, targets, opts, &scan_id) != 0) {
		fprintf(stderr, "iomtscan listen: cannot record the listen: "
		    "%s\n", db_errmsg(db));
		goto out;
	}

	t = listen_table_new();
	c.t = t;
	c.st = &st;
	c.dlt = dlt == DLT_EN10MB ? LISTEN_DLT_EN10MB : LISTEN_DLT_LINUX_SLL;
	listen_stop = 0;
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Capture and database open, no frame decoded yet: confine. */
	if ((rc = privdrop_confine()) != 0)
		log_warn_r(rc, "cannot confine the listener (seccomp); going "
		    "on with the privilege drop alone");
	rc = 0;
	while (!listen_stop) {
		rc = pcap_dispatch(p, 256, on_frame, (u_char *)&c);
		if (rc < 0 && rc != PCAP_ERROR_BREAK)
			break;
		if (file != NULL && rc == 0)
			break;		/* end of file */
		if (seconds > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if ((double)(now.tv_sec - t0.tv_sec) +
			    (now.tv_nsec - t0.tv_nsec) / 1e9 >= seconds)
				break;
		}
	}
	interrupted = listen_stop != 0;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (rc == PCAP_ERROR)
		log_warn("capture stopped: %s", pcap_geterr(p));

	db_begin(db);
	r = store(db, scan_id, t, pol, oui, quiet, &stored, &fragile,
	    &macless);
	if (db_commit(db) != 0 && r == 0)
		r = IOMT_EDB;
	listen_stats_json(&st, stored, fragile, macless, stats,
	    sizeof(stats));
	db_scan_end(db, scan_id, r != 0 ? "failed" : interrupted ?
	    "interrupted" : "complete", stats);
	if (r != 0) {
		fprintf(stderr, "iomtscan listen: cannot store the inventory: "
		    "%s\n", db_errmsg(db));
		r = EXIT_PROBLEMS;
		goto out;
	}
	if (!quiet)
		fprintf(stderr, "iomtscan: listened to %llu frames (%llu "
		    "informative, %llu malformed): %zu hosts recorded, %zu "
		    "matching a fragile-device profile%s; nothing was sent\n",
		    (unsigned long long)st.frames,
		    (unsigned long long)st.decoded,
		    (unsigned long long)st.malformed, stored, fragile,
		    interrupted ? " (interrupted)" : "");
	if (macless > 0)
		log_info("%zu devices seen only by MAC (no IPv4 address) were "
		    "not stored", macless);
	if (listen_table_dropped(t) > 0)
		log_warn("%llu hosts beyond %d were not recorded",
		    (unsigned long long)listen_table_dropped(t),
		    LISTEN_MAX_HOSTS);
	r = interrupted || rc == PCAP_ERROR ? EXIT_PROBLEMS : EXIT_OK;
 out:
	if (p != NULL)
		pcap_close(p);
	listen_table_free(t);
	policy_free(pol);
	oui_free(oui);
	db_close(db);
	return r;
}
