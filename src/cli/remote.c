/*
 * src/cli/remote.c - "iomtscan remote": every device offering remote
 * access (VNC, RDP, SSH, Telnet, remote-support tools, vendor gateways),
 * when each service was first seen, whether the latest scan found it
 * open, and whether the ledger knows the device and its remote-
 * maintenance line is recorded (src/report/remote-view.c).
 *
 * It only reads, as `hosts` does: a missing database is an error naming
 * the file, and the file is opened read-only so a running scan is never
 * disturbed.  It takes the filters of `hosts` and `export`, so "remote
 * access on infusion pumps not in the ledger" is one command line.
 * Finding no remote access is an answer, not an error: exit 0.  Exit
 * status: 0 ok, 1 the database failed or the output could not be
 * written, 2 bad options or a missing or unreadable database.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/report.h"
#include "iomt/safety.h"
#include "iomt/util.h"

#define REMOTE_OUI_DIR	"/usr/share/ieee-data"	/* as hosts and plan */
#define REMOTE_OPT_FILTER	1000

static void
remote_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan remote [--db FILE] [--format text|json|csv] [FILTERS]\n"
"\n"
"List every device in the inventory that offers remote access: VNC, RDP,\n"
"SSH, Telnet, rlogin/rsh, TeamViewer, AnyDesk and other remote-support\n"
"tools, and vendor remote-service gateways (docs/REMOTE.md).  For each\n"
"service: when it was first seen, and whether the latest scan found it\n"
"open.  For each device: whether the ledger knows it (a ledger ID from\n"
"reconcile --apply or annotate --ledger-id) and whether its\n"
"remote-maintenance line is recorded (annotate --remote TEXT: what it is\n"
"for, who operates it).  Sorted by address.\n"
"\n"
"  -f, --format FMT   text (the default), json (docs/JSON-SCHEMA.md) or\n"
"                     csv (one row per service, safe for spreadsheets)\n"
"\n"
"Filters (every one given must hold), as for hosts and export:\n"
"  --class CLASS      identified as this device class (infusion-pump, ...)\n"
"  --vendor TEXT      identity or OUI vendor contains TEXT (any case)\n"
"  --subnet CIDR      address in CIDR (198.18.0.0/24)\n"
"  --finding ID|SEV   has the finding ID (remote-access-vnc), or one of\n"
"                     at least severity SEV (info, low, medium, high)\n"
"  --fragile          matched a fragile-device profile\n"
"  --unmanaged        no ledger ID: not in the ledger\n"
"  --seen-since WHEN  last seen at or after a date (2026-12-01, UTC) or\n"
"                     within a duration (30m, 12h, 7d, 2w)\n"
"\n"
"  --db FILE          inventory database (default ./iomtscan.db, or\n"
"                     $IOMT_DB)\n"
"  -h, --help         this help\n"
"\n"
"Exit status: 0 ok (also when no device offers remote access), 1 the\n"
"database failed or the output could not be written, 2 usage error, or a\n"
"database that is missing or unreadable.\n");
}

static const struct option remote_longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'f' },
	{ "class", required_argument, NULL, REMOTE_OPT_FILTER },
	{ "vendor", required_argument, NULL, REMOTE_OPT_FILTER },
	{ "subnet", required_argument, NULL, REMOTE_OPT_FILTER },
	{ "finding", required_argument, NULL, REMOTE_OPT_FILTER },
	{ "fragile", no_argument, NULL, REMOTE_OPT_FILTER },
	{ "unmanaged", no_argument, NULL, REMOTE_OPT_FILTER },
	{ "seen-since", required_argument, NULL, REMOTE_OPT_FILTER },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int
cmd_remote(int argc, char **argv)
{
	const char	*path = cmd_db_path(NULL), *format = "text";
	char		 ferr[256];
	struct report_filter filter;
	struct report_opts ro;
	struct policy	*pol = NULL;
	struct oui_db	*oui = NULL;
	struct db	*db = NULL;
	struct stat	 sb;
	int		 ch, li, r, rc = EXIT_USAGE;

	if (path[0] == '\0')
		path = "iomtscan.db";	/* IOMT_DB set but empty */
	memset(&filter, 0, sizeof(filter));
	memset(&ro, 0, sizeof(ro));
	optind = 1;
	opterr = 0;
	for (;;) {
		li = -1;
		if ((ch = getopt_long(argc, argv, ":hf:", remote_longopts,
		    &li)) == -1)
			break;
		switch (ch) {
		case 'd':
			if (optarg[0] == '\0') {
				rc = cmd_usage_error("remote", "--db needs a "
				    "file name");
				goto out;
			}
			path = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case REMOTE_OPT_FILTER:
			if (report_filter_set(&filter,
			    remote_longopts[li].name, optarg, ferr,
			    sizeof(ferr)) != 0) {
				rc = cmd_usage_error("remote", "%s", ferr);
				goto out;
			}
			break;
		case 'h':
			remote_usage(stdout);
			rc = EXIT_OK;
			goto out;
		default:
			rc = cmd_bad_option("remote", ch, argv);
			goto out;
		}
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "csv") != 0) {
		rc = cmd_usage_error("remote", "unknown format '%s' (use text, "
		    "json or csv)", format);
		goto out;
	}
	if (optind < argc) {
		rc = cmd_usage_error("remote", "unexpected argument '%s'",
		    argv[optind]);
		goto out;
	}
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, "iomtscan remote: no inventory database at "
		    "%s; give the right one with --db FILE, or run 'iomtscan "
		    "scan --db %s ...' first\n", path, path);
		goto out;
	}
	if (cmd_open_db("remote", path, DB_RDONLY, &db) != 0)
		goto out;
	/* The fragile match as hosts, show and plan give it. */
	if (cmd_policy_load(NULL, NULL, NULL, &pol) != 0)
		goto out;
	oui = cmd_oui_load(REMOTE_OUI_DIR);
	ro.pol = pol;
	ro.oui = oui;
	r = report_remote(db, &ro, &filter, format, stdout);
	if (r == 0 && fflush(stdout) != 0)
		r = -errno;
	if (r == 0)
		rc = EXIT_OK;
	else if (r == IOMT_EDAMAGED || db_damaged(db))
		rc = cmd_db_damaged("remote", path, db_errmsg(db));
	else {
		fprintf(stderr, "iomtscan remote: %s\n", r == IOMT_EDB ?
		    db_errmsg(db) : iomt_strerror(r));
		rc = EXIT_PROBLEMS;
	}
 out:
	db_close(db);
	policy_free(pol);
	oui_free(oui);
	return rc;
}
