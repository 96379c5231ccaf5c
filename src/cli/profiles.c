/*
 * src/cli/profiles.c - "iomtscan profiles": list, show, test and check the
 * fragile-device profiles, and the policy loader every safety command
 * shares.
 *
 * "profiles test ADDRESS" is how a clinical engineer answers "why will
 * (or did) iomtscan leave this device alone?": it shows the facts the
 * inventory holds about the host, every profile they match and why, and
 * the policy a scan would apply.  Facts can be added on the command line
 * (--mac, --obs, --open, --class, --vendor), so a profile can be tried
 * before the device was ever seen, without a database.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
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

static void
profiles_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan profiles list [--format text|json] [POLICY OPTIONS]\n"
"       iomtscan profiles show ID [POLICY OPTIONS]\n"
"       iomtscan profiles test ADDRESS [--db FILE] [FACTS] [POLICY OPTIONS]\n"
"       iomtscan profiles check FILE\n"
"\n"
"Fragile-device profiles say which devices published advisories show can\n"
"be disrupted by network traffic, how to recognise them, and the most a\n"
"scan may send them (docs/PROFILES.md).\n"
"\n"
"  list     every profile: id, highest level, class, vendor, product\n"
"  show     one profile in full: signals, hazard, policy, sources\n"
"  test     which profiles a host matches and why, and the policy a scan\n"
"           would apply to it, from what the inventory knows about it\n"
"           (ADDRESS may be '-' to test only the FACTS below)\n"
"  check    parse a profile file (e.g. the site's local overrides) and\n"
"           report the first error as FILE:LINE\n"
"\n"
"Facts (profiles test; added to what the inventory knows):\n"
"  --mac MAC                the host's MAC address\n"
"  --obs KEY=VALUE          an observation, e.g. banner='220 VxWorks FTP'\n"
"                           or dicom.impl_uid=1.3.46.670589.1 (repeat)\n"
"  --open PROTO/PORT        a port seen open or in use, e.g. udp/24005\n"
"  --class CLASS            an earlier identity's device class\n"
"  --vendor TEXT            an earlier identity's vendor\n"
"  --level LEVEL            the scan's level (default standard)\n"
"\n"
"Policy options:\n"
"  --profiles FILE          shipped profiles (default data/profiles.conf)\n"
"  --profiles-local FILE    site profiles and overrides (default\n"
"                           /etc/iomtscan/profiles.local.conf if present)\n"
"  --policy FILE            site policy (default /etc/iomtscan/policy.conf\n"
"                           if present; docs/POLICY.md)\n"
"  --db FILE                inventory (default ./iomtscan.db)\n"
"  --oui-dir DIR            IEEE registry files\n"
"                           (default /usr/share/ieee-data)\n"
"\n"
"Exit status: 0 ok, 2 usage error, bad file or unknown host.\n");
}

static const char *
etc_path(const char *name, char *buf, size_t len)
{
	const char	*dir = getenv("IOMT_ETCDIR");

	snprintf(buf, len, "%s/%s", dir != NULL && *dir != '\0' ? dir :
	    "/etc/iomtscan", name);
	return buf;
}

int
cmd_policy_load(const char *profiles, const char *local,
    const char *policy_file, struct policy **out)
{
	char		 shipped[1024], lbuf[1024], pbuf[1024], err[1024];
	struct stat	 sb;
	int		 r;

	*out = NULL;
	if (profiles == NULL) {
		if (cmd_datafile("data/profiles.conf", shipped,
		    sizeof(shipped)) != 0) {
			fprintf(stderr, "iomtscan: cannot find the shipped "
			    "fragile-device profiles (data/profiles.conf); "
			    "set IOMT_DATADIR or use --profiles FILE\n");
			return IOMT_ENOTFOUND;
		}
		profiles = shipped;
	}
	if (local == NULL) {
		etc_path("profiles.local.conf", lbuf, sizeof(lbuf));
		if (stat(lbuf, &sb) == 0)
			local = lbuf;
	}
	if (policy_file == NULL) {
		etc_path("policy.conf", pbuf, sizeof(pbuf));
		if (stat(pbuf, &sb) == 0)
			policy_file = pbuf;
	}
	r = policy_load(profiles, local, policy_file, out, err, sizeof(err));
	if (r != 0)
		fprintf(stderr, "iomtscan: %s\n", err);
	return r;
}

enum {
	OPT_FORMAT = 256, OPT_DB, OPT_MAC, OPT_OBS, OPT_OPEN, OPT_CLASS,
	OPT_VENDOR, OPT_LEVEL, OPT_OUI_DIR
};

static const struct option prof_longopts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	CMD_POLICY_LONGOPTS,
	{ "db", required_argument, NULL, OPT_DB },
	{ "mac", required_argument, NULL, OPT_MAC },
	{ "obs", required_argument, NULL, OPT_OBS },
	{ "open", required_argument, NULL, OPT_OPEN },
	{ "class", required_argument, NULL, OPT_CLASS },
	{ "vendor", required_argument, NULL, OPT_VENDOR },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "oui-dir", required_argument, NULL, OPT_OUI_DIR },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/*
 * A device-supplied or file string made safe for a terminal by
 * text_term() (cut to maxcols columns when maxcols > 3; 0: whole), in b,
 * which owns the result until the next call with b.
 */
