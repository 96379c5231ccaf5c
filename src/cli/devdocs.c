/*
 * src/cli/devdocs.c - "iomtscan mds2 import|list|show" and "iomtscan sbom
 * import|list|show": the makers' documents for a model, brought to the
 * inventory offline.
 *
 * A hospital asks the vendor for the MDS2 form (the Japanese MDS/SDS
 * under the MHLW checklist) and, more and more, an SBOM; both arrive as
 * files.  `import` reads one, refuses it whole with the file and the row
 * or JSON path when it cannot be read (exit 2, nothing stored), and
 * stores it under its maker and model, replacing an earlier one for the
 * same model.  The inventory links it to every host of that model;
 * where the MDS2 and the network disagree, the views show findings
 * (src/report/mds2.c).  docs/MDS2.md.
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/db-docs.h"
#include "iomt/ledger.h"
#include "iomt/report.h"
#include "iomt/util.h"

#define OPT_VENDOR	1
#define OPT_MODEL	2
#define OPT_FORMAT	3

static void
mds2_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan mds2 import [--db FILE] FORM\n"
"       iomtscan mds2 list [--db FILE] [--format text|json]\n"
"       iomtscan mds2 show [--db FILE] MODEL\n"
"\n"
"The maker's Manufacturer Disclosure Statement for Medical Device\n"
"Security (MDS2, ANSI/NEMA HN 1-2019 or 2013), or the Japanese MDS/SDS\n"
"with the same question IDs, as the Excel workbook (.xlsx) or its CSV\n"
"export (UTF-8, UTF-8 with BOM or CP932).  Stored per manufacturer and\n"
"model and linked to the hosts identified as that model; where the form\n"
"and the network disagree (remote service, ports, encryption in\n"
"transit, operating system) hosts, show and the exports list findings.\n"
"\n"
"  import FORM         read and store the form; one for the same model\n"
"                      is replaced\n"
"  list                the stored forms and how many hosts each is\n"
"                      linked to\n"
"  show MODEL          one form in full, with its linked hosts\n"
"  --db FILE           inventory database (default ./iomtscan.db, or\n"
"                      $IOMT_DB)\n"
"  -f, --format FMT    list: text (default) or json\n"
"  -h, --help          this help\n"
"\n"
"Exit status: 0 ok, 1 the database failed, 2 usage error or a form that\n"
"cannot be read (nothing of it is stored).\n");
}

static void
sbom_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan sbom import [--db FILE] [--vendor V --model M] SBOM\n"
"       iomtscan sbom list [--db FILE] [--format text|json]\n"
"       iomtscan sbom show [--db FILE] MODEL\n"
"\n"
"A vendor's software bill of materials for a device model: CycloneDX\n"
"1.4-1.6 or SPDX 2.3, JSON.  Its components (name, version, purl, CPE,\n"
"supplier) are stored per vendor and model -- the device the document\n"
"describes (CycloneDX metadata.component, the SPDX package it\n"
"DESCRIBES), or --vendor and --model -- and shown with every host of\n"
"that model (show, export --format json).\n"
"\n"
"  import SBOM         read and store it; one for the same model is\n"
"                      replaced\n"
"  list                the stored SBOMs and how many hosts each is\n"
"                      linked to\n"
"  show MODEL          one SBOM's components, with its linked hosts\n"
"  --vendor V          import: the maker, when the document does not\n"
"                      name it (or names a distributor)\n"
"  --model M           import: the device model, likewise\n"
"  --db FILE           inventory database (default ./iomtscan.db, or\n"
"                      $IOMT_DB)\n"
"  -f, --format FMT    list: text (default) or json\n"
"  -h, --help          this help\n"
"\n"
"A document is refused when it is not JSON, neither format, larger than\n"
"%d MiB, nested deeper than %d, has more than %d components, or holds\n"
"over-long strings or control characters.\n"
"Exit status: 0 ok, 1 the database failed, 2 usage error or a refused\n"
"document (nothing of it is stored).\n",
	    SBOM_FILE_MAX / (1024 * 1024), SBOM_DEPTH_MAX,
	    SBOM_MAX_COMPONENTS);
}

static const struct option devdocs_longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'f' },
	{ "vendor", required_argument, NULL, OPT_VENDOR },
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct dd_opts {
	const char	*cmd;		/* "mds2", "sbom" */
	const char	*dbpath;
	const char	*format;
	const char	*vendor;
	const char	*model;
};

