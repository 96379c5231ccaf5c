/*
 * cmd-scan.c - "iomtscan scan": options, checks, then the engine.
 *
 * Every option is validated before anything is opened or sent: a bad
 * target, a rate above its hard ceiling or an unreadable file ends the
 * command with a one-line message and exit status 2, and nothing reaches
 * the network.  Ceilings are refused, not clamped, so a scheduled job never
 * silently runs differently from what its author wrote.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "iomt/cmd.h"
#include "iomt/db.h"
#include "iomt/error.h"
#include "iomt/log.h"
#include "iomt/plan.h"
#include "iomt/policy.h"
#include "iomt/scan.h"
#include "iomt/util.h"
#include "iomt/xmalloc.h"

#define SCAN_MAX_COMMUNITIES	8

static void
scan_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan scan [options] TARGET...\n"
"\n"
"Discover hosts and services on TARGET (IPv4 address, CIDR block such as\n"
"198.18.0.0/24, or range such as 198.18.0.10-40), safely paced.\n"
"\n"
"Targets:\n"
"  -iL, --input-list FILE   read targets from FILE (one or more per line)\n"
"  --exclude SPEC[,SPEC]    never send anything (ARP included) to these\n"
"  --exclude-file FILE      exclusions from FILE\n"
"  --max-hosts N            refuse more than N addresses (default 65536)\n"
"\n"
"What is sent:\n"
"  --ports LIST             TCP ports to check, e.g. 22,80,100-110\n"
"                           (replaces the default list; see docs/PORTS.md)\n"
"  --level LEVEL            highest safety level: passive, discovery,\n"
"                           gentle, standard (default); clinical is an\n"
"                           opt-in that sends application messages\n"
"                           (HL7 NMQ^N01): only with the owners' approval\n"
"  --no-snmp                send no SNMP requests\n"
"  --community STR          SNMP community to use (default public; repeat)\n"
"  --dicom-called-ae AE     called AE title for DICOM (default ANY-SCP)\n"
"  --no-arp                 discover by TCP connect only\n"
"  --no-scripts             run no identification scripts (probes/*.lua)\n"
"\n"
"Safety policy (docs/SAFETY.md, docs/PROFILES.md, docs/POLICY.md):\n"
"  --profiles FILE          fragile-device profiles (default: shipped)\n"
"  --profiles-local FILE    site profiles and overrides\n"
"                           (default /etc/iomtscan/profiles.local.conf)\n"
"  --policy FILE            site policy: subnet levels, exclusions by\n"
"                           address, MAC, OUI, vendor or device class\n"
"                           (default /etc/iomtscan/policy.conf)\n"
"  --plan FILE              refuse anything beyond this saved plan\n"
"                           (iomtscan plan --save FILE)\n"
"\n"
"Pacing (lower freely; raising past the ceiling is refused):\n"
"  --rate PPS               global packets/s (default %.0f, ceiling %.0f)\n"
"  --host-rate PPS          packets/s to one host (default %.0f, ceiling %.0f)\n"
"  --host-conns N           connections open to one host (default %d, max %d)\n"
"  --scan-delay MS          minimum gap between probes to one host\n"
"                           (default %d, at least %d)\n"
"  --connect-timeout MS     (default %d)\n"
"  --banner-timeout MS      wait for a banner or reply (default %d)\n"
"  --breaker N              leave a host alone after N consecutive timeouts\n"
"                           or resets (default %d)\n"
"  --group N                hosts in progress at once (default %d)\n"
"  --seed N                 host order seed (default: random)\n"
"\n"
"Other:\n"
"  --db FILE                inventory database (default ./iomtscan.db)\n"
"  -e, --interface IFACE    interface for ARP (default: by subnet)\n"
"  --user USER              drop root to USER after opening raw handles\n"
"                           (default nobody)\n"
"  --oui-dir DIR            IEEE registry files (default /usr/share/ieee-data)\n"
"  -q, --quiet              no progress line, no summary\n"
"  -v, --verbose            more messages (repeat for debug)\n"
"  -h, --help               this help\n"
"\n"
"Exit status: 0 ok, 1 finished with problems (interrupted, a host tripped\n"
"the circuit breaker), 2 usage error or bad input.\n",
	    SCAN_DEF_GLOBAL_PPS, SCAN_MAX_GLOBAL_PPS, SCAN_DEF_HOST_PPS,
	    SCAN_MAX_HOST_PPS, SCAN_DEF_HOST_CONNS, SCAN_MAX_HOST_CONNS,
	    SCAN_DEF_GAP_MS, SCAN_MIN_GAP_MS, SCAN_DEF_CONNECT_MS,
	    SCAN_DEF_BANNER_MS, SCAN_DEF_BREAKER, SCAN_DEF_GROUP);
}

int
cmd_datafile(const char *rel, char *dst, size_t dsize)
{
	const char	*env = getenv("IOMT_DATADIR");
	const char	*dirs[3];
	size_t		 i;
	struct stat	 sb;

	dirs[0] = env;
	dirs[1] = IOMT_SRCDIR;
	dirs[2] = IOMT_PKGDATADIR;
	for (i = 0; i < 3; i++) {
		if (dirs[i] == NULL || dirs[i][0] == '\0')
			continue;
		if ((size_t)snprintf(dst, dsize, "%s/%s", dirs[i], rel) >=
		    dsize)
			continue;
		if (stat(dst, &sb) == 0)
			return 0;
	}
	return IOMT_ENOTFOUND;
}

/* Parse "22,80,100-110" into a new array.  Return 0 or IOMT_EINVAL. */
static int
parse_ports(const char *spec, uint16_t **out, size_t *np, char *err,
    size_t errlen)
{
	char		*copy = xstrdup(spec), *p = copy, *tok;
	uint16_t	*ports = NULL;
	size_t		 n = 0, cap = 0;
	int		 r = IOMT_EINVAL;

	while (p != NULL && *p != '\0') {
		long long	 lo, hi, v;
		char		*dash;

		tok = p;
		p = strchr(p, ',');
		if (p != NULL)
			*p++ = '\0';
		dash = strchr(tok, '-');
		if (dash != NULL)
			*dash++ = '\0';
		if (parse_ll(tok, 1, 65535, &lo) != 0 ||
		    (dash != NULL && parse_ll(dash, 1, 65535, &hi) != 0)) {
			snprintf(err, errlen, "bad port in --ports: '%s'", tok);
			goto out;
		}
		if (dash == NULL)
			hi = lo;
		if (hi < lo) {
			snprintf(err, errlen, "bad port range %lld-%lld", lo,
			    hi);
			goto out;
		}
		for (v = lo; v <= hi; v++) {
			size_t	 i;
			int	 dup = 0;

			for (i = 0; i < n; i++)
				if (ports[i] == v)
					dup = 1;
			if (dup)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				ports = xreallocarray(ports, cap,
				    sizeof(*ports));
			}
			ports[n++] = (uint16_t)v;
		}
	}
	if (n == 0) {
		snprintf(err, errlen, "--ports names no port");
		goto out;
	}
	*out = ports;
	*np = n;
	ports = NULL;
	r = 0;
 out:
	free(ports);
	free(copy);
	return r;
}

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
bad(const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "iomtscan scan: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fprintf(stderr, "Run 'iomtscan scan --help' for usage.\n");
	return EXIT_USAGE;
}