static const char *
clean(struct buf *b, const char *s, size_t maxcols)
{
	buf_truncate(b, 0);
	if (s == NULL)
		return "";
	text_term(b, s, strlen(s), maxcols);
	return buf_str(b);
}

/* Print text wrapped at 76 columns after indent. */
static void
wrap(FILE *fp, const char *label, const char *text)
{
	const char	*s = text;
	size_t		 col = 0, lab = strlen(label);

	fprintf(fp, "%s", label);
	col = lab;
	while (*s != '\0') {
		size_t	 w = strcspn(s, " ");

		if (col > lab && col + 1 + w > 76) {
			fprintf(fp, "\n%*s", (int)lab, "");
			col = lab;
		} else if (col > lab) {
			fputc(' ', fp);
			col++;
		}
		fprintf(fp, "%.*s", (int)w, s);
		col += w;
		s += w;
		while (*s == ' ')
			s++;
	}
	fputc('\n', fp);
}

static void
print_ports(FILE *fp, const struct profile *pr)
{
	size_t	 i;

	if (!pr->restrict_ports) {
		fprintf(fp, "any the level allows");
		return;
	}
	if (pr->n_ports == 0)
		fprintf(fp, "none");
	for (i = 0; i < pr->n_ports; i++)
		fprintf(fp, "%stcp/%u", i ? " " : "", pr->ports[i]);
}

static void
profile_print(FILE *fp, const struct profile *pr)
{
	char	 sigs[8192], forbid[128];

	fprintf(fp, "profile %s%s\n", pr->id, pr->local ? "  (site)" : "");
	fprintf(fp, "  defined at    %s\n", pr->origin);
	wrap(fp, "  vendor        ", pr->vendor);
	wrap(fp, "  product       ", pr->product);
	if (pr->versions[0] != '\0')
		wrap(fp, "  versions      ", pr->versions);
	if (pr->device_class[0] != '\0')
		fprintf(fp, "  class         %s\n", pr->device_class);
	fprintf(fp, "  match         %s of:\n", pr->match_all ? "all" : "any");
	fputs(profile_sigs_str(pr, "    ", sigs, sizeof(sigs)), fp);
	wrap(fp, "  hazard        ", pr->hazard);
	fprintf(fp, "  level         %s\n", safety_level_name(pr->level));
	fprintf(fp, "  ports         ");
	print_ports(fp, pr);
	fprintf(fp, "\n  forbid        %s\n",
	    profile_forbid_str(pr->forbid, forbid, sizeof(forbid)));
	if (pr->allow != 0)
		fprintf(fp, "  allow         %s (a gateway that tolerates "
		    "it; a forbid elsewhere still wins)\n",
		    profile_allow_str(pr->allow, forbid, sizeof(forbid)));
	if (pr->pps > 0)
		fprintf(fp, "  rate          %.1f packets/s\n", pr->pps);
	if (pr->conns > 0)
		fprintf(fp, "  conns         %d\n", pr->conns);
	if (pr->gap_ms > 0)
		fprintf(fp, "  gap           %u ms\n", pr->gap_ms);
	wrap(fp, "  source        ", pr->source);
	if (pr->note[0] != '\0')
		wrap(fp, "  note          ", pr->note);
	fprintf(fp, "  reviewed      %s\n", pr->reviewed);
}

