/*
 * src/cli/options.c - what the subcommands share on the command line.
 *
 * "iomtscan plan" previews "iomtscan scan": it must accept the same scan
 * options and refuse the same values with the same words, or a change
 * board approves a plan for a command line the scanner would reject (or
 * read differently).  So the option table, the validation, the hard
 * ceilings and the target handling of both live here once, in
 * scan_cli_parse(); each command adds its own few options through a hook.
 * The smaller pieces every subcommand repeated (the usage-error message,
 * the bad-option message, -v, the default database, opening it, the IEEE
 * registry) are here too, so that all commands word them alike.
 */
#include "config.h"

#include <getopt.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/engine.h"
#include "iomt/net.h"

#define CMD_DEFAULT_DB		"iomtscan.db"

int
cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "iomtscan %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nRun 'iomtscan %s --help' for usage.\n", cmd);
	return EXIT_USAGE;
}

int
cmd_bad_option(const char *cmd, int ch, char **argv)
{
	if (ch == ':')
		return cmd_usage_error(cmd, "option '%s' needs an argument",
		    argv[optind - 1]);
	return cmd_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
}

void
cmd_log_verbosity(int verbose)
{
	if (verbose == 1)
		log_set_level(LOG_LVL_INFO);
	else if (verbose > 1)
		log_set_level(LOG_LVL_DEBUG);
}

const char *
cmd_db_path(int *given)
{
	const char	*env = getenv("IOMT_DB");

	if (given != NULL)
		*given = env != NULL;
	return env != NULL ? env : CMD_DEFAULT_DB;
}

int
cmd_open_db(const char *cmd, const char *path, int flags, struct db **out)
{
	char	 err[512];
	int	 r;

	if ((r = db_open(path, flags, out, err, sizeof(err))) == IOMT_EDAMAGED)
		cmd_db_damaged(cmd, path, err);
	else if (r != 0)
		fprintf(stderr, "iomtscan %s: cannot open database %s: %s\n",
		    cmd, path, err);
	return r;
}

int
cmd_db_damaged(const char *cmd, const char *path, const char *why)
{
	fprintf(stderr, "iomtscan %s: database is damaged: %s (%s); keep this "
	    "file for analysis, restore the last backup or start a new "
	    "inventory with --db NEWFILE\n", cmd, path,
	    why != NULL && why[0] != '\0' ? why : "SQLite reported corruption");
	return EXIT_USAGE;
}

struct oui_db *
cmd_oui_load(const char *dir)
{
	struct oui_db	*oui = NULL;
	char		 cls[1024];

	if (cmd_datafile("data/device-ouis.txt", cls, sizeof(cls)) != 0)
		cls[0] = '\0';
	if (oui_load(dir, cls[0] != '\0' ? cls : NULL, &oui) != 0)
		return NULL;
	return oui;
}

int
cmd_policy_option(struct cmd_policy_files *pf, int ch, const char *arg)
{
	switch (ch) {
	case CMD_OPT_PROFILES:
		pf->profiles = arg;
		return 1;
	case CMD_OPT_PROFILES_LOCAL:
		pf->local = arg;
		return 1;
	case CMD_OPT_POLICY:
		pf->policy_file = arg;
		return 1;
	default:
		return 0;
	}
}

int
cmd_common_option(const char *cmd, int ch, char **argv,
    struct cmd_policy_files *pf, void (*usage)(FILE *), int *status)
{
	if (cmd_policy_option(pf, ch, optarg))
		return 0;
	if (ch == 'h') {
		usage(stdout);
		*status = EXIT_OK;
	} else
		*status = cmd_bad_option(cmd, ch, argv);
	return 1;
}

int
cmd_operand_left(const char *cmd, int argc, char **argv, int *status)
{
	if (optind >= argc)
		return 0;
	*status = cmd_usage_error(cmd, "unexpected argument '%s'",
	    argv[optind]);
	return 1;
}

/* ------------------------------------------------------------------ */
/* The scan options                                                    */

enum {
	OPT_EXCLUDE = 256, OPT_EXCLUDE_FILE, OPT_MAX_HOSTS, OPT_PORTS,
	OPT_LEVEL, OPT_NO_SNMP, OPT_COMMUNITY, OPT_DICOM_AE, OPT_NO_ARP,
	OPT_RATE, OPT_HOST_RATE, OPT_HOST_CONNS, OPT_SCAN_DELAY,
	OPT_CONNECT_TO, OPT_BANNER_TO, OPT_BREAKER, OPT_GROUP, OPT_SEED,
	OPT_DB, OPT_USER, OPT_OUI_DIR
};

