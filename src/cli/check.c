/*
 * src/cli/check.c - "iomtscan check": what each fragile device actually got,
 * against what its policy allowed.
 *
 * The promise that a scan never disrupts a clinical device has to be
 * checkable after the fact, from the record, not from the scanner's good
 * intentions.  For every host that matches a fragile-device profile or
 * belongs to a medical-device or serial-bridge maker, and every host the
 * circuit breaker left alone, this reports the profile, the hazard, the
 * advisories, the policy that applied, and what the audit log says was
 * sent (counts per kind and port, the peak per-second rate), and flags
 * anything beyond the policy: a port not allowed, a payload where
 * forbidden, a rate above the cap, anything at all to a passive or
 * excluded host.
 *
 * The policy is re-derived the way the engine had to derive it: from
 * what the inventory knew before the scan (the MAC, earlier identities,
 * profiles, observations and ports), then tightened by each observation
 * of the scan itself from the moment it was recorded, so a probe sent
 * before a VxWorks banner showed up is judged by the policy of that
 * moment.  What each audit row costs and how many packets a second a
 * host's cap allows come from the engine's own pacing model (safety.h,
 * src/safety/pace.c).  The database is opened read-only.
 */
#include "config.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/engine.h"
#include "iomt/net.h"

#define CHECK_MAX_ROWS		100000	/* audit rows examined per host */
#define CHECK_MAX_PROBLEMS	20	/* problems listed per host */

static void
check_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan check [--db FILE] [--scan ID] [--all]\n"
"                      [--profiles FILE] [--profiles-local FILE]\n"
"                      [--policy FILE] [--oui-dir DIR]\n"
"\n"
"Report, for the last scan (or scan ID), each host that matches a\n"
"fragile-device profile or a medical-device or serial-bridge maker: the\n"
"profile, hazard and advisories, the policy applied, what the audit log\n"
"says was sent against what was allowed, and every host that stopped\n"
"answering during the scan (\"check this device\").  --all lists every\n"
"host that was sent anything.\n"
"\n"
"Exit status: 0 every policy was kept, 1 a policy was exceeded, 2 usage\n"
"error or unreadable database.\n");
}

/* The scan being checked. */
struct check_scan {
	int64_t		 id;
	int64_t		 started;
	int		 found;
	enum safety_level level;
	double		 host_pps;
	int		 host_conns;
	unsigned	 gap_ms;
	char		 status[32];
	char		 targets[256];
};

static int
is_listen(const char *options)
{
	return options != NULL && strstr(options, "\"mode\":\"listen\"") !=
	    NULL;
}

/* The number v, or dflt when v is not a number; clamped to [lo, hi]. */
static double
opt_num(const json_t *v, double dflt, double lo, double hi)
{
	double	 d = json_is_number(v) ? json_number_value(v) : dflt;

	return d < lo ? lo : d > hi ? hi : d;
}

static int
scan_cb(void *arg, const struct db_scan_row *row)
{
	struct check_scan *cs = arg;
	json_t		*o;
	const char	*lv;
	int		 l;

	if (cs->id != 0 ? row->id != cs->id : is_listen(row->options))
		return 0;
	cs->id = row->id;
	cs->started = row->started;
	cs->found = 1;
	strlcpy(cs->status, row->status, sizeof(cs->status));
	str_printable(cs->targets, sizeof(cs->targets),
	    (const uint8_t *)row->targets, strlen(row->targets));
	cs->level = LEVEL_STANDARD;
	cs->host_pps = SCAN_DEF_HOST_PPS;
	cs->host_conns = SCAN_DEF_HOST_CONNS;
	cs->gap_ms = SCAN_DEF_GAP_MS;
	/* The options the scan recorded (src/engine/scan.c writes them). */
	o = json_loads(row->options, JSON_REJECT_DUPLICATES, NULL);
	if (json_is_object(o)) {
		if ((lv = json_string_value(json_object_get(o, "level"))) !=
		    NULL && (l = safety_level_parse(lv)) >= 0)
			cs->level = (enum safety_level)l;
		cs->host_pps = opt_num(json_object_get(o, "host_pps"),
		    cs->host_pps, -1e308, 1e308);
		cs->host_conns = (int)opt_num(json_object_get(o,
		    "host_conns"), cs->host_conns, 0, 1e6);
		cs->gap_ms = (unsigned)opt_num(json_object_get(o, "gap_ms"),
		    cs->gap_ms, 0, 1e9);
	}
	json_decref(o);
	return 1;
}