/* A value for --vendor/--model: UTF-8, printable, not too long. */
static int
name_ok(const char *s)
{
	return s != NULL && s[0] != '\0' && db_annotation_value_ok(s) &&
	    strlen(s) <= 200;
}

static int
dd_import(const struct dd_opts *o, int argc, char **argv)
{
	struct mds2_doc	*md = NULL;
	struct sbom_doc	*sd = NULL;
	struct db	*db = NULL;
	struct buf	 pb = { NULL, 0, 0 };
	char		 err[700], real[PATH_MAX];
	int		 rc = EXIT_USAGE, r, replaced = 0;
	int		 sb = strcmp(o->cmd, "sbom") == 0;

	if (argc != 1)
		return cmd_usage_error(o->cmd, "import needs one file");
	if (!sb && (o->vendor != NULL || o->model != NULL))
		return cmd_usage_error(o->cmd, "--vendor and --model are for "
		    "sbom import; an MDS2 form names its device");
	if ((o->vendor != NULL && !name_ok(o->vendor)) ||
	    (o->model != NULL && !name_ok(o->model)))
		return cmd_usage_error(o->cmd, "--vendor and --model take a "
		    "printable name of at most 200 bytes");
	text_term(&pb, argv[0], strlen(argv[0]), 200);
	if (sb) {
		if ((r = sbom_read(argv[0], &sd, err, sizeof(err))) != 0) {
			fprintf(stderr, "iomtscan sbom: %s: refused: %s\n",
			    buf_str(&pb), err);
			goto out;
		}
		if ((o->vendor == NULL && sd->vendor == NULL) ||
		    (o->model == NULL && sd->model == NULL)) {
			fprintf(stderr, "iomtscan sbom: %s: refused: the "
			    "document names no %s for the device; give "
			    "--vendor and --model\n", buf_str(&pb),
			    o->vendor == NULL && sd->vendor == NULL ?
			    "maker" : "model");
			goto out;
		}
	} else if ((r = ledger_mds2_load(argv[0], &md, err,
	    sizeof(err))) != 0) {
		fprintf(stderr, "iomtscan mds2: refused: %s\n", err);
		goto out;
	}
	if (realpath(argv[0], real) == NULL)
		strlcpy(real, argv[0], sizeof(real));
	if (cmd_open_db(o->cmd, o->dbpath, 0, &db) != 0)
		goto out;
	r = sb ? db_sbom_import(db, sd, o->vendor, o->model, real, &replaced) :
	    db_mds2_import(db, md, real, &replaced);
	if (r == IOMT_EINVAL) {
		fprintf(stderr, "iomtscan %s: %s: refused: the maker or model "
		    "name has no letters or digits to key it by\n", o->cmd,
		    buf_str(&pb));
		goto out;
	}
	if (r != 0) {
		fprintf(stderr, "iomtscan %s: %s: not stored: %s\n", o->cmd,
		    buf_str(&pb), r == IOMT_EDB || r == IOMT_EDAMAGED ?
		    db_errmsg(db) : iomt_strerror(r));
		rc = r == IOMT_EDAMAGED ? EXIT_USAGE : EXIT_PROBLEMS;
		goto out;
	}
	if (sb) {
		struct buf	 v = { NULL, 0, 0 }, m = { NULL, 0, 0 };
		const char	*vs = o->vendor ? o->vendor : sd->vendor;
		const char	*ms = o->model ? o->model : sd->model;

		text_term(&v, vs, strlen(vs), 80);
		text_term(&m, ms, strlen(ms), 80);
		printf("%s: %s for %s %s: %zu components %s\n", buf_str(&pb),
		    sd->format, buf_str(&v), buf_str(&m), sd->n_comp,
		    replaced ? "(replaces the stored SBOM)" : "imported");
		buf_free(&v);
		buf_free(&m);
	} else {
		struct buf	 v = { NULL, 0, 0 }, m = { NULL, 0, 0 };

		text_term(&v, md->vendor, strlen(md->vendor), 80);
		text_term(&m, md->model, strlen(md->model), 80);
		printf("%s: %s %s (%s, %s): %zu answers %s\n", buf_str(&pb),
		    buf_str(&v), buf_str(&m), md->revision, md->format,
		    md->n_item, replaced ? "(replaces the stored form)" :
		    "imported");
		buf_free(&v);
		buf_free(&m);
	}
	rc = fflush(stdout) != 0 ? EXIT_PROBLEMS : EXIT_OK;
 out:
	buf_free(&pb);
	mds2_doc_free(md);
	sbom_free(sd);
	db_close(db);
	return rc;
}

