/*
 * main.c - the iomtscan command line: dispatch to subcommands.
 *
 * git-style: "iomtscan SUBCOMMAND [options]".  This is the only file that
 * calls exit(); every subcommand returns its exit status (cli.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/cli.h"
#include "iomt/probe.h"

struct subcmd {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*help;
};

static const struct subcmd subcmds[] = {
	{ "scan", cmd_scan, "discover hosts and services, safely" },
	{ "onboard", cmd_onboard, "check one device just connected" },
	{ "hosts", cmd_hosts, "list the inventory as a table" },
	{ "show", cmd_show, "show everything known about one host" },
	{ "export", cmd_export, "write the inventory as JSON or CSV" },
	{ "audit", cmd_audit, "list every probe sent to a host" },
	{ "demo", cmd_demo, "scan the built-in demo hospital network" },
	{ "script", cmd_script, "list, check and test Lua probe scripts" },
	{ "profiles", cmd_profiles, "fragile-device profiles: list/show/test" },
	{ "plan", cmd_plan, "what a scan would send (sends nothing)" },
	{ "listen", cmd_listen, "passive inventory (sends nothing)" },
	{ "check", cmd_check, "what fragile devices got vs. their policy" },
	{ "diff", cmd_diff, "what changed between two scans" },
	{ "reconcile", cmd_reconcile, "compare the inventory with the ledger" },
	{ "annotate", cmd_annotate, "owner, location, ledger ID of a host" },
	{ "remote", cmd_remote, "devices offering remote access, ledger-known?" },
	{ "checklist", cmd_checklist, "MHLW checklist items the scans show" },
	{ "advisories", cmd_advisories, "import CSAF advisories, link to hosts" },
	{ "mds2", cmd_mds2, "import makers' MDS2 forms, check them on the wire" },
	{ "sbom", cmd_sbom, "import vendor SBOMs (CycloneDX, SPDX) per model" },
	{ NULL, NULL, NULL }
};

static void
usage(FILE *fp)
{
	size_t	 i;

	fprintf(fp, "usage: iomtscan [--version] [--help] COMMAND [ARGS]\n\n"
	    "Finds networked medical devices without disrupting them.\n\n"
	    "Commands:\n");
	for (i = 0; subcmds[i].name != NULL; i++)
		fprintf(fp, "  %-10s %s\n", subcmds[i].name, subcmds[i].help);
	fprintf(fp, "\nRun 'iomtscan COMMAND --help' for a command's options."
	    "\nExit status: 0 ok, 1 finished with problems, 2 usage error or"
	    " bad input.\n");
}

int
main(int argc, char **argv)
{
	size_t	 i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("iomtscan %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0 && argc > 2) {
		/* "help CMD" is "CMD --help". */
		char	 opt[] = "--help";
		char	*hargv[] = { argv[2], opt, NULL };

		for (i = 0; subcmds[i].name != NULL; i++)
			if (strcmp(argv[2], subcmds[i].name) == 0)
				return subcmds[i].fn(2, hargv);
		fprintf(stderr, "iomtscan: unknown command '%s'\n", argv[2]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--selftest") == 0) {
		int	 failed = probe_selftest_all();

		printf("selftest: %s\n", failed == 0 ? "ok" : "FAILED");
		return failed == 0 ? EXIT_OK : EXIT_PROBLEMS;
	}
	for (i = 0; subcmds[i].name != NULL; i++)
		if (strcmp(argv[1], subcmds[i].name) == 0)
			exit(subcmds[i].fn(argc - 1, argv + 1));
	fprintf(stderr, "iomtscan: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
