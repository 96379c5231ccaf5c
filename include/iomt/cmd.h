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

/*
 * Locate a data file shipped with iomtscan (e.g. "data/device-ouis.txt",
 * "tests/lab/lab.sh"): $IOMT_DATADIR, then the source tree the binary was
 * built from, then the install directory.  Write the path to dst and
 * return 0, or IOMT_ENOTFOUND.
 */
int	cmd_datafile(const char *rel, char *dst, size_t dsize);

#endif /* IOMT_CMD_H */