/* One observation the scan itself made, to tighten by time. */
struct later_obs {
	int64_t		 t;
	char		*proto;
	uint16_t	 port;
	char		*key;
	char		*value;
};

struct host_ctx {
	const struct check_scan *cs;
	struct hostfacts hf;
	struct later_obs *later;
	size_t		 n_later, cap_later;
};

static int
obs_before_cb(void *arg, const struct observation *row)
{
	struct host_ctx	*hc = arg;
	uint16_t	 port;

	if (row->value == NULL || row->port < 0 || row->port > 65535)
		return 0;
	port = (uint16_t)row->port;
	if (row->scan_id != 0 && row->scan_id < hc->cs->id) {
		hostfacts_add_obs(&hc->hf, row->proto, port, row->key,
		    row->value);
		return 0;
	}
	if (row->scan_id != hc->cs->id || hc->n_later >= HOSTFACTS_OBS_MAX)
		return 0;
	if (hc->n_later == hc->cap_later) {
		hc->cap_later = hc->cap_later ? hc->cap_later * 2 : 16;
		hc->later = xreallocarray(hc->later, hc->cap_later,
		    sizeof(*hc->later));
	}
	hc->later[hc->n_later].t = row->t;
	hc->later[hc->n_later].proto = row->proto != NULL ?
	    xstrdup(row->proto) : NULL;
	hc->later[hc->n_later].port = port;
	hc->later[hc->n_later].key = xstrdup(row->key);
	hc->later[hc->n_later].value = xstrdup(row->value);
	hc->n_later++;
	return 0;
}

static int
svc_before_cb(void *arg, const struct db_service_row *row)
{
	struct host_ctx	*hc = arg;

	if (row->state != NULL && strcmp(row->state, "open") == 0 &&
	    row->first_seen < hc->cs->started && row->proto != NULL &&
	    row->port > 0 && row->port <= 65535)
		hostfacts_add_open(&hc->hf, strcmp(row->proto, "udp") == 0,
		    (uint16_t)row->port);
	return 0;
}

/* The host's fragile-profile row, if stored before this scan. */
struct frag_ctx {
	int64_t		 before;	/* scan id */
	char		 before_id[256];
	char		 stored[256];
};

static int
frag_cb(void *arg, const struct db_fragile_row *row)
{
	struct frag_ctx	*fc = arg;

	strlcpy(fc->stored, row->profile_id, sizeof(fc->stored));
	if (row->scan_id != 0 && row->scan_id < fc->before)
		strlcpy(fc->before_id, row->profile_id,
		    sizeof(fc->before_id));
	return 0;
}

static int
later_cmp(const void *a, const void *b)
{
	const struct later_obs *x = a, *y = b;

	return x->t < y->t ? -1 : x->t > y->t;
}

/* What was sent to one host, summed per kind and port. */
struct sent_item {
	char		 kind[16];
	char		 proto[4];
	int		 port;
	unsigned	 n;
};

struct audit_ctx {
	const struct policy *pol;
	struct host_ctx	*hc;
	struct host_policy hp;		/* current, tightened by time */
	int		 arp_ok;
	size_t		 next_later;
	struct sent_item items[64];
	size_t		 n_items;
	uint64_t	 total;
	/* sliding one-second window of packet costs */
	int64_t		 win_t[256];
	unsigned	 win_c[256];
	size_t		 win_head, win_n;
	unsigned	 win_sum, peak;
	int		 rate_flagged;
	size_t		 rows;
	char		*problems[CHECK_MAX_PROBLEMS];
	size_t		 n_problems;
	size_t		 more_problems;
};