static const struct option scan_cli_longopts[] = {
	{ "iL", required_argument, NULL, 'L' },
	{ "input-list", required_argument, NULL, 'L' },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "exclude-file", required_argument, NULL, OPT_EXCLUDE_FILE },
	{ "excludefile", required_argument, NULL, OPT_EXCLUDE_FILE },
	{ "max-hosts", required_argument, NULL, OPT_MAX_HOSTS },
	{ "ports", required_argument, NULL, OPT_PORTS },
	{ "p", required_argument, NULL, OPT_PORTS },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "no-snmp", no_argument, NULL, OPT_NO_SNMP },
	{ "community", required_argument, NULL, OPT_COMMUNITY },
	{ "dicom-called-ae", required_argument, NULL, OPT_DICOM_AE },
	{ "no-arp", no_argument, NULL, OPT_NO_ARP },
	CMD_POLICY_LONGOPTS,
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

#define SCAN_CLI_NOPTS \
	(sizeof(scan_cli_longopts) / sizeof(scan_cli_longopts[0]) - 1)

/* The shared table followed by the command's own, in a new array. */
static struct option *
scan_cli_table(const struct option *own)
{
	struct option	*t;
	size_t		 n = 0;

	while (own != NULL && own[n].name != NULL)
		n++;
	t = xcalloc(SCAN_CLI_NOPTS + n + 1, sizeof(*t));
	memcpy(t, scan_cli_longopts, SCAN_CLI_NOPTS * sizeof(*t));
	if (n > 0)
		memcpy(t + SCAN_CLI_NOPTS, own, n * sizeof(*t));
	return t;
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

/* Add each SPEC of "SPEC[,SPEC...]" to ts.  Return 0 or an error. */
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

/* Join argv[first..argc) with spaces into a new string. */
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

/* One shared option.  Return 0, or EXIT_USAGE after one message. */
static int
scan_cli_option(struct scan_cli *c, int ch, const char *arg, char **argv)
{
	struct scan_opts *o = &c->o;
	const char	*cmd = c->cmd;
	char		 err[512];
	long long	 v;
	double		 d;
	int		 i;

	switch (ch) {
	case 'L':
		if (target_set_add_file(&o->targets, arg, err,
		    sizeof(err)) != 0)
			return cmd_usage_error(cmd, "%s", err);
		break;
	case OPT_EXCLUDE:
		if (add_specs(&o->excludes, arg, err, sizeof(err)) != 0)
			return cmd_usage_error(cmd, "--exclude: %s", err);
		break;
	case OPT_EXCLUDE_FILE:
		if (target_set_add_file(&o->excludes, arg, err,
		    sizeof(err)) != 0)
			return cmd_usage_error(cmd, "--exclude-file: %s", err);
		break;
	case OPT_MAX_HOSTS:
		if (parse_ll(arg, 1, 1 << 20, &v) != 0)
			return cmd_usage_error(cmd, "--max-hosts must be "
			    "1..1048576, not '%s'", arg);
		o->max_hosts = (uint64_t)v;
		break;
	case 'p':
	case OPT_PORTS:
		free(o->tcp_ports);
		o->tcp_ports = NULL;
		if (parse_ports(arg, &o->tcp_ports, &o->n_tcp_ports, err,
		    sizeof(err)) != 0)
			return cmd_usage_error(cmd, "%s", err);
		break;
	case OPT_LEVEL:
		i = safety_level_parse(arg);
		if (i < 0 || i > (int)c->max_level) {
			if (c->max_level >= LEVEL_CLINICAL)
				return cmd_usage_error(cmd, "--level must be "
				    "passive, discovery, gentle, standard or "
				    "clinical, not '%s'", arg);
			return cmd_usage_error(cmd, "--level must be passive, "
			    "discovery, gentle or standard, not '%s'", arg);
		}
		if (i == LEVEL_CLINICAL)
			log_warn("--level clinical sends application "
			    "messages that clinical systems process "
			    "(HL7 NMQ^N01 to interface engines): use it "
			    "only with the system owners' approval");
		o->level = (enum safety_level)i;
		break;
	case OPT_NO_SNMP:
		o->snmp = 0;
		break;
	case OPT_COMMUNITY:
		if (c->n_comm == SCAN_CLI_MAX_COMMUNITIES || *arg == '\0')
			return cmd_usage_error(cmd, "--community: at most 8 "
			    "non-empty communities ('%s')", arg);
		c->communities[c->n_comm++] = arg;
		break;
	case OPT_DICOM_AE:
		if (strlen(arg) < 1 || strlen(arg) > 16)
			return cmd_usage_error(cmd, "--dicom-called-ae must "
			    "be 1-16 characters, not '%s'", arg);
		o->pcfg.dicom_called_ae = arg;
		break;
	case OPT_NO_ARP:
		o->no_arp = 1;
		break;
	case CMD_OPT_PROFILES:
	case CMD_OPT_PROFILES_LOCAL:
	case CMD_OPT_POLICY:
		cmd_policy_option(&c->pf, ch, arg);
		break;
	case OPT_RATE:
		if (parse_double(arg, 0.1, 1e9, &d) != 0)
			return cmd_usage_error(cmd, "--rate must be a "
			    "positive number, not '%s'", arg);
		if (d > SCAN_MAX_GLOBAL_PPS)
			return cmd_usage_error(cmd, "refusing --rate %s: the "
			    "hard ceiling is 1000 packets/s "
			    "(docs/RATELIMIT.md)", arg);
		o->global_pps = d;
		break;
	case OPT_HOST_RATE:
		if (parse_double(arg, 0.1, 1e9, &d) != 0)
			return cmd_usage_error(cmd, "--host-rate must be a "
			    "positive number, not '%s'", arg);
		if (d > SCAN_MAX_HOST_PPS)
			return cmd_usage_error(cmd, "refusing --host-rate %s: "
			    "the hard ceiling is 40 packets/s per host", arg);
		o->host_pps = d;
		break;
	case OPT_HOST_CONNS:
		if (parse_ll(arg, 1, 1000, &v) != 0)
			return cmd_usage_error(cmd, "--host-conns must be a "
			    "number >= 1, not '%s'", arg);
		if (v > SCAN_MAX_HOST_CONNS)
			return cmd_usage_error(cmd, "refusing --host-conns "
			    "%s: at most 4 connections per host", arg);
		o->host_conns = (int)v;
		break;
	case OPT_SCAN_DELAY:
		if (parse_ll(arg, 0, 3600000, &v) != 0)
			return cmd_usage_error(cmd, "--scan-delay must be "
			    "milliseconds, not '%s'", arg);
		if (v < SCAN_MIN_GAP_MS)
			return cmd_usage_error(cmd, "refusing --scan-delay "
			    "%s: at least 100 ms between probes to one host",
			    arg);
		o->gap_ms = (unsigned)v;
		break;
	case OPT_CONNECT_TO:
		if (parse_ll(arg, 100, 60000, &v) != 0)
			return cmd_usage_error(cmd, "--connect-timeout must "
			    "be 100..60000 ms, not '%s'", arg);
		o->connect_ms = (unsigned)v;
		break;
	case OPT_BANNER_TO:
		if (parse_ll(arg, 100, 60000, &v) != 0)
			return cmd_usage_error(cmd, "--banner-timeout must "
			    "be 100..60000 ms, not '%s'", arg);
		o->banner_ms = (unsigned)v;
		break;
	case OPT_BREAKER:
		if (parse_ll(arg, 1, 100, &v) != 0)
			return cmd_usage_error(cmd, "--breaker must be "
			    "1..100, not '%s'", arg);
		o->breaker = (int)v;
		break;
	case OPT_GROUP:
		if (parse_ll(arg, 1, 4096, &v) != 0)
			return cmd_usage_error(cmd, "--group must be 1..4096, "
			    "not '%s'", arg);
		o->group = (size_t)v;
		break;
	case OPT_SEED:
		if (parse_ll(arg, 0, INT64_MAX, &v) != 0)
			return cmd_usage_error(cmd, "--seed must be a number, "
			    "not '%s'", arg);
		o->seed = (uint64_t)v;
		break;
	case OPT_DB:
		c->dbpath = arg;
		c->dbgiven = 1;
		break;
	case 'e':
		o->iface = arg;
		break;
	case OPT_USER:
		o->user = arg;
		break;
	case OPT_OUI_DIR:
		o->oui_dir = arg;
		break;
	case 'q':
		c->quiet = 1;
		break;
	case 'v':
		c->verbose++;
		break;
	default:
		return cmd_bad_option(cmd, ch, argv);
	}
	return 0;
}

/* Say on stderr which --ports are held back by the never-list, and how. */
static void
ports_note(const struct scan_cli *c)
{
	const char	*why;
	size_t		 i;
	uint16_t	 p;

	for (i = 0; i < c->o.n_tcp_ports && c->o.tcp_ports != NULL; i++) {
		p = c->o.tcp_ports[i];
		if (safety_check(SAFETY_K_CONNECT, "tcp", p, &why) != 0)
			fprintf(stderr, "iomtscan %s: port %u held back, never "
			    "contacted: %s\n", c->cmd, p, why);
		else if (safety_check(SAFETY_K_PAYLOAD, "tcp", p, &why) != 0)
			fprintf(stderr, "iomtscan %s: port %u held back to a "
			    "TCP connect, no byte sent: %s\n", c->cmd, p, why);
	}
}

int
cmd_scan_data(const char *cmd, struct scan_opts *o, struct cmd_scan_paths *p)
{
	if (cmd_datafile("data/device-ouis.txt", p->classes,
	    sizeof(p->classes)) != 0)
		return cmd_usage_error(cmd, "%s", "cannot find "
		    "data/device-ouis.txt (the medical and serial-bridge "
		    "maker table); reinstall iomtscan or set IOMT_DATADIR");
	o->oui_classes = p->classes;
	if (!o->no_scripts && cmd_datafile("probes", p->probes,
	    sizeof(p->probes)) == 0) {
		o->probes_dir = p->probes;
		if (cmd_datafile("lua", p->lua, sizeof(p->lua)) == 0)
			o->lua_dir = p->lua;
	}
	return 0;
}

void
scan_cli_init(struct scan_cli *c, const char *cmd)
{
	memset(c, 0, sizeof(*c));
	scan_opts_default(&c->o);
	c->cmd = cmd;
	c->max_level = LEVEL_CLINICAL;
	c->dbpath = cmd_db_path(&c->dbgiven);
}

int
scan_cli_parse(struct scan_cli *c, int argc, char **argv,
    const struct option *own,
    int (*own_opt)(struct scan_cli *, int, const char *, void *), void *arg)
{
	struct scan_opts *o = &c->o;
	struct option	*table;
	char		 err[512];
	int		 ch, i, r = IOMT_EINVAL;

	table = scan_cli_table(own);
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long_only(argc, argv, ":e:p:qvh", table, NULL)) !=
	    -1) {
		if (ch == 'h') {
			c->help = 1;
			r = 0;
			goto out;
		}
		if (ch >= SCAN_CLI_OPT_OWN && own_opt != NULL) {
			if (own_opt(c, ch, optarg, arg) != 0)
				goto out;
			continue;
		}
		if (scan_cli_option(c, ch, optarg, argv) != 0)
			goto out;
	}
	for (i = optind; i < argc; i++) {
		if (target_set_add(&o->targets, argv[i], err,
		    sizeof(err)) != 0) {
			cmd_usage_error(c->cmd, "%s", err);
			goto out;
		}
	}
	if (o->targets.n == 0) {
		cmd_usage_error(c->cmd, "no targets given (e.g. iomtscan %s "
		    "198.18.0.0/24)", c->cmd);
		goto out;
	}
	target_set_finish(&o->targets);
	target_set_finish(&o->excludes);
	if (target_set_count(&o->targets) > o->max_hosts) {
		cmd_usage_error(c->cmd, "%llu addresses exceed --max-hosts "
		    "%llu; narrow the targets or raise --max-hosts",
		    (unsigned long long)target_set_count(&o->targets),
		    (unsigned long long)o->max_hosts);
		goto out;
	}
	if (c->n_comm > 0) {
		c->communities[c->n_comm] = NULL;
		o->pcfg.snmp_communities = c->communities;
	}
	if (o->iface != NULL && if_nametoindex(o->iface) == 0) {
		cmd_usage_error(c->cmd, "-e %s: no such interface", o->iface);
		goto out;
	}
	if (o->user != NULL && privdrop_check_user(o->user) != 0) {
		cmd_usage_error(c->cmd, "--user %s: no such user", o->user);
		goto out;
	}
	ports_note(c);
	c->targets_text = join_targets(argc, argv, optind);
	o->targets_text = c->targets_text;
	r = 0;
 out:
	free(table);
	return r;
}

void
scan_cli_free(struct scan_cli *c)
{
	free(c->o.tcp_ports);
	c->o.tcp_ports = NULL;
	free(c->targets_text);
	c->targets_text = NULL;
	c->o.targets_text = NULL;
	target_set_free(&c->o.targets);
	target_set_free(&c->o.excludes);
}