/* The profile list as one JSON object on stdout (jansson, compact). */
static int
profiles_list_json(const struct profile_set *ps)
{
	json_t	*o, *a, *p;
	char	 forbid[128];
	size_t	 i;
	int	 rc = EXIT_PROBLEMS;

	o = json_object();
	a = json_array();
	json_object_set_new(o, "format", json_integer(PROFILE_FORMAT));
	json_object_set(o, "profiles", a);
	for (i = 0; i < profile_set_count(ps); i++) {
		const struct profile *pr = profile_set_get(ps, i);

		p = json_object();
		json_object_set_new(p, "id", policy_json_string(pr->id));
		json_object_set_new(p, "vendor",
		    policy_json_string(pr->vendor));
		json_object_set_new(p, "product",
		    policy_json_string(pr->product));
		json_object_set_new(p, "class",
		    policy_json_string(pr->device_class));
		json_object_set_new(p, "level",
		    json_string(safety_level_name(pr->level)));
		json_object_set_new(p, "forbid", json_string(
		    profile_forbid_str(pr->forbid, forbid, sizeof(forbid))));
		json_object_set_new(p, "allow", json_string(
		    profile_allow_str(pr->allow, forbid, sizeof(forbid))));
		json_object_set_new(p, "hazard",
		    policy_json_string(pr->hazard));
		json_object_set_new(p, "source",
		    policy_json_string(pr->source));
		json_object_set_new(p, "reviewed",
		    policy_json_string(pr->reviewed));
		json_object_set_new(p, "local", json_boolean(pr->local));
		json_object_set_new(p, "origin",
		    policy_json_string(pr->origin));
		json_array_append_new(a, p);
	}
	if (json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) == 0 &&
	    fputc('\n', stdout) != EOF)
		rc = EXIT_OK;
	json_decref(a);
	json_decref(o);
	return rc;
}

/*
 * Write s (cleaned for the terminal) in a column of width display columns:
 * padded, or cut to width - 1 columns and ended with an ellipsis.
 */
static void
cell(FILE *fp, struct buf *b, const char *s, size_t width)
{
	const unsigned char *p;
	size_t		 n, used = 0, len;
	uint32_t	 cp;
	int		 w;

	s = clean(b, s, 0);
	if (text_width(s) <= width) {
		text_pad(fp, s, width);
		return;
	}
	p = (const unsigned char *)s;
	len = strlen(s);
	while (len > 0 && (n = utf8_decode(p, len, &cp)) > 0) {
		w = text_cp_width(cp);
		if (w < 0)
			w = 0;
		if (used + (size_t)w > width - 1)
			break;
		fwrite(p, 1, n, fp);
		used += (size_t)w;
		p += n;
		len -= n;
	}
	fputs("\u2026", fp);
	for (used++; used < width; used++)
		fputc(' ', fp);
}

static int
profiles_list(const struct policy *pol, int json)
{
	const struct profile_set *ps = policy_profiles(pol);
	size_t		 i;
	struct buf	 b = { NULL, 0, 0 };

	if (json)
		return profiles_list_json(ps);
	printf("%-28s %-9s %-16s %-22s %s\n", "ID", "LEVEL", "CLASS",
	    "VENDOR", "REVIEWED");
	for (i = 0; i < profile_set_count(ps); i++) {
		const struct profile *pr = profile_set_get(ps, i);

		cell(stdout, &b, pr->id, 28);
		printf(" %-9s ", safety_level_name(pr->level));
		cell(stdout, &b, pr->device_class[0] != '\0' ?
		    pr->device_class : "-", 16);
		putchar(' ');
		cell(stdout, &b, pr->vendor != NULL ? pr->vendor : "", 22);
		printf(" %s%s\n", pr->reviewed, pr->local ? " (site)" : "");
	}
	printf("%zu profiles\n", profile_set_count(ps));
	buf_free(&b);
	return EXIT_OK;
}

struct test_ctx {
	int		 n;
};

