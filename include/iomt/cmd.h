/*
 * cmd.h - the subcommands of the iomtscan command line.
 *
 * main.c dispatches "iomtscan NAME ..." to cmd_NAME(argc, argv) with argv[0]
 * being NAME.  Each returns the process exit status: 0 ok, 1 finished with
 * problems (a scan with breaker trips, `check` found a policy exceeded), 2
 * usage error or bad input.  Each prints its own --help.
 */
#ifndef IOMT_CMD_H
#define IOMT_CMD_H

#include <stddef.h>

#define EXIT_OK		0
#define EXIT_PROBLEMS	1
#define EXIT_USAGE	2

int	cmd_scan(int argc, char **argv);
int	cmd_hosts(int argc, char **argv);
int	cmd_show(int argc, char **argv);
int	cmd_export(int argc, char **argv);
int	cmd_audit(int argc, char **argv);
int	cmd_demo(int argc, char **argv);
int	cmd_script(int argc, char **argv);	/* cmd-script.c */
/* --- safety policy commands (issue 4) --- */
int	cmd_profiles(int argc, char **argv);	/* cmd-profiles.c */
int	cmd_plan(int argc, char **argv);	/* cmd-plan.c */
int	cmd_listen(int argc, char **argv);	/* cmd-listen.c */
int	cmd_check(int argc, char **argv);	/* cmd-check.c */

struct policy;

/*
 * Load the policy a command works under: the shipped profiles (profiles,
 * or data/profiles.conf found with cmd_datafile()), the site's profiles
 * (local, or $IOMT_ETCDIR/profiles.local.conf, default /etc/iomtscan, if
 * that file exists) and the site policy file (policy_file, or
 * $IOMT_ETCDIR/policy.conf if it exists).  A path given explicitly must
 * exist.  On failure print one message naming file:line to stderr and
 * return IOMT_EINVAL, -errno or IOMT_ENOTFOUND; on success return 0 and
 * the policy in *out (free with policy_free()).  Blocks on file I/O.
 */
int	cmd_policy_load(const char *profiles, const char *local,
	    const char *policy_file, struct policy **out);
/* --- end safety policy commands --- */

/*
 * Locate a data file shipped with iomtscan (e.g. "data/device-ouis.txt",
 * "tests/lab/lab.sh"): $IOMT_DATADIR, then the source tree the binary was
 * built from, then the install directory.  Write the path to dst and
 * return 0, or IOMT_ENOTFOUND.
 */
int	cmd_datafile(const char *rel, char *dst, size_t dsize);

#endif /* IOMT_CMD_H */