static void problem(struct audit_ctx *ac, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
problem(struct audit_ctx *ac, const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[512];

	if (ac->n_problems >= CHECK_MAX_PROBLEMS) {
		ac->more_problems++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ac->problems[ac->n_problems++] = xstrdup(buf);
}

static void
tally(struct audit_ctx *ac, const struct db_audit_row *row)
{
	size_t	 i;
	const char *proto = row->proto != NULL ? row->proto : "";

	for (i = 0; i < ac->n_items; i++)
		if (strcmp(ac->items[i].kind, row->kind) == 0 &&
		    strcmp(ac->items[i].proto, proto) == 0 &&
		    ac->items[i].port == row->port) {
			ac->items[i].n++;
			return;
		}
	if (ac->n_items >= sizeof(ac->items) / sizeof(ac->items[0]))
		return;
	strlcpy(ac->items[ac->n_items].kind, row->kind,
	    sizeof(ac->items[0].kind));
	strlcpy(ac->items[ac->n_items].proto, proto,
	    sizeof(ac->items[0].proto));
	ac->items[ac->n_items].port = row->port;
	ac->items[ac->n_items].n = 1;
	ac->n_items++;
}

/* Add cost at time t_us to the one-second window; return its sum. */
static unsigned
window_add(struct audit_ctx *ac, int64_t t_us, unsigned cost)
{
	size_t	 cap = sizeof(ac->win_t) / sizeof(ac->win_t[0]);

	while (ac->win_n > 0 && ac->win_t[ac->win_head] <= t_us - 1000000) {
		ac->win_sum -= ac->win_c[ac->win_head];
		ac->win_head = (ac->win_head + 1) % cap;
		ac->win_n--;
	}
	if (ac->win_n == cap) {
		ac->win_sum -= ac->win_c[ac->win_head];
		ac->win_head = (ac->win_head + 1) % cap;
		ac->win_n--;
	}
	ac->win_t[(ac->win_head + ac->win_n) % cap] = t_us;
	ac->win_c[(ac->win_head + ac->win_n) % cap] = cost;
	ac->win_n++;
	ac->win_sum += cost;
	if (ac->win_sum > ac->peak)
		ac->peak = ac->win_sum;
	return ac->win_sum;
}

static int
audit_cb(void *arg, const struct db_audit_row *row)
{
	struct audit_ctx *ac = arg;
	struct host_ctx	*hc = ac->hc;
	const char	*why = NULL, *proto;
	char		 when[48];
	unsigned	 cost, sum;
	enum safety_kind kind;
	int		 ok = 1;
	double		 limit;

	if (++ac->rows > CHECK_MAX_ROWS)
		return 1;
	/* Observations recorded in an earlier second apply from now on. */
	while (ac->next_later < hc->n_later &&
	    hc->later[ac->next_later].t < row->t_us / 1000000) {
		const struct later_obs *lo = &hc->later[ac->next_later++];

		policy_tighten(ac->pol, hostfacts_facts(&hc->hf), lo->key,
		    lo->value, lo->port, &ac->hp);
	}
	tally(ac, row);
	ac->total++;
	time_local_ms(when, sizeof(when), row->t_us);
	proto = row->proto != NULL ? row->proto : "";
	if (pace_audit_kind(row->kind, &kind) != 0)
		return 0;	/* tcp-close and the like: not a new probe */
	if (kind == SAFETY_K_ARP) {
		if (!ac->arp_ok)
			problem(ac, "%s: ARP sent although the host was %s "
			    "before its MAC was known", when,
			    ac->hp.excluded ? "excluded" : "passive");
		return 0;
	}
	if (row->port <= 0 || row->port > 65535)
		ok = 0, why = "no valid port recorded";
	else if (safety_check(kind, proto, (uint16_t)row->port, &why) != 0)
		ok = 0;
	else if (!policy_allows(&ac->hp, kind, proto, (uint16_t)row->port,
	    &why))
		ok = 0;
	if (!ok)
		problem(ac, "%s: %s to %s/%d: %s", when, row->kind, proto,
		    row->port, why != NULL ? why : "not allowed");
	cost = pace_cost(kind);
	sum = window_add(ac, row->t_us, cost);
	limit = pace_window_limit(ac->hp.pps);
	if (!ac->rate_flagged && (double)sum > limit) {
		ac->rate_flagged = 1;
		problem(ac, "%s: %u packets within one second; the host's cap "
		    "is %.1f/s (burst %d)", when, sum, ac->hp.pps,
		    PACE_HOST_BURST);
	}
	return 0;
}

struct check_ctx {
	const struct check_scan *cs;
	const struct policy *pol;
	const struct oui_db *oui;
	struct db	*db;
	int		 all;
	int		 reported;
	int		 exceeded;
	int		 breakers;
	int		 err;
};

/* A stored string, safe for a terminal. */
static const char *
clean(char *buf, size_t len, const char *s)
{
	str_printable(buf, len, (const uint8_t *)s, strlen(s));
	return buf;
}

static void
print_wrapped(const char *label, const char *text)
{
	const char	*s = text;
	size_t		 col, lab = strlen(label);

	printf("%s", label);
	col = lab;
	while (*s != '\0') {
		size_t	 w = strcspn(s, " ");

		if (col > lab && col + 1 + w > 78) {
			printf("\n%*s", (int)lab, "");
			col = lab;
		} else if (col > lab) {
			putchar(' ');
			col++;
		}
		printf("%.*s", (int)w, s);
		col += w;
		s += w;
		while (*s == ' ')
			s++;
	}
	putchar('\n');
}

struct match_ctx {
	char		 ids[256];
	const struct profile *first;
	char		 why[256];
};

static int
match_cb(void *arg, const struct profile *pr, const char *why)
{
	struct match_ctx *mc = arg;

	if (mc->first == NULL) {
		mc->first = pr;
		strlcpy(mc->why, why, sizeof(mc->why));
	}
	if (mc->ids[0] != '\0')
		strlcpy(mc->ids + strlen(mc->ids), ",",
		    sizeof(mc->ids) - strlen(mc->ids));
	strlcpy(mc->ids + strlen(mc->ids), pr->id,
	    sizeof(mc->ids) - strlen(mc->ids));
	return 0;
}

struct state_ctx {
	int64_t		 host_id;
	char		 state[32];
	char		 reason[256];
};

static int
state_cb(void *arg, const struct db_host_scan_row *row)
{
	struct state_ctx *sc = arg;

	if (row->host_id != sc->host_id)
		return 0;
	strlcpy(sc->state, row->state, sizeof(sc->state));
	if (row->reason != NULL)
		str_printable(sc->reason, sizeof(sc->reason),
		    (const uint8_t *)row->reason, strlen(row->reason));
	return 1;
}

static int
host_cb(void *arg, const struct db_host *row)
{
	struct check_ctx *cc = arg;
	struct host_ctx	 hc;
	struct audit_ctx *ac = NULL;
	struct frag_ctx	 fc;
	struct match_ctx mc;
	struct state_ctx sc;
	struct host_policy pre_arp;
	struct policy_facts ipf;
	const struct policy_facts *f;
	uint8_t		 mac[6];
	uint32_t	 ip;
	int64_t		 id_scan = 0;
	struct db_identity id;
	enum oui_class	 cls;
	const char	*label = NULL;
	char		 buf[512], forbid[128];
	size_t		 i;
	int		 r, fragile, has_mac, rc = 0;

	memset(&hc, 0, sizeof(hc));
	memset(&fc, 0, sizeof(fc));
	memset(&mc, 0, sizeof(mc));
	memset(&sc, 0, sizeof(sc));
	hc.cs = cc->cs;
	hostfacts_init(&hc.hf);
	if (target_aton(row->ip, &ip) != 0)
		goto out;
	has_mac = row->mac != NULL && mac_parse(row->mac, mac) == 0;
	if (row->oui_vendor != NULL)
		hc.hf.oui_vendor = xstrdup(row->oui_vendor);
	hostfacts_set_addr(&hc.hf, ip, has_mac ? mac : NULL, cc->oui);
	hc.hf.host_id = row->id;
	/* What was known before this scan. */
	if (db_identity_scan(cc->db, row->id, &id_scan) == 0 &&
	    id_scan != 0 && id_scan < cc->cs->id &&
	    db_host_identity_get(cc->db, row->id, &id) == 0) {
		hostfacts_set_prior(&hc.hf, "vendor", id.vendor);
		hostfacts_set_prior(&hc.hf, "model", id.model);
		hostfacts_set_prior(&hc.hf, "class", id.device_class);
	}
	fc.before = cc->cs->id;
	if ((r = db_foreach_fragile(cc->db, row->id, frag_cb, &fc)) < 0 ||
	    (r = db_foreach_service(cc->db, row->id, svc_before_cb,
	    &hc)) < 0 ||
	    (r = db_foreach_observation(cc->db, row->id, obs_before_cb,
	    &hc)) < 0) {
		rc = r;
		goto out;
	}
	if (fc.before_id[0] != '\0')
		hostfacts_set_prior(&hc.hf, "profile", fc.before_id);
	if (hc.n_later > 1)
		qsort(hc.later, hc.n_later, sizeof(*hc.later), later_cmp);
	f = hostfacts_facts(&hc.hf);

	/* Is it a host check reports on?  First with what was known
	 * before the scan, else with what the scan found too. */
	policy_match_profiles(cc->pol, f, match_cb, &mc);
	if (mc.first == NULL && hc.n_later > 0) {
		size_t	 n_before = hc.hf.n_obs;

		for (i = 0; i < hc.n_later; i++)
			hostfacts_add_obs(&hc.hf, hc.later[i].proto,
			    hc.later[i].port, hc.later[i].key,
			    hc.later[i].value);
		policy_match_profiles(cc->pol, hostfacts_facts(&hc.hf),
		    match_cb, &mc);
		while (hc.hf.n_obs > n_before) {
			size_t	 k = --hc.hf.n_obs;

			free((char *)(uintptr_t)hc.hf.obs[k].proto);
			free((char *)(uintptr_t)hc.hf.obs[k].key);
			free((char *)(uintptr_t)hc.hf.obs[k].value);
		}
		f = hostfacts_facts(&hc.hf);
	}
	cls = has_mac && cc->oui != NULL ? oui_class(cc->oui, mac, &label) :
	    OUI_CLASS_NONE;
	sc.host_id = row->id;
	if ((r = db_foreach_host_scan(cc->db, cc->cs->id, state_cb, &sc)) < 0) {
		rc = r;
		goto out;
	}
	fragile = mc.first != NULL || cls == OUI_CLASS_MEDICAL ||
	    cls == OUI_CLASS_SERIAL || fc.stored[0] != '\0';

	ac = xcalloc(1, sizeof(*ac));
	ac->pol = cc->pol;
	ac->hc = &hc;
	policy_decide(cc->pol, cc->cs->level, cc->cs->host_pps,
	    cc->cs->host_conns, cc->cs->gap_ms, f, &ac->hp);
	/* Before ARP only the address (and a MAC known from an earlier
	 * scan) could be used. */
	memset(&ipf, 0, sizeof(ipf));
	ipf = *f;
	if (row->first_scan == 0 || row->first_scan >= cc->cs->id) {
		ipf.mac = NULL;
		ipf.oui_class = OUI_CLASS_NONE;
		ipf.oui_vendor = NULL;
	}
	policy_decide(cc->pol, cc->cs->level, cc->cs->host_pps,
	    cc->cs->host_conns, cc->cs->gap_ms, &ipf, &pre_arp);
	ac->arp_ok = !pre_arp.excluded && pre_arp.level != LEVEL_PASSIVE;
	if ((r = db_foreach_audit(cc->db, cc->cs->id, row->ip, audit_cb,
	    ac)) < 0) {
		rc = r;
		goto out;
	}
	if (!fragile && strcmp(sc.state, "breaker") != 0 &&
	    ac->n_problems == 0 && !(cc->all && ac->total > 0))
		goto out;

	cc->reported++;
	printf("\n%s", row->ip);
	if (row->mac != NULL)
		printf("  %s", row->mac);
	if (row->oui_vendor != NULL)
		printf("  %s", clean(buf, sizeof(buf), row->oui_vendor));
	putchar('\n');
	if (mc.first != NULL) {
		printf("  profile    %s", mc.ids);
		printf("\n");
		print_wrapped("  matched on ", clean(buf, sizeof(buf),
		    mc.why));
		print_wrapped("  hazard     ", mc.first->hazard);
		print_wrapped("  advisories ", mc.first->source);
	} else if (fc.stored[0] != '\0')
		printf("  profile    %s (stored; not in the loaded profile "
		    "set)\n", fc.stored);
	if (cls == OUI_CLASS_MEDICAL || cls == OUI_CLASS_SERIAL)
		printf("  maker      %s%s%s%s\n", oui_class_name(cls),
		    label != NULL ? " (" : "", label != NULL ? label : "",
		    label != NULL ? ")" : "");
	print_wrapped("  policy     ", ac->hp.reason);
	printf("             allowed: ");
	if (ac->hp.excluded || ac->hp.level == LEVEL_PASSIVE)
		printf("nothing%s", ac->arp_ok ? " but ARP" : "");
	else if (ac->hp.restrict_ports) {
		printf("tcp ports ");
		for (i = 0; i < ac->hp.n_ports; i++)
			printf("%s%u", i ? "," : "", ac->hp.ports[i]);
		if (ac->hp.n_ports == 0)
			printf("none");
	} else
		printf("the scan's ports");
	printf("; level %s; forbid %s; %.1f packets/s\n",
	    safety_level_name(ac->hp.level),
	    profile_forbid_str(ac->hp.forbid, forbid, sizeof(forbid)),
	    ac->hp.pps);
	printf("  sent       ");
	if (ac->total == 0)
		printf("nothing");
	for (i = 0; i < ac->n_items; i++) {
		const struct sent_item *it = &ac->items[i];

		if (it->port > 0)
			printf("%s%s %s/%d x%u", i ? ", " : "", it->kind,
			    it->proto, it->port, it->n);
		else
			printf("%s%s x%u", i ? ", " : "", it->kind, it->n);
	}
	if (ac->total > 0)
		printf("; peak %u packets in one second", ac->peak);
	putchar('\n');
	if (strcmp(sc.state, "breaker") == 0) {
		cc->breakers++;
		printf("  state      STOPPED ANSWERING during the scan (%s): "
		    "check this device\n", sc.reason[0] != '\0' ? sc.reason :
		    "circuit breaker");
	} else if (sc.state[0] != '\0')
		printf("  state      %s\n", sc.state);
	if (ac->n_problems == 0)
		printf("  verdict    ok: nothing beyond the policy was sent\n");
	else {
		cc->exceeded++;
		printf("  verdict    POLICY EXCEEDED:\n");
		for (i = 0; i < ac->n_problems; i++)
			printf("    - %s\n", ac->problems[i]);
		if (ac->more_problems > 0)
			printf("    - ... and %zu more\n", ac->more_problems);
	}
 out:
	if (ac != NULL) {
		for (i = 0; i < ac->n_problems; i++)
			free(ac->problems[i]);
		free(ac);
	}
	for (i = 0; i < hc.n_later; i++) {
		free(hc.later[i].proto);
		free(hc.later[i].key);
		free(hc.later[i].value);
	}
	free(hc.later);
	hostfacts_free(&hc.hf);
	if (rc < 0)
		cc->err = rc;
	return rc < 0 ? rc : 0;
}

enum {
	OPT_DB = 256, OPT_SCAN, OPT_OUI_DIR, OPT_ALL
};

static const struct option check_longopts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "scan", required_argument, NULL, OPT_SCAN },
	{ "all", no_argument, NULL, OPT_ALL },
	CMD_POLICY_LONGOPTS,
	{ "oui-dir", required_argument, NULL, OPT_OUI_DIR },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int
cmd_check(int argc, char **argv)
{
	struct check_scan cs;
	struct check_ctx cc;
	struct policy	*pol = NULL;
	struct db	*db = NULL;
	struct oui_db	*oui = NULL;
	const char	*dbpath = cmd_db_path(NULL);
	struct cmd_policy_files pf = { NULL, NULL, NULL };
	const char	*oui_dir = "/usr/share/ieee-data";
	long long	 v;
	int		 ch, r = EXIT_USAGE;

	memset(&cs, 0, sizeof(cs));
	memset(&cc, 0, sizeof(cc));
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":h", check_longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case OPT_DB:
			dbpath = optarg;
			break;
		case OPT_SCAN:
			if (parse_ll(optarg, 1, INT64_MAX, &v) != 0) {
				r = cmd_usage_error("check", "--scan needs a "
				    "scan id, not '%s'", optarg);
				goto out;
			}
			cs.id = v;
			break;
		case OPT_ALL:
			cc.all = 1;
			break;
		case OPT_OUI_DIR:
			oui_dir = optarg;
			break;
		default:
			if (cmd_common_option("check", ch, argv, &pf,
			    check_usage, &r))
				goto out;
			break;
		}
	}
	if (cmd_operand_left("check", argc, argv, &r))
		goto out;
	if (cmd_open_db("check", dbpath, DB_RDONLY, &db) != 0)
		goto out;
	if (cmd_policy_load(pf.profiles, pf.local, pf.policy_file, &pol) != 0)
		goto out;
	oui = cmd_oui_load(oui_dir);
	if (db_foreach_scan(db, scan_cb, &cs) < 0) {
		fprintf(stderr, "iomtscan check: %s\n", db_errmsg(db));
		goto out;
	}
	if (!cs.found) {
		if (cs.id != 0) {
			fprintf(stderr, "iomtscan check: no scan %lld in %s\n",
			    (long long)cs.id, dbpath);
			goto out;
		}
		printf("No scan recorded in %s: nothing to check.\n", dbpath);
		r = EXIT_OK;
		goto out;
	}
	printf("Scan %lld (%s) of %s, level %s\n", (long long)cs.id,
	    cs.status, cs.targets, safety_level_name(cs.level));
	cc.cs = &cs;
	cc.pol = pol;
	cc.oui = oui;
	cc.db = db;
	if (db_foreach_host(db, host_cb, &cc) < 0 || cc.err != 0) {
		fprintf(stderr, "iomtscan check: %s\n", db_errmsg(db));
		goto out;
	}
	printf("\n%d host%s reported; %d exceeded a policy; %d stopped "
	    "answering.\n", cc.reported, cc.reported == 1 ? "" : "s",
	    cc.exceeded, cc.breakers);
	r = cc.exceeded > 0 ? EXIT_PROBLEMS : EXIT_OK;
 out:
	policy_free(pol);
	oui_free(oui);
	db_close(db);
	return r;
}
