/*
 * src/cli/inventory.c - the commands that read the inventory: "iomtscan hosts",
 * "show ADDRESS", "export --format json|csv" and "audit [ADDRESS]".
 *
 * They only read, so they never create a database: a missing file is an
 * error naming the file (the user most likely mistyped --db or ran the
 * scan elsewhere), and the database is opened with DB_RDONLY so a read
 * cannot change what a running scan is writing.  Output goes to stdout;
 * every message goes to stderr, so `iomtscan export > inv.json` gives a
 * clean file.  Exit status as cli.h: 0 ok, 1 a problem finishing (host not
 * in the inventory, output could not be written), 2 usage error or a
 * database that is missing, corrupt or not an inventory.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/report.h"
#include "iomt/safety.h"
#include "iomt/util.h"

#define CMD_DB_DEFAULT	"iomtscan.db"
#define CMD_OUI_DIR	"/usr/share/ieee-data"	/* as scan and plan */

enum cmd_db_which {
	CMD_HOSTS, CMD_SHOW, CMD_EXPORT, CMD_AUDIT
};

static const char *const cmd_db_names[] = {
	"hosts", "show", "export", "audit"
};

static void
cmd_db_usage(enum cmd_db_which w, FILE *fp)
{
	switch (w) {
	case CMD_HOSTS:
		fprintf(fp,
"usage: iomtscan hosts [--db FILE] [FILTERS]\n"
"\n"
"List every host in the inventory as a table: address, MAC, OUI vendor,\n"
"open ports, identity and when it was last seen, sorted by address.\n"
"Hosts marked \"! check device\" stopped answering during their last\n"
"scan and were left alone: make sure they are working.\n");
		break;
	case CMD_SHOW:
		fprintf(fp,
"usage: iomtscan show [--db FILE] ADDRESS\n"
"\n"
"Show everything the inventory knows about the host ADDRESS: MAC and\n"
"vendor, first and last seen, its state in each scan, services and\n"
"banners, identity and its evidence, findings, fragile-device profile,\n"
"the number of probes sent to it and the latest observations.\n");
		break;
	case CMD_EXPORT:
		fprintf(fp,
"usage: iomtscan export [--format json|csv|cyclonedx|dot|svg|xlsx|html]\n"
"                       [--bom] [--lang ja|en] [--db FILE] [FILTERS]\n"
"\n"
"Write the whole inventory to stdout: JSON (the default; documented in\n"
"docs/JSON-SCHEMA.md) or CSV (one row per service, host columns\n"
"repeated; RFC 4180, safe to open in a spreadsheet) or CycloneDX 1.6\n"
"(a device BOM: one device per host, the software each showed on the\n"
"wire nested below it, with CPE names where they can be derived), or a\n"
"network diagram (dot: Graphviz source, svg: drawn with Graphviz):\n"
"subnets as boxes, medical devices red, fragile and remote access marked,\n"
"or an Excel workbook (xlsx: a ledger-shaped device sheet that reconcile\n"
"reads back, the findings, and what changed between the last two complete\n"
"scans as diff reports it), or a report page (html: one file with\n"
"no outside links: summary, device table that sorts and filters, the\n"
"findings and what to do, the diagram, the scans' safety record).\n"
"Text is UTF-8.\n"
"\n"
"  -f, --format FMT   json, csv, cyclonedx, dot, svg, xlsx or html\n"
"  --lang ja|en       language of xlsx and html (default: ja when\n"
"                     LC_ALL, LC_MESSAGES or LANG starts with ja)\n"
"  --bom              CSV only: start with a UTF-8 byte-order mark; Excel\n"
"                     needs it to read UTF-8 (Japanese names, titles)\n"
"                     instead of guessing the local code page\n");
		break;
	case CMD_AUDIT:
		fprintf(fp,
"usage: iomtscan audit [--db FILE] [ADDRESS]\n"
"\n"
"List every probe iomtscan sent (to ADDRESS, or to every host), oldest\n"
"first: local time with milliseconds and its UTC offset, address, port,\n"
"kind, payload bytes and the probe that sent it.  Use it to line up a\n"
"device alarm with what the scanner did at that moment.  TZ sets the\n"
"zone (TZ=Asia/Tokyo); the exports keep UTC.\n");
		break;
	}
	if (w == CMD_HOSTS || w == CMD_EXPORT)
		fprintf(fp,
"\n"
"Filters (every one given must hold):\n"
"  --class CLASS      identified as this device class (infusion-pump, ...)\n"
"  --vendor TEXT      identity or OUI vendor contains TEXT (any case)\n"
"  --subnet CIDR      address in CIDR (198.18.0.0/24)\n"
"  --finding ID|SEV   has the finding ID (remote-access-vnc), or one of\n"
"                     at least severity SEV (info, low, medium, high)\n"
"  --fragile          matched a fragile-device profile\n"
"  --unmanaged        no ledger ID (iomtscan annotate --ledger-id, or\n"
"                     reconcile --apply): not in the ledger\n"
"  --seen-since WHEN  last seen at or after a date (2026-12-01, UTC) or\n"
"                     within a duration (30m, 12h, 7d, 2w)\n");
	fprintf(fp,
"\n"
"  --db FILE          inventory database (default ./%s, or $IOMT_DB)\n"
"  -h, --help         this help\n"
"\n"
"Exit status: 0 ok, 1 problems (e.g. no such host), 2 usage error, or a\n"
"database that is missing or unreadable.\n", CMD_DB_DEFAULT);
}

