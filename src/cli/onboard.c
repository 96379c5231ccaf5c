/*
 * src/cli/onboard.c - "iomtscan onboard IP": the moment a new device is
 * connected.
 *
 * One address, and nothing else: the operand must be one IPv4 address
 * (no range, no block, no host name, no list), and the scan it runs has
 * that address as its only target, so the engine sends nothing (not even
 * ARP) to any other host.  Everything else is what `scan` does: the same
 * profiles and site policy (an address the site policy excludes is
 * refused before anything is opened), the same pacing and audit, the
 * scan recorded in the inventory like any other.  Then the report layer
 * prints the device's checklist (report_onboard()).  Every option is
 * checked before the database is opened, so bad input creates nothing.
 * Exit status: 0 the device answered, 1 it did not (or the scan could
 * not run), 2 bad input.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/engine.h"
#include "iomt/net.h"
#include "iomt/report.h"
#include "iomt/safety.h"
#include "iomt/util.h"

static void
onboard_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan onboard IP [--db FILE] [--lang ja|en]\n"
"                           [--format text|json] [options]\n"
"\n"
"Check one device just connected: every safe probe to that one address\n"
"(ARP included, to that address only; nothing to any other host), under\n"
"the same profiles, site policy, pacing and audit as scan, recorded as a\n"
"scan in the inventory.  Then print its checklist: what it is and the\n"
"evidence, what it listens on, findings, fragile profile, advisories,\n"
"MDS2/SBOM on file, the ledger, and what the record still lacks (owner,\n"
"location, maintenance contract, remote-maintenance line, OS support) as\n"
"a to-do list (docs/ONBOARD.md).\n"
"\n"
"  --db FILE                inventory (default $IOMT_DB or iomtscan.db)\n"
"  --lang ja|en             language (default: from the locale)\n"
"  --format text|json       text (default) or json (both languages;\n"
"                           docs/JSON-SCHEMA.md)\n"
"  --profiles FILE          fragile-device profiles (default: shipped)\n"
"  --profiles-local FILE    site profiles (default\n"
"                           /etc/iomtscan/profiles.local.conf)\n"
"  --policy FILE            site policy (default /etc/iomtscan/policy.conf)\n"
"  --no-scripts             run no identification scripts\n"
"  -e, --interface IFACE    interface for ARP (default: by subnet)\n"
"  --user USER              drop root to USER (default nobody)\n"
"  --oui-dir DIR            IEEE registry files\n"
"                           (default /usr/share/ieee-data)\n"
"  -q, --quiet              no progress line, no summary\n"
"  -v, --verbose            more messages (repeat for debug)\n"
"  -h, --help               this help\n"
"\n"
"Exit status: 0 the device answered (or policy held it back and the\n"
"inventory knows it), 1 it did not answer (or the scan could not run),\n"
"2 bad input (not one address, excluded by policy, bad options).\n");
}

enum {
	OPT_DB = 256, OPT_LANG, OPT_FORMAT, OPT_NO_SCRIPTS, OPT_USER,
	OPT_OUI_DIR
};

static const struct option onboard_longopts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "format", required_argument, NULL, OPT_FORMAT },
	CMD_POLICY_LONGOPTS,
	{ "no-scripts", no_argument, NULL, OPT_NO_SCRIPTS },
	{ "interface", required_argument, NULL, 'e' },
	{ "user", required_argument, NULL, OPT_USER },
	{ "oui-dir", required_argument, NULL, OPT_OUI_DIR },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/*
 * Why s is not one address a device can have, or NULL when it is one:
 * four decimal octets (inet_pton's strict form), not 0/8, loopback,
 * multicast, reserved or broadcast.  *ip gets it in host order.
 */
static const char *
onboard_bad_address(const char *s, uint32_t *ip)
{
	struct in_addr	 a;
	uint32_t	 v;

	if (strchr(s, '/') != NULL)
		return "is a block of addresses; onboard takes one address";
	if (inet_pton(AF_INET, s, &a) != 1) {
		if (s[0] != '\0' && strspn(s, "0123456789.-, ") ==
		    strlen(s) && strpbrk(s, "-, ") != NULL)
			return "is a range or a list; onboard takes one "
			    "address";
		return "is not an IPv4 address (host names are not looked "
		    "up: give the address)";
	}
	v = ntohl(a.s_addr);
	if ((v >> 24) == 0 || (v >> 24) == 127 || (v >> 28) >= 14)
		return "is not the address of a device (0/8, loopback, "
		    "multicast or reserved)";
	*ip = v;
	return NULL;
}

/* The state of one onboarding run. */
struct onboard_run {
	const char	*dbpath;
	const char	*lang;
	const char	*format;
	const char	*ip;
	struct cmd_policy_files pf;
	int		 quiet, verbose, no_scripts;
	struct scan_opts o;
};

