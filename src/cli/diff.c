/*
 * src/cli/diff.c - "iomtscan diff": what changed between two scans.
 *
 * The value of a weekly scan is the difference from last week: which
 * devices appeared, which are gone, which were replaced or moved, which
 * opened a remote-access port.  This command only reads the inventory
 * (DB_RDONLY) and prints what src/report/diff.c computes, as text for a
 * morning e-mail or as JSON.  Exit status: 0 when it could compare; 2
 * for bad options, scans that do not exist or did not complete, fewer
 * than two complete scans, or a database that is missing or unreadable.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/report.h"
#include "iomt/util.h"

static void
diff_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan diff [--db FILE] [--from SCAN] [--to SCAN]\n"
"                     [--format text|json]\n"
"\n"
"Say what changed between two scans (by default the last two complete\n"
"ones; passive listen sessions are not scans): hosts added (answered in\n"
"the later scan only), removed (the later scan probed the address and got\n"
"no answer), not checked (the later scan held the device passive or\n"
"excluded it: never counted as removed) and changed: ports opened or\n"
"closed, vendor, model, class, firmware or OS, a new MAC on a known\n"
"address (device replaced), a known MAC on a new address (device moved,\n"
"reported once), new findings.  The text is for a person (a morning\n"
"e-mail: counts first, local time; TZ sets the zone).\n"
"\n"
"  --from SCAN        the earlier scan's id (default: the complete scan\n"
"                     before --to)\n"
"  --to SCAN          the later scan's id (default: the last complete)\n"
"  -f, --format FMT   text (default; for people, local time) or json\n"
"                     (docs/JSON-SCHEMA.md)\n"
"  --db FILE          inventory database (default ./iomtscan.db, or\n"
"                     $IOMT_DB)\n"
"  -h, --help         this help\n"
"\n"
"Exit status: 0 compared, 1 the output could not be written, 2 usage\n"
"error, unknown or incomplete scans, fewer than two complete scans, or\n"
"a database that is missing or unreadable.\n");
}

static const struct option diff_longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "from", required_argument, NULL, 'F' },
	{ "to", required_argument, NULL, 'T' },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Parse a scan id option into *id.  Return 0 or EXIT_USAGE (said so). */
static int
diff_scan_id(const char *opt, const char *arg, int64_t *id)
{
	long long	 v;

	if (parse_ll(arg, 1, INT64_MAX, &v) != 0)
		return cmd_usage_error("diff", "%s wants a scan id (a "
		    "positive number), not '%s'", opt, arg);
	*id = (int64_t)v;
	return 0;
}

int
cmd_diff(int argc, char **argv)
{
	const char	*path = cmd_db_path(NULL), *format = "text";
	struct db	*db = NULL;
	struct stat	 sb;
	int64_t		 from = 0, to = 0;
	char		 err[512];
	int		 ch, r, rc = EXIT_USAGE;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":hf:", diff_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			path = optarg;
			break;
		case 'F':
			if ((rc = diff_scan_id("--from", optarg, &from)) != 0)
				goto out;
			rc = EXIT_USAGE;
			break;
		case 'T':
			if ((rc = diff_scan_id("--to", optarg, &to)) != 0)
				goto out;
			rc = EXIT_USAGE;
			break;
		case 'f':
			format = optarg;
			break;
		case 'h':
			diff_usage(stdout);
			rc = EXIT_OK;
			goto out;
		default:
			rc = cmd_bad_option("diff", ch, argv);
			goto out;
		}
	}
	if (cmd_operand_left("diff", argc, argv, &rc))
		goto out;
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
		rc = cmd_usage_error("diff", "unknown format '%s' (use text "
		    "or json)", format);
		goto out;
	}
	if (from != 0 && to != 0 && from == to) {
		rc = cmd_usage_error("diff", "--from and --to name the same "
		    "scan (%lld)", (long long)from);
		goto out;
	}
	if (path[0] == '\0' || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, "iomtscan diff: no inventory database at %s; "
		    "give the right one with --db FILE, or scan first\n",
		    path);
		goto out;
	}
	if (cmd_open_db("diff", path, DB_RDONLY, &db) != 0)
		goto out;
	r = report_diff(db, from, to, format, stdout, err, sizeof(err));
	if (r == IOMT_EINVAL) {
		fprintf(stderr, "iomtscan diff: %s\n", err);
		rc = EXIT_USAGE;
	} else if (r == IOMT_EDAMAGED || db_damaged(db)) {
		rc = cmd_db_damaged("diff", path, db_errmsg(db));
	} else if (r == IOMT_EDB) {
		fprintf(stderr, "iomtscan diff: reading %s failed: %s\n", path,
		    db_errmsg(db));
		rc = EXIT_USAGE;
	} else if (r != 0) {
		fprintf(stderr, "iomtscan diff: cannot write the output: %s\n",
		    iomt_strerror(r));
		rc = EXIT_PROBLEMS;
	} else
		rc = EXIT_OK;
 out:
	db_close(db);
	return rc;
}