/* Parse a dotted-quad address into its canonical text form in dst. */
static int
cmd_db_address(const char *s, char *dst, size_t dsize)
{
	struct in_addr	 a;

	if (s == NULL || inet_pton(AF_INET, s, &a) != 1 ||
	    inet_ntop(AF_INET, &a, dst, (socklen_t)dsize) == NULL)
		return IOMT_EINVAL;
	return 0;
}

/* Open path read-only; on failure print why, naming the file. */
static int
cmd_db_open(enum cmd_db_which w, const char *path, struct db **db)
{
	struct stat	 sb;
	char		 err[512];
	int		 r;

	*db = NULL;
	if (stat(path, &sb) != 0) {
		fprintf(stderr, "iomtscan %s: no inventory database at %s "
		    "(%s); give the right one with --db FILE, or run "
		    "'iomtscan scan --db %s ...' first\n", cmd_db_names[w],
		    path, strerror(errno), path);
		return EXIT_USAGE;
	}
	if (S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "iomtscan %s: %s is a directory, not an "
		    "inventory database\n", cmd_db_names[w], path);
		return EXIT_USAGE;
	}
	if ((r = db_open(path, DB_RDONLY, db, err, sizeof(err))) != 0) {
		if (r == IOMT_EDAMAGED)
			return cmd_db_damaged(cmd_db_names[w], path, err);
		fprintf(stderr, "iomtscan %s: cannot read the inventory "
		    "database %s: %s\n", cmd_db_names[w], path, err);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Report a failure to read the database or to write the output. */
static int
cmd_db_failed(enum cmd_db_which w, struct db *db, const char *path, int r)
{
	if (r == IOMT_EDAMAGED || db_damaged(db))
		return cmd_db_damaged(cmd_db_names[w], path, db_errmsg(db));
	if (r == IOMT_EDB)
		fprintf(stderr, "iomtscan %s: reading %s failed: %s\n",
		    cmd_db_names[w], path, db_errmsg(db));
	else
		fprintf(stderr, "iomtscan %s: cannot write the output: %s\n",
		    cmd_db_names[w], iomt_strerror(r));
	return EXIT_PROBLEMS;
}

#define CMD_OPT_FILTER	1000	/* the filters of hosts and export */

static const struct option cmd_db_longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'f' },
	{ "bom", no_argument, NULL, 'b' },
	{ "lang", required_argument, NULL, 'l' },
	{ "class", required_argument, NULL, CMD_OPT_FILTER },
	{ "vendor", required_argument, NULL, CMD_OPT_FILTER },
	{ "subnet", required_argument, NULL, CMD_OPT_FILTER },
	{ "finding", required_argument, NULL, CMD_OPT_FILTER },
	{ "fragile", no_argument, NULL, CMD_OPT_FILTER },
	{ "unmanaged", no_argument, NULL, CMD_OPT_FILTER },
	{ "seen-since", required_argument, NULL, CMD_OPT_FILTER },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/*
 * The common part of the four commands: options, positional arguments
 * (at most one ADDRESS, required for show), open, run, close.
 */
