/*
 * src/cli/scan.c - "iomtscan scan": options, checks, then the engine.
 *
 * Every option is validated before anything is opened or sent: a bad
 * target, a rate above its hard ceiling or an unreadable file ends the
 * command with a one-line message and exit status 2, and nothing reaches
 * the network.  Ceilings are refused, not clamped, so a scheduled job never
 * silently runs differently from what its author wrote.  The options
 * themselves are read by scan_cli_parse() (src/cli/options.c), which "iomtscan
 * plan" shares, so a plan and its scan read a command line alike.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/engine.h"
#include "iomt/safety.h"

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
"  --exclude-file FILE      exclusions from FILE (also --excludefile)\n"
"  --max-hosts N            refuse more than N addresses (default 65536)\n"
"\n"
"What is sent:\n"
"  -p, --ports LIST         TCP ports to check, e.g. 22,80,100-110\n"
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
"  --window SPEC            send only inside this local-time window, e.g.\n"
"                           22:00-06:00 or \"Mon-Fri 22:00-06:00,Sat-Sun\n"
"                           00:00-24:00\"; waits for it to open, pauses\n"
"                           the scan when it closes\n"
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
"Exit status: 0 ok (also paused at the window's end), 1 finished with\n"
"problems (interrupted, a host tripped the circuit breaker), 2 usage error\n"
"or bad input.\n",
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

enum {
	OPT_NO_SCRIPTS = SCAN_CLI_OPT_OWN, OPT_PLAN, OPT_WINDOW
};

/* What scan's own options set. */
struct scan_own {
	const char	*plan_path;	/* --plan */
	struct window	 window;	/* --window, parsed */
	const char	*window_spec;	/* its text; NULL: no window */
};

/* The options of scan that plan does not take. */
static const struct option scan_own_longopts[] = {
	{ "no-scripts", no_argument, NULL, OPT_NO_SCRIPTS },
	{ "plan", required_argument, NULL, OPT_PLAN },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ NULL, 0, NULL, 0 }
};

static int
scan_own_option(struct scan_cli *c, int ch, const char *arg, void *ctx)
{
	struct scan_own	*own = ctx;
	char		 err[256];

	if (ch == OPT_NO_SCRIPTS)
		c->o.no_scripts = 1;
	else if (ch == OPT_WINDOW) {
		if (window_parse(arg, &own->window, err, sizeof(err)) != 0)
			return cmd_usage_error("scan", "--window \"%s\": %s",
			    arg, err);
		own->window_spec = arg;
	} else
		own->plan_path = arg;
	return 0;
}

int
cmd_scan(int argc, char **argv)
{
	struct scan_cli	 c;
	struct scan_opts *o = &c.o;
	struct scan_stats st;
	struct db	*db = NULL;
	struct cmd_scan_paths paths;
	struct scan_own	 own;
	const char	*plan_path;
	struct policy	*pol = NULL;
	struct plan	*plan = NULL, *fresh = NULL;
	char		 err[512];
	int		 r = EXIT_USAGE, sr;

	memset(&own, 0, sizeof(own));
	scan_cli_init(&c, "scan");
	if (scan_cli_parse(&c, argc, argv, scan_own_longopts,
	    scan_own_option, &own) != 0)
		goto out;
	plan_path = own.plan_path;
	if (own.window_spec != NULL) {
		o->window = &own.window;
		o->window_text = own.window_spec;
	}
	if (c.help) {
		scan_usage(stdout);
		r = EXIT_OK;
		goto out;
	}
	cmd_log_verbosity(c.verbose);
	o->progress = !c.quiet;
	/* Without the curated maker table medical devices would get no
	 * special care: refuse rather than scan carelessly. */
	if ((r = cmd_scan_data("scan", o, &paths)) != 0)
		goto out;
	r = EXIT_USAGE;
	/* Profiles and site policy: a broken file stops the scan. */
	if (cmd_policy_load(c.pf.profiles, c.pf.local, c.pf.policy_file,
	    &pol) != 0) {
		r = EXIT_USAGE;
		goto out;
	}
	o->policy = pol;
	if (plan_path != NULL) {
		if (plan_load(plan_path, &plan) != 0) {
			r = cmd_usage_error("scan", "--plan %s is not a saved "
			    "plan (iomtscan plan --save)", plan_path);
			goto out;
		}
		o->plan = plan;
		if (cmd_plan_build(&c, pol, 0, &fresh) != 0)
			goto out;
		if (plan_covers(plan, fresh, err, sizeof(err)) != 0) {
			r = cmd_usage_error("scan", "this scan goes beyond "
			    "--plan %s: %s", plan_path, err);
			goto out;
		}
	}

	if (cmd_open_db("scan", c.dbpath, 0, &db) != 0) {
		r = EXIT_USAGE;
		goto out;
	}
	if ((sr = scan_run(o, db, &st)) != 0 || db_damaged(db)) {
		if (sr == IOMT_EDAMAGED || db_damaged(db))
			r = cmd_db_damaged("scan", c.dbpath, db_errmsg(db));
		else
			r = EXIT_PROBLEMS;
		goto out;
	}
	if (!c.quiet)
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
	if (st.paused)
		fprintf(stderr, "iomtscan: scan %lld paused: the window %s "
		    "closed with %llu of %llu addresses done, %llu left\n",
		    (long long)st.scan_id, own.window_spec,
		    (unsigned long long)st.hosts_done,
		    (unsigned long long)st.targets,
		    (unsigned long long)(st.targets - st.hosts_done));
	r = (st.breaker_trips > 0 || st.interrupted) ? EXIT_PROBLEMS :
	    EXIT_OK;
 out:
	db_close(db);
	policy_free(pol);
	plan_free(plan);
	plan_free(fresh);
	scan_cli_free(&c);
	return r;
}
