/*
 * src/cli/checklist.c - "iomtscan checklist": the MHLW cybersecurity
 * checklist items the inventory gives evidence for.
 *
 * Options, the language (--lang, else the locale as the other reports
 * take it) and the output format; the items themselves are built by the
 * report layer (report_checklist_build()) so the HTML report embeds the
 * same answer.  It only reads the inventory.  Exit status: 0 when it
 * could write the checklist, 1 when reading the inventory or writing the
 * output failed, 2 for bad options or a missing or damaged database.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/report.h"
#include "iomt/util.h"

static void
checklist_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan checklist [--db FILE] [--lang ja|en]\n"
"                          [--format text|json|html]\n"
"\n"
"Go through the items of the MHLW cybersecurity checklist for medical\n"
"institutions (医療機関におけるサイバーセキュリティ対策チェックリスト) that\n"
"the inventory gives evidence for: devices inventoried, the ledger\n"
"reconciled, medical devices on the diagram, remote maintenance known,\n"
"operating systems out of support, cleartext management, factory\n"
"passwords, security documents on file.  Each item has a status (met,\n"
"not met, partly, cannot tell from scan data), the evidence, the devices\n"
"that still fail it and what to do.  Reads the inventory only.\n"
"\n"
"  --db FILE          the inventory (default $IOMT_DB or iomtscan.db)\n"
"  --lang ja|en       language (default: ja when LC_ALL, LC_MESSAGES or\n"
"                     LANG starts with ja, else en)\n"
"  --format FORMAT    text (default), json (both languages; see\n"
"                     docs/JSON-SCHEMA.md) or html (one self-contained\n"
"                     page)\n"
"\n"
"Exit status: 0 written, 1 reading or writing failed, 2 bad options or\n"
"no readable inventory.\n");
}

static const struct option checklist_longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "lang", required_argument, NULL, 'l' },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int
cmd_checklist(int argc, char **argv)
{
	const char	*path = cmd_db_path(NULL), *format = "text";
	const char	*lang = NULL;
	struct checklist *cl = NULL;
	struct db	*db = NULL;
	struct stat	 sb;
	int		 ch, r, rc = EXIT_USAGE;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":hf:", checklist_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			if (optarg[0] == '\0') {
				rc = cmd_usage_error("checklist", "--db needs "
				    "a file name");
				goto out;
			}
			path = optarg;
			break;
		case 'l':
			lang = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'h':
			checklist_usage(stdout);
			rc = EXIT_OK;
			goto out;
		default:
			rc = cmd_bad_option("checklist", ch, argv);
			goto out;
		}
	}
	if (cmd_operand_left("checklist", argc, argv, &rc))
		goto out;
	if (lang != NULL && strcmp(lang, "ja") != 0 &&
	    strcmp(lang, "en") != 0) {
		rc = cmd_usage_error("checklist", "unknown language '%s' (use "
		    "ja or en)", lang);
		goto out;
	}
	if (lang == NULL)
		lang = report_lang_default();
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "html") != 0) {
		rc = cmd_usage_error("checklist", "unknown format '%s' (use "
		    "text, json or html)", format);
		goto out;
	}
	if (path[0] == '\0' || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, "iomtscan checklist: no inventory database at "
		    "%s; give the right one with --db FILE, or scan first\n",
		    path);
		goto out;
	}
	if (cmd_open_db("checklist", path, DB_RDONLY, &db) != 0)
		goto out;
	if ((r = report_checklist_build(db, &cl)) != 0) {
		if (r == IOMT_EDAMAGED || db_damaged(db)) {
			rc = cmd_db_damaged("checklist", path, db_errmsg(db));
			goto out;
		}
		fprintf(stderr, "iomtscan checklist: reading %s failed: %s\n",
		    path, r == IOMT_EDB ? db_errmsg(db) : iomt_strerror(r));
		rc = EXIT_PROBLEMS;
		goto out;
	}
	if (strcmp(format, "json") == 0)
		r = report_checklist_json(cl, lang, stdout);
	else if (strcmp(format, "html") == 0)
		r = report_checklist_html(cl, lang, stdout);
	else
		r = report_checklist_text(cl, lang, stdout);
	if (r != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "iomtscan checklist: cannot write the output: "
		    "%s\n", r != 0 ? iomt_strerror(r) : strerror(errno));
		rc = EXIT_PROBLEMS;
		goto out;
	}
	rc = EXIT_OK;
 out:
	report_checklist_free(cl);
	db_close(db);
	return rc;
}