/* Read the command line into run.  Return 0, or an exit status. */
static int
onboard_parse(struct onboard_run *run, int argc, char **argv)
{
	const char	*why;
	uint32_t	 ip = 0;
	int		 ch, st;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":e:qvh", onboard_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_DB:
			if (optarg[0] == '\0')
				return cmd_usage_error("onboard", "--db needs "
				    "a file name");
			run->dbpath = optarg;
			break;
		case OPT_LANG:
			run->lang = optarg;
			break;
		case OPT_FORMAT:
			run->format = optarg;
			break;
		case OPT_NO_SCRIPTS:
			run->no_scripts = 1;
			break;
		case 'e':
			run->o.iface = optarg;
			break;
		case OPT_USER:
			run->o.user = optarg;
			break;
		case OPT_OUI_DIR:
			run->o.oui_dir = optarg;
			break;
		case 'q':
			run->quiet = 1;
			break;
		case 'v':
			run->verbose++;
			break;
		default:
			if (cmd_common_option("onboard", ch, argv, &run->pf,
			    onboard_usage, &st))
				return st == EXIT_OK ? -1 : st;
		}
	}
	if (optind >= argc)
		return cmd_usage_error("onboard", "give the one address of "
		    "the device (e.g. iomtscan onboard 198.18.0.21)");
	if (argc - optind > 1)
		return cmd_usage_error("onboard", "one address only, not %d "
		    "('%s' ...): onboard checks one device; use scan for "
		    "more", argc - optind, argv[optind + 1]);
	run->ip = argv[optind];
	if ((why = onboard_bad_address(run->ip, &ip)) != NULL)
		return cmd_usage_error("onboard", "'%s' %s", run->ip, why);
	if (run->lang != NULL && strcmp(run->lang, "ja") != 0 &&
	    strcmp(run->lang, "en") != 0)
		return cmd_usage_error("onboard", "unknown language '%s' (use "
		    "ja or en)", run->lang);
	if (run->lang == NULL)
		run->lang = report_lang_default();
	if (strcmp(run->format, "text") != 0 &&
	    strcmp(run->format, "json") != 0)
		return cmd_usage_error("onboard", "unknown format '%s' (use "
		    "text or json)", run->format);
	if (run->o.iface != NULL && if_nametoindex(run->o.iface) == 0)
		return cmd_usage_error("onboard", "-e %s: no such interface",
		    run->o.iface);
	if (run->o.user != NULL && privdrop_check_user(run->o.user) != 0)
		return cmd_usage_error("onboard", "--user %s: no such user",
		    run->o.user);
	return 0;
}

int
cmd_onboard(int argc, char **argv)
{
	struct onboard_run run;
	struct scan_opts *o = &run.o;
	struct scan_stats st;
	struct report_onboard rq;
	struct policy	*pol = NULL;
	struct db	*db = NULL;
	struct cmd_scan_paths paths;
	char		 err[256];
	uint32_t	 ip = 0;
	int		 r, rc = EXIT_USAGE, sr;

	memset(&run, 0, sizeof(run));
	memset(&st, 0, sizeof(st));
	scan_opts_default(o);
	run.dbpath = cmd_db_path(NULL);
	run.format = "text";
	if ((r = onboard_parse(&run, argc, argv)) != 0) {
		rc = r < 0 ? EXIT_OK : r;
		goto out;
	}
	cmd_log_verbosity(run.verbose);
	(void)onboard_bad_address(run.ip, &ip);
	o->no_scripts = run.no_scripts;
	if (cmd_scan_data("onboard", o, &paths) != 0)
		goto out;
	if (cmd_policy_load(run.pf.profiles, run.pf.local,
	    run.pf.policy_file, &pol) != 0)
		goto out;
	if (policy_excluded(pol, ip, NULL)) {
		rc = cmd_usage_error("onboard", "%s is excluded by the site "
		    "policy: nothing is sent to it (docs/POLICY.md)", run.ip);
		goto out;
	}
	/* The one target: the engine sends to nothing outside it. */
	if (target_set_add(&o->targets, run.ip, err, sizeof(err)) != 0) {
		rc = cmd_usage_error("onboard", "%s", err);
		goto out;
	}
	target_set_finish(&o->targets);
	target_set_finish(&o->excludes);
	if (target_set_count(&o->targets) != 1) {
		rc = cmd_usage_error("onboard", "'%s' is not one address",
		    run.ip);
		goto out;
	}
	o->max_hosts = 1;
	o->group = 1;
	o->targets_text = run.ip;
	o->policy = pol;
	o->progress = !run.quiet;
	if (cmd_open_db("onboard", run.dbpath, 0, &db) != 0)
		goto out;
	if ((sr = scan_run(o, db, &st)) != 0 || db_damaged(db)) {
		if (sr == IOMT_EDAMAGED || db_damaged(db))
			rc = cmd_db_damaged("onboard", run.dbpath,
			    db_errmsg(db));
		else
			rc = EXIT_PROBLEMS;
		goto out;
	}
	rq.ip = run.ip;
	rq.scan_id = st.scan_id;
	rq.answered = st.hosts_up > 0;
	rq.lang = run.lang;
	rq.format = run.format;
	rq.held = 0;
	if ((r = report_onboard(db, NULL, &rq, stdout)) != 0 ||
	    fflush(stdout) != 0) {
		if (r == IOMT_EDAMAGED || db_damaged(db))
			rc = cmd_db_damaged("onboard", run.dbpath,
			    db_errmsg(db));
		else {
			fprintf(stderr, "iomtscan onboard: cannot write the "
			    "checklist: %s\n", r == IOMT_EDB ? db_errmsg(db) :
			    r != 0 ? iomt_strerror(r) : strerror(errno));
			rc = EXIT_PROBLEMS;
		}
		goto out;
	}
	if (!run.quiet)
		fprintf(stderr, "iomtscan onboard: %s %s in %.1fs (scan %lld, "
		    "%llu probes sent, %llu open ports)%s\n", run.ip,
		    rq.answered ? (rq.held ? "answered, then held back by "
		    "policy" : "answered") : rq.held ? "held back by policy" :
		    "DID NOT ANSWER", st.seconds, (long long)st.scan_id,
		    (unsigned long long)st.packets,
		    (unsigned long long)st.open_ports,
		    st.interrupted ? " (interrupted)" : "");
	/* Held back by policy is not silence: the inventory knows it. */
	rc = (rq.answered || rq.held) && !st.interrupted ? EXIT_OK :
	    EXIT_PROBLEMS;
 out:
	db_close(db);
	policy_free(pol);
	target_set_free(&o->targets);
	target_set_free(&o->excludes);
	return rc;
}
