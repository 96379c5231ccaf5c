/*
 * cmd-plan.c - "iomtscan plan": the dry run a change board approves.
 *
 * Takes the same options as "iomtscan scan" (plus the policy files and
 * --format/--save), works out what that scan would send with plan.c, and
 * prints it.  It sends nothing, not even an ARP request: it never opens a
 * capture handle, a raw socket or a connection, and it never calls into
 * the engine.  The attached networks (to know where ARP would be used)
 * come from getifaddrs(), which only reads the kernel's table.  The
 * inventory is opened read-only and only if it exists.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "iomt/cmd.h"
#include "iomt/db.h"
#include "iomt/error.h"
#include "iomt/log.h"
#include "iomt/oui.h"
#include "iomt/plan.h"
#include "iomt/policy.h"
#include "iomt/scan.h"
#include "iomt/target.h"
#include "iomt/util.h"
#include "iomt/xmalloc.h"

#define PLAN_MAX_NETS		32
#define PLAN_MAX_COMMUNITIES	8

static void
plan_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan plan [scan options] [--format text|json] [--save FILE]\n"
"                     TARGET...\n"
"\n"
"Show what 'iomtscan scan' with the same options would send, without\n"
"sending anything at all (not one ARP request): per subnet and per host\n"
"already in the inventory, the safety level and why, the probes, the\n"
"most packets that could be sent, the per-host rate, the hosts held back\n"
"and by which profile or rule, and the expected duration.\n"
"\n"
"  --format text|json       output (default text)\n"
"  --save FILE              also write the plan as JSON to FILE, for\n"
"                           'iomtscan scan --plan FILE'\n"
"  --profiles FILE          shipped profiles (default data/profiles.conf)\n"
"  --profiles-local FILE    site profiles (default\n"
"                           /etc/iomtscan/profiles.local.conf if present)\n"
"  --policy FILE            site policy (default /etc/iomtscan/policy.conf\n"
"                           if present)\n"
"  --db FILE                inventory whose known hosts are planned\n"
"                           individually (default ./iomtscan.db if present)\n"
"\n"
"Scan options (as for 'iomtscan scan'): -iL FILE, --exclude SPEC,\n"
"--exclude-file FILE, --max-hosts N, --ports LIST, --level LEVEL,\n"
"--no-snmp, --community STR, --no-arp, --rate PPS, --host-rate PPS,\n"
"--host-conns N, --scan-delay MS, --connect-timeout MS,\n"
"--banner-timeout MS, --group N, -e IFACE, --oui-dir DIR; --seed,\n"
"--breaker, --user and --dicom-called-ae are accepted and ignored.\n"
"\n"
"Exit status: 0 ok, 2 usage error or bad input.\n");
}

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
bad(const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "iomtscan plan: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nRun 'iomtscan plan --help' for usage.\n");
	return EXIT_USAGE;
}

/* "22,80,100-110" into a new array.  Return 0 or IOMT_EINVAL. */
static int
parse_ports(const char *spec, uint16_t **out, size_t *np)
{
	char		*copy = xstrdup(spec), *p = copy, *tok, *dash;
	uint16_t	*ports = NULL;
	size_t		 n = 0, i;
	long long	 lo, hi, v;
	int		 r = IOMT_EINVAL;

	while (p != NULL && *p != '\0') {
		tok = p;
		p = strchr(p, ',');
		if (p != NULL)
			*p++ = '\0';
		dash = strchr(tok, '-');
		if (dash != NULL)
			*dash++ = '\0';
		if (parse_ll(tok, 1, 65535, &lo) != 0 || (dash != NULL &&
		    parse_ll(dash, 1, 65535, &hi) != 0))
			goto out;
		if (dash == NULL)
			hi = lo;
		if (hi < lo)
			goto out;
		for (v = lo; v <= hi; v++) {
			for (i = 0; i < n; i++)
				if (ports[i] == v)
					break;
			if (i < n)
				continue;
			ports = xreallocarray(ports, n + 1, sizeof(*ports));
			ports[n++] = (uint16_t)v;
		}
	}
	if (n == 0)
		goto out;
	*out = ports;
	*np = n;
	ports = NULL;
	r = 0;
 out:
	free(ports);
	free(copy);
	return r;
}