static int
cmd_db_main(enum cmd_db_which w, int argc, char **argv)
{
	const char	*path = getenv("IOMT_DB"), *format = "json";
	const char	*addr = NULL, *lang = NULL;
	char		 ip[64], ferr[256];
	struct db	*db = NULL;
	struct report_opts ro;
	struct policy	*pol = NULL;
	struct oui_db	*oui = NULL;
	struct report_filter filter;
	int		 ch, r, rc, li;

	if (path == NULL || path[0] == '\0')
		path = CMD_DB_DEFAULT;
	memset(&ro, 0, sizeof(ro));
	memset(&filter, 0, sizeof(filter));
	optind = 1;
	opterr = 0;
	for (;;) {
		li = -1;
		ch = getopt_long(argc, argv, w == CMD_EXPORT ? ":hf:" : ":h",
		    cmd_db_longopts, &li);
		if (ch == -1)
			break;
		switch (ch) {
		case 'd':
			if (optarg[0] == '\0')
				return cmd_usage_error(cmd_db_names[w], "--db needs a file name");
			path = optarg;
			break;
		case 'f':
			if (w != CMD_EXPORT)
				return cmd_usage_error(cmd_db_names[w], "unknown option "
				    "'--format'");
			format = optarg;
			break;
		case 'b':
			if (w != CMD_EXPORT)
				return cmd_usage_error(cmd_db_names[w], "unknown option "
				    "'--bom'");
			ro.bom = 1;
			break;
		case 'l':
			if (w != CMD_EXPORT)
				return cmd_usage_error(cmd_db_names[w], "unknown option "
				    "'--lang'");
			if (strcmp(optarg, "ja") != 0 &&
			    strcmp(optarg, "en") != 0)
				return cmd_usage_error(cmd_db_names[w], "--lang "
				    "'%s': use ja or en", optarg);
			lang = optarg;
			break;
		case CMD_OPT_FILTER:
			if (w != CMD_HOSTS && w != CMD_EXPORT)
				return cmd_usage_error(cmd_db_names[w], "--%s "
				    "filters hosts and export only",
				    cmd_db_longopts[li].name);
			if (report_filter_set(&filter, cmd_db_longopts[li].name,
			    optarg, ferr, sizeof(ferr)) != 0)
				return cmd_usage_error(cmd_db_names[w], "%s",
				    ferr);
			break;
		case 'h':
			cmd_db_usage(w, stdout);
			return EXIT_OK;
		case ':':
			return cmd_usage_error(cmd_db_names[w], "option '%s' needs an argument",
			    argv[optind - 1]);
		default:
			if (optopt != 0)
				return cmd_usage_error(cmd_db_names[w], "unknown option '-%c'",
				    optopt);
			return cmd_usage_error(cmd_db_names[w], "unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (w == CMD_EXPORT && strcmp(format, "json") != 0 &&
	    strcmp(format, "csv") != 0 && strcmp(format, "cyclonedx") != 0 &&
	    strcmp(format, "dot") != 0 && strcmp(format, "svg") != 0 &&
	    strcmp(format, "xlsx") != 0 && strcmp(format, "html") != 0)
		return cmd_usage_error(cmd_db_names[w], "unknown format '%s' "
		    "(use json, csv, cyclonedx, dot, svg, xlsx or html)", format);
	if (lang != NULL && strcmp(format, "xlsx") != 0 &&
	    strcmp(format, "html") != 0)
		return cmd_usage_error(cmd_db_names[w], "--lang is for --format "
		    "xlsx and html (the other formats are not for reading)");
	if (lang == NULL)
		lang = report_lang_default();
	if (w == CMD_EXPORT && strcmp(format, "xlsx") == 0 &&
	    isatty(STDOUT_FILENO))
		return cmd_usage_error(cmd_db_names[w], "an Excel workbook "
		    "is binary: redirect it to a file (> inventory.xlsx)");
	if (ro.bom && strcmp(format, "csv") != 0)
		return cmd_usage_error(cmd_db_names[w], "--bom is for --format csv "
		    "(only a CSV file has a byte-order mark)");
	if (w == CMD_SHOW || w == CMD_AUDIT) {
		if (optind < argc)
			addr = argv[optind++];
		if (addr == NULL && w == CMD_SHOW)
			return cmd_usage_error(cmd_db_names[w], "which host? (e.g. iomtscan show "
			    "198.18.0.12)");
		if (addr != NULL && cmd_db_address(addr, ip, sizeof(ip)) != 0)
			return cmd_usage_error(cmd_db_names[w], "'%s' is not an IPv4 address",
			    addr);
	}
	if (optind < argc)
		return cmd_usage_error(cmd_db_names[w], "unexpected argument '%s'",
		    argv[optind]);

	if ((rc = cmd_db_open(w, path, &db)) != EXIT_OK)
		return rc;
	/* The fragile-profile match comes from the matcher `plan` uses, with
	 * the same profiles and policy files, so every view says the same. */
	if (w != CMD_AUDIT) {
		if (cmd_policy_load(NULL, NULL, NULL, &pol) != 0) {
			db_close(db);
			return EXIT_USAGE;
		}
		oui = cmd_oui_load(CMD_OUI_DIR);
		ro.pol = pol;
		ro.oui = oui;
	}
	switch (w) {
	case CMD_HOSTS:
		r = report_hosts_where(db, &ro, &filter, stdout);
		break;
	case CMD_SHOW:
		r = report_host(db, &ro, ip, stdout);
		break;
	case CMD_EXPORT:
		r = strcmp(format, "csv") == 0 ?
		    report_export_csv_where(db, &ro, &filter, stdout) :
		    strcmp(format, "cyclonedx") == 0 ?
		    report_export_cyclonedx(db, &ro, &filter, stdout) :
		    strcmp(format, "dot") == 0 || strcmp(format, "svg") == 0 ?
		    report_export_diagram(db, &ro, &filter, format, stdout) :
		    strcmp(format, "xlsx") == 0 ?
		    report_export_xlsx(db, &ro, &filter, lang, stdout) :
		    strcmp(format, "html") == 0 ?
		    report_export_html(db, &ro, &filter, lang, stdout) :
		    report_export_json_where(db, &ro, &filter, stdout);
		break;
	case CMD_AUDIT:
	default:
		r = report_audit(db, addr != NULL ? ip : NULL, stdout);
		break;
	}
	if (r == 0 && fflush(stdout) != 0)
		r = -errno;
	if (r == IOMT_ENOTFOUND) {
		fprintf(stderr, "iomtscan show: %s is not in the inventory "
		    "%s\n", ip, path);
		rc = EXIT_PROBLEMS;
	} else if (r != 0)
		rc = cmd_db_failed(w, db, path, r);
	else
		rc = EXIT_OK;
	db_close(db);
	policy_free(pol);
	oui_free(oui);
	return rc;
}

int
cmd_hosts(int argc, char **argv)
{
	return cmd_db_main(CMD_HOSTS, argc, argv);
}

int
cmd_show(int argc, char **argv)
{
	return cmd_db_main(CMD_SHOW, argc, argv);
}

int
cmd_export(int argc, char **argv)
{
	return cmd_db_main(CMD_EXPORT, argc, argv);
}

int
cmd_audit(int argc, char **argv)
{
	return cmd_db_main(CMD_AUDIT, argc, argv);
}
