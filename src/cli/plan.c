/*
 * src/cli/plan.c - "iomtscan plan": the dry run a change board approves.
 *
 * Takes the same options as "iomtscan scan", read by the same code
 * (scan_cli_parse() in src/cli/options.c, so the same values are refused with
 * the same words), plus --format and --save; works out what that scan
 * would send with src/engine/plan.c, and prints it.  It sends nothing, not even an
 * ARP request: it never opens a capture handle, a raw socket or a
 * connection, and it never calls into the engine.  The attached networks
 * (to know where ARP would be used) come from getifaddrs(), which only
 * reads the kernel's table.  The inventory is opened read-only and only
 * if it exists.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/engine.h"

#define PLAN_MAX_NETS		32

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
"--exclude-file FILE, --max-hosts N, -p/--ports LIST, --level LEVEL,\n"
"--no-snmp, --community STR, --no-arp, --rate PPS, --host-rate PPS,\n"
"--host-conns N, --scan-delay MS, --connect-timeout MS,\n"
"--banner-timeout MS, --group N, -e IFACE, --oui-dir DIR; --seed,\n"
"--breaker, --user and --dicom-called-ae are checked as for scan but do\n"
"not change the plan.\n"
"\n"
"Exit status: 0 ok, 2 usage error or bad input.\n");
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
	OPT_FORMAT = SCAN_CLI_OPT_OWN, OPT_SAVE
};

/* The options of plan that scan does not take. */
static const struct option plan_own_longopts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "save", required_argument, NULL, OPT_SAVE },
	{ NULL, 0, NULL, 0 }
};

struct plan_cli {
	int		 json;		/* --format json */
	const char	*save;		/* --save FILE */
};

static int
plan_own_option(struct scan_cli *c, int ch, const char *arg, void *ctx)
{
	struct plan_cli	*pc = ctx;

	(void)c;
	if (ch == OPT_SAVE)
		pc->save = arg;
	else if (strcmp(arg, "json") == 0)
		pc->json = 1;
	else if (strcmp(arg, "text") != 0)
		return cmd_usage_error("plan", "--format must be text or json");
	return 0;
}

int
cmd_plan_build(const struct scan_cli *c, const struct policy *pol,
    int db_needed, struct plan **out)
{
	struct plan_input in;
	struct plan_net	 nets[PLAN_MAX_NETS];
	struct db	*db = NULL;
	struct oui_db	*oui = NULL;
	char		 err[512];
	int		 r = IOMT_EINVAL;
	struct stat	 sb;

	*out = NULL;
	memset(&in, 0, sizeof(in));
	if (((db_needed && c->dbgiven) || stat(c->dbpath, &sb) == 0) &&
	    cmd_open_db(c->cmd, c->dbpath, DB_RDONLY, &db) != 0)
		goto out;
	if ((oui = cmd_oui_load(c->o.oui_dir)) == NULL)
		log_info("no IEEE registry in %s: vendors unknown",
		    c->o.oui_dir);
	in.opts = &c->o;
	in.pol = pol;
	in.db = db;
	in.oui = oui;
	in.nets = nets;
	in.n_nets = attached_nets(c->o.iface, nets, PLAN_MAX_NETS);
	in.targets_text = c->targets_text;
	if (plan_build(&in, out, err, sizeof(err)) != 0) {
		fprintf(stderr, "iomtscan %s: %s\n", c->cmd, err);
		goto out;
	}
	r = 0;
 out:
	oui_free(oui);
	db_close(db);
	return r;
}

int
cmd_plan(int argc, char **argv)
{
	struct scan_cli	 c;
	struct plan_cli	 pc;
	struct plan	*pl = NULL;
	struct policy	*pol = NULL;
	int		 r = EXIT_USAGE;
	FILE		*fp;

	memset(&pc, 0, sizeof(pc));
	scan_cli_init(&c, "plan");
	if (scan_cli_parse(&c, argc, argv, plan_own_longopts,
	    plan_own_option, &pc) != 0)
		goto out;
	if (c.help) {
		plan_usage(stdout);
		r = EXIT_OK;
		goto out;
	}
	cmd_log_verbosity(c.verbose);
	if (cmd_policy_load(c.pf.profiles, c.pf.local, c.pf.policy_file,
	    &pol) != 0)
		goto out;
	if (cmd_plan_build(&c, pol, 1, &pl) != 0)
		goto out;
	if (pc.json)
		plan_write_json(pl, stdout);
	else
		plan_write_text(pl, stdout);
	if (pc.save != NULL) {
		if ((fp = fopen(pc.save, "w")) == NULL) {
			fprintf(stderr, "iomtscan plan: cannot write %s: %s\n",
			    pc.save, strerror(errno));
			goto out;
		}
		plan_write_json(pl, fp);
		if (fclose(fp) != 0) {
			fprintf(stderr, "iomtscan plan: cannot write %s: %s\n",
			    pc.save, strerror(errno));
			goto out;
		}
		if (!pc.json)
			printf("Plan saved to %s.\n", pc.save);
	}
	r = EXIT_OK;
 out:
	plan_free(pl);
	policy_free(pol);
	scan_cli_free(&c);
	return r;
}