/* Attached IPv4 networks, from the kernel's table (nothing is sent). */
static size_t
attached_nets(const char *iface, struct plan_net *nets, size_t max)
{
	struct ifaddrs	*ifa, *i;
	size_t		 n = 0;

	if (getifaddrs(&ifa) != 0)
		return 0;
	for (i = ifa; i != NULL && n < max; i = i->ifa_next) {
		const struct sockaddr_in *a, *m;

		if (i->ifa_addr == NULL || i->ifa_netmask == NULL ||
		    i->ifa_addr->sa_family != AF_INET ||
		    (i->ifa_flags & IFF_LOOPBACK) != 0 ||
		    (i->ifa_flags & IFF_UP) == 0)
			continue;
		if (iface != NULL && strcmp(iface, i->ifa_name) != 0)
			continue;
		a = (const struct sockaddr_in *)(const void *)i->ifa_addr;
		m = (const struct sockaddr_in *)(const void *)i->ifa_netmask;
		nets[n].addr = ntohl(a->sin_addr.s_addr);
		nets[n].mask = ntohl(m->sin_addr.s_addr);
		if (nets[n].mask != 0)
			n++;
	}
	freeifaddrs(ifa);
	return n;
}

enum {
	OPT_EXCLUDE = 256, OPT_EXCLUDE_FILE, OPT_MAX_HOSTS, OPT_PORTS,
	OPT_LEVEL, OPT_NO_SNMP, OPT_COMMUNITY, OPT_DICOM_AE, OPT_NO_ARP,
	OPT_RATE, OPT_HOST_RATE, OPT_HOST_CONNS, OPT_SCAN_DELAY,
	OPT_CONNECT_TO, OPT_BANNER_TO, OPT_BREAKER, OPT_GROUP, OPT_SEED,
	OPT_DB, OPT_USER, OPT_OUI_DIR, OPT_FORMAT, OPT_SAVE, OPT_PROFILES,
	OPT_LOCAL, OPT_POLICY
};

static const struct option plan_longopts[] = {
	{ "iL", required_argument, NULL, 'L' },
	{ "input-list", required_argument, NULL, 'L' },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "exclude-file", required_argument, NULL, OPT_EXCLUDE_FILE },
	{ "max-hosts", required_argument, NULL, OPT_MAX_HOSTS },
	{ "ports", required_argument, NULL, OPT_PORTS },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "no-snmp", no_argument, NULL, OPT_NO_SNMP },
	{ "community", required_argument, NULL, OPT_COMMUNITY },
	{ "dicom-called-ae", required_argument, NULL, OPT_DICOM_AE },
	{ "no-arp", no_argument, NULL, OPT_NO_ARP },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "host-rate", required_argument, NULL, OPT_HOST_RATE },
	{ "host-conns", required_argument, NULL, OPT_HOST_CONNS },
	{ "scan-delay", required_argument, NULL, OPT_SCAN_DELAY },
	{ "connect-timeout", required_argument, NULL, OPT_CONNECT_TO },
	{ "banner-timeout", required_argument, NULL, OPT_BANNER_TO },
	{ "breaker", required_argument, NULL, OPT_BREAKER },
	{ "group", required_argument, NULL, OPT_GROUP },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "db", required_argument, NULL, OPT_DB },
	{ "interface", required_argument, NULL, 'e' },
	{ "user", required_argument, NULL, OPT_USER },
	{ "oui-dir", required_argument, NULL, OPT_OUI_DIR },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "save", required_argument, NULL, OPT_SAVE },
	{ "profiles", required_argument, NULL, OPT_PROFILES },
	{ "profiles-local", required_argument, NULL, OPT_LOCAL },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
add_specs(struct target_set *ts, const char *arg, char *err, size_t errlen)
{
	char	*copy = xstrdup(arg), *p = copy, *tok;
	int	 r = 0;

	while (p != NULL && r == 0) {
		tok = p;
		p = strchr(p, ',');
		if (p != NULL)
			*p++ = '\0';
		if (*tok != '\0')
			r = target_set_add(ts, tok, err, errlen);
	}
	free(copy);
	return r;
}