static int
test_cb(void *arg, const struct profile *pr, const char *why)
{
	struct test_ctx	*t = arg;
	struct buf	 b = { NULL, 0, 0 };

	t->n++;
	printf("  %-28s level %-9s (%s)\n", pr->id,
	    safety_level_name(pr->level), pr->local ? "site profile" :
	    "shipped profile");
	wrap(stdout, "      matched on ", clean(&b, why, 0));
	wrap(stdout, "      hazard     ", pr->hazard);
	wrap(stdout, "      sources    ", pr->source);
	buf_free(&b);
	return 0;
}

static void
print_policy(const struct host_policy *hp)
{
	char	 forbid[128];
	size_t	 i;

	wrap(stdout, "  policy    ", hp->reason);
	printf("            ports ");
	if (hp->excluded || hp->level == LEVEL_PASSIVE)
		printf("none (nothing is sent)");
	else if (!hp->restrict_ports)
		printf("the scan's list");
	else if (hp->n_ports == 0)
		printf("none");
	for (i = 0; !hp->excluded && hp->level != LEVEL_PASSIVE &&
	    hp->restrict_ports && i < hp->n_ports; i++)
		printf("%s%u", i ? "," : "", hp->ports[i]);
	printf("; forbid %s; %.1f packets/s; %d connection%s; gap %u ms\n",
	    profile_forbid_str(hp->forbid, forbid, sizeof(forbid)), hp->pps,
	    hp->conns, hp->conns == 1 ? "" : "s", hp->gap_ms);
	if (hp->allow & POLICY_A_SNMP)
		printf("            allow snmp (udp/161)\n");
}

static int
profiles_test(struct policy *pol, const char *addr, const char *dbpath,
    int dbpath_given, struct hostfacts *extra, const char *oui_dir,
    enum safety_level level)
{
	struct db	*db = NULL;
	struct oui_db	*oui = NULL;
	struct hostfacts hf;
	struct host_policy hp;
	struct test_ctx	 t;
	const struct policy_facts *f;
	struct buf	 b = { NULL, 0, 0 };
	char		 why[256];
	int64_t		 host_id = 0;
	uint32_t	 ip = 0;
	size_t		 i;
	int		 r = EXIT_USAGE;
	struct stat	 sb;

	hostfacts_init(&hf);
	memset(&t, 0, sizeof(t));
	if (strcmp(addr, "-") != 0 && target_aton(addr, &ip) != 0) {
		r = cmd_usage_error("profiles", "'%s' is not an IPv4 address",
		    addr);
		goto out;
	}
	oui = cmd_oui_load(oui_dir);
	if (strcmp(addr, "-") != 0 && (dbpath_given ||
	    stat(dbpath, &sb) == 0)) {
		if (cmd_open_db("profiles", dbpath, DB_RDONLY, &db) != 0)
			goto out;
		if (db_host_find(db, addr, &host_id) == 0) {
			if (hostfacts_load(db, host_id, oui, &hf) != 0) {
				fprintf(stderr, "iomtscan profiles: %s\n",
				    db_errmsg(db));
				goto out;
			}
		} else if (!extra->has_mac && extra->n_obs == 0 &&
		    extra->n_open == 0 && extra->prior_class == NULL &&
		    extra->prior_vendor == NULL) {
			fprintf(stderr, "iomtscan profiles: %s is not in the "
			    "inventory %s (add facts with --mac, --obs, "
			    "--open)\n", addr, dbpath);
			goto out;
		}
	}
	if (host_id == 0)
		hostfacts_set_addr(&hf, ip, NULL, NULL);
	/* Command-line facts on top of the inventory's. */
	if (extra->has_mac) {
		free(hf.oui_vendor);
		hf.oui_vendor = NULL;
		hostfacts_set_addr(&hf, ip, extra->mac, oui);
	}
	for (i = 0; i < extra->n_obs; i++)
		hostfacts_add_obs(&hf, extra->obs[i].proto, extra->obs[i].port,
		    extra->obs[i].key, extra->obs[i].value);
	for (i = 0; i < extra->n_open; i++)
		hostfacts_add_open(&hf, extra->open[i].udp,
		    extra->open[i].port);
	if (extra->prior_class != NULL)
		hostfacts_set_prior(&hf, "class", extra->prior_class);
	if (extra->prior_vendor != NULL)
		hostfacts_set_prior(&hf, "vendor", extra->prior_vendor);
	f = hostfacts_facts(&hf);

