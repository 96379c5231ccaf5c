/*
 * src/cli/advisories.c - "iomtscan advisories import|list|show": security
 * advisories (CSAF 2.0, as CISA's ICSMA advisories and makers' feeds
 * publish them) brought to the inventory offline.
 *
 * Scanners sit on isolated clinical networks, so advisories arrive as
 * files (a USB stick, a mirror of a CSAF feed).  `import` reads files and
 * folders of them (every *.json in a folder, in name order), stores each
 * good document in one transaction and names every file it refuses with
 * the JSON path and the reason; the good ones are imported even when
 * some are bad, and the exit status says some were refused (2), so a
 * cron job notices.  Importing the same file again changes nothing; a
 * newer revision replaces the older; an older one is left out and said
 * so.  `list` and `show` print what is stored and which hosts each
 * advisory concerns (docs/ADVISORIES.md).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/db-docs.h"
#include "iomt/report.h"
#include "iomt/util.h"

#define ADV_DIR_MAX	100000	/* files taken from one folder */

static void
adv_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan advisories import [--db FILE] [-q] DIR|FILE...\n"
"       iomtscan advisories list [--db FILE] [--format text|json]\n"
"       iomtscan advisories show [--db FILE] ID\n"
"\n"
"Security advisories in CSAF 2.0 (CISA ICSMA advisories, makers' CSAF\n"
"feeds), read offline and linked to the inventory's hosts by vendor,\n"
"product or device class, and firmware version.  Each link is\n"
"\"affected\", \"possible\" (what would settle it is said) or\n"
"\"not_affected\"; a host with no advisory on file is a gap, not safe.\n"
"\n"
"  import DIR|FILE...  read the files (every *.json of a folder); each\n"
"                      document is stored whole or not at all; a newer\n"
"                      revision replaces the stored one, an older one is\n"
"                      left out\n"
"  list                the stored advisories and how many hosts each\n"
"                      concerns\n"
"  show ID             one advisory (tracking id): provenance, products,\n"
"                      vulnerabilities, remedies, linked hosts\n"
"  --db FILE           inventory database (default ./iomtscan.db, or\n"
"                      $IOMT_DB)\n"
"  --format text|json  list: a table (default) or JSON with the products\n"
"                      and the hosts by match\n"
"  -q, --quiet         import: print only refusals and the summary\n"
"  -h, --help          this help\n"
"\n"
"A document is refused when it is not JSON, not CSAF 2.0, larger than\n"
"%d MiB, nested too deep, has too many products, over-long strings or\n"
"control characters, or names products it does not define.\n"
"Exit status: 0 ok, 1 the database failed, 2 usage error or a refused\n"
"document (the good ones are imported all the same).\n",
	    CSAF_FILE_MAX / (1024 * 1024));
}

static const struct option advisories_longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct adv_run {
	struct db	*db;
	int		 quiet;
	size_t		 n[5];		/* by DB_ADV_* */
	size_t		 refused;
	int		 dberr;
};

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A file name for the terminal: names come from whatever medium the
 * advisories arrived on, so escapes in them are neutralised.
 */
static const char *
shown(struct buf *b, const char *path)
{
	buf_truncate(b, 0);
	text_term(b, path, strlen(path), 0);
	return buf_str(b);
}