int
cmd_plan(int argc, char **argv)
{
	struct scan_opts o;
	struct plan_input in;
	struct plan_net	 nets[PLAN_MAX_NETS];
	struct plan	*pl = NULL;
	struct policy	*pol = NULL;
	struct db	*db = NULL;
	struct oui_db	*oui = NULL;
	const char	*dbpath = getenv("IOMT_DB"), *save = NULL;
	const char	*profiles = NULL, *local = NULL, *policy_file = NULL;
	const char	*communities[PLAN_MAX_COMMUNITIES + 1];
	size_t		 n_comm = 0, tlen = 1;
	char		 err[512], cls[1024], *targets_text = NULL;
	int		 ch, i, r = EXIT_USAGE, json = 0, dbgiven = 0;
	int		 verbose = 0;
	long long	 v;
	double		 d;
	struct stat	 sb;
	FILE		*fp;

	scan_opts_default(&o);
	memset(&in, 0, sizeof(in));
	if (dbpath == NULL)
		dbpath = "iomtscan.db";
	else
		dbgiven = 1;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long_only(argc, argv, ":e:qvh", plan_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'L':
			if (target_set_add_file(&o.targets, optarg, err,
			    sizeof(err)) != 0) {
				r = bad("%s", err);
				goto out;
			}
			break;
		case OPT_EXCLUDE:
			if (add_specs(&o.excludes, optarg, err,
			    sizeof(err)) != 0) {
				r = bad("--exclude: %s", err);
				goto out;
			}
			break;
		case OPT_EXCLUDE_FILE:
			if (target_set_add_file(&o.excludes, optarg, err,
			    sizeof(err)) != 0) {
				r = bad("--exclude-file: %s", err);
				goto out;
			}
			break;
		case OPT_MAX_HOSTS:
			if (parse_ll(optarg, 1, 1 << 20, &v) != 0) {
				r = bad("--max-hosts must be 1..1048576");
				goto out;
			}
			o.max_hosts = (uint64_t)v;
			break;
		case OPT_PORTS:
			free(o.tcp_ports);
			o.tcp_ports = NULL;
			if (parse_ports(optarg, &o.tcp_ports,
			    &o.n_tcp_ports) != 0) {
				r = bad("bad --ports '%s'", optarg);
				goto out;
			}
			break;
		case OPT_LEVEL:
			i = safety_level_parse(optarg);
			if (i < 0 || i > LEVEL_STANDARD) {
				r = bad("--level must be passive, discovery, "
				    "gentle or standard, not '%s'", optarg);
				goto out;
			}
			o.level = (enum safety_level)i;
			break;
		case OPT_NO_SNMP:
			o.snmp = 0;
			break;
		case OPT_COMMUNITY:
			if (n_comm == PLAN_MAX_COMMUNITIES) {
				r = bad("--community: at most 8");
				goto out;
			}
			communities[n_comm++] = optarg;
			break;
		case OPT_NO_ARP:
			o.no_arp = 1;
			break;
		case OPT_RATE:
			if (parse_double(optarg, 0.1, SCAN_MAX_GLOBAL_PPS,
			    &d) != 0) {
				r = bad("--rate must be 0.1..%.0f packets/s",
				    SCAN_MAX_GLOBAL_PPS);
				goto out;
			}
			o.global_pps = d;
			break;
		case OPT_HOST_RATE:
			if (parse_double(optarg, 0.1, SCAN_MAX_HOST_PPS,
			    &d) != 0) {
				r = bad("--host-rate must be 0.1..%.0f "
				    "packets/s", SCAN_MAX_HOST_PPS);
				goto out;
			}
			o.host_pps = d;
			break;
		case OPT_HOST_CONNS:
			if (parse_ll(optarg, 1, SCAN_MAX_HOST_CONNS, &v) != 0) {
				r = bad("--host-conns must be 1..%d",
				    SCAN_MAX_HOST_CONNS);
				goto out;
			}
			o.host_conns = (int)v;
			break;
		case OPT_SCAN_DELAY:
			if (parse_ll(optarg, SCAN_MIN_GAP_MS, 3600000,
			    &v) != 0) {
				r = bad("--scan-delay must be %d..3600000 ms",
				    SCAN_MIN_GAP_MS);
				goto out;
			}
			o.gap_ms = (unsigned)v;
			break;
		case OPT_CONNECT_TO:
		case OPT_BANNER_TO:
			if (parse_ll(optarg, 100, 60000, &v) != 0) {
				r = bad("timeouts must be 100..60000 ms");
				goto out;
			}
			if (ch == OPT_CONNECT_TO)
				o.connect_ms = (unsigned)v;
			else
				o.banner_ms = (unsigned)v;
			break;
		case OPT_GROUP:
			if (parse_ll(optarg, 1, 4096, &v) != 0) {
				r = bad("--group must be 1..4096");
				goto out;
			}
			o.group = (size_t)v;
			break;
		case OPT_BREAKER:
		case OPT_SEED:
		case OPT_USER:
		case OPT_DICOM_AE:
			break;
		case OPT_DB:
			dbpath = optarg;
			dbgiven = 1;
			break;
		case 'e':
			o.iface = optarg;
			break;
		case OPT_OUI_DIR:
			o.oui_dir = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0)
				json = 1;
			else if (strcmp(optarg, "text") != 0) {
				r = bad("--format must be text or json");
				goto out;
			}
			break;
		case OPT_SAVE:
			save = optarg;
			break;
		case OPT_PROFILES:
			profiles = optarg;
			break;
		case OPT_LOCAL:
			local = optarg;
			break;
		case OPT_POLICY:
			policy_file = optarg;
			break;
		case 'q':
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			plan_usage(stdout);
			r = EXIT_OK;
			goto out;
		case ':':
			r = bad("option '%s' needs an argument",
			    argv[optind - 1]);
			goto out;
		default:
			r = bad("unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	for (i = optind; i < argc; i++) {
		if (target_set_add(&o.targets, argv[i], err,
		    sizeof(err)) != 0) {
			r = bad("%s", err);
			goto out;
		}
		tlen += strlen(argv[i]) + 1;
	}
	if (o.targets.n == 0) {
		r = bad("no targets given (e.g. iomtscan plan 198.18.0.0/24)");
		goto out;
	}
	target_set_finish(&o.targets);
	target_set_finish(&o.excludes);
	if (target_set_count(&o.targets) > o.max_hosts) {
		r = bad("%llu addresses exceed --max-hosts %llu",
		    (unsigned long long)target_set_count(&o.targets),
		    (unsigned long long)o.max_hosts);
		goto out;
	}
	if (n_comm > 0) {
		communities[n_comm] = NULL;
		o.pcfg.snmp_communities = communities;
	}
	if (verbose == 1)
		log_set_level(LOG_LVL_INFO);
	else if (verbose > 1)
		log_set_level(LOG_LVL_DEBUG);
	targets_text = xcalloc(1, tlen);
	for (i = optind; i < argc; i++) {
		if (i > optind)
			strlcpy(targets_text + strlen(targets_text), " ",
			    tlen - strlen(targets_text));
		strlcpy(targets_text + strlen(targets_text), argv[i],
		    tlen - strlen(targets_text));
	}
	if (cmd_policy_load(profiles, local, policy_file, &pol) != 0)
		goto out;
	if (dbgiven || stat(dbpath, &sb) == 0) {
		if (db_open(dbpath, DB_RDONLY, &db, err, sizeof(err)) != 0) {
			fprintf(stderr, "iomtscan plan: cannot open database "
			    "%s: %s\n", dbpath, err);
			goto out;
		}
	}
	if (cmd_datafile("data/device-ouis.txt", cls, sizeof(cls)) != 0)
		cls[0] = '\0';
	if (oui_load(o.oui_dir, cls[0] != '\0' ? cls : NULL, &oui) != 0) {
		log_info("no IEEE registry in %s: vendors unknown", o.oui_dir);
		oui = NULL;
	}
	in.opts = &o;
	in.pol = pol;
	in.db = db;
	in.oui = oui;
	in.nets = nets;
	in.n_nets = attached_nets(o.iface, nets, PLAN_MAX_NETS);
	in.targets_text = targets_text;
	if (plan_build(&in, &pl, err, sizeof(err)) != 0) {
		fprintf(stderr, "iomtscan plan: %s\n", err);
		goto out;
	}
	if (json)
		plan_write_json(pl, stdout);
	else
		plan_write_text(pl, stdout);
	if (save != NULL) {
		if ((fp = fopen(save, "w")) == NULL) {
			fprintf(stderr, "iomtscan plan: cannot write %s: %s\n",
			    save, strerror(errno));
			goto out;
		}
		plan_write_json(pl, fp);
		if (fclose(fp) != 0) {
			fprintf(stderr, "iomtscan plan: cannot write %s: %s\n",
			    save, strerror(errno));
			goto out;
		}
		if (!json)
			printf("Plan saved to %s.\n", save);
	}
	r = EXIT_OK;
 out:
	plan_free(pl);
	policy_free(pol);
	oui_free(oui);
	db_close(db);
	free(o.tcp_ports);
	free(targets_text);
	target_set_free(&o.targets);
	target_set_free(&o.excludes);
	return r;
}