enum {
	OPT_EXCLUDE = 256, OPT_EXCLUDE_FILE, OPT_MAX_HOSTS, OPT_PORTS,
	OPT_LEVEL, OPT_NO_SNMP, OPT_COMMUNITY, OPT_DICOM_AE, OPT_NO_ARP,
	OPT_RATE, OPT_HOST_RATE, OPT_HOST_CONNS, OPT_SCAN_DELAY,
	OPT_CONNECT_TO, OPT_BANNER_TO, OPT_BREAKER, OPT_GROUP, OPT_SEED,
	OPT_DB, OPT_USER, OPT_OUI_DIR, OPT_NO_SCRIPTS, OPT_PROFILES,
	OPT_PROFILES_LOCAL, OPT_POLICY, OPT_PLAN
};

static const struct option scan_longopts[] = {
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
	{ "no-scripts", no_argument, NULL, OPT_NO_SCRIPTS },
	{ "profiles", required_argument, NULL, OPT_PROFILES },
	{ "profiles-local", required_argument, NULL, OPT_PROFILES_LOCAL },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "plan", required_argument, NULL, OPT_PLAN },
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
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Join argv targets into one string for the scans table. */
static char *
join_targets(int argc, char **argv, int first)
{
	size_t	 len = 1;
	int	 i;
	char	*s;

	for (i = first; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = xcalloc(1, len);
	for (i = first; i < argc; i++) {
		if (i > first)
			strlcpy(s + strlen(s), " ", len - strlen(s));
		strlcpy(s + strlen(s), argv[i], len - strlen(s));
	}
	return s;
}

int
cmd_scan(int argc, char **argv)
{
	struct scan_opts o;
	struct scan_stats st;
	struct db	*db = NULL;
	const char	*dbpath = getenv("IOMT_DB");
	const char	*communities[SCAN_MAX_COMMUNITIES + 1];
	size_t		 n_comm = 0;
	char		 err[512], classpath[1024], *targets_text = NULL;
	char		 probesdir[1024], luadir[1024];
	const char	*profiles = NULL, *profiles_local = NULL;
	const char	*policy_file = NULL, *plan_path = NULL;
	struct policy	*pol = NULL;
	struct plan	*plan = NULL;
	int		 ch, i, r = EXIT_USAGE, quiet = 0, verbose = 0;
	long long	 v;
	double		 d;

	scan_opts_default(&o);
	if (dbpath == NULL)
		dbpath = "iomtscan.db";
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long_only(argc, argv, ":e:qvh", scan_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'L':
			if (target_set_add_file(&o.targets, optarg, err,
			    sizeof(err)) != 0) {
				r = bad("%s", err);
				goto out;
			}
			break;
		case OPT_EXCLUDE: {
			char	*copy = xstrdup(optarg), *p = copy, *tok;
			int	 bad_spec = 0;

			while (p != NULL && !bad_spec) {
				tok = p;
				p = strchr(p, ',');
				if (p != NULL)
					*p++ = '\0';
				if (*tok != '\0' && target_set_add(&o.excludes,
				    tok, err, sizeof(err)) != 0)
					bad_spec = 1;
			}
			free(copy);
			if (bad_spec) {
				r = bad("--exclude: %s", err);
				goto out;
			}
			break;
		}
		case OPT_EXCLUDE_FILE:
			if (target_set_add_file(&o.excludes, optarg, err,
			    sizeof(err)) != 0) {
				r = bad("--exclude-file: %s", err);
				goto out;
			}
			break;
		case OPT_MAX_HOSTS:
			if (parse_ll(optarg, 1, 1 << 20, &v) != 0) {
				r = bad("--max-hosts must be 1..1048576, not "
				    "'%s'", optarg);
				goto out;
			}
			o.max_hosts = (uint64_t)v;
			break;
		case OPT_PORTS:
			free(o.tcp_ports);
			o.tcp_ports = NULL;
			if (parse_ports(optarg, &o.tcp_ports, &o.n_tcp_ports,
			    err, sizeof(err)) != 0) {
				r = bad("%s", err);
				goto out;
			}
			break;
		case OPT_LEVEL:
			i = safety_level_parse(optarg);
			if (i < 0) {
				r = bad("--level must be passive, discovery, "
				    "gentle, standard or clinical, not '%s'",
				    optarg);
				goto out;
			}
			if (i == LEVEL_CLINICAL)
				log_warn("--level clinical sends application "
				    "messages that clinical systems process "
				    "(HL7 NMQ^N01 to interface engines): use it "
				    "only with the system owners' approval");
			o.level = (enum safety_level)i;
			break;
		case OPT_NO_SNMP:
			o.snmp = 0;
			break;
		case OPT_COMMUNITY:
			if (n_comm == SCAN_MAX_COMMUNITIES || *optarg == '\0') {
				r = bad("--community: at most 8 non-empty "
				    "communities ('%s')", optarg);
				goto out;
			}
			communities[n_comm++] = optarg;
			break;
		case OPT_DICOM_AE:
			if (strlen(optarg) < 1 || strlen(optarg) > 16) {
				r = bad("--dicom-called-ae must be 1-16 "
				    "characters, not '%s'", optarg);
				goto out;
			}
			o.pcfg.dicom_called_ae = optarg;
			break;
		case OPT_NO_ARP:
			o.no_arp = 1;
			break;
		case OPT_NO_SCRIPTS:
			o.no_scripts = 1;
			break;
		case OPT_PROFILES:
			profiles = optarg;
			break;
		case OPT_PROFILES_LOCAL:
			profiles_local = optarg;
			break;
		case OPT_POLICY:
			policy_file = optarg;
			break;
		case OPT_PLAN:
			plan_path = optarg;
			break;
		case OPT_RATE:
			if (parse_double(optarg, 0.1, 1e9, &d) != 0) {
				r = bad("--rate must be a positive number, not "
				    "'%s'", optarg);
				goto out;
			}
			if (d > SCAN_MAX_GLOBAL_PPS) {
				r = bad("refusing --rate %s: the hard ceiling is "
				    "1000 packets/s (docs/RATELIMIT.md)", optarg);
				goto out;
			}
			o.global_pps = d;
			break;
		case OPT_HOST_RATE:
			if (parse_double(optarg, 0.1, 1e9, &d) != 0) {
				r = bad("--host-rate must be a positive number, "
				    "not '%s'", optarg);
				goto out;
			}
			if (d > SCAN_MAX_HOST_PPS) {
				r = bad("refusing --host-rate %s: the hard "
				    "ceiling is 40 packets/s per host", optarg);
				goto out;
			}
			o.host_pps = d;
			break;
		case OPT_HOST_CONNS:
			if (parse_ll(optarg, 1, 1000, &v) != 0) {
				r = bad("--host-conns must be a number >= 1, not "
				    "'%s'", optarg);
				goto out;
			}
			if (v > SCAN_MAX_HOST_CONNS) {
				r = bad("refusing --host-conns %s: at most 4 "
				    "connections per host", optarg);
				goto out;
			}
			o.host_conns = (int)v;
			break;
		case OPT_SCAN_DELAY:
			if (parse_ll(optarg, 0, 3600000, &v) != 0) {
				r = bad("--scan-delay must be milliseconds, not "
				    "'%s'", optarg);
				goto out;
			}
			if (v < SCAN_MIN_GAP_MS) {
				r = bad("refusing --scan-delay %s: at least 100 "
				    "ms between probes to one host", optarg);
				goto out;
			}
			o.gap_ms = (unsigned)v;
			break;
		case OPT_CONNECT_TO:
			if (parse_ll(optarg, 100, 60000, &v) != 0) {
				r = bad("--connect-timeout must be 100..60000 "
				    "ms, not '%s'", optarg);
				goto out;
			}
			o.connect_ms = (unsigned)v;
			break;
		case OPT_BANNER_TO:
			if (parse_ll(optarg, 100, 60000, &v) != 0) {
				r = bad("--banner-timeout must be 100..60000 "
				    "ms, not '%s'", optarg);
				goto out;
			}
			o.banner_ms = (unsigned)v;
			break;
		case OPT_BREAKER:
			if (parse_ll(optarg, 1, 100, &v) != 0) {
				r = bad("--breaker must be 1..100, not '%s'",
				    optarg);
				goto out;
			}
			o.breaker = (int)v;
			break;
		case OPT_GROUP:
			if (parse_ll(optarg, 1, 4096, &v) != 0) {
				r = bad("--group must be 1..4096, not '%s'",
				    optarg);
				goto out;
			}
			o.group = (size_t)v;
			break;
		case OPT_SEED:
			if (parse_ll(optarg, 0, INT64_MAX, &v) != 0) {
				r = bad("--seed must be a number, not '%s'",
				    optarg);
				goto out;
			}
			o.seed = (uint64_t)v;
			break;
		case OPT_DB:
			dbpath = optarg;
			break;
		case 'e':
			o.iface = optarg;
			break;
		case OPT_USER:
			o.user = optarg;
			break;
		case OPT_OUI_DIR:
			o.oui_dir = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			scan_usage(stdout);
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
	}
	if (o.targets.n == 0) {
		r = bad("%s", "no targets given (e.g. iomtscan scan "
		    "198.18.0.0/24)");
		goto out;
	}
	target_set_finish(&o.targets);
	target_set_finish(&o.excludes);
	if (target_set_count(&o.targets) > o.max_hosts) {
		snprintf(err, sizeof(err), "%llu addresses exceed --max-hosts "
		    "%llu; narrow the targets or raise --max-hosts",
		    (unsigned long long)target_set_count(&o.targets),
		    (unsigned long long)o.max_hosts);
		r = bad("%s", err);
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
	o.progress = !quiet;
	/* Without the curated maker table medical devices would get no
	 * special care: refuse rather than scan carelessly. */
	if (cmd_datafile("data/device-ouis.txt", classpath,
	    sizeof(classpath)) != 0) {
		r = bad("%s", "cannot find data/device-ouis.txt (the medical "
		    "and serial-bridge maker table); reinstall iomtscan or "
		    "set IOMT_DATADIR");
		goto out;
	}
	o.oui_classes = classpath;
	if (!o.no_scripts && cmd_datafile("probes", probesdir,
	    sizeof(probesdir)) == 0) {
		o.probes_dir = probesdir;
		if (cmd_datafile("lua", luadir, sizeof(luadir)) == 0)
			o.lua_dir = luadir;
	}
	/* Profiles and site policy: a broken file stops the scan. */
	if (cmd_policy_load(profiles, profiles_local, policy_file,
	    &pol) != 0) {
		r = EXIT_USAGE;
		goto out;
	}
	o.policy = pol;
	if (plan_path != NULL) {
		if (plan_load(plan_path, &plan) != 0) {
			r = bad("--plan %s is not a saved plan (iomtscan plan "
			    "--save)", plan_path);
			goto out;
		}
		o.plan = plan;
	}
	targets_text = join_targets(argc, argv, optind);
	o.targets_text = targets_text;

	if (db_open(dbpath, 0, &db, err, sizeof(err)) != 0) {
		fprintf(stderr, "iomtscan scan: cannot open database %s: %s\n",
		    dbpath, err);
		r = EXIT_USAGE;
		goto out;
	}
	if (scan_run(&o, db, &st) != 0) {
		r = EXIT_PROBLEMS;
		goto out;
	}
	if (!quiet)
		fprintf(stderr, "iomtscan: scanned %llu addresses in %.1fs: "
		    "%llu hosts up, %llu open ports, %llu probes sent, %llu "
		    "identified, %llu held back by policy%s%s\n",
		    (unsigned long long)st.targets, st.seconds,
		    (unsigned long long)st.hosts_up,
		    (unsigned long long)st.open_ports,
		    (unsigned long long)st.packets,
		    (unsigned long long)st.identified,
		    (unsigned long long)st.held,
		    st.breaker_trips ? "; hosts left alone after timeouts: "
		    "see 'iomtscan hosts'" : "",
		    st.interrupted ? " (interrupted)" : "");
	r = (st.breaker_trips > 0 || st.interrupted) ? EXIT_PROBLEMS :
	    EXIT_OK;
 out:
	db_close(db);
	policy_free(pol);
	plan_free(plan);
	free(o.tcp_ports);
	free(targets_text);
	target_set_free(&o.targets);
	target_set_free(&o.excludes);
	return r;
}
