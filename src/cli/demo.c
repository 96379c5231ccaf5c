/*
 * src/cli/demo.c - "iomtscan demo": scan the built-in demo hospital network.
 *
 * The demo is the quickest way to see what iomtscan does without pointing
 * it at a real clinical network.  It builds the simulated hospital from
 * contrib/lab/lab.sh (network namespaces on 198.18.0.0/24: real DICOM, SNMP,
 * MQTT and HL7 servers plus fragile-device simulators that "crash" when
 * mistreated), runs a default scan from *inside* the lab's scanner
 * namespace (setns), so no packet can reach any other network, prints the
 * inventory and whether any simulator crashed, and always tears the lab
 * down, also after Ctrl-C.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/report.h"
#include "iomt/util.h"

#define DEMO_NAME	"iomtdemo"
#define DEMO_TARGET	"198.18.0.0/24"

static void
demo_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan demo [--db FILE] [--keep-db | --force] [-v]\n"
"\n"
"Build the demo hospital network in network namespaces (198.18.0.0/24),\n"
"scan it with default settings from inside its scanner namespace, print\n"
"the inventory, report any fragile-device simulator that crashed, and\n"
"tear the network down.  Needs root (network namespaces).\n"
"\n"
"  --db FILE    inventory to write (default ./iomtscan-demo.db); an\n"
"               existing FILE is refused unless --keep-db or --force\n"
"  --keep-db    add the demo scan to an existing FILE\n"
"  --force      replace an existing FILE\n"
"  -v           show the scanner's decisions\n");
}

/* Run argv (NULL-terminated) and wait.  Return its exit status or -1. */
static int
demo_run(char *const argv[], int quiet)
{
	pid_t	 pid;
	int	 status;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (quiet) {
			int fd = open("/dev/null", O_WRONLY);

			if (fd >= 0) {
				dup2(fd, STDOUT_FILENO);
				close(fd);
			}
		}
		signal(SIGINT, SIG_DFL);
		execv(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int
demo_find_lab(char *dst, size_t dsize)
{
	if (cmd_datafile("contrib/lab/lab.sh", dst, dsize) == 0)
		return 0;
	return cmd_datafile("lab/lab.sh", dst, dsize);
}

/* In a child: enter the scanner namespace and scan.  Never returns. */
static void
demo_scan_child(const char *dbpath, int verbose)
{
	static char	 a_scan[] = "scan", a_db[] = "--db", a_v[] = "-v";
	static char	 a_target[] = DEMO_TARGET;
	char		 nspath[256], dbcopy[1024];
	char		*argv[8];
	int		 fd, argc = 0;

	snprintf(nspath, sizeof(nspath), "/run/netns/%s-scan", DEMO_NAME);
	fd = open(nspath, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) {
		fprintf(stderr, "iomtscan demo: cannot enter %s: %s\n", nspath,
		    strerror(errno));
		_exit(EXIT_PROBLEMS);
	}
	close(fd);
	signal(SIGINT, SIG_DFL);
	strlcpy(dbcopy, dbpath, sizeof(dbcopy));
	argv[argc++] = a_scan;
	argv[argc++] = a_db;
	argv[argc++] = dbcopy;
	if (verbose)
		argv[argc++] = a_v;
	argv[argc++] = a_target;
	argv[argc] = NULL;
	_exit(cmd_scan(argc, argv));
}

int
cmd_demo(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "keep-db", no_argument, NULL, 'k' },
		{ "force", no_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*dbpath = "iomtscan-demo.db";
	char		 lab[1024], err[256], path[1100];
	static char	 a_up[] = "up", a_down[] = "down";
	static char	 a_crashed[] = "crashed", a_name[] = "--name";
	static char	 a_demo[] = DEMO_NAME, a_bash[] = "/bin/bash";
	char		*up[] = { a_bash, lab, a_up, a_name, a_demo, NULL };
	char		*down[] = { a_bash, lab, a_down, a_name, a_demo, NULL };
	char		*crashed[] = { a_bash, lab, a_crashed, a_name, a_demo,
			    NULL };
	struct db	*db = NULL;
	int		 ch, keep = 0, force = 0, verbose = 0, status;
	int		 r = EXIT_PROBLEMS;
	struct stat	 st;
	int		 lab_up = 0, scan_rc, crash_rc;
	pid_t		 pid;
	struct sigaction sa, old_int, old_term;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			dbpath = optarg;
			break;
		case 'k':
			keep = 1;
			break;
		case 'f':
			force = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			demo_usage(stdout);
			return EXIT_OK;
		default:
			fprintf(stderr, "iomtscan demo: bad option '%s'\n",
			    argv[optind - 1]);
			demo_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "iomtscan demo: takes no targets (it scans "
		    "its own network, %s)\n", DEMO_TARGET);
		return EXIT_USAGE;
	}
	if (keep && force) {
		fprintf(stderr, "iomtscan demo: --keep-db and --force "
		    "contradict each other\n");
		return EXIT_USAGE;
	}
	/*
	 * Never replace a file the demo was not told it may replace: it may
	 * be a hospital's inventory.
	 */
	if (!keep && !force && lstat(dbpath, &st) == 0) {
		fprintf(stderr, "iomtscan demo: %s already exists; it is left "
		    "as it is.\n  Use --db NEWFILE for a fresh demo inventory, "
		    "--keep-db to add the demo scan to it, or --force to "
		    "replace it.\n", dbpath);
		return EXIT_USAGE;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "iomtscan demo: needs root to build network "
		    "namespaces (try: sudo iomtscan demo)\n");
		return EXIT_USAGE;
	}
	if (demo_find_lab(lab, sizeof(lab)) != 0) {
		fprintf(stderr, "iomtscan demo: the demo network scripts "
		    "(contrib/lab/lab.sh) are not installed\n");
		return EXIT_USAGE;
	}
	if (force) {
		unlink(dbpath);
		snprintf(path, sizeof(path), "%s-wal", dbpath);
		unlink(path);
		snprintf(path, sizeof(path), "%s-shm", dbpath);
		unlink(path);
	}

	/* Ctrl-C stops the scan (the child), never the teardown. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	fprintf(stderr, "iomtscan demo: building the demo hospital network "
	    "(%s)...\n", DEMO_TARGET);
	lab_up = 1;
	if (demo_run(up, 0) != 0) {
		fprintf(stderr, "iomtscan demo: the demo network did not come "
		    "up; see the messages above\n");
		goto out;
	}
	fprintf(stderr, "iomtscan demo: scanning %s from inside the lab...\n",
	    DEMO_TARGET);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		goto out;
	if (pid == 0)
		demo_scan_child(dbpath, verbose);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			goto out;
	scan_rc = WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_PROBLEMS;

	if (db_open(dbpath, DB_RDONLY, &db, err, sizeof(err)) != 0) {
		fprintf(stderr, "iomtscan demo: cannot read %s: %s\n", dbpath,
		    err);
		goto out;
	}
	printf("\nInventory of the demo network (%s):\n\n", dbpath);
	report_hosts(db, NULL, stdout);
	fflush(stdout);
	crash_rc = demo_run(crashed, 0);
	if (crash_rc == 0)
		printf("\nFragile-device simulators: none crashed.\n");
	else
		printf("\nFragile-device simulators: SOME CRASHED (listed "
		    "above).\n");
	printf("Try: iomtscan show 198.18.0.12 --db %s; iomtscan export "
	    "--format json --db %s\n", dbpath, dbpath);
	r = (scan_rc == 0 && crash_rc == 0) ? EXIT_OK : EXIT_PROBLEMS;
 out:
	db_close(db);
	if (lab_up) {
		fprintf(stderr, "iomtscan demo: tearing the demo network "
		    "down\n");
		demo_run(down, 1);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return r;
}