/* Import the one file path. */
static void
adv_import_file(struct adv_run *run, const char *path)
{
	struct csaf_doc	*d = NULL;
	struct buf	 pb = { NULL, 0, 0 };
	char		 err[600], had[160], real[PATH_MAX];
	int		 r, oc = 0;

	shown(&pb, path);
	if ((r = csaf_read(path, &d, err, sizeof(err))) != 0) {
		fprintf(stderr, "iomtscan advisories: %s: refused: %s\n",
		    buf_str(&pb), err);
		run->refused++;
		buf_free(&pb);
		return;
	}
	if (realpath(path, real) == NULL)
		strlcpy(real, path, sizeof(real));
	if ((r = db_advisory_import(run->db, d, real, &oc, had,
	    sizeof(had))) != 0) {
		fprintf(stderr, "iomtscan advisories: %s: not stored: %s\n",
		    buf_str(&pb), r == IOMT_EDB || r == IOMT_EDAMAGED ?
		    db_errmsg(run->db) : iomt_strerror(r));
		run->dberr = 1;
		goto out;
	}
	run->n[oc]++;
	switch (oc) {
	case DB_ADV_NEW:
		if (!run->quiet)
			printf("%s: %s version %s: imported (%zu products, %zu "
			    "vulnerabilities)\n", buf_str(&pb), d->tracking_id,
			    d->version, d->n_prod, d->n_vuln);
		break;
	case DB_ADV_UPDATED:
		if (!run->quiet)
			printf("%s: %s version %s: replaces %s\n", buf_str(&pb),
			    d->tracking_id, d->version, had);
		break;
	case DB_ADV_SAME:
		if (!run->quiet)
			printf("%s: %s version %s: already imported, "
			    "unchanged\n", buf_str(&pb), d->tracking_id,
			    d->version);
		break;
	case DB_ADV_OLDER:
		printf("%s: %s version %s (%s) is older than the stored %s: "
		    "left out\n", buf_str(&pb), d->tracking_id, d->version,
		    d->current_release, had);
		break;
	}
 out:
	csaf_free(d);
	buf_free(&pb);
}

/* Import every *.json of folder dir, in name order. */
static void
adv_import_dir(struct adv_run *run, const char *dir)
{
	DIR		*dp;
	struct dirent	*de;
	char		**names = NULL;
	size_t		 n = 0, cap = 0;
	struct buf	 pb = { NULL, 0, 0 };

	shown(&pb, dir);
	if ((dp = opendir(dir)) == NULL) {
		fprintf(stderr, "iomtscan advisories: %s: refused: cannot "
		    "open the folder: %s\n", buf_str(&pb), strerror(errno));
		run->refused++;
		buf_free(&pb);
		return;
	}
	while ((de = readdir(dp)) != NULL) {
		size_t	 l = strlen(de->d_name);
		char	 p[PATH_MAX];

		if (de->d_name[0] == '.' || l < 6 ||
		    strcmp(de->d_name + l - 5, ".json") != 0)
			continue;
		if (n >= ADV_DIR_MAX) {
			fprintf(stderr, "iomtscan advisories: %s: more than %d "
			    "files; the rest are left out\n", buf_str(&pb),
			    ADV_DIR_MAX);
			run->refused++;
			break;
		}
		if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, de->d_name) >=
		    sizeof(p))
			continue;
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 64;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = xstrdup(p);
	}
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	if (n == 0 && !run->quiet)
		printf("%s: no *.json files\n", buf_str(&pb));
	for (size_t i = 0; i < n; i++) {
		if (!run->dberr)
			adv_import_file(run, names[i]);
		free(names[i]);
	}
	free(names);
	buf_free(&pb);
}

static int
adv_import(const char *dbpath, int quiet, int argc, char **argv)
{
	struct adv_run	 run = { 0 };
	int		 rc = EXIT_USAGE;

	if (argc == 0)
		return cmd_usage_error("advisories", "import needs a file or "
		    "folder of CSAF documents");
	run.quiet = quiet;
	if (cmd_open_db("advisories", dbpath, 0, &run.db) != 0)
		return EXIT_USAGE;
	for (int i = 0; i < argc && !run.dberr; i++) {
		struct stat	 sb;

		if (stat(argv[i], &sb) != 0) {
			struct buf	 pb = { NULL, 0, 0 };

			fprintf(stderr, "iomtscan advisories: %s: refused: %s\n",
			    shown(&pb, argv[i]), strerror(errno));
			buf_free(&pb);
			run.refused++;
		} else if (S_ISDIR(sb.st_mode))
			adv_import_dir(&run, argv[i]);
		else
			adv_import_file(&run, argv[i]);
	}
	printf("advisories: %zu imported, %zu updated, %zu unchanged, %zu "
	    "older left out, %zu refused\n", run.n[DB_ADV_NEW],
	    run.n[DB_ADV_UPDATED], run.n[DB_ADV_SAME], run.n[DB_ADV_OLDER],
	    run.refused);
	if (run.dberr)
		rc = EXIT_PROBLEMS;
	else if (run.refused > 0)
		rc = EXIT_USAGE;
	else
		rc = EXIT_OK;
	if (fflush(stdout) != 0 && rc == EXIT_OK)
		rc = EXIT_PROBLEMS;
	db_close(run.db);
	return rc;
}