	printf("%s%s\n", strcmp(addr, "-") == 0 ? "(facts given)" : addr,
	    host_id != 0 ? "  (from the inventory)" : "");
	if (hf.has_mac) {
		char	 m[20];

		printf("  mac       %s", mac_ntoa(hf.mac, m, sizeof(m)));
		if (hf.oui_vendor != NULL)
			printf("  %s", clean(&b, hf.oui_vendor, 0));
		printf("  (maker class %s)\n", oui_class_name(f->oui_class));
	}
	if (hf.prior_vendor != NULL || hf.prior_class != NULL) {
		struct buf	 vm = { NULL, 0, 0 };

		text_vendor_model(&vm, hf.prior_vendor != NULL ?
		    hf.prior_vendor : "?", hf.prior_model);
		printf("  identity  %s", clean(&b, buf_str(&vm), 0));
		printf(" (%s)\n", hf.prior_class != NULL ? hf.prior_class :
		    "no class");
		buf_free(&vm);
	}
	if (hf.prior_profile != NULL)
		printf("  earlier   matched profile %s\n", hf.prior_profile);
	printf("  known     %zu observation%s, %zu open port%s\n", hf.n_obs,
	    hf.n_obs == 1 ? "" : "s", hf.n_open, hf.n_open == 1 ? "" : "s");
	printf("matching profiles:\n");
	policy_match_profiles(pol, f, test_cb, &t);
	if (t.n == 0)
		printf("  none\n");
	policy_decide(pol, level, SCAN_DEF_HOST_PPS, SCAN_DEF_HOST_CONNS,
	    SCAN_DEF_GAP_MS, f, &hp);
	printf("policy a %s scan would apply:\n", safety_level_name(level));
	if (policy_excluded_facts(pol, f, why, sizeof(why)))
		printf("  EXCLUDED  by '%s': nothing is ever sent\n", why);
	print_policy(&hp);
	r = EXIT_OK;
 out:
	buf_free(&b);
	hostfacts_free(&hf);
	oui_free(oui);
	db_close(db);
	return r;
}

/* Parse "KEY=VALUE" or "proto/port:KEY=VALUE" into extra. */
static int
add_obs_arg(struct hostfacts *extra, const char *arg)
{
	char		 buf[1024], *eq, *key = buf, *colon;
	char		 proto[4] = "";
	uint16_t	 port = 0;
	long long	 v;

	if (strlcpy(buf, arg, sizeof(buf)) >= sizeof(buf))
		return IOMT_EINVAL;
	if ((eq = strchr(buf, '=')) == NULL || eq == buf)
		return IOMT_EINVAL;
	*eq = '\0';
	colon = strchr(buf, ':');
	if (colon != NULL) {
		*colon = '\0';
		key = colon + 1;
		if ((strncmp(buf, "tcp/", 4) != 0 &&
		    strncmp(buf, "udp/", 4) != 0) ||
		    parse_ll(buf + 4, 1, 65535, &v) != 0)
			return IOMT_EINVAL;
		memcpy(proto, buf, 3);
		port = (uint16_t)v;
	}
	if (*key == '\0')
		return IOMT_EINVAL;
	hostfacts_add_obs(extra, proto[0] != '\0' ? proto : NULL, port, key,
	    eq + 1);
	return 0;
}