/* Open an existing inventory read-only for list and show. */
static int
dd_open_ro(const char *cmd, const char *path, struct db **db)
{
	struct stat	 st;

	*db = NULL;
	if (path[0] == '\0' || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "iomtscan %s: no inventory database at %s; "
		    "give the right one with --db FILE, or import first\n",
		    cmd, path);
		return EXIT_USAGE;
	}
	return cmd_open_db(cmd, path, DB_RDONLY, db) != 0 ? EXIT_USAGE :
	    EXIT_OK;
}

static int
dd_main(const char *cmd, void (*usage)(FILE *), int argc, char **argv)
{
	struct dd_opts	 o = { cmd, cmd_db_path(NULL), "text", NULL, NULL };
	struct db	*db = NULL;
	const char	*verb = NULL;
	char		**ops;
	int		 ch, rc = EXIT_USAGE, r, nops = 0;

	ops = xcalloc((size_t)argc + 1, sizeof(*ops));
	optind = 1;
	opterr = 0;
	/* Options anywhere ("mds2 import --db F FILE"): getopt permutes. */
	while ((ch = getopt_long(argc, argv, ":d:f:h", devdocs_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			o.dbpath = optarg;
			break;
		case 'f':
			o.format = optarg;
			break;
		case OPT_VENDOR:
			o.vendor = optarg;
			break;
		case OPT_MODEL:
			o.model = optarg;
			break;
		case 'h':
			usage(stdout);
			rc = EXIT_OK;
			goto out;
		default:
			rc = cmd_bad_option(cmd, ch, argv);
			goto out;
		}
	}
	while (optind < argc)
		ops[nops++] = argv[optind++];
	if (nops == 0) {
		rc = cmd_usage_error(cmd, "say import, list or show");
		goto out;
	}
	verb = ops[0];
	if (strcmp(o.format, "text") != 0 && strcmp(o.format, "json") != 0) {
		rc = cmd_usage_error(cmd, "--format takes text or json, not "
		    "'%s'", o.format);
		goto out;
	}
	if (strcmp(verb, "import") == 0) {
		rc = dd_import(&o, nops - 1, ops + 1);
		goto out;
	}
	if ((strcmp(verb, "list") == 0 && nops != 1) ||
	    (strcmp(verb, "show") == 0 && nops != 2)) {
		rc = cmd_usage_error(cmd, strcmp(verb, "list") == 0 ?
		    "list takes no argument" : "show needs one model "
		    "(see %s list)", cmd);
		goto out;
	}
	if (strcmp(verb, "list") != 0 && strcmp(verb, "show") != 0) {
		rc = cmd_usage_error(cmd, "unknown command '%s': say import, "
		    "list or show", verb);
		goto out;
	}
	if ((rc = dd_open_ro(cmd, o.dbpath, &db)) != EXIT_OK)
		goto out;
	if (strcmp(verb, "list") == 0)
		r = report_devdocs_list(db, cmd, o.format, stdout);
	else
		r = report_devdocs_show(db, cmd, ops[1], stdout);
	if (r == IOMT_ENOTFOUND) {
		struct buf	 b = { NULL, 0, 0 };

		text_term(&b, ops[1], strlen(ops[1]), 80);
		fprintf(stderr, "iomtscan %s: no %s for model '%s' (see "
		    "iomtscan %s list)\n", cmd, strcmp(cmd, "sbom") == 0 ?
		    "SBOM" : "MDS2 form", buf_str(&b), cmd);
		buf_free(&b);
		rc = EXIT_USAGE;
	} else if (r == IOMT_EDAMAGED)
		rc = cmd_db_damaged(cmd, o.dbpath, db_errmsg(db));
	else if (r != 0) {
		fprintf(stderr, "iomtscan %s: %s\n", cmd, r == IOMT_EDB ?
		    db_errmsg(db) : iomt_strerror(r));
		rc = EXIT_PROBLEMS;
	} else
		rc = EXIT_OK;
 out:
	db_close(db);
	free(ops);
	return rc;
}

int
cmd_mds2(int argc, char **argv)
{
	return dd_main("mds2", mds2_usage, argc, argv);
}

int
cmd_sbom(int argc, char **argv)
{
	return dd_main("sbom", sbom_usage, argc, argv);
}