/* Open an existing inventory read-only for list and show. */
static int
adv_open_ro(const char *path, struct db **db)
{
	struct stat	 sb;

	*db = NULL;
	if (path[0] == '\0' || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, "iomtscan advisories: no inventory database at "
		    "%s; give the right one with --db FILE, or import first\n",
		    path);
		return EXIT_USAGE;
	}
	if (cmd_open_db("advisories", path, DB_RDONLY, db) != 0)
		return EXIT_USAGE;
	return EXIT_OK;
}

int
cmd_advisories(int argc, char **argv)
{
	const char	*dbpath = cmd_db_path(NULL), *verb, *format = "text";
	struct db	*db = NULL;
	int		 ch, quiet = 0, rc = EXIT_USAGE, r;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:d:f:qh", advisories_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			dbpath = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			adv_usage(stdout);
			return EXIT_OK;
		default:
			return cmd_bad_option("advisories", ch, argv);
		}
	}
	if (optind >= argc)
		return cmd_usage_error("advisories", "say import, list or show");
	verb = argv[optind++];
	/* Options may follow the verb too: "advisories import --db F DIR". */
	{
		int	 vargc = argc - optind + 1;
		char	**vargv = argv + optind - 1;

		optind = 1;
		while ((ch = getopt_long(vargc, vargv, ":d:f:qh", advisories_longopts,
		    NULL)) != -1) {
			switch (ch) {
			case 'd':
				dbpath = optarg;
				break;
			case 'f':
				format = optarg;
				break;
			case 'q':
				quiet = 1;
				break;
			case 'h':
				adv_usage(stdout);
				return EXIT_OK;
			default:
				return cmd_bad_option("advisories", ch, vargv);
			}
		}
		argc = vargc - optind;
		argv = vargv + optind;
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cmd_usage_error("advisories", "--format %s: say text or "
		    "json", format);
	if (strcmp(format, "json") == 0 && strcmp(verb, "list") != 0)
		return cmd_usage_error("advisories", "--format is for list");
	if (strcmp(verb, "import") == 0)
		return adv_import(dbpath, quiet, argc, argv);
	if (strcmp(verb, "list") == 0) {
		if (argc != 0)
			return cmd_usage_error("advisories", "unexpected "
			    "argument '%s'", argv[0]);
		if ((rc = adv_open_ro(dbpath, &db)) != EXIT_OK)
			goto out;
		r = strcmp(format, "json") == 0 ?
		    report_advisories_json(db, stdout) :
		    report_advisories(db, stdout);
	} else if (strcmp(verb, "show") == 0) {
		if (argc != 1)
			return cmd_usage_error("advisories", "show needs one "
			    "advisory id (see advisories list)");
		if ((rc = adv_open_ro(dbpath, &db)) != EXIT_OK)
			goto out;
		r = report_advisory(db, argv[0], stdout);
		if (r == IOMT_ENOTFOUND) {
			fprintf(stderr, "iomtscan advisories: no advisory %s "
			    "in %s (see advisories list)\n", argv[0], dbpath);
			rc = EXIT_USAGE;
			goto out;
		}
	} else
		return cmd_usage_error("advisories", "unknown verb '%s': say "
		    "import, list or show", verb);
	if (r == 0 && fflush(stdout) != 0)
		r = -errno;
	if (r != 0) {
		fprintf(stderr, "iomtscan advisories: %s\n", r == IOMT_EDB ||
		    r == IOMT_EDAMAGED ? db_errmsg(db) : iomt_strerror(r));
		rc = r == IOMT_EDAMAGED ? cmd_db_damaged("advisories", dbpath,
		    db_errmsg(db)) : EXIT_PROBLEMS;
		goto out;
	}
	rc = EXIT_OK;
 out:
	db_close(db);
	return rc;
}