int
cmd_profiles(int argc, char **argv)
{
	struct policy	*pol = NULL;
	struct hostfacts extra;
	struct cmd_policy_files pf = { NULL, NULL, NULL };
	const char	*dbpath, *verb, *oui_dir;
	const char	*arg = NULL;
	int		 ch, r = EXIT_USAGE, json = 0, dbgiven = 0, l;
	enum safety_level level = LEVEL_STANDARD;
	long long	 v;
	char		 err[1024];

	hostfacts_init(&extra);
	oui_dir = "/usr/share/ieee-data";
	dbpath = cmd_db_path(&dbgiven);
	if (argc < 2) {
		profiles_usage(stderr);
		goto out;
	}
	verb = argv[1];
	if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0) {
		profiles_usage(stdout);
		r = EXIT_OK;
		goto out;
	}
	optind = 2;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":h", prof_longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0)
				json = 1;
			else if (strcmp(optarg, "text") != 0) {
				r = cmd_usage_error("profiles", "--format must "
				    "be text or json");
				goto out;
			}
			break;
		case OPT_DB:
			dbpath = optarg;
			dbgiven = 1;
			break;
		case OPT_OUI_DIR:
			oui_dir = optarg;
			break;
		case OPT_MAC:
			if (mac_parse(optarg, extra.mac) != 0) {
				r = cmd_usage_error("profiles", "bad MAC "
				    "address '%s'", optarg);
				goto out;
			}
			extra.has_mac = 1;
			break;
		case OPT_OBS:
			if (add_obs_arg(&extra, optarg) != 0) {
				r = cmd_usage_error("profiles", "--obs needs "
				    "KEY=VALUE or PROTO/PORT:KEY=VALUE, "
				    "not '%s'", optarg);
				goto out;
			}
			break;
		case OPT_OPEN:
			if ((strncmp(optarg, "tcp/", 4) != 0 &&
			    strncmp(optarg, "udp/", 4) != 0) ||
			    parse_ll(optarg + 4, 1, 65535, &v) != 0) {
				r = cmd_usage_error("profiles", "--open needs "
				    "tcp/PORT or udp/PORT, not '%s'", optarg);
				goto out;
			}
			hostfacts_add_open(&extra, optarg[0] == 'u',
			    (uint16_t)v);
			break;
		case OPT_CLASS:
			hostfacts_set_prior(&extra, "class", optarg);
			break;
		case OPT_VENDOR:
			hostfacts_set_prior(&extra, "vendor", optarg);
			break;
		case OPT_LEVEL:
			if ((l = safety_level_parse(optarg)) < 0) {
				r = cmd_usage_error("profiles", "unknown level "
				    "'%s'", optarg);
				goto out;
			}
			level = (enum safety_level)l;
			break;
		default:
			if (cmd_common_option("profiles", ch, argv, &pf,
			    profiles_usage, &r))
				goto out;
			break;
		}
	}
	if (optind < argc)
		arg = argv[optind++];
	if (cmd_operand_left("profiles", argc, argv, &r))
		goto out;
	if (strcmp(verb, "check") == 0) {
		struct profile_set *ps;

		if (arg == NULL) {
			r = cmd_usage_error("profiles", "check needs a FILE");
			goto out;
		}
		ps = profile_set_new();
		r = profile_set_load(ps, arg, 1, err, sizeof(err));
		if (r == 0)
			printf("%s: %zu profiles, format %d, ok\n", arg,
			    profile_set_count(ps), PROFILE_FORMAT);
		else
			fprintf(stderr, "iomtscan profiles: %s\n", err);
		profile_set_free(ps);
		r = r == 0 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (strcmp(verb, "list") != 0 && strcmp(verb, "show") != 0 &&
	    strcmp(verb, "test") != 0) {
		r = cmd_usage_error("profiles", "unknown verb '%s' (list, "
		    "show, test, check)", verb);
		goto out;
	}
	if ((strcmp(verb, "list") == 0) != (arg == NULL)) {
		r = cmd_usage_error("profiles", arg == NULL ?
		    "%s needs an argument" : "%s takes no argument", verb);
		goto out;
	}
	if (cmd_policy_load(pf.profiles, pf.local, pf.policy_file, &pol) != 0)
		goto out;
	if (strcmp(verb, "list") == 0)
		r = profiles_list(pol, json);
	else if (strcmp(verb, "show") == 0) {
		const struct profile *pr;

		pr = profile_set_find(policy_profiles(pol), arg);
		if (pr == NULL) {
			fprintf(stderr, "iomtscan profiles: no profile '%s' "
			    "(see 'iomtscan profiles list')\n", arg);
			goto out;
		}
		profile_print(stdout, pr);
		r = EXIT_OK;
	} else
		r = profiles_test(pol, arg, dbpath, dbgiven, &extra, oui_dir,
		    level);
 out:
	hostfacts_free(&extra);
	policy_free(pol);
	return r;
}
